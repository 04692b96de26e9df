"""A derivation as JSON-ready data: the parameters, every registered result it has, the checks."""
from __future__ import annotations

from typing import Any

import sympy as sp

from ..quantities import REGISTRY


def as_json(derivation) -> dict:
    """``{"params": [...], <quantity>: text (a vector as a list, a matrix as rows), ..., "checks": {...}}``;
    expressions as SymPy's ``str``, which ``sympy.sympify`` reads back."""
    data: dict[str, Any] = {"params": [str(p) for p in derivation.model.params]}
    for quantity in REGISTRY:
        if quantity.json and quantity.name in derivation.results:
            data[quantity.name] = _text(derivation.results[quantity.name], quantity.shape)
    data["checks"] = {c.name: {"passed": c.passed, "detail": c.detail} for c in derivation.checks.values()}
    return data


def _text(value: Any, shape: str) -> Any:
    if value is None:
        return None
    if shape == "vector":
        return [sp.sstr(e) for e in value]
    if isinstance(value, sp.MatrixBase):
        return [[sp.sstr(e) for e in value.row(i)] for i in range(value.rows)]
    return sp.sstr(value)
