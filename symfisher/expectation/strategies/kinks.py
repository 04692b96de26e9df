"""Kinks and jumps: split the integral where |·|, sign or Heaviside change form.

On each piece between consecutive roots, Abs(a·x + b) is ±(a·x + b), sign is ±1 and Heaviside is
0 or 1, so the piece is an ordinary integral (Laplace: |x − μ| splits the line at μ).
"""
from __future__ import annotations

from typing import TYPE_CHECKING

import sympy as sp

from ..results import Closed, Decline, Moment
from ..roots import kink_functions, linear_root
from .sympy_fallback import integrate_or_sum

if TYPE_CHECKING:
    from ...model.view import ModelView

RULE = "split at kinks"
RECORDS = (RULE,)


def close(model: ModelView, g: sp.Expr, moment: Moment) -> Closed:
    """∫ g p over a one-dimensional continuous support, split at the kinks of g·p."""
    if model.support.discrete or len(model.variables) != 1:
        raise Decline("kink splitting is for one continuous variable")
    x = model.variables[0]
    integrand = g * model.density
    if integrand.has(sp.DiracDelta):
        raise Decline("DiracDelta terms are handled by the sifting rule")
    functions = kink_functions(integrand, x)
    if not functions:
        raise Decline("no |·|, sign or Heaviside of the variable")
    roots = {}
    for f in functions:
        found = linear_root(f.args[0], x)
        if found is None or found[1].is_positive is None and found[1].is_negative is None:
            raise Decline(f"{f} is not of a linear argument with a slope of known sign")
        roots[f] = found
    (_, low, high), = model.support.limits()
    cuts = sorted(set(root for root, _ in roots.values()), key=lambda r: _order_key(model, r))
    for cut in cuts:
        if not all(low.xreplace(p) < cut.xreplace(p) < high.xreplace(p) for p in model.points):
            raise Decline(f"the kink at {x} = {cut} is not inside the support at every sample point")
    edges = [low, *cuts, high]
    total = sp.Integer(0)
    for left, right in zip(edges, edges[1:]):
        replacements = {f: _on_piece(f, root, slope, left, right) for f, (root, slope) in roots.items()}
        total += integrate_or_sum(model, integrand.xreplace(replacements), [(x, left, right)])
    pieces = ", ".join(f"({a}, {b})" for a, b in zip(edges, edges[1:]))
    return Closed(total, RULE, f"split the integral at {', '.join(map(str, cuts))}: pieces {pieces}")


def _order_key(model, root: sp.Expr) -> list:
    return [root.xreplace(p) for p in model.points]


def _on_piece(f: sp.Expr, root: sp.Expr, slope: sp.Expr, left: sp.Expr, right: sp.Expr) -> sp.Expr:
    """The form of f on (left, right): the argument has the sign of the slope right of its root."""
    right_of_root = (left == root) or (left != -sp.oo and sp.simplify(left - root).is_nonnegative)
    positive = bool(slope.is_positive) == bool(right_of_root)
    argument = f.args[0]
    if isinstance(f, sp.Abs):
        return argument if positive else -argument
    if isinstance(f, sp.sign):
        return sp.Integer(1) if positive else sp.Integer(-1)
    return sp.Integer(1) if positive else sp.Integer(0)
