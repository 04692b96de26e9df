"""Numeric kernels from the derived closed forms: NumPy/SciPy (or JAX) functions, and standalone modules.

One code generator serves ``Model.lambdify`` and ``export``: numerically stable rewrites first (log1p,
expm1 … from ``sympy.codegen.rewriting``), then common subexpressions eliminated across every entry of
the result, then SciPy's printer (``polygamma`` → ``scipy.special.polygamma``). The generated source is a
plain Python function with no loops: entries are broadcast together and stacked on the last axes, so
inputs broadcast like NumPy and outputs have shape ``(..., k)`` (score) or ``(..., k, k)`` (matrices).
"""
from __future__ import annotations

import functools
import keyword
import textwrap
import types
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import sympy as sp
from sympy.codegen.cfunctions import expm1, log1p
from sympy.printing.numpy import SciPyPrinter

from .. import budget, quantities
from ..errors import ArgumentError

if TYPE_CHECKING:
    from ..model.model import Model


class KernelPrinter(SciPyPrinter):
    """SciPy's printer, with ψ as ``scipy.special.digamma`` (faster than ``polygamma(0, ·)``: see bench/kernels.py)."""

    def _print_polygamma(self, expr: sp.Expr) -> str:
        order, argument = expr.args
        if order == 0:
            return f"scipy.special.digamma({self._print(argument)})"
        return f"scipy.special.polygamma({self._print(order)}, {self._print(argument)})"

    def _print_Pi(self, expr: sp.Expr) -> str:
        return "numpy.pi"  # not scipy.constants: exported modules import numpy and scipy.special only

    def _print_Pow(self, expr: sp.Pow, rational: bool = False) -> str:
        if expr.exp == -1:  # a division sweeps the data faster than numpy.power(·, -1.0)
            return f"1/{self.parenthesize(expr.base, sp.printing.precedence.PRECEDENCE['Pow'])}"
        return super()._print_Pow(expr, rational)

    def _print_Add(self, expr: sp.Add, order: str | None = None) -> str:
        """½a − ½b + ½c printed as (1/2)*(a − b + c): one array multiplication instead of three.

        SymPy distributes a number over a sum, so the printer is where the common factor comes back out.
        """
        coefficients = {abs(term.as_coeff_Mul()[0]) for term in expr.args}
        if len(coefficients) == 1 and (common := coefficients.pop()) != 1 and common.is_Rational:
            inner = sp.Add(*(term / common for term in expr.args), evaluate=False)
            return f"{self._print(common)}*({self._print_Add(inner, order)})"
        terms = self._as_ordered_terms(expr, order=order)
        if _is_negative_term(terms[0]) and not all(map(_is_negative_term, terms)):
            # a − b·c, not −b·c + a: a leading minus is one more sweep over the data (a negation)
            leading = [t for t in terms if not _is_negative_term(t)] + [t for t in terms if _is_negative_term(t)]
            return super()._print_Add(sp.Add(*leading, evaluate=False), order="none")
        return super()._print_Add(expr, order)


def _is_negative_term(term: sp.Expr) -> bool:
    return term.as_coeff_Mul()[0].is_negative


BACKENDS = ("numpy", "jax")


@dataclass(frozen=True)
class Kernel:
    """The generated source of one quantity (a function of that name) and what it computes."""

    quantity: str
    arguments: tuple[str, ...]
    source: str
    expression: sp.Expr | sp.Matrix


def expressions(model: Model, quantity: str) -> sp.Expr | sp.Matrix:
    """The closed form behind ``quantity`` (user's symbols), in the form its registry entry gives kernels."""
    spec = quantities.get(quantity, having="kernel").kernel
    return model.public(spec.expression(model.view))


def _is_log_of_one_plus(e: sp.Basic) -> bool:
    return isinstance(e, sp.log) and isinstance(e.args[0], sp.Add) and sp.S.One in e.args[0].args


def _is_exp_minus_one(e: sp.Basic) -> bool:
    return isinstance(e, sp.Add) and sp.S.NegativeOne in e.args and any(isinstance(t, sp.exp) for t in e.args)


