"""Inverse Gaussian(μ, λ) on (0, ∞)."""
import sympy as sp

from ..model import Model
from .base import Family

x = sp.Symbol("x", positive=True)
mu, lam = sp.Symbol("mu", positive=True), sp.Symbol("lambda", positive=True)

FAMILIES = [
    Family("inverse-gaussian", lambda: Model(sp.sqrt(lam / (2 * sp.pi * x**3)) * sp.exp(-lam * (x - mu) ** 2 / (2 * mu**2 * x)),
                                             x, (mu, lam), sp.Interval(0, sp.oo), name="Inverse Gaussian(μ, λ)"),
           "Chhikara & Folks, The Inverse Gaussian Distribution, §4.2", lambda: sp.diag(lam / mu**3, 1 / (2 * lam**2))),
]
