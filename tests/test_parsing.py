"""Plain-text expressions are parsed through a whitelist, never eval."""
import time

import pytest
import sympy as sp

from symfisher.errors import ParseError
from symfisher.input.text import parse_expression

eta = sp.Symbol("eta", real=True)
SYMBOLS = {"eta": eta}


@pytest.mark.parametrize("text, expected", [
    ("1/(1 + exp(-eta))", 1 / (1 + sp.exp(-eta))),
    ("eta^2 + 2.5", eta**2 + sp.Rational(5, 2)),
    ("gamma(eta)*pi", sp.gamma(eta) * sp.pi),
    ("-eta", -eta),
])
def test_expressions_over_known_names(text, expected):
    assert parse_expression(text, SYMBOLS) == expected


@pytest.mark.parametrize("text, piece", [
    ('__import__("os").system("true")', "__import__"),
    ("eta.__class__.__mro__", "eta.__class__"),
    ("(lambda: 1)()", "lambda"),
    ("[c for c in ()]", "for"),
    ("open('/etc/passwd')", "open"),
    ("theta", "theta"),
    ("9**9**9", "exponent"),
    ("eta +", "cannot parse"),
    ("exp(x=1)", "exp(x=1)"),
])
def test_anything_outside_the_whitelist_is_a_parse_error_naming_it(text, piece):
    with pytest.raises(ParseError, match=piece.replace("(", r"\(").replace(")", r"\)").replace(".", r"\.")
                       .replace("*", r"\*")):
        parse_expression(text, SYMBOLS)


BOMBS = ["factorial(10**9)*theta", "gamma(10**8)*theta", "binomial(10**9, 10**8)*theta", "polygamma(0, 10**9)*theta",
         "((10**999)**999)**999*theta", "factorial(factorial(20))*theta", "factorial(1688)*theta", "1e309*theta",
         "polygamma(10**999, 10**999)*theta", "polygamma(-385166, theta)", "factorial(1000)*factorial(1000)*theta",
         "9**9**9*theta", "1" * 200 + "*theta"]


@pytest.mark.parametrize("text", BOMBS)
def test_a_formula_that_would_compute_for_hours_is_refused_before_it_is_evaluated(text):
    start = time.monotonic()
    with pytest.raises(ParseError) as caught:
        parse_expression(text, {"theta": sp.Symbol("theta"), "x": sp.Symbol("x")})
    assert time.monotonic() - start < 2 and len(str(caught.value)) < 300


@pytest.mark.parametrize("tex", [r"\Gamma(10^{8})\theta", r"(10^9)!\theta", r"\binom{10^9}{10^8}\theta",
                                 r"((10^{999})^{999})^{999}\theta", r"2^{10^{10}}\theta"])
def test_a_latex_formula_that_would_compute_for_hours_is_refused_before_it_is_evaluated(tex):
    from symfisher.input.latex import parse_latex

    start = time.monotonic()
    with pytest.raises(ParseError):
        parse_latex(tex, {"theta": sp.Symbol("theta"), "x": sp.Symbol("x")})
    assert time.monotonic() - start < 5


def test_what_stays_inside_the_caps_is_read_as_before():
    theta = sp.Symbol("theta")
    assert parse_expression("factorial(10)*theta/binomial(20, 3)", {"theta": theta}) == sp.factorial(10) * theta / 1140
    assert parse_expression("2**100*theta + 0.1", {"theta": theta}) == 2**100 * theta + sp.Rational(1, 10)


@pytest.mark.parametrize("reader", ["text", "latex"])
def test_brackets_nested_past_the_cap_are_refused_at_once(reader):
    from symfisher.input.latex import parse_latex

    parse = parse_expression if reader == "text" else parse_latex
    start = time.monotonic()
    with pytest.raises(ParseError, match="nest 3000 deep"):
        parse("(" * 3000 + "x" + ")" * 3000, {"x": sp.Symbol("x")})
    assert time.monotonic() - start < 1
