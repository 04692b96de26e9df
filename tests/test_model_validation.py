"""Bad input gets a typed symfisher error that says what is wrong, never a SymPy traceback."""
import pytest
import sympy as sp

import symfisher as sf
from symfisher import errors

x = sp.Symbol("x", real=True)
theta = sp.Symbol("theta")
lam = sp.Symbol("lambda", positive=True)
mu = sp.Symbol("mu", real=True)
sigma = sp.Symbol("sigma", positive=True)
POSITIVE = {theta: sp.Interval.open(0, sp.oo)}
HALF_LINE = sp.Interval(0, sp.oo)
NORMAL = sp.exp(-(x - mu) ** 2 / (2 * sigma**2)) / sp.sqrt(2 * sp.pi * sigma**2)


def build(density, variables=x, params=theta, support=HALF_LINE, domain=POSITIVE):
    return sf.Model(density, variables, params, support, domain)


@pytest.mark.parametrize("call, error, words", [
    (lambda: build(sp.exp(-x)), errors.ParameterError, "does not appear"),
    (lambda: build(theta * sp.exp(-theta * x), params=(x, theta)), errors.ParameterError, "both as a variable"),
    (lambda: build(theta * sp.exp(-theta * x), params="theta"), errors.ParameterError, "Symbol"),
    (lambda: build(theta * sp.exp(-theta * x), params=(theta, theta)), errors.ParameterError, "twice"),
    (lambda: build(theta * sp.exp(-theta * x), params=()), errors.ParameterError, "at least one"),
    (lambda: build("theta*exp(-theta*x)"), errors.ParameterError, "from_text"),
    (lambda: build(sp.Function("f")(x) * theta), errors.ParameterError, "undefined functions"),
    (lambda: build(sp.Eq(x, theta)), errors.ParameterError, "expression"),
    (lambda: build(sp.Matrix([x * theta])), errors.ParameterError, "expression"),
    (lambda: build(theta * sp.exp(-theta * x) + sp.zoo), errors.ParameterError, "not a number"),
    (lambda: build(theta * sp.exp(-theta * x), support="[0, oo)"), errors.SupportError, "SymPy Set"),
    (lambda: build(theta * sp.exp(-theta * x), support=sp.Union(sp.Interval(0, 1), sp.Interval(2, 3))),
     errors.SupportError, "Interval"),
    (lambda: build(theta * sp.exp(-theta * x), support=sp.Range(0, 10, 2)), errors.SupportError, "step"),
    (lambda: build(theta * sp.exp(-theta * x), domain={sp.Symbol("tehta"): sp.Reals}), errors.ParameterError,
     "not a symbol of the model"),
    (lambda: build(theta * sp.exp(-theta * x), domain={theta: "positive"}), errors.ParameterError, "Sets"),
    (lambda: build(theta * sp.exp(-theta * x), domain={x: sp.Reals}), errors.ParameterError, "variable"),
    (lambda: build(theta * sp.exp(-theta * x), domain={}), errors.NegativeDensity, "negative"),
    (lambda: build(theta**x * (1 - theta) ** (1 - x), support=sp.FiniteSet(0, 1),
                   domain={theta: sp.Interval.open(0, 2)}), errors.NegativeDensity, "theta = 13/10"),
    (lambda: build(2 * theta * sp.exp(-theta * x)), errors.NotNormalised, "integrates to 2"),
    (lambda: sf.Model(sp.exp(-(x - mu) ** 2 / (2 * sigma**2)), x, mu), errors.NotNormalised, "sqrt"),
    (lambda: sf.Model(lam**x * sp.exp(-lam) / sp.factorial(x), sp.Symbol("x", integer=True), lam, sp.Naturals0),
     errors.ParameterError, "other assumptions"),
    (lambda: sf.Model(NORMAL, (x, sp.Symbol("y")), mu, sp.FiniteSet(1)), errors.SupportError, "2 variables"),
    (lambda: sf.Model(NORMAL, x, mu, {sp.Symbol("y"): sp.Reals}), errors.SupportError, "one Set per variable"),
    (lambda: sf.Model(NORMAL, x, mu).fisher(method="fast"), errors.ArgumentError, "method"),
    (lambda: sf.Model(NORMAL, x, mu).reparametrize({sigma: 2}, params=mu), errors.ParameterError,
     "not parameters"),
    (lambda: sf.Model(NORMAL, x, (mu, sigma)).reparametrize({sigma: sp.sqrt(lam)}, params=lam),
     errors.ParameterError, "neither mapped"),
])
def test_bad_input_gets_a_typed_error(call, error, words):
    with pytest.raises(error) as caught:
        call()
    assert words in str(caught.value)


def test_not_normalised_carries_the_symbolic_mass():
    with pytest.raises(errors.NotNormalised) as caught:
        sf.Model(sp.exp(-(x - mu) ** 2 / (2 * sigma**2)), x, mu)
    assert sp.simplify(caught.value.mass - sp.sqrt(2 * sp.pi) * sigma) == 0


def test_a_divergent_density_is_refused():
    with pytest.raises(errors.NotNormalised):
        build(theta / x**2)


def test_results_come_back_in_the_users_symbols():
    """Internally theta is positive (from its domain); the user's plain symbol comes back."""
    model = build(theta * sp.exp(-theta * x))
    assert model.fisher()[0] == 1 / theta**2
    assert model.params == (theta,)
    assert model.score().free_symbols == {theta, x}


def test_known_constants_are_reported_and_sampled():
    model = sf.Model(NORMAL, x, mu)
    assert model.constants == (sigma,)
    points = model.parameter_points()
    assert len(points) >= 2 and all(point[sigma] > 0 for point in points)


def test_a_density_whose_integral_diverges_is_refused_as_divergent_with_the_likely_cause():
    with pytest.raises(errors.NotNormalised, match=r"diverges.*grows without bound as x → −∞.*give one") as caught:
        sf.Model.from_text("lambda*exp(-lambda*x)", "x", "lambda>0")  # the default support: all of ℝ
    assert caught.value.mass == sp.oo
    with pytest.raises(errors.NotNormalised, match=r"diverges.*stays near 1.43 as x → ∞") as caught:
        sf.Model.from_text("1/(theta*x)", "x", "theta>0", "(0,oo)")
    assert "give one" not in str(caught.value)
