"""Categorical and Multinomial with K = 3 categories and the K − 1 = 2 free probabilities; the categorical
in K = 3 softmax logits too, whose Fisher information is singular (shifting every logit changes nothing)."""
import sympy as sp

from ..model import Model
from .base import Family

k = sp.Symbol("k", integer=True)
x1, x2 = sp.symbols("x1 x2", integer=True)
n = sp.Symbol("n", integer=True, positive=True)
p1, p2 = sp.symbols("p1 p2", positive=True)
_HALF = {p1: sp.Interval.open(0, sp.Rational(1, 2)), p2: sp.Interval.open(0, sp.Rational(1, 2))}
z1, z2, z3 = sp.symbols("z1 z2 z3", real=True)
_REF = "Lehmann & Casella, Theory of Point Estimation (2nd ed.), Example 2.6.3 (multinomial)"


def _categorical_fisher(scale=1) -> sp.Matrix:
    p3 = 1 - p1 - p2
    return scale * sp.Matrix([[1 / p1 + 1 / p3, 1 / p3], [1 / p3, 1 / p2 + 1 / p3]])


def _multinomial() -> Model:
    x3 = n - x1 - x2
    mass = sp.factorial(n) / (sp.factorial(x1) * sp.factorial(x2) * sp.factorial(x3)) * p1**x1 * p2**x2 \
        * (1 - p1 - p2) ** x3
    return Model(mass, (x1, x2), (p1, p2), {x1: sp.Range(0, n + 1), x2: sp.Range(0, n - x1 + 1)}, _HALF,
                 name="Multinomial(n; p1, p2, 1 - p1 - p2), n known")


def _softmax() -> Model:
    total = sp.exp(z1) + sp.exp(z2) + sp.exp(z3)
    mass = sp.Piecewise((sp.exp(z1) / total, sp.Eq(k, 1)), (sp.exp(z2) / total, sp.Eq(k, 2)), (sp.exp(z3) / total, True))
    return Model(mass, k, (z1, z2, z3), sp.FiniteSet(1, 2, 3), name="Categorical in softmax logits, K = 3")


def _softmax_fisher() -> sp.Matrix:
    total = sp.exp(z1) + sp.exp(z2) + sp.exp(z3)
    pi = sp.Matrix([sp.exp(z1), sp.exp(z2), sp.exp(z3)]) / total
    return sp.diag(*pi) - pi * pi.T


FAMILIES = [
    Family("categorical", lambda: Model(sp.Piecewise((p1, sp.Eq(k, 1)), (p2, sp.Eq(k, 2)), (1 - p1 - p2, True)),
                                        k, (p1, p2), sp.FiniteSet(1, 2, 3), _HALF, name="Categorical, K = 3"),
           _REF, _categorical_fisher),
    Family("multinomial", _multinomial, _REF, lambda: _categorical_fisher(n)),
    Family("categorical-softmax", _softmax, "Bishop, Pattern Recognition and Machine Learning, §4.3.4 (softmax); "
           "Fisher information diag(π) − ππᵀ, of rank K − 1", _softmax_fisher, singular=True),
]
