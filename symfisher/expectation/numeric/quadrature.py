"""High-precision numeric expectations (mpmath) at a parameter point: the certificates.

Continuous supports use tanh-sinh quadrature split at the kinks of the integrand, discrete ones exact
finite sums or ``nsum``; Gaussian models in several dimensions use sparse grids of Gauss–Hermite rules.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

import mpmath
import sympy as sp

from ...errors import SymfisherError
from ..gaussian.structure import gaussian_structure
from ..roots import kink_functions, linear_root
from .hermite import gauss_hermite
from .mpmath_helpers import DIGITS, mpmath_function, to_mpmath
from .separable import separated_quadrature

if TYPE_CHECKING:
    from ...model.view import ModelView

DIGITS_2D = 15  # 2-D tanh-sinh costs seconds per integral at 30 digits; 15 still resolve 1e-11, and the
# error estimate decides: an integral not resolved to 1e-11 leaves the form uncertified, never certified
_INNER = sp.Dummy("w")  # the inner variable mapped onto [0, 1]; one symbol, so 1-D integrals in it are cached


def numeric_integral(model: ModelView, g: sp.Expr, point: dict, digits: int = DIGITS):
    """``(value, error estimate)`` of ∫ g p (or Σ g p) at the numeric ``point``, or None if not feasible."""
    xs = model.variables
    if len(xs) > 1 and not g.has(sp.DiracDelta) and gaussian_structure(model) is not None:
        with mpmath.workdps(digits):  # before any substitution: the density can be large
            return gauss_hermite(model, g, point, digits)
    exact = (g * model.density).xreplace(point)
    if exact.has(sp.DiracDelta):
        return _sifted(model, exact, point, digits)
    support = model.support.subs(point)
    with mpmath.workdps(digits):
        outcomes = support.finite_outcomes()
        if outcomes is not None:
            return mpmath.fsum(to_mpmath(exact.subs(o), digits) for o in outcomes), mpmath.mpf(0)
        if len(xs) > 2:
            return None
        limits = support.limits()[::-1]
        if len(xs) == 2:
            return None if support.discrete else _double_integral(exact, *limits)
        # constants such as Γ(7/10) become numbers once, instead of at every quadrature node
        integrand = exact.evalf(digits + 10)
        function = mpmath_function(xs, integrand)
        (x, low, high), = limits
        if support.discrete:
            value = _sum(function, to_mpmath(low), to_mpmath(high))
            with mpmath.workdps(digits + 10):  # the gap to a more precise run is the error estimate
                return value, abs(_sum(function, to_mpmath(low), to_mpmath(high)) - value)
        return mpmath.quad(function, _edges(integrand, x, low, high), error=True)


_SUMMED_TERM_BY_TERM = 10**5  # terms of a finite range nsum adds one by one


def _sum(function, low: mpmath.mpf, high: mpmath.mpf) -> mpmath.mpf:
    """Σ f over the integers in [low, high]: nsum, which adds a finite range term by term (all 10⁹ terms of
    {0, …, 10⁹}, in memory); a longer finite range as the difference of two extrapolated infinite tails."""
    if mpmath.isfinite(low) and mpmath.isfinite(high) and high - low > _SUMMED_TERM_BY_TERM:
        return mpmath.nsum(function, [low, mpmath.inf]) - mpmath.nsum(function, [high + 1, mpmath.inf])
    return mpmath.nsum(function, [low, high])


def _double_integral(exact: sp.Expr, outer: tuple, inner: tuple) -> tuple[mpmath.mpf, mpmath.mpf]:
    """∫∫ over ``outer`` = (x1, low, high) and ``inner`` = (x2, low(x1), high(x1)), at the working precision:
    as 1-D integrals where the integrand separates, else by 2-D tanh–sinh at no more than ``DIGITS_2D``."""
    (x1, low1, high1), (x2, low2, high2) = outer, inner
    if {x1} & (low2.free_symbols | high2.free_symbols):
        # x2 = low2 + (high2 − low2) w maps the inner range onto [0, 1]: constant limits, and the
        # simplex corner 1 − x1 − x2 = (1 − x1)(1 − w) never rounds to an exact zero.
        x2, width = _INNER, high2 - low2
        exact = exact.subs(inner[0], low2 + width * x2) * width
        low2, high2 = sp.Integer(0), sp.Integer(1)
    separated = separated_quadrature(exact, x1, (low1, high1), x2, (low2, high2))
    if separated is not None:
        return separated
    integrand = _factor_bases(exact.evalf(mpmath.mp.dps + 10))
    mpmath.mp.dps = min(mpmath.mp.dps, DIGITS_2D)
    return mpmath.quad(mpmath_function((x1, x2), integrand),
                       [to_mpmath(low1), to_mpmath(high1)], [to_mpmath(low2), to_mpmath(high2)], error=True)


def _sifted(model: ModelView, integrand: sp.Expr, point: dict, digits: int):
    """∫ r(x) δ(a x + b) dx by quadrature: r(c)/|a| = (r(high) − ∫_c^high r'(x) dx)/|a|, c = −b/a.

    The fundamental theorem of calculus turns the sifting value into a genuine integral, so a wrong
    root, slope or factor in the symbolic result shows up as a numeric disagreement.
    """
    xs = model.variables
    deltas = integrand.atoms(sp.DiracDelta)
    if len(xs) != 1 or model.support.discrete or len(deltas) != 1:
        return None
    x, delta = xs[0], deltas.pop()
    rest = sp.cancel(integrand / delta)
    found = linear_root(delta.args[0], x)
    if rest.has(sp.DiracDelta) or found is None:
        return None
    root, slope = found
    (_, _, high), = model.support.subs(point).limits()
    with mpmath.workdps(digits):
        derivative = mpmath_function(x, sp.diff(rest, x).evalf(digits + 10))
        at_high = mpmath.mpf(0) if high == sp.oo else to_mpmath(rest.subs(x, high), digits)
        value, error = mpmath.quad(derivative, [to_mpmath(root), to_mpmath(high)], error=True)
        return (at_high - value) / abs(to_mpmath(slope)), error / abs(to_mpmath(slope))


def _factor_bases(expr: sp.Expr) -> sp.Expr:
    """Factor the sums raised to powers or under a log, so that vanishing products are computed as
    products (1 − x₁ − x₂ near the simplex corner would otherwise round to 0, and its log to −∞)."""
    expr = expr.replace(lambda e: e.is_Pow and e.base.is_Add, lambda e: sp.factor(e.base) ** e.exp)
    return expr.replace(lambda e: isinstance(e, sp.log) and e.args[0].is_Add, lambda e: sp.log(sp.factor(e.args[0])))


def _edges(integrand: sp.Expr, x: sp.Symbol, low: sp.Expr, high: sp.Expr) -> list:
    cuts = set()
    for f in kink_functions(integrand, x):
        found = linear_root(f.args[0], x)
        if found is not None and found[0].is_number:
            cuts.add(found[0])
    inside = sorted(c for c in cuts if (low == -sp.oo or c > low) and (high == sp.oo or c < high))
    return [to_mpmath(e) for e in [low, *inside, high]]


def numeric_expectation(model: ModelView, g: sp.Expr, values: dict, digits: int = DIGITS) -> mpmath.mpf:
    """E[g] at ``values`` ({parameter or constant: number}, user's symbols) to ``digits`` digits."""
    point = {model.internal(k): sp.nsimplify(v) for k, v in values.items()}
    result = numeric_integral(model, model.internal(g), point, digits)
    if result is None:
        raise SymfisherError("no numeric method for this integrand (DiracDelta or more than two dimensions)")
    return result[0]
