"""Laplace(μ, b): location, scale, and both."""
import sympy as sp

from ..model import Model
from .base import Family

x = sp.Symbol("x", real=True)
mu = sp.Symbol("mu", real=True)
b = sp.Symbol("b", positive=True)
_REF = "Kotz, Kozubowski & Podgórski, The Laplace Distribution and Generalizations, Prop. 2.1.5"


def _build(params) -> Model:
    return Model(sp.exp(-sp.Abs(x - mu) / b) / (2 * b), x, params)


FAMILIES = [
    Family("laplace-location", lambda: _build(mu), _REF, lambda: sp.Matrix([1 / b**2])),
    Family("laplace-scale", lambda: _build(b), _REF, lambda: sp.Matrix([1 / b**2])),
    Family("laplace", lambda: _build((mu, b)), _REF, lambda: sp.diag(1 / b**2, 1 / b**2)),
]
