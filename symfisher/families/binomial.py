"""Binomial(n, p) with n known."""
import sympy as sp

from ..model import Model
from .base import Family

x = sp.Symbol("x", integer=True)
n = sp.Symbol("n", integer=True, positive=True)
p = sp.Symbol("p", positive=True)

FAMILIES = [
    Family("binomial", lambda: Model(sp.binomial(n, x) * p**x * (1 - p) ** (n - x), x, p, sp.Range(0, n + 1),
                                     {p: sp.Interval.open(0, 1)}, name="Binomial(n, p), n known"),
           "Casella & Berger, Statistical Inference (2nd ed.), Example 7.3.17 (n trials)",
           lambda: sp.Matrix([n / (p * (1 - p))])),
]
