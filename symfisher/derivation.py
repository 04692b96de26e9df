"""A derivation as data: an ordered list of typed steps, the results, and the checks that ran.

Mathematics lives in ``symfisher.derive``; this module only holds what it found, in the user's
symbols, for the renderers (text here, LaTeX templates later) to present.
"""
from __future__ import annotations

import pathlib
from dataclasses import dataclass, field
from typing import Any

import sympy as sp

from .expectation.engine import Expectation, TraceEntry
from .text import plain


@dataclass(frozen=True)
class Check:
    """One verification that ran, and what it found."""

    name: str
    passed: bool
    detail: str


@dataclass(frozen=True)
class ModelStep:
    density: sp.Expr
    variables: tuple
    params: tuple
    constants: tuple
    support: str
    domain: dict


@dataclass(frozen=True)
class LogDensityStep:
    log_density: sp.Expr


@dataclass(frozen=True)
class ScoreStep:
    score: sp.Matrix


@dataclass(frozen=True)
class ScoreMeanStep:
    """E[s] computed entry by entry; ``conditions`` are the regularity conditions checked for this model."""

    expectations: tuple[Expectation, ...]
    value: sp.Matrix
    conditions: tuple[str, ...]


@dataclass(frozen=True)
class FisherOuterStep:
    matrix: sp.Matrix
    entries: dict  # (i, j) -> Expectation of sᵢ sⱼ


@dataclass(frozen=True)
class FisherHessianStep:
    hessian: sp.Matrix
    matrix: sp.Matrix
    entries: dict  # (i, j) -> Expectation of −∂²log p/∂θᵢ∂θⱼ
    distributional: bool  # the Hessian has DiracDelta terms, kept rather than dropped


@dataclass(frozen=True)
class MomentsStep:
    """Every distinct E[g(x)] closed on the way (the expectation engine's trace), in readable form."""

    moments: tuple[TraceEntry, ...]


@dataclass(frozen=True)
class AgreementStep:
    agree: bool
    detail: str


@dataclass(frozen=True)
class CramerRaoStep:
    n: sp.Expr
    bound: sp.Matrix


@dataclass(frozen=True)
class EfficiencyStep:
    """The sample mean of a statistic t(x) against the Cramér–Rao bound for its expectation g(θ) = E[t]."""

    statistic: sp.Expr
    n: sp.Expr
    mean: sp.Expr
    variance: sp.Expr
    bound: sp.Expr
    ratio: sp.Expr
    efficient: bool


@dataclass(frozen=True)
class SingularFisherStep:
    rank: int
    null_vector: sp.Matrix


@dataclass(frozen=True)
class ReparametrizationStep:
    mapping: dict
    jacobian: sp.Matrix
    by_jacobian: sp.Matrix
    agree: bool


@dataclass(frozen=True)
class NonRegularStep:
    """Why the regular theory does not apply, and what E[s], E[s²] and −E[∂² log p] really are."""

    reasons: tuple[str, ...]
    score_mean: sp.Matrix | None
    outer: sp.Matrix | None
    hessian: sp.Matrix | None


@dataclass
class Derivation:
    """Everything ``Model.derive()`` found.

    Attributes:
        model: the model derived.
        steps: the ordered steps of the argument.
        score, score_mean, fisher_outer, fisher_hessian, fisher, crlb: the results (user's symbols);
            ``fisher`` and ``crlb`` are None for a non-regular model, ``crlb`` also for a singular one.
        checks: name -> Check, every verification that ran.
    """

    model: Any
    steps: list = field(default_factory=list)
    score: sp.Matrix | None = None
    score_mean: sp.Matrix | None = None
    fisher_outer: sp.Matrix | None = None
    fisher_hessian: sp.Matrix | None = None
    fisher: sp.Matrix | None = None
    crlb: sp.Matrix | None = None
    checks: dict = field(default_factory=dict)

    def add_check(self, name: str, passed: bool, detail: str) -> None:
        self.checks[name] = Check(name, passed, detail)

    def summary(self) -> str:
        """A plain-text account of the results and checks, for terminals and logs."""
        model = self.model
        lines = [f"model: p = {plain(model.density)}",
                 (f"  variables {', '.join(map(plain, model.variables))}; parameters "
                 f"{', '.join(map(plain, model.params))}; support {model.public_support_text()}")]
        lines += [f"  assumed {reason}" for reason in model.assumed_domain.values()]
        results = [("score s(θ, x)", self.score), ("Fisher information I(θ)", self.fisher)]
        if self.fisher is None:  # non-regular: what the two forms give, which the regular theory would equate
            results += [("E[s sᵀ]", self.fisher_outer), ("−E[∇² log p]", self.fisher_hessian)]
        for label, value in [*results, ("Cramér–Rao bound, n samples", self.crlb)]:
            if value is not None:
                lines += [f"{label}:", *(f"  {row}" for row in _rows(value))]
        for step in self.steps:
            if isinstance(step, NonRegularStep):
                lines += [f"non-regular: {reason}" for reason in step.reasons]
            if isinstance(step, SingularFisherStep):
                lines.append(f"singular Fisher information: rank {step.rank}, null vector "
                             f"[{', '.join(map(plain, step.null_vector))}]")
            if isinstance(step, EfficiencyStep):
                lines.append(f"mean of {plain(step.statistic)} over n samples: variance {plain(step.variance)}, "
                             f"bound {plain(step.bound)} ({'efficient' if step.efficient else 'not efficient'})")
            if isinstance(step, ReparametrizationStep):
                lines.append(f"by the Jacobian Jᵀ I J: {'; '.join(_rows(step.by_jacobian))} (agrees: {step.agree})")
        lines.append("checks:")
        lines += [f"  {'✓' if c.passed else '✗'} {c.name}: {c.detail}" for c in self.checks.values()]
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.summary()

    def to_latex(self, title: str | None = None) -> str:
        """A standalone LaTeX document with every step of the argument (``title``: plain text)."""
        from .render import to_latex

        return to_latex(self, title)

    def to_pdf(self, path: str | pathlib.Path, title: str | None = None) -> pathlib.Path:
        """The document compiled by latexmk into ``path``; RenderError with TeX's log lines on failure."""
        from .render import to_pdf

        return to_pdf(self, path, title)

    def _repr_latex_(self) -> str:
        from .render import results_latex

        return results_latex(self)


def _rows(value: Any) -> list[str]:
    """A scalar, vector or matrix as lines of text, one per row, Greek names as letters."""
    if isinstance(value, sp.MatrixBase) and value.shape == (1, 1):
        value = value[0, 0]
    if not isinstance(value, sp.MatrixBase):
        return [plain(value)]
    return ["[" + ", ".join(plain(entry) for entry in value.row(i)) + "]" for i in range(value.rows)]
