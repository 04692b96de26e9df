"""Whether the two forms of the Fisher information, E[s sᵀ] and −E[∇² log p], agree."""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import mpmath
import sympy as sp

from ..step import Step
from ..expectation.numeric.mpmath_helpers import to_mpmath
from ..memo import per_model
from ..render.display import Notation, StepView, matrix_display
from ..simplification import is_zero
from ..tolerance import RELATIVE_TOLERANCE
from .base import Quantity, Request
from .fisher_hessian import fisher_hessian
from .fisher_outer import fisher_outer

if TYPE_CHECKING:
    from ..model.view import ModelView
    from ..derivation import Derivation


@dataclass(frozen=True)
class Agreement:
    """Whether two matrices agree: symbolically (True/None) and numerically at sample points."""

    symbolic: bool | None
    numeric: bool
    detail: str


def agreement(model: ModelView, first: sp.Matrix, second: sp.Matrix) -> Agreement:
    """Symbolic difference simplifies to 0, and numeric agreement at every sample point."""
    # entries that are the same expression (each of Σ⁻¹ for a Gaussian mean) agree: compared once, as
    # equal trees that are not one object (one came from a worker process) compare node by node
    differing = [(a, b) for a, b in zip(first, second) if a != b]
    symbolic = all(is_zero(a - b, model.budget) for a, b in differing) or None
    worst = mpmath.mpf(0)
    for point in model.points:
        for a, b in differing:
            a, b = to_mpmath(a.xreplace(point)), to_mpmath(b.xreplace(point))
            gap = abs(a - b) / max(abs(a), abs(b), mpmath.mpf(1e-30))
            worst = max(worst, gap if abs(a - b) > mpmath.mpf("1e-25") else 0)
    numeric = worst <= RELATIVE_TOLERANCE
    detail = (f"symbolic difference {'simplifies to 0' if symbolic else 'not reduced to 0'}; largest relative "
              f"numeric gap {mpmath.nstr(worst, 3)} over {len(model.points)} parameter points")
    return Agreement(symbolic, numeric, detail)


@per_model
def forms_agreement(model: ModelView) -> Agreement:
    """Whether E[s sᵀ] and −E[∇² log p] agree (derive() and fisher() both ask)."""
    return agreement(model, fisher_outer(model).matrix, fisher_hessian(model).matrix)


@dataclass(frozen=True)
class AgreementStep(Step):
    agree: bool
    detail: str

    def view(self, derivation: Derivation, marks: Notation) -> StepView:
        fisher = (None if derivation.fisher is None else
                  matrix_display(rf"I({marks.theta})", derivation.fisher, marks.labels))
        return StepView("steps/agreement.tex.j2", {"agree": self.agree, "detail": self.detail, "fisher": fisher})


def contribute(model: ModelView, record: Derivation, request: Request) -> None:
    request.report("agreement of the two forms")
    verdict = forms_agreement(model)
    record.steps.append(AgreementStep(verdict.numeric, verdict.detail))
    record.add_check("E[s sᵀ] = −E[∇² log p]", verdict.numeric, verdict.detail)
    certified = fisher_outer(model).certified and fisher_hessian(model).certified
    record.add_check("closed forms certified", certified,
                     "every expectation checked against mpmath at two parameter points" if certified else
                     "some expectation could not be certified numerically (see the trace)")


QUANTITY = Quantity("agreement", "agreement of the two Fisher forms", contribute=contribute)
