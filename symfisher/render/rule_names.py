"""How each expectation rule reads in a proof: one LaTeX sentence per rule name, as data.

Keys are the ``rule`` names the expectation strategies record (``symfisher.expectation``) and the names
of the integral-rule table; a test checks that every name a strategy can record has an entry here.
"""
from __future__ import annotations

from .printer import Tex

RULE_TEX: dict[str, Tex] = {name: Tex(text) for name, text in {
    "normalisation": r"the density integrates to one: $\int p = 1$",
    "finite sum": r"a finite sum over the outcomes of the support",
    "sifting property of δ": r"the sifting property $\int h(x)\,\delta(x - c)\,dx = h(c)$",
    "Gaussian moments":
        r"$\log p$ is quadratic in $x$, so $x$ is Gaussian and its moments follow from Isserlis' theorem",
    "differentiating the normaliser":
        r"differentiating the normaliser: for $p = q/c$, $\mathbb{E}[\partial \log q/\partial\theta]"
        r" = \partial \log c/\partial\theta$, since $\int \partial q/\partial\theta = \partial c/\partial\theta$",
    "generating function":
        r"the generating function $G(t) = \sum_x p(x)\,t^x$, summed from its term ratio; "
        r"$\mathbb{E}[x^k]$ is $(t\,\partial_t)^k G$ at $t = 1$",
    "split at kinks": r"the integral split where $|\cdot|$, sign or an indicator changes form",
    "location–scale substitution": r"the location--scale substitution",
    "monotone substitution": r"the monotone substitution",
    "SymPy integration": r"SymPy's \texttt{integrate}, checked numerically",
    "SymPy summation": r"SymPy's \texttt{summation}, checked numerically",
    "Gamma integral": r"the Gamma integral $\int_0^\infty u^{a-1} e^{-bu}\,du = \Gamma(a)/b^{a}$",
    "Beta integral": r"the Beta integral $\int_0^c u^{a-1}(c-u)^{b-1}\,du = c^{a+b-1}\,\mathrm{B}(a, b)$",
    "power integral": r"the power rule $\int u^{a}\,du = u^{a+1}/(a+1)$",
    "Beta-prime integral": r"the Beta-prime integral $\int_0^\infty u^{a-1}(1+u)^{-a-b}\,du = \mathrm{B}(a, b)$",
    "Gaussian integral":
        r"the Gaussian integral: $\int u^m e^{-a u^2 + b u}\,du$ from the moments of $\mathcal{N}(b/2a, 1/2a)$",
    "Student-t integral":
        r"the Student-$t$ integral $\int z^{2m}(1 + \beta z^2)^{-k}\,dz"
        r" = \beta^{-m-1/2}\,\mathrm{B}(m + \tfrac12, k - m - \tfrac12)$",
}.items()}

LOGARITHMS = Tex(r"powers of $\log u$ by differentiating $u^{s}$ in $s$ at $s = 0$")


def rule_tex(name: str) -> Tex:
    """The sentence for one rule name; several table rules joined by `` + `` read as a list."""
    parts = name.split(" + ")
    missing = [part for part in parts if part not in RULE_TEX]
    if missing:
        raise KeyError(f"no proof sentence for the rule(s) {missing}; add them to RULE_TEX")
    return Tex("; ".join(RULE_TEX[part] for part in parts))
