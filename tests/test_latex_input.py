"""LaTeX and text input: each correction latex2sympy needs here, the specs, and what must be refused."""
import pytest
import sympy as sp

import symfisher as sf
from symfisher.input.declarations import set_spec, symbol_spec
from symfisher.errors import NotNormalised, ParseError
from symfisher.input.latex import parse_latex

x = sp.Symbol("x")
theta, mu, lam, gamma_ = sp.Symbol("theta"), sp.Symbol("mu"), sp.Symbol("lambda", positive=True), sp.Symbol("gamma")
alpha, beta, mu_1 = sp.Symbol("alpha"), sp.Symbol("beta"), sp.Symbol("mu_1")
n, p, x_0 = sp.Symbol("n"), sp.Symbol("p"), sp.Symbol("x_0")
SYMBOLS = {"x": x, "theta": theta, "mu": mu, "lambda": lam, "alpha": alpha, "beta": beta, "mu_1": mu_1, "n": n,
           "p": p, "x_0": x_0}


@pytest.mark.parametrize("tex, expected", [
    (r"\log x", sp.log(x)),                                        # natural, not base 10
    (r"\log(1-\theta)", sp.log(1 - theta)),
    (r"\log_{10} x", sp.log(x) / sp.log(10)),                       # an explicit base is kept
    (r"\ln x", sp.log(x)),
    (r"e^{-\lambda x}", sp.exp(-lam * x)),
    (r"\exp\left(-\frac{(x-\mu)^2}{2}\right)", sp.exp(-(x - mu) ** 2 / 2)),
    (r"\mathrm{e}^{x}", sp.exp(x)),
    (r"\sqrt{2\pi}", sp.sqrt(2 * sp.pi)),
    (r"\Gamma(\alpha)", sp.gamma(alpha)),
    (r"B(\alpha,\beta)", sp.beta(alpha, beta)),
    (r"\mathrm{B}(\alpha,\beta)", sp.beta(alpha, beta)),
    (r"\operatorname{B}(\alpha,\beta)", sp.beta(alpha, beta)),
    (r"\binom{n}{x}", sp.binomial(n, x)),
    (r"\binom nx", sp.binomial(n, x)),
    (r"x!", sp.factorial(x)),
    (r"\frac12 x", x / 2),
    (r"2.5x", sp.Rational(5, 2) * x),
    (r"\mu_1 + x_0", mu_1 + x_0),
    (r"\mu_{1}", mu_1),
    (r"p(1-p)^x", p * (1 - p) ** x),                                 # a declared symbol before a bracket: product
    (r"p(x \mid \theta) = \theta^x", theta**x),                      # left-hand sides are dropped
    (r"f(x;\theta)=\theta^x", theta**x),
    (r"P(X = x) = \theta^x", theta**x),
    (r"\left|x-\mu\right|", sp.Abs(x - mu)),
    ("θ^x (1-θ)^{1-x}", theta**x * (1 - theta) ** (1 - x)),          # Greek typed as letters
])
def test_latex_corrections(tex, expected):
    assert sp.simplify(parse_latex(tex, SYMBOLS) - expected) == 0


def test_greek_names_take_the_declared_assumptions():
    assert parse_latex(r"\lambda", SYMBOLS).is_positive


def test_a_declared_gamma_is_a_symbol_and_an_undeclared_one_is_refused():
    assert parse_latex(r"\gamma e^{-\gamma x}", {"x": x, "gamma": gamma_}) == gamma_ * sp.exp(-gamma_ * x)
    with pytest.raises(ParseError, match=r"\\gamma is ambiguous"):
        parse_latex(r"\gamma x", {"x": x})


@pytest.mark.parametrize("tex, piece", [
    (r"g(x)", "undefined function g"),
    (r"\theta^x \kappa", "kappa"),                         # neither variable, parameter nor constant
    (r"\input{/etc/passwd}", r"\\input"),
    (r"\write18{rm -rf /}", r"\\write"),
    (r"\theta^x, x>0", "not allowed"),
    (r"x > 0", "relation"),
    (r"\int_0^1 x dx", r"\\int"),
    (r"\frac{d}{dx} x", "not allowed"),
    (r"a = b = c", "more than one '='"),
    (r"\theta + 1 = \theta^x", "left-hand side"),
    (r"2^{2^{2^{10}}}", "exponent"),
    (r"\frac{", "cannot read"),
])
def test_ambiguous_or_hostile_latex_is_a_parse_error_naming_the_piece(tex, piece):
    with pytest.raises(ParseError, match=piece):
        parse_latex(tex, {"x": x, "theta": theta})


