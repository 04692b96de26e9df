"""The expectation engine: each strategy closes what it should, declines what it should not touch,
and no closed form escapes without passing its numeric certificate."""
import itertools

import mpmath
import pytest
import sympy as sp

import reference_models as rm
import symfisher as sf
from helpers import close, same
from symfisher.expectation import certificate, engine
from symfisher.expectation.gaussian import moments as gaussian_moments
from symfisher.expectation.gaussian import polynomials
from symfisher.expectation.gaussian.structure import gaussian_structure
from symfisher.expectation.numeric import hermite
from symfisher.expectation.strategies import dirac, finite, gaussian, kinks, sympy_fallback
from symfisher.expectation.results import Closed, Decline

x, mu, b = rm.x, rm.mu, sp.Symbol("b", positive=True)


@pytest.fixture(scope="module")
def laplace():
    return sf.Model(sp.exp(-sp.Abs(x - mu) / b) / (2 * b), x, (mu, b))


@pytest.fixture(scope="module")
def normal():
    return rm.normal_known_sigma()


@pytest.fixture(scope="module")
def exponential():
    return rm.exponential()


def test_linearity_splits_into_x_factors_with_theta_coefficients():
    theta = sp.Symbol("theta")
    parts = dict((g, c) for c, g in engine.split((x - theta) ** 2 / theta, (x,), 10))
    assert parts == {x**2: 1 / theta, x: -2, sp.Integer(1): theta}


def test_the_moment_cache_computes_each_factor_once(monkeypatch):
    model = rm.bernoulli()
    calls = []
    original = engine.close
    monkeypatch.setattr(engine, "close", lambda m, g: calls.append(g) or original(m, g))
    sf.expect(model, (rm.x - rm.theta) ** 2)
    sf.expect(model, 3 * rm.x**2 + rm.x / rm.theta)
    assert sorted(map(str, calls)) == ["x", "x**2"]


def test_finite_sum_closes_bernoulli_moments_and_names_itself():
    result = sf.expect(rm.bernoulli(), rm.x**2)
    assert result.value == rm.theta and result.method == "finite sum" and result.certified
    assert result.trace[0].rule == "finite sum" and "2 outcomes" in result.trace[0].detail


def test_finite_sum_declines_a_continuous_support(exponential):
    with pytest.raises(Decline):
        close(finite.close, exponential, exponential.view.variables[0])


def test_gaussian_moments_close_the_fourth_moment(normal):
    result = sf.expect(normal, x**4)
    assert same(result.value, mu**4 + 6 * mu**2 * rm.sigma**2 + 3 * rm.sigma**4)
    assert result.method == "Gaussian moments" and result.certified


def test_gaussian_moments_decline_non_polynomial_factors_and_non_gaussian_models(normal, exponential):
    with pytest.raises(Decline):
        close(gaussian.close, normal, sp.exp(normal.view.variables[0]))
    with pytest.raises(Decline):
        close(gaussian.close, exponential, exponential.view.variables[0])


def test_isserlis_fourth_moment_of_a_bivariate_gaussian():
    s = rm.SIGMA_SYMBOLIC
    assert sp.expand(gaussian_moments.isserlis((2, 2), s) - (s[0, 0] * s[1, 1] + 2 * s[0, 1] ** 2)) == 0
    assert gaussian_moments.isserlis((1, 2), s) == 0


def test_gaussian_quadratic_form_in_two_dimensions_is_sigma():
    model = rm.mvn_known_covariance()
    d = sp.Matrix([rm.x1 - rm.mu1, rm.x2 - rm.mu2])
    for i in range(2):
        for j in range(2):
            result = sf.expect(model, d[i] * d[j])
            assert same(result.value, rm.SIGMA_SYMBOLIC[i, j]) and result.certified


def test_gaussian_polynomials_keep_their_coefficients_unexpanded():
    x1, x2 = sp.symbols("x1 x2", real=True)
    coefficient = (b + mu) ** 3 / (b - mu)
    found = polynomials.polynomial_in(coefficient * (x1 + 1) * (x2 - mu), (x1, x2))
    assert set(found) == {(1, 1), (1, 0), (0, 1), (0, 0)} and found[1, 1] == coefficient
    assert polynomials.polynomial_in(sp.exp(x1) * x2, (x1, x2)) is None