def _expm1(e: sp.Add) -> sp.Expr:
    first = next(t for t in e.args if isinstance(t, sp.exp))
    return sp.Add(*(t for t in e.args if t is not first and t != -1), expm1(first.args[0]))


# Numerically stable rewrites, as data: (what to find, what to write instead). SymPy's own optimize()
# also re-simplifies the whole expression, which can expand (x − μ)² + νσ² into a cancelling polynomial.
STABLE_REWRITES = (
    ("log Γ(a) → gammaln(a)", lambda e: isinstance(e, sp.log) and isinstance(e.args[0], sp.gamma),
     lambda e: sp.loggamma(e.args[0].args[0])),
    ("log a! → gammaln(a + 1)", lambda e: isinstance(e, sp.log) and isinstance(e.args[0], sp.factorial),
     lambda e: sp.loggamma(e.args[0].args[0] + 1)),
    ("log(1 + a) → log1p(a)", _is_log_of_one_plus, lambda e: log1p(e.args[0] - 1)),
    ("exp(a) − 1 → expm1(a)", _is_exp_minus_one, _expm1),
)


def stabilised(expr: sp.Expr) -> sp.Expr:
    """``expr`` with every rewrite of STABLE_REWRITES applied, and nothing else changed."""
    for _, found, rewrite in STABLE_REWRITES:
        expr = expr.replace(found, rewrite)
    return expr


def arguments(model: Model, quantity: str) -> tuple[sp.Symbol, ...]:
    """The kernel's positional arguments: the variables (for a quantity of the data), the parameters, then
    the known constants."""
    data = tuple(model.variables) if quantities.get(quantity, having="kernel").kernel.data else ()
    return (*data, *model.params, *model.constants)


def identifier(symbol: sp.Symbol) -> str:
    """A Python name for ``symbol``, safe to write into generated code: ASCII letters, digits and ``_`` only
    (anything else becomes ``_``), never a keyword, never a name the generated code uses itself (``numpy``,
    ``scipy``, the helpers and temporaries, which all start with ``_``). ``lambda`` becomes ``lambda_``,
    ``mu_1`` stays."""
    name = "".join(c if c.isascii() and (c.isalnum() or c == "_") else "_" for c in symbol.name)
    if not name or name[0].isdigit() or name[0] == "_":
        name = "v" + name
    return name + "_" if keyword.iskeyword(name) or name in ("np", "scipy", "numpy") else name


def generate(model: Model, quantity: str, backend: str = "numpy") -> Kernel:
    """The source of a function named ``quantity`` computing it for ``model``.

    NumPy kernels write each entry straight into the output array as soon as it is computed (no list of
    finished entries held alive, no second copy); JAX arrays are immutable, so JAX kernels stack.

    Raises:
        ArgumentError: for an unknown quantity (from ``expressions``).
        BudgetExceeded: when bringing terms together or eliminating subexpressions outlasts the model's budget.
    """
    value = expressions(model, quantity)
    symbols = arguments(model, quantity)
    names = [identifier(s) for s in symbols]
    if len(set(names)) != len(names):
        raise ArgumentError(f"the symbols {[str(s) for s in symbols]} do not have distinct Python names")
    renamed = {s: sp.Symbol(n, **s.assumptions0) for s, n in zip(symbols, names)}
    entries = [sp.sympify(e).xreplace(renamed) for e in (value if isinstance(value, sp.MatrixBase) else [value])]
    forms = [(entries, [])]
    if quantities.get(quantity).kernel.data and len(model.variables) == 1:
        forms += standardised_forms(entries, renamed[model.variables[0]], [renamed[s] for s in symbols[1:]])
    shared, reduced = min((_eliminated(model, form) for form in forms), key=_operations)
    printer = KernelPrinter({"fully_qualified_modules": True, "allow_unknown_functions": False})
    inputs = f"({', '.join(names)},)"  # every input broadcasts, even one the result does not depend on
    body = [f"{', '.join(names)}, = _arrays({inputs})"]
    shape = (value.rows,) if quantities.get(quantity).shape == "vector" else getattr(value, "shape", ())
    if backend == "numpy" and shape:
        batch = ", ".join(f"numpy.shape({n})" for n in names)
        body.append(f"_out = numpy.empty(numpy.broadcast_shapes({batch}) + {shape})")
        body += _statements(shared, _entry_assignments(reduced, shape), printer) + ["return _out"]
    else:
        body += [f"{printer.doprint(t)} = {printer.doprint(e)}" for t, e in shared]
        printed = [printer.doprint(e) for e in reduced]
        body.append(f"return _stack([{', '.join(printed)}], {shape}, {inputs})" if shape else
                    f"return _scalar({printed[0]}, {inputs})")
    source = (f"def {quantity}({', '.join(names)}):\n" + textwrap.indent("\n".join(body), "    ") + "\n")
    return Kernel(quantity, tuple(names), source, value)


