"""Derivations on top of the expectation engine: score, E[s] = 0, Fisher both ways, bounds, Jacobians."""
from __future__ import annotations

import sympy as sp

from ..derivation import (AgreementStep, CramerRaoStep, Derivation, FisherHessianStep, FisherOuterStep,
                          LogDensityStep, ModelStep, NonRegularStep, ReparametrizationStep, ScoreMeanStep,
                          ScoreStep, SingularFisherStep)
from ..errors import ExpectationNotClosed, SingularFisher
from ..simplification import is_zero
from .bounds import crlb
from .information import agreement, fisher, fisher_hessian, fisher_outer, forms_agreement, score_mean
from .regularity import irregularities
from .reparametrization import fisher_by_jacobian
from .differentiation import hessian, log_density, score

REGULARITY_CONDITIONS = (
    "the support does not depend on θ",
    "p(x | θ) is differentiable in θ for almost every x",
    "the differentiated integrands are dominated by integrable functions on a neighbourhood of θ",
)


def derive(model) -> Derivation:
    """The whole derivation for ``model``; never raises for a non-regular or singular model."""
    public = model.public
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
    means = score_mean(model)
    result.score_mean = public(sp.Matrix([m.value for m in means]))
    zero = all(is_zero(m.value, model.budget) for m in means)
    result.add_check("E[s] = 0", zero, "computed: " + ", ".join(m.method for m in means))
    result.steps.append(ScoreMeanStep(tuple(means), result.score_mean, REGULARITY_CONDITIONS))
    outer, second = fisher_outer(model), fisher_hessian(model)
    result.fisher_outer, result.fisher_hessian = public(outer.matrix), public(second.matrix)
    result.steps.append(FisherOuterStep(result.fisher_outer, outer.entries))
    result.steps.append(FisherHessianStep(public(hessian(model)), result.fisher_hessian, second.entries,
                                          hessian(model).has(sp.DiracDelta)))
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
    try:
        result.crlb = public(crlb(model, n=n))
        result.steps.append(CramerRaoStep(n, result.crlb))
    except SingularFisher as exc:
        result.steps.append(SingularFisherStep(exc.rank, exc.null_vector))
        result.add_check("Fisher information invertible", False, str(exc))
    return result


def _mass_detail(model) -> str:
    mass = model._cache["mass"]
    return "∫ p = 1 in closed form" if mass.closed and mass.value == 1 else "∫ p = 1 numerically at sample points"


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
    reasons = tuple(f"{p.boundary} depends on {model.public(p.parameter)}: ∫ p dx = 1 cannot be differentiated "
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