def test_a_large_polynomial_under_a_symbolic_covariance_is_closed_whole():
    """E[s₁s₂] for a 4-dimensional mean: closed whole, as a product of two affine forms (Wick), not split
    into moments."""
    sigma = sp.Matrix(4, 4, lambda i, j: sp.Symbol(f"s{i}", positive=True) if i == j
                      else sp.Symbol(f"c{min(i, j)}{max(i, j)}", real=True) / 16)
    from symfisher.families.multivariate_normal import gaussian_mean_model

    model = gaussian_mean_model(sigma)
    s = model.score()
    f = model.internal(s[0] * s[1])
    assert engine.terms(model.view, f) == [(1, f)]
    free = model.internal(sum(model.hessian()))  # as large (over 400 nodes), free of x: a coefficient of E[1]
    assert engine.node_count(free, engine._SPLIT_AT_MOST) is None and engine.terms(model.view, free) == [(free, 1)]
    result = sf.expect(model, s[0] * s[1])
    assert result.certified and result.method == "Gaussian moments" and "Wick" in result.trace[0].detail
    assert sp.simplify(result.value - sigma.inv()[0, 1]) == 0
    structure = gaussian_structure(model.view)

    def images() -> int:
        return sum(key[0] == "Σa" for key in structure.products)

    assert images() == 2
    sf.expect(model, s[0] * s[2])
    assert images() == 3  # Σa for s₁ is reused along its row


@pytest.mark.parametrize("expr, degree", [
    (b * rm.x1**2 * (rm.x2 + 1) / (b + 1), 3),
    ((rm.x1 + 1) * (b * rm.x2 + 3) ** 2 + rm.x1, 3),
    (sp.exp(b) * sp.log(b), 0),
    (sp.exp(rm.x1), None),
    (1 / rm.x1, None),
    (sp.sqrt(rm.x1 + rm.x2), None),
])
def test_the_degree_bound_is_read_off_the_tree(expr, degree):
    assert polynomials.degree_in(expr, (rm.x1, rm.x2)) == degree


@pytest.mark.parametrize("g", [
    (rm.x1 + 2 * rm.x2 - rm.mu1) * (3 * rm.x1 - rm.x2 + 1),
    (rm.x1 + rm.x2) ** 2 * (rm.x1 - 1) / (b + 1),
    (rm.x1 - rm.mu1) ** 3 * (rm.x2 + b),
])
def test_wick_products_of_affine_forms_agree_with_isserlis(g):
    model = rm.mvn_known_covariance()
    xs, g = model.view.variables, model.internal(g)
    assert gaussian_moments.affine_product(g, xs) is not None
    wick = close(gaussian.close, model, g)
    isserlis = close(gaussian.close, model, sp.expand(g))  # expanded: a sum, not a product of affine forms
    assert "Wick" in wick.detail and "Isserlis" in isserlis.detail
    assert sp.simplify(wick.value - isserlis.value) == 0


@pytest.mark.parametrize("g", [rm.x1 * rm.x2**2, (rm.x1**2 + rm.x2) * (rm.x1 + 1), (rm.x1 + 1) ** 7])
def test_wick_declines_monomials_higher_degree_factors_and_long_products(g):
    model = rm.mvn_known_covariance()
    assert gaussian_moments.affine_product(model.internal(g), model.view.variables) is None


def test_kinks_split_the_laplace_integral(laplace):
    xi, m = laplace.view.variables[0], laplace.view.params[0]
    closed = close(kinks.close, laplace, sp.Abs(xi - m))
    assert same(laplace.public(closed.value), b) and closed.rule == "split at kinks"
    assert certificate.certify(laplace.view, sp.Abs(xi - m), closed.value)[0] == "certified"


def test_kinks_decline_without_a_kink(exponential):
    with pytest.raises(Decline, match="no"):
        close(kinks.close, exponential, exponential.view.variables[0])


