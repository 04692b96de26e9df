"""A change of parameters θ = θ(φ): the Fisher information by the Jacobian, Jᵀ I(θ(φ)) J, checked against
the one derived directly in φ (for a model made by ``Model.reparametrize``)."""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import sympy as sp

from ..step import Step
from ..memo import per_model
from ..render.display import Notation, StepView, display, matrix_display, notation
from ..render.plain import rows
from ..render.printer import tex
from ..simplification import tidy
from .agreement import agreement
from .base import Quantity, Request
from .fisher import fisher

if TYPE_CHECKING:
    from ..model.view import ModelView
    from ..derivation import Derivation


@per_model
def fisher_by_jacobian(model: ModelView) -> sp.Matrix | None:
    """Jᵀ I(θ(φ)) J in the model's internal symbols, for a reparametrised model (else None)."""
    origin = model.origin
    if origin is None:
        return None
    old_info = origin.original.fisher().subs(origin.mapping)
    transformed = origin.jacobian.T * old_info * origin.jacobian
    return tidy(model.internal(transformed), model.budget)


@dataclass(frozen=True)
class ReparametrizationStep(Step):
    mapping: dict
    jacobian: sp.Matrix
    by_jacobian: sp.Matrix
    agree: bool

    def view(self, derivation: Derivation, marks: Notation) -> StepView:
        original = derivation.model.origin.original
        old = notation(original)
        return StepView("steps/reparametrization.tex.j2", {
            "mapping": tuple(display(tex(old_symbol), new) for old_symbol, new in self.mapping.items()),
            "old_theta": old.theta, "old_fisher": matrix_display(rf"I({old.theta})", original.fisher(), old.labels),
            "jacobian": display(rf"J = \frac{{\partial {old.theta}}}{{\partial {marks.theta}}}", self.jacobian),
            "by_jacobian": matrix_display(rf"J^{{\top}} I({old.theta}) J", self.by_jacobian, marks.labels),
            "agree": self.agree})

    def summary_lines(self) -> tuple[str, ...]:
        return (f"by the Jacobian Jᵀ I J: {'; '.join(rows(self.by_jacobian))} (agrees: {self.agree})",)


def contribute(model: ModelView, record: Derivation, request: Request) -> None:
    by_jacobian = fisher_by_jacobian(model)
    if by_jacobian is None:
        return
    verdict = agreement(model, fisher(model), by_jacobian)
    origin = model.origin
    record.steps.append(ReparametrizationStep(origin.mapping, origin.jacobian, model.public(by_jacobian),
                                              verdict.numeric))
    record.add_check("I(φ) = Jᵀ I(θ(φ)) J", verdict.numeric, verdict.detail)


QUANTITY = Quantity("reparametrization", "Fisher information by the Jacobian", compute=fisher_by_jacobian,
                    contribute=contribute)
