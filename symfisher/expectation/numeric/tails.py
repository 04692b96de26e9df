"""Does E[g] exist at all? A guard against closing an integral that diverges in its tails.

A closed form and a symmetric quadrature can both agree on a value for an integral that does not
converge: under a Cauchy law, E[x] "is" x₀ by cancellation of two infinite halves. Before any
strategy runs, ``diverges`` looks at t·|g(t) p(t)| far out on each infinite end of a one-dimensional
support, at a valid parameter point: when it stays at a constant level between t = 10¹⁶ and 10³² (a
tail like c/t, or heavier), ∫ |g| p = ∞ and E[g] does not exist. A tail that decays, however slowly it
is judged, is let through: the check can miss a divergence (t·f ~ 1/log t), never invent one for a
tail lighter than t^(−1.003).
"""
from __future__ import annotations

from typing import TYPE_CHECKING

import mpmath
import sympy as sp

from ...errors import SupportError
from .mpmath_helpers import mpmath_function

if TYPE_CHECKING:
    from ...model.view import ModelView

_NEAR, _FAR = mpmath.mpf(10) ** 16, mpmath.mpf(10) ** 32
_LEVEL = mpmath.mpf("1e-6")  # below this, t·|f(t)| is already negligible: not a heavy tail
_STEADY = mpmath.mpf("0.9")  # t·|f(t)| that keeps 90 % of its size over 16 decades is not decaying


def diverges(model: ModelView, g: sp.Expr) -> str | None:
    """Why E[g] does not exist (which tail, at which point), or None when no divergence is seen."""
    found = heavy_tail(model, g)
    if found is None:
        return None
    where, level, end = found
    return (f"E[{model.public(g)}] does not exist: at {where}, x·|g(x) p(x)| stays near {mpmath.nstr(level, 3)} "
            f"as x → {end}, so ∫ |g| p diverges")


def heavy_tail(model: ModelView, g: sp.Expr) -> tuple[str, mpmath.mpf, str] | None:
    """(the parameter point as text, the level t·|g p| keeps, "∞" or "−∞") for a tail where ∫ |g| p
    diverges, or None when none is seen."""
    if len(model.variables) != 1:
        return None
    (x,) = model.variables
    point = model.points[0]
    support = model.support.subs(point)
    if support.finite_outcomes() is not None:
        return None
    try:
        (_, low, high), = support.limits()
    except SupportError:
        return None
    # δ(x − c) is zero far out in a tail
    integrand = (g * model.density).xreplace(point).replace(sp.DiracDelta, lambda *args: 0).evalf(40)
    function = mpmath_function(x, integrand)  # with an exp that cannot overflow memory
    for end, sign in ((high, 1), (low, -1)):
        if end not in (sp.oo, -sp.oo):
            continue
        try:
            with mpmath.workdps(30):
                near, far = (abs(_real(function(sign * t))) * t for t in (_NEAR, _FAR))
        except (TypeError, ValueError, NameError, ZeroDivisionError, OverflowError, MemoryError):  # no verdict
            continue
        if far > _LEVEL and far >= _STEADY * near:
            return model.describe(point), far, "∞" if sign > 0 else "−∞"
    return None


def _real(value) -> mpmath.mpf:
    if isinstance(value, mpmath.mpc):
        if value.imag != 0:
            raise ValueError("not real")
        return value.real
    return mpmath.mpf(value)