@pytest.mark.parametrize("spec, name, the_set", [
    ("theta in (0,1)", "theta", sp.Interval.open(0, 1)),
    ("sigma>0", "sigma", sp.Interval.open(0, sp.oo)),
    ("sigma >= 0", "sigma", sp.Interval(0, sp.oo)),
    ("mu", "mu", sp.Reals),
    ("n in {1,2,...}", "n", sp.Range(1, sp.oo)),
    ("nu in [1, oo)", "nu", sp.Interval(1, sp.oo)),
])
def test_symbol_specs(spec, name, the_set):
    assert symbol_spec(spec) == (name, the_set)


@pytest.mark.parametrize("spec, the_set", [
    ("[a,b]", sp.Interval(sp.Symbol("a"), sp.Symbol("b"))),
    ("(0,oo)", sp.Interval.open(0, sp.oo)),
    ("(-oo,oo)", sp.Reals),
    ("{0,1}", sp.FiniteSet(0, 1)),
    ("{0,1,2,...}", sp.Range(0, sp.oo)),
    ("{1,2,...}", sp.Range(1, sp.oo)),
    ("{0,...,n}", sp.Range(0, sp.Symbol("n") + 1)),
    ("{(1,0),(0,1)}", sp.FiniteSet(sp.Tuple(1, 0), sp.Tuple(0, 1))),
])
def test_set_specs(spec, the_set):
    names = {name: sp.Symbol(name) for name in "abn"}
    assert set_spec(spec, names) == the_set


@pytest.mark.parametrize("spec", ["theta in (0,1", "__class__ > 0", "1x", "theta in {0,2,4,...}", "import"])
def test_bad_specs_are_parse_errors(spec):
    with pytest.raises(ParseError):
        symbol_spec(spec)


def test_a_model_from_latex_is_the_model_from_sympy():
    m = sf.Model.from_latex(r"p(x \mid \lambda) = \lambda e^{-\lambda x}", "x", "lambda>0", "[0,oo)")
    (symbol,) = m.params
    assert m.fisher() == sp.Matrix([[symbol**-2]])


def test_text_reads_greek_letters_as_their_names():
    assert sf.Model.from_text("θ**x*(1-θ)**(1-x)", "x", "theta in (0,1)", "{0,1}").params[0].name == "theta"


def test_a_model_from_text_reads_python_keywords_as_names():
    m = sf.Model.from_text("lambda**x*exp(-lambda)/factorial(x)", "x", "lambda>0", "{0,1,2,...}")
    assert sp.simplify(m.fisher()[0] - 1 / m.params[0]) == 0


def test_a_density_that_does_not_normalise_is_refused_with_its_integral():
    with pytest.raises(NotNormalised, match="integrates to 2"):
        sf.Model.from_latex(r"2\lambda e^{-\lambda x}", "x", "lambda>0", "[0,oo)")


def test_a_bare_parameter_is_narrowed_only_where_the_density_fails_and_the_step_is_recorded():
    m = sf.Model.from_latex(r"\lambda e^{-\lambda x}", variables="x", params="lambda", support="[0, oo)")
    (lam_,) = m.params
    assert m.fisher() == sp.Matrix([[lam_**-2]])
    assert "λ > 0" in m.assumed_domain[lam_] and "negative or not real at λ = -9/20" in m.assumed_domain[lam_]
    bernoulli = sf.Model.from_text("theta**x*(1-theta)**(1-x)", "x", "theta", "{0,1}")
    assert "0 < θ < 1" in bernoulli.assumed_domain[bernoulli.params[0]]
    normal = sf.Model.from_text("exp(-(x-mu)**2/2)/sqrt(2*pi)", "x", "mu")
    assert normal.assumed_domain == {}                                    # valid on the whole line: kept real


def test_a_declared_domain_is_never_narrowed():
    with pytest.raises(sf.errors.NegativeDensity):
        sf.Model.from_text("theta**x*(1-theta)**(1-x)", "x", "theta in (0,2)", "{0,1}")
