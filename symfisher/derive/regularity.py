"""Regularity: may we differentiate ∫ p dx = 1 under the integral sign?

Not when the support moves with a parameter (Uniform(0, θ), Pareto with unknown x_m): then E[s] ≠ 0
in general and the two forms of the Fisher information disagree. Kinks inside the support
(|x − μ| in Laplace) are allowed: the model is still differentiable in quadratic mean.
"""
from __future__ import annotations

from dataclasses import dataclass

import sympy as sp

from ..errors import NonRegularModel
from ..text import plain

_INDICATORS = (sp.Heaviside, sp.Min, sp.Max)


@dataclass(frozen=True)
class Irregularity:
    """A parameter on which the support depends, and where (internal symbols)."""

    parameter: sp.Symbol
    boundary: str
    expression: sp.Expr


def irregularities(model) -> list[Irregularity]:
    """Every way in which the support of ``model`` depends on a parameter."""
    found = []
    params = set(model._params)
    for variable, side, bound in model.support.boundaries():
        for theta in sorted(bound.free_symbols & params, key=str):
            found.append(Irregularity(theta, f"the {side} end {plain(model.public(bound))} of the support of "
                                             f"{plain(model.public(variable))}", bound))
    xs = set(model._variables)
    for indicator in _indicator_terms(model._density):
        symbols = indicator.free_symbols
        if symbols & xs:
            for theta in sorted(symbols & params, key=str):
                found.append(Irregularity(theta, f"the indicator {plain(model.public(indicator))} in the density",
                                          indicator))
    return found


def _indicator_terms(density: sp.Expr) -> list[sp.Expr]:
    terms = list(density.atoms(*_INDICATORS))
    for piece in density.atoms(sp.Piecewise):
        terms += [condition for _, condition in piece.args if condition not in (sp.true, sp.false)]
    return terms


def require_regular(model) -> None:
    """Raise NonRegularModel naming the parameter and the boundary, if the support depends on θ."""
    problems = irregularities(model)
    if problems:
        first = problems[0]
        raise NonRegularModel(
            f"the model is not regular: {first.boundary} depends on the parameter {model.public(first.parameter)}, "
            f"so ∫ p dx = 1 cannot be differentiated under the integral sign (E[s] = 0 and the Fisher "
            f"identities fail); the Cramér–Rao theory does not apply",
            parameter=model.public(first.parameter), boundary=model.public(first.expression))
