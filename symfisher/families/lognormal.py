"""Log-normal(μ, σ): log x ~ Normal(μ, σ²)."""
import sympy as sp

from ..model import Model
from .base import Family

x = sp.Symbol("x", positive=True)
mu = sp.Symbol("mu", real=True)
sigma = sp.Symbol("sigma", positive=True)

FAMILIES = [
    Family("lognormal", lambda: Model(sp.exp(-(sp.log(x) - mu) ** 2 / (2 * sigma**2)) / (x * sigma * sp.sqrt(2 * sp.pi)),
                                      x, (mu, sigma), sp.Interval.open(0, sp.oo), name="Log-normal(μ, σ)"),
           "Johnson, Kotz & Balakrishnan, Continuous Univariate Distributions vol. 1 (2nd ed.), ch. 14",
           lambda: sp.diag(1 / sigma**2, 2 / sigma**2)),
]
