"""Changes of variable that take the parameters out of the integral.

- Location–scale: when p(x) = f((x − μ)/σ)/σ (checked as a differential identity, not assumed),
  z = (x − μ)/σ leaves ∫ g(μ + σz) f(z) dz, with μ and σ outside f (Cauchy, Student-t, Logistic).
- Monotone: a term h(x) of an exponent of p (such as (x/λ)^k, x²/(2σ²), e^{−(x−μ)/β}) or a log(x)
  becomes the variable, u = h(x), turning Weibull, Rayleigh, Gumbel and log-normal integrals into
  Gamma-type or Gaussian ones.
The transformed integral goes to :func:`.integrals.close_1d` (rule table, then SymPy).
"""
from __future__ import annotations

import sympy as sp

from .. import budget
from ..errors import BudgetExceeded
from ..simplification import is_zero
from .base import Closed, Decline
from .integrals import close_1d


def _one_continuous_variable(model) -> tuple[sp.Symbol, sp.Expr, sp.Expr]:
    if model.support.discrete or model.support.sets is None or len(model._variables) != 1:
        raise Decline("substitutions are for one continuous variable")
    (x, low, high), = model.support.limits()
    return x, low, high


def location_scale(model) -> tuple[sp.Expr, sp.Expr] | None:
    """(location, scale) with p(x) = f((x − location)/scale)/scale on ℝ, either may be 0 / 1; cached."""
    if "location_scale" in model._cache:
        return model._cache["location_scale"]
    x, low, high = _one_continuous_variable(model)
    found = None
    if (low, high) == (-sp.oo, sp.oo):
        p = model._density
        symbols = [s for s in list(model._params) + list(model._constants) if s.is_real]
        locations = [a for a in symbols if is_zero(sp.diff(p, a) + sp.diff(p, x), model.budget)]
        location = locations[0] if locations else sp.Integer(0)
        scales = [s for s in symbols if s.is_positive and s != location and
                  is_zero((x - location) * sp.diff(p, x) + s * sp.diff(p, s) + p, model.budget)]
        scale = scales[0] if scales else sp.Integer(1)
        if location != 0 or scale != 1:
            found = (location, scale)
    model._cache["location_scale"] = found
    return found


def close_location_scale(model, g: sp.Expr) -> Closed:
    """∫ g(μ + σz) f(z) dz with f free of μ and σ."""
    x, _, _ = _one_continuous_variable(model)
    found = location_scale(model)
    if found is None:
        raise Decline("the density is not of location–scale form on ℝ")
    location, scale = found
    z = sp.Dummy("z", real=True)
    integrand = ((g * model._density).subs(x, location + scale * z) * scale)
    integrand = sp.powsimp(sp.expand_power_base(integrand, force=True), force=True)
    value, how = close_1d(model, integrand, z, -sp.oo, sp.oo)
    shown = sp.Symbol("z")
    return Closed(value, "location–scale substitution",
                  f"{shown} = ({model.public(x)} − {model.public(location)})/{model.public(scale)}; {how}")


def close_monotone(model, g: sp.Expr) -> Closed:
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
    for exponential in model._density.atoms(sp.exp):
        argument = exponential.args[0]
        if argument.is_polynomial(x) and sp.degree(argument, x) == 1:
            found.append(exponential)  # u = e^{−(x−μ)/β}: Gumbel, logistic
            continue
        for term in sp.Add.make_args(sp.expand(argument)):
            if term.has(x) and not term.is_polynomial(x) or term.has(x) and sp.degree(term, x) > 1:
                found.append(-term if term.could_extract_minus_sign() else term)
    found += [f for f in model._density.atoms(sp.log) if f.has(x)]
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
    u_low, u_high = sorted(ends, key=lambda e: float(e.xreplace(model._points[0])) if e.is_finite is not False
                           else (float("inf") if e == sp.oo else float("-inf")))
    positive = u_low.is_nonnegative
    v = sp.Dummy("u", positive=True) if positive else u
    jacobian = sp.Abs(sp.diff(x_of_u, u)).subs(u, v)
    integrand = ((g * model._density).subs(x, x_of_u.subs(u, v)) * jacobian)
    if positive:
        integrand = sp.expand_log(sp.powsimp(sp.expand_power_base(integrand, force=True), force=True), force=True)
    value, how = close_1d(model, sp.simplify(integrand) if not positive else integrand, v, u_low, u_high)
    return Closed(value, "monotone substitution", f"u = {model.public(h)}; {how}")


def _inverts(model, h, candidate, x, u, low, high) -> bool:
    """Numerically: x(h(x)) = x at sample points inside the support."""
    for point in model._points[:2]:
        for sample in model.support.sample_points(point, 3):
            at = sample[x]
            try:
                back = candidate.subs(u, h.subs(x, at)).xreplace(point)
                if abs(complex(sp.N(back - at.xreplace(point), 20))) > 1e-12:
                    return False
            except (TypeError, ValueError):
                return False
    return True
