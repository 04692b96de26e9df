"""Regularity: may we differentiate ∫ p dx = 1 under the integral sign?

Not when the support moves with a parameter (Uniform(0, θ), Pareto with unknown x_m): then E[s] ≠ 0
in general and the two forms of the Fisher information disagree. Kinks inside the support
(|x − μ| in Laplace) are allowed: the model is still differentiable in quadratic mean. For a model that
is not regular, the derivation says why and what E[s], E[s sᵀ] and −E[∇² log p] really are.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import sympy as sp

from ..step import Step
from ..errors import ExpectationNotClosed, NonRegularModel
from ..render.display import Notation, StepView, matrix_display
from ..render.plain import plain, rows
from .base import Quantity, Request
from .fisher_hessian import fisher_hessian
from .fisher_outer import fisher_outer
from .score_mean import score_mean

if TYPE_CHECKING:
    from ..model.view import ModelView
    from ..derivation import Derivation

_INDICATORS = (sp.Heaviside, sp.Min, sp.Max)


@dataclass(frozen=True)
class Irregularity:
    """A parameter on which the support depends, and where (internal symbols)."""

    parameter: sp.Symbol
    boundary: str
    expression: sp.Expr


def irregularities(model: ModelView) -> list[Irregularity]:
    """Every way in which the support of ``model`` depends on a parameter."""
    found = []
    params = set(model.params)
    for variable, side, bound in model.support.boundaries():
        for theta in sorted(bound.free_symbols & params, key=str):
            found.append(Irregularity(theta, f"the {side} end {plain(model.public(bound))} of the support of "
                                             f"{plain(model.public(variable))}", bound))
    xs = set(model.variables)
    for indicator in _indicator_terms(model.density):
        symbols = indicator.free_symbols
        if symbols & xs:
            for theta in sorted(symbols & params, key=str):
                found.append(Irregularity(theta, f"the indicator {plain(model.public(indicator))} in the density",
                                          indicator))
    return found


def _indicator_terms(density: sp.Expr) -> list[sp.Expr]:
    terms = list(density.atoms(*_INDICATORS))
    for piece in density.atoms(sp.Piecewise):
        terms += [condition for _, condition in piece.args if condition not in (sp.true, sp.false)]
    return terms


def require_regular(model: ModelView) -> None:
    """Raise NonRegularModel naming the parameter and the boundary, if the support depends on θ."""
    problems = irregularities(model)
    if problems:
        first = problems[0]
        raise NonRegularModel(
            f"the model is not regular: {first.boundary} depends on the parameter {model.public(first.parameter)}, "
            f"so ∫ p dx = 1 cannot be differentiated under the integral sign (E[s] = 0 and the Fisher "
            f"identities fail); the Cramér–Rao theory does not apply",
            parameter=model.public(first.parameter), boundary=model.public(first.expression))


@dataclass(frozen=True)
class NonRegularStep(Step):
    """Why the regular theory does not apply, and what E[s], E[s²] and −E[∂² log p] really are."""

    reasons: tuple[str, ...]
    score_mean: sp.Matrix | None
    outer: sp.Matrix | None
    hessian: sp.Matrix | None

    def view(self, derivation: Derivation, marks: Notation) -> StepView:
        def shown(name: str, value):
            return None if value is None else matrix_display(name, value, marks.labels)

        return StepView("steps/non_regular.tex.j2", {
            "reasons": self.reasons,
            "score_mean": shown(rf"{marks.expect}[s]", self.score_mean),
            "outer": shown(rf"{marks.expect}[s^2]" if marks.scalar else rf"{marks.expect}[s s^\top]", self.outer),
            "hessian": shown(rf"-{marks.expect}\left[\nabla^2 \log p\right]", self.hessian)})

    def summary_lines(self) -> tuple[str, ...]:
        lines = []
        for label, value in (("E[s sᵀ]", self.outer), ("−E[∇² log p]", self.hessian)):
            if value is not None:
                lines += [f"{label}:", *(f"  {row}" for row in rows(value))]
        return (*lines, *(f"non-regular: {reason}" for reason in self.reasons))


def contribute(model: ModelView, record: Derivation, request: Request) -> None:
    problems = irregularities(model)
    if not problems:
        record.add_check("regularity", True, "the support does not depend on the parameters")
        return
    record.regular = False
    reasons = tuple(f"{p.boundary} depends on {plain(model.public(p.parameter))}: ∫ p dx = 1 cannot be "
                    f"differentiated under the integral sign" for p in problems)
    record.add_check("regularity", False, "; ".join(reasons))
    try:
        means = sp.Matrix([m.value for m in score_mean(model)])
        outer, second = fisher_outer(model).matrix, fisher_hessian(model).matrix
    except ExpectationNotClosed:
        means = outer = second = None
    for name, value in (("score_mean", means), ("fisher_outer", outer), ("fisher_hessian", second)):
        record.results[name] = None if value is None else model.public(value)
    record.steps.append(NonRegularStep(reasons, record.score_mean, record.fisher_outer, record.fisher_hessian))


QUANTITY = Quantity("regularity", "regularity", contribute=contribute, regular_only=False)
