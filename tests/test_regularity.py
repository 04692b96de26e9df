"""Regularity: supports that move with θ are refused with the reason; kinks are fine."""

import pytest
import sympy as sp

import reference_models as rm
import symfisher as sf
from helpers import same
from symfisher import errors
from symfisher.quantities.expectations import MatrixOfExpectations
from symfisher.quantities.fisher import fisher
from symfisher.quantities.fisher_hessian import FisherHessianStep, fisher_hessian
from symfisher.quantities.regularity import NonRegularStep

x, mu = rm.x, rm.mu
b = sp.Symbol("b", positive=True)
alpha, x_m = sp.Symbol("alpha", positive=True), sp.Symbol("x_m", positive=True)
PARETO = alpha * x_m**alpha / x ** (alpha + 1)


def test_laplace_fisher_is_one_over_b_squared_both_ways_keeping_the_delta_term():
    model = sf.Model(sp.exp(-sp.Abs(x - mu) / b) / (2 * b), x, mu)
    assert model.hessian()[0].has(sp.DiracDelta)
    assert same(model.fisher(method="outer"), 1 / b**2)
    assert same(model.fisher(method="hessian"), 1 / b**2)
    derivation = model.derive()
    assert same(derivation.fisher, 1 / b**2)
    hessian_step = next(s for s in derivation.steps if isinstance(s, FisherHessianStep))
    assert hessian_step.distributional
    assert hessian_step.entries[(0, 0)].trace[0].rule == "sifting property of δ"


def test_laplace_location_and_scale_together():
    model = sf.Model(sp.exp(-sp.Abs(x - mu) / b) / (2 * b), x, (mu, b))
    assert same(model.fisher(), sp.diag(1 / b**2, 1 / b**2))


def test_pareto_with_known_minimum_is_regular():
    model = sf.Model(PARETO, x, alpha, sp.Interval(x_m, sp.oo))
    assert same(model.fisher(), 1 / alpha**2)


@pytest.mark.parametrize("density, params, support, parameter, words", [
    (1 / rm.theta, rm.theta, sp.Interval(0, rm.theta), "theta", "upper end θ"),
    (PARETO, (alpha, x_m), sp.Interval(x_m, sp.oo), "x_m", "lower end x_m"),
    (sp.exp(-(x - mu)) * sp.Heaviside(x - mu), mu, sp.Reals, "mu", "indicator"),
    (sp.Piecewise((1 / rm.theta, x < rm.theta), (0, True)), rm.theta, sp.Interval(0, sp.oo), "theta", "indicator"),
])
def test_a_support_that_moves_with_theta_is_refused(density, params, support, parameter, words):
    domain = {rm.theta: sp.Interval.open(0, sp.oo)} if density.has(rm.theta) else None
    model = sf.Model(density, x, params, support, domain)
    with pytest.raises(errors.NonRegularModel) as caught:
        model.fisher()
    assert str(caught.value.parameter) == parameter
    assert words in str(caught.value)
    with pytest.raises(errors.NonRegularModel):
        model.crlb()


def test_derive_of_a_non_regular_model_diagnoses_instead_of_raising():
    model = rm.uniform_0_theta()
    theta = model.params[0]
    derivation = model.derive()
    assert derivation.fisher is None and derivation.crlb is None
    assert not derivation.checks["regularity"].passed
    assert same(derivation.score_mean, -1 / theta)          # E[s] is not zero
    assert same(derivation.fisher_outer, 1 / theta**2)
    assert same(derivation.fisher_hessian, -1 / theta**2)   # the two "forms" disagree, even in sign
    step = next(s for s in derivation.steps if isinstance(s, NonRegularStep))
    assert "upper end θ" in step.reasons[0]


def test_disagreeing_forms_raise_fisher_disagreement_with_both_matrices():
    view = rm.exponential().view
    real = fisher_hessian(view)
    view.memo.store(fisher_hessian.key(), MatrixOfExpectations(real.matrix * 2, real.entries))
    with pytest.raises(errors.FisherDisagreement) as caught:
        fisher(view)
    assert same(caught.value.outer, 1 / rm.lam**2) and same(caught.value.hessian, 2 / rm.lam**2)
    assert caught.value.diagnosis
