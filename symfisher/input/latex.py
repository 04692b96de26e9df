"""LaTeX densities to SymPy through latex2sympy2_extended, with the corrections this field needs.

The parser's tree is never trusted as it stands: it is rebuilt node by node from a whitelist, so
``\\log`` is the natural logarithm (latex2sympy reads base 10), ``\\mathrm{B}(a,b)`` is the Beta function,
``p(1-p)`` with a declared ``p`` is a product, subscripted names (``\\mu_1``) are the declared symbols
``mu_1``/``mu1``, and anything read ambiguously — ``\\gamma`` (Euler's constant or a symbol?), an
undefined function, an undeclared symbol, a relation, an integral — is a ParseError naming the piece.
"""
from __future__ import annotations

import re
from collections.abc import Mapping

import sympy as sp
from sympy.core.function import AppliedUndef

from ..errors import ParseError
from ..greek import GREEK_LETTERS
from . import caps
from .text import GREEK_NAMES

_GREEK = set(GREEK_LETTERS) | {
    "Upsilon", "varepsilon", "vartheta", "varphi", "varrho", "varsigma", "varpi", "varkappa", "ell"}
_COMMANDS = _GREEK | {
    "frac", "dfrac", "tfrac", "sqrt", "exp", "ln", "log", "binom", "dbinom", "tbinom", "choose", "sin", "cos", "tan",
    "sinh", "cosh", "tanh", "cdot", "times", "div", "left", "right", "big", "Big", "bigg", "Bigg", "bigl", "bigr",
    "Bigl", "Bigr", "mathrm", "operatorname", "rm", "text", "mathit", "mathbf", "boldsymbol", "bm", "mid", "quad",
    "qquad", "infty", "Beta", "psi", "vert", "lvert", "rvert"}
_SPECIAL_GREEK = "gamma"  # latex2sympy reads \gamma as Euler's constant; a declared gamma is a symbol
_PLACEHOLDER = "symfisherplaceholder"

# Textual corrections applied before parsing, as data: (pattern, replacement, why).
REWRITES: tuple[tuple[str, str, str], ...] = (
    (r"\\log(?![A-Za-z_])", r"\\ln", "\\log is the natural logarithm in statistics (latex2sympy: base 10)"),
    (r"\\[dt]?frac\s*([0-9A-Za-z])\s*([0-9A-Za-z])", r"\\frac{\1}{\2}", "\\frac12 shorthand"),
    (r"\\[dt]?binom\s*([0-9A-Za-z])\s*([0-9A-Za-z])", r"\\binom{\1}{\2}", "\\binom nk shorthand"),
    (r"\\[dt]binom", r"\\binom", "display and text binomials"),
    (r"\\operatorname\s*\{", r"\\mathrm{", "\\operatorname{B} as \\mathrm{B}"),
    (r"\{\s*\\rm\s+([A-Za-z]+)\s*\}", r"\\mathrm{\1}", "{\\rm B} as \\mathrm{B}"),
    (r"\\Beta(?![A-Za-z])", r"\\mathrm{B}", "\\Beta(a,b) is the Beta function"),
    (r"\\(?:vert|lvert|rvert)(?![A-Za-z])", "|", "\\vert bars as |"),
    (r"\\[Bb]igg?[lr]?(?![A-Za-z])", "", "sizing commands"),
)
# Functions latex2sympy leaves undefined, by the name it gives them.
FUNCTIONS: dict[str, sp.FunctionClass] = {
    "B": sp.beta, "\\text{B}": sp.beta, "\\text{Beta}": sp.beta, "\\psi": sp.digamma, "\\text{exp}": sp.exp,
    "\\text{\\Gamma}": sp.gamma,
}
_ALLOWED_FUNCTIONS = (sp.exp, sp.log, sp.gamma, sp.factorial, sp.binomial, sp.Abs, sp.sin, sp.cos, sp.tan, sp.sinh,
                      sp.cosh, sp.tanh, sp.beta, sp.digamma)
