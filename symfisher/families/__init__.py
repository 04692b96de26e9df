"""The catalogue of named models: ``names()``, ``get(name)`` and ``family(name)``.

One module per family; each lists its parameterisations as :class:`Family` entries with the density,
support, domains, a source, and the textbook Fisher information (used only by tests).
"""
from __future__ import annotations

from ..errors import ArgumentError
from ..model import Model
from . import (bernoulli, beta, binomial, categorical, cauchy, chi_squared, dirichlet, exponential, gamma, geometric,
               gumbel, inverse_gamma, inverse_gaussian, laplace, logistic, lognormal, multivariate_normal,
               negative_binomial, normal, pareto, poisson, rayleigh, student_t, uniform, weibull)
from .base import Family

_MODULES = (bernoulli, beta, binomial, categorical, cauchy, chi_squared, dirichlet, exponential, gamma, geometric,
            gumbel, inverse_gamma, inverse_gaussian, laplace, logistic, lognormal, multivariate_normal,
            negative_binomial, normal, pareto, poisson, rayleigh, student_t, uniform, weibull)
CATALOGUE: dict[str, Family] = {f.name: f for module in _MODULES for f in module.FAMILIES}

__all__ = ["CATALOGUE", "Family", "family", "get", "names"]


def names() -> list[str]:
    """Every catalogue name, sorted."""
    return sorted(CATALOGUE)


def family(name: str) -> Family:
    """The catalogue entry ``name`` (its builder, source and textbook answer)."""
    try:
        return CATALOGUE[name]
    except KeyError:
        raise ArgumentError(f"no family named {name!r}; known: {', '.join(names())}") from None


def get(name: str) -> Model:
    """A new Model of the family ``name``."""
    return family(name).build()