def test_sifting_rule_closes_a_delta_at_the_laplace_centre(laplace):
    result = sf.expect(laplace, sp.DiracDelta(x - mu))
    assert same(result.value, 1 / (2 * b)) and result.method == "sifting property of δ"
    assert result.certified  # checked as r(c) = r(∞) − ∫_c^∞ r′(x) dx by quadrature
    xi, m = laplace.view.variables[0], laplace.view.params[0]
    assert certificate.certify(laplace.view, sp.DiracDelta(xi - m), 1 / laplace.view.params[1])[0] == "rejected"


def test_sifting_rule_declines_a_jump_at_the_root_and_a_root_outside_the_support(laplace, exponential):
    xi = laplace.view.variables[0]
    m = laplace.view.params[0]
    with pytest.raises(Decline, match="jump"):
        close(dirac.close, laplace, sp.sign(xi - m) * sp.DiracDelta(xi - m))
    xe, lam = exponential.view.variables[0], exponential.view.params[0]
    with pytest.raises(Decline, match="inside the support"):
        close(dirac.close, exponential, sp.DiracDelta(xe - lam + 10))


def test_sympy_integration_closes_exponential_moments(exponential):
    xe = exponential.view.variables[0]
    closed = close(sympy_fallback.close, exponential, xe**2)
    assert same(exponential.public(closed.value), 2 / rm.lam**2) and closed.rule == "SymPy integration"


def test_sympy_summation_closes_poisson_moments():
    model = rm.poisson()
    closed = close(sympy_fallback.close, model, model.view.variables[0] ** 2)
    assert same(model.public(closed.value), rm.lam**2 + rm.lam) and closed.rule == "SymPy summation"


def test_sympy_fallback_declines_finite_outcome_lists():
    model = rm.categorical()
    with pytest.raises(Decline, match="finite"):
        close(sympy_fallback.close, model, model.view.variables[0])


def test_certification_rejects_a_wrong_closed_form(exponential):
    xe = exponential.view.variables[0]
    lam = exponential.view.params[0]
    verdict, why = certificate.certify(exponential.view, xe**2, 2 / lam**2 + sp.Rational(1, 10**8))
    assert verdict == "rejected" and "closed form" in why
    assert certificate.certify(exponential.view, xe**2, 2 / lam**2)[0] == "certified"


def test_a_wrong_strategy_never_reaches_the_user(monkeypatch, exponential):
    """A strategy that returns a wrong formula is caught by the certificate and the next one is used."""
    def wrong(model, g, moment):
        return Closed(3 / model.params[0] ** 2, "wrong rule", "a deliberately wrong formula")

    model = rm.exponential()
    monkeypatch.setattr(engine, "STRATEGIES", (("wrong", wrong),) + engine.STRATEGIES)
    result = sf.expect(model, x**2)
    assert same(result.value, 2 / rm.lam**2) and result.method != "wrong rule" and result.certified
    assert not any(entry.rule == "wrong rule" for entry in result.trace)


def test_an_expectation_no_strategy_closes_is_reported_with_a_numeric_value():
    model = sf.Model(rm.lam * sp.exp(-rm.lam * x), x, rm.lam, sp.Interval(0, sp.oo), budget=2)
    with pytest.raises(sf.errors.ExpectationNotClosed) as caught:
        sf.expect(model, 1 / (1 + x**3))
    assert caught.value.integrand == 1 / (1 + x**3)
    assert any("SymPy" in reason for reason in caught.value.reached)
    numeric = caught.value.numeric({rm.lam: 1}, digits=30)
    with mpmath.workdps(30):
        expected = mpmath.quad(lambda t: mpmath.exp(-t) / (1 + t**3), [0, mpmath.inf])
        assert abs(numeric - expected) < 1e-25


def test_constants_have_their_own_expectation(normal):
    assert sf.expect(normal, mu**2).value == mu**2


def test_two_dimensional_certification_rejects_a_form_off_by_one_part_in_a_hundred_million():
    dirichlet = sf.families.get("dirichlet")
    x1 = dirichlet.view.variables[0]
    a1, a2, a3 = dirichlet.view.params
    right = sp.polygamma(0, a1) - sp.polygamma(0, a1 + a2 + a3)
    assert certificate.certify(dirichlet.view, sp.log(x1), right)[0] == "certified"
    assert certificate.certify(dirichlet.view, sp.log(x1), right * (1 + sp.Rational(1, 10**8)))[0] == "rejected"


