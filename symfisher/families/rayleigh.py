"""Rayleigh(σ), Maxwell–Boltzmann(a) and half-normal(σ): scale families on (0, ∞)."""
import sympy as sp

from ..model import Model
from .base import Family

x = sp.Symbol("x", positive=True)
sigma = sp.Symbol("sigma", positive=True)
a = sp.Symbol("a", positive=True)
_REF = "Johnson, Kotz & Balakrishnan, Continuous Univariate Distributions vol. 1 (2nd ed.), §18.8 and §13.10"
_HALF_LINE = sp.Interval(0, sp.oo)

FAMILIES = [
    Family("rayleigh", lambda: Model(x / sigma**2 * sp.exp(-x**2 / (2 * sigma**2)), x, sigma, _HALF_LINE), _REF,
           lambda: sp.Matrix([4 / sigma**2])),
    Family("maxwell", lambda: Model(sp.sqrt(2 / sp.pi) * x**2 * sp.exp(-x**2 / (2 * a**2)) / a**3, x, a, _HALF_LINE),
           _REF, lambda: sp.Matrix([6 / a**2])),
    Family("half-normal", lambda: Model(sp.sqrt(2 / sp.pi) / sigma * sp.exp(-x**2 / (2 * sigma**2)), x, sigma,
                                        _HALF_LINE), _REF, lambda: sp.Matrix([2 / sigma**2])),
]
