"""A Derivation turned into what the templates print: LaTeX fragments and text, one view per step.

Only presentation happens here (symbols back in the user's names, expressions printed and broken over
lines); every mathematical result comes from the Derivation. Each view names its template partial.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass

import sympy as sp

from ..derivation import (
    AgreementStep,
    CramerRaoStep,
    Derivation,
    EfficiencyStep,
    FisherHessianStep,
    FisherOuterStep,
    LogDensityStep,
    ModelStep,
    MomentsStep,
    NonRegularStep,
    ReparametrizationStep,
    ScoreMeanStep,
    ScoreStep,
    SingularFisherStep,
)
from .printer import LINE_WIDTH, Tex, fits, lines, tex, width
from .rules import LOGARITHMS, rule_tex


@dataclass(frozen=True)
class Display:
    """``lhs = rhs`` for an align environment, the right side broken over one or more lines.

    ``stacked``: the left side is too wide to share a line, so the right side starts below it.
    """

    lhs: Tex
    lines: tuple[Tex, ...]
    stacked: bool = False


@dataclass(frozen=True)
class MatrixDisplay:
    """A matrix result: one pmatrix when it fits the line, else its entries one per line."""

    whole: Display | None
    entries: tuple[Display, ...]


@dataclass(frozen=True)
class Moment:
    """One expectation 𝔼[g(x)] the proof used, and the rule that closed it.

    A long g gets a name: ``integrand`` displays g = …, and ``display`` then reads 𝔼[g] = value.
    """

    integrand: Display | None
    display: Display
    rule: Tex
    substitution: Tex | None
    certified: bool


@dataclass(frozen=True)
class Notation:
    """The symbols every partial shares: θ, x, p(x | θ), 𝔼 under the model, and one label per parameter."""

    theta: Tex
    x: Tex
    p: Tex
    expect: Tex
    labels: tuple[Tex, ...]
    scalar: bool


@dataclass(frozen=True)
class StepView:
    template: str
    data: dict


def display(lhs: str, expr, room: float = LINE_WIDTH) -> Display:
    """``lhs = expr`` with the right side broken to fit beside the left (or below it, when it is wide)."""
    if isinstance(expr, sp.MatrixBase) and expr.shape == (1, 1):
        expr = expr[0, 0]
    beside = room - width(lhs) - 2
    if beside >= room / 2 or width(tex(expr)) <= beside:
        return Display(Tex(lhs), lines(expr, max(beside, 24.0)))
    return Display(Tex(lhs), lines(expr, room - 6), stacked=True)


def matrix_display(name: str, matrix: sp.Matrix, labels: tuple[Tex, ...]) -> MatrixDisplay:
    """A symmetric matrix (or a vector) as a whole when it fits, else entry by entry (upper triangle)."""
    if matrix.shape == (1, 1):
        return MatrixDisplay(display(name, matrix[0, 0]), ())
    if fits(matrix, LINE_WIDTH - width(name)):
        return MatrixDisplay(display(name, matrix), ())
    if matrix.cols == 1:
        return MatrixDisplay(None, tuple(display(f"{name}_{{{labels[i]}}}", matrix[i]) for i in range(matrix.rows)))
    entries = tuple(display(f"{name}_{{{labels[i]}{labels[j]}}}", matrix[i, j])
                    for i in range(matrix.rows) for j in range(i, matrix.cols))
    return MatrixDisplay(None, entries)


def notation(model) -> Notation:
    """θ and x as a reader sees them: plain symbols for one parameter, bold vectors for several."""
    params, variables = model.params, model.variables
    theta = tex(params[0]) if len(params) == 1 else Tex(r"\boldsymbol{\theta}")
    x = tex(variables[0]) if len(variables) == 1 else Tex(r"\mathbf{x}")
    p = Tex(rf"p({x} \mid {theta})")
    return Notation(theta, x, p, Tex(rf"\mathbb{{E}}_{{{x} \sim p(\cdot \mid {theta})}}"),
                    tuple(Tex("{" + tex(q) + "}") for q in params), len(params) == 1)


def views(derivation: Derivation) -> list[StepView]:
    """One view per step, in the order of the argument, then the table of checks."""
    model = derivation.model
    marks = notation(model)
    result = [step_view(step, derivation, marks) for step in derivation.steps]
    checks = tuple((c.name, c.passed, c.detail) for c in derivation.checks.values())
    result.append(StepView("steps/checks.tex.j2", {"checks": checks}))
    return result


@functools.singledispatch
def step_view(step, derivation: Derivation, marks: Notation) -> StepView:
    raise TypeError(f"no view for the step {type(step).__name__}")


@step_view.register
def _(step: ModelStep, derivation: Derivation, marks: Notation) -> StepView:
    model = derivation.model
    domain = model.domain
    return StepView("steps/model.tex.j2", {
        "density": display(marks.p, step.density),
        "variables": Tex(", ".join(tex(v) for v in step.variables)),
        "theta_vector": None if marks.scalar else Tex(rf"\boldsymbol{{\theta}} = ({', '.join(marks.labels)})"),
        "x_vector": None if len(step.variables) == 1 else
        Tex(rf"\mathbf{{x}} = ({', '.join(tex(v) for v in step.variables)})"),
        "support": support_tex(model),
        "discrete": model.support.discrete,
        "domains": Tex(r",\quad ".join(rf"{tex(s)} \in {tex(domain[s])}" for s in step.params if s in domain)),
        "constants": Tex(r",\quad ".join(rf"{tex(c)} \in {tex(domain[c])}" if c in domain else tex(c)
                                          for c in step.constants)),
    })


@step_view.register
def _(step: LogDensityStep, derivation: Derivation, marks: Notation) -> StepView:
    return StepView("steps/log_density.tex.j2", {"log_density": display(rf"\log {marks.p}", step.log_density)})


@step_view.register
def _(step: ScoreStep, derivation: Derivation, marks: Notation) -> StepView:
    return StepView("steps/score.tex.j2", {"components": _score_components(step.score, marks)})


def _score_components(score: sp.Matrix, marks: Notation) -> tuple[Display, ...]:
    if marks.scalar:
        return (display(rf"s({marks.theta}, {marks.x}) = \frac{{\partial}}{{\partial {marks.theta}}} \log {marks.p}",
                        score[0]),)
    return tuple(display(rf"s_{{{label}}} = \frac{{\partial}}{{\partial {label}}} \log {marks.p}", value)
                 for label, value in zip(marks.labels, score))


def _score_symbol(marks: Notation, i: int) -> str:
    return "s" if marks.scalar else f"s_{{{marks.labels[i]}}}"


@step_view.register
def _(step: ScoreMeanStep, derivation: Derivation, marks: Notation) -> StepView:
    model = derivation.model
    means = tuple(display(rf"{marks.expect}\left[{_score_symbol(marks, i)}\right]", model.public(e.value))
                  for i, e in enumerate(step.expectations))
    return StepView("steps/score_mean.tex.j2", {"conditions": step.conditions, "means": means,
                                                "all_zero": derivation.checks["E[s] = 0"].passed})


@step_view.register
def _(step: FisherOuterStep, derivation: Derivation, marks: Notation) -> StepView:
    model = derivation.model

    def name(i: int, j: int) -> str:
        if marks.scalar:
            return rf"I({marks.theta}) = {marks.expect}\left[s^2\right]"
        return (rf"I_{{{marks.labels[i]}{marks.labels[j]}}} = {marks.expect}\left[{_score_symbol(marks, i)}"
                rf"\,{_score_symbol(marks, j)}\right]")

    entries = tuple(display(name(i, j), model.public(e.value)) for (i, j), e in step.entries.items())
    return StepView("steps/fisher_outer.tex.j2", {"entries": entries,
                                                  "matrix": matrix_display(rf"I({marks.theta})", step.matrix, marks.labels)})


@step_view.register
def _(step: FisherHessianStep, derivation: Derivation, marks: Notation) -> StepView:
    model = derivation.model

    def second(i: int, j: int) -> str:
        if marks.scalar:
            return rf"\frac{{\partial^2 \log p}}{{\partial {marks.theta}^2}}"
        if i == j:
            return rf"\frac{{\partial^2 \log p}}{{\partial {marks.labels[i]}^2}}"
        return rf"\frac{{\partial^2 \log p}}{{\partial {marks.labels[i]}\,\partial {marks.labels[j]}}}"

    k = step.hessian.rows
    derivatives = tuple(display(second(i, j), step.hessian[i, j]) for i in range(k) for j in range(i, k))
    entries = tuple(display(rf"-{marks.expect}\left[{second(i, j)}\right]", model.public(e.value))
                    for (i, j), e in step.entries.items())
    return StepView("steps/fisher_hessian.tex.j2", {
        "derivatives": derivatives, "entries": entries, "distributional": step.distributional,
        "matrix": matrix_display(rf"I({marks.theta})", step.matrix, marks.labels)})


@step_view.register
def _(step: MomentsStep, derivation: Derivation, marks: Notation) -> StepView:
    return StepView("steps/moments.tex.j2",
                    {"moments": tuple(_moment(marks, k, entry) for k, entry in enumerate(step.moments, 1))})


SHORT_INTEGRAND = 24.0


def _moment(marks: Notation, k: int, entry) -> Moment:
    rule = rule_tex(entry.rule)
    if entry.substitution is not None and entry.table_rules:
        rule = Tex(rule + ", then " + "; ".join(rule_tex(name) for name in entry.table_rules))
    if entry.integrand.has(sp.log) and any("integral" in name for name in entry.table_rules):
        rule = Tex(rule + ", with " + LOGARITHMS)
    substitution = None
    if entry.substitution is not None:
        variable = "z" if entry.rule.startswith("location") else "u"
        substitution = Tex(f"{variable} = {tex(entry.substitution)}")
    shown = tex(entry.integrand)
    named = None
    if width(shown) > SHORT_INTEGRAND:
        named = display(f"g_{{{k}}}({marks.x})", entry.integrand)
        shown = Tex(f"g_{{{k}}}({marks.x})")
    return Moment(named, display(rf"{marks.expect}\left[{shown}\right]", entry.value), rule, substitution,
                  entry.certified)


@step_view.register
def _(step: AgreementStep, derivation: Derivation, marks: Notation) -> StepView:
    fisher = None if derivation.fisher is None else matrix_display(rf"I({marks.theta})", derivation.fisher, marks.labels)
    return StepView("steps/agreement.tex.j2", {"agree": step.agree, "detail": step.detail, "fisher": fisher})


@step_view.register
def _(step: CramerRaoStep, derivation: Derivation, marks: Notation) -> StepView:
    n = tex(step.n)
    hat = [Tex(rf"\hat{{{label}}}") for label in marks.labels]
    variances = tuple(display(rf"\operatorname{{Var}}({hat[i]}) \ge \left[I_{{{n}}}({marks.theta})^{{-1}}\right]"
                              + ("" if marks.scalar else f"_{{{marks.labels[i]}{marks.labels[i]}}}"),
                              step.bound[i, i]) for i in range(step.bound.rows))
    return StepView("steps/cramer_rao.tex.j2", {
        "n": n, "scalar": marks.scalar, "variances": variances,
        "bound": matrix_display(rf"I_{{{n}}}({marks.theta})^{{-1}}", step.bound, marks.labels)})


@step_view.register
def _(step: EfficiencyStep, derivation: Derivation, marks: Notation) -> StepView:
    statistic = Tex(rf"\bar{{{tex(step.statistic)}}}")
    return StepView("steps/efficiency.tex.j2", {
        "statistic": statistic, "single": tex(step.statistic), "n": tex(step.n),
        "mean": display(rf"{marks.expect}\left[{statistic}\right]", step.mean),
        "variance": display(rf"\operatorname{{Var}}({statistic})", step.variance),
        "bound": display(r"\text{bound}", step.bound), "efficient": step.efficient,
        "ratio": display(r"\frac{\text{bound}}{\operatorname{Var}(" + statistic + ")}", step.ratio)})


@step_view.register
def _(step: SingularFisherStep, derivation: Derivation, marks: Notation) -> StepView:
    model = derivation.model
    return StepView("steps/singular.tex.j2", {"rank": step.rank, "k": len(model.params),
                                              "null_vector": tex(step.null_vector.T),
                                              "labels": Tex(", ".join(marks.labels))})


@step_view.register
def _(step: ReparametrizationStep, derivation: Derivation, marks: Notation) -> StepView:
    model = derivation.model
    original = model._cache["origin"].original
    old = notation(original)
    return StepView("steps/reparametrization.tex.j2", {
        "mapping": tuple(display(tex(old_symbol), new) for old_symbol, new in step.mapping.items()),
        "old_theta": old.theta, "old_fisher": matrix_display(rf"I({old.theta})", original.fisher(), old.labels),
        "jacobian": display(rf"J = \frac{{\partial {old.theta}}}{{\partial {marks.theta}}}",
                                                    step.jacobian),
        "by_jacobian": matrix_display(rf"J^{{\top}} I({old.theta}) J", step.by_jacobian, marks.labels),
        "agree": step.agree})


@step_view.register
def _(step: NonRegularStep, derivation: Derivation, marks: Notation) -> StepView:
    def shown(name: str, value):
        return None if value is None else matrix_display(name, value, marks.labels)

    return StepView("steps/non_regular.tex.j2", {
        "reasons": step.reasons,
        "score_mean": shown(rf"{marks.expect}[s]", step.score_mean),
        "outer": shown(rf"{marks.expect}[s^2]" if marks.scalar else rf"{marks.expect}[s s^\top]", step.outer),
        "hessian": shown(rf"-{marks.expect}\left[\nabla^2 \log p\right]", step.hessian)})


def support_tex(model) -> Tex:
    """The support as a reader writes it: x ∈ [0, ∞), (x₁, x₂) ∈ {…}, or iterated ranges."""
    support = model.support.subs(model._public) if model.support.sets else model.support
    variables = [model.public(v) for v in support.variables]
    if support.outcomes is not None:
        outcomes = ", ".join(tex(sp.Tuple(*o)) for o in support.outcomes)
        return Tex(rf"({', '.join(tex(v) for v in variables)}) \in \left\{{{outcomes}\right\}}")
    return Tex(r",\quad ".join(rf"{tex(v)} \in {tex(s)}" for v, s in zip(variables, support.sets)))
