"""A model declared in text: symbol specs (``theta in (0,1)``, ``sigma>0``, ``mu``) and set specs
(``[a,b]``, ``(0,oo)``, ``{0,1}``, ``{0,1,2,...}``, ``{0,...,n}``), read without ``eval``.

:func:`declare` turns the specs into SymPy symbols and Sets, then hands the density's text to a parser
(plain SymPy syntax or LaTeX) that knows exactly those symbols; anything else in the density is an error.
"""
from __future__ import annotations

import itertools
import keyword
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import sympy as sp

from ..model import domains
from ..errors import ParseError
from .text import parse_expression

_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_]*\Z")
_COMPARISON = re.compile(r"\s*([A-Za-z][A-Za-z0-9_]*)\s*(>=|<=|>|<)\s*(.+)\Z")
_MEMBERSHIP = re.compile(r"\s*([A-Za-z][A-Za-z0-9_]*)\s+in\s+(.+)\Z")
_ELLIPSIS = ("...", "\\ldots", "\\dots", "…")
_REALS = ("R", "reals", "(-oo,oo)")


@dataclass(frozen=True)
class Declaration:
    """What a text declaration named: symbols by name, the parameter order, and the Sets."""

    symbols: dict[str, sp.Symbol]
    variables: tuple[sp.Symbol, ...]
    params: tuple[sp.Symbol, ...]
    support: Any
    domain: dict[sp.Symbol, sp.Set]
    bare: tuple[sp.Symbol, ...] = ()  # declared by name alone (real), so a narrower domain may be inferred


def symbol_spec(text: str, known: Mapping[str, sp.Symbol] | None = None) -> tuple[str, sp.Set]:
    """``"theta in (0,1)"``, ``"sigma>0"``, ``"n in {1,2,...}"`` or a bare ``"mu"`` (real) as (name, Set).

    ``known``: symbols the set's bounds may mention (``"b > a"``).
    """
    if not isinstance(text, str) or not text.strip():
        raise ParseError(f"expected a symbol declaration such as 'theta in (0,1)', got {text!r}")
    text = text.strip()
    membership, comparison = _MEMBERSHIP.match(text), _COMPARISON.match(text)
    if membership:
        name, the_set = membership.group(1), set_spec(membership.group(2), known or {})
    elif comparison:
        name, relation, bound_text = comparison.groups()
        bound = _bound(bound_text, known or {}, text)
        the_set = {">": sp.Interval.open(bound, sp.oo), ">=": sp.Interval(bound, sp.oo),
                   "<": sp.Interval.open(-sp.oo, bound), "<=": sp.Interval(-sp.oo, bound)}[relation]
    elif _NAME.match(text):
        name, the_set = text, sp.Reals
    else:
        raise ParseError(f"cannot read the declaration {text!r}: write 'name', 'name > 0' or 'name in SET' "
                         f"with SET like (0,1), [0,oo), {{0,1,2,...}}")
    _check_name(name)
    return name, the_set


def set_spec(text: str, symbols: Mapping[str, sp.Symbol]) -> sp.Set:
    """A Set from ``[a,b]``, ``(0,oo)``, ``(-oo,oo)``, ``{0,1}``, ``{0,1,2,...}``, ``{1,2,...}``,
    ``{0,...,n}`` or ``{(1,0),(0,1)}``; bounds are expressions over ``symbols``."""
    if not isinstance(text, str):
        raise ParseError(f"expected a set such as [0,oo) or {{0,1}}, got {text!r}")
    compact = text.strip().replace(" ", "").replace("∞", "oo").replace("\\infty", "oo")
    compact = compact.replace("\\{", "{").replace("\\}", "}")
    if compact in _REALS:
        return sp.Reals
    if len(compact) >= 2 and compact[0] in "([" and compact[-1] in ")]":
        pieces = split_top_level(compact[1:-1])
        if len(pieces) != 2:
            raise ParseError(f"an interval needs two bounds: {text!r}")
        low, high = (_bound(piece, symbols, text) for piece in pieces)
        return sp.Interval(low, high, left_open=compact[0] == "(", right_open=compact[-1] == ")")
    if len(compact) >= 2 and compact[0] == "{" and compact[-1] == "}":
        return _listed_set(split_top_level(compact[1:-1]), symbols, text)
    raise ParseError(f"cannot read the set {text!r}: write an interval like (0,oo) or [a,b], or a list like "
                     f"{{0,1}}, {{0,1,2,...}}, {{0,...,n}}")


def declare(parse: Callable[[str, Mapping[str, sp.Symbol]], sp.Expr], density: str, variables: Any,
            params: Any, support: Any, constants: Iterable[str] = (), domain: Mapping | None = None
            ) -> tuple[sp.Expr, Declaration]:
    """Read the specs, then ``parse(density, symbols)``; returns the density and the declaration."""
    variable_names = _names(variables, "variables")
    parameter_specs = _specs(params, "params")
    constant_specs = _specs(constants, "constants")
    symbols: dict[str, sp.Symbol] = {name: sp.Symbol(name) for name in variable_names}
    for name in variable_names:
        _check_name(name)
    domain_sets: dict[sp.Symbol, sp.Set] = {}
    declared_params, bare = [], []
    for spec, is_param in [(s, False) for s in constant_specs] + [(s, True) for s in parameter_specs]:
        name, the_set = symbol_spec(spec, symbols)
        if name in symbols:
            raise ParseError(f"{name} is declared twice")
        data = sorted(str(s) for s in the_set.free_symbols if s.name in variable_names)
        if data:
            raise ParseError(f"the domain of {name} in {spec!r} depends on the data {', '.join(data)}: a parameter's "
                             f"domain is a set of numbers")
        symbol = sp.Symbol(name, **domains.assumptions_of(the_set))
        symbols[name] = symbol
        domain_sets[symbol] = the_set
        if _NAME.match(spec.strip()):
            bare.append(symbol)
        if is_param:
            declared_params.append(symbol)
    for name, set_text in (domain or {}).items():
        if name not in symbols or symbols[name] in (symbols[v] for v in variable_names):
            raise ParseError(f"domain names {name!r}, which is not a declared parameter or constant")
        domain_sets[symbols[name]] = set_spec(set_text, symbols) if isinstance(set_text, str) else set_text
    support_set = _support(support, variable_names, symbols)
    expression = parse(density, symbols)
    declaration = Declaration(symbols, tuple(symbols[v] for v in variable_names), tuple(declared_params),
                              support_set, domain_sets, tuple(s for s in bare if str(s) not in (domain or {})))
    return expression, declaration