def _entry_assignments(reduced: list, shape: tuple) -> list[tuple[str, sp.Expr]]:
    """(``_out[..., i(, j)]`` targets, entry) pairs; equal entries (a symmetric matrix's) share one line."""
    targets: dict = {}
    for flat, entry in enumerate(reduced):
        index = (flat,) if len(shape) == 1 else divmod(flat, shape[1])
        targets.setdefault(entry, []).append("_out[..., " + ", ".join(map(str, index)) + "]")
    return [(" = ".join(places), entry) for entry, places in targets.items()]


def _statements(shared: list, assignments: list, printer: KernelPrinter) -> list[str]:
    """The kernel's lines: each temporary deleted right after its last use, so NumPy can reuse its memory
    for the next one (fewer fresh pages to fault in; the hand-written style, where temporaries die young)."""
    statements = [(printer.doprint(t), e) for t, e in shared] + assignments
    temporaries = {t for t, _ in shared}
    last_use = {t: i for i, (_, e) in enumerate(statements) for t in e.free_symbols & temporaries}
    lines = []
    for i, (target, expression) in enumerate(statements):
        lines.append(f"{target} = {printer.doprint(expression)}")
        finished = sorted((str(t) for t, j in last_use.items() if j == i))
        if finished and i < len(statements) - 1:  # after the last line, returning frees them anyway
            lines.append(f"del {', '.join(finished)}")
    return lines


Z = sp.Symbol("_z", real=True)


def standardised_forms(entries: list, x: sp.Symbol, symbols: list) -> list[tuple[list, list]]:
    """The entries in z = (x − μ)/σ, z = x − μ and z = x/σ for each location μ and scale σ they allow.

    A location–scale family's score depends on x and μ only through x − μ, and cancels most of σ once
    written in z: fewer array operations, and the textbook-stable form. A candidate is kept only when μ
    has left every entry (the substitution is exact algebra, x = μ + σz, so nothing else can go wrong).
    Returns (entries, [(z, its definition)]) pairs.
    """
    locations = [s for s in symbols if s.is_real]
    scales = [s for s in symbols if s.is_positive]
    candidates = [(mu, sigma) for mu in [None, *locations] for sigma in [None, *scales]
                  if (mu, sigma) != (None, None) and mu != sigma]
    forms = []
    for mu, sigma in candidates:
        shift, scale = mu if mu is not None else 0, sigma if sigma is not None else 1
        moved = [e.subs(x, shift + scale * Z) for e in entries]
        if mu is not None and any(e.has(mu) for e in moved):
            continue
        forms.append((moved, [(Z, (x - shift) / scale)]))
    return forms


def _eliminated(model, form: tuple[list, list]) -> tuple[list, list]:
    """Common subexpressions of ``form``'s entries, after the stable rewrites, with duplicates merged."""
    entries, definitions = form
    shared, reduced = budget.within(model.budget, sp.cse, [stabilised(e) for e in entries],
                                    symbols=sp.numbered_symbols("_t"), optimizations="basic")
    merged: dict = {}
    renamed: dict = {}
    for symbol, definition in shared:  # cse can leave two names for one value (after the rewrites)
        definition = definition.xreplace(renamed)
        if definition in merged:
            renamed[symbol] = merged[definition]
        else:
            merged[definition] = symbol
    shared = definitions + [(symbol, definition) for definition, symbol in merged.items()]
    return shared, [e.xreplace(renamed) for e in reduced]


