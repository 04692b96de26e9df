"""Bernoulli(p) on {0, 1}, in p and in log-odds η = log(p/(1 − p))."""
import sympy as sp

from ..model import Model
from .base import Family

x = sp.Symbol("x", integer=True)
p = sp.Symbol("p", positive=True)
eta = sp.Symbol("eta", real=True)
_REF = "Casella & Berger, Statistical Inference (2nd ed.), Example 7.3.17"

FAMILIES = [
    Family("bernoulli", lambda: Model(p**x * (1 - p) ** (1 - x), x, p, sp.FiniteSet(0, 1),
                                      {p: sp.Interval.open(0, 1)}, name="Bernoulli(p)"),
           _REF, lambda: sp.Matrix([1 / (p * (1 - p))])),
    Family("bernoulli-logit", lambda: Model(sp.exp(eta * x) / (1 + sp.exp(eta)), x, eta, sp.FiniteSet(0, 1),
                                            name="Bernoulli in log-odds"),
           _REF + "; natural parameter: Lehmann & Casella, Theory of Point Estimation, §2.6",
           lambda: sp.Matrix([sp.exp(eta) / (1 + sp.exp(eta)) ** 2])),
]
