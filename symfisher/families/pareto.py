"""Pareto(α, x_m): regular in α when x_m is known; non-regular when x_m is a parameter."""
import sympy as sp

from ..model import Model
from .base import Family

x = sp.Symbol("x", positive=True)
alpha, x_m = sp.Symbol("alpha", positive=True), sp.Symbol("x_m", positive=True)
_REF = "Arnold, Pareto Distributions (2nd ed.), §5.2"


def _build(params) -> Model:
    return Model(alpha * x_m**alpha / x ** (alpha + 1), x, params, sp.Interval(x_m, sp.oo))


FAMILIES = [
    Family("pareto-shape", lambda: _build(alpha), _REF, lambda: sp.Matrix([1 / alpha**2])),
    Family("pareto", lambda: _build((alpha, x_m)), _REF + " (the support starts at x_m)", None, regular=False),
]