def test_the_simplex_corner_term_is_certified_and_a_wrong_form_of_it_rejected():
    """log(1 − x₁ − x₂) at the far corner once rounded to log 0, and an infinite quadrature value
    "agreed" with any closed form: both the integral and the comparison must hold there."""
    dirichlet = sf.families.get("dirichlet")
    x1, x2 = dirichlet.view.variables
    a1, a2, a3 = dirichlet.view.params
    total = a1 + a2 + a3
    right = sp.polygamma(1, a3) - sp.polygamma(1, total) + (sp.polygamma(0, a3) - sp.polygamma(0, total)) ** 2
    corner = sp.log(1 - x1 - x2) ** 2
    assert certificate.certify(dirichlet.view, corner, right)[0] == "certified"
    assert certificate.certify(dirichlet.view, corner, right + 1)[0] == "rejected"


def test_an_infinite_quadrature_value_proves_nothing(exponential):
    point = exponential.view.points[0]
    assert certificate.judged(exponential.view, point, sp.Integer(1), mpmath.inf, mpmath.mpf(0)) is None
    assert certificate.judged(exponential.view, point, sp.Integer(1), mpmath.mpf(1), mpmath.inf) is None


@pytest.mark.parametrize("value", [sp.zoo, sp.nan, sp.oo, sp.Float("inf")])
def test_a_closed_form_that_is_not_finite_where_the_integral_is_is_rejected(exponential, value):
    point = exponential.view.points[0]
    assert "closed form is" in certificate.judged(exponential.view, point, value, mpmath.mpf(1), mpmath.mpf(0))


def test_an_expectation_that_does_not_exist_is_refused_not_closed():
    """E[x] under a Cauchy law "is" x₀ by symmetric cancellation, to quadrature as well: refused."""
    cauchy = sf.families.get("cauchy-location")
    x = cauchy.variables[0]
    for g in (x, x**2):
        with pytest.raises(sf.errors.ExpectationNotClosed, match="does not exist"):
            sf.expect(cauchy, g)
    x0, gamma = cauchy.params[0], cauchy.constants[0]
    bounded = sf.expect(cauchy, (x - x0) ** 2 / (gamma**2 + (x - x0) ** 2))
    assert bounded.value == sp.Rational(1, 2) and bounded.certified    # bounded: exists, and closes


def test_a_heavy_but_integrable_tail_is_let_through():
    x, alpha = sp.Symbol("x", positive=True), sp.Symbol("alpha", positive=True)
    pareto = sf.Model(alpha / x ** (alpha + 1), x, alpha, sp.Interval(1, sp.oo), {alpha: sp.Interval.open(1, 3)})
    assert sf.expect(pareto, x).value == alpha / (alpha - 1)     # x·x·p ~ x^(−α+1): decays for α > 1


def test_positive_definiteness_is_read_off_the_covariance_including_at_its_poles():
    model = rm.bivariate_rho()
    structure = gaussian_structure(model.view)
    rho, sigma = model.internal(rm.rho), model.internal(rm.sigma)
    assert structure.is_positive_definite_at({rho: sp.Rational(1, 2), sigma: 1})
    assert not structure.is_positive_definite_at({rho: 2, sigma: 1})  # Σ indefinite
    assert not structure.is_positive_definite_at({rho: 1, sigma: 1})  # Σ singular, Σ⁻¹ a pole


def test_wick_products_fall_back_to_the_plain_product_when_cancelling_cannot_finish(monkeypatch):
    from symfisher.errors import BudgetExceeded

    a, c = sp.Matrix([[b, 1]]), sp.Matrix([[1 / b], [sp.sqrt(b)]])
    assert gaussian_moments._reduced_product(a, c, 30) == a * c  # √b: not rational over ℚ

    def too_slow(*_):
        raise BudgetExceeded("matrix_product exceeded its budget", 30)

    monkeypatch.setattr(gaussian_moments, "matrix_product", too_slow)
    a = sp.Matrix([[b, 1]])
    assert gaussian_moments._reduced_product(a, a.T, 30) == a * a.T


