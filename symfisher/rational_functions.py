"""Cancelling a rational function against the factors its denominators already show.

SymPy's ``cancel(together(e))`` multiplies every denominator out and then takes polynomial gcds:
for a sum like Σₖₗ A_ik A_jl Σ_kl with A = Σ⁻¹ symbolic (each term over det(Σ)²) the gcds cost
seconds per entry, growing fast with the dimension. Here the denominators are kept as products of
their bases (factored once each into irreducibles), the numerator is summed over their least common
multiple without any gcd, and each irreducible factor is then divided out of the numerator as long
as the division is exact. With irreducible factors that is the fully reduced fraction.
"""
from __future__ import annotations

from functools import lru_cache

import sympy as sp
from sympy.polys.domains import QQ
from sympy.polys.matrices import DomainMatrix
from sympy.polys.matrices.exceptions import DMNonInvertibleMatrixError
from sympy.polys.polyerrors import ExactQuotientFailed
from sympy.polys.rings import PolyElement, PolyRing, ring

Denominator = dict  # irreducible polynomial (PolyElement) -> exponent


class _NotRational(Exception):
    """The expression is not a rational function with rational coefficients."""


def reduced_fraction(expr: sp.Expr) -> sp.Expr | None:
    """``expr`` as N/D in lowest terms (N expanded, D a product of irreducible factors), or None when
    ``expr`` is not a rational function of its symbols over ℚ (then SymPy's cancel is the way)."""
    symbols = tuple(sorted(expr.free_symbols, key=sp.default_sort_key))
    if not symbols or not all(isinstance(s, sp.Symbol) for s in symbols):
        return None
    polynomials, *_ = ring(symbols, QQ)
    try:
        numerator, denominator = _fraction(expr, polynomials)
    except (_NotRational, ZeroDivisionError):
        return None
    return _reduced(numerator, denominator)


def inverse(matrix: sp.Matrix) -> sp.Matrix | None:
    """M⁻¹ in lowest terms for a square matrix of rational functions over ℚ, or None when an entry is
    not one (or M is singular).

    Fraction-free: M = N/q over the common denominator q, M⁻¹ = q·adj(N)/det(N) with adj and det by
    Bareiss elimination over the polynomial ring. det(N) is split into irreducibles by trial division
    against q's factors first (for M = Σ⁻¹ it is a power of det Σ, which q already shows), so the
    only polynomial factored from scratch is what remains. Inverting Σ⁻¹ this way gives Σ back in a
    fraction of the time the field of rational functions (a gcd after every operation) needs.
    """
    symbols = tuple(sorted(matrix.free_symbols, key=sp.default_sort_key))
    if not matrix.is_square or not symbols:
        return None
    polynomials, *_ = ring(symbols, QQ)
    try:
        entries = [_fraction(entry, polynomials) for entry in matrix]
    except (_NotRational, ZeroDivisionError):
        return None
    numerators, common = _over_common_denominator(entries, polynomials)
    scale = _product(common, polynomials)
    n = matrix.rows
    rows = DomainMatrix([numerators[i * n:(i + 1) * n] for i in range(n)], (n, n), polynomials.to_domain())
    try:
        adjugate, determinant = rows.inv_den()
    except (ZeroDivisionError, ValueError, DMNonInvertibleMatrixError):
        return None
    constant, factors = _split(determinant, list(common))
    result = []
    for entry in (e for row in adjugate.to_list() for e in row):
        result.append(_reduced(entry * scale * polynomials.ground_new(1 / constant), factors))
    return sp.Matrix(n, n, result)


def _split(polynomial: PolyElement, known: list[PolyElement]) -> tuple:
    """(constant, {irreducible: exponent}) for ``polynomial``, dividing out the ``known`` irreducibles
    first and factoring only the cofactor left."""
    factors: Denominator = {}
    for factor in known:
        polynomial, times = _divided_out(polynomial, factor, None)
        if times:
            factors[factor] = times
    constant, rest = _irreducible_factors(polynomial)
    for factor, k in rest:
        factors[factor] = factors.get(factor, 0) + k
    return constant, factors


