"""High-precision numeric expectations (mpmath) at a parameter point: the certificates.

Continuous supports use tanh-sinh quadrature split at the kinks of the integrand, discrete ones exact
finite sums or ``nsum``; Gaussian models in several dimensions use Gauss–Hermite quadrature.
"""
from __future__ import annotations

import mpmath
import sympy as sp

from .kinks import kink_functions, linear_root

DIGITS = 30
_MODULES = [{"Heaviside": lambda t, h0=0.5: mpmath.mpf(1) if t > 0 else (mpmath.mpf(h0) if t == 0 else 0),
             "sign": mpmath.sign}, "mpmath"]


def to_mpmath(expr: sp.Expr, digits: int = DIGITS) -> mpmath.mpf | mpmath.mpc:
    """A SymPy number as an mpmath number at ``digits`` significant digits."""
    if expr in (sp.oo, -sp.oo):
        return mpmath.inf if expr == sp.oo else -mpmath.inf
    value = sp.N(expr, digits + 5)
    if value.is_real:
        return mpmath.mpf(str(value))
    return mpmath.mpc(str(sp.re(value)), str(sp.im(value)))


def numeric_integral(model, g: sp.Expr, point: dict, digits: int = DIGITS):
    """``(value, error estimate)`` of ∫ g p (or Σ g p) at the numeric ``point``, or None if not feasible."""
    from .gaussian import gauss_hermite, gaussian_structure

    integrand = (g * model._density).xreplace(point)
    if integrand.has(sp.DiracDelta):
        return None
    support = model.support.subs(point)
    xs = model._variables
    with mpmath.workdps(digits):
        outcomes = support.finite_outcomes()
        if outcomes is not None:
            return mpmath.fsum(to_mpmath(integrand.subs(o), digits) for o in outcomes), mpmath.mpf(0)
        if len(xs) > 1 and gaussian_structure(model) is not None:
            return gauss_hermite(model, g, point, digits)
        if len(xs) > 2:
            return None
        function = sp.lambdify(xs, integrand, modules=_MODULES)
        limits = support.limits()[::-1]
        if support.discrete:
            if len(xs) != 1:
                return None
            (_, low, high), = limits
            value = mpmath.nsum(function, [to_mpmath(low), to_mpmath(high)])
            return value, abs(value) * mpmath.mpf(10) ** (-digits + 8)
        if len(xs) == 1:
            (x, low, high), = limits
            edges = _edges(integrand, x, low, high)
            return mpmath.quad(function, edges, error=True)
        (x1, low1, high1), (x2, low2, high2) = limits
        if not ({x1} & (low2.free_symbols | high2.free_symbols)):
            return mpmath.quad(function, [to_mpmath(low1), to_mpmath(high1)], [to_mpmath(low2), to_mpmath(high2)],
                               error=True)
        inner_low = sp.lambdify(x1, low2, modules="mpmath")
        inner_high = sp.lambdify(x1, high2, modules="mpmath")
        value = mpmath.quad(lambda u: mpmath.quad(lambda v: function(u, v), [inner_low(u), inner_high(u)]),
                            [to_mpmath(low1), to_mpmath(high1)])
        return value, abs(value) * mpmath.mpf(10) ** (-digits + 12)


def _edges(integrand: sp.Expr, x: sp.Symbol, low: sp.Expr, high: sp.Expr) -> list:
    cuts = set()
    for f in kink_functions(integrand, x):
        found = linear_root(f.args[0], x)
        if found is not None and found[0].is_number:
            cuts.add(found[0])
    inside = sorted(c for c in cuts if (low == -sp.oo or c > low) and (high == sp.oo or c < high))
    return [to_mpmath(e) for e in [low, *inside, high]]


def numeric_expectation(model, g: sp.Expr, values: dict, digits: int = DIGITS) -> mpmath.mpf:
    """E[g] at ``values`` ({parameter or constant: number}, user's symbols) to ``digits`` digits."""
    point = {model.internal(k): sp.nsimplify(v) for k, v in values.items()}
    result = numeric_integral(model, model.internal(g), point, digits)
    if result is None:
        from ..errors import SymfisherError

        raise SymfisherError("no numeric method for this integrand (DiracDelta or more than two dimensions)")
    return result[0]
