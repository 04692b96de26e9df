"""The rule table applied to the model's own integral, innermost variable first (iterated supports
such as the simplex become a sequence of Beta integrals)."""
from __future__ import annotations

from typing import TYPE_CHECKING

import sympy as sp

from ..results import Closed, Decline, Moment
from ..table.logs import close_with_logs
from ..table.rules import RULES

if TYPE_CHECKING:
    from ...model.view import ModelView

RECORDS = tuple(rule.name for rule in RULES)  # several joined by " + " when an iterated integral uses them


def close(model: ModelView, g: sp.Expr, moment: Moment) -> Closed:
    """∫ g p over a continuous support, every (iterated) integral closed by the rule table."""
    if model.support.discrete or model.support.sets is None:
        raise Decline("the integral rules are for continuous supports")
    value = g * model.density
    used = []
    for variable, low, high in model.support.limits():
        closed = close_with_logs(value, variable, low, high)
        if closed is None:
            raise Decline(f"no rule closes the integral over {variable}")
        value, rule = closed
        used.append(rule)
    names = list(dict.fromkeys(r.name for r in used))
    return Closed(value, " + ".join(names), "; ".join(dict.fromkeys(r.statement for r in used)),
                  table_rules=tuple(names))
