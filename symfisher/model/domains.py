"""Parameter domains: the Set each parameter or constant ranges over, its SymPy assumptions,
and the deterministic sample values used by every numeric check.

Sample values are exact rationals chosen away from 0, 1 and each other, so that a numeric check
at them does not pass by coincidence (μ = σ, p = 1/2 ...).
"""
from __future__ import annotations

import sympy as sp

_POSITIVE = [sp.Rational(7, 10), sp.Rational(8, 5), sp.Rational(13, 10), sp.Rational(12, 5), sp.Rational(9, 10)]
_REAL = [sp.Rational(3, 10), sp.Rational(-9, 20), sp.Rational(11, 10), sp.Rational(-6, 5), sp.Rational(1, 5)]
_FRACTIONS = [sp.Rational(3, 10), sp.Rational(13, 20), sp.Rational(9, 20), sp.Rational(4, 5), sp.Rational(1, 5)]
_POSITIVE_INTEGERS = [3, 5, 4, 7, 6]


def domain_from_assumptions(symbol: sp.Symbol) -> sp.Set:
    """The widest Set that ``symbol``'s assumptions allow."""
    if symbol.is_integer:
        if symbol.is_positive:
            return sp.Naturals
        if symbol.is_nonnegative:
            return sp.Naturals0
        return sp.Integers
    if symbol.is_positive:
        return sp.Interval.open(0, sp.oo)
    if symbol.is_nonnegative:
        return sp.Interval(0, sp.oo)
    if symbol.is_negative:
        return sp.Interval.open(-sp.oo, 0)
    return sp.Reals


def assumptions_of(domain: sp.Set) -> dict[str, bool]:
    """SymPy assumptions implied by ``domain`` (only the ones SymPy can use when simplifying)."""
    if domain.is_subset(sp.Naturals):
        return {"integer": True, "positive": True}
    if domain.is_subset(sp.Naturals0):
        return {"integer": True, "nonnegative": True}
    if domain.is_subset(sp.Integers):
        return {"integer": True}
    if domain.is_subset(sp.Interval.open(0, sp.oo)):
        return {"positive": True}
    if domain.is_subset(sp.Interval(0, sp.oo)):
        return {"nonnegative": True}
    if domain.is_subset(sp.Interval.open(-sp.oo, 0)):
        return {"negative": True}
    return {"real": True}


def sample_values(domain: sp.Set, count: int) -> list[sp.Expr]:
    """``count`` distinct exact values inside ``domain``, the same every time."""
    values = _candidates(domain)
    if len(values) < count:
        values = (values * count)[:count] if values else []
    return values[:count]


def _candidates(domain: sp.Set) -> list[sp.Expr]:
    if isinstance(domain, sp.Union):
        return _candidates(domain.args[0])
    if isinstance(domain, sp.FiniteSet):
        return [v for v in domain if v.is_number][:5]
    if domain.is_subset(sp.Integers):
        low = domain.inf if domain.inf.is_finite else 0
        return [v for v in (low + k - 1 for k in _POSITIVE_INTEGERS) if v in domain]
    if isinstance(domain, sp.Interval):
        return spread(domain.inf, domain.sup, _FRACTIONS, _POSITIVE, _REAL)
    return list(_REAL)


def spread(low: sp.Expr, high: sp.Expr, fractions: list, offsets: list, reals: list) -> list[sp.Expr]:
    """Values inside (low, high): at ``fractions`` of a finite interval, ``offsets`` from a finite end
    of a half-line, ``reals`` on the whole line."""
    if low.is_finite and high.is_finite:
        return [low + f * (high - low) for f in fractions]
    if low.is_finite:
        return [low + v for v in offsets]
    if high.is_finite:
        return [high - v for v in offsets]
    return list(reals)
