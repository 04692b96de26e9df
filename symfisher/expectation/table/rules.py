"""Integral rules as data: one entry per closed-form integral, each matched on a product of powers.

An integrand is first written as C · u^A · Π (linear or even-quadratic base)^e · exp(L(u)) (see
:func:`power_product`); each rule recognises one shape and returns its value, or None to decline.
Logarithms are handled outside the rules (:mod:`.logs`): log f becomes ∂/∂s f^s at s = 0.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import sympy as sp

from ..roots import linear_root


@dataclass(frozen=True)
class PowerProduct:
    """integrand = constant · u^power · Π base^exponent · exp(exponential) with bases ≠ u."""

    constant: sp.Expr
    power: sp.Expr
    bases: dict
    exponential: sp.Expr


def power_product(integrand: sp.Expr, u: sp.Symbol) -> PowerProduct | None:
    """Decompose ``integrand`` (u > 0 assumed where u is a power base), or None for other shapes."""
    expanded = sp.expand_power_base(sp.powsimp(integrand, force=True), force=True)
    constant, power, exponential, bases = sp.Integer(1), sp.Integer(0), sp.Integer(0), {}
    for factor in sp.Mul.make_args(expanded):
        if not factor.has(u):
            constant *= factor
            continue
        base, exponent = factor.as_base_exp()
        if exponent.has(u):
            if base == sp.E:
                exponential += exponent
                continue
            return None
        if isinstance(base, sp.exp):
            exponential += base.args[0] * exponent
        elif base == u:
            power += exponent
        elif base.is_Add and not exponent.is_integer:
            bases[base] = bases.get(base, 0) + exponent  # (1 − u)^b: no sign may be pulled out
        elif base.is_Add:
            for piece, multiplicity in _factors(base, u):
                if piece == u:
                    power += multiplicity * exponent
                elif piece.has(u):
                    bases[piece] = bases.get(piece, 0) + multiplicity * exponent
                else:
                    constant *= piece ** (multiplicity * exponent)
        else:
            return None
    return PowerProduct(constant, power, bases, sp.expand(exponential))


def expand_numerator(expr: sp.Expr, *variables: sp.Symbol) -> sp.Expr:
    """Expand fully, except powers of sums that involve ``variables`` with exponents other than positive
    integers: expanding (ν + z²)^{−2} would hide the structure the rules look for."""
    protected = {power: sp.Dummy("D") for power in expr.atoms(sp.Pow)
                 if power.base.is_Add and power.base.has(*variables)
                 and not (power.exp.is_Integer and power.exp > 0)}
    expanded = sp.expand(expr.xreplace(protected), power_exp=False, power_base=False, log=False)
    return expanded.xreplace({d: power for power, d in protected.items()})


def _factors(base: sp.Expr, u: sp.Symbol) -> list[tuple[sp.Expr, int]]:
    """A sum as its factors: (u + 1)² rather than u² + 2u + 1, and c + c/u as c (u + 1) u⁻¹."""
    if not base.is_polynomial(u):
        numerator, denominator = sp.fraction(sp.together(base))
        if denominator == 1 or not (numerator.is_polynomial(u) and denominator.is_polynomial(u)):
            return [(base, 1)]
        return _factors(numerator, u) + [(piece, -m) for piece, m in _factors(denominator, u)]
    constant, pieces = sp.factor_list(base, u)
    return [(sp.sympify(constant), 1)] + [(piece, multiplicity) for piece, multiplicity in pieces]


@dataclass(frozen=True)
class Rule:
    """A closed-form integral: ``close(product, u, low, high)`` returns its value or None."""

    name: str
    statement: str
    close: Callable[[PowerProduct, sp.Symbol, sp.Expr, sp.Expr], sp.Expr | None]


def _gamma(pp: PowerProduct, u, low, high):
    """∫₀^∞ u^A e^{−B u} du = Γ(A+1) / B^{A+1}."""
    if low != 0 or high != sp.oo or pp.bases:
        return None
    poly = sp.Poly(pp.exponential, u) if pp.exponential.is_polynomial(u) else None
    if poly is None or poly.degree() != 1:
        return None
    slope, offset = poly.all_coeffs()
    rate, a = -slope, pp.power + 1
    return pp.constant * sp.exp(offset) * sp.gamma(a) / rate**a


def _beta(pp: PowerProduct, u, low, high):
    """∫₀^c u^A (c − u)^B du = c^{A+B+1} B(A+1, B+1)."""
    if low != 0 or not high.is_finite or pp.exponential != 0 or len(pp.bases) != 1:
        return None
    (base, exponent), = pp.bases.items()
    found = linear_root(base, u)
    if found is None or sp.simplify(found[0] - high) != 0:
        return None
    scale = -found[1]  # base = scale · (c − u)
    a, b = pp.power + 1, exponent + 1
    return pp.constant * scale**exponent * high ** (a + b - 1) * sp.gamma(a) * sp.gamma(b) / sp.gamma(a + b)


def _power(pp: PowerProduct, u, low, high):
    """∫_a^b u^A du = (b^{A+1} − a^{A+1}) / (A+1), with b = ∞ when A < −1."""
    if pp.bases or pp.exponential != 0 or not (low.is_positive or low == 0 and high.is_finite):
        return None
    a = pp.power + 1
    top = 0 if high == sp.oo else high**a
    return pp.constant * (top - low**a) / a


def _beta_prime(pp: PowerProduct, u, low, high):
    """∫₀^∞ u^A (c + d u)^{−k} du = c^{−k} (c/d)^{A+1} B(A + 1, k − A − 1), c, d > 0."""
    if low != 0 or high != sp.oo or pp.exponential != 0 or len(pp.bases) != 1:
        return None
    (base, exponent), = pp.bases.items()
    found = linear_root(base, u)
    if found is None:
        return None
    slope = found[1]
    offset = base.subs(u, 0)
    if not (slope.is_positive and offset.is_positive):
        return None
    a, k = pp.power + 1, -exponent
    return pp.constant * offset**exponent * (offset / slope) ** a * sp.gamma(a) * sp.gamma(k - a) / sp.gamma(k)


def _student(pp: PowerProduct, u, low, high):
    """∫_{−∞}^{∞} u^{2m} Π (αᵢ(1 + β u²))^{−kᵢ} du = Π αᵢ^{−kᵢ} β^{−m−½} B(m + ½, k − m − ½), k = Σ kᵢ."""
    if low != -sp.oo or high != sp.oo or pp.exponential != 0 or not pp.bases:
        return None
    if not (pp.power.is_integer and pp.power.is_nonnegative):
        return None
    if pp.power.is_odd:
        return sp.Integer(0)
    factor, beta, k = sp.Integer(1), None, sp.Integer(0)
    for base, exponent in pp.bases.items():
        if not base.is_polynomial(u):
            return None
        poly = sp.Poly(base, u)
        coefficients = poly.all_coeffs()
        if poly.degree() != 2 or coefficients[1] != 0:
            return None
        alpha, curvature = coefficients[2], coefficients[0] / coefficients[2]
        if beta is not None and sp.simplify(curvature - beta) != 0:
            return None
        beta = curvature
        factor *= alpha**exponent
        k -= exponent
    m = pp.power / 2
    half = sp.Rational(1, 2)
    return pp.constant * factor * beta ** (-m - half) * sp.gamma(m + half) * sp.gamma(k - m - half) / sp.gamma(k)


def _gaussian(pp: PowerProduct, u, low, high):
    """∫_{−∞}^{∞} u^m e^{−a u² + b u + c} du = e^{c + b²/(4a)} √(π/a) E[u^m], u ~ N(b/(2a), 1/(2a))."""
    if low != -sp.oo or high != sp.oo or pp.bases or not (pp.power.is_Integer and pp.power >= 0):
        return None
    if not pp.exponential.is_polynomial(u):
        return None
    poly = sp.Poly(pp.exponential, u)
    if poly.degree() != 2:
        return None
    a, b, c = -poly.all_coeffs()[0], poly.all_coeffs()[1], poly.all_coeffs()[2]
    if a.is_positive is False:
        return None
    mean, variance = b / (2 * a), 1 / (2 * a)
    y = sp.Dummy("y")
    central = sp.Poly(sp.expand((mean + y) ** pp.power), y)
    moment = sum(coefficient * (sp.factorial2(k - 1) * variance ** (k // 2) if k % 2 == 0 else 0)
                 for (k,), coefficient in central.terms())
    return pp.constant * sp.exp(c + b**2 / (4 * a)) * sp.sqrt(sp.pi / a) * moment


RULES: tuple[Rule, ...] = (
    Rule("Gamma integral", "∫₀^∞ u^{a−1} e^{−b u} du = Γ(a)/b^a", _gamma),
    Rule("Beta integral", "∫₀^c u^{a−1} (c − u)^{b−1} du = c^{a+b−1} B(a, b)", _beta),
    Rule("power integral", "∫ u^{a} du = u^{a+1}/(a+1)", _power),
    Rule("Beta-prime integral", "∫₀^∞ u^{a−1} (1 + u)^{−a−b} du = B(a, b)", _beta_prime),
    Rule("Gaussian integral", "∫ u^m e^{−a u² + b u} du: moments of N(b/(2a), 1/(2a))", _gaussian),
    Rule("Student-t integral", "∫ z^{2m} (1 + β z²)^{−k} dz = β^{−m−1/2} B(m + 1/2, k − m − 1/2)", _student),
)


def close_by_rules(integrand: sp.Expr, u: sp.Symbol, low: sp.Expr, high: sp.Expr) -> tuple[sp.Expr, Rule] | None:
    """The first rule that closes ∫_low^high integrand du, with the rule, or None."""
    low, high = sp.sympify(low), sp.sympify(high)
    terms = sp.Add.make_args(expand_numerator(integrand, u))
    total, used = sp.Integer(0), None
    for term in terms:
        product = power_product(term, u)
        if product is None:
            return None
        for rule in RULES:
            value = rule.close(product, u, low, high)
            if value is not None:
                total += value
                used = used or rule
                break
        else:
            return None
    return total, used
