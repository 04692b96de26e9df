"""Normal(μ, σ²) in five parameterisations: μ; σ; σ²; (μ, σ); (μ, σ²); and the precision τ."""
import sympy as sp

from ..model import Model
from .base import Family

x = sp.Symbol("x", real=True)
mu = sp.Symbol("mu", real=True)
sigma = sp.Symbol("sigma", positive=True)
v = sp.Symbol("v", positive=True)      # the variance σ²
tau = sp.Symbol("tau", positive=True)  # the precision 1/σ²
_REF = "Casella & Berger, Statistical Inference (2nd ed.), Example 7.3.20; Lehmann & Casella, Table 2.6.1"


def _by_sigma(params) -> Model:
    return Model(sp.exp(-(x - mu) ** 2 / (2 * sigma**2)) / sp.sqrt(2 * sp.pi * sigma**2), x, params)


def _by_variance(params) -> Model:
    return Model(sp.exp(-(x - mu) ** 2 / (2 * v)) / sp.sqrt(2 * sp.pi * v), x, params)


FAMILIES = [
    Family("normal-mean", lambda: _by_sigma(mu), _REF, lambda: sp.Matrix([1 / sigma**2])),
    Family("normal-sd", lambda: _by_sigma(sigma), _REF, lambda: sp.Matrix([2 / sigma**2])),
    Family("normal-variance", lambda: _by_variance(v), _REF, lambda: sp.Matrix([1 / (2 * v**2)])),
    Family("normal-mean-sd", lambda: _by_sigma((mu, sigma)), _REF, lambda: sp.diag(1 / sigma**2, 2 / sigma**2)),
    Family("normal-mean-variance", lambda: _by_variance((mu, v)), _REF, lambda: sp.diag(1 / v, 1 / (2 * v**2))),
    Family("normal-precision", lambda: Model(sp.sqrt(tau / (2 * sp.pi)) * sp.exp(-tau * (x - mu) ** 2 / 2), x, tau),
           _REF, lambda: sp.Matrix([1 / (2 * tau**2)])),
]
