"""Is the sample mean of a statistic efficient? Its variance against the Cramér–Rao bound for its mean.

For T̄ = (1/n) Σ t(xᵢ), E[T̄] = g(θ) = E[t] (so T̄ is unbiased for g), Var(T̄) = Var[t]/n, and the bound
is ∇g I⁻¹ ∇gᵀ / n. T̄ is efficient when the two are equal (Bernoulli's x̄: θ(1 − θ)/n both).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import sympy as sp

from ..step import Step
from ..errors import ArgumentError
from ..expectation.engine import expectation_of
from ..render.display import Notation, StepView, display
from ..render.plain import plain
from ..render.printer import Tex, tex
from ..simplification import is_zero, tidy
from .base import Quantity, Request
from .crlb import SAMPLE_SIZE, crlb

if TYPE_CHECKING:
    from ..model.view import ModelView
    from ..derivation import Derivation


@dataclass(frozen=True)
class EfficiencyStep(Step):
    """The sample mean of a statistic t(x) against the Cramér–Rao bound for its expectation g(θ) = E[t]."""

    statistic: sp.Expr
    n: sp.Expr
    mean: sp.Expr
    variance: sp.Expr
    bound: sp.Expr
    ratio: sp.Expr
    efficient: bool

    def view(self, derivation: Derivation, marks: Notation) -> StepView:
        statistic = Tex(rf"\bar{{{tex(self.statistic)}}}")
        return StepView("steps/efficiency.tex.j2", {
            "statistic": statistic, "single": tex(self.statistic), "n": tex(self.n),
            "mean": display(rf"{marks.expect}\left[{statistic}\right]", self.mean),
            "variance": display(rf"\operatorname{{Var}}({statistic})", self.variance),
            "bound": display(r"\text{bound}", self.bound), "efficient": self.efficient,
            "ratio": display(r"\frac{\text{bound}}{\operatorname{Var}(" + statistic + ")}", self.ratio)})

    def summary_lines(self) -> tuple[str, ...]:
        return (f"mean of {plain(self.statistic)} over n samples: variance {plain(self.variance)}, "
                f"bound {plain(self.bound)} ({'efficient' if self.efficient else 'not efficient'})",)


def efficiency(model: ModelView, statistic: sp.Expr, n: sp.Expr) -> EfficiencyStep:
    """The EfficiencyStep for the sample mean of ``statistic`` (user's symbols) over ``n`` samples."""
    statistic = sp.sympify(statistic)
    t = model.internal(statistic)
    unknown = t.free_symbols - set(model.variables) - set(model.constants)
    if not t.free_symbols & set(model.variables) or unknown:
        raise ArgumentError(
            f"the statistic {statistic} must be a function of the data {model.public(sp.Tuple(*model.variables))} "
            f"and the known constants {model.public(sp.Tuple(*model.constants))} only; not the model's own symbols: "
            f"{sorted(map(str, unknown))} (a symbol of the same name with other assumptions is a different symbol)")
    mean = expectation_of(model, t).value
    second = expectation_of(model, t**2).value
    variance = tidy((second - mean**2) / n, model.budget)
    bound = crlb(model, n=n, g=mean)
    ratio = tidy(bound / variance, model.budget)
    public = model.public
    return EfficiencyStep(statistic, n, public(mean), public(variance), public(bound), public(ratio),
                          bool(is_zero(ratio - 1, model.budget)))


def contribute(model: ModelView, record: Derivation, request: Request) -> None:
    if request.statistic is not None and record.crlb is not None:
        record.steps.append(efficiency(model, request.statistic, SAMPLE_SIZE))


QUANTITY = Quantity("efficiency", "efficiency of the sample mean", compute=efficiency, contribute=contribute,
                    shape="scalar")