def _support(support: Any, variable_names: tuple[str, ...], symbols: Mapping[str, sp.Symbol]) -> Any:
    if isinstance(support, (sp.Set, type(None))):
        return sp.Reals if support is None else support
    if isinstance(support, str):
        return set_spec(support, symbols)
    if isinstance(support, Mapping):
        unknown = [name for name in support if str(name) not in variable_names]
        if unknown:
            raise ParseError(f"support names {unknown[0]!r}, which is not a declared variable")
        return {symbols[str(name)]: set_spec(text, symbols) if isinstance(text, str) else text
                for name, text in support.items()}
    raise ParseError(f"support must be text such as '[0,oo)' or '{{0,1}}', a SymPy Set, or a dict per variable; "
                     f"got {support!r}")


def _listed_set(items: list[str], symbols: Mapping[str, sp.Symbol], text: str) -> sp.Set:
    if any(item in _ELLIPSIS for item in items):
        return _range(items, symbols, text)
    if any(item.startswith("(") and item.endswith(")") for item in items):
        outcomes = []
        for item in items:
            inner = split_top_level(item[1:-1]) if item.startswith("(") and item.endswith(")") else []
            if not inner:
                raise ParseError(f"a list of outcomes needs every item as a tuple like (1,0): {text!r}")
            outcomes.append(sp.Tuple(*(_bound(piece, symbols, text) for piece in inner)))
        return sp.FiniteSet(*outcomes)
    return sp.FiniteSet(*(_bound(item, symbols, text) for item in items if item))


def _range(items: list[str], symbols: Mapping[str, sp.Symbol], text: str) -> sp.Set:
    """``{a,...}``-style integer ranges: ``{0,1,2,...}``, ``{1,2,...}``, ``{0,...,n}``, ``{1,2,...,n}``."""
    dots = [i for i, item in enumerate(items) if item in _ELLIPSIS]
    if len(dots) != 1 or dots[0] == 0:
        raise ParseError(f"cannot read the range {text!r}: write {{0,1,2,...}} or {{0,...,n}}")
    head = [_bound(item, symbols, text) for item in items[:dots[0]]]
    tail = [_bound(item, symbols, text) for item in items[dots[0] + 1:]]
    steps = {sp.simplify(b - a) for a, b in itertools.pairwise(head)}
    if steps - {1} or len(tail) > 1 or not head[0].is_integer and not head[0].is_Symbol:
        raise ParseError(f"only consecutive integers can be written with '...': {text!r}")
    if not tail:
        return sp.Range(head[0], sp.oo)
    return sp.Range(head[0], tail[0] + 1)


def _bound(text: str, symbols: Mapping[str, sp.Symbol], context: str) -> sp.Expr:
    text = text.strip()
    if text in ("oo", "+oo", "inf", "infinity"):
        return sp.oo
    if text in ("-oo", "-inf", "-infinity"):
        return -sp.oo
    try:
        return parse_expression(text, symbols)
    except ParseError as exc:
        raise ParseError(f"in {context!r}: {exc}") from None


def split_top_level(text: str) -> list[str]:
    """``text`` split at commas outside parentheses, brackets and braces."""
    pieces, depth, current = [], 0, []
    for char in text:
        depth += char in "([{"
        depth -= char in ")]}"
        if char == "," and depth == 0:
            pieces.append("".join(current))
            current = []
        else:
            current.append(char)
    pieces.append("".join(current))
    return [piece.strip() for piece in pieces]


def _names(value: Any, what: str) -> tuple[str, ...]:
    items = _specs(value, what)
    if not items:
        raise ParseError(f"{what}: name at least one")
    return tuple(item.strip() for item in items)


def _specs(value: Any, what: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return tuple(piece for piece in split_top_level(value) if piece)
    if isinstance(value, sp.Symbol):
        return (value.name,)
    try:
        items = tuple(value)
    except TypeError:
        raise ParseError(f"{what} must be text or a list of texts, not {value!r}") from None
    bad = [item for item in items if not isinstance(item, (str, sp.Symbol))]
    if bad:
        raise ParseError(f"{what} must be texts such as 'theta in (0,1)'; {bad[0]!r} is not")
    return tuple(item if isinstance(item, str) else item.name for item in items)


def _check_name(name: str) -> None:
    if not _NAME.match(name) or name.startswith("__") or keyword.iskeyword(name) and name != "lambda":
        raise ParseError(f"{name!r} cannot be a symbol name: use letters, digits and underscores, starting with a "
                         f"letter")
