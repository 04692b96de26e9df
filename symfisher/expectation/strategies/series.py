"""Discrete supports with infinitely many or symbolically many outcomes: generating functions.

The probability generating function G(t) = Σ p(x) tˣ is summed from the term ratio r(x) = T(x+1)/T(x),
a rational function of x for the textbook families: r = c gives the geometric series T(0)/(1 − c),
r = c/(x+1) the exponential series T(0) e^c, and r = c (x + b)/(x + 1) the binomial series
T(0) (1 − c)^{−b} (negative binomial; for b = −n it stops at x = n: the binomial theorem). Iterated
supports (the multinomial simplex) are summed variable by variable. Polynomial moments then follow
from G: E[xᵏ] = (t ∂/∂t)ᵏ G at t = 1.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

import sympy as sp

from ... import budget
from ...errors import BudgetExceeded
from ...memo import per_model
from ..results import Closed, Decline, Moment

if TYPE_CHECKING:
    from ...model.view import ModelView

RULE = "generating function"
RECORDS = (RULE,)


def close(model: ModelView, g: sp.Expr, moment: Moment) -> Closed:
    """Σ g p for polynomial g, from the generating function of p."""
    support = model.support
    if not support.discrete or support.sets is None or support.finite_outcomes() is not None:
        raise Decline("generating functions are for infinite or symbolic discrete supports")
    xs = model.variables
    if not g.is_polynomial(*xs):
        raise Decline(f"{g} is not a polynomial in {xs}")
    ts = sp.symbols(f"t0:{len(xs)}", positive=True, cls=sp.Dummy)
    generating = generating_function(model, ts)
    value = sp.Integer(0)
    for monomial, coefficient in sp.Poly(g, *xs).terms():
        derived = generating
        for t, order in zip(ts, monomial):
            for _ in range(order):
                derived = t * sp.diff(derived, t)
        value += coefficient * derived
    return Closed(value.subs({t: 1 for t in ts}), RULE,
                  "G(t) = Σ p(x) tˣ summed from its term ratio; E[xᵏ] = (t ∂/∂t)ᵏ G at t = 1")


def generating_function(model: ModelView, ts: tuple) -> sp.Expr:
    """G(t) = Σ p(x) Π tᵢ^{xᵢ} in closed form (once per model), or Decline."""
    own, value = _generating_function(model)
    return value.xreplace(dict(zip(own, ts)))


@per_model
def _generating_function(model: ModelView) -> tuple[tuple, sp.Expr]:
    """(t, G(t)) in Dummy symbols of its own."""
    ts = sp.symbols(f"t0:{len(model.variables)}", positive=True, cls=sp.Dummy)
    term = model.density * sp.Mul(*(t**x for t, x in zip(ts, model.variables)))
    for variable, low, high in model.support.limits():
        term = _sum_by_ratio(model, term, variable, low, high)
    return ts, term


def _sum_by_ratio(model, term: sp.Expr, x: sp.Symbol, low: sp.Expr, high: sp.Expr) -> sp.Expr:
    shifted = term.subs(x, x + low)
    top = high - low
    try:
        ratio = budget.within(model.budget, lambda: sp.factor(sp.combsimp(shifted.subs(x, x + 1) / shifted)))
    except BudgetExceeded:
        raise Decline("the term ratio did not simplify within the budget") from None
    numerator, denominator = sp.fraction(ratio)
    if not (numerator.is_polynomial(x) and denominator.is_polynomial(x)):
        raise Decline(f"the term ratio {ratio} is not rational in {x}")
    first = sp.combsimp(shifted.subs(x, 0))
    num, den = sp.Poly(numerator, x), sp.Poly(denominator, x)
    if den.degree() == 0 and num.degree() == 0 and top == sp.oo:
        return first / (1 - ratio)
    if den.degree() != 1 or sp.simplify(den.all_coeffs()[1] / den.all_coeffs()[0] - 1) != 0:
        raise Decline(f"the term ratio {ratio} is not of a geometric, exponential or binomial series")
    lead = den.all_coeffs()[0]
    if num.degree() == 0 and top == sp.oo:
        return first * sp.exp(numerator / lead)
    if num.degree() == 1:
        a, ab = num.all_coeffs()
        b, c = sp.cancel(ab / a), sp.cancel(a / lead)
        if top == sp.oo or sp.simplify(top + b) == 0:
            return first * (1 - c) ** (-b)
    raise Decline(f"the term ratio {ratio} does not match a summable series over [{low}, {high}]")
