"""Quadrature of a separable integrand on a rectangle: ∫∫ Σₖ fₖ(x)·hₖ(w) = Σₖ ∫fₖ dx · ∫hₖ dw.

On the unit square (after x₂ = (1 − x₁)w) the Dirichlet integrand is such a sum once the powers and logs
of its linear factors are split: x₁^{a−1}((1 − x₁)w)^{b−1} log((1 − x₁)(1 − w)) and so on. Two 1-D
tanh–sinh integrals per term cost a fraction of one 2-D integral and reach full precision. Splitting is
exact algebra, done only where every split factor is positive on the open rectangle, so the certificate
still computes the very integral it is given.
"""
from __future__ import annotations

from functools import lru_cache

import mpmath
import sympy as sp

from .mpmath_helpers import mpmath_function

_MAX_TERMS = 64
_POWER = 4  # the end maps t = end ± h·u⁴


def separated_quadrature(integrand: sp.Expr, x: sp.Symbol, x_range: tuple, w: sp.Symbol, w_range: tuple
                         ) -> tuple[mpmath.mpf, mpmath.mpf] | None:
    """``(value, error estimate)`` of the integral over the rectangle at the working precision, or None
    when the integrand (exact numbers apart from ``x`` and ``w``) is not a short sum of products f(x)·h(w)."""
    ranges = {x: x_range, w: w_range}
    pairs = _separated(integrand, ranges)
    if pairs is None:
        return None
    value, error = mpmath.mpf(0), mpmath.mpf(0)
    for f, h in pairs:
        (a, error_a), (b, error_b) = (_integral(f, x, *x_range, mpmath.mp.dps),
                                      _integral(h, w, *w_range, mpmath.mp.dps))
        value += a * b
        error += abs(a) * error_b + abs(b) * error_a + error_a * error_b
    return value, error + mpmath.eps * abs(value) * len(pairs)


@lru_cache(maxsize=4096)
def _integral(f: sp.Expr, t: sp.Symbol, low: sp.Expr, high: sp.Expr, digits: int) -> tuple[mpmath.mpf, mpmath.mpf]:
    """∫ f dt over [low, high] at ``digits``, with an error estimate that can be trusted (cached: the
    certificates of a model's moments share factors such as w^{a₂−1}(1 − w)^{a₃−1} at each point).

    Each half of the range is mapped from its end: t = low + (mid − low)u⁴ and t = high − (high − mid)u⁴,
    u ∈ [0, 1]. A factor vanishing at an end is then evaluated without cancellation (u⁴, not 1 − t), and
    an end singularity t^{a−1} becomes u^{4a−1}: tanh–sinh drops the nodes within about 10^{−digits} of
    an end, which costs (10^{−digits})^{a} for t^{a−1} — 1e-10 at 20 digits for a = 1/2 — and 10^{−4a·digits}
    after the map. Each half runs at the working precision and ten digits more; their gap is part of the
    error estimate, since tanh–sinh's own estimate does not see the dropped nodes.
    """
    middle = (low + high) / 2
    u = sp.Dummy("u")
    value, error = mpmath.mpf(0), mpmath.mpf(0)
    for end in (low, high):
        mapped = f.subs(t, end + (middle - end) * u ** _POWER) * _POWER * abs(middle - end) * u ** (_POWER - 1)
        finer = digits + 10
        # constants such as Γ(7/10) evaluated once, at the finer precision, not at every node
        constants = {c: sp.Float(sp.N(c, finer + 10), finer + 10) for c in mapped.atoms(sp.Function, sp.Rational)
                     if c.is_number and not c.is_Integer}
        function = mpmath_function(u, mapped.xreplace(constants))
        with mpmath.workdps(digits):
            rough, _ = mpmath.quad(function, [0, 1], error=True)
        with mpmath.workdps(finer):
            fine, fine_error = mpmath.quad(function, [0, 1], error=True)
        value, error = value + fine, error + fine_error + abs(fine - rough)
    return value, error


def _separated(integrand: sp.Expr, ranges: dict) -> list[tuple[sp.Expr, sp.Expr]] | None:
    """The integrand as [(f(x), h(w)), ...], or None."""
    if any(not isinstance(f, (sp.exp, sp.log)) and f.free_symbols & set(ranges)
           for f in integrand.atoms(sp.Function)):
        return None  # kinks, jumps, special functions of x: left to the 2-D quadrature
    try:
        split = integrand.replace(lambda e: _is_fractional_power(e, ranges), lambda e: _split_power(e, ranges))
        split = split.replace(lambda e: isinstance(e, sp.log) and e.args[0].free_symbols & set(ranges),
                              lambda e: _split_log(e, ranges))
    except _NotSeparable:
        return None
    x, w = ranges
    powers = {e: sp.Dummy("power") for e in split.atoms(sp.Pow) if not e.exp.is_Integer}
    # fractional powers kept whole: expand would write (1 − x)^{12/5} as (1 − x)²(1 − x)^{2/5} and multiply out
    terms = sp.Add.make_args(sp.expand(split.xreplace(powers), log=False, power_base=False))
    if len(terms) > _MAX_TERMS:
        return None
    back = {dummy: e for e, dummy in powers.items()}
    grouped: dict = {}  # h(w) -> Σ f(x): one pair of 1-D integrals per distinct h
    for term in terms:
        f, h = term.xreplace(back).as_independent(w, as_Add=False)
        if h.has(x):
            return None
        grouped[h] = grouped.get(h, sp.Integer(0)) + f
    return [(f, h) for h, f in grouped.items()]


class _NotSeparable(Exception):
    pass


def _is_fractional_power(e: sp.Expr, ranges: dict) -> bool:
    return e.is_Pow and not e.exp.is_Integer and bool(e.base.free_symbols & set(ranges))


def _split_power(e: sp.Pow, ranges: dict) -> sp.Expr:
    if e.exp.free_symbols & set(ranges):
        raise _NotSeparable
    coefficient, factors = _positive_factors(e.base, ranges)
    return coefficient ** e.exp * sp.Mul(*(f ** (m * e.exp) for f, m in factors))


def _split_log(e: sp.log, ranges: dict) -> sp.Expr:
    coefficient, factors = _positive_factors(e.args[0], ranges)
    return sp.log(coefficient) + sp.Add(*(m * sp.log(f) for f, m in factors))


def _positive_factors(base: sp.Expr, ranges: dict) -> tuple[sp.Expr, list[tuple[sp.Expr, int]]]:
    """base = c·Π fᵢ^{mᵢ} with c > 0 and every fᵢ linear in one variable and positive on its open range."""
    coefficient, factors = sp.factor_list(base)
    oriented = []
    for f, multiplicity in factors:
        variables = f.free_symbols & set(ranges)
        if not variables:
            coefficient *= f ** multiplicity
            continue
        if len(variables) > 1 or not f.is_polynomial(*variables) or sp.degree(f, *variables) != 1:
            raise _NotSeparable
        variable, = variables
        low, high = ranges[variable]
        root = -f.subs(variable, 0) / sp.diff(f, variable)
        if low < root < high:
            raise _NotSeparable
        if f.subs(variable, (low + high) / 2) < 0:
            f, coefficient = -f, coefficient * (-1) ** multiplicity
        oriented.append((f, multiplicity))
    if not coefficient.is_positive:
        raise _NotSeparable
    return coefficient, oriented