def _over_common_denominator(fractions: list[tuple[PolyElement, Denominator]],
                             polynomials: PolyRing) -> tuple[list[PolyElement], Denominator]:
    """The numerators over the least common multiple of the denominators (no gcd: their factors are
    irreducible already), and that multiple."""
    common: Denominator = {}
    for _, denominator in fractions:
        for factor, k in denominator.items():
            common[factor] = max(common.get(factor, 0), k)
    numerators = [numerator * _product({f: k - denominator.get(f, 0) for f, k in common.items()}, polynomials)
                  for numerator, denominator in fractions]
    return numerators, common


def _product(powers: Denominator, polynomials: PolyRing) -> PolyElement:
    total = polynomials.one
    for factor, k in powers.items():
        total *= factor ** k
    return total


def _reduced(numerator: PolyElement, denominator: Denominator) -> sp.Expr:
    """numerator / Π factor^k as an expression, each irreducible factor divided out while it divides."""
    left = {}
    for factor, k in denominator.items():
        numerator, times = _divided_out(numerator, factor, k)
        left[factor] = k - times
    return numerator.as_expr() / sp.Mul(*(f.as_expr() ** k for f, k in left.items() if k))


def _divided_out(polynomial: PolyElement, factor: PolyElement, most: int | None) -> tuple[PolyElement, int]:
    """``polynomial`` divided by ``factor`` as often as the division is exact (at most ``most`` times)."""
    times = 0
    while not polynomial.is_zero and (most is None or times < most):
        try:
            polynomial = polynomial.exquo(factor)
        except ExactQuotientFailed:
            break
        times += 1
    return polynomial, times


def _fraction(expr: sp.Expr, polynomials: PolyRing) -> tuple[PolyElement, Denominator]:
    """(numerator, {irreducible factor: exponent}) with expr = numerator / Π factor^exponent."""
    if expr.is_Rational:
        return polynomials.ground_new(QQ(expr.p, expr.q)), {}
    if expr.is_Symbol:
        return polynomials(expr), {}
    if expr.is_Add:
        numerators, common = _over_common_denominator([_fraction(a, polynomials) for a in expr.args], polynomials)
        return sum(numerators, polynomials.zero), common
    if expr.is_Mul:
        product, combined = polynomials.one, {}
        for a in expr.args:
            numerator, denominator = _fraction(a, polynomials)
            product *= numerator
            for factor, k in denominator.items():
                combined[factor] = combined.get(factor, 0) + k
        return product, combined
    if expr.is_Pow and expr.exp.is_Integer:
        numerator, denominator = _fraction(expr.base, polynomials)
        power = int(expr.exp)
        if power >= 0:
            return numerator ** power, {f: k * power for f, k in denominator.items()}
        return _reciprocal(numerator, denominator, -power, polynomials)
    raise _NotRational(expr)


def _reciprocal(numerator: PolyElement, denominator: Denominator, power: int,
                polynomials: PolyRing) -> tuple[PolyElement, Denominator]:
    """(Π factor^k / numerator)^power, with the numerator split into its irreducible factors."""
    if numerator.is_zero:
        raise ZeroDivisionError
    flipped = _product({f: k * power for f, k in denominator.items()}, polynomials)
    constant, factors = _irreducible_factors(numerator)
    return flipped * polynomials.ground_new(1 / constant ** power), {f: k * power for f, k in factors}


@lru_cache(maxsize=1024)
def _irreducible_factors(polynomial: PolyElement) -> tuple:
    """(constant, ((factor, multiplicity), ...)) with primitive factors of positive leading coefficient.

    Factoring a denominator is paid once per distinct base (det Σ for a symbolic covariance),
    never per term."""
    constant, factors = polynomial.factor_list()
    normalised = []
    for factor, multiplicity in factors:
        content, primitive = factor.primitive()
        if primitive.LC < 0:
            content, primitive = -content, -primitive
        constant *= content ** multiplicity
        normalised.append((primitive, multiplicity))
    return constant, tuple(normalised)
