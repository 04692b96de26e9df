"""Is the density non-negative on its support? A search for a point where it is not.

A handful of exact samples misses a negative region between them (1 + 3 sin 7x), far out in a tail
(a skewed normal factor 1 + (x − μ)/10 below μ − 10) or at the last outcome of a long finite support.
At each sample parameter point this module evaluates the density in double precision on a dense grid
(every outcome of a finite support up to ``MAX_OUTCOMES``; for an infinite one the first outcomes and a
geometric run beyond; for intervals a grid that reaches far into infinite ends), refines the lowest grid
value of a continuous support by local minimisation, and confirms a negative value exactly (SymPy at 30
digits, at a rational point) before reporting it, so rounding never refuses a valid density. A density
that SymPy proves non-negative from its symbols' assumptions, or a Gaussian one, is not searched.
"""
from __future__ import annotations

import warnings
from collections.abc import Callable
from typing import TYPE_CHECKING

import numpy as np
import sympy as sp
from scipy import optimize

from ..expectation.gaussian.structure import gaussian_structure

if TYPE_CHECKING:
    from .view import ModelView

MAX_OUTCOMES = 20_000      # outcomes of a discrete support scanned at each parameter point
GRID = 801                 # points along one continuous variable
GRID_SEVERAL = 41          # per variable when there are two or three (41³ ≈ 69 000 points)
RANDOM_POINTS = 20_000     # for more variables, uniform in the mapped unit cube
_FAR = 1e4                 # the grid on an infinite end reaches about this far (in units of one)


def negative_point(model: ModelView) -> tuple[dict, dict, sp.Expr] | None:
    """(parameter point, data point, exact value) where the density is negative, or None when none is found."""
    if gaussian_structure(model) is not None or model.density.is_nonnegative:
        return None  # a Gaussian density is a constant times exp(quadratic): the exact samples decide its sign
    function = _numeric(model)
    if function is None:
        return None
    for point in model.points:
        found = _lowest(model, function, point)
        if found is not None:
            return point, *found
    return None


def _numeric(model: ModelView) -> Callable | None:
    """The density as a NumPy function of the variables, then the parameters and constants (None if SymPy
    cannot write it for NumPy)."""
    try:
        return sp.lambdify((*model.variables, *model.params, *model.constants), model.density,
                           modules=["scipy", "numpy"])
    except (TypeError, ValueError, NameError, KeyError, SyntaxError):
        return None


