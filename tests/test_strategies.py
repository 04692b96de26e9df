"""The strategies added for the textbook families: each closes its case and declines what is not its own."""
import pytest
import sympy as sp

import symfisher as sf
from helpers import close, same
from symfisher.expectation import certificate
from symfisher.expectation.strategies import integral_table, normaliser, series, substitution
from symfisher.expectation.table import logs, rules
from symfisher.expectation.results import Decline

u = sp.Symbol("u", positive=True)
z = sp.Symbol("z", real=True)
a, b, c, k, nu = sp.symbols("a b c k nu", positive=True)


def family(name):
    return sf.families.get(name)


@pytest.fixture(scope="module")
def gamma_model():
    return family("gamma-shape-rate")


def internal(model, expr):
    return model.internal(expr)


# ------------------------------------------------------------------ the rule table
@pytest.mark.parametrize("integrand, low, high, expected, rule", [
    (u ** (a - 1) * sp.exp(-b * u), 0, sp.oo, sp.gamma(a) / b**a, "Gamma integral"),
    (u ** (a - 1) * (1 - u) ** (b - 1), 0, 1, sp.gamma(a) * sp.gamma(b) / sp.gamma(a + b), "Beta integral"),
    (u ** (a - 1) * (c - u) ** (b - 1), 0, c, c ** (a + b - 1) * sp.beta(a, b), "Beta integral"),
    (u ** (-a - 1), c, sp.oo, c ** (-a) / a, "power integral"),
    (u ** (a - 1) / (1 + u) ** (a + b), 0, sp.oo, sp.beta(a, b), "Beta-prime integral"),
    (z**2 * (1 + z**2 / nu) ** (-(nu + 1) / 2), -sp.oo, sp.oo,
     nu ** sp.Rational(3, 2) * sp.beta(sp.Rational(3, 2), nu / 2 - 1), "Student-t integral"),
    (z**2 * sp.exp(-a * z**2 + b * z), -sp.oo, sp.oo,
     sp.sqrt(sp.pi / a) * sp.exp(b**2 / (4 * a)) * (b**2 / (4 * a**2) + 1 / (2 * a)), "Gaussian integral"),
])
def test_each_rule_closes_its_integral(integrand, low, high, expected, rule):
    value, used = rules.close_by_rules(integrand, u if integrand.has(u) else z, low, high)
    assert used.name == rule
    assert same(sp.gammasimp(sp.expand_func(value - expected)), 0)


@pytest.mark.parametrize("integrand, low, high", [
    (sp.exp(-u**2), 0, sp.oo),                       # not e^{−bu}
    (u ** (a - 1) * (2 - u) ** (b - 1), 0, 1),       # root of the base is not the upper limit
    (sp.sin(u), 0, 1),                               # no product of powers
    (z**3 * (1 + z**2) ** -3 * sp.exp(z), -sp.oo, sp.oo),
    (z**2 * sp.exp(a * z**2), 0, sp.oo),              # half line: not the Gaussian rule's
])
def test_the_rule_table_declines_other_shapes(integrand, low, high):
    assert rules.close_by_rules(integrand, u if integrand.has(u) else z, low, high) is None


def test_logs_are_closed_by_differentiating_under_a_power():
    value, rule = logs.close_with_logs(sp.log(u) ** 2 * u ** (a - 1) * sp.exp(-u), u, 0, sp.oo)
    expected = sp.gamma(a) * (sp.polygamma(1, a) + sp.polygamma(0, a) ** 2)
    assert rule.name == "Gamma integral" and same(sp.simplify(value - expected), 0)


def test_integral_rules_strategy_closes_the_dirichlet_simplex_iteratively():
    model = family("dirichlet")
    x1 = model.view.variables[0]
    closed = close(integral_table.close, model, x1)
    a1, a2, a3 = model.params
    assert same(model.public(closed.value), a1 / (a1 + a2 + a3))


def test_integral_rules_strategy_declines_discrete_supports():
    with pytest.raises(Decline):
        close(integral_table.close, family("poisson"), sp.Integer(1))


