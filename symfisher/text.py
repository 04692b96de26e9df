"""Expressions as one line of readable text: SymPy's ``str`` with Greek names as Greek letters.

Used in messages and in the sentences a proof quotes (θ, not ``theta``); LaTeX goes through ``render``.
"""
from __future__ import annotations

import re
from typing import Any

import sympy as sp

GREEK_LETTERS = {"alpha": "α", "beta": "β", "gamma": "γ", "delta": "δ", "epsilon": "ε", "zeta": "ζ", "eta": "η",
          "theta": "θ", "iota": "ι", "kappa": "κ", "lambda": "λ", "mu": "μ", "nu": "ν", "xi": "ξ", "pi": "π",
          "rho": "ρ", "sigma": "σ", "tau": "τ", "upsilon": "υ", "phi": "φ", "chi": "χ", "psi": "ψ", "omega": "ω",
          "Gamma": "Γ", "Delta": "Δ", "Theta": "Θ", "Lambda": "Λ", "Xi": "Ξ", "Pi": "Π", "Sigma": "Σ",
          "Phi": "Φ", "Psi": "Ψ", "Omega": "Ω"}
_NAME = re.compile(r"\b(" + "|".join(sorted(GREEK_LETTERS, key=len, reverse=True)) + r")(?=\b|_|\d)")


def plain(value: Any) -> str:
    """``value`` printed by SymPy on one line, Greek symbol names shown as letters (functions keep names)."""
    if isinstance(value, sp.Basic):
        value = value.xreplace({s: sp.Symbol(greek(s.name)) for s in value.free_symbols if isinstance(s, sp.Symbol)})
    return str(value).replace("**", "^")


def greek(text: str) -> str:
    """A name such as ``sigma`` or ``mu_1`` with its Greek part as a letter."""
    return _NAME.sub(lambda m: GREEK_LETTERS[m.group(1)], text)
