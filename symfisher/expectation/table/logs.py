"""Logarithms inside integrals, by differentiating under a power: log f = ∂/∂s f^s at s = 0.

∫ u^{a−1} e^{−bu} (log u)^m du = ∂ᵐ/∂aᵐ [Γ(a)/b^a]: every rule of :mod:`.rules` thereby also closes
its integrand times powers of logarithms, which is where digamma and trigamma values come from.
"""
from __future__ import annotations

import sympy as sp

from .rules import Rule, close_by_rules, expand_numerator


def close_with_logs(integrand: sp.Expr, u: sp.Symbol, low: sp.Expr, high: sp.Expr) -> tuple[sp.Expr, Rule] | None:
    """∫_low^high integrand du by the rule table, logarithms of u-dependent factors included; or None."""
    expanded = expand_numerator(sp.expand_log(integrand, force=True), u)
    logs = sorted((f for f in expanded.atoms(sp.log) if f.has(u)), key=sp.default_sort_key)
    if not logs:
        return close_by_rules(expanded, u, low, high)
    if not expanded.is_polynomial(*logs):
        return None
    exponents = [sp.Dummy(f"s{i}") for i in range(len(logs))]
    total, used = sp.Integer(0), None
    for monomial, coefficient in sp.collect(expanded, logs, evaluate=False).items():
        orders = [monomial.as_powers_dict().get(f, 0) if monomial != 1 else 0 for f in logs]
        powered = coefficient * sp.Mul(*(f.args[0] ** s for f, s in zip(logs, exponents)))
        closed = close_by_rules(powered, u, low, high)
        if closed is None:
            return None
        value, rule = closed
        for s, order in zip(exponents, orders):
            if order:
                value = sp.diff(value, s, int(order))
        total += value.subs({s: 0 for s in exponents})
        used = used or rule
    return total, used
