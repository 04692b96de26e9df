"""Every worked example and practice problem of ../shared/reference/, derived end to end.

Each derivation must compute E[s] = 0, reach the textbook Fisher information both as E[s sᵀ] and as
−E[∇² log p], find the two agree, and certify its closed forms numerically.
"""
import pytest
import sympy as sp

import reference_models as rm
from helpers import same

n = sp.Symbol("n", positive=True, integer=True)

EXAMPLES = {
    "bernoulli": (rm.bernoulli, 1 / (rm.theta * (1 - rm.theta))),
    "normal, sigma known": (rm.normal_known_sigma, 1 / rm.sigma**2),
    "normal (mu, sigma^2)": (rm.normal_mean_variance, sp.diag(1 / rm.v, 1 / (2 * rm.v**2))),
    "exponential": (rm.exponential, 1 / rm.lam**2),
    "poisson": (rm.poisson, 1 / rm.lam),
    "categorical K-1 free": (rm.categorical, sp.Matrix(2, 2, lambda i, j: (1 / [rm.pi1, rm.pi2][i] if i == j else 0)
                                                       + 1 / (1 - rm.pi1 - rm.pi2))),
    "mvn mean, symbolic Sigma": (rm.mvn_known_covariance, rm.SIGMA_SYMBOLIC.inv()),
    "bivariate normal with rho": (rm.bivariate_rho, rm.SIGMA_RHO.inv()),
}


@pytest.fixture(scope="module")
def derivations():
    return {name: builder().derive() for name, (builder, _) in EXAMPLES.items()}


@pytest.mark.parametrize("name", EXAMPLES)
def test_example_derives_the_textbook_fisher_both_ways(name, derivations):
    derivation, expected = derivations[name], EXAMPLES[name][1]
    assert derivation.score_mean == sp.zeros(*derivation.score_mean.shape)
    assert same(derivation.fisher_outer, expected)
    assert same(derivation.fisher_hessian, expected)
    assert same(derivation.fisher, expected)
    assert all(check.passed for check in derivation.checks.values()), derivation.summary()


def test_bernoulli_score_and_cramer_rao_bound(derivations):
    model = rm.bernoulli()
    assert same(model.score(), (rm.x - rm.theta) / (rm.theta * (1 - rm.theta)))
    bound = model.crlb(n=n)
    assert same(bound, rm.theta * (1 - rm.theta) / n)
    assert bound.subs(rm.theta, sp.Rational(1, 2)) == sp.Matrix([1 / (4 * n)])
    assert same(derivations["bernoulli"].crlb, rm.theta * (1 - rm.theta) / n)


def test_bernoulli_mle_is_efficient():
    """Var(x̄) = θ(1 − θ)/n equals the bound: the variance of x is computed by the engine, not assumed."""
    import symfisher as sf

    model = rm.bernoulli()
    variance = sf.expect(model, (rm.x - rm.theta) ** 2).value
    assert same(variance / n, model.crlb(n=n)[0])


def test_exponential_cramer_rao_bound():
    assert same(rm.exponential().crlb(n=n), rm.lam**2 / n)


def test_poisson_cramer_rao_bound():
    assert same(rm.poisson().crlb(n=n), rm.lam / n)


def test_information_is_additive_over_iid_samples():
    """I_n = n I_1: the bound for n samples is the single-sample bound over n, for every example."""
    for builder in (rm.bernoulli, rm.normal_mean_variance, rm.poisson):
        model = builder()
        assert same(model.crlb(n=n) * n, model.fisher().inv())


def test_additivity_from_the_joint_density_of_two_samples():
    """Problem 4 from first principles: the Fisher information of (x1, x2) i.i.d. is twice that of one."""
    import symfisher as sf

    a, b = sp.symbols("a b", real=True)
    single = rm.normal_known_sigma()
    density = single.density.subs(rm.x, a) * single.density.subs(rm.x, b)
    joint = sf.Model(density, (a, b), rm.mu, {a: sp.Reals, b: sp.Reals})
    assert same(joint.fisher(), 2 * single.fisher())


def test_reparametrization_to_log_odds_gives_p_times_one_minus_p():
    phi = sp.Symbol("phi", real=True)
    model = rm.bernoulli().reparametrize({rm.theta: 1 / (1 + sp.exp(-phi))}, params=phi)
    p = 1 / (1 + sp.exp(-phi))
    assert same(model.fisher(), p * (1 - p))
    derivation = model.derive()
    assert derivation.checks["I(φ) = Jᵀ I(θ(φ)) J"].passed


def test_reparametrization_scalar_rule_i_phi_equals_i_theta_over_g_prime_squared():
    """Problem 2: φ = g(θ) = θ³ for the exponential rate; I(φ) = I(θ) / g'(θ)²."""
    phi = sp.Symbol("phi", positive=True)
    model = rm.exponential().reparametrize({rm.lam: phi ** sp.Rational(1, 3)}, params=phi)
    lam_of_phi = phi ** sp.Rational(1, 3)
    expected = (1 / rm.lam**2 / (3 * rm.lam**2) ** 2).subs(rm.lam, lam_of_phi)
    assert same(model.fisher(), expected)


def test_normal_variance_reparametrized_by_the_jacobian():
    """(μ, σ) → (μ, σ²): derived directly and through Jᵀ I J, and both equal diag(1/v, 1/(2v²))."""
    sigma = rm.sigma
    model = sf_normal_mu_sigma().reparametrize({sigma: sp.sqrt(rm.v)}, params=(rm.mu, rm.v))
    assert same(model.fisher(), sp.diag(1 / rm.v, 1 / (2 * rm.v**2)))
    assert model.derive().checks["I(φ) = Jᵀ I(θ(φ)) J"].passed


def sf_normal_mu_sigma():
    import symfisher as sf

    density = sp.exp(-(rm.x - rm.mu) ** 2 / (2 * rm.sigma**2)) / sp.sqrt(2 * sp.pi * rm.sigma**2)
    return sf.Model(density, rm.x, (rm.mu, rm.sigma))


def test_softmax_logits_fisher_is_diag_pi_minus_pi_pi_t_and_singular():
    import symfisher as sf

    model = rm.softmax_logits()
    total = sp.exp(rm.z1) + sp.exp(rm.z2) + sp.exp(rm.z3)
    probabilities = sp.Matrix([sp.exp(z) / total for z in (rm.z1, rm.z2, rm.z3)])
    assert same(model.fisher(), sp.diag(*probabilities) - probabilities * probabilities.T)
    with pytest.raises(sf.errors.SingularFisher) as caught:
        model.crlb()
    assert caught.value.rank == 2
    assert same(caught.value.null_vector, sp.Matrix([1, 1, 1]) * caught.value.null_vector[0])
    derivation = model.derive()
    assert derivation.crlb is None and not derivation.checks["Fisher information invertible"].passed


def test_uniform_zero_theta_is_refused_as_non_regular():
    import symfisher as sf

    model = rm.uniform_0_theta()
    with pytest.raises(sf.errors.NonRegularModel) as caught:
        model.fisher()
    assert str(caught.value.parameter) == "theta"
    assert "upper end" in str(caught.value)
