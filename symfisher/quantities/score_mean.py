"""E[s] = 0: the identity from differentiating ∫ p = 1, its conditions, and E[s] computed for this model."""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import sympy as sp

from ..step import Step
from ..expectation.engine import expectation_of
from ..expectation.results import Expectation
from ..memo import per_model
from ..render.display import Notation, StepView, display, score_symbol
from ..render.plain import plain
from ..simplification import is_zero
from .base import Quantity, Request
from .prefetch import prefetch_moments
from .score import score

if TYPE_CHECKING:
    from ..model.view import ModelView
    from ..derivation import Derivation


@per_model
def score_mean(model: ModelView) -> list[Expectation]:
    """E[sᵢ] for each parameter, computed (not assumed)."""
    return [expectation_of(model, s) for s in score(model)]


def regularity_conditions(model: ModelView) -> tuple[str, ...]:
    """The conditions for differentiating ∫ p = 1 under the integral sign, and how each was checked here."""
    theta = ", ".join(plain(model.public(p)) for p in model.params)
    return (
        (f"the support does not depend on {theta}: checked symbolically (its boundaries and every indicator "
         f"in the density are free of {theta})"),
        f"p is differentiable in {theta} for almost every observation: the score below exists in closed form",
        ("the differentiated integrands are dominated by an integrable function near each parameter value: not "
         "proved symbolically, so E[s] is computed directly and the two forms of the Fisher information are compared"),
    )


@dataclass(frozen=True)
class ScoreMeanStep(Step):
    """E[s] computed entry by entry; ``conditions`` are the regularity conditions checked for this model."""

    expectations: tuple[Expectation, ...]
    value: sp.Matrix
    conditions: tuple[str, ...]

    def view(self, derivation: Derivation, marks: Notation) -> StepView:
        model = derivation.model
        means = tuple(display(rf"{marks.expect}\left[{score_symbol(marks, i)}\right]", model.public(e.value))
                      for i, e in enumerate(self.expectations))
        return StepView("steps/score_mean.tex.j2", {"conditions": self.conditions, "means": means,
                                                    "all_zero": derivation.checks["E[s] = 0"].passed})


def contribute(model: ModelView, record: Derivation, request: Request) -> None:
    request.report("closing the expectations")
    prefetch_moments(model)
    request.report("E[s] = 0")
    means = score_mean(model)
    record.results["score_mean"] = model.public(sp.Matrix([m.value for m in means]))
    zero = all(is_zero(m.value, model.budget) for m in means)
    record.add_check("E[s] = 0", zero, "computed: " + ", ".join(m.method for m in means))
    record.steps.append(ScoreMeanStep(tuple(means), record.score_mean, regularity_conditions(model)))


QUANTITY = Quantity("score_mean", "mean of the score", compute=score_mean, contribute=contribute, shape="vector")
