"""A symmetric matrix of expectations, entry by entry, and how each entry was closed."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import sympy as sp

from ..expectation.results import Expectation


@dataclass(frozen=True)
class MatrixOfExpectations:
    """A symmetric matrix of expectations (internal symbols) and how each entry was closed."""

    matrix: sp.Matrix
    entries: dict  # (i, j) with i <= j -> Expectation

    @property
    def certified(self) -> bool:
        return all(e.certified for e in self.entries.values())


def symmetric(k: int, entry: Callable[[int, int], Expectation]) -> MatrixOfExpectations:
    """The k × k matrix whose entries on and above the diagonal are ``entry(i, j)``."""
    entries = {(i, j): entry(i, j) for i in range(k) for j in range(i, k)}
    matrix = sp.Matrix(k, k, lambda i, j: entries[(min(i, j), max(i, j))].value)
    return MatrixOfExpectations(matrix, entries)
