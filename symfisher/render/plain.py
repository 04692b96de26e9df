"""Expressions as one line of readable text: SymPy's ``str`` with Greek names as Greek letters.

Used in messages, summaries and the sentences a proof quotes (θ, not ``theta``); LaTeX goes through
:mod:`.printer`.
"""
from __future__ import annotations

from typing import Any

import sympy as sp

from ..greek import greek


def plain(value: Any) -> str:
    """``value`` printed by SymPy on one line, Greek symbol names shown as letters (functions keep names)."""
    if isinstance(value, sp.Basic):
        value = value.xreplace({s: sp.Symbol(greek(s.name)) for s in value.free_symbols if isinstance(s, sp.Symbol)})
    return str(value).replace("**", "^")


def rows(value: Any) -> list[str]:
    """A scalar, vector or matrix as lines of text, one per row, Greek names as letters."""
    if isinstance(value, sp.MatrixBase) and value.shape == (1, 1):
        value = value[0, 0]
    if not isinstance(value, sp.MatrixBase):
        return [plain(value)]
    return ["[" + ", ".join(plain(entry) for entry in value.row(i)) + "]" for i in range(value.rows)]