def _operations(eliminated: tuple[list, list]) -> int:
    """Array operations the generated code performs (fewer is faster: each one sweeps the data)."""
    shared, reduced = eliminated
    return sum(sp.count_ops(e) for _, e in shared) + sum(sp.count_ops(e) for e in reduced) + len(shared)


# Input conversion shared by both backends' helpers (``numpy`` is numpy or jax.numpy in the namespace).
_ARRAYS = '''
def _arrays(inputs):
    """Lists and tuples as float arrays; numbers and arrays pass through untouched (no copy)."""
    return [numpy.asarray(a, dtype=float) if isinstance(a, (list, tuple)) else a for a in inputs]
'''


# Helpers every generated module carries (also written into exported modules, so they stay standalone).
HELPERS = _ARRAYS + '''
def _scalar(value, inputs):
    """A float for scalar inputs; otherwise an array broadcast with the inputs."""
    value = numpy.asarray(value, dtype=float)
    batch = numpy.broadcast_shapes(value.shape, *(numpy.shape(i) for i in inputs))
    return float(value) if not batch else numpy.broadcast_to(value, batch)
'''


def _namespace(backend: str) -> dict:
    if backend == "numpy":
        import scipy.special

        return {"numpy": np, "scipy": types.SimpleNamespace(special=scipy.special)}
    if backend == "jax":
        try:
            import jax.numpy as jnp
            import jax.scipy.special as jsp
        except ImportError:
            raise ArgumentError("the jax backend needs JAX: pip install jax") from None
        return {"numpy": jnp, "scipy": types.SimpleNamespace(special=jsp)}
    raise ArgumentError(f"unknown backend {backend!r}; one of {', '.join(BACKENDS)}")


def lambdify(model: Model, quantity: str, backend: str = "numpy") -> Callable:
    """A fast numeric function for ``quantity`` (one of ``quantities.KERNEL_QUANTITIES``):
    ``f(*variables, *params, *constants)`` for a quantity of the data (logpdf, score, hessian, observed),
    ``f(*params, *constants)`` otherwise (fisher, crlb). The generated source is ``f.source``."""
    kernel = generate(model, quantity, backend)
    namespace = _namespace(backend)
    helpers = HELPERS if backend == "numpy" else _JAX_HELPERS
    exec(compile(helpers + "\n" + kernel.source, f"<symfisher {quantity}>", "exec"), namespace)  # noqa: S102
    generated = namespace[kernel.quantity]

    @functools.wraps(generated)
    def function(*inputs: Any) -> Any:
        if len(inputs) != len(kernel.arguments):
            raise ArgumentError(f"the {quantity} kernel takes {len(kernel.arguments)} inputs "
                                f"({', '.join(kernel.arguments)}), not {len(inputs)}")
        try:
            return generated(*inputs)
        except (TypeError, ValueError) as exc:
            raise ArgumentError(f"the {quantity} kernel takes numbers or arrays that broadcast together "
                                f"({', '.join(kernel.arguments)}): {' '.join(str(exc).split())[:160]}") from exc

    function.source = kernel.source
    function.arguments = kernel.arguments
    return function


_JAX_HELPERS = _ARRAYS + '''
def _stack(entries, shape, inputs):
    """Entries broadcast with the inputs and laid out on the last axes: (..., k) or (..., k, k)."""
    batch = numpy.broadcast_shapes(*(numpy.shape(e) for e in entries), *(numpy.shape(i) for i in inputs))
    arrays = [numpy.broadcast_to(numpy.asarray(e, dtype=float), batch) for e in entries]
    return numpy.stack(arrays, axis=-1).reshape(batch + shape)


def _scalar(value, inputs):
    batch = numpy.broadcast_shapes(numpy.shape(value), *(numpy.shape(i) for i in inputs))
    return numpy.broadcast_to(numpy.asarray(value, dtype=float), batch)
'''
