"""Cancelling a rational function against the factors its denominators already show.

SymPy's ``cancel(together(e))`` multiplies every denominator out and then takes polynomial gcds:
for a sum like Σₖₗ A_ik A_jl Σ_kl with A = Σ⁻¹ symbolic (each term over det(Σ)²) the gcds
grow fast with the dimension. Here the denominators are kept as products of
their bases (factored once each into irreducibles), the numerator is summed over their least common
multiple without any gcd, and each irreducible factor is then divided out of the numerator as long
as the division is exact. With irreducible factors that is the fully reduced fraction.
"""
from __future__ import annotations

from functools import lru_cache

import sympy as sp
from sympy.polys.densearith import dup_rem
from sympy.polys.densebasic import dup_strip
from sympy.polys.domains import QQ
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


def inverse_and_determinant(matrix: sp.Matrix) -> tuple[sp.Matrix, sp.Expr] | None:
    """(M⁻¹, det M) in lowest terms for a square matrix of rational functions over ℚ, or None when an
    entry is not one (or M is singular). See :func:`_eliminated`.

    Each result is remembered both ways, M⁻¹ ↦ (M, 1/det M) too: a family writes its density with
    Σ⁻¹ and the Gaussian structure inverts that back to Σ, which for a symbolic covariance would be the
    longest step of building the model, for a matrix already known.
    """
    key = sp.ImmutableMatrix(matrix)
    if key not in _INVERSES:
        found = _eliminated(matrix)
        if found is None:
            return None
        inverted, determinant = sp.ImmutableMatrix(found[0]), found[1]
        while len(_INVERSES) >= _INVERSES_KEPT - 1:
            del _INVERSES[next(iter(_INVERSES))]  # the oldest
        _INVERSES[key] = inverted, determinant
        # in the forms elimination would give, so that no result depends on what was inverted before
        _INVERSES[inverted] = (key.applyfunc(lambda entry: reduced_fraction(entry) or entry),
                               reduced_fraction(1 / determinant) or 1 / determinant)
    inverted, determinant = _INVERSES[key]
    return sp.Matrix(inverted), determinant


_INVERSES: dict = {}  # matrix -> (inverse, determinant), both directions
_INVERSES_KEPT = 64


def _eliminated(matrix: sp.Matrix) -> tuple[sp.Matrix, sp.Expr] | None:
    """(M⁻¹, det M) in lowest terms, or None when an entry is not rational over ℚ or M is singular.

    Gauss–Jordan elimination in which every entry stays a fraction n / Π fᵢ^{kᵢ} over irreducible
    factors, and every new fraction is cancelled by trial division against its denominator's factors,
    never by a gcd. A pivot's numerator is factored once, when it is divided by. For M = Σ⁻¹ every
    intermediate entry is an entry of the inverse of a block of Σ, so the fractions stay small: the
    fraction-free (Bareiss) route instead carries det(Σ⁻¹'s numerators) = det(Σ)^{d−1}, about 388⁵
    terms for a symbolic 6 × 6 covariance.
    """
    symbols = tuple(sorted(matrix.free_symbols, key=sp.default_sort_key))
    if not matrix.is_square or not symbols:
        return None
    polynomials, *_ = ring(symbols, QQ)
    n = matrix.rows
    try:
        rows = [[_fraction(matrix[i, j], polynomials) for j in range(n)] +
                [(polynomials.one if i == j else polynomials.zero, {}) for j in range(n)] for i in range(n)]
    except (_NotRational, ZeroDivisionError):
        return None
    determinant = (polynomials.one, {})
    for column in range(n):
        pivot_row = next((r for r in range(column, n) if not rows[r][column][0].is_zero), None)
        if pivot_row is None:
            return None
        if pivot_row != column:
            rows[column], rows[pivot_row] = rows[pivot_row], rows[column]
            determinant = (-determinant[0], determinant[1])
        determinant = _product_of(determinant, rows[column][column])
        reciprocal = _reciprocal(*rows[column][column], 1, polynomials)
        rows[column] = [_product_of(entry, reciprocal) for entry in rows[column]]
        for r in range(n):
            factor = rows[r][column]
            if r != column and not factor[0].is_zero:
                rows[r] = [_difference(entry, _product_of(factor, pivot_entry), polynomials)
                           for entry, pivot_entry in zip(rows[r], rows[column])]
    return sp.Matrix(n, n, [_reduced(*rows[i][n + j]) for i in range(n) for j in range(n)]), _reduced(*determinant)


