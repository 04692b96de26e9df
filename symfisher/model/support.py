"""The support of a model: where the density lives, and how to integrate or sum over it.

One class, :class:`Support`, normalises the forms the public API accepts: a SymPy Set for one
variable, ``{variable: Set}`` with iterated limits for several (later sets may depend on earlier
variables), or a FiniteSet of Tuples for a finite list of outcomes (one-hot vectors).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import sympy as sp

from .domains import spread
from ..errors import SupportError

_MAX_ENUMERATED = 10_000
_REAL_SAMPLES = [sp.Rational(-23, 10), sp.Rational(-7, 10), sp.Rational(1, 10), sp.Rational(2, 5),
                 sp.Rational(19, 10), sp.Rational(31, 10)]
_HALF_LINE_OFFSETS = [sp.Rational(1, 20), sp.Rational(3, 10), sp.Rational(4, 5), sp.Rational(17, 10),
                      sp.Rational(7, 2), sp.Integer(7)]
_FRACTIONS = [sp.Rational(1, 20), sp.Rational(1, 4), sp.Rational(9, 20), sp.Rational(3, 5),
              sp.Rational(4, 5), sp.Rational(19, 20)]


@dataclass(frozen=True)
class Support:
    """Where the variables live.

    Attributes:
        variables: the variables, in declaration order.
        sets: one Set per variable (iterated: a later set may mention earlier variables),
            or ``None`` when ``outcomes`` lists the support point by point.
        outcomes: the finite list of outcome tuples, or ``None``.
        discrete: True for sums, False for integrals.
    """

    variables: tuple[sp.Symbol, ...]
    sets: tuple[sp.Set, ...] | None
    outcomes: tuple[tuple[sp.Expr, ...], ...] | None
    discrete: bool

    @classmethod
    def from_user(cls, variables: tuple[sp.Symbol, ...], support: Any) -> "Support":
        """Check and normalise a user's ``support`` argument for ``variables``."""
        if isinstance(support, dict):
            return cls._from_dict(variables, support)
        if not isinstance(support, sp.Set):
            raise SupportError(
                f"support must be a SymPy Set (Interval, Reals, Range, Naturals0, FiniteSet ...) or a dict "
                f"{{variable: Set}}, not {type(support).__name__}: {support!r}")
        if isinstance(support, sp.FiniteSet) and all(isinstance(e, sp.Tuple) for e in support):
            return cls._from_outcomes(variables, support)
        if isinstance(support, sp.ProductSet) and len(support.sets) == len(variables):
            return cls._from_dict(variables, dict(zip(variables, support.sets)))
        if len(variables) == 1:
            return cls._from_dict(variables, {variables[0]: support})
        if support in (sp.Reals,) or isinstance(support, sp.Interval):
            return cls._from_dict(variables, {v: support for v in variables})
        raise SupportError(
            f"{len(variables)} variables need a dict {{variable: Set}} or a FiniteSet of Tuples as support, "
            f"not {support}")

    @classmethod
    def _from_dict(cls, variables: tuple[sp.Symbol, ...], support: dict) -> "Support":
        unknown = [v for v in support if v not in variables]
        missing = [v for v in variables if v not in support]
        if unknown or missing:
            raise SupportError(f"support must give one Set per variable {list(variables)}; "
                               f"unknown: {unknown}, missing: {missing}")
        sets = tuple(support[v] for v in variables)
        kinds = set()
        for position, (variable, the_set) in enumerate(zip(variables, sets)):
            if not isinstance(the_set, sp.Set):
                raise SupportError(f"the support of {variable} must be a SymPy Set, not {the_set!r}")
            later = set(variables[position:])
            if the_set.free_symbols & later:
                raise SupportError(f"the support of {variable} may depend only on earlier variables, "
                                   f"not on {sorted(map(str, the_set.free_symbols & later))}")
            kinds.add(_kind(variable, the_set))
        if len(kinds) > 1:
            raise SupportError("mixed continuous and discrete variables are not supported yet")
        return cls(variables, sets, None, kinds.pop() == "discrete")

    @classmethod
    def _from_outcomes(cls, variables: tuple[sp.Symbol, ...], support: sp.FiniteSet) -> "Support":
        outcomes = tuple(tuple(point) for point in support)
        if any(len(point) != len(variables) for point in outcomes):
            raise SupportError(f"every outcome must have {len(variables)} coordinates, one per variable")
        return cls(variables, None, outcomes, True)

    # ----------------------------------------------------------------- facts
    @property
    def free_symbols(self) -> set[sp.Symbol]:
        """Symbols other than the variables that the support mentions."""
        found: set = set()
        for the_set in self.sets or ():
            found |= the_set.free_symbols
        return found - set(self.variables)

    def boundaries(self) -> list[tuple[sp.Symbol, str, sp.Expr]]:
        """Each finite boundary as ``(variable, 'lower'|'upper'|'point', expression)``."""
        found = []
        for variable, the_set in zip(self.variables, self.sets or ()):
            if isinstance(the_set, sp.FiniteSet):
                found += [(variable, "point", e) for e in the_set]
                continue
            low, high = _bounds(the_set)
            if low is not None and low.is_finite is not False:
                found.append((variable, "lower", low))
            if high is not None and high.is_finite is not False:
                found.append((variable, "upper", high))
        return found

    def describe(self) -> str:
        """A short human description, e.g. ``x ∈ Interval(0, oo)``."""
        if self.outcomes is not None:
            return f"{tuple(self.variables)} ∈ {{{', '.join(map(str, self.outcomes))}}}"
        return ", ".join(f"{v} ∈ {s}" for v, s in zip(self.variables, self.sets))

    def subs(self, mapping: dict) -> "Support":
        """The same support with symbols replaced (parameters renamed or given values)."""
        if self.sets is None:
            return self
        return Support(self.variables, tuple(s.xreplace(mapping) for s in self.sets), None, self.discrete)

    # ----------------------------------------------------------------- enumeration and limits
    def finite_outcomes(self, values: dict | None = None) -> list[dict] | None:
        """Every outcome as ``{variable: value}`` when the support is finite (after ``values``), else None."""
        if self.outcomes is not None:
            return [dict(zip(self.variables, point)) for point in self.outcomes]
        if not self.discrete:
            return None
        points: list[dict] = [{}]
        for variable, the_set in zip(self.variables, self.sets):
            extended = []
            for point in points:
                elements = _enumerate(the_set.xreplace({**(values or {}), **point}))
                if elements is None:
                    return None
                extended += [{**point, variable: e} for e in elements]
                if len(extended) > _MAX_ENUMERATED:
                    return None
            points = extended
        return points

    def limits(self) -> list[tuple[sp.Symbol, sp.Expr, sp.Expr]]:
        """``(variable, low, high)`` for SymPy's integrate/summation, innermost (last variable) first."""
        limits = []
        for variable, the_set in zip(self.variables, self.sets):
            low, high = _bounds(the_set)
            if low is None:
                raise SupportError(f"cannot integrate or sum over {the_set}")
            limits.append((variable, low, high))
        return limits[::-1]

    def sample_points(self, values: dict, count: int = 6) -> list[dict]:
        """A few points inside the support, at the numeric parameter ``values``, for sign checks."""
        finite = self.finite_outcomes(values)
        if finite is not None:
            return finite[:50]
        points = []
        for index in range(count):
            point: dict = {}
            for offset, (variable, the_set) in enumerate(zip(self.variables, self.sets)):
                candidates = _samples(the_set.xreplace({**values, **point}))
                point[variable] = candidates[(index + offset) % len(candidates)]
            points.append(point)
        return points


