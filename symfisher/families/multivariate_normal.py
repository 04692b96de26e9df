"""Multivariate normal means: known symbolic Σ (d = 2), and the bivariate normal with correlation ρ."""
import sympy as sp

from ..model import Model
from ..rational_functions import inverse_and_determinant
from .base import Family

x1, x2 = sp.symbols("x1 x2", real=True)
mu1, mu2 = sp.symbols("mu1 mu2", real=True)
s11, s22 = sp.symbols("s11 s22", positive=True)
s12 = sp.Symbol("s12", real=True)
sigma = sp.Symbol("sigma", positive=True)
rho = sp.Symbol("rho", real=True)
SYMBOLIC = sp.Matrix([[s11, s12], [s12, s22]])
CORRELATED = sigma**2 * sp.Matrix([[1, rho], [rho, 1]])
_REF = "reference notes, worked example 2 and practice problem 3; Mardia, Kent & Bibby, Multivariate Analysis, §4.2"


def gaussian_mean_model(covariance: sp.Matrix, domain: dict | None = None, name: str | None = None) -> Model:
    """N(μ, Σ) in the mean μ, Σ known, for any dimension."""
    d = covariance.rows
    xs = sp.symbols(f"x1:{d + 1}", real=True)
    mus = sp.symbols(f"mu1:{d + 1}", real=True)
    centred = [xi - mi for xi, mi in zip(xs, mus)]
    # SymPy's own inv and det are far slower for a symbolic covariance
    precision, determinant = inverse_and_determinant(covariance) or (covariance.inv(), covariance.det())
    # (x − μ)ᵀ Σ⁻¹ (x − μ) term by term: the matrix product would multiply the entries out
    quadratic = sp.Add(*((precision[i, j] if i == j else precision[i, j] + precision[j, i]) * centred[i] * centred[j]
                         for i in range(d) for j in range(i, d)))
    # exp of a quadratic in x has nothing to evaluate (SymPy's eval would ask the quadratic's sign)
    density = sp.exp(-quadratic / 2, evaluate=False) / sp.sqrt((2 * sp.pi) ** d * determinant)
    return Model(density, xs, mus, {xi: sp.Reals for xi in xs}, domain, name=name)


FAMILIES = [
    Family("mvn-mean", lambda: gaussian_mean_model(SYMBOLIC, name="N(μ, Σ), Σ known"), _REF, lambda: SYMBOLIC.inv()),
    Family("bivariate-normal-rho", lambda: gaussian_mean_model(CORRELATED, {rho: sp.Interval.open(-1, 1)},
                                                               name="bivariate normal with correlation ρ"),
           _REF, lambda: CORRELATED.inv()),
]
