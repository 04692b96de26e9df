"""What an expectation strategy returns, and how it declines."""
from __future__ import annotations

from dataclasses import dataclass

import sympy as sp


@dataclass(frozen=True)
class Closed:
    """A strategy's closed form of ∫ g·p (or Σ g·p) over the support.

    Attributes:
        value: the closed form, in the model's internal symbols.
        rule: a short name of the rule that closed it ("finite sum", "Gaussian moments" ...).
        detail: one sentence a proof can quote: how the integral or sum was closed.
        substitution: for a change of variables, the new variable as a function of x (else None),
            so that a proof can display it.
        table_rules: names of the integral-table rules that closed the (transformed) integral.
    """

    value: sp.Expr
    rule: str
    detail: str
    substitution: sp.Expr | None = None
    table_rules: tuple[str, ...] = ()


class Decline(Exception):
    """Raised by a strategy that does not apply to this integrand; the message says why."""


UNACCEPTABLE = (sp.Integral, sp.Sum, sp.meijerg)


def acceptable(value: sp.Expr) -> bool:
    """A closed form symfisher is willing to return: no leftover integral, sum, meijerg, nan or zoo."""
    return not (value.has(*UNACCEPTABLE) or value.has(sp.nan, sp.zoo) or value.has(sp.oo, -sp.oo))
