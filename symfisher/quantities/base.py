"""What a derived quantity declares: how it is computed, what it adds to a derivation, what kernels may
export of it, and how ``verify`` judges a claim about it. Each quantity module builds one
:class:`Quantity`; the registry in :mod:`symfisher.quantities` lists them in the order of the argument.
"""
from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

import sympy as sp

if TYPE_CHECKING:
    from ..model.view import ModelView
    from ..derivation import Derivation
    
Slip = tuple[str, "sp.Matrix | None"]  # (what the claim would be, the matrix it would equal), for verify


@dataclass(frozen=True)
class Request:
    """What a caller of ``derive()`` asked for beyond the standard argument."""

    statistic: sp.Expr | None = None  # t(x): is the sample mean of t efficient?
    observed_at: dict | None = None   # {variable: value}: show the observed information there
    report: Callable[[str], None] = field(default=lambda step: None)  # called as long steps start


@dataclass(frozen=True)
class KernelSpec:
    """What ``lambdify`` and ``export`` make of a quantity.

    Attributes:
        expression: the closed form to compile, in internal symbols (kernel-friendly form).
        data: True when it depends on the data x (the kernel's arguments start with the variables).
        description: the first line of an exported function's docstring.
    """

    expression: Callable[[ModelView], Any]
    data: bool
    description: str


@dataclass(frozen=True)
class ClaimSpec:
    """How ``verify`` judges a claimed value of a quantity.

    Attributes:
        truth: ``(model, n)`` → the quantity for n observations (n = 1 without a sample size), internal symbols.
        sample_size: a claim may mention the sample size n.
        data: the quantity depends on the data (else a claim that does is wrong for that reason).
        chain: ``(truth, S)`` → the quantity for φ = g(θᵢ) written in θ, S = diag(1, …, g′(θᵢ), …, 1).
        squared: the chain rule's factor enters squared (a matrix) rather than once (a vector).
        slips: ``(model, truth, n)`` → the quantity's own likely slips.
        data_slips: ``(model, n)`` → slips that make a claim depend on the data.
    """

    truth: Callable[[ModelView, sp.Expr], sp.Matrix]
    sample_size: bool
    data: bool
    chain: Callable[[sp.Matrix, sp.Matrix], sp.Matrix]
    squared: bool = True
    slips: Callable[[ModelView, sp.Matrix, sp.Expr], Iterator[Slip]] = lambda model, truth, n: iter(())
    data_slips: Callable[[ModelView, sp.Expr], Iterator[Slip]] = lambda model, n: iter(())


@dataclass(frozen=True)
class Quantity:
    """One derived quantity.

    Attributes:
        name: the key kernels, ``verify``, the command line and JSON use ("fisher").
        label: the words messages use ("Fisher information").
        compute: ``(model, **options)`` → its value in internal symbols (None: only a step of the argument).
        contribute: adds its steps, checks and results to a derivation (None: not a step of its own).
        regular_only: ``contribute`` runs only for a regular model.
        shape: how its value is laid out: a column vector (one entry per parameter), a matrix, a scalar.
        summary: the heading of its value in a plain-text summary (None: not listed there).
        json: listed in the JSON form of a derivation (when the derivation has it).
        kernel: what kernels may export of it (None: nothing).
        claim: how verify judges a claim about it (None: not checkable).
    """

    name: str
    label: str
    compute: Callable[..., Any] | None = None
    contribute: Callable[[ModelView, Derivation, Request], None] | None = None
    regular_only: bool = True
    shape: Literal["vector", "matrix", "scalar"] = "matrix"
    summary: str | None = None
    json: bool = False
    kernel: KernelSpec | None = None
    claim: ClaimSpec | None = None
