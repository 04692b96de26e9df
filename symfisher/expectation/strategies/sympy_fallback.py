"""SymPy's own integrate and summation, the last resort, each under the model's time budget."""
from __future__ import annotations

from typing import TYPE_CHECKING

import sympy as sp

from ... import budget
from ...errors import BudgetExceeded
from ..results import Closed, Decline, Moment, acceptable
from ..piecewise import resolve_piecewise

if TYPE_CHECKING:
    from ...model.view import ModelView

RECORDS = ("SymPy integration", "SymPy summation")


def close(model: ModelView, g: sp.Expr, moment: Moment) -> Closed:
    """∫ g p with ``integrate`` (the default, then meijerg=False, half the budget each), or Σ g p with ``summation``."""
    if model.support.finite_outcomes() is not None:
        raise Decline("finite supports are summed by the finite rule")
    limits = model.support.limits()
    value = integrate_or_sum(model, g * model.density, limits)
    kind = "summation" if model.support.discrete else "integration"
    return Closed(value, f"SymPy {kind}", f"SymPy {kind} over {model.support.describe()}")


def integrate_or_sum(model: ModelView, integrand: sp.Expr, limits: list) -> sp.Expr:
    """The closed form of the integral (or sum) of ``integrand`` over ``limits``, or Decline."""
    share = model.budget / 2
    if model.support.discrete:
        attempts = [(model.budget, lambda: _summed(integrand, limits))]
    else:  # the default (Meijer G allowed) is often quick; meijerg=False rescues what it leaves unusable
        attempts = [(share, lambda: sp.integrate(integrand, *limits, conds="none")),
                    (share, lambda: sp.integrate(integrand, *limits, conds="none", meijerg=False))]
    reasons = []
    for seconds, attempt in attempts:
        try:
            value = budget.within(seconds, attempt)
        except BudgetExceeded as exc:
            reasons.append(str(exc))
            continue
        except (ValueError, TypeError, NotImplementedError, ZeroDivisionError, AttributeError,
                RecursionError, sp.PolynomialError) as exc:
            reasons.append(f"SymPy failed: {type(exc).__name__}: {exc}")
            continue
        value = resolve_piecewise(model, value)
        if value is not None and acceptable(value):
            return value
        reasons.append(f"SymPy returned an unusable form {str(value)[:120]}")
    raise Decline("; ".join(reasons))


_SUMMED_DIRECTLY = 10**4  # terms of a numeric range that SymPy may add one by one


def _summed(summand: sp.Expr, limits: list) -> sp.Expr:
    """``summation`` over ``limits``; a numeric upper end far above the lower one is a symbol while SymPy
    sums, put back after: given {0, …, 10⁹} SymPy adds the terms one by one (in memory)."""
    ends: dict = {}
    symbolic = []
    for variable, low, high in limits:
        if low.is_number and high.is_number and high.is_finite and high - low > _SUMMED_DIRECTLY:
            end = sp.Dummy("end", integer=True, positive=True)
            ends[end] = high
            high = end
        symbolic.append((variable, low, high))
    return sp.summation(summand, *symbolic).xreplace(ends)
