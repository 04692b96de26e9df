"""Dirichlet(a1, a2, a3) on the 2-simplex, written in (x1, x2) with x3 = 1 − x1 − x2."""
import sympy as sp

from ..model import Model
from .base import Family

x1, x2 = sp.symbols("x1 x2", positive=True)
a = sp.symbols("a1:4", positive=True)


def _build() -> Model:
    x3 = 1 - x1 - x2
    norm = sp.gamma(sum(a)) / (sp.gamma(a[0]) * sp.gamma(a[1]) * sp.gamma(a[2]))
    density = norm * x1 ** (a[0] - 1) * x2 ** (a[1] - 1) * x3 ** (a[2] - 1)
    return Model(density, (x1, x2), a, {x1: sp.Interval(0, 1), x2: sp.Interval(0, 1 - x1)}, name="Dirichlet, K = 3")


def _fisher() -> sp.Matrix:
    total = sp.polygamma(1, sum(a))
    return sp.Matrix(3, 3, lambda i, j: (sp.polygamma(1, a[i]) if i == j else 0) - total)


FAMILIES = [
    Family("dirichlet", _build, "Kotz, Balakrishnan & Johnson, Continuous Multivariate Distributions vol. 1, ch. 49",
           _fisher),
]
