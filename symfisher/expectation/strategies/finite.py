"""Finite supports: the expectation is a finite sum, computed exactly outcome by outcome."""
from __future__ import annotations

from typing import TYPE_CHECKING

import sympy as sp

from ..results import Closed, Decline, Moment

if TYPE_CHECKING:
    from ...model.view import ModelView

RULE = "finite sum"
RECORDS = (RULE,)


def close(model: ModelView, g: sp.Expr, moment: Moment) -> Closed:
    """Σ g(x) p(x) over every outcome of a finite support."""
    outcomes = model.support.finite_outcomes()
    if outcomes is None:
        raise Decline("the support is not a finite list of outcomes")
    integrand = g * model.density
    total = sp.Add(*(integrand.subs(outcome) for outcome in outcomes))
    return Closed(total, RULE, f"sum over the {len(outcomes)} outcomes of the support")
