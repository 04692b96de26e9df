"""Geometric(p) in both conventions: failures before the first success (x ≥ 0) and trials (x ≥ 1)."""
import sympy as sp

from ..model import Model
from .base import Family

x = sp.Symbol("x", integer=True)
p = sp.Symbol("p", positive=True)
_UNIT = {p: sp.Interval.open(0, 1)}
_REF = "Johnson, Kemp & Kotz, Univariate Discrete Distributions (3rd ed.), §5.2"

FAMILIES = [
    Family("geometric-failures", lambda: Model(p * (1 - p) ** x, x, p, sp.Naturals0, _UNIT,
                                               name="Geometric(p) on {0, 1, ...}"),
           _REF, lambda: sp.Matrix([1 / (p**2 * (1 - p))])),
    Family("geometric-trials", lambda: Model(p * (1 - p) ** (x - 1), x, p, sp.Naturals, _UNIT,
                                             name="Geometric(p) on {1, 2, ...}"),
           _REF, lambda: sp.Matrix([1 / (p**2 * (1 - p))])),
]