_LHS = re.compile(r"\s*(?:\\Pr|\\mathbb\{P\}|\\mathrm\{P\}|[A-Za-z])\s*(?:_\s*(?:\{[^{}]*\}|\\?[A-Za-z0-9]+))?\s*"
                  r"(?:\\left\s*)?\(.*\)\s*\Z", re.DOTALL)


def parse_latex(tex: str, symbols: Mapping[str, sp.Symbol]) -> sp.Expr:
    """``tex`` (a density, optionally with a left-hand side ``p(x \\mid \\theta) =``) as a SymPy expression
    over ``symbols`` (declared name → Symbol).

    Raises:
        ParseError: naming the piece that is not understood or is ambiguous.
    """
    if not isinstance(tex, str) or not tex.strip():
        raise ParseError(f"expected a LaTeX expression, got {tex!r}")
    body = _right_hand_side(caps.readable(tex).strip().strip("$").strip())
    _check_commands(body)
    body = _protect_declared_gamma(body, symbols)
    for pattern, replacement, _why in REWRITES:
        body = re.sub(pattern, replacement, body)
    tree = _latex2sympy(body, tex)
    by_key = _keys(symbols)
    try:
        return caps.numbers(_rebuild(tree, by_key, tex))
    except RecursionError:
        raise ParseError(f"LaTeX input nested too deeply: {tex[:80]!r}") from None


def _right_hand_side(tex: str) -> str:
    """Drop a left-hand side such as ``p(x \\mid \\theta) =`` or ``f(x;\\theta)=``."""
    equals = [i for i, depth in _depths(tex) if tex[i] == "=" and depth == 0]
    if not equals:
        return tex
    if len(equals) > 1:
        raise ParseError(f"more than one '=' in {tex!r}: give the density, optionally as 'p(x \\mid \\theta) = ...'")
    left, right = tex[:equals[0]], tex[equals[0] + 1:]
    if not _LHS.match(left):
        raise ParseError(f"cannot read the left-hand side {left.strip()!r}: write 'p(x \\mid \\theta) = ...' or give "
                         f"the density alone")
    return right.strip()


def _depths(text: str):
    depth = 0
    for i, char in enumerate(text):
        depth += char in "({["
        depth -= char in ")}]"
        yield i, depth


def _check_commands(body: str) -> None:
    for command in re.findall(r"\\([A-Za-z]+)", body):
        if command not in _COMMANDS:
            raise ParseError(f"unsupported LaTeX command \\{command} in {body!r}")


def _protect_declared_gamma(body: str, symbols: Mapping[str, sp.Symbol]) -> str:
    pattern = r"\\" + _SPECIAL_GREEK + r"(?![A-Za-z])"
    if not re.search(pattern, body):
        return body
    if not any(_key(name).startswith(_SPECIAL_GREEK) for name in symbols):
        raise ParseError(f"\\{_SPECIAL_GREEK} is ambiguous (Euler's constant 0.5772… or a symbol): declare "
                         f"{_SPECIAL_GREEK} as a parameter or constant, or write \\Gamma(·) for the Gamma function")
    return re.sub(pattern, lambda _: r"\\text{" + _PLACEHOLDER + "}", body)


def _latex2sympy(body: str, original: str) -> sp.Basic:
    from latex2sympy2_extended import latex2sympy
    from latex2sympy2_extended.latex2sympy2 import ConversionConfig
    from latex2sympy2_extended.math_normalization import NormalizationConfig

    conversion = ConversionConfig(interpret_as_mixed_fractions=False, interpret_simple_eq_as_assignment=False,
                                  interpret_contains_as_eq=False, lowercase_symbols=False)
    normalization = NormalizationConfig(basic_latex=True, units=False, malformed_operators=False, nits=False,
                                        boxed="none", equations=False)
    try:
        return latex2sympy(body, normalization_config=normalization, conversion_config=conversion)
    except RecursionError:
        raise ParseError(f"LaTeX input nested too deeply: {original[:80]!r}") from None
    except Exception as exc:  # noqa: BLE001 - the parser raises bare Exceptions with a caret diagram
        reason = " ".join(str(exc).split())
        raise ParseError(f"cannot read the LaTeX {original!r}: {reason}") from None


