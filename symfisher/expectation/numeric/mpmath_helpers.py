"""mpmath at a stated precision: SymPy numbers and expressions as mpmath numbers and functions."""
from __future__ import annotations

import mpmath
import sympy as sp

DIGITS = 30
_NEGLIGIBLE_EXPONENT = -10**6


def _exp(t):
    """exp that returns 0 below e^(−10⁶): mpmath would otherwise reduce a double-exponential argument
    (Gumbel's e^{−e^{−z}} far in the tail) with billions of bits of log 2, for a value of no weight."""
    if isinstance(t, mpmath.mpf) and t < _NEGLIGIBLE_EXPONENT:
        return mpmath.mpf(0)
    return mpmath.exp(t)


MPMATH_MODULES = [{"Heaviside": lambda t, h0=0.5: mpmath.mpf(1) if t > 0 else (mpmath.mpf(h0) if t == 0 else 0),
             "sign": mpmath.sign, "exp": _exp}, "mpmath"]


def mpmath_function(variables, expr: sp.Expr):
    """``expr`` as a function of ``variables`` evaluated by mpmath at the working precision. Common
    subexpressions are computed once per call (e^{−z} in a Gumbel density)."""
    return sp.lambdify(variables, expr, modules=MPMATH_MODULES, cse=True, docstring_limit=0)


def to_mpmath(expr: sp.Expr, digits: int = DIGITS) -> mpmath.mpf | mpmath.mpc:
    """A SymPy number as an mpmath number at ``digits`` significant digits."""
    if expr in (sp.oo, -sp.oo):
        return mpmath.inf if expr == sp.oo else -mpmath.inf
    value = sp.N(expr, digits + 5)
    if value.is_real:
        return mpmath.mpf(str(value))
    return mpmath.mpc(str(sp.re(value)), str(sp.im(value)))