def _lowest(model: ModelView, function: Callable, point: dict) -> tuple[dict, sp.Expr] | None:
    values = [float(point[s]) for s in (*model.params, *model.constants)]
    support = model.support.subs(point)
    grid = _grid(support)
    if grid is None:
        return None
    with np.errstate(all="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            density = np.broadcast_to(np.asarray(function(*grid, *values), dtype=float), grid[0].shape)
        except (TypeError, ValueError, ZeroDivisionError, OverflowError, AttributeError):
            return None
    density = np.where(np.isfinite(density), density, np.inf)
    order = np.argsort(density, axis=None)[:5]  # the lowest few: one may be rounding, a neighbour not
    for index in order:
        if density.flat[index] >= 0:
            break
        x = [coordinate.flat[index] for coordinate in grid]
        if not support.discrete and len(x) == 1:
            x = [_refined(function, values, x[0], grid[0], support)]
        exact = _exact(model, point, dict(zip(model.variables, x)), support.discrete)
        if exact is not None:
            return exact
    return None


def _refined(function: Callable, values: list, start: float, axis: np.ndarray, support) -> float:
    """The lowest point near ``start`` (between its grid neighbours), by bounded scalar minimisation."""
    position = int(np.searchsorted(axis, start))
    low = axis[max(position - 1, 0)]
    high = axis[min(position + 1, axis.size - 1)]
    if not low < high:
        return start
    with np.errstate(all="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            result = optimize.minimize_scalar(lambda t: float(function(t, *values)), bounds=(low, high),
                                              method="bounded", options={"xatol": 1e-10 * max(1.0, abs(start))})
        except (TypeError, ValueError, ZeroDivisionError, OverflowError):
            return start
    return float(result.x) if np.isfinite(result.fun) and result.fun < float(function(start, *values)) else start


def _exact(model: ModelView, point: dict, x: dict, discrete: bool) -> tuple[dict, sp.Expr] | None:
    """({variable: exact value}, exact density) when the density is negative there at 30 digits; the point
    as a short decimal when one is negative too (it is what the message shows)."""
    at_point = model.density.xreplace(point)
    for digits in ((None,) if discrete else (3, 6, 10, 17)):
        exact_x = {v: sp.Integer(round(t)) if discrete else sp.Rational(f"{float(t):.{digits}g}") for v, t in x.items()}
        try:
            value = sp.N(at_point.xreplace(exact_x), 30)
        except (TypeError, ValueError, ArithmeticError):
            continue
        if value.is_negative:
            return exact_x, value
    return None


def _grid(support) -> list[np.ndarray] | None:
    """Coordinates (one array per variable, all of one shape) covering the support at numeric parameters."""
    outcomes = support.finite_outcomes()
    if outcomes is not None:
        if len(outcomes) > MAX_OUTCOMES:
            outcomes = outcomes[:MAX_OUTCOMES]
        return [np.array([float(o[v]) for o in outcomes]) for v in support.variables]
    if support.sets is None:
        return None
    if len(support.variables) == 1:
        return [_axis(support.sets[0], support.discrete, GRID)]
    if any(the_set.free_symbols & set(support.variables) for the_set in support.sets):
        return _iterated(support)
    if len(support.variables) <= 3:
        axes = [_axis(the_set, support.discrete, GRID_SEVERAL) for the_set in support.sets]
        return list(np.meshgrid(*axes, indexing="ij"))
    return _iterated(support)


def _axis(the_set: sp.Set, discrete: bool, count: int) -> np.ndarray:
    """Points along one variable: integers for a discrete set, a grid reaching far into infinite ends."""
    low, high = _float_bounds(the_set)
    if discrete:
        start = low if np.isfinite(low) else -count // 2
        stop = high if np.isfinite(high) else start + MAX_OUTCOMES
        near = np.arange(start, min(stop, start + MAX_OUTCOMES) + 1, dtype=float)
        far = np.unique(np.round(np.geomspace(1, 1e6, 60)))
        beyond = [start + far] if not np.isfinite(high) else []
        before = [stop - far] if not np.isfinite(low) else []
        return np.unique(np.concatenate([near, *beyond, *before]))
    u = np.linspace(0, 1, count + 2)[1:-1]
    if np.isfinite(low) and np.isfinite(high):
        return low + (high - low) * u
    if np.isfinite(low):
        return low + _stretch(u)
    if np.isfinite(high):
        return high - _stretch(u)[::-1]
    signed = 2 * u - 1
    return np.sign(signed) * _stretch(np.abs(signed))


def _stretch(u: np.ndarray) -> np.ndarray:
    """[0, 1) onto [0, ∞): dense near 0, reaching about ``_FAR`` at the last point."""
    return u / (1 - u * (1 - 1 / _FAR))


def _float_bounds(the_set: sp.Set) -> tuple[float, float]:
    if the_set == sp.Reals or the_set == sp.Integers:
        return -np.inf, np.inf
    if the_set == sp.Naturals0:
        return 0.0, np.inf
    if the_set == sp.Naturals:
        return 1.0, np.inf
    if isinstance(the_set, sp.Range):
        return float(the_set.inf), float(the_set.sup)
    if isinstance(the_set, sp.Interval):
        return float(the_set.start), float(the_set.end)
    return -np.inf, np.inf


def _iterated(support) -> list[np.ndarray]:
    """Random points of a support whose later limits depend on earlier variables (a simplex), or of many
    variables: each variable drawn inside its limits given the earlier ones."""
    generator = np.random.default_rng(20240601)  # deterministic: a check must not depend on the run
    columns: dict = {}
    for variable, the_set in zip(support.variables, support.sets):
        low, high = (sp.lambdify(list(columns), bound, modules="numpy") for bound in _symbolic_bounds(the_set))
        lows = np.broadcast_to(np.asarray(low(*columns.values()), dtype=float), (RANDOM_POINTS,))
        highs = np.broadcast_to(np.asarray(high(*columns.values()), dtype=float), (RANDOM_POINTS,))
        u = generator.random(RANDOM_POINTS)
        finite = np.isfinite(lows) & np.isfinite(highs)
        with np.errstate(invalid="ignore"):  # every branch is computed; the infinite ones are not chosen
            drawn = np.where(finite, lows + (highs - lows) * u,
                             np.where(np.isfinite(lows), lows + _stretch(u),
                                      np.where(np.isfinite(highs), highs - _stretch(u), (2 * u - 1) * _FAR)))
        columns[variable] = np.round(drawn) if support.discrete else drawn
    return list(columns.values())


def _symbolic_bounds(the_set: sp.Set) -> tuple[sp.Expr, sp.Expr]:
    if isinstance(the_set, sp.Interval):
        return the_set.start, the_set.end
    low, high = _float_bounds(the_set)
    return sp.Float(low) if np.isfinite(low) else -sp.oo, sp.Float(high) if np.isfinite(high) else sp.oo

