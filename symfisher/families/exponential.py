"""Exponential, by rate λ and by scale β = 1/λ."""
import sympy as sp

from ..model import Model
from .base import Family

x = sp.Symbol("x", positive=True)
lam = sp.Symbol("lambda", positive=True)
beta = sp.Symbol("beta", positive=True)
_REF = "Casella & Berger, Statistical Inference (2nd ed.), Exercise 7.38; reference notes, worked example 1"
_HALF_LINE = sp.Interval(0, sp.oo)

FAMILIES = [
    Family("exponential-rate", lambda: Model(lam * sp.exp(-lam * x), x, lam, _HALF_LINE), _REF,
           lambda: sp.Matrix([1 / lam**2])),
    Family("exponential-scale", lambda: Model(sp.exp(-x / beta) / beta, x, beta, _HALF_LINE), _REF,
           lambda: sp.Matrix([1 / beta**2])),
]
