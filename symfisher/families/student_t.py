"""Student-t with ν known: location (unit scale), and location–scale."""
import sympy as sp

from ..model import Model
from .base import Family

x = sp.Symbol("x", real=True)
mu = sp.Symbol("mu", real=True)
sigma = sp.Symbol("sigma", positive=True)
nu = sp.Symbol("nu", positive=True)
_REF = "Lange, Little & Taylor, Robust statistical modeling using the t distribution, JASA 84 (1989), §3"


def _density(scale):
    z = (x - mu) / scale
    return sp.gamma((nu + 1) / 2) / (sp.sqrt(nu * sp.pi) * sp.gamma(nu / 2) * scale) * (1 + z**2 / nu) ** (-(nu + 1) / 2)


FAMILIES = [
    Family("student-t-location", lambda: Model(_density(1), x, mu), _REF,
           lambda: sp.Matrix([(nu + 1) / (nu + 3)])),
    Family("student-t", lambda: Model(_density(sigma), x, (mu, sigma)), _REF,
           lambda: sp.diag((nu + 1) / ((nu + 3) * sigma**2), 2 * nu / ((nu + 3) * sigma**2))),
]
