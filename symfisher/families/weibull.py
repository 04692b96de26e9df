"""Weibull with shape k and scale λ."""
import sympy as sp

from ..model import Model
from .base import Family

x = sp.Symbol("x", positive=True)
k, lam = sp.Symbol("k", positive=True), sp.Symbol("lambda", positive=True)


def _fisher() -> sp.Matrix:
    gamma = sp.EulerGamma
    return sp.Matrix([[(sp.pi**2 / 6 + (1 - gamma) ** 2) / k**2, -(1 - gamma) / lam],
                      [-(1 - gamma) / lam, k**2 / lam**2]])


FAMILIES = [
    Family("weibull", lambda: Model(k / lam * (x / lam) ** (k - 1) * sp.exp(-(x / lam) ** k), x, (k, lam),
                                    sp.Interval(0, sp.oo), name="Weibull(k, λ)"),
           "Johnson, Kotz & Balakrishnan, Continuous Univariate Distributions vol. 1 (2nd ed.), §21.5", _fisher),
]
