"""Finite supports: the expectation is a finite sum, computed exactly outcome by outcome."""
from __future__ import annotations

import sympy as sp

from .base import Closed, Decline


def close(model, g: sp.Expr) -> Closed:
    """Σ g(x) p(x) over every outcome of a finite support."""
    outcomes = model.support.finite_outcomes()
    if outcomes is None:
        raise Decline("the support is not a finite list of outcomes")
    integrand = g * model._density
    total = sp.Add(*(integrand.subs(outcome) for outcome in outcomes))
    return Closed(total, "finite sum", f"sum over the {len(outcomes)} outcomes of the support")
