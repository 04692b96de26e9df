"""expect(model, f): E[f(x)] in closed form, with a trace of how each integral or sum was closed.

Linearity first: f is split into Σ cᵢ(θ)·gᵢ(x), and E[gᵢ] is computed once per model (the moment
cache). Each E[gᵢ] goes through the strategies in order until one closes it; every closed form is
then certified against mpmath at several valid parameter points. A form that fails its certificate
is discarded (never returned) and the next strategy is tried.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import mpmath
import sympy as sp

from .. import budget
from ..doors import door
from ..errors import BudgetExceeded, ExpectationNotClosed
from ..memo import per_model
from ..simplification import node_count, tidy
from .certificate import certify
from .gaussian.structure import gaussian_structure
from .numeric import tails
from .numeric.mpmath_helpers import to_mpmath
from .numeric.quadrature import numeric_expectation, numeric_integral
from .results import Decline, Expectation, TraceEntry, acceptable
from .strategies import STRATEGIES
from .table.rules import expand_numerator

if TYPE_CHECKING:
    from ..model.view import ModelView

NORMALISATION = "normalisation"  # the rule of E[1] = 1, recorded like a strategy's


@dataclass(frozen=True)
class Mass:
    """∫ p (or Σ p): what the density integrates to, for the normalisation check."""

    model: ModelView
    value: sp.Expr | None

    @property
    def closed(self) -> bool:
        return self.value is not None

    def numeric_at(self, point: dict) -> mpmath.mpf | None:
        result = numeric_integral(self.model, sp.Integer(1), point)
        if result is None and self.closed:
            return to_mpmath(self.value.xreplace(point))
        return None if result is None else result[0]


@door("close the expectation")
def expect(model: Any, f: Any) -> Expectation:
    """E[f(x)] under ``model`` (a Model): closed form, the rules that closed it, and whether it is certified.

    ``f`` is in the user's symbols, and so is the result.

    Raises:
        ExpectationNotClosed: when some factor gᵢ(x) of f resists every strategy; the error carries
            the factor and can give its high-precision numeric value at chosen parameters.
    """
    result = expectation_of(model.view, model.internal(f))
    return Expectation(model.public(result.value), result.method,
                       tuple(TraceEntry(model.public(e.integrand), model.public(e.value), e.rule, e.detail,
                                        e.certified, e.certificate,
                                        None if e.substitution is None else model.public(e.substitution),
                                        e.table_rules) for e in result.trace),
                       result.certified)


def expectation_of(model: ModelView, f: sp.Expr) -> Expectation:
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


@per_model
def terms(model: ModelView, f: sp.Expr) -> list[tuple[sp.Expr, sp.Expr]]:
    """``split(f)`` for ``model``, once per model and f (the moment prefetch and the sequential pass share it).

    A large polynomial in x under a Gaussian model stays whole: closed as it stands (Wick's theorem for a
    product of affine forms, Isserlis on placeholders otherwise) it never multiplies its coefficients
    out, while splitting it into moments does — for E[sᵢsⱼ] with a symbolic covariance, sums of products
    of Σ⁻¹ entries. One free of x is a coefficient of E[1].
    """
    whole = (f.has(*model.variables) and node_count(f, _SPLIT_AT_MOST) is None
             and gaussian_structure(model) is not None and f.is_polynomial(*model.variables))
    return [(sp.Integer(1), f)] if whole else split(f, model.variables, model.budget)


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
    covariance they are entries of Σ⁻¹, and expanding their products is slow."""
    constants: dict = {}

    def hide(expr: sp.Expr) -> sp.Expr:
        if expr.is_Atom or isinstance(expr, sp.Piecewise):
            return expr
        if not expr.has(*variables):
            return constants.setdefault(expr, sp.Dummy("c"))
        return expr.func(*map(hide, expr.args))

    hidden = hide(f)
    return hidden, {dummy: expr for expr, dummy in constants.items()}


def moment(model: ModelView, g: sp.Expr) -> TraceEntry:
    """E[g(x)] for one x-dependent factor, in the model's moment cache."""
    if g == 1:
        return TraceEntry(g, sp.Integer(1), NORMALISATION, "∫ p = 1, checked when the model was built", True,
                          "normalisation check")
    if g not in model.moments:
        model.moments[g] = close(model, g)
    return model.moments[g]


@per_model
def total_mass(model: ModelView) -> Mass:
    """∫ p over the support in closed form when a strategy reaches it (None otherwise)."""
    try:
        return Mass(model, close(model, sp.Integer(1)).value)
    except ExpectationNotClosed:
        return Mass(model, None)


def close(model: ModelView, g: sp.Expr) -> TraceEntry:
    """The first certified closed form of ∫ g p; an uncertified one only when none can be certified."""
    heavy_tail = tails.diverges(model, g)
    if heavy_tail is not None:
        raise ExpectationNotClosed(heavy_tail, integrand=model.public(g), reached=(heavy_tail,),
                                   evaluate=_numeric(model, g))
    reasons = []
    fallback = None
    for name, strategy in STRATEGIES:
        try:
            closed = budget.within(model.budget, strategy, model, g, moment)
        except (Decline, BudgetExceeded) as exc:
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
        integrand=model.public(g), reached=tuple(reasons), evaluate=_numeric(model, g))


def _numeric(model: ModelView, g: sp.Expr):
    """E[g] as a function of ({parameter: value}, digits), for an error that could not close it."""
    return functools.partial(numeric_expectation, model, model.public(g))
