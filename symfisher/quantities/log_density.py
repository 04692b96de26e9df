"""log p: the natural logarithm of the density, with products and powers expanded where that is exact."""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import sympy as sp

from ..step import Step
from ..expectation.numeric.mpmath_helpers import to_mpmath
from ..memo import per_model
from ..render.display import Notation, StepView, display
from ..simplification import expanded_log
from .base import KernelSpec, Quantity, Request

if TYPE_CHECKING:
    from ..model.view import ModelView
    from ..derivation import Derivation


@per_model
def log_density(model: ModelView) -> sp.Expr:
    """log p with logarithms of products and powers expanded, kept only if exact at sample points.

    ``expand_log(force=True)`` is exact wherever p > 0 for the densities met in practice, but not
    always (log((x−μ)²) → 2 log(x−μ) is wrong for x < μ); the expansion is checked numerically at
    sample parameters and support points, and the plain log p is used when the check fails.
    """
    plain = sp.log(sp.piecewise_fold(model.density))
    expanded = expanded_log(model.density)
    return expanded if _same_function(model, expanded, plain) else plain


def _same_function(model: ModelView, candidate: sp.Expr, reference: sp.Expr) -> bool:
    for (*_, a), (*_, b) in zip(model.at_samples(candidate), model.at_samples(reference)):
        try:
            a, b = to_mpmath(a), to_mpmath(b)
        except (TypeError, ValueError):
            return False
        if abs(a - b) > 1e-20 * max(1, abs(b)):
            return False
    return True


@dataclass(frozen=True)
class LogDensityStep(Step):
    log_density: sp.Expr

    def view(self, derivation: Derivation, marks: Notation) -> StepView:
        return StepView("steps/log_density.tex.j2", {"log_density": display(rf"\log {marks.p}", self.log_density)})


def contribute(model: ModelView, record: Derivation, request: Request) -> None:
    request.report("score")
    record.steps.append(LogDensityStep(model.public(log_density(model))))


QUANTITY = Quantity(
    "logpdf", "log-density", compute=log_density, contribute=contribute, regular_only=False, shape="scalar",
    kernel=KernelSpec(log_density, data=True,
                      description="log p(x | θ), the log-density (or log-mass) at the data."))
