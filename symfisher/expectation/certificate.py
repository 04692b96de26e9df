"""The numeric certificate of a closed form: agreement with high-precision quadrature or summation at
sample parameter points, to a relative 1e-10 (``symfisher.tolerance``)."""
from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import mpmath
import sympy as sp

from .. import budget
from ..errors import BudgetExceeded
from ..tolerance import RELATIVE_TOLERANCE
from .numeric.mpmath_helpers import DIGITS, to_mpmath
from .numeric.quadrature import numeric_integral

if TYPE_CHECKING:
    from ..model.view import ModelView

CERTIFYING_POINTS = 2
SIZE_DIGITS = 15  # the size of an integrand needs no more
CERTIFYING_DIGITS = 20  # quadrature: ten digits beyond the tolerance; sums keep DIGITS, where an exact 0 is
# compared with what is left of cancelling terms


def certify(model: ModelView, g: sp.Expr, value: sp.Expr) -> tuple[str, str]:
    """Compare ``value`` with a high-precision numeric ∫ g p at sample points.

    Returns ``("certified" | "rejected" | "inconclusive", explanation)``. Certified needs agreement to
    a relative 1e-10 at ``CERTIFYING_POINTS`` points; any clear disagreement rejects the value.
    Quadrature runs at ``CERTIFYING_DIGITS`` first and at ``DIGITS`` where that was not conclusive
    (an integral whose value is 0 needs an error estimate near the 30-digit floor).
    """
    agreed = []
    first = DIGITS if model.support.discrete else CERTIFYING_DIGITS
    for point in model.points:
        for digits in dict.fromkeys((first, DIGITS)):
            try:
                result = budget.within(model.budget, numeric_integral, model, g, point, digits)
            except (BudgetExceeded, ZeroDivisionError, OverflowError, ValueError, TypeError):
                break  # no numeric value at this point: try the next one
            if result is None:
                return "inconclusive", "no numeric method applies (more than two dimensions, or several δ factors)"
            verdict = judged(model, point, value, *result, size=lambda: _size(model, g, point))
            if verdict == "agrees":
                agreed.append(point)
                break
            if verdict is not None:
                return "rejected", verdict
        if len(agreed) == CERTIFYING_POINTS:
            where = "; ".join(_show(model, p) for p in agreed)
            return "certified", f"agrees with mpmath to 1e-10 (relative) at {where}"
    return "inconclusive", f"numeric check conclusive at only {len(agreed)} point(s)"


def judged(model: ModelView, point: dict, value: sp.Expr, numeric: mpmath.mpf, error: mpmath.mpf,
           size: Callable[[], mpmath.mpf] | None = None) -> str | None:
    """"agrees", the reason the closed form is wrong at ``point``, or None when this was not conclusive.

    Agreement is relative to the larger of the two values; where they are tiny against what the integral
    cancels (E[s] = 0: positive and negative parts of equal weight), relative to ``size()``, the integral
    of |g| p, so that an exact 0 is not rejected for the quadrature's last digits.
    """
    if not (mpmath.isfinite(numeric) and mpmath.isfinite(error)):
        return None  # an overflowing quadrature proves nothing, and ∞ − ∞ would compare as agreement
    at_point = value.xreplace(_numeric_where_exact_is_huge(value, point))
    closed = None if at_point.has(sp.nan, sp.zoo, sp.oo, -sp.oo) else to_mpmath(at_point)
    if closed is None or not mpmath.isfinite(closed):
        return f"at {_show(model, point)} the closed form is {at_point}, the integral {mpmath.nstr(numeric, 15)}"
    if isinstance(closed, mpmath.mpc) and abs(closed.imag) > mpmath.mpf("1e-20") * max(abs(closed.real), 1):
        return f"at {_show(model, point)} the closed form is not real: {mpmath.nstr(closed, 10)}"
    scale = max(abs(numeric), abs(closed))
    gap = abs(closed - numeric)
    if gap > RELATIVE_TOLERANCE * scale + 10 * error + mpmath.mpf("1e-25") and size is not None:
        scale = max(scale, size())
    if gap > RELATIVE_TOLERANCE * scale + 10 * error + mpmath.mpf("1e-25"):
        if error < RELATIVE_TOLERANCE * scale:
            return f"at {_show(model, point)}: closed form {mpmath.nstr(closed, 15)}, numeric {mpmath.nstr(numeric, 15)}"
        return None
    if error > mpmath.mpf("1e-11") * max(scale, mpmath.mpf("1e-12")):
        return None
    return "agrees"


def _size(model: ModelView, g: sp.Expr, point: dict) -> mpmath.mpf:
    """∫ |g| p at ``point`` to a few digits (0 when it cannot be had): the scale of what ∫ g p cancels."""
    try:
        result = budget.within(model.budget, numeric_integral, model, sp.Abs(g), point, SIZE_DIGITS)
    except (BudgetExceeded, ZeroDivisionError, OverflowError, ValueError, TypeError):
        return mpmath.mpf(0)
    return mpmath.mpf(0) if result is None or not mpmath.isfinite(result[0]) else abs(result[0])


def _show(model: ModelView, point: dict) -> str:
    return ", ".join(f"{model.public(k)} = {v}" for k, v in point.items())


_EXACT_POWERS_UP_TO = 10**4


def _numeric_where_exact_is_huge(value: sp.Expr, point: dict) -> dict:
    """``point``, its values as 40-digit Floats when ``value`` raises something to an integer power beyond
    ``_EXACT_POWERS_UP_TO`` ((7/10)^(10⁹+1) from a sum over {0, …, 10⁹}): the exact rational would take
    GMP minutes and gigabytes, in C code no budget interrupts."""
    if any(p.exp.is_Integer and abs(p.exp) > _EXACT_POWERS_UP_TO for p in value.atoms(sp.Pow)):
        return {k: sp.Float(v, 40) for k, v in point.items()}
    return point
