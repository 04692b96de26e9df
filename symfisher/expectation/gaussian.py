"""Gaussian moments: when log p is a quadratic polynomial in x on ℝ^d.

Writing log p = −½ xᵀA x + bᵀx + c, the density is N(m, Σ) up to its mass, with Σ = A⁻¹ and
m = Σ b, and ∫ p = p(m) (2π)^{d/2} det(Σ)^{1/2}. A polynomial g(x) is expanded around m and each
centred moment E[Π yᵢ^{kᵢ}] follows from Isserlis' recursion E[yᵢ·rest] = Σⱼ Σᵢⱼ E[∂rest/∂yⱼ]; a
product of affine forms Π(aᵢᵀx + cᵢ) is paired as it stands (Wick), never expanded.
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
from ..rational_functions import inverse_and_determinant, matrix_product
from ..simplification import expanded_log, tidy
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
        """Is A positive definite at the numeric parameter ``point`` (so the density is integrable)?

        Asked of Σ = A⁻¹, the same question where both are finite (A Σ = I), and a far smaller matrix
        when Σ is the symbolic one; where A has a pole Σ is singular, and a pole of Σ fails to convert."""
        try:
            numeric = np.array(self.covariance.xreplace(point).evalf(), dtype=float)
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
    coefficients = _polynomial_in(expanded_log(model._density), xs)
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

    A product of affine forms (E[sᵢsⱼ] for a Gaussian mean) goes by Wick's theorem, see ``_wick``.
    Otherwise the work is on placeholders: g's x-free coefficients, the mean and the covariance entries
    stand in as symbols while g is expanded around the mean and Isserlis' theorem applied, and are put
    back only in the result. For a symbolic covariance those are rational functions of many symbols, and
    multiplying them out was most of the cost of E[s sᵀ] (a d = 4 mean: 34 of 70 s).
    """
    structure = gaussian_structure(model)
    if structure is None:
        raise Decline("log p is not a quadratic polynomial in the variables on ℝ^d")
    xs = structure.variables
    product = _affine_product(g, xs)
    if product is not None:
        return Closed(structure.mass * _wick(structure, *product, model.budget), "Gaussian moments",
                      "log p is quadratic in x: a product of affine forms in x under N(m, Σ), by Wick's theorem")
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


def _affine_product(g: sp.Expr, xs: tuple) -> tuple[sp.Expr, list[dict]] | None:
    """(constant, [affine factors as {exponents: coefficient}]) when g is a constant times a product of
    at most ``_WICK_FACTORS_AT_MOST`` factors of degree one in x, not all of them single variables (a
    monomial is Isserlis' case); otherwise None."""
    constant, factors = sp.Integer(1), []
    for factor in sp.Mul.make_args(g):
        base, power = factor.as_base_exp()
        if not factor.has(*xs):
            constant *= factor
            continue
        if not (power.is_Integer and power > 0):
            return None
        form = _affine_form(base, xs)
        if form is None:
            return None
        factors += [form] * int(power)
    if not factors or len(factors) > _WICK_FACTORS_AT_MOST or all(len(f) == 1 for f in factors):
        return None
    return constant, factors


_WICK_FACTORS_AT_MOST = 6


@lru_cache(maxsize=256)
def _affine_form(expr: sp.Expr, xs: tuple) -> dict | None:
    """``_polynomial_in(expr, xs)`` when expr has degree one (a score entry recurs in a row of E[s sᵀ]);
    the dict is shared, read only."""
    form = _polynomial_in(expr, xs)
    return form if form is not None and max(sum(k) for k in form) == 1 else None


def _wick(structure: GaussianStructure, constant: sp.Expr, factors: list[dict], seconds: float) -> sp.Expr:
    """E[c Π (aᵢᵀx + cᵢ)] under N(m, Σ), c shared among the factors: with bᵢ = aᵢᵀm + cᵢ and wᵢⱼ = aᵢᵀΣaⱼ,
    the sum over the ways to pair some factors (a product of w) and keep the others at their means (b).

    The bᵢ and wᵢⱼ are computed and cancelled first, in the order Σaⱼ then aᵢᵀ(Σaⱼ): for scores with a
    symbolic covariance they are tiny (bᵢ = 0, wᵢⱼ = Σ⁻¹ᵢⱼ), where expanding the product first made
    sums of 300 000 nodes to cancel for d = 6 (13 s per entry of E[s sᵀ])."""
    d = len(structure.variables)
    unit = [tuple(int(i == k) for i in range(d)) for k in range(d)]
    scales = _shares(constant, len(factors))
    slopes = sp.Matrix([[scale * f.get(u, sp.Integer(0)) for u in unit] for f, scale in zip(factors, scales)])
    offsets = sp.Matrix([scale * f.get((0,) * d, sp.Integer(0)) for f, scale in zip(factors, scales)])
    b = _reduced_product(slopes.row_join(offsets), structure.mean.col_join(sp.Matrix([1])), seconds)
    w = _reduced_product(slopes, _reduced_product(structure.covariance, slopes.T, seconds), seconds)
    return _pairings(tuple(range(len(factors))), b, w)


