"""The models of the reference notes (../shared/reference/), built as a user would build them."""
from __future__ import annotations

import sympy as sp

import symfisher as sf

x = sp.Symbol("x", real=True)
k = sp.Symbol("k", integer=True)
theta = sp.Symbol("theta")
mu = sp.Symbol("mu", real=True)
sigma = sp.Symbol("sigma", positive=True)
v = sp.Symbol("v", positive=True)           # σ² as a parameter
lam = sp.Symbol("lambda", positive=True)
x1, x2 = sp.symbols("x1 x2", real=True)
mu1, mu2 = sp.symbols("mu1 mu2", real=True)
s11, s22 = sp.symbols("s11 s22", positive=True)
s12 = sp.Symbol("s12", real=True)
rho = sp.Symbol("rho", real=True)
pi1, pi2 = sp.symbols("pi1 pi2", positive=True)
z1, z2, z3 = sp.symbols("z1 z2 z3", real=True)
HALF = sp.Interval.open(0, sp.Rational(1, 2))


def bernoulli() -> sf.Model:
    return sf.Model(theta**x * (1 - theta) ** (1 - x), x, theta, sp.FiniteSet(0, 1),
                    {theta: sp.Interval.open(0, 1)})


def normal_known_sigma() -> sf.Model:
    return sf.Model(sp.exp(-(x - mu) ** 2 / (2 * sigma**2)) / sp.sqrt(2 * sp.pi * sigma**2), x, mu)


def normal_mean_variance() -> sf.Model:
    return sf.Model(sp.exp(-(x - mu) ** 2 / (2 * v)) / sp.sqrt(2 * sp.pi * v), x, (mu, v))


def exponential() -> sf.Model:
    return sf.Model(lam * sp.exp(-lam * x), x, lam, sp.Interval(0, sp.oo))


def poisson() -> sf.Model:
    return sf.Model(lam**k * sp.exp(-lam) / sp.factorial(k), k, lam, sp.Naturals0)


def categorical() -> sf.Model:
    """K = 3 with the K − 1 = 2 free probabilities, as a Piecewise mass function on {1, 2, 3}."""
    mass = sp.Piecewise((pi1, sp.Eq(k, 1)), (pi2, sp.Eq(k, 2)), (1 - pi1 - pi2, True))
    return sf.Model(mass, k, (pi1, pi2), sp.FiniteSet(1, 2, 3), {pi1: HALF, pi2: HALF})


def gaussian_2d(covariance: sp.Matrix, domain: dict | None = None) -> sf.Model:
    d = sp.Matrix([x1 - mu1, x2 - mu2])
    density = sp.exp(-(d.T * covariance.inv() * d)[0] / 2) / (2 * sp.pi * sp.sqrt(covariance.det()))
    return sf.Model(density, (x1, x2), (mu1, mu2), {x1: sp.Reals, x2: sp.Reals}, domain)


SIGMA_SYMBOLIC = sp.Matrix([[s11, s12], [s12, s22]])
SIGMA_RHO = sigma**2 * sp.Matrix([[1, rho], [rho, 1]])


def mvn_known_covariance() -> sf.Model:
    return gaussian_2d(SIGMA_SYMBOLIC)


def bivariate_rho() -> sf.Model:
    return gaussian_2d(SIGMA_RHO, {rho: sp.Interval.open(-1, 1)})


def softmax_logits() -> sf.Model:
    total = sp.exp(z1) + sp.exp(z2) + sp.exp(z3)
    mass = sp.Piecewise((sp.exp(z1) / total, sp.Eq(k, 1)), (sp.exp(z2) / total, sp.Eq(k, 2)),
                        (sp.exp(z3) / total, True))
    return sf.Model(mass, k, (z1, z2, z3), sp.FiniteSet(1, 2, 3))


def uniform_0_theta() -> sf.Model:
    t = sp.Symbol("theta", positive=True)
    return sf.Model(1 / t, x, t, sp.Interval(0, t))
