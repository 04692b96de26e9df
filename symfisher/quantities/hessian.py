"""The Hessian ∇²_θ log p(x | θ), with distributional (DiracDelta) terms kept."""
from __future__ import annotations

from typing import TYPE_CHECKING

import sympy as sp

from .. import budget
from ..memo import per_model
from ..simplification import algebraic_terms_together, tidy
from .base import KernelSpec, Quantity
from .log_density import log_density
from .score import large, raw_score, reduced_gradient, score

if TYPE_CHECKING:
    from ..model.view import ModelView


@per_model
def hessian(model: ModelView) -> sp.Matrix:
    """∇²_θ log p, k×k, with distributional terms (DiracDelta) kept."""
    k = len(model.params)
    entries = sp.zeros(k, k)
    if large(log_density(model)) and _hessian_in_lowest_terms(model, entries):
        return entries
    first = raw_score(model)
    for i in range(k):
        for j in range(i, k):
            entries[i, j] = entries[j, i] = tidy(sp.diff(first[i], model.params[j]), model.budget)
    return entries


def _hessian_in_lowest_terms(model: ModelView, entries: sp.Matrix) -> bool:
    """Fill ``entries`` with the derivatives of the score's rational entries (False if they are not)."""
    first, params = score(model), model.params
    for i in range(len(params)):
        row = reduced_gradient(model, first[i], params[i:])
        if row is None:
            return False
        for j, value in enumerate(row, start=i):
            entries[i, j] = entries[j, i] = value
    return True


def kernel_hessian(model: ModelView) -> sp.Matrix:
    """Derivatives of the raw score, algebraic terms over one denominator; δ terms, zero almost
    everywhere, are dropped from a kernel evaluated at data."""
    raw = raw_score(model)
    second = sp.Matrix(len(raw), len(raw), lambda i, j: sp.diff(raw[i], model.params[j]))
    second = budget.within(model.budget, second.applyfunc, algebraic_terms_together)
    return second.replace(sp.DiracDelta, lambda *args: sp.Integer(0))


QUANTITY = Quantity(
    "hessian", "Hessian of the log-density", compute=hessian,
    kernel=KernelSpec(kernel_hessian, data=True, description="∇²θ log p(x | θ) at the data, shape (..., k, k)."))