def _shares(constant: sp.Expr, count: int) -> list[sp.Expr]:
    """``count`` factors whose product is ``constant``, each with an equal share of its denominators:
    the score (aᵀx + c)/det Σ then keeps its own 1/det Σ, and Σaⱼ cancels to a unit vector before aᵢᵀ
    multiplies it, instead of aᵢᵀΣaⱼ = det Σ · (Σ⁻¹)ᵢⱼ being expanded and divided back."""
    shares = [sp.Integer(1)] * count
    for part in sp.Mul.make_args(constant):
        base, power = part.as_base_exp()
        if power.is_Integer and power < 0:
            each, rest = divmod(-int(power), count)
            shares = [share * base ** -(each + (rest if i == 0 else 0)) for i, share in enumerate(shares)]
        else:
            shares[0] *= part
    return shares


def _reduced_product(a: sp.Matrix, b: sp.Matrix, seconds: float) -> sp.Matrix:
    """a·b in lowest terms; as it stands where an entry is not rational over ℚ or cancelling runs out of
    ``seconds`` (the caller's own simplification, under its budget, comes next)."""
    try:
        return budget.within(seconds, matrix_product, a, b) or a * b
    except BudgetExceeded:
        return a * b


def _pairings(indices: tuple, b: sp.Matrix, w: sp.Matrix) -> sp.Expr:
    """Wick's sum for the factors ``indices``: the first is at its mean or paired with one of the rest."""
    if not indices:
        return sp.Integer(1)
    first, rest = indices[0], indices[1:]
    total = b[first] * _pairings(rest, b, w)
    for j in rest:
        total += w[first, j] * _pairings(tuple(k for k in rest if k != j), b, w)
    return total


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
    degree = None if structure is None else _degree_in(g, structure.variables)
    if degree is None:
        return None
    with mpmath.workdps(digits):
        at_point = sp.Mul(*(_at_point(model, f, point) for f in sp.Mul.make_args(g)))
        factor = mpmath_function(structure.variables, at_point)
        order = degree // 2 + 1  # n nodes integrate degree 2n − 1 exactly: both orders are exact
        values = [mpmath.fsum(weight * factor(*x) for x, weight in _weighted_nodes(model, point, n, digits))
                  for n in (order, order + 1)]
        return values[1], abs(values[1] - values[0])


def _at_point(model, factor: sp.Expr, point: dict) -> sp.Expr:
    """``factor`` with the parameters of ``point`` put in, remembered: the score entries recur as factors
    in a row of E[s sᵀ], and substituting into each product anew cost a third of its certificates."""
    key = ("at point", factor, _key(point))
    if key not in model._cache:
        model._cache[key] = factor.xreplace(point)
    return model._cache[key]


def _key(point: dict) -> tuple:
    return tuple(sorted(point.items(), key=sp.default_sort_key))


def _weighted_nodes(model, point: dict, order: int, digits: int) -> list[tuple[tuple, mpmath.mpf]]:
    """[(x, w)] with Σ w g(x) = ∫ g p for polynomials g of degree below 2·order: the Gauss–Hermite nodes
    x = m + Lz of N(m, Σ = LLᵀ) at ``point``, each weight times p(x)e^{|z|²/2} and the Jacobian.

    The density's own values enter every weight, so a wrong mean or covariance shows as a wrong sum;
    they are computed once per point and order and shared by every certificate there (evaluated
    for each integrand they were most of the cost of E[s sᵀ] for a symbolic covariance)."""
    key = ("Gauss–Hermite nodes", _key(point), order, digits)
    if key not in model._cache:
        structure = gaussian_structure(model)
        dimension = len(structure.variables)
        covariance = mpmath.matrix(structure.covariance.xreplace(point).evalf(digits).tolist())
        mean = mpmath.matrix(structure.mean.xreplace(point).evalf(digits).tolist())
        factor = mpmath.cholesky(covariance)
        density = mpmath_function(structure.variables, model._density.xreplace(point))
        nodes, weights = np.polynomial.hermite.hermgauss(order)
        jacobian = mpmath.det(factor) * mpmath.mpf(2) ** (mpmath.mpf(dimension) / 2)
        weighted = []
        for index in itertools.product(range(order), repeat=dimension):
            z = mpmath.matrix([mpmath.mpf(nodes[i]) * mpmath.sqrt(2) for i in index])
            x = tuple(mean + factor * z)
            # hermgauss integrates e^{-t²}: with z = √2 t the weight e^{-|z|²/2} is divided out here
            weight = mpmath.fprod(mpmath.mpf(weights[i]) for i in index)
            weighted.append((x, weight * density(*x) * mpmath.exp(sum(zi ** 2 for zi in z) / 2) * jacobian))
        model._cache[key] = weighted
    return model._cache[key]


def _degree_in(expr: sp.Expr, xs: tuple) -> int | None:
    """A bound on the total degree of ``expr`` as a polynomial in ``xs`` (exact unless terms cancel),
    read off the tree without expanding; None when it is not a polynomial."""
    if not expr.has(*xs):
        return 0
    if expr in xs:
        return 1
    if expr.is_Add or expr.is_Mul:
        degrees = [_degree_in(arg, xs) for arg in expr.args]
        return None if None in degrees else (max if expr.is_Add else sum)(degrees)
    if expr.is_Pow and expr.exp.is_Integer and expr.exp > 0:
        degree = _degree_in(expr.base, xs)
        return None if degree is None else degree * int(expr.exp)
    return None
