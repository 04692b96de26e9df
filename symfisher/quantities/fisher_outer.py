"""The Fisher information as the covariance of the score, E[s sᵀ], entry by entry."""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import sympy as sp

from ..step import Step
from ..expectation.engine import expectation_of
from ..memo import per_model
from ..render.display import Notation, StepView, display, matrix_display, score_symbol
from .base import Quantity, Request
from .expectations import MatrixOfExpectations, symmetric
from .score import score

if TYPE_CHECKING:
    from ..model.view import ModelView
    from ..derivation import Derivation


@per_model
def fisher_outer(model: ModelView) -> MatrixOfExpectations:
    """E[s sᵀ], entry by entry on and above the diagonal."""
    s = score(model)
    return symmetric(len(s), lambda i, j: expectation_of(model, s[i] * s[j]))


@dataclass(frozen=True)
class FisherOuterStep(Step):
    matrix: sp.Matrix
    entries: dict  # (i, j) -> Expectation of sᵢ sⱼ

    def view(self, derivation: Derivation, marks: Notation) -> StepView:
        model = derivation.model

        def name(i: int, j: int) -> str:
            if marks.scalar:
                return rf"I({marks.theta}) = {marks.expect}\left[s^2\right]"
            return (rf"I_{{{marks.labels[i]}{marks.labels[j]}}} = {marks.expect}\left[{score_symbol(marks, i)}"
                    rf"\,{score_symbol(marks, j)}\right]")

        entries = tuple(display(name(i, j), model.public(e.value)) for (i, j), e in self.entries.items())
        return StepView("steps/fisher_outer.tex.j2", {
            "entries": entries, "matrix": matrix_display(rf"I({marks.theta})", self.matrix, marks.labels)})


def contribute(model: ModelView, record: Derivation, request: Request) -> None:
    request.report("Fisher information as E[s sᵀ]")
    outer = fisher_outer(model)
    record.results["fisher_outer"] = model.public(outer.matrix)
    record.steps.append(FisherOuterStep(record.fisher_outer, outer.entries))


QUANTITY = Quantity("fisher_outer", "Fisher information as E[s sᵀ]", compute=lambda model: fisher_outer(model).matrix,
                    contribute=contribute)