def reduced_derivatives(expr: sp.Expr, variables: tuple) -> list[sp.Expr] | None:
    """[∂expr/∂v for v in variables] in lowest terms, or None when expr is not a sum of a rational function
    over ℚ and terms whose derivatives are (log det Σ, say).

    The rational part is read into a fraction N / Π fᵢ^{kᵢ} once and differentiated in the polynomial
    ring, N'/D − N Σ kᵢ fᵢ'/(fᵢ D), instead of differentiating the expression and reading each derivative
    anew to cancel it.
    """
    symbols = tuple(sorted(expr.free_symbols | set(variables), key=sp.default_sort_key))
    polynomials, *gens = ring(symbols, QQ)
    rational, other = [], []
    for term in sp.Add.make_args(expr):
        try:
            rational.append(_fraction(term, polynomials))
        except _NotRational:
            other.append(term)
        except ZeroDivisionError:
            return None
    numerators, denominator = _over_common_denominator(rational, polynomials)
    numerator = sum(numerators, polynomials.zero)
    results = []
    for v in variables:
        gen = gens[symbols.index(v)]
        parts = [(numerator.diff(gen), denominator)]
        for factor, k in denominator.items():
            slope = factor.diff(gen)
            if not slope.is_zero:
                parts.append((-k * numerator * slope, {**denominator, factor: k + 1}))
        try:
            parts += [_fraction(sp.diff(term, v), polynomials) for term in other]
        except (_NotRational, ZeroDivisionError):
            return None
        summands, common = _over_common_denominator(parts, polynomials)
        results.append(_reduced(sum(summands, polynomials.zero), common))
    return results


def matrix_product(a: sp.Matrix, b: sp.Matrix) -> sp.Matrix | None:
    """a·b in lowest terms, each entry of a and b read into a fraction once; None when an entry is not a
    rational function over ℚ (multiplying the expressions and cancelling each entry would read every
    entry of b anew for each row of a)."""
    symbols = tuple(sorted(a.free_symbols | b.free_symbols, key=sp.default_sort_key))
    if not symbols:
        return None
    polynomials, *_ = ring(symbols, QQ)
    try:
        left = [[_entry_fraction(a[i, k], polynomials) for k in range(a.cols)] for i in range(a.rows)]
        right = [[_entry_fraction(b[k, j], polynomials) for j in range(b.cols)] for k in range(b.rows)]
    except (_NotRational, ZeroDivisionError):
        return None

    def entry(i: int, j: int) -> sp.Expr:
        terms = [_product_of(left[i][k], right[k][j]) for k in range(a.cols)]
        numerators, common = _over_common_denominator(terms, polynomials)
        return _reduced(sum(numerators, polynomials.zero), common)

    return sp.Matrix(a.rows, b.cols, entry)


@lru_cache(maxsize=1024)
def _entry_fraction(expr: sp.Expr, polynomials: PolyRing) -> tuple[PolyElement, Denominator]:
    """``_fraction`` of a matrix entry, remembered: the slopes of a score entry are read for every entry
    of E[s sᵀ] in its row (most of the cost for a symbolic 6 × 6 covariance). Shared, read only."""
    return _fraction(expr, polynomials)


Fraction = tuple  # (numerator: PolyElement, denominator: Denominator)


def _product_of(a: Fraction, b: Fraction) -> Fraction:
    if a[0].is_zero or b[0].is_zero:
        return a[0].ring.zero, {}
    denominator = dict(a[1])
    for factor, k in b[1].items():
        denominator[factor] = denominator.get(factor, 0) + k
    return _cancelled(a[0] * b[0], denominator)


def _difference(a: Fraction, b: Fraction, polynomials: PolyRing) -> Fraction:
    if b[0].is_zero:
        return a
    (first, second), common = _over_common_denominator([a, b], polynomials)
    return _cancelled(first - second, common)


def _cancelled(numerator: PolyElement, denominator: Denominator) -> Fraction:
    """numerator / Π factor^k with each factor divided out of both while it divides the numerator."""
    if numerator.is_zero:
        return numerator, {}
    left = {}
    for factor, k in denominator.items():
        numerator, times = _divided_out(numerator, factor, k)
        if k > times:
            left[factor] = k - times
    return numerator, left


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
    """numerator / Π factor^k in lowest terms, as an expression."""
    numerator, left = _cancelled(numerator, denominator)
    return numerator.as_expr() / sp.Mul(*(f.as_expr() ** k for f, k in left.items()))


