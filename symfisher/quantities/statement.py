"""The model as stated: density, support, parameters and domains, and that it integrates to one."""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import sympy as sp

from ..step import Step
from ..expectation.engine import total_mass
from ..render.display import Notation, StepView, display, support_tex
from ..render.printer import Tex, tex
from .base import Quantity, Request

if TYPE_CHECKING:
    from ..model.view import ModelView
    from ..derivation import Derivation


@dataclass(frozen=True)
class ModelStep(Step):
    density: sp.Expr
    variables: tuple
    params: tuple
    constants: tuple
    support: str
    domain: dict

    def view(self, derivation: Derivation, marks: Notation) -> StepView:
        model = derivation.model
        domain = model.domain
        return StepView("steps/model.tex.j2", {
            "density": display(marks.p, self.density),
            "variables": Tex(", ".join(tex(v) for v in self.variables)),
            "theta_vector": None if marks.scalar else Tex(rf"\boldsymbol{{\theta}} = ({', '.join(marks.labels)})"),
            "x_vector": None if len(self.variables) == 1 else
            Tex(rf"\mathbf{{x}} = ({', '.join(tex(v) for v in self.variables)})"),
            "support": support_tex(model),
            "discrete": model.support.discrete,
            "domains": Tex(r",\quad ".join(rf"{tex(s)} \in {tex(domain[s])}" for s in self.params if s in domain)),
            "constants": Tex(r",\quad ".join(rf"{tex(c)} \in {tex(domain[c])}" if c in domain else tex(c)
                                              for c in self.constants)),
        })


def mass_detail(model: ModelView) -> str:
    """How the normalisation was established: in closed form, or numerically at the sample points."""
    mass = total_mass(model)
    total = "Σ p = 1" if model.support.discrete else "∫ p = 1"
    return f"{total} in closed form" if mass.closed and mass.value == 1 else f"{total} numerically at sample points"


def contribute(model: ModelView, record: Derivation, request: Request) -> None:
    stated = record.model
    record.steps.append(ModelStep(stated.density, stated.variables, stated.params, stated.constants,
                                  stated.public_support_text(), stated.domain))
    record.add_check("normalisation", True, mass_detail(model))


QUANTITY = Quantity("model", "model", contribute=contribute, regular_only=False)
