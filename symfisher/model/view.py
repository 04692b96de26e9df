"""The model as the expectation engine and the quantities see it.

A :class:`ModelView` holds the model in its internal symbols (each carrying the assumptions its domain
implies, so SymPy can simplify), the support, the domains, the deterministic sample points every numeric
check uses, and the memo of what has been derived. ``public``/``internal`` translate to and from the
user's symbols. Everything below the public API (``Model``'s methods, ``expect``, kernels, ``verify``)
works on a view; nothing reads a model's private state.
"""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any

import sympy as sp

from ..errors import ParameterError
from ..expectation.gaussian.structure import gaussian_structure
from ..memo import Memo
from . import domains

if TYPE_CHECKING:
    from .origin import Origin
    from .support import Support

SAMPLE_CANDIDATES = 5


@dataclass(eq=False, repr=False)
class ModelView:
    """A model in its internal symbols.

    Attributes:
        name: the model's display name, or None (the Model's, which may change it).
        budget: seconds allowed to each symbolic call (the Model's, which may change it).
        variables, params, constants: internal Symbols, in the user's order (constants sorted by name).
        density: p(x | θ) in internal symbols.
        support: the support, in internal symbols.
        domain: ``{internal symbol: Set}`` for every parameter and constant.
        to_public, to_internal: the symbol maps both ways.
        origin: for a reparametrised model, where it came from (else None).
        memo: results derived for this model (see :mod:`symfisher.memo`).
        moments: ``{x-dependent factor g: TraceEntry of E[g]}``, the expectation engine's moment cache.
    """

    name: str | None
    budget: float
    variables: tuple[sp.Symbol, ...]
    params: tuple[sp.Symbol, ...]
    constants: tuple[sp.Symbol, ...]
    density: sp.Expr
    support: Support
    domain: dict
    to_public: dict
    to_internal: dict
    origin: Origin | None = None
    memo: Memo = field(default_factory=Memo)
    moments: dict = field(default_factory=dict)

    def __repr__(self) -> str:
        return f"ModelView({self.name or 'model'}: p = {self.density}, params={self.params})"

    def public(self, expr: Any) -> Any:
        """``expr`` in the user's symbols."""
        return expr.xreplace(self.to_public)

    def internal(self, expr: Any) -> Any:
        """``expr`` (a SymPy expression or Matrix in the user's symbols) in internal symbols."""
        return expr.xreplace(self.to_internal)

    @cached_property
    def points(self) -> list[dict]:
        """Valid parameter points (parameters and constants), exact rationals, at least two."""
        symbols = list(self.params) + list(self.constants)
        columns = [domains.sample_values(self.domain[s], SAMPLE_CANDIDATES) for s in symbols]
        points = []
        for index in range(SAMPLE_CANDIDATES):
            point = {s: column[(index + offset) % len(column)] for offset, (s, column) in
                     enumerate(zip(symbols, columns))}
            if self._admissible(point):
                points.append(point)
        if len(points) < 2:
            raise ParameterError(
                f"could not find two parameter points where the model is valid; give a domain for "
                f"{', '.join(map(str, (self.public(s) for s in symbols)))}")
        return points

    def _admissible(self, point: dict) -> bool:
        structure = gaussian_structure(self)
        return structure is None or structure.is_positive_definite_at(point)

    def at_samples(self, expr: sp.Expr) -> Iterator[tuple[dict, dict, sp.Expr]]:
        """(parameter point, support point, expr there) for every sample, exact. The parameters are put in
        once per point: a large density (a symbolic covariance) is then a small polynomial in x."""
        for point in self.points:
            at_point = expr.xreplace(point)
            for x in self.support.sample_points(point):
                yield point, x, at_point.xreplace(x)

    def describe(self, point: dict, x: dict | None = None) -> str:
        """``point`` (and a data point ``x``) as text in the user's symbols: "θ = 3/10, x = 1"."""
        items = {**point, **(x or {})}
        return ", ".join(f"{self.public(k)} = {v}" for k, v in items.items())

    def support_text(self) -> str:
        """The support described in the user's symbols."""
        return self.public_support().describe()

    def public_support(self) -> Support:
        """The support with the parameters and constants in the user's symbols."""
        return self.support.subs(self.to_public)
