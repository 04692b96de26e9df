"""The pieces every step's view is made of: displayed equations, matrices, the shared notation.

Only presentation happens here (expressions printed and broken over lines); every mathematical result
comes from the Derivation. A step's own view (``Step.view``) builds a :class:`StepView` naming its
template partial from these pieces.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from dataclasses import dataclass

import sympy as sp

from .printer import LINE_WIDTH, Tex, fits, lines, tex, width

if TYPE_CHECKING:
    from ..model.model import Model


@dataclass(frozen=True)
class Display:
    """``lhs = rhs`` for an align environment, the right side broken over one or more lines.

    ``stacked``: the left side is too wide to share a line, so the right side starts below it.
    """

    lhs: Tex
    lines: tuple[Tex, ...]
    stacked: bool = False


@dataclass(frozen=True)
class MatrixDisplay:
    """A matrix result: one pmatrix when it fits the line, else its entries one per line."""

    whole: Display | None
    entries: tuple[Display, ...]


@dataclass(frozen=True)
class Notation:
    """The symbols every partial shares: θ, x, p(x | θ), 𝔼 under the model, and one label per parameter."""

    theta: Tex
    x: Tex
    p: Tex
    expect: Tex
    labels: tuple[Tex, ...]
    scalar: bool


@dataclass(frozen=True)
class StepView:
    template: str
    data: dict


def display(lhs: str, expr, room: float = LINE_WIDTH) -> Display:
    """``lhs = expr`` with the right side broken to fit beside the left (or below it, when it is wide)."""
    if isinstance(expr, sp.MatrixBase) and expr.shape == (1, 1):
        expr = expr[0, 0]
    beside = room - width(lhs) - 2
    if beside >= room / 2 or width(tex(expr)) <= beside:
        return Display(Tex(lhs), lines(expr, max(beside, 24.0)))
    return Display(Tex(lhs), lines(expr, room - 6), stacked=True)


def matrix_display(name: str, matrix: sp.Matrix, labels: tuple[Tex, ...]) -> MatrixDisplay:
    """A symmetric matrix (or a vector) as a whole when it fits, else entry by entry (upper triangle)."""
    if matrix.shape == (1, 1):
        return MatrixDisplay(display(name, matrix[0, 0]), ())
    if fits(matrix, LINE_WIDTH - width(name)):
        return MatrixDisplay(display(name, matrix), ())
    if matrix.cols == 1:
        return MatrixDisplay(None, tuple(display(f"{name}_{{{labels[i]}}}", matrix[i]) for i in range(matrix.rows)))
    entries = tuple(display(f"{name}_{{{labels[i]}{labels[j]}}}", matrix[i, j])
                    for i in range(matrix.rows) for j in range(i, matrix.cols))
    return MatrixDisplay(None, entries)


def notation(model: Model) -> Notation:
    """θ and x as a reader sees them: plain symbols for one parameter, bold vectors for several."""
    params, variables = model.params, model.variables
    theta = tex(params[0]) if len(params) == 1 else Tex(r"\boldsymbol{\theta}")
    x = tex(variables[0]) if len(variables) == 1 else Tex(r"\mathbf{x}")
    p = Tex(rf"p({x} \mid {theta})")
    return Notation(theta, x, p, Tex(rf"\mathbb{{E}}_{{{x} \sim p(\cdot \mid {theta})}}"),
                    tuple(Tex("{" + tex(q) + "}") for q in params), len(params) == 1)


def support_tex(model: Model) -> Tex:
    """The support as a reader writes it: x ∈ [0, ∞), (x₁, x₂) ∈ {…}, or iterated ranges."""
    support = model.support
    variables = [model.public(v) for v in support.variables]
    if support.outcomes is not None:
        outcomes = ", ".join(tex(sp.Tuple(*o)) for o in support.outcomes)
        return Tex(rf"({', '.join(tex(v) for v in variables)}) \in \left\{{{outcomes}\right\}}")
    return Tex(r",\quad ".join(rf"{tex(v)} \in {tex(s)}" for v, s in zip(variables, support.sets)))


def score_symbol(marks: Notation, i: int) -> str:
    """s for one parameter, s_θᵢ for several."""
    return "s" if marks.scalar else f"s_{{{marks.labels[i]}}}"
