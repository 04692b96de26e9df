"""Gaussian moments: when log p is a quadratic polynomial in x on ℝ^d.

Writing log p = −½ xᵀA x + bᵀx + c, the density is N(m, Σ) up to its mass, with Σ = A⁻¹ and
m = Σ b, and ∫ p = p(m) (2π)^{d/2} det(Σ)^{1/2}. A polynomial g(x) is expanded around m and each
centred moment E[Π yᵢ^{kᵢ}] follows from Isserlis' recursion E[yᵢ·rest] = Σⱼ Σᵢⱼ E[∂rest/∂yⱼ].
The certificate is Gauss–Hermite quadrature of the original integrand in whitened coordinates,
exact for polynomial integrands of the degree used.
"""
from __future__ import annotations

import itertools
from dataclasses import dataclass
from functools import lru_cache

import mpmath
import numpy as np
import sympy as sp
from sympy.polys.matrices import DomainMatrix

from .. import budget
from ..errors import BudgetExceeded
from ..rational_functions import inverse_and_determinant
from ..simplification import tidy
from .base import Closed, Decline
from .numeric import mpmath_function


@dataclass(frozen=True)
class GaussianStructure:
    """The quadratic form of a Gaussian log-density (internal symbols)."""

    variables: tuple[sp.Symbol, ...]
    precision: sp.Matrix   # A
    covariance: sp.Matrix  # Σ = A⁻¹
    mean: sp.Matrix        # m = Σ b
    mass: sp.Expr          # ∫ p

    def is_positive_definite_at(self, point: dict) -> bool:
        """Is A positive definite at the numeric parameter ``point`` (so the density is integrable)?"""
        try:
            numeric = np.array(self.precision.xreplace(point).evalf(), dtype=float)
            return bool(np.all(np.linalg.eigvalsh(numeric) > 0))
        except (TypeError, ValueError, np.linalg.LinAlgError):
            return False


def gaussian_structure(model) -> GaussianStructure | None:
    """The model's Gaussian structure, or None when log p is not quadratic in x on ℝ^d (cached)."""
    if "gaussian" not in model._cache:
        model._cache["gaussian"] = _structure(model)
    return model._cache["gaussian"]


def _structure(model) -> GaussianStructure | None:
    support = model.support
    if support.discrete or support.sets is None or any(s != sp.Reals and s != sp.Interval(-sp.oo, sp.oo)
                                                        for s in support.sets):
        return None
    xs = model._variables
    # the coefficients of log p as a polynomial in x, left as they stand: expanding them (Σ⁻¹ entries
    # times means) and differentiating the expansion took a minute for a symbolic 5 × 5 covariance
    coefficients = _polynomial_in(sp.expand_log(sp.log(model._density), force=True), xs)
    if coefficients is None or max(sum(k) for k in coefficients) != 2:
        return None
    d = len(xs)

    def coefficient(*indices: int) -> sp.Expr:
        return coefficients.get(tuple(indices.count(i) for i in range(d)), sp.Integer(0))

    precision = sp.Matrix(d, d, lambda k, l: -(2 if k == l else 1) * coefficient(k, l))
    linear = sp.Matrix([coefficient(k) for k in range(d)])
    try:
        inverted, determinant = budget.within(model.budget, _inverse, precision)
        covariance = tidy(inverted, model.budget)
        mean = tidy(covariance * linear, model.budget)
        at_mean = model._density.xreplace(dict(zip(xs, mean)))
        mass = tidy(at_mean * (2 * sp.pi) ** sp.Rational(len(xs), 2) * sp.sqrt(1 / determinant), model.budget)
    except (BudgetExceeded, ValueError, ZeroDivisionError):
        return None
    return GaussianStructure(xs, precision, covariance, mean, mass)


def _inverse(matrix: sp.Matrix) -> tuple[sp.Matrix, sp.Expr]:
    """(A⁻¹, det A) in lowest terms, so that the inverse of Σ⁻¹ comes back as Σ: by elimination over
    factored fractions for rational entries over ℚ, else over the field of their rational functions
    (a gcd at every step), else SymPy's own inverse where the entries are not rational."""
    reduced = inverse_and_determinant(matrix)
    if reduced is not None:
        return reduced
    try:
        field = DomainMatrix.from_Matrix(matrix).to_field()
    except (sp.PolynomialError, NotImplementedError, ValueError):
        return matrix.inv(), matrix.det()
    if field.domain.is_EX or field.domain.is_EXRAW:
        return matrix.inv(), matrix.det()
    return field.inv().to_Matrix(), field.domain.to_sympy(field.det())


def close(model, g: sp.Expr) -> Closed:
    """∫ g p for polynomial g under a Gaussian density.

    Worked on placeholders: g's x-free coefficients, the mean and the covariance entries stand in as
    symbols while g is expanded around the mean and Isserlis' theorem applied, and are put back only
    in the result. For a symbolic covariance those are rational functions of many symbols, and
    multiplying them out was most of the cost of E[s sᵀ] (a d = 4 mean: 34 of 70 s).
    """
    structure = gaussian_structure(model)
    if structure is None:
        raise Decline("log p is not a quadratic polynomial in the variables on ℝ^d")
    xs = structure.variables
    polynomial = _polynomial_in(g, xs)
    if polynomial is None:
        raise Decline(f"the integrand is not a polynomial in {', '.join(map(str, xs))}")
    means, sigma, back = _placeholders(model, structure)
    ys = sp.symbols(f"y0:{len(xs)}", real=True)
    total = sp.Integer(0)
    for exponents, coefficient in polynomial.items():
        centred = sp.Poly(sp.Mul(*((m + y) ** k for m, y, k in zip(means, ys, exponents))), *ys)
        total += coefficient * sp.Add(*(c * isserlis(monomial, sigma) for monomial, c in centred.terms()))
    return Closed(structure.mass * total.xreplace(back), "Gaussian moments",
                  "log p is quadratic in x: moments of N(m, Σ) by Isserlis' theorem")


