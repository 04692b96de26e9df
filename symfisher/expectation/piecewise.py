"""Piecewise results of SymPy's integrate/summation, resolved by the model's parameter domain."""
from __future__ import annotations

from typing import TYPE_CHECKING

import sympy as sp

if TYPE_CHECKING:
    from ..model.view import ModelView


def resolve_piecewise(model: ModelView, value: sp.Expr) -> sp.Expr | None:
    """Replace each Piecewise by the branch whose condition holds at every sample point, else None."""
    if not value.has(sp.Piecewise):
        return value
    replacements = {}
    for piece in value.atoms(sp.Piecewise):
        if piece.free_symbols & set(model.variables):
            continue
        chosen = _branch(model, piece)
        if chosen is None:
            return None
        replacements[piece] = chosen
    return value.xreplace(replacements)


def _branch(model: ModelView, piece: sp.Piecewise) -> sp.Expr | None:
    for expr, condition in piece.args:
        if condition == sp.true:
            return expr
        try:
            holds = [bool(condition.xreplace(point)) for point in model.points]
        except TypeError:
            return None
        if all(holds):
            return expr
        if any(holds):
            return None
    return None
