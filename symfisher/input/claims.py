"""Claims for ``verify``: a claimed score, Fisher information or bound as SymPy, from text, LaTeX or SymPy."""
from __future__ import annotations

from typing import Any

import sympy as sp

from ..errors import ParseError
from . import caps
from .declarations import split_top_level
from .latex import parse_latex
from .text import parse_expression

_MATRIX_KINDS = ("matrix", "pmatrix", "bmatrix", "vmatrix", "Bmatrix", "Vmatrix")


def read_claim(claim: Any, names: dict[str, sp.Symbol]) -> sp.Expr | sp.Matrix:
    """A claim as SymPy: LaTeX when it has a backslash or braces (a matrix as a pmatrix, with an optional
    scalar factor before it), text otherwise (matrices as ``[[a, b], [c, d]]``, vectors as ``[a, b]``)."""
    if isinstance(claim, (sp.Basic, sp.MatrixBase)):
        unknown = sorted(str(s) for s in claim.free_symbols if str(s) not in names)
        if unknown:
            raise ParseError(f"the claim uses {', '.join(unknown)}, which the model does not know")
        # by name: a claim's sp.Symbol("p") is the model's p, whatever assumptions either was made with
        return claim.xreplace({s: names[str(s)] for s in claim.free_symbols})
    if isinstance(claim, (list, tuple)):
        return sp.Matrix([read_claim(item, names) for item in claim])
    if not isinstance(claim, str) or not claim.strip():
        raise ParseError(f"expected a claim as text, LaTeX or a SymPy expression, got {claim!r}")
    text = caps.readable(claim).strip()
    matrix = _matrix(text)
    if matrix:
        start, end, body = matrix
        if text[end:].strip():
            raise ParseError(f"nothing may follow the matrix in a claim: {text[end:].strip()[:60]!r}")
        rows = [row for row in body.split("\\\\") if row.strip()]
        entries = _rectangular([[parse_latex(entry, names) for entry in row.split("&")] for row in rows])
        factor = text[:start].strip()
        return parse_latex(factor, names) * entries if factor else entries
    if is_latex(text):
        return parse_latex(text, names)
    if text.startswith("[") and text.endswith("]"):
        items = split_top_level(text[1:-1])
        if all(item.startswith("[") and item.endswith("]") for item in items):
            return _rectangular([[parse_expression(e, names) for e in split_top_level(item[1:-1])] for item in items])
        return sp.Matrix([parse_expression(item, names) for item in items])
    return parse_expression(text, names)


def _matrix(text: str) -> tuple[int, int, str] | None:
    """(start, end, body) of the first matrix environment in ``text`` (to its last matching ``\\end``), or None.
    A linear scan: no regular expression that backtracks over user text."""
    last_end = {kind: text.rfind("\\end{" + kind + "}") for kind in _MATRIX_KINDS}
    position = text.find("\\begin{")
    while position != -1:
        close = text.find("}", position)
        kind = text[position + len("\\begin{"):close] if close != -1 else ""
        if last_end.get(kind, -1) > close:
            return position, last_end[kind] + len("\\end{" + kind + "}"), text[close + 1:last_end[kind]]
        position = text.find("\\begin{", position + 1)
    return None


def _rectangular(rows: list[list[sp.Expr]]) -> sp.Matrix:
    """The rows as a Matrix, when they all have the same length."""
    if len({len(row) for row in rows}) > 1:
        raise ParseError(f"the rows of the claimed matrix have different lengths: {[len(row) for row in rows]}")
    return sp.Matrix(rows)


def is_latex(text: str) -> bool:
    """The command's rule: LaTeX when the text has a backslash or braces."""
    return any(char in text for char in "\\{}")
