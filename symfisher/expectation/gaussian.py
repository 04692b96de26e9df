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
from ..rational_functions import inverse
from ..simplification import tidy
from .base import Closed, Decline


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
    log_p = sp.expand(sp.expand_log(sp.log(model._density), force=True))
    if not log_p.is_polynomial(*xs):
        return None
    if sp.Poly(log_p, *xs).total_degree() != 2:
        return None
    precision = -sp.hessian(log_p, xs)
    if precision.free_symbols & set(xs):
        return None
    linear = sp.Matrix([sp.diff(log_p, x).xreplace({v: 0 for v in xs}) for x in xs])
    try:
        covariance = budget.within(model.budget, lambda: tidy(_inverse(precision), model.budget))
        mean = tidy(covariance * linear, model.budget)
        at_mean = model._density.xreplace(dict(zip(xs, mean)))
        mass = tidy(at_mean * (2 * sp.pi) ** sp.Rational(len(xs), 2) * sp.sqrt(covariance.det()), model.budget)
    except (BudgetExceeded, ValueError, ZeroDivisionError):
        return None
    return GaussianStructure(xs, precision, covariance, mean, mass)


def _inverse(matrix: sp.Matrix) -> sp.Matrix:
    """A⁻¹ in lowest terms, so that the inverse of Σ⁻¹ comes back as Σ: fraction-free for rational
    entries over ℚ, else over the field of their rational functions (a gcd at every step), else
    SymPy's own inverse where the entries are not rational."""
    reduced = inverse(matrix)
    if reduced is not None:
        return reduced
    try:
        field = DomainMatrix.from_Matrix(matrix).to_field()
    except (sp.PolynomialError, NotImplementedError, ValueError):
        return matrix.inv()
    if field.domain.is_EX or field.domain.is_EXRAW:
        return matrix.inv()
    return field.inv().to_Matrix()


def close(model, g: sp.Expr) -> Closed:
    """∫ g p for polynomial g under a Gaussian density."""
    structure = gaussian_structure(model)
    if structure is None:
        raise Decline("log p is not a quadratic polynomial in the variables on ℝ^d")
    xs = structure.variables
    if not g.is_polynomial(*xs):
        raise Decline(f"{g} is not a polynomial in {xs}")
    ys = sp.symbols(f"y0:{len(xs)}", real=True)
    shifted = sp.Poly(sp.expand(g.xreplace({x: m + y for x, m, y in zip(xs, structure.mean, ys)})), *ys)
    sigma = structure.covariance
    total = sp.Add(*(coefficient * isserlis(monomial, sigma) for monomial, coefficient in shifted.terms()))
    return Closed(structure.mass * total, "Gaussian moments",
                  "log p is quadratic in x: moments of N(m, Σ) by Isserlis' theorem")


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
    if structure is None or not g.is_polynomial(*structure.variables):
        return None
    xs = structure.variables
    with mpmath.workdps(digits):
        covariance = mpmath.matrix(structure.covariance.xreplace(point).evalf(digits).tolist())
        mean = mpmath.matrix(structure.mean.xreplace(point).evalf(digits).tolist())
        factor = mpmath.cholesky(covariance)
        integrand = sp.lambdify(xs, (g * model._density).xreplace(point), modules="mpmath")
        degree = sp.Poly(g, *xs).total_degree() if g.free_symbols & set(xs) else 0
        order = degree // 2 + 3
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
