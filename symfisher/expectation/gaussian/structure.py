"""Gaussian structure: when log p is a quadratic polynomial in x on ℝ^d.

Writing log p = −½ xᵀA x + bᵀx + c, the density is N(m, Σ) up to its mass, with Σ = A⁻¹ and
m = Σ b, and ∫ p = p(m) (2π)^{d/2} det(Σ)^{1/2}. The moments that follow are in :mod:`.moments`, the
sparse-grid certificate in :mod:`..numeric.hermite`.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np
import sympy as sp
from sympy.polys.matrices import DomainMatrix

from ... import budget
from ...errors import BudgetExceeded
from ...memo import per_model
from ...rational_functions import inverse_and_determinant, matrix_product
from ...simplification import expanded_log, tidy
from .polynomials import polynomial_in

if TYPE_CHECKING:
    from ...model.view import ModelView


@dataclass(frozen=True)
class GaussianStructure:
    """The quadratic form of a Gaussian log-density (internal symbols)."""

    variables: tuple[sp.Symbol, ...]
    precision: sp.Matrix   # A
    covariance: sp.Matrix  # Σ = A⁻¹
    mean: sp.Matrix        # m = Σ b
    mass: sp.Expr          # ∫ p
    products: dict = field(default_factory=dict, compare=False, repr=False)  # see moments.wick

    def is_positive_definite_at(self, point: dict) -> bool:
        """Is A positive definite at the numeric parameter ``point`` (so the density is integrable)?

        Asked of Σ = A⁻¹, the same question where both are finite (A Σ = I), and a far smaller matrix
        when Σ is the symbolic one; where A has a pole Σ is singular, and a pole of Σ fails to convert."""
        try:
            numeric = np.array(self.covariance.xreplace(point).evalf(), dtype=float)
            return bool(np.all(np.linalg.eigvalsh(numeric) > 0))
        except (TypeError, ValueError, np.linalg.LinAlgError):
            return False


@per_model
def gaussian_structure(model: ModelView) -> GaussianStructure | None:
    """The model's Gaussian structure, or None when log p is not quadratic in x on ℝ^d."""
    support = model.support
    if support.discrete or support.sets is None or any(s != sp.Reals and s != sp.Interval(-sp.oo, sp.oo)
                                                        for s in support.sets):
        return None
    xs = model.variables
    # the coefficients of log p as a polynomial in x, left as they stand: expanding them (Σ⁻¹ entries
    # times means) and differentiating the expansion took a minute for a symbolic 5 × 5 covariance
    coefficients = polynomial_in(expanded_log(model.density), xs)
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
        mean = budget.within(model.budget, matrix_product, covariance, linear) or tidy(covariance * linear,
                                                                                      model.budget)
        at_mean = model.density.xreplace(dict(zip(xs, mean)))
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
