"""What the expectation engine returns (an Expectation with its trace), what a strategy returns (Closed),
and how a strategy declines."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

import sympy as sp

if TYPE_CHECKING:
    from ..model.view import ModelView


@dataclass(frozen=True)
class TraceEntry:
    """How one x-dependent factor's expectation was closed and checked."""

    integrand: sp.Expr
    value: sp.Expr
    rule: str
    detail: str
    certified: bool
    certificate: str
    substitution: sp.Expr | None = None
    table_rules: tuple[str, ...] = ()


@dataclass(frozen=True)
class Expectation:
    """E[f] with its provenance.

    Attributes:
        value: the closed form.
        method: the rules used, in order of first use ("linearity; finite sum").
        trace: one TraceEntry per x-dependent factor gᵢ of f = Σ cᵢ(θ) gᵢ(x).
        certified: True when every factor's closed form was confirmed numerically.
    """

    value: sp.Expr
    method: str
    trace: tuple[TraceEntry, ...]
    certified: bool


Moment = Callable[["ModelView", sp.Expr], TraceEntry]
"""The engine's E[g] for one x-dependent factor g, passed to the strategies that need another moment."""


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
