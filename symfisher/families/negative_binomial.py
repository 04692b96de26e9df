"""Negative binomial(r, p), r known: failures before the r-th success."""
import sympy as sp

from ..model import Model
from .base import Family

x = sp.Symbol("x", integer=True)
r = sp.Symbol("r", positive=True)
p = sp.Symbol("p", positive=True)

FAMILIES = [
    Family("negative-binomial", lambda: Model(sp.binomial(x + r - 1, x) * p**r * (1 - p) ** x, x, p, sp.Naturals0,
                                              {p: sp.Interval.open(0, 1)}, name="NegBin(r, p), r known"),
           "Johnson, Kemp & Kotz, Univariate Discrete Distributions (3rd ed.), §5.1",
           lambda: sp.Matrix([r / (p**2 * (1 - p))])),
]
