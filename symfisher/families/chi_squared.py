"""Chi-squared with k degrees of freedom (k a real parameter > 0)."""
import sympy as sp

from ..model import Model
from .base import Family

x = sp.Symbol("x", positive=True)
k = sp.Symbol("k", positive=True)

FAMILIES = [
    Family("chi-squared", lambda: Model(x ** (k / 2 - 1) * sp.exp(-x / 2) / (2 ** (k / 2) * sp.gamma(k / 2)), x, k,
                                        sp.Interval(0, sp.oo), name="Chi-squared(k)"),
           "Gamma(k/2, rate 1/2): Lehmann & Casella, Table 2.6.1", lambda: sp.Matrix([sp.polygamma(1, k / 2) / 4])),
]