def _key(name: str) -> str:
    """A name with font commands, braces, backslashes and underscores removed: ``x_{\\text{m}}`` → ``xm``."""
    name = "".join(GREEK_NAMES.get(char, char) for char in name.replace(_PLACEHOLDER, _SPECIAL_GREEK))
    name = re.sub(r"\\(?:text|mathrm|mathit|mathbf|boldsymbol|bm)\b", "", name)
    return re.sub(r"[\\{}_\s]", "", name)


def _keys(symbols: Mapping[str, sp.Symbol]) -> dict[str, sp.Symbol]:
    by_key: dict[str, sp.Symbol] = {}
    for name, symbol in symbols.items():
        key = _key(name)
        if key in by_key and by_key[key] != symbol:
            raise ParseError(f"{by_key[key]} and {symbol} would read the same in LaTeX; rename one")
        if key in ("e", "pi"):
            raise ParseError(f"{name!r} cannot be a symbol in LaTeX input: it reads as the constant {key}")
        by_key[key] = symbol
    return by_key


def _rebuild(node: sp.Basic, by_key: Mapping[str, sp.Symbol], tex: str) -> sp.Expr:
    """The parser's tree rebuilt from whitelisted pieces, evaluated, in the declared symbols."""
    def again(child: sp.Basic) -> sp.Expr:
        return _rebuild(child, by_key, tex)

    if isinstance(node, sp.Symbol):
        return _symbol(node, by_key, tex)
    if isinstance(node, sp.Float):
        return caps.decimal(float(node))
    if isinstance(node, sp.Integer):
        return caps.integer(int(node))
    if isinstance(node, sp.Rational):
        return caps.combined(sp.Rational, caps.integer(node.p), caps.integer(node.q))
    if node in (sp.pi, sp.E):
        return node
    if isinstance(node, sp.Add):
        return caps.combined(sp.Add, *map(again, node.args))
    if isinstance(node, sp.Mul):
        return caps.combined(sp.Mul, *map(again, node.args))
    if isinstance(node, sp.Pow):
        return caps.power(again(node.base), again(node.exp))
    if isinstance(node, sp.log):
        argument = again(node.args[0])
        base = again(node.args[1]) if len(node.args) > 1 else sp.E
        return sp.log(argument) if base == sp.E else sp.log(argument) / sp.log(base)
    if isinstance(node, AppliedUndef):
        return _undefined_function(node, [again(a) for a in node.args], by_key, tex)
    if isinstance(node, _ALLOWED_FUNCTIONS):
        return caps.applied(node.func, [again(a) for a in node.args])
    if node == sp.EulerGamma:
        raise ParseError(f"\\gamma is ambiguous in {tex!r}: declare gamma as a parameter or constant")
    if isinstance(node, sp.Eq) or getattr(node, "is_Relational", False):
        raise ParseError(f"a relation ({node}) is not a density: give the support separately, e.g. support='[0,oo)'")
    raise ParseError(f"not allowed in a density: {node} ({type(node).__name__}) in {tex!r}")


def _symbol(node: sp.Symbol, by_key: Mapping[str, sp.Symbol], tex: str) -> sp.Expr:
    key = _key(node.name)
    if key in by_key:
        return by_key[key]
    if key == "e":
        return sp.E
    raise ParseError(f"the symbol {node.name} in {tex!r} is neither a variable, a parameter nor a declared constant: "
                     f"declare it (params=..., constants=...)")


def _undefined_function(node: AppliedUndef, args: list[sp.Expr], by_key: Mapping[str, sp.Symbol],
                        tex: str) -> sp.Expr:
    name = str(node.func)
    if name in FUNCTIONS:
        return caps.applied(FUNCTIONS[name], args)
    symbol = by_key.get(_key(name))
    if symbol is not None and len(args) == 1:  # p(1-p): a declared symbol times a bracket
        return symbol * args[0]
    shown = ", ".join(map(str, args))
    raise ParseError(f"undefined function {name}({shown}) in {tex!r}: write it out, or use \\Gamma, \\mathrm{{B}}, "
                     f"\\exp, \\ln")