@pytest.mark.parametrize("dimension", [1, 2, 3])
@pytest.mark.parametrize("level", [0, 1, 2])
def test_the_sparse_grid_is_exact_to_its_degree_and_no_further(dimension, level):
    identity = sp.eye(dimension)
    rule = hermite.sparse_grid(dimension, level)

    def error(exponents):
        value = mpmath.fsum(w * mpmath.fprod(mpmath.mpf(z) ** k for z, k in zip(nodes, exponents))
                            for nodes, w in rule)
        return abs(value - int(gaussian_moments.isserlis(exponents, identity)))

    def monomials(degree):
        return [e for e in itertools.product(range(degree + 1), repeat=dimension) if sum(e) == degree]

    exact_to = 2 * level + 1
    with mpmath.workdps(30):  # the rules are made at 40 digits: exact to the working precision
        assert all(error(e) < 1e-25 for degree in range(exact_to + 1) for e in monomials(degree))
        assert any(error(e) > 1e-3 for e in monomials(exact_to + 1))


def test_the_sparse_grid_grows_polynomially_with_the_dimension():
    assert [len(hermite.sparse_grid(8, level)) for level in (1, 2)] == [2 * 8 + 1, 2 * 8**2 + 2 * 8 + 1]


def _three_dimensional_mean():
    from symfisher.families.multivariate_normal import gaussian_mean_model

    return gaussian_mean_model(sp.Matrix([[2, sp.Rational(1, 2), 0], [sp.Rational(1, 2), 3, 1], [0, 1, 1]]))


def test_the_sparse_grid_certificate_accepts_the_moment_and_rejects_it_off_by_one_part_in_a_hundred_million():
    model = _three_dimensional_mean()
    x1, x2, _ = model.view.variables
    m1, m2, _ = model.view.params
    g, value = x1 * x2**2, m1 * m2**2 + 3 * m1 + m2  # E[x₁x₂²] = m₁(m₂² + Σ₂₂) + 2Σ₁₂m₂
    assert certificate.certify(model.view, g, value)[0] == "certified"
    assert certificate.certify(model.view, g, value * (1 + sp.Rational(1, 10**8)))[0] == "rejected"


def test_the_sparse_grid_certificate_sees_a_wrong_covariance_in_the_structure():
    """The density's own values weight the nodes: a structure with Σ₁₃ wrong cannot certify the
    moment it implies (the nodes for Σ₁₃ need both coordinates off zero: the level-2 grid has them)."""
    import dataclasses

    model = _three_dimensional_mean()
    x1, _, x3 = model.view.variables
    m1, _, m3 = model.view.params
    structure = gaussian_structure(model.view)
    wrong = structure.covariance.copy()
    wrong[0, 2] = wrong[2, 0] = sp.Rational(1, 10)
    model.view.memo.store(gaussian_structure.key(), dataclasses.replace(structure, covariance=wrong, products={}))
    assert certificate.certify(model.view, x1 * x3, m1 * m3 + sp.Rational(1, 10))[0] != "certified"


def test_an_exact_zero_is_certified_against_the_size_of_what_it_cancels():
    """Lomax (Pareto II): E[s] = 0 where quadrature leaves 1e-18 of a heavy tail; judged against ∫|s| p, an
    exact 0 is certified, and 1e-8 in its place is still rejected."""
    lomax = sf.Model.from_text("alpha*lambda**alpha*(x+lambda)**(-alpha-1)", "x", ["alpha>0", "lambda>0"], "(0,oo)")
    view = lomax.view
    for s in lomax.internal(lomax.score()):
        assert certificate.certify(view, s, sp.Integer(0))[0] == "certified"
        assert certificate.certify(view, s, sp.Rational(1, 10**8))[0] == "rejected"
    alpha, lam = lomax.params
    assert same(lomax.fisher(), sp.Matrix([[1 / alpha**2, -1 / (lam * (alpha + 1))],
                                           [-1 / (lam * (alpha + 1)), alpha / (lam**2 * (alpha + 2))]]))
