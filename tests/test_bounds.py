"""Cramér–Rao bounds for θ, for g(θ), for n samples; singular Fisher matrices refused clearly."""
import pytest
import sympy as sp

import reference_models as rm
from helpers import same
import symfisher as sf
from symfisher import errors

n = sp.Symbol("n", positive=True, integer=True)


def test_matrix_bound_for_normal_mean_and_variance():
    assert same(rm.normal_mean_variance().crlb(n=n), sp.diag(rm.v, 2 * rm.v**2) / n)


def test_bound_for_a_scalar_function_of_the_parameters():
    model = rm.normal_mean_variance()
    assert same(model.crlb(g=rm.mu**2, n=n), 4 * rm.mu**2 * rm.v / n)
    assert same(model.crlb(g=sp.sqrt(rm.v)), rm.v / 2)   # delta method for σ = √v: (1/(2√v))² · 2v²


def test_bound_for_a_vector_function_is_a_matrix():
    model = rm.normal_mean_variance()
    bound = model.crlb(g=[rm.mu, rm.mu + rm.v])
    assert same(bound, sp.Matrix([[rm.v, rm.v], [rm.v, rm.v + 2 * rm.v**2]]))


def test_bernoulli_bound_for_the_odds():
    theta = rm.theta
    assert same(rm.bernoulli().crlb(g=theta / (1 - theta)), theta / (1 - theta) ** 3)


def test_singular_fisher_gives_rank_and_null_vector_and_pseudo_inverse_on_request():
    model = rm.softmax_logits()
    with pytest.raises(errors.SingularFisher) as caught:
        model.crlb()
    assert caught.value.rank == 2 and "pseudo=True" in str(caught.value)
    pseudo = model.crlb(pseudo=True)
    info = model.fisher()
    point = {rm.z1: sp.Rational(1, 3), rm.z2: -sp.Rational(1, 2), rm.z3: sp.Rational(6, 5)}
    numeric_info, numeric_pseudo = info.subs(point).evalf(30), pseudo.subs(point).evalf(30)
    assert (numeric_info * numeric_pseudo * numeric_info - numeric_info).norm() < 1e-20


def test_the_sample_mean_of_a_bernoulli_is_efficient():
    model = sf.families.get("bernoulli")
    step = model.derive(statistic=model.variables[0]).steps[-1]
    p, n = model.params[0], step.n
    assert step.efficient and step.ratio == 1
    assert sp.simplify(step.variance - p * (1 - p) / n) == 0


def test_a_statistic_whose_mean_misses_the_bound_is_reported_not_efficient():
    model = sf.families.get("poisson")
    step = model.derive(statistic=model.variables[0] ** 2).steps[-1]
    assert not step.efficient and step.ratio != 1
    lam = model.params[0]
    assert sp.simplify(step.mean - (lam + lam**2)) == 0


def test_a_statistic_with_foreign_symbols_is_refused():
    model = sf.families.get("bernoulli")
    with pytest.raises(sf.errors.ArgumentError, match="not the model's own symbols"):
        model.derive(statistic=sp.Symbol("x") * 2)
