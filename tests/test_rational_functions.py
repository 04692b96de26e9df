"""Cancelling rational functions by their denominators' factors, and the fraction-free inverse."""
import pytest
import sympy as sp
from sympy.polys.domains import QQ
from sympy.polys.rings import ring

from symfisher.expectation.engine import split
from symfisher.rational_functions import (
    _eliminated,
    _linear_and_primitive,
    _may_divide,
    _monomial,
    inverse_and_determinant,
    matrix_product,
    reduced_derivatives,
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
    assert inverse_and_determinant(sigma.inv())[0] == sigma


@pytest.mark.parametrize("matrix", [
    sp.Matrix([[a, (b**2 - 1) / (b - 1)], [b + 1, a * b]]),  # an entry not in lowest terms
    sp.Matrix([[a, b / 2], [b / 2, 1 - b]]),
    sp.Matrix(3, 3, lambda i, j: sp.Symbol(f"s{i}", positive=True) if i == j else sp.Symbol(f"c{i + j}") / 12),
])
def test_an_inverse_is_remembered_both_ways_exactly_as_elimination_gives_it(matrix):
    """What comes from memory is what elimination would give, to the tree: no result may depend on
    what was inverted before."""
    precision, determinant = inverse_and_determinant(matrix)
    again, its_determinant = inverse_and_determinant(precision)  # from memory
    by_elimination, its_determinant_by_elimination = _eliminated(precision)
    assert sp.srepr(again) == sp.srepr(by_elimination)
    assert sp.srepr(its_determinant) == sp.srepr(its_determinant_by_elimination)
    assert sp.simplify(again - matrix) == sp.zeros(*matrix.shape)
    again[0, 0] = 0  # the caller's copy, not the remembered matrix
    assert inverse_and_determinant(precision)[0][0, 0] != 0


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
    assert _eliminated(precision)[0] == sigma  # by elimination, not from memory
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
    assert inverse_and_determinant(sp.Matrix([[a, b], [2 * a, 2 * b]])) is None
    assert inverse_and_determinant(sp.Matrix([[sp.exp(a), 0], [0, 1]])) is None


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


def test_reduced_derivatives_of_a_rational_function_plus_logs():
    expr = (x - a) ** 2 / (2 * b * (a + b) ** 2) + 3 * sp.log(a**2 + b) - sp.log(b) / 2 + x * c / (a - b)
    derivatives = reduced_derivatives(expr, (a, b, c))
    for variable, derivative in zip((a, b, c), derivatives):
        assert sp.simplify(derivative - sp.diff(expr, variable)) == 0
        numerator, denominator = sp.fraction(sp.factor(derivative))
        assert sp.gcd(numerator, denominator) == 1


@pytest.mark.parametrize("expr", [sp.sin(a) * x, sp.sqrt(a) * x, sp.log(a) * a])
def test_reduced_derivatives_decline_a_derivative_that_is_not_rational(expr):
    assert reduced_derivatives(expr, (a,)) is None


def test_matrix_product_is_reduced_and_declines_irrational_entries():
    sigma = sp.Matrix([[a, c / 4], [c / 4, b]])
    assert matrix_product(sigma, sigma.inv()) == sp.eye(2)
    assert matrix_product(sigma.inv(), sp.Matrix([x, 1])) == sp.cancel(sigma.inv() * sp.Matrix([x, 1]))
    assert matrix_product(sp.Matrix([[sp.sqrt(a)]]), sp.Matrix([[b]])) is None


def test_a_large_log_density_is_expanded_and_differentiated_in_lowest_terms():
    """A symbolic 4 × 4 covariance (a 1 700-node density): past the size where SymPy's expand_log, diff and
    cancel are the slow way."""
    from symfisher.quantities import score as differentiation
    from symfisher.quantities.hessian import hessian
    from symfisher.quantities.log_density import log_density
    from symfisher.quantities.score import score
    from symfisher.families.multivariate_normal import gaussian_mean_model
    from symfisher.simplification import expanded_log, node_count

    sigma = sp.Matrix(4, 4, lambda i, j: sp.Symbol(f"s{i}", positive=True) if i == j
                      else sp.Symbol(f"c{min(i, j)}{max(i, j)}", real=True) / 16)
    model = gaussian_mean_model(sigma)
    assert node_count(model.view.density, differentiation._LARGE_ABOVE) is None
    view = model.view
    log_p = log_density(view)
    assert log_p == expanded_log(model.view.density) and not log_p.has(sp.exp)
    point = {**model.view.points[0], **dict(zip(model.view.variables, [sp.Rational(k, 3) for k in range(1, 5)]))}
    gradient = [sp.diff(log_p, mu) for mu in model.view.params]
    for i, mu in enumerate(model.view.params):
        assert sp.N(score(view)[i].xreplace(point) - gradient[i].xreplace(point), 30) == 0
        for j, nu in enumerate(model.view.params):
            assert sp.N(hessian(view)[i, j].xreplace(point) - sp.diff(gradient[i], nu).xreplace(point), 30) == 0
    assert all(sp.fraction(entry)[1] != 1 for entry in score(view))  # one fraction over det Σ, not a sum


def test_long_forms_are_ranked_by_their_node_count_not_by_counting_operations(monkeypatch):
    symbols = sp.symbols("v0:9", positive=True)
    numerator = sp.expand(sum(symbols) ** 3)  # 165 terms: far past what anyone reads
    expr = sp.Mul(-1, numerator, symbols[0] + 1, 1 / ((symbols[0] + 1) * symbols[1]), evaluate=False)

    def refuse(*_):
        raise AssertionError("count_ops on a form too long to read")

    monkeypatch.setattr(sp, "count_ops", refuse)
    tidied = tidy(expr, 30)
    assert sp.expand(tidied * symbols[1] + numerator) == 0 and tidied.count(symbols[0] + 1) == 0


def test_a_monomial_is_made_as_one_term_and_anything_else_is_left_to_the_general_reading():
    polynomials, *gens = ring((a, b, c), QQ)
    assert _monomial(sp.Rational(3, 4) * a**2 * b, polynomials) == QQ(3, 4) * gens[0] ** 2 * gens[1]
    assert _monomial(-c * a, polynomials) == -gens[2] * gens[0]
    for other in (a * (b + 1), b / a, a * x, a * sp.sqrt(b), a + b):  # x is not in the ring
        assert _monomial(other, polynomials) is None
    assert reduced_fraction(3 * a**2 * b / (4 * a)) == 3 * a * b / 4