def _kind(variable: sp.Symbol, the_set: sp.Set) -> str:
    if isinstance(the_set, (sp.Interval,)) or the_set == sp.Reals:
        return "continuous"
    if isinstance(the_set, (sp.Range, sp.FiniteSet)) or the_set in (sp.Naturals0, sp.Naturals, sp.Integers):
        return "discrete"
    raise SupportError(
        f"the support of {variable} must be an Interval or Reals (integral) or a Range, Naturals0, Naturals, "
        f"Integers or FiniteSet (sum); got {the_set}")


def _bounds(the_set: sp.Set) -> tuple[Any, Any]:
    if the_set == sp.Reals:
        return -sp.oo, sp.oo
    if isinstance(the_set, sp.Interval):
        return the_set.start, the_set.end
    if the_set == sp.Naturals0:
        return sp.Integer(0), sp.oo
    if the_set == sp.Naturals:
        return sp.Integer(1), sp.oo
    if the_set == sp.Integers:
        return -sp.oo, sp.oo
    if isinstance(the_set, sp.Range):
        if the_set.step != 1:
            raise SupportError(f"a Range support needs step 1, not {the_set.step}")
        return the_set.start, the_set.stop - 1
    if isinstance(the_set, sp.FiniteSet):
        return None, None
    return None, None


def _enumerate(the_set: sp.Set) -> list | None:
    if isinstance(the_set, sp.FiniteSet):
        return list(the_set)
    low, high = _bounds(the_set)
    if low is None or not (low.is_number and high.is_number and low.is_finite and high.is_finite):
        return None
    if high - low + 1 > _MAX_ENUMERATED:
        return None
    return [sp.Integer(k) for k in range(int(low), int(high) + 1)]


def _samples(the_set: sp.Set) -> list[sp.Expr]:
    low, high = _bounds(the_set)
    if isinstance(the_set, sp.FiniteSet):
        return list(the_set)
    if the_set.is_subset(sp.Integers) or isinstance(the_set, sp.Range):
        start = low if low.is_finite else sp.Integer(-3)
        stop = high if high.is_finite else start + 7
        return [sp.Integer(k) for k in range(int(start), int(min(stop, start + 7)) + 1)]
    return spread(low, high, _FRACTIONS, _HALF_LINE_OFFSETS, _REAL_SAMPLES)

