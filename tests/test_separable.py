"""Separated quadrature (the 2-D certificates): exact splitting, full precision, and where it must decline."""
import mpmath
import pytest
import sympy as sp

from symfisher.expectation.numeric.separable import separated_quadrature

x, w = sp.symbols("x w", real=True)
UNIT = (sp.Integer(0), sp.Integer(1))
third, half = sp.Rational(1, 3), sp.Rational(1, 2)


def quadrature(integrand, digits=20):
    with mpmath.workdps(digits):
        return separated_quadrature(integrand, x, UNIT, w, UNIT)


def test_a_dirichlet_corner_integrand_is_split_and_integrated_to_full_precision():
    """∫∫ x^{−1/3} ((1 − x)w)^{1/2} (1 − x − (1 − x)w)^{−1/2} log(1 − x − (1 − x)w) (1 − x) dw dx
    = B(2/3, 2) B(3/2, 1/2)(ψ(2) − ψ(8/3) + ψ(1/2) − ψ(2)) by hand."""
    corner = 1 - x - (1 - x) * w
    integrand = x ** -third * ((1 - x) * w) ** half * corner ** -half * sp.log(corner) * (1 - x)
    value, error = quadrature(integrand)
    with mpmath.workdps(30):
        expected = (mpmath.beta(mpmath.mpf(2) / 3, 2) * mpmath.beta(1.5, 0.5)
                    * (mpmath.digamma(0.5) - mpmath.digamma(mpmath.mpf(8) / 3)))
    assert abs(value - expected) < 1e-15 * abs(expected) and error < 1e-15


def test_a_base_written_as_a_product_of_two_negative_factors_keeps_its_value():
    """((x − 1)(w − 1))^{1/2} is √((1 − x)(1 − w)): splitting it as (x − 1)^{1/2}(w − 1)^{1/2} would be i² = −1 off."""
    value, _ = quadrature(((x - 1) * (w - 1)) ** half)
    with mpmath.workdps(20):
        assert abs(value - mpmath.mpf(4) / 9) < 1e-18


@pytest.mark.parametrize("integrand", [
    sp.log(x + w),                          # a factor in both variables
    ((x - half) ** 2) ** third,             # a factor vanishing inside the range
    sp.Abs(x - half) * w,                   # a kink: the 2-D quadrature splits at it
    ((x - 2) * w) ** half,                  # a negative base: not a real integrand to split
])
def test_declines_what_does_not_separate_into_positive_factors(integrand):
    assert quadrature(integrand) is None
