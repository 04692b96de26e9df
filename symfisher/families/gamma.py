"""Gamma in shape–rate (α, β), shape–scale (k, θ), and the rate alone with the shape known."""
import sympy as sp

from ..model import Model
from .base import Family

x = sp.Symbol("x", positive=True)
alpha, beta = sp.Symbol("alpha", positive=True), sp.Symbol("beta", positive=True)
k, theta = sp.Symbol("k", positive=True), sp.Symbol("theta", positive=True)
_REF = "Lehmann & Casella, Theory of Point Estimation (2nd ed.), Table 2.6.1"
_HALF_LINE = sp.Interval(0, sp.oo)


def _shape_rate(params) -> Model:
    return Model(beta**alpha * x ** (alpha - 1) * sp.exp(-beta * x) / sp.gamma(alpha), x, params, _HALF_LINE)


FAMILIES = [
    Family("gamma-shape-rate", lambda: _shape_rate((alpha, beta)), _REF,
           lambda: sp.Matrix([[sp.polygamma(1, alpha), -1 / beta], [-1 / beta, alpha / beta**2]])),
    Family("gamma-shape-scale", lambda: Model(x ** (k - 1) * sp.exp(-x / theta) / (sp.gamma(k) * theta**k), x,
                                              (k, theta), _HALF_LINE), _REF,
           lambda: sp.Matrix([[sp.polygamma(1, k), 1 / theta], [1 / theta, k / theta**2]])),
    Family("gamma-rate", lambda: _shape_rate(beta), _REF, lambda: sp.Matrix([alpha / beta**2])),
]
