"""Beta(a, b) on (0, 1)."""
import sympy as sp

from ..model import Model
from .base import Family

x = sp.Symbol("x", positive=True)
a, b = sp.Symbol("a", positive=True), sp.Symbol("b", positive=True)


def _fisher() -> sp.Matrix:
    both = sp.polygamma(1, a + b)
    return sp.Matrix([[sp.polygamma(1, a) - both, -both], [-both, sp.polygamma(1, b) - both]])


FAMILIES = [
    Family("beta", lambda: Model(x ** (a - 1) * (1 - x) ** (b - 1) / sp.beta(a, b), x, (a, b), sp.Interval(0, 1),
                                 name="Beta(a, b)"),
           "Johnson, Kotz & Balakrishnan, Continuous Univariate Distributions vol. 2 (2nd ed.), §25.4", _fisher),
]
