"""Cauchy(x0, γ): location, and location with scale."""
import sympy as sp

from ..model import Model
from .base import Family

x = sp.Symbol("x", real=True)
x0 = sp.Symbol("x0", real=True)
g = sp.Symbol("gamma", positive=True)
_REF = "Johnson, Kotz & Balakrishnan, Continuous Univariate Distributions vol. 1 (2nd ed.), §16.3"


def _build(params) -> Model:
    return Model(g / (sp.pi * (g**2 + (x - x0) ** 2)), x, params)


FAMILIES = [
    Family("cauchy-location", lambda: _build(x0), _REF, lambda: sp.Matrix([1 / (2 * g**2)])),
    Family("cauchy", lambda: _build((x0, g)), _REF, lambda: sp.diag(1 / (2 * g**2), 1 / (2 * g**2))),
]
