"""Inverse gamma with shape α and scale β."""
import sympy as sp

from ..model import Model
from .base import Family

x = sp.Symbol("x", positive=True)
alpha, beta = sp.Symbol("alpha", positive=True), sp.Symbol("beta", positive=True)

FAMILIES = [
    Family("inverse-gamma", lambda: Model(beta**alpha / sp.gamma(alpha) * x ** (-alpha - 1) * sp.exp(-beta / x), x,
                                          (alpha, beta), sp.Interval(0, sp.oo), name="Inverse gamma(α, β)"),
           "1/x ~ Gamma(α, rate β): Lehmann & Casella, Table 2.6.1 with the change of variable",
           lambda: sp.Matrix([[sp.polygamma(1, alpha), -1 / beta], [-1 / beta, alpha / beta**2]])),
]
