"""The Fisher information I(θ): both forms, checked to agree (or one of them, on request)."""
from __future__ import annotations

from typing import TYPE_CHECKING

import sympy as sp

from ..errors import ArgumentError, FisherDisagreement
from ..simplification import is_zero
from .agreement import forms_agreement
from .base import ClaimSpec, KernelSpec, Quantity, Request
from .fisher_hessian import fisher_hessian
from .fisher_outer import fisher_outer
from .hessian import hessian
from .prefetch import prefetch_moments
from .regularity import irregularities, require_regular
from .score_mean import score_mean

if TYPE_CHECKING:
    from ..derivation import Derivation
    from ..model.view import ModelView

METHODS = ("both", "outer", "hessian")


def fisher(model: ModelView, method: str = "both") -> sp.Matrix:
    """The Fisher information by ``method``: "outer", "hessian" or "both" (both, checked to agree)."""
    if method not in METHODS:
        raise ArgumentError(f'method must be "both", "outer" or "hessian", not {method!r}')
    require_regular(model)
    prefetch_moments(model)
    if method == "outer":
        return fisher_outer(model).matrix
    if method == "hessian":
        return fisher_hessian(model).matrix
    outer, second = fisher_outer(model).matrix, fisher_hessian(model).matrix
    if not forms_agreement(model).numeric:
        diagnosis = diagnose(model)
        raise FisherDisagreement(
            f"E[s sᵀ] = {model.public(outer)} but −E[∇² log p] = {model.public(second)}: {diagnosis}",
            outer=model.public(outer), hessian=model.public(second), diagnosis=diagnosis)
    if outer == second:  # equal forms are not measured
        return outer
    return outer if sp.count_ops(outer) <= sp.count_ops(second) else second


def diagnose(model: ModelView) -> str:
    """Why the two Fisher forms might differ for this model."""
    problems = irregularities(model)
    if problems:
        return "; ".join(f"{p.boundary} depends on {model.public(p.parameter)}" for p in problems)
    means = [m.value for m in score_mean(model)]
    if any(not is_zero(m, model.budget) for m in means):
        return (f"E[s] = {model.public(sp.Matrix(means))} is not zero, so differentiating ∫ p = 1 under the "
                f"integral sign is not valid for this model")
    if hessian(model).has(sp.DiracDelta):
        return "the Hessian has distributional (DiracDelta) terms; check they were integrated"
    return "∫ ∇²_θ p dx is not zero: the second derivative cannot be taken under the integral sign"


def contribute(model: ModelView, record: Derivation, request: Request) -> None:
    record.results["fisher"] = model.public(fisher(model))


def inverse_or_none(matrix: sp.Matrix) -> sp.Matrix | None:
    try:
        return matrix.inv()
    except (ValueError, sp.matrices.exceptions.NonInvertibleMatrixError):
        return None


def _slips(model: ModelView, truth: sp.Matrix, n: sp.Expr):
    yield "the claim is the inverse of the Fisher information (the Cramér–Rao bound)", inverse_or_none(truth)


def _observed(model: ModelView, n: sp.Expr):
    yield ("the claim is the observed information −∇² log p at one observation; the Fisher information is its "
           "expectation"), n * -hessian(model)


QUANTITY = Quantity(
    "fisher", "Fisher information", compute=fisher, contribute=contribute, summary="Fisher information I(θ)",
    json=True,
    kernel=KernelSpec(fisher, data=False,
                      description="The Fisher information I(θ) of one observation, shape (..., k, k)."),
    claim=ClaimSpec(lambda model, n: n * fisher(model), sample_size=True, data=False,
                    chain=lambda truth, scale: scale.inv() * truth * scale.inv(), slips=_slips,
                    data_slips=_observed))
