"""Where piecewise pieces meet: the roots of linear arguments, and the |·|, sign and Heaviside factors
whose arguments involve a variable (shared by the kink and δ strategies, the rule table and quadrature)."""
from __future__ import annotations

import sympy as sp

KINKED = (sp.Abs, sp.sign, sp.Heaviside)


def kink_functions(expr: sp.Expr, variable: sp.Symbol) -> list[sp.Expr]:
    """The Abs/sign/Heaviside sub-expressions of ``expr`` whose argument involves ``variable``."""
    return [f for f in expr.atoms(*KINKED) if f.args[0].has(variable)]


def linear_root(argument: sp.Expr, variable: sp.Symbol) -> tuple[sp.Expr, sp.Expr] | None:
    """``(root, slope)`` of an argument a·x + b linear in ``variable``, else None."""
    poly = sp.Poly(argument, variable) if argument.is_polynomial(variable) else None
    if poly is None or poly.degree() != 1:
        return None
    slope, offset = poly.all_coeffs()
    return -offset / slope, slope
