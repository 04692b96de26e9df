"""Polynomials in the variables read off an expression tree without expanding its coefficients."""
from __future__ import annotations

from functools import lru_cache

import sympy as sp


def polynomial_in(expr: sp.Expr, xs: tuple) -> dict | None:
    """{exponents: coefficient} of ``expr`` as a polynomial in ``xs``, the coefficients left unexpanded
    (products and sums of the x-free parts as they stand), or None when ``expr`` is not a polynomial."""
    terms = polynomial_terms(expr, xs)
    return None if terms is None else {k: sp.Add(*v) for k, v in terms.items()}


def polynomial_terms(expr: sp.Expr, xs: tuple) -> dict | None:
    """{exponents: [coefficient terms]} (see ``_polynomial_in``)."""
    if not expr.has(*xs):
        return {(0,) * len(xs): [expr]}
    if expr in xs:
        return {tuple(int(x == expr) for x in xs): [sp.Integer(1)]}
    if expr.is_Add:
        total: dict = {}
        for arg in expr.args:
            part = polynomial_terms(arg, xs)
            if part is None:
                return None
            for k, v in part.items():
                total.setdefault(k, []).extend(v)
        return total
    if expr.is_Mul or (expr.is_Pow and expr.exp.is_Integer and expr.exp > 0):
        factors = expr.args if expr.is_Mul else [expr.base] * int(expr.exp)
        product = {(0,) * len(xs): [sp.Integer(1)]}
        for factor in factors:
            part = polynomial_terms(factor, xs)
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


@lru_cache(maxsize=4096)
def degree_in(expr: sp.Expr, xs: tuple) -> int | None:
    """A bound on the total degree of ``expr`` as a polynomial in ``xs`` (exact unless terms cancel),
    read off the tree in one pass without expanding; None when it is not a polynomial. Remembered: the
    score entries recur as factors of the integrands."""
    if expr.is_Symbol:
        return int(expr in xs)
    if expr.is_Add or expr.is_Mul:
        degrees = [degree_in(arg, xs) for arg in expr.args]
        return None if None in degrees else (max if expr.is_Add else sum)(degrees)
    if expr.is_Pow and expr.exp.is_Integer and expr.exp > 0:
        degree = degree_in(expr.base, xs)
        return None if degree is None else degree * int(expr.exp)
    return None if expr.has(*xs) else 0
