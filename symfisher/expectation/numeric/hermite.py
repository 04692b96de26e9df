"""The certificate of Gaussian moments: a sparse grid of Gauss–Hermite rules applied to the original
integrand in whitened coordinates, exact for polynomial integrands of the degree used."""
from __future__ import annotations

import itertools
import math
from functools import lru_cache
from typing import TYPE_CHECKING

import mpmath
import numpy as np
import sympy as sp

from ...memo import per_model
from ..gaussian.polynomials import degree_in
from ..gaussian.structure import gaussian_structure
from .mpmath_helpers import mpmath_function

if TYPE_CHECKING:
    from ...model.view import ModelView


def gauss_hermite(model: ModelView, g: sp.Expr, point: dict, digits: int = 30) -> tuple[mpmath.mpf, mpmath.mpf] | None:
    """∫ g p at ``point`` by a sparse grid of Gauss–Hermite rules in whitened coordinates, exact for g's
    degree, and the same at one level more for the error estimate; (value, error estimate)."""
    structure = gaussian_structure(model)
    degree = None if structure is None else degree_in(g, structure.variables)
    if degree is None:
        return None
    with mpmath.workdps(digits):
        at_point = sp.Mul(*(_at_point(model, f, point) for f in sp.Mul.make_args(g)))
        factor = mpmath_function(structure.variables, at_point)
        level = degree // 2  # exact for total degree 2·level + 1: both levels are exact
        values = [mpmath.fsum(weight * factor(*x) for x, weight in _weighted_nodes(model, point, n, digits))
                  for n in (level, level + 1)]
        return values[1], abs(values[1] - values[0])


def _at_point(model: ModelView, factor: sp.Expr, point: dict) -> sp.Expr:
    """``factor`` with the parameters of ``point`` put in, remembered: the score entries recur as factors
    in a row of E[s sᵀ]."""
    return _factor_at(model, factor, point_key(point))


@per_model
def _factor_at(model: ModelView, factor: sp.Expr, key: tuple) -> sp.Expr:
    return factor.xreplace(dict(key))


def point_key(point: dict) -> tuple:
    """A parameter point as a hashable key."""
    return tuple(sorted(point.items(), key=sp.default_sort_key))


def _weighted_nodes(model: ModelView, point: dict, level: int, digits: int) -> list[tuple[tuple, mpmath.mpf]]:
    """[(x, w)] with Σ w g(x) = ∫ g p for polynomials g of total degree up to 2·level + 1: the nodes
    x = m + Lz of N(m, Σ = LLᵀ) at ``point`` (z from :func:`sparse_grid`), each weight times
    p(x)·(2π)^{d/2}·e^{|z|²/2}·det L.

    The density's own values enter every weight, so a wrong mean or covariance shows as a wrong sum;
    they are computed once per point and level and shared by every certificate there."""
    return _nodes(model, point_key(point), level, digits)


@per_model
def _nodes(model: ModelView, key: tuple, level: int, digits: int) -> list[tuple[tuple, mpmath.mpf]]:
    point = dict(key)
    structure = gaussian_structure(model)
    dimension = len(structure.variables)
    covariance = mpmath.matrix(structure.covariance.xreplace(point).evalf(digits).tolist())
    mean = mpmath.matrix(structure.mean.xreplace(point).evalf(digits).tolist())
    factor = mpmath.cholesky(covariance)
    density = mpmath_function(structure.variables, model.density.xreplace(point))
    scale = mpmath.det(factor) * (2 * mpmath.pi) ** (mpmath.mpf(dimension) / 2)
    weighted = []
    for nodes, weight in sparse_grid(dimension, level):
        z = mpmath.matrix([mpmath.mpf(t) for t in nodes])
        x = tuple(mean + factor * z)
        weighted.append((x, mpmath.mpf(weight) * density(*x) * mpmath.exp(sum(t ** 2 for t in z) / 2) * scale))
    return weighted


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
