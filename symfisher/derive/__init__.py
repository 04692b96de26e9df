"""Derivations on top of the expectation engine: score, E[s] = 0, Fisher both ways, bounds, Jacobians."""
from __future__ import annotations

import dataclasses
from collections.abc import Callable

import sympy as sp

from ..derivation import (
    AgreementStep,
    CramerRaoStep,
    Derivation,
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
from ..errors import ExpectationNotClosed, SingularFisher
from ..simplification import is_zero, tidy
from ..text import plain
from .bounds import crlb
from .differentiation import hessian, log_density, score
from .efficiency import efficiency
from .information import (
    agreement,
    fisher,
    fisher_hessian,
    fisher_outer,
    forms_agreement,
    prefetch_moments,
    score_mean,
)
from .regularity import irregularities
from .reparametrization import fisher_by_jacobian


def regularity_conditions(model) -> tuple[str, ...]:
    """The conditions for differentiating ∫ p = 1 under the integral sign, and how each was checked here."""
    theta = ", ".join(plain(p) for p in model.params)
    return (
        (f"the support does not depend on {theta}: checked symbolically (its boundaries and every indicator "
        f"in the density are free of {theta})"),
        f"p is differentiable in {theta} for almost every observation: the score below exists in closed form",
        ("the differentiated integrands are dominated by an integrable function near each parameter value: not "
        "proved symbolically, so E[s] is computed directly and the two forms of the Fisher information are compared"),
    )


def derive(model, statistic: sp.Expr | None = None, progress: Callable[[str], None] | None = None) -> Derivation:
    """The whole derivation for ``model``; never raises for a non-regular or singular model.

    ``statistic``: optionally a function t(x) of the data; the derivation then asks whether its sample
    mean attains the Cramér–Rao bound for E[t] (the efficiency of x̄ for the Bernoulli).
    ``progress``: called with the name of each step as it starts (the command shows it on stderr).
    """
    report = progress or (lambda step: None)
    public = model.public
    report("score")
    result = Derivation(model)
    result.steps.append(ModelStep(model.density, model.variables, model.params, model.constants,
                                  model.public_support_text(), model.domain))
    result.add_check("normalisation", True, _mass_detail(model))
    result.steps.append(LogDensityStep(public(log_density(model))))
    result.score = public(score(model))
    result.steps.append(ScoreStep(result.score))
    problems = irregularities(model)
    if problems:
        return _non_regular(model, result, problems)
    result.add_check("regularity", True, "the support does not depend on the parameters")
    report("closing the expectations")
    prefetch_moments(model)
    report("E[s] = 0")
    means = score_mean(model)
    result.score_mean = public(sp.Matrix([m.value for m in means]))
    zero = all(is_zero(m.value, model.budget) for m in means)
    result.add_check("E[s] = 0", zero, "computed: " + ", ".join(m.method for m in means))
    result.steps.append(ScoreMeanStep(tuple(means), result.score_mean, regularity_conditions(model)))
    report("Fisher information as E[s sᵀ]")
    outer = fisher_outer(model)
    report("Fisher information as −E[∇² log p]")
    second = fisher_hessian(model)
    result.fisher_outer, result.fisher_hessian = public(outer.matrix), public(second.matrix)
    result.steps.append(FisherOuterStep(result.fisher_outer, outer.entries))
    result.steps.append(FisherHessianStep(public(hessian(model)), result.fisher_hessian, second.entries,
                                          hessian(model).has(sp.DiracDelta)))
    result.steps.append(moments_used(model, [*means, *outer.entries.values(), *second.entries.values()]))
    report("agreement of the two forms")
    verdict = forms_agreement(model)
    result.steps.append(AgreementStep(verdict.numeric, verdict.detail))
    result.add_check("E[s sᵀ] = −E[∇² log p]", verdict.numeric, verdict.detail)
    result.add_check("closed forms certified", outer.certified and second.certified,
                     "every expectation checked against mpmath at two parameter points"
                     if outer.certified and second.certified else
                     "some expectation could not be certified numerically (see the trace)")
    result.fisher = public(fisher(model))
    _reparametrization(model, result)
    n = sp.Symbol("n", positive=True, integer=True)
    report("Cramér–Rao bound")
    try:
        result.crlb = public(crlb(model, n=n))
        result.steps.append(CramerRaoStep(n, result.crlb))
        if statistic is not None:
            result.steps.append(efficiency(model, statistic, n))
    except SingularFisher as exc:
        result.steps.append(SingularFisherStep(exc.rank, exc.null_vector))
        result.add_check("Fisher information invertible", False, str(exc))
    return result


def moments_used(model, expectations: list) -> MomentsStep:
    """The distinct x-dependent expectations behind ``expectations``, tidied for reading, in user's symbols."""
    distinct: dict = {}
    for expectation in expectations:
        for entry in expectation.trace:
            if entry.rule != "normalisation" and entry.integrand not in distinct:
                distinct[entry.integrand] = entry
    public = model.public
    return MomentsStep(tuple(
        dataclasses.replace(entry, integrand=public(tidy(entry.integrand, model.budget)),
                            value=public(tidy(entry.value, model.budget)),
                            substitution=None if entry.substitution is None else public(entry.substitution))
        for entry in distinct.values()))


def _mass_detail(model) -> str:
    mass = model._cache["mass"]
    total = "Σ p = 1" if model.support.discrete else "∫ p = 1"
    return f"{total} in closed form" if mass.closed and mass.value == 1 else f"{total} numerically at sample points"


def _reparametrization(model, result: Derivation) -> None:
    by_jacobian = fisher_by_jacobian(model)
    if by_jacobian is None:
        return
    direct = fisher(model)
    verdict = agreement(model, direct, by_jacobian)
    origin = model._cache["origin"]
    result.steps.append(ReparametrizationStep(origin.mapping, origin.jacobian, model.public(by_jacobian),
                                              verdict.numeric))
    result.add_check("I(φ) = Jᵀ I(θ(φ)) J", verdict.numeric, verdict.detail)


def _non_regular(model, result: Derivation, problems) -> Derivation:
    """What the regular theory would have claimed, computed honestly, and why it fails."""
    reasons = tuple(f"{p.boundary} depends on {plain(model.public(p.parameter))}: ∫ p dx = 1 cannot be differentiated "
                    f"under the integral sign" for p in problems)
    result.add_check("regularity", False, "; ".join(reasons))
    try:
        means = sp.Matrix([m.value for m in score_mean(model)])
        outer, second = fisher_outer(model).matrix, fisher_hessian(model).matrix
    except ExpectationNotClosed:
        means = outer = second = None
    public = model.public
    result.score_mean = None if means is None else public(means)
    result.fisher_outer = None if outer is None else public(outer)
    result.fisher_hessian = None if second is None else public(second)
    result.steps.append(NonRegularStep(reasons, result.score_mean, result.fisher_outer, result.fisher_hessian))
    return result
