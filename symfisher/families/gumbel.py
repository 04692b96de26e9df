"""Gumbel (maximum) with location μ and scale β."""
import sympy as sp

from ..model import Model
from .base import Family

x = sp.Symbol("x", real=True)
mu = sp.Symbol("mu", real=True)
beta = sp.Symbol("beta", positive=True)


def _build() -> Model:
    z = (x - mu) / beta
    return Model(sp.exp(-(z + sp.exp(-z))) / beta, x, (mu, beta), name="Gumbel(μ, β)")


def _fisher() -> sp.Matrix:
    gamma = sp.EulerGamma
    return sp.Matrix([[1, gamma - 1], [gamma - 1, sp.pi**2 / 6 + (1 - gamma) ** 2]]) / beta**2


FAMILIES = [
    Family("gumbel", _build, "Johnson, Kotz & Balakrishnan, Continuous Univariate Distributions vol. 2, §22.7",
           _fisher),
]
