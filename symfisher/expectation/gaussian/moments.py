"""Moments of a Gaussian model: Isserlis' theorem for monomials, Wick's for products of affine forms.

A polynomial g(x) is expanded around the mean m and each centred moment E[Π yᵢ^{kᵢ}] follows from
Isserlis' recursion E[yᵢ·rest] = Σⱼ Σᵢⱼ E[∂rest/∂yⱼ]; a product of affine forms Π(aᵢᵀx + cᵢ) is paired
as it stands (Wick), never expanded.
"""
from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from typing import TYPE_CHECKING, Any

import sympy as sp

from ... import budget
from ...errors import BudgetExceeded
from ...memo import per_model
from ...rational_functions import matrix_product
from .polynomials import polynomial_in
from .structure import GaussianStructure, gaussian_structure

if TYPE_CHECKING:
    from ...model.view import ModelView


def affine_product(g: sp.Expr, xs: tuple) -> tuple[sp.Expr, list[dict]] | None:
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
    """``polynomial_in(expr, xs)`` when expr has degree one (a score entry recurs in a row of E[s sᵀ]);
    the dict is shared, read only."""
    form = polynomial_in(expr, xs)
    return form if form is not None and max(sum(k) for k in form) == 1 else None


def wick(structure: GaussianStructure, constant: sp.Expr, factors: list[dict], seconds: float) -> sp.Expr:
    """E[c Π (aᵢᵀx + cᵢ)] under N(m, Σ), c shared among the factors: with bᵢ = aᵢᵀm + cᵢ and wᵢⱼ = aᵢᵀΣaⱼ,
    the sum over the ways to pair some factors (a product of w) and keep the others at their means (b).

    The bᵢ and wᵢⱼ are computed and cancelled first, in the order Σaⱼ then aᵢᵀ(Σaⱼ): for scores with a
    symbolic covariance they are tiny (bᵢ = 0, wᵢⱼ = Σ⁻¹ᵢⱼ), where expanding the product first makes
    huge sums to cancel. A factor's bᵢ and Σaᵢ are
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


@per_model
def placeholders(model: ModelView) -> tuple[list, sp.Matrix, dict]:
    """Symbols standing for the mean entries and the (symmetric) covariance entries, and the map back."""
    structure = gaussian_structure(model)
    d = len(structure.variables)
    means = [sp.Dummy(f"m{i}") for i in range(d)]
    entries = {(i, j): sp.Dummy(f"S{i}{j}") for i in range(d) for j in range(i, d)}
    sigma = sp.Matrix(d, d, lambda i, j: entries[min(i, j), max(i, j)])
    back = {**dict(zip(means, structure.mean)),
            **{symbol: structure.covariance[i, j] for (i, j), symbol in entries.items()}}
    return means, sigma, back


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
