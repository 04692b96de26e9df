"""Is the sample mean of a statistic efficient? Its variance against the Cramér–Rao bound for its mean.

For T̄ = (1/n) Σ t(xᵢ), E[T̄] = g(θ) = E[t] (so T̄ is unbiased for g), Var(T̄) = Var[t]/n, and the bound
is ∇g I⁻¹ ∇gᵀ / n. T̄ is efficient when the two are equal (Bernoulli's x̄: θ(1 − θ)/n both).
"""
from __future__ import annotations

import sympy as sp

from ..derivation import EfficiencyStep
from ..errors import ArgumentError
from ..expectation.engine import expectation_of
from ..simplification import is_zero, tidy
from .bounds import crlb


def efficiency(model, statistic: sp.Expr, n: sp.Expr) -> EfficiencyStep:
    """The EfficiencyStep for the sample mean of ``statistic`` (user's symbols) over ``n`` samples."""
    statistic = sp.sympify(statistic)
    t = model.internal(statistic)
    unknown = t.free_symbols - set(model._variables) - set(model._constants)
    if not t.free_symbols & set(model._variables) or unknown:
        raise ArgumentError(f"the statistic {statistic} must be a function of the data {model.variables} and the "
                            f"known constants {model.constants} only; not the model's own symbols: {sorted(map(str, unknown))} "
                            f"(a symbol of the same name with other assumptions is a different symbol)")
    mean = expectation_of(model, t).value
    second = expectation_of(model, t**2).value
    variance = tidy((second - mean**2) / n, model.budget)
    bound = crlb(model, n=n, g=mean)
    ratio = tidy(bound / variance, model.budget)
    public = model.public
    return EfficiencyStep(statistic, n, public(mean), public(variance), public(bound), public(ratio),
                          bool(is_zero(ratio - 1, model.budget)))
