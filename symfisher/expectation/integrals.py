"""One-dimensional integrals after a change of variable: the rule table first, then SymPy."""
from __future__ import annotations

import sympy as sp

from .base import Decline
from .logs import close_with_logs
from .sympy_fallback import integrate_or_sum


def close_1d(model, integrand: sp.Expr, u: sp.Symbol, low: sp.Expr, high: sp.Expr) -> tuple[sp.Expr, str]:
    """``(value, how)`` for ∫_low^high integrand du; Decline when neither the rules nor SymPy close it."""
    closed = close_with_logs(integrand, u, low, high)
    if closed is not None:
        return closed[0], f"{closed[1].name}: {closed[1].statement}"
    try:
        return integrate_or_sum(model, integrand, [(u, low, high)], discrete=False), "SymPy integration"
    except Decline as exc:
        raise Decline(f"no rule applies and SymPy failed ({exc})") from None
