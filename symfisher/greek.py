"""Greek letters by name, the vocabulary readers (``alpha`` in text) and writers (α in messages) share."""
from __future__ import annotations

import re

GREEK_LETTERS = {"alpha": "α", "beta": "β", "gamma": "γ", "delta": "δ", "epsilon": "ε", "zeta": "ζ", "eta": "η",
          "theta": "θ", "iota": "ι", "kappa": "κ", "lambda": "λ", "mu": "μ", "nu": "ν", "xi": "ξ", "pi": "π",
          "rho": "ρ", "sigma": "σ", "tau": "τ", "upsilon": "υ", "phi": "φ", "chi": "χ", "psi": "ψ", "omega": "ω",
          "Gamma": "Γ", "Delta": "Δ", "Theta": "Θ", "Lambda": "Λ", "Xi": "Ξ", "Pi": "Π", "Sigma": "Σ",
          "Phi": "Φ", "Psi": "Ψ", "Omega": "Ω"}
_NAME = re.compile(r"\b(" + "|".join(sorted(GREEK_LETTERS, key=len, reverse=True)) + r")(?=\b|_|\d)")


def greek(text: str) -> str:
    """A name such as ``sigma`` or ``mu_1`` with its Greek part as a letter."""
    return _NAME.sub(lambda m: GREEK_LETTERS[m.group(1)], text)
