"""Poisson(λ), in the rate λ and in the log-rate η = log λ."""
import sympy as sp

from ..model import Model
from .base import Family

x = sp.Symbol("x", integer=True)
lam = sp.Symbol("lambda", positive=True)
eta = sp.Symbol("eta", real=True)
_REF = "Lehmann & Casella, Theory of Point Estimation (2nd ed.), Example 2.6.3"

FAMILIES = [
    Family("poisson", lambda: Model(lam**x * sp.exp(-lam) / sp.factorial(x), x, lam, sp.Naturals0,
                                    name="Poisson(λ)"),
           _REF, lambda: sp.Matrix([1 / lam])),
    Family("poisson-log-rate", lambda: Model(sp.exp(eta * x - sp.exp(eta)) / sp.factorial(x), x, eta, sp.Naturals0,
                                             name="Poisson in log-rate"),
           _REF, lambda: sp.Matrix([sp.exp(eta)])),
]
