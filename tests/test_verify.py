"""sf.verify: right claims pass, wrong ones come with a point, the values, and the likely slip."""
import pytest
import sympy as sp

import symfisher as sf
from symfisher.errors import ArgumentError, ParseError


@pytest.fixture(scope="module")
def exponential():
    return sf.Model.from_text("lambda*exp(-lambda*x)", "x", "lambda>0", "[0,oo)")


@pytest.fixture(scope="module")
def normal():
    return sf.Model.from_text("exp(-(x-mu)**2/(2*sigma**2))/sqrt(2*pi*sigma**2)", "x", ["mu", "sigma>0"])


@pytest.mark.parametrize("claim, quantity", [
    ("1/lambda**2", "fisher"),
    (r"\frac{1}{\lambda^2}", "fisher"),
    ("n/lambda**2", "fisher"),              # n, unknown to the model, is the sample size
    ("lambda**2/n", "crlb"),
    ("1/lambda - x", "score"),
])
def test_right_claims(exponential, claim, quantity):
    verdict = sf.verify(exponential, claim, quantity)
    assert verdict.ok and verdict.counterexample is None and "simplifies to 0" in verdict.detail


@pytest.mark.parametrize("claim, quantity, cause", [
    ("-1/lambda**2", "fisher", "sign error"),
    ("lambda**2", "fisher", "inverse of the Fisher information"),
    ("1/lambda**2", "crlb", "the Fisher information, not its inverse"),
    ("2/lambda**2", "fisher", "2 times the Fisher information"),
    ("lambda**2", "crlb", None),                                     # right for n = 1: see below
    ("lambda**2/n**2", "crlb", "bound divided by n"),
    ("-lambda", "score", "the derivative in the data"),
    ("1/(4*lambda**4)", "fisher", "for λ² rather than λ"),
    ("x/lambda**3", "fisher", "depends on the data"),
])
def test_wrong_claims_get_a_counterexample_and_a_cause(exponential, claim, quantity, cause):
    verdict = sf.verify(exponential, claim, quantity)
    if cause is None:
        assert verdict.ok
        return
    assert not verdict.ok and not verdict
    assert cause in verdict.cause and cause in verdict.detail
    at, claimed, truth = verdict.counterexample["at"], verdict.counterexample["claim"], verdict.counterexample["truth"]
    assert claimed != truth
    exact_truth = sp.Matrix([[verdict.truth[0]]]).xreplace(at)[0]
    if not exact_truth.free_symbols:
        assert exact_truth == truth


def test_the_observed_information_is_told_apart_from_the_expected(exponential):
    poisson = sf.Model.from_text("lambda**x*exp(-lambda)/factorial(x)", "x", "lambda>0", "{0,1,2,...}")
    verdict = sf.verify(poisson, "x/lambda**2")
    assert not verdict.ok and "observed information" in verdict.cause


def test_matrix_claims_name_the_entry_that_differs(normal):
    right = sf.verify(normal, "[[1/sigma**2, 0], [0, 2/sigma**2]]")
    assert right.ok
    latex = sf.verify(normal, r"\frac{1}{\sigma^2}\begin{pmatrix} 1 & 0 \\ 0 & 2 \end{pmatrix}")
    assert latex.ok
    wrong = sf.verify(normal, "[[1/sigma**2, 0], [0, 1/(2*sigma**4)]]")
    assert not wrong.ok and "entry (2, 2)" in wrong.detail and "σ² rather than σ" in wrong.cause


def test_the_verdict_renders_in_notebooks(normal):
    wrong = sf.verify(normal, "[[1/sigma**2, 0], [0, 1/sigma**2]]")
    assert r"\times" in wrong._repr_latex_() and r"\begin{pmatrix}" in wrong._repr_latex_()
    assert r"\checkmark" in sf.verify(normal, "[[1/sigma**2, 0], [0, 2/sigma**2]]")._repr_latex_()


def test_unusable_claims_are_typed_errors(normal, exponential):
    with pytest.raises(ArgumentError, match="1×1 but the Fisher information"):
        sf.verify(normal, "1/sigma**2")
    with pytest.raises(ParseError, match="kappa"):
        sf.verify(exponential, "kappa/lambda")
    with pytest.raises(ArgumentError, match="quantity"):
        sf.verify(exponential, "1", "hessian")


def test_a_sympy_claim_is_read_by_symbol_name_whatever_its_assumptions(exponential):
    plain_lambda = sp.Symbol("lambda")                    # the model's λ is positive; this one is not
    assert sf.verify(exponential, 1 / plain_lambda**2).ok
    with pytest.raises(ParseError, match="kappa"):
        sf.verify(exponential, sp.Symbol("kappa") / plain_lambda)


def test_claims_that_are_huge_or_ragged_get_a_parse_error_at_once():
    import time

    model = sf.families.get("bernoulli")
    start = time.monotonic()
    for claim in ["\\begin{matrix}" * 70000, "[[1, 2], [3]]", r"\begin{pmatrix} 1 & 2 \\ 3 \end{pmatrix}"]:
        with pytest.raises(ParseError):
            sf.verify(model, claim)
    assert time.monotonic() - start < 5
