"""The Fisher information as minus the expected Hessian, −E[∇²_θ log p], with δ terms kept."""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import sympy as sp

from ..step import Step
from ..expectation.engine import expectation_of
from ..memo import per_model
from ..render.display import Notation, StepView, display, matrix_display
from .base import Quantity, Request
from .expectations import MatrixOfExpectations, symmetric
from .hessian import hessian

if TYPE_CHECKING:
    from ..model.view import ModelView
    from ..derivation import Derivation


@per_model
def fisher_hessian(model: ModelView) -> MatrixOfExpectations:
    """−E[∇²_θ log p], with distributional (DiracDelta) terms of the Hessian kept."""
    h = hessian(model)
    return symmetric(h.rows, lambda i, j: expectation_of(model, -h[i, j]))


@dataclass(frozen=True)
class FisherHessianStep(Step):
    hessian: sp.Matrix
    matrix: sp.Matrix
    entries: dict  # (i, j) -> Expectation of −∂²log p/∂θᵢ∂θⱼ
    distributional: bool  # the Hessian has DiracDelta terms, kept rather than dropped

    def view(self, derivation: Derivation, marks: Notation) -> StepView:
        model = derivation.model

        def second(i: int, j: int) -> str:
            if marks.scalar:
                return rf"\frac{{\partial^2 \log p}}{{\partial {marks.theta}^2}}"
            if i == j:
                return rf"\frac{{\partial^2 \log p}}{{\partial {marks.labels[i]}^2}}"
            return rf"\frac{{\partial^2 \log p}}{{\partial {marks.labels[i]}\,\partial {marks.labels[j]}}}"

        k = self.hessian.rows
        derivatives = tuple(display(second(i, j), self.hessian[i, j]) for i in range(k) for j in range(i, k))
        entries = tuple(display(rf"-{marks.expect}\left[{second(i, j)}\right]", model.public(e.value))
                        for (i, j), e in self.entries.items())
        return StepView("steps/fisher_hessian.tex.j2", {
            "derivatives": derivatives, "entries": entries, "distributional": self.distributional,
            "matrix": matrix_display(rf"I({marks.theta})", self.matrix, marks.labels)})


def contribute(model: ModelView, record: Derivation, request: Request) -> None:
    request.report("Fisher information as −E[∇² log p]")
    second = fisher_hessian(model)
    record.results["fisher_hessian"] = model.public(second.matrix)
    h = hessian(model)
    record.steps.append(FisherHessianStep(model.public(h), record.fisher_hessian, second.entries,
                                          h.has(sp.DiracDelta)))


QUANTITY = Quantity("fisher_hessian", "Fisher information as −E[∇² log p]",
                    compute=lambda model: fisher_hessian(model).matrix, contribute=contribute)
