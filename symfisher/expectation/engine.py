"""expect(model, f): E[f(x)] in closed form, with a trace of how each integral or sum was closed.

Linearity first: f is split into Σ cᵢ(θ)·gᵢ(x), and E[gᵢ] is computed once per model (the moment
cache). Each E[gᵢ] goes through the strategies in order until one closes it; every closed form is
then certified against mpmath at several valid parameter points. A form that fails its certificate
is discarded (never returned) and the next strategy is tried.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

import mpmath
import sympy as sp

from .. import budget
from ..errors import BudgetExceeded, ExpectationNotClosed
from ..simplification import node_count, tidy
from . import dirac, finite, gaussian, integral_rules, kinks, normaliser, series, substitution, sympy_fallback, tails
from .base import Decline, acceptable
from .numeric import DIGITS, numeric_integral, to_mpmath
from .rules import expand_numerator

STRATEGIES: tuple[tuple[str, Callable], ...] = (
    ("finite sum", finite.close),
    ("sifting property of δ", dirac.close),
    ("Gaussian moments", gaussian.close),
    ("differentiating the normaliser", normaliser.close),
    ("generating function", series.close),
    ("integral rules", integral_rules.close),
    ("split at kinks", kinks.close),
    ("location–scale substitution", substitution.close_location_scale),
    ("monotone substitution", substitution.close_monotone),
    ("SymPy", sympy_fallback.close),
)
RELATIVE_TOLERANCE = mpmath.mpf("1e-10")
CERTIFYING_POINTS = 2
CERTIFYING_DIGITS = 20  # quadrature: ten digits beyond the tolerance (30 cost half as much again); sums
# keep DIGITS, where an exact 0 is compared with what is left of cancelling terms


@dataclass(frozen=True)
class TraceEntry:
    """How one x-dependent factor's expectation was closed and checked."""

    integrand: sp.Expr
    value: sp.Expr
    rule: str
    detail: str
    certified: bool
    certificate: str
    substitution: sp.Expr | None = None
    table_rules: tuple[str, ...] = ()


@dataclass(frozen=True)
class Expectation:
    """E[f] with its provenance.

    Attributes:
        value: the closed form.
        method: the rules used, in order of first use ("linearity; finite sum").
        trace: one TraceEntry per x-dependent factor gᵢ of f = Σ cᵢ(θ) gᵢ(x).
        certified: True when every factor's closed form was confirmed numerically.
    """

    value: sp.Expr
    method: str
    trace: tuple[TraceEntry, ...]
    certified: bool


@dataclass(frozen=True)
class Mass:
    """∫ p (or Σ p): what the density integrates to, for the normalisation check."""

    model: Any
    value: sp.Expr | None

    @property
    def closed(self) -> bool:
        return self.value is not None

    def numeric_at(self, point: dict) -> mpmath.mpf | None:
        result = numeric_integral(self.model, sp.Integer(1), point)
        if result is None and self.closed:
            return to_mpmath(self.value.xreplace(point))
        return None if result is None else result[0]


def expect(model, f: Any) -> Expectation:
    """E[f(x)] under ``model``: closed form, the rules that closed it, and whether it is certified.

    ``f`` is in the user's symbols, and so is the result.

    Raises:
        ExpectationNotClosed: when some factor gᵢ(x) of f resists every strategy; the error carries
            the factor and can give its high-precision numeric value at chosen parameters.
    """
    result = expectation_of(model, model.internal(f))
    return Expectation(model.public(result.value), result.method,
                       tuple(TraceEntry(model.public(e.integrand), model.public(e.value), e.rule, e.detail,
                                        e.certified, e.certificate,
                                        None if e.substitution is None else model.public(e.substitution),
                                        e.table_rules) for e in result.trace),
                       result.certified)


def expectation_of(model, f: sp.Expr) -> Expectation:
    """E[f] for ``f`` in the model's internal symbols; the result is in internal symbols too."""
    entries = []
    total = sp.Integer(0)
    for coefficient, factor in terms(model, f):
        entry = moment(model, factor)
        entries.append(entry)
        total += coefficient * entry.value
    rules = list(dict.fromkeys(e.rule for e in entries))
    method = "; ".join((["linearity"] if len(entries) > 1 else []) + rules)
    return Expectation(tidy(total, model.budget), method, tuple(entries), all(e.certified for e in entries))


