"""Plain-text expressions are parsed through a whitelist, never eval."""
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
