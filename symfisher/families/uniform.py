"""Uniform(0, θ): the textbook non-regular model (the support moves with θ)."""
import sympy as sp

from ..model import Model
from .base import Family

x = sp.Symbol("x", positive=True)
theta = sp.Symbol("theta", positive=True)

FAMILIES = [
    Family("uniform", lambda: Model(1 / theta, x, theta, sp.Interval(0, theta), name="Uniform(0, θ)"),
           "Casella & Berger, Statistical Inference (2nd ed.), Example 7.3.13", None, regular=False),
]