def _polynomial_in(expr: sp.Expr, xs: tuple) -> dict | None:
    """{exponents: coefficient} of ``expr`` as a polynomial in ``xs``, the coefficients left unexpanded
    (products and sums of the x-free parts as they stand), or None when ``expr`` is not a polynomial."""
    terms = _polynomial_terms(expr, xs)
    return None if terms is None else {k: sp.Add(*v) for k, v in terms.items()}


def _polynomial_terms(expr: sp.Expr, xs: tuple) -> dict | None:
    """{exponents: [coefficient terms]} (see ``_polynomial_in``)."""
    if not expr.has(*xs):
        return {(0,) * len(xs): [expr]}
    if expr in xs:
        return {tuple(int(x == expr) for x in xs): [sp.Integer(1)]}
    if expr.is_Add:
        total: dict = {}
        for arg in expr.args:
            part = _polynomial_terms(arg, xs)
            if part is None:
                return None
            for k, v in part.items():
                total.setdefault(k, []).extend(v)
        return total
    if expr.is_Mul or (expr.is_Pow and expr.exp.is_Integer and expr.exp > 0):
        factors = expr.args if expr.is_Mul else [expr.base] * int(expr.exp)
        product = {(0,) * len(xs): [sp.Integer(1)]}
        for factor in factors:
            part = _polynomial_terms(factor, xs)
            if part is None:
                return None
            product = {k: [sp.Add(*v)] for k, v in _times(product, part).items()}
        return product
    return None


def _times(a: dict, b: dict) -> dict:
    product: dict = {}
    for ka, va in a.items():
        for kb, vb in b.items():
            product.setdefault(tuple(i + j for i, j in zip(ka, kb)), []).append(sp.Add(*va) * sp.Add(*vb))
    return product


def _placeholders(model, structure: GaussianStructure) -> tuple[list, sp.Matrix, dict]:
    """Symbols standing for the mean entries and the (symmetric) covariance entries, and the map back."""
    if "gaussian placeholders" not in model._cache:
        d = len(structure.variables)
        means = [sp.Dummy(f"m{i}") for i in range(d)]
        entries = {(i, j): sp.Dummy(f"S{i}{j}") for i in range(d) for j in range(i, d)}
        sigma = sp.Matrix(d, d, lambda i, j: entries[min(i, j), max(i, j)])
        back = {**dict(zip(means, structure.mean)),
                **{symbol: structure.covariance[i, j] for (i, j), symbol in entries.items()}}
        model._cache["gaussian placeholders"] = means, sigma, back
    return model._cache["gaussian placeholders"]


def isserlis(exponents: tuple[int, ...], sigma: sp.Matrix) -> sp.Expr:
    """E[Π yᵢ^{kᵢ}] for y ~ N(0, Σ)."""
    entries = tuple(tuple(sigma.row(i)) for i in range(sigma.rows))
    return _moment(tuple(exponents), entries)


@lru_cache(maxsize=4096)
def _moment(exponents: tuple[int, ...], sigma: tuple) -> sp.Expr:
    if sum(exponents) == 0:
        return sp.Integer(1)
    if sum(exponents) % 2:
        return sp.Integer(0)
    i = next(k for k, e in enumerate(exponents) if e)
    rest = list(exponents)
    rest[i] -= 1
    total = sp.Integer(0)
    for j, count in enumerate(rest):
        if count:
            lowered = list(rest)
            lowered[j] -= 1
            total += sigma[i][j] * count * _moment(tuple(lowered), sigma)
    return total


def gauss_hermite(model, g: sp.Expr, point: dict, digits: int = 30) -> tuple[mpmath.mpf, mpmath.mpf] | None:
    """∫ g p at ``point`` by Gauss–Hermite quadrature in whitened coordinates; (value, error estimate)."""
    structure = gaussian_structure(model)
    polynomial = None if structure is None else _polynomial_in(g, structure.variables)
    if polynomial is None:
        return None
    xs = structure.variables
    with mpmath.workdps(digits):
        covariance = mpmath.matrix(structure.covariance.xreplace(point).evalf(digits).tolist())
        mean = mpmath.matrix(structure.mean.xreplace(point).evalf(digits).tolist())
        factor = mpmath.cholesky(covariance)
        integrand = mpmath_function(xs, (g * model._density).xreplace(point))
        degree = max(sum(k) for k in polynomial)
        order = degree // 2 + 1  # n nodes integrate degree 2n − 1 exactly: both orders are exact
        values = [_hermite_sum(integrand, mean, factor, n, len(xs)) for n in (order, order + 1)]
        return values[1], abs(values[1] - values[0])


def _hermite_sum(integrand, mean, factor, order: int, dimension: int) -> mpmath.mpf:
    nodes, weights = np.polynomial.hermite.hermgauss(order)
    jacobian = mpmath.det(factor) * mpmath.mpf(2) ** (mpmath.mpf(dimension) / 2)
    total = mpmath.mpf(0)
    for index in itertools.product(range(order), repeat=dimension):
        z = mpmath.matrix([mpmath.mpf(nodes[i]) * mpmath.sqrt(2) for i in index])
        x = mean + factor * z
        weight = mpmath.fprod(mpmath.mpf(weights[i]) for i in index)
        # hermgauss integrates e^{-t²}: with z = √2 t the weight e^{-|z|²/2} is divided out below
        total += weight * integrand(*x) * mpmath.exp(sum(zi ** 2 for zi in z) / 2)
    return total * jacobian
