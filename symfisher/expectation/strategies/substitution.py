"""Changes of variable that take the parameters out of the integral.

- Location–scale: when p(x) = f((x − μ)/σ)/σ (checked as a differential identity, not assumed),
  z = (x − μ)/σ leaves ∫ g(μ + σz) f(z) dz, with μ and σ outside f (Cauchy, Student-t, Logistic).
- Monotone: a term h(x) of an exponent of p (such as (x/λ)^k, x²/(2σ²), e^{−(x−μ)/β}) or a log(x)
  becomes the variable, u = h(x), turning Weibull, Rayleigh, Gumbel and log-normal integrals into
  Gamma-type or Gaussian ones.
The transformed integral goes to the rule table (:func:`.logs.close_with_logs`); SymPy's integrate
stays the engine's last resort, on the original integral, where it is tried once.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

import sympy as sp

from ... import budget
from ...errors import BudgetExceeded
from ...memo import per_model
from ..results import Closed, Decline, Moment
from ..table.logs import close_with_logs
from ..table.rules import Rule

if TYPE_CHECKING:
    from ...model.view import ModelView

LOCATION_SCALE = "location–scale substitution"
MONOTONE = "monotone substitution"
RECORDS = (LOCATION_SCALE, MONOTONE)


def _one_continuous_variable(model) -> tuple[sp.Symbol, sp.Expr, sp.Expr]:
    if model.support.discrete or model.support.sets is None or len(model.variables) != 1:
        raise Decline("substitutions are for one continuous variable")
    (x, low, high), = model.support.limits()
    return x, low, high


@per_model
def location_scale(model: ModelView) -> tuple[sp.Expr, sp.Expr, sp.Expr] | None:
    """(location, scale, f(z)) with p(x) = f((x − location)/scale)/scale on ℝ, or None; cached.

    The identity is tested numerically (f must not change when only the location and scale change),
    which is fast and, since every result is certified afterwards, safe; f is then simplified once.
    """
    x, low, high = _one_continuous_variable(model)
    found = None
    if (low, high) == (-sp.oo, sp.oo):
        symbols = [s for s in list(model.params) + list(model.constants) if s.is_real]
        locations = [a for a in symbols if _invariant(model, x, a, sp.Integer(1))] or [sp.Integer(0)]
        scales = [s for s in symbols if s.is_positive and s not in locations
                  and _invariant(model, x, locations[0], s)] or [sp.Integer(1)]
        location, scale = locations[0], scales[0]
        if location != 0 or scale != 1:
            z = sp.Dummy("z", real=True)
            standard = model.density.subs(x, location + scale * z) * scale
            try:
                standard = budget.within(model.budget, sp.simplify, standard)
            except BudgetExceeded:
                pass
            if not standard.has(*{location, scale} - {0, 1}):
                found = (location, scale, standard, z)
    return found


_Z_SAMPLES = (sp.Rational(-13, 10), sp.Rational(1, 5), sp.Rational(9, 10))


def _invariant(model, x, location, scale) -> bool:
    """Is scale·p(location + scale·z) the same function of z when only location and scale change?"""
    base = model.points[0]
    moved = dict(base)
    if location != 0:
        moved[location] = base[location] + sp.Rational(7, 10)
    if scale != 1:
        moved[scale] = base[scale] * sp.Rational(3, 2)
    z = sp.Dummy("z")
    standard = model.density.subs(x, location + scale * z) * scale
    for value in _Z_SAMPLES:
        first = sp.N(standard.xreplace({**base, z: value}), 25)
        second = sp.N(standard.xreplace({**moved, z: value}), 25)
        if not (first.is_number and second.is_number) or abs(complex(first - second)) > 1e-18 * max(1, abs(complex(first))):
            return False
    return True


def close_location_scale(model: ModelView, g: sp.Expr, moment: Moment) -> Closed:
    """∫ g(μ + σz) f(z) dz with f free of μ and σ."""
    x, _, _ = _one_continuous_variable(model)
    found = location_scale(model)
    if found is None:
        raise Decline("the density is not of location–scale form on ℝ")
    location, scale, standard, z = found
    integrand = g.subs(x, location + scale * z) * standard
    integrand = sp.powsimp(sp.expand_power_base(integrand, force=True), force=True)
    value, rule = _close_transformed(integrand, z, -sp.oo, sp.oo)
    return Closed(value, LOCATION_SCALE,
                  f"z = ({model.public(x)} − {model.public(location)})/{model.public(scale)}; {_how(rule)}",
                  substitution=(x - location) / scale, table_rules=(rule.name,))


def close_monotone(model: ModelView, g: sp.Expr, moment: Moment) -> Closed:
    """u = h(x) for a monotone h read off the density; the integral in u by rules or SymPy."""
    x, low, high = _one_continuous_variable(model)
    reasons = []
    for h in _candidates(model, x):
        try:
            return _substitute(model, g, x, low, high, h)
        except Decline as exc:
            reasons.append(f"u = {model.public(h)}: {exc}")
    raise Decline("; ".join(reasons) or "no substitution suggested by the density")


def _candidates(model, x: sp.Symbol) -> list[sp.Expr]:
    found = []
    for exponential in model.density.atoms(sp.exp):
        argument = exponential.args[0]
        if argument.is_polynomial(x) and sp.degree(argument, x) == 1:
            found.append(exponential)  # u = e^{−(x−μ)/β}: Gumbel, logistic
            continue
        for term in sp.Add.make_args(sp.expand(argument)):
            if term.has(x) and not term.is_polynomial(x) or term.has(x) and sp.degree(term, x) > 1:
                found.append(-term if term.could_extract_minus_sign() else term)
    found += [f for f in model.density.atoms(sp.log) if f.has(x)]
    return list(dict.fromkeys(found))


def _substitute(model, g, x, low, high, h) -> Closed:
    u = sp.Dummy("u", real=True)
    try:
        solutions = budget.within(model.budget, sp.solve, sp.Eq(h, u), x)
    except (BudgetExceeded, NotImplementedError) as exc:
        raise Decline(f"could not invert: {exc}") from None
    inverse = [s for s in solutions if _inverts(model, h, s, x, u, low, high)]
    if len(inverse) != 1:
        raise Decline("no unique inverse on the support")
    x_of_u = inverse[0]
    try:
        ends = [budget.within(model.budget, sp.limit, h, x, end, "+" if end == low else "-") for end in (low, high)]
    except (BudgetExceeded, NotImplementedError, ValueError) as exc:
        raise Decline(f"no limits for u: {exc}") from None
    u_low, u_high = sorted(ends, key=lambda e: float(e.xreplace(model.points[0])) if e.is_finite is not False
                           else (float("inf") if e == sp.oo else float("-inf")))
    positive = u_low.is_nonnegative
    v = sp.Dummy("u", positive=True) if positive else u
    jacobian = sp.Abs(sp.diff(x_of_u, u)).subs(u, v)
    integrand = ((g * model.density).subs(x, x_of_u.subs(u, v)) * jacobian)
    if positive:
        integrand = sp.expand_log(sp.powsimp(sp.expand_power_base(integrand, force=True), force=True), force=True)
        # e^{(μ − s log u)/s} = e^{μ/s}/u: split exponentials of sums so that powers of u appear
        integrand = sp.expand_power_exp(integrand.replace(
            lambda e: isinstance(e, sp.exp), lambda e: sp.exp(sp.expand(e.args[0]))))
    value, rule = _close_transformed(integrand, v, u_low, u_high)
    return Closed(value, MONOTONE, f"u = {model.public(h)}; {_how(rule)}",
                  substitution=h, table_rules=(rule.name,))


def _close_transformed(integrand: sp.Expr, u: sp.Symbol, low: sp.Expr, high: sp.Expr) -> tuple[sp.Expr, Rule]:
    closed = close_with_logs(integrand, u, low, high)
    if closed is None:
        raise Decline("no rule of the table closes the transformed integral")
    return closed


def _how(rule: Rule) -> str:
    return f"{rule.name}: {rule.statement}"


def _inverts(model, h, candidate, x, u, low, high) -> bool:
    """Numerically: x(h(x)) = x at sample points inside the support."""
    for point in model.points[:2]:
        for sample in model.support.sample_points(point, 3):
            at = sample[x]
            try:
                back = candidate.subs(u, h.subs(x, at)).xreplace(point)
                if abs(complex(sp.N(back - at.xreplace(point), 20))) > 1e-12:
                    return False
            except (TypeError, ValueError):
                return False
    return True
