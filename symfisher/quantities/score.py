"""The score s(θ, x) = ∇_θ log p(x | θ)."""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

import sympy as sp

from .. import budget
from ..step import Step
from ..errors import BudgetExceeded
from ..memo import per_model
from ..rational_functions import reduced_derivatives
from ..render.display import Display, Notation, StepView, display
from ..render.plain import plain
from ..simplification import algebraic_terms_together, node_count, tidy
from .base import ClaimSpec, KernelSpec, Quantity, Request, Slip
from .log_density import log_density

if TYPE_CHECKING:
    from ..model.view import ModelView
    from ..derivation import Derivation


@per_model
def score(model: ModelView) -> sp.Matrix:
    """s(θ, x) = ∇_θ log p(x | θ), k×1, each entry in the shortest form reached."""
    log_p = log_density(model)
    reduced = reduced_gradient(model, log_p, model.params) if large(log_p) else None
    return sp.Matrix(reduced) if reduced else tidy(raw_score(model), model.budget)


def raw_score(model: ModelView) -> sp.Matrix:
    """The score exactly as differentiation gives it (before simplification)."""
    log_p = log_density(model)
    return sp.Matrix([sp.diff(log_p, theta) for theta in model.params])


def large(log_p: sp.Expr) -> bool:
    """Too large for SymPy's own differentiation and simplification to be the quick way (a symbolic
    covariance of dimension 4 or more); small ones keep the forms ``tidy`` chooses among."""
    return node_count(log_p, _LARGE_ABOVE) is None


_LARGE_ABOVE = 1000  # nodes


def reduced_gradient(model: ModelView, expr: sp.Expr, params: tuple) -> list[sp.Expr] | None:
    """The derivatives of a rational ``expr`` in lowest terms (None if it is not rational or time runs out)."""
    try:
        return budget.within(model.budget, reduced_derivatives, expr, params)
    except BudgetExceeded:
        return None


def kernel_score(model: ModelView) -> sp.Matrix:
    """The raw derivative, which keeps the density's own structure ((x − μ)² + νσ², not an expanded
    quadratic that cancels catastrophically), with its algebraic terms over one denominator."""
    return budget.within(model.budget, raw_score(model).applyfunc, algebraic_terms_together)


@dataclass(frozen=True)
class ScoreStep(Step):
    score: sp.Matrix

    def view(self, derivation: Derivation, marks: Notation) -> StepView:
        return StepView("steps/score.tex.j2", {"components": _components(self.score, marks)})


def _components(value: sp.Matrix, marks: Notation) -> tuple[Display, ...]:
    if marks.scalar:
        return (display(rf"s({marks.theta}, {marks.x}) = \frac{{\partial}}{{\partial {marks.theta}}} \log {marks.p}",
                        value[0]),)
    return tuple(display(rf"s_{{{label}}} = \frac{{\partial}}{{\partial {label}}} \log {marks.p}", entry)
                 for label, entry in zip(marks.labels, value))


def contribute(model: ModelView, record: Derivation, request: Request) -> None:
    record.results["score"] = model.public(score(model))
    record.steps.append(ScoreStep(record.results["score"]))


def _derivative_in_the_data(model: ModelView, truth: sp.Matrix, n: sp.Expr) -> Iterator[Slip]:
    if len(model.variables) == 1 and truth.shape == (1, 1):
        (x,) = model.variables
        theta = plain(model.public(model.params[0]))
        yield ((f"the claim is ∂ log p/∂{plain(model.public(x))}, the derivative in the data, not the score "
                f"∂ log p/∂{theta}"), sp.Matrix([[sp.diff(log_density(model), x)]]))


QUANTITY = Quantity(
    "score", "score", compute=score, contribute=contribute, regular_only=False, shape="vector",
    summary="score s(θ, x)", json=True,
    kernel=KernelSpec(kernel_score, data=True, description="The score s(θ, x) = ∇θ log p(x | θ), shape (..., k)."),
    claim=ClaimSpec(lambda model, n: score(model), sample_size=False, data=True,
                    chain=lambda truth, scale: scale.inv() * truth, squared=False, slips=_derivative_in_the_data))