def terms(model, f: sp.Expr) -> list[tuple[sp.Expr, sp.Expr]]:
    """``split(f)`` for ``model``, once per model and f (the moment prefetch and the sequential pass share it).

    A large polynomial in x under a Gaussian model stays whole: closed as it stands (Wick's theorem for a
    product of affine forms, Isserlis on placeholders otherwise) it never multiplies its coefficients
    out, while splitting it into moments does — for E[sᵢsⱼ] with a symbolic covariance, sums of products
    of Σ⁻¹ entries that cost more than all the rest. One free of x is a coefficient of E[1].
    """
    cache = model._cache.setdefault("terms", {})
    if f not in cache:
        whole = (f.has(*model._variables) and node_count(f, _SPLIT_AT_MOST) is None
                 and gaussian.gaussian_structure(model) is not None and f.is_polynomial(*model._variables))
        cache[f] = [(sp.Integer(1), f)] if whole else split(f, model._variables, model.budget)
    return cache[f]


_SPLIT_AT_MOST = 400  # nodes of a polynomial under a Gaussian model


def split(f: sp.Expr, variables: tuple[sp.Symbol, ...], seconds: float) -> list[tuple[sp.Expr, sp.Expr]]:
    """f = Σ cᵢ gᵢ with cᵢ free of the variables; terms with the same gᵢ are merged.

    Terms over the same x-dependent denominator (such as (ν + (x − μ)²)^{−2}) stay together as one
    factor: one integral of a structured rational function beats several of its expanded pieces.
    An expansion that runs out of ``seconds`` leaves f whole (one term): slower, never wrong.
    """
    hidden, constants = _constants_hidden(f, variables)
    try:
        expanded = budget.within(seconds, expand_numerator, hidden, *variables)
    except BudgetExceeded:
        expanded = hidden
    expanded = expanded.xreplace(constants)
    groups: dict = {}
    merged: dict = {}
    for term in sp.Add.make_args(expanded):
        coefficient, factor = term.as_independent(*variables, as_Add=False)
        denominator = sp.fraction(factor)[1]
        if denominator.has(*variables):
            merged[denominator] = merged.get(denominator, sp.Integer(0)) + term
        else:
            groups[factor] = groups.get(factor, sp.Integer(0)) + coefficient
    pairs = [(c, g) for g, c in groups.items() if c != 0]
    return pairs + [(sp.Integer(1), sp.factor_terms(total)) for total in merged.values() if total != 0]


def _constants_hidden(f: sp.Expr, variables: tuple[sp.Symbol, ...]) -> tuple[sp.Expr, dict]:
    """f with each largest composite subexpression free of the variables replaced by a Dummy, and
    the map back. Expanding s_i s_j in x must not multiply out its coefficients: for a symbolic
    covariance they are entries of Σ⁻¹, and expanding their products cost seconds per entry."""
    constants: dict = {}

    def hide(expr: sp.Expr) -> sp.Expr:
        if expr.is_Atom or isinstance(expr, sp.Piecewise):
            return expr
        if not expr.has(*variables):
            return constants.setdefault(expr, sp.Dummy("c"))
        return expr.func(*map(hide, expr.args))

    hidden = hide(f)
    return hidden, {dummy: expr for expr, dummy in constants.items()}


def moment(model, g: sp.Expr) -> TraceEntry:
    """E[g(x)] for one x-dependent factor, cached on the model."""
    if g == 1:
        return TraceEntry(g, sp.Integer(1), "normalisation", "∫ p = 1, checked when the model was built", True,
                          "normalisation check")
    if g not in model._moments:
        model._moments[g] = _close(model, g)
    return model._moments[g]


def total_mass(model) -> Mass:
    """∫ p over the support in closed form when a strategy reaches it (None otherwise)."""
    try:
        return Mass(model, _close(model, sp.Integer(1)).value)
    except ExpectationNotClosed:
        return Mass(model, None)