def _divided_out(polynomial: PolyElement, factor: PolyElement, most: int | None) -> tuple[PolyElement, int]:
    """``polynomial`` divided by ``factor`` as often as the division is exact (at most ``most`` times)."""
    times = 0
    while not polynomial.is_zero and (most is None or times < most) and _may_divide(factor, polynomial):
        try:
            polynomial = polynomial.exquo(factor)
        except ExactQuotientFailed:
            break
        times += 1
    return polynomial, times


def _may_divide(factor: PolyElement, polynomial: PolyElement) -> bool:
    """False when ``factor`` certainly does not divide ``polynomial``: their images with every variable
    but one fixed at small integers do not divide in ℚ[t]. A failed exact division of a large numerator by
    a large determinant runs to the end before it fails; the image is a univariate remainder."""
    degrees = factor.degrees()
    main = next((i for i, d in enumerate(degrees) if d), None)
    if main is None:
        return True
    image = _univariate_image(factor, main)
    if len(image) - 1 < degrees[main]:
        return True  # the point is special for this factor: no conclusion
    return not dup_rem(_univariate_image(polynomial, main), image, QQ)


def _univariate_image(polynomial: PolyElement, main: int) -> list:
    """The dense coefficients in variable ``main`` of ``polynomial`` with the others set to 2, 5, 8, …
    (each term's weight an exact integer, one rational product per term; terms unsorted)."""
    points = [2 + 3 * i for i in range(polynomial.ring.ngens)]
    coefficients: dict = {}
    for monomial, coefficient in polynomial.items():
        weight = 1
        for i, e in enumerate(monomial):
            if e and i != main:
                weight *= points[i] ** e
        k = monomial[main]
        coefficients[k] = coefficients.get(k, QQ.zero) + coefficient * weight
    top = max(coefficients, default=0)
    return dup_strip([coefficients.get(k, QQ.zero) for k in range(top, -1, -1)])


def _fraction(expr: sp.Expr, polynomials: PolyRing) -> tuple[PolyElement, Denominator]:
    """(numerator, {irreducible factor: exponent}) with expr = numerator / Π factor^exponent."""
    if expr.is_Rational:
        return polynomials.ground_new(QQ(expr.p, expr.q)), {}
    if expr.is_Symbol:
        return polynomials(expr), {}
    monomial = _monomial(expr, polynomials)
    if monomial is not None:
        return monomial, {}
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


def _monomial(expr: sp.Expr, polynomials: PolyRing) -> PolyElement | None:
    """c·Π vᵢ^{kᵢ} (a rational c, generators v, kᵢ ≥ 0) made as one term, or None for anything else:
    the ring's own conversion makes a term in many steps."""
    if not expr.is_Mul:
        return None
    positions = _positions(polynomials)
    exponents, coefficient = [0] * polynomials.ngens, QQ(1)
    for factor in expr.args:
        if factor.is_Rational:
            coefficient *= QQ(factor.p, factor.q)
            continue
        base, power = (factor.base, factor.exp) if factor.is_Pow else (factor, sp.Integer(1))
        if base not in positions or not (power.is_Integer and power > 0):
            return None
        exponents[positions[base]] += int(power)
    return polynomials.term_new(tuple(exponents), coefficient)


@lru_cache(maxsize=64)
def _positions(polynomials: PolyRing) -> dict:
    """{generator symbol: its index in the ring's monomials}."""
    return {symbol: index for index, symbol in enumerate(polynomials.symbols)}


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
    constant, factors = (QQ.one, [(polynomial, 1)]) if _linear_and_primitive(polynomial) else polynomial.factor_list()
    normalised = []
    for factor, multiplicity in factors:
        content, primitive = factor.primitive()
        if primitive.LC < 0:
            content, primitive = -content, -primitive
        constant *= content ** multiplicity
        normalised.append((primitive, multiplicity))
    return constant, tuple(normalised)


def _linear_and_primitive(polynomial: PolyElement) -> bool:
    """Is ``polynomial`` = a·v + b for a variable v, with gcd(a, b) = 1? Then it is irreducible (a factor free
    of v would divide a and b): one gcd instead of a factorisation, which for det Σ (linear in each
    variance) is far slower."""
    if len(polynomial.terms()) < _FACTOR_DIRECTLY_BELOW:
        return False  # small: factor_list is cheap and finds every factor
    for v in polynomial.ring.gens:
        if polynomial.degree(v) == 1:
            slope = polynomial.diff(v)
            return slope.gcd(polynomial - slope * v).is_ground
    return False


_FACTOR_DIRECTLY_BELOW = 50  # terms
