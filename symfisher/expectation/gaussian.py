"""Gaussian moments: when log p is a quadratic polynomial in x on ℝ^d.

Writing log p = −½ xᵀA x + bᵀx + c, the density is N(m, Σ) up to its mass, with Σ = A⁻¹ and
m = Σ b, and ∫ p = p(m) (2π)^{d/2} det(Σ)^{1/2}. A polynomial g(x) is expanded around m and each
centred moment E[Π yᵢ^{kᵢ}] follows from Isserlis' recursion E[yᵢ·rest] = Σⱼ Σᵢⱼ E[∂rest/∂yⱼ]; a
product of affine forms Π(aᵢᵀx + cᵢ) is paired as it stands (Wick), never expanded.
The certificate is a sparse grid of Gauss–Hermite rules applied to the original integrand in
whitened coordinates, exact for polynomial integrands of the degree used.
"""
from __future__ import annotations

import itertools
import math
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

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
    products: dict = field(default_factory=dict, compare=False, repr=False)  # see _wick

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
    sums of 300 000 nodes to cancel for d = 6 (13 s per entry of E[s sᵀ]). A factor's bᵢ and Σaᵢ are
    remembered: the score entries recur along a row of E[s sᵀ]."""
    d = len(structure.variables)
    unit = [tuple(int(i == k) for i in range(d)) for k in range(d)]
    scales = _shares(constant, len(factors))
    slopes = [sp.ImmutableMatrix([[scale * f.get(u, sp.Integer(0)) for u in unit]])
              for f, scale in zip(factors, scales)]
    offsets = [scale * f.get((0,) * d, sp.Integer(0)) for f, scale in zip(factors, scales)]
    b = [_remembered(structure, ("b", a, c), lambda a=a, c=c: _reduced_product(
        a.row_join(sp.Matrix([c])), structure.mean.col_join(sp.Matrix([1])), seconds)[0])
         for a, c in zip(slopes, offsets)]
    images = [_remembered(structure, ("Σa", a), lambda a=a: _reduced_product(structure.covariance, a.T, seconds))
              for a in slopes]
    w = sp.Matrix(len(factors), len(factors),
                  lambda i, j: _reduced_product(slopes[i], images[j], seconds)[0] if i < j else sp.Integer(0))
    return _pairings(tuple(range(len(factors))), b, w)


def _remembered(structure: GaussianStructure, key: tuple, compute: Callable[[], Any]) -> Any:
    """``compute()``, once per structure and key."""
    if key not in structure.products:
        structure.products[key] = compute()
    return structure.products[key]


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


def _pairings(indices: tuple, b: list, w: sp.Matrix) -> sp.Expr:
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
    """∫ g p at ``point`` by a sparse grid of Gauss–Hermite rules in whitened coordinates, exact for g's
    degree, and the same at one level more for the error estimate; (value, error estimate)."""
    structure = gaussian_structure(model)
    degree = None if structure is None else _degree_in(g, structure.variables)
    if degree is None:
        return None
    with mpmath.workdps(digits):
        at_point = sp.Mul(*(_at_point(model, f, point) for f in sp.Mul.make_args(g)))
        factor = mpmath_function(structure.variables, at_point)
        level = degree // 2  # exact for total degree 2·level + 1: both levels are exact
        values = [mpmath.fsum(weight * factor(*x) for x, weight in _weighted_nodes(model, point, n, digits))
                  for n in (level, level + 1)]
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


def _weighted_nodes(model, point: dict, level: int, digits: int) -> list[tuple[tuple, mpmath.mpf]]:
    """[(x, w)] with Σ w g(x) = ∫ g p for polynomials g of total degree up to 2·level + 1: the nodes
    x = m + Lz of N(m, Σ = LLᵀ) at ``point`` (z from :func:`sparse_grid`), each weight times
    p(x)·(2π)^{d/2}·e^{|z|²/2}·det L.

    The density's own values enter every weight, so a wrong mean or covariance shows as a wrong sum;
    they are computed once per point and level and shared by every certificate there (evaluated
    for each integrand they were most of the cost of E[s sᵀ] for a symbolic covariance)."""
    key = ("Gaussian cubature nodes", _key(point), level, digits)
    if key not in model._cache:
        structure = gaussian_structure(model)
        dimension = len(structure.variables)
        covariance = mpmath.matrix(structure.covariance.xreplace(point).evalf(digits).tolist())
        mean = mpmath.matrix(structure.mean.xreplace(point).evalf(digits).tolist())
        factor = mpmath.cholesky(covariance)
        density = mpmath_function(structure.variables, model._density.xreplace(point))
        scale = mpmath.det(factor) * (2 * mpmath.pi) ** (mpmath.mpf(dimension) / 2)
        weighted = []
        for nodes, weight in sparse_grid(dimension, level):
            z = mpmath.matrix([mpmath.mpf(t) for t in nodes])
            x = tuple(mean + factor * z)
            weighted.append((x, mpmath.mpf(weight) * density(*x) * mpmath.exp(sum(t ** 2 for t in z) / 2) * scale))
        model._cache[key] = weighted
    return model._cache[key]


@lru_cache(maxsize=64)
def sparse_grid(dimension: int, level: int) -> tuple[tuple[tuple[mpmath.mpf, ...], mpmath.mpf], ...]:
    """Nodes and weights of Smolyak's sparse grid of Gauss–Hermite rules for the standard normal in
    ``dimension`` variables, exact for every polynomial of total degree up to 2·level + 1, at
    ``_RULE_DIGITS`` digits.

    Smolyak's A(d + k, d) = Σ (−1)^{d+k−|i|} C(d − 1, d + k − |i|) U^{i₁} ⊗ … ⊗ U^{i_d} over the
    i ≥ 1 with k + 1 ≤ |i| ≤ d + k (U^n the n-point rule, exact for degree 2n − 1) has 2d + 1 nodes for
    k = 1 and 2d² + 2d + 1 for k = 2, where the tensor rule of the same degree has (k + 1)^d: 3⁸ nodes
    per point made certifying an 8-dimensional mean the longest step of its Fisher matrix. Coinciding
    nodes are merged. Some weights are negative (Σ|w| is 61 for d = 6, k = 2, and thousands further
    out), which is why the rules are not taken in double precision.
    """
    top = dimension + level
    merged: dict = {}
    with mpmath.workdps(_RULE_DIGITS):
        for orders in _orders(dimension, max(dimension, top - dimension + 1), top):
            coefficient = (-1) ** (top - sum(orders)) * math.comb(dimension - 1, top - sum(orders))
            rules = [_hermite_rule(n) for n in orders]
            for picks in itertools.product(*(range(n) for n in orders)):
                nodes = tuple(rules[k][0][i] for k, i in enumerate(picks))
                weight = coefficient * mpmath.fprod(rules[k][1][i] for k, i in enumerate(picks))
                key = tuple(round(float(t), 12) + 0.0 for t in nodes)  # + 0.0: −0.0 and 0.0 are one node
                previous = merged.get(key, (nodes, mpmath.mpf(0)))
                merged[key] = previous[0], previous[1] + weight
    return tuple(entry for entry in merged.values() if entry[1] != 0)


_RULE_DIGITS = 40


def _orders(dimension: int, lowest: int, highest: int):
    """The tuples of ``dimension`` integers ≥ 1 whose sum lies in [lowest, highest]."""
    if dimension == 1:
        yield from ((n,) for n in range(max(lowest, 1), highest + 1))
        return
    for first in range(1, highest - dimension + 2):
        for rest in _orders(dimension - 1, lowest - first, highest - first):
            yield (first, *rest)


@lru_cache(maxsize=32)
def _hermite_rule(n: int) -> tuple[tuple[mpmath.mpf, ...], tuple[mpmath.mpf, ...]]:
    """The n-point Gauss–Hermite rule for the standard normal at ``_RULE_DIGITS`` digits: NumPy's nodes
    polished by Newton's method on the Hermite polynomial Heₙ, weights n!/(n Heₙ₋₁(x))² (summing to 1)."""
    with mpmath.workdps(_RULE_DIGITS):
        nodes = []
        for guess in np.polynomial.hermite_e.hermegauss(n)[0]:
            x = mpmath.mpf(float(guess))
            for _ in range(4):  # quadratic convergence from 16 digits
                value, previous = _hermite_pair(n, x)
                x -= value / (n * previous)  # Heₙ′ = n Heₙ₋₁
            nodes.append(x)
        weights = [mpmath.factorial(n) / (n * _hermite_pair(n, x)[1]) ** 2 for x in nodes]
        return tuple(nodes), tuple(weights)


def _hermite_pair(n: int, x: mpmath.mpf) -> tuple[mpmath.mpf, mpmath.mpf]:
    """(Heₙ(x), Heₙ₋₁(x)) by the recurrence Heₖ₊₁ = x Heₖ − k Heₖ₋₁."""
    previous, value = mpmath.mpf(0), mpmath.mpf(1)
    for k in range(n):
        previous, value = value, x * value - k * previous
    return value, previous


@lru_cache(maxsize=4096)
def _degree_in(expr: sp.Expr, xs: tuple) -> int | None:
    """A bound on the total degree of ``expr`` as a polynomial in ``xs`` (exact unless terms cancel),
    read off the tree in one pass without expanding; None when it is not a polynomial. Remembered: the
    score entries recur as factors of the integrands."""
    if expr.is_Symbol:
        return int(expr in xs)
    if expr.is_Add or expr.is_Mul:
        degrees = [_degree_in(arg, xs) for arg in expr.args]
        return None if None in degrees else (max if expr.is_Add else sum)(degrees)
    if expr.is_Pow and expr.exp.is_Integer and expr.exp > 0:
        degree = _degree_in(expr.base, xs)
        return None if degree is None else degree * int(expr.exp)
    return None if expr.has(*xs) else 0