# ------------------------------------------------------------------ differentiating the normaliser
def test_normaliser_gives_digamma_for_the_mean_log(gamma_model):
    alpha, beta = gamma_model.params
    x = gamma_model.view.variables[0]
    closed = close(normaliser.close, gamma_model, sp.log(x))
    assert same(gamma_model.public(closed.value), sp.polygamma(0, alpha) - sp.log(beta))


def test_normaliser_gives_second_log_moment_by_one_more_derivative(gamma_model):
    alpha, beta = gamma_model.params
    x = gamma_model.view.variables[0]
    closed = close(normaliser.close, gamma_model, sp.log(x) ** 2)
    expected = sp.polygamma(1, alpha) + (sp.polygamma(0, alpha) - sp.log(beta)) ** 2
    assert same(gamma_model.public(closed.value), expected)


def test_normaliser_declines_factors_that_are_not_derivatives_of_log_q(gamma_model):
    with pytest.raises(Decline):
        close(normaliser.close, gamma_model, sp.sin(gamma_model.view.variables[0]))


# ------------------------------------------------------------------ generating functions
def test_generating_function_gives_binomial_moments_with_symbolic_n():
    model = family("binomial")
    n, = model.constants
    p, = model.params
    xi = model.view.variables[0]
    closed = close(series.close, model, xi**2)
    assert same(model.public(closed.value), n * p * (1 - p) + n**2 * p**2)


def test_generating_function_sums_the_multinomial_simplex():
    model = family("multinomial")
    x1, x2 = model.view.variables
    p1, p2 = model.params
    n, = model.constants
    closed = close(series.close, model, x1 * x2)
    assert same(model.public(closed.value), -n * p1 * p2 + n**2 * p1 * p2)


def test_generating_function_declines_finite_supports_and_non_polynomials():
    with pytest.raises(Decline):
        close(series.close, family("bernoulli"), sp.Integer(1))
    model = family("poisson")
    with pytest.raises(Decline):
        close(series.close, model, sp.log(1 + model.view.variables[0]))


# ------------------------------------------------------------------ substitutions
def test_location_scale_is_detected_for_cauchy_and_not_for_gamma(gamma_model):
    model = family("cauchy")
    x0, g = model.view.params
    assert substitution.location_scale(model.view)[:2] == (x0, g)
    with pytest.raises(Decline):
        close(substitution.close_location_scale, gamma_model, gamma_model.view.variables[0])


def test_location_scale_closes_the_cauchy_score_square():
    model = family("cauchy-location")
    x = model.view.variables[0]
    x0, = model.view.params
    g, = model.view.constants
    closed = close(substitution.close_location_scale, model, 4 * (x - x0) ** 2 / (g**2 + (x - x0) ** 2) ** 2)
    assert same(model.public(closed.value), 1 / (2 * model.constants[0] ** 2))


def test_monotone_substitution_turns_weibull_into_a_gamma_integral():
    model = family("weibull")
    x = model.view.variables[0]
    shape, scale = model.view.params
    closed = close(substitution.close_monotone, model, sp.log(x))
    assert closed.substitution == x**shape / scale**shape and closed.table_rules == ("Gamma integral",)
    assert closed.detail.startswith(f"u = {model.public(closed.substitution)}; Gamma integral")
    assert same(model.public(closed.value), sp.log(model.params[1]) - sp.EulerGamma / model.params[0])


def test_monotone_substitution_declines_without_a_candidate():
    model = family("bernoulli")
    with pytest.raises(Decline):
        close(substitution.close_monotone, model, model.view.variables[0])


def test_every_strategy_result_on_a_family_is_certified():
    model = family("logistic")
    result = sf.expect(model, model.variables[0] ** 2)
    mu, s = model.params
    assert same(result.value, mu**2 + sp.pi**2 * s**2 / 3) and result.certified
    assert certificate.certify(model.view, model.view.variables[0] ** 2, model.internal(mu**2 + s**2))[0] == "rejected"
