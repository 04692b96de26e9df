"""Differentiating the normaliser: the exponential-family identity, without integrating.

Write p = c(a) q(x; a), with c the factor free of x. Since ∫ q dx = 1/c(a) for every a in an open
domain, differentiating under the integral sign gives E[∂ₐ log q] = −∂ₐ log c(a). When
∂ₐ log q = c₀(θ) + c₁(θ) h(x), this is E[h] in closed form: E[log x] under Gamma or Beta is a digamma
difference, E[x] under Gamma is α/β. Products h·h₂ with h₂ free of a follow from one more
differentiation: E[h₂ ∂ₐ log q] = ∂ₐ E[h₂] + E[h₂] E[∂ₐ log q].
"""
from __future__ import annotations

from typing import TYPE_CHECKING

import sympy as sp

from ...memo import per_model
from ..results import Closed, Decline, Moment

if TYPE_CHECKING:
    from ...model.view import ModelView

RULE = "differentiating the normaliser"
RECORDS = (RULE,)


def close(model: ModelView, g: sp.Expr, moment: Moment) -> Closed:
    """E[g] for g = h or g = h·h₂ (h₂ free of a, its expectation found recursively), h the x-part of ∂ₐ log q."""
    xs = model.variables
    for symbol, (c0, c1, h) in _basic_factors(model).items():
        mean_d = -sp.diff(_log_constant(model), symbol)
        if g == h:
            return Closed((mean_d - c0) / c1, RULE,
                          f"E[∂/∂{model.public(symbol)} log q] = −∂/∂{model.public(symbol)} log c")
        exponent = g.as_powers_dict().get(h, sp.Integer(0))
        rest = g / h
        if exponent.is_Integer and exponent >= 1 and not rest.has(symbol) and rest.has(*xs):
            inner = moment(model, rest).value
            value = (sp.diff(inner, symbol) + inner * mean_d - c0 * inner) / c1
            return Closed(value, RULE,
                          f"E[h₂ ∂/∂{model.public(symbol)} log q] = ∂/∂{model.public(symbol)} E[h₂] + E[h₂] E[∂ log q]")
    raise Decline("g is not the x-part of a derivative of log q (times a factor free of that parameter)")


def _log_constant(model: ModelView) -> sp.Expr:
    constant, _ = model.density.as_independent(*model.variables, as_Add=False)
    return sp.expand_log(sp.log(constant), force=True)


@per_model
def _basic_factors(model: ModelView) -> dict:
    """{a: (c₀, c₁, h)} with ∂ₐ log q = c₀ + c₁ h(x), for parameters and constants with open domains."""
    xs = model.variables
    _, q = model.density.as_independent(*xs, as_Add=False)
    log_q = sp.expand(sp.expand_log(sp.log(q), force=True))
    found = {}
    for symbol in list(model.params) + list(model.constants):
        if symbol.is_integer or not model.domain[symbol].is_open:
            continue
        derivative = sp.expand(sp.diff(log_q, symbol))
        terms = [t for t in sp.Add.make_args(derivative) if t.has(*xs)]
        if len(terms) != 1:
            continue
        c1, h = terms[0].as_independent(*xs, as_Add=False)
        if h.has(symbol):
            continue
        found[symbol] = (derivative - terms[0], c1, h)
    return found