def _close(model, g: sp.Expr) -> TraceEntry:
    """The first certified closed form of ∫ g p; an uncertified one only when none can be certified."""
    heavy_tail = tails.diverges(model, g)
    if heavy_tail is not None:
        raise ExpectationNotClosed(heavy_tail, integrand=model.public(g), reached=(heavy_tail,), model=model)
    reasons = []
    fallback = None
    for name, strategy in STRATEGIES:
        try:
            closed = strategy(model, g)
        except Decline as exc:
            reasons.append(f"{name}: {exc}")
            continue
        value = tidy(closed.value, model.budget, thorough=False)
        if not acceptable(value):
            reasons.append(f"{name}: unusable result {str(value)[:100]}")
            continue
        verdict, certificate = certify(model, g, value)
        if verdict == "rejected":
            reasons.append(f"{name}: closed form {value} rejected by its numeric certificate ({certificate})")
            continue
        entry = TraceEntry(g, value, closed.rule, closed.detail, verdict == "certified", certificate,
                           closed.substitution, closed.table_rules)
        if entry.certified:
            return entry
        reasons.append(f"{name}: {value} could not be certified ({certificate})")
        fallback = fallback or entry
    if fallback is not None:
        return fallback
    raise ExpectationNotClosed(
        f"could not close E[{model.public(g)}] under {model.name or 'this model'}:\n  " + "\n  ".join(reasons),
        integrand=model.public(g), reached=tuple(reasons), model=model)


def certify(model, g: sp.Expr, value: sp.Expr) -> tuple[str, str]:
    """Compare ``value`` with a high-precision numeric ∫ g p at sample points.

    Returns ``("certified" | "rejected" | "inconclusive", explanation)``. Certified needs agreement to
    a relative 1e-10 at ``CERTIFYING_POINTS`` points; any clear disagreement rejects the value.
    Quadrature runs at ``CERTIFYING_DIGITS`` first and at ``DIGITS`` where that was not conclusive
    (an integral whose value is 0 needs an error estimate near the 30-digit floor).
    """
    agreed = []
    first = DIGITS if model.support.discrete else CERTIFYING_DIGITS
    for point in model._points:
        for digits in dict.fromkeys((first, DIGITS)):
            try:
                result = budget.within(model.budget, numeric_integral, model, g, point, digits)
            except (BudgetExceeded, ZeroDivisionError, OverflowError, ValueError, TypeError):
                break  # no numeric value at this point: try the next one
            if result is None:
                return "inconclusive", "no numeric method applies (more than two dimensions, or several δ factors)"
            verdict = _judged(model, point, value, *result)
            if verdict == "agrees":
                agreed.append(point)
                break
            if verdict is not None:
                return "rejected", verdict
        if len(agreed) == CERTIFYING_POINTS:
            where = "; ".join(_show(model, p) for p in agreed)
            return "certified", f"agrees with mpmath to 1e-10 (relative) at {where}"
    return "inconclusive", f"numeric check conclusive at only {len(agreed)} point(s)"


def _judged(model, point: dict, value: sp.Expr, numeric: mpmath.mpf, error: mpmath.mpf) -> str | None:
    """"agrees", the reason the closed form is wrong at ``point``, or None when this was not conclusive."""
    if not (mpmath.isfinite(numeric) and mpmath.isfinite(error)):
        return None  # an overflowing quadrature proves nothing, and ∞ − ∞ would compare as agreement
    at_point = value.xreplace(point)
    closed = None if at_point.has(sp.nan, sp.zoo, sp.oo, -sp.oo) else to_mpmath(at_point)
    if closed is None or not mpmath.isfinite(closed):
        return f"at {_show(model, point)} the closed form is {at_point}, the integral {mpmath.nstr(numeric, 15)}"
    if isinstance(closed, mpmath.mpc) and abs(closed.imag) > mpmath.mpf("1e-20") * max(abs(closed.real), 1):
        return f"at {_show(model, point)} the closed form is not real: {mpmath.nstr(closed, 10)}"
    scale = max(abs(numeric), abs(closed))
    if abs(closed - numeric) > RELATIVE_TOLERANCE * scale + 10 * error + mpmath.mpf("1e-25"):
        if error < RELATIVE_TOLERANCE * scale:
            return f"at {_show(model, point)}: closed form {mpmath.nstr(closed, 15)}, numeric {mpmath.nstr(numeric, 15)}"
        return None
    if error > mpmath.mpf("1e-11") * max(abs(numeric), mpmath.mpf("1e-12")):
        return None
    return "agrees"


def _show(model, point: dict) -> str:
    return ", ".join(f"{model.public(k)} = {v}" for k, v in point.items())
