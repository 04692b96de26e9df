"""Cancelling rational functions by their denominators' factors, and the fraction-free inverse."""
import pytest
import sympy as sp
from sympy.polys.domains import QQ
from sympy.polys.rings import ring

from symfisher.expectation.engine import split
from symfisher.rational_functions import (
    _linear_and_primitive,
    _may_divide,
    inverse,
    inverse_and_determinant,
    reduced_fraction,
)
from symfisher.simplification import tidy

a, b, c = sp.symbols("a b c", positive=True)
x = sp.Symbol("x", real=True)


@pytest.mark.parametrize("expr, expected", [
    ((a**2 - b**2) / (a - b), a + b),
    (1 / a + 1 / b, (a + b) / (a * b)),
    ((a + b) / (2 * a + 2 * b) ** 2, 1 / (4 * (a + b))),
    (1 / (1 - a) - 1 / (a - 1), 2 / (1 - a)),
    # a denominator written expanded, (a + b)² as a² + 2ab + b², still cancels against a + b
    ((a + b) / (a**2 + 2 * a * b + b**2), 1 / (a + b)),
    ((a**2 - b**2) / (a + b) - (a - b), 0),
])
def test_reduced_fraction_is_in_lowest_terms(expr, expected):
    reduced = reduced_fraction(expr)
    assert sp.simplify(reduced - expected) == 0
    numerator, denominator = sp.fraction(sp.factor(reduced))
    assert sp.gcd(numerator, denominator) == (1 if numerator != 0 else denominator)


@pytest.mark.parametrize("expr", [a + sp.sqrt(b), sp.exp(a) / (1 + a), sp.Float(0.5) * a, sp.pi * a, sp.Integer(3)])
def test_reduced_fraction_declines_what_is_not_a_rational_function_over_q(expr):
    assert reduced_fraction(expr) is None


def test_inverse_of_a_symbolic_precision_gives_the_covariance_back():
    s1, s2, s3 = sp.symbols("s1:4", positive=True)
    c12, c13, c23 = sp.symbols("c12 c13 c23", real=True)
    sigma = sp.Matrix([[s1, c12 / 12, c13 / 12], [c12 / 12, s2, c23 / 12], [c13 / 12, c23 / 12, s3]])
    assert inverse(sigma.inv()) == sigma


def test_inverse_and_determinant_of_a_matrix_that_needs_a_row_swap():
    matrix = sp.Matrix([[0, a, 1], [b, c, 0], [1, 0, a + b]])
    found, determinant = inverse_and_determinant(matrix)
    assert sp.simplify(found - matrix.inv()) == sp.zeros(3, 3)
    assert sp.expand(determinant - matrix.det()) == 0


def test_a_symbolic_5_by_5_covariance_comes_back_from_its_inverse():
    """The size at which the fraction-free route needed det(Σ)⁴ expanded, and SymPy's inv a minute."""
    sigma = sp.Matrix(5, 5, lambda i, j: sp.Symbol(f"s{i}", positive=True) if i == j
                      else sp.Symbol(f"c{min(i, j)}{max(i, j)}", real=True) / 20)
    precision, determinant = inverse_and_determinant(sigma)
    assert inverse(precision) == sigma
    point = {s: sp.Rational(k + 3, 2) for k, s in enumerate(sorted(sigma.free_symbols, key=str))}
    assert determinant.xreplace(point) == sigma.xreplace(point).det()


def test_a_failed_image_division_proves_a_factor_does_not_divide():
    polynomials, p, q, r = ring("p q r", QQ)
    factor = p * q + r + 1
    assert _may_divide(factor, factor * (p - r) ** 2)
    assert not _may_divide(factor, factor * (p - r) ** 2 + 1)
    assert not _may_divide(p + q, p * q + 1)


def test_a_large_polynomial_linear_in_a_variable_is_recognised_irreducible_or_not():
    polynomials, *gens = ring(" ".join(f"v{i}" for i in range(8)), QQ)
    wide = sum(g * h for g in gens[1:] for h in gens[1:])  # 28 terms, free of v0
    linear = gens[0] * (wide + 1) + wide + 3   # coprime coefficients: irreducible
    assert _linear_and_primitive(linear)
    assert not _linear_and_primitive((gens[0] + 1) * (wide + 1))  # a common factor of both coefficients
    assert not _linear_and_primitive(gens[0] + gens[1])  # small: left to factor_list


def test_inverse_declines_singular_and_non_rational_matrices():
    assert inverse(sp.Matrix([[a, b], [2 * a, 2 * b]])) is None
    assert inverse(sp.Matrix([[sp.exp(a), 0], [0, 1]])) is None


def test_tidy_reduces_a_piecewise_branch_by_branch():
    k = sp.Symbol("k", integer=True)
    piecewise = sp.Piecewise((1 / a - (1 - a) / (a * (1 - a)) + 1, sp.Eq(k, 1)), ((a**2 - 1) / (a - 1), True))
    assert tidy(piecewise, 10) == sp.Piecewise((1, sp.Eq(k, 1)), (a + 1, True))


def test_split_keeps_coefficients_unexpanded():
    """Expanding in x must not multiply out the x-free coefficients (products of Σ⁻¹ entries)."""
    coefficient = (a + b) ** 3 / (a - c) ** 2
    pairs = split(coefficient * (x**2 + x), (x,), 10)
    assert {g for _, g in pairs} == {x**2, x}
    assert all(c == coefficient for c, _ in pairs)
