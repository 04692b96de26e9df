"""Gaussian moments: when log p is a quadratic polynomial in x on ℝ^d, E[g] for polynomial g in closed form
(see :mod:`..gaussian`)."""
from __future__ import annotations

from typing import TYPE_CHECKING

import sympy as sp

from ..gaussian.moments import affine_product, isserlis, placeholders, wick
from ..gaussian.polynomials import polynomial_in
from ..gaussian.structure import gaussian_structure
from ..results import Closed, Decline, Moment

if TYPE_CHECKING:
    from ...model.view import ModelView

RULE = "Gaussian moments"
RECORDS = (RULE,)


def close(model: ModelView, g: sp.Expr, moment: Moment) -> Closed:
    """∫ g p for polynomial g under a Gaussian density.

    A product of affine forms (E[sᵢsⱼ] for a Gaussian mean) goes by Wick's theorem, see ``wick``.
    Otherwise the work is on placeholders: g's x-free coefficients, the mean and the covariance entries
    stand in as symbols while g is expanded around the mean and Isserlis' theorem applied, and are put
    back only in the result. For a symbolic covariance those are rational functions of many symbols, and
    multiplying them out would be most of the cost of E[s sᵀ].
    """
    structure = gaussian_structure(model)
    if structure is None:
        raise Decline("log p is not a quadratic polynomial in the variables on ℝ^d")
    xs = structure.variables
    product = affine_product(g, xs)
    if product is not None:
        return Closed(structure.mass * wick(structure, *product, model.budget), RULE,
                      "log p is quadratic in x: a product of affine forms in x under N(m, Σ), by Wick's theorem")
    polynomial = polynomial_in(g, xs)
    if polynomial is None:
        raise Decline(f"the integrand is not a polynomial in {', '.join(map(str, xs))}")
    means, sigma, back = placeholders(model)
    ys = sp.symbols(f"y0:{len(xs)}", real=True)
    total = sp.Integer(0)
    for exponents, coefficient in polynomial.items():
        centred = sp.Poly(sp.Mul(*((m + y) ** k for m, y, k in zip(means, ys, exponents))), *ys)
        total += coefficient * sp.Add(*(c * isserlis(monomial, sigma) for monomial, c in centred.terms()))
    return Closed(structure.mass * total.xreplace(back), RULE,
                  "log p is quadratic in x: moments of N(m, Σ) by Isserlis' theorem")
