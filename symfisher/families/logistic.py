"""Logistic(μ, s): location, and location with scale."""
import sympy as sp

from ..model import Model
from .base import Family

x = sp.Symbol("x", real=True)
mu = sp.Symbol("mu", real=True)
s = sp.Symbol("s", positive=True)
_REF = "Johnson, Kotz & Balakrishnan, Continuous Univariate Distributions vol. 2 (2nd ed.), §23.3"


def _build(params) -> Model:
    z = (x - mu) / s
    return Model(sp.exp(-z) / (s * (1 + sp.exp(-z)) ** 2), x, params)


FAMILIES = [
    Family("logistic-location", lambda: _build(mu), _REF, lambda: sp.Matrix([1 / (3 * s**2)])),
    Family("logistic", lambda: _build((mu, s)), _REF, lambda: sp.diag(1 / (3 * s**2), (sp.pi**2 + 3) / (9 * s**2))),
]
