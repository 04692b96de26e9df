"""Simplification that always finishes: the shortest form reached within a time budget."""
from __future__ import annotations

import itertools
from functools import lru_cache

import sympy as sp

from . import budget
from .errors import BudgetExceeded
from .rational_functions import reduced_fraction


def tidy(expr: sp.Expr, seconds: float, thorough: bool = True) -> sp.Expr:
    """The shortest of ``expr``, its cancelled, simplified and factored forms reached in ``seconds`` each.

    A form that brings in functions absent from ``expr`` (cosh where there was exp) comes last; then
    shortness by SymPy's ``count_ops``, the number of minus signs and powers (factored forms win ties).
    A step that runs out of time is skipped, so the result is always mathematically equal to ``expr``
    and the call always returns. ``thorough=False`` stops after ``cancel`` (cheap, for
    intermediate results that are simplified again later).
    """
    if isinstance(expr, sp.MatrixBase):
        return expr.applyfunc(lambda entry: tidy(entry, seconds, thorough))
    if isinstance(expr, sp.Piecewise):
        # branch by branch: simplify on the whole Piecewise proves relations between its conditions
        # with `equals`, which is slow and changes nothing
        return sp.Piecewise(*((tidy(value, seconds, thorough), condition) for value, condition in expr.args))
    if _expands_past_reason(expr):
        return expr
    return _tidy_scalar(expr, seconds, thorough)


_LARGEST_EXPANDED_POWER = 100


def _expands_past_reason(expr: sp.Expr) -> bool:
    """Does ``expr`` hold a sum raised to an integer power above ``_LARGEST_EXPANDED_POWER`` ((1 − θ)^(10⁹+1)
    from a sum over {0, …, 10⁹})? Cancelling or factoring it expands it, inside C code where no budget can
    stop it, until memory runs out; such a form is kept as it is."""
    return any(power.base.is_Add and power.exp.is_Integer and abs(power.exp) > _LARGEST_EXPANDED_POWER
               for power in expr.atoms(sp.Pow))


@lru_cache(maxsize=2048)
def _tidy_scalar(expr: sp.Expr, seconds: float, thorough: bool) -> sp.Expr:
    """``tidy`` for one expression, remembered: a Hessian repeats the same branch (−1/(1 − Σp)² in
    every entry of a categorical model) and derive() tidies the same sums more than once."""
    candidates = [expr]
    try:
        # on small expressions SymPy's cancel costs little and gives the familiar forms (x − p over
        # p(1 − p)); on large ones the denominators' own factors, unless f is not rational over ℚ
        small = node_count(expr, _SMALL) is not None
        cancelled = None if small else budget.within(seconds, reduced_fraction, expr)
        if cancelled is None:
            cancelled = budget.within(seconds, _cancelled, expr)
        candidates.append(cancelled)
        if thorough and expr.has(*_HYPERBOLIC):
            # integrate's e^{a}(cosh a − sinh a) is 1 once written in exponentials: cheap, and it spares
            # simplify a slow trigsimp pass (the inverse Gaussian's entries)
            exponential = budget.within(seconds, _cancelled, expr.rewrite(sp.exp))
            candidates.append(exponential)
            if not exponential.has(*_HYPERBOLIC):
                cancelled = exponential
        if thorough and expr.has(*_SPECIAL):
            # Γ(ν/2 + 3/2)/Γ(ν/2 + 5/2) and ψ(a + 1) reduce by their recurrences, cheaply; often to a
            # rational function, which then needs no simplify at all
            cancelled = budget.within(seconds, _reduced_special_functions, expr)
            candidates.append(cancelled)
        if thorough and cancelled.is_rational_function():
            # cancel already reached the reduced form of a rational function; only factoring can read
            # better — and not at every size: factoring the numerator of a score with a symbolic 5 × 5
            # covariance (a polynomial in 25 symbols) cost more than the whole Fisher matrix
            if node_count(cancelled, _FACTOR_AT_MOST) is not None:
                candidates.append(budget.within(seconds, sp.factor, cancelled))
        elif thorough:
            simplified = budget.within(seconds, sp.simplify, cancelled)
            candidates += [simplified, budget.within(seconds, sp.factor, simplified)]
            if expr.has(*_HYPERBOLIC):
                candidates.append(budget.within(seconds, _simplified_as_exponentials, expr))
    except BudgetExceeded:
        pass
    # sign flips only where they can be read: _sign_rank prints each candidate, and printing the
    # score entries of a symbolic 6 × 6 covariance cost more than cancelling them
    candidates += [_fewer_minus_signs(c) for c in candidates if node_count(c, _FACTOR_AT_MOST) is not None]
    return _shortest(candidates, expr)


def _shortest(candidates: list[sp.Expr], familiar_in: sp.Expr) -> sp.Expr:
    """The candidate with fewest kinds of function absent from ``familiar_in``, then fewest
    operations, then by ``_size``; among forms all over ``_FACTOR_AT_MOST`` nodes, fewest nodes.

    A candidate more than ``_CONTENDER_RATIO`` times the size of the smallest is no contender and is
    never measured further; the printed text ``_size`` needs is made only for candidates still tied.
    Measuring the long uncancelled sums (thousands of operations for a symbolic 4 × 4 covariance)
    cost more than simplifying them.
    """
    unique = list(dict.fromkeys(candidates))
    if len(unique) == 1:
        return unique[0]  # already in its reduced form: nothing to measure
    smallest = None
    sizes = {}
    for candidate in reversed(unique):  # the later forms are the reduced ones: a low bound early
        sizes[candidate] = node_count(candidate, None if smallest is None else _CONTENDER_RATIO * smallest)
        if sizes[candidate] is not None:
            smallest = sizes[candidate] if smallest is None else min(smallest, sizes[candidate])
    contenders = [c for c in unique if sizes[c] is not None and sizes[c] <= _CONTENDER_RATIO * smallest]
    functions = {c: _functions(c) for c in contenders}
    familiar = _functions(familiar_in) if any(functions.values()) else set()
    if smallest > _FACTOR_AT_MOST:
        # too long to be read either way, and too long to count operations and print cheaply: the node
        # count decides, within _LONG_TIE a tie that the later
        # (cancelled) form takes: its terms carry their own signs, a node each, where −1·N/D has one
        fewest = min(len(functions[c] - familiar) for c in contenders)
        plain = [c for c in contenders if len(functions[c] - familiar) == fewest]
        least = min(sizes[c] for c in plain)
        return [c for c in plain if sizes[c] <= _LONG_TIE * least][-1]
    ranked = {c: (len(functions[c] - familiar), sp.count_ops(c)) for c in contenders}
    best = min(ranked.values())
    return min((c for c, rank in ranked.items() if rank == best), key=_size)


_CONTENDER_RATIO = 4
_LONG_TIE = 1.05
_SMALL = 200  # nodes
_FACTOR_AT_MOST = 400  # nodes


def node_count(expr: sp.Expr, limit: int | None = None) -> int | None:
    """Nodes in the expression tree, or None as soon as there are more than ``limit``."""
    count = 0
    for count, _ in enumerate(sp.preorder_traversal(expr), start=1):
        if limit is not None and count > limit:
            return None
    return count


@lru_cache(maxsize=64)
def expanded_log(expr: sp.Expr) -> sp.Expr:
    """log(expr) with the logarithms of products, powers and exponentials expanded (``force=True``: exact
    where expr > 0 for the densities met in practice, which callers check numerically).

    A large expr is expanded factor by factor, log(exp(u)) = u taken as it stands: SymPy's deep
    expansion walks and rebuilds u, which for the density of a symbolic covariance is most of the cost.
    """
    if node_count(expr, _EXPAND_WHOLE_AT_MOST) is not None or expr.has(sp.Piecewise):
        return sp.expand_log(sp.piecewise_fold(sp.log(sp.piecewise_fold(expr))), force=True)
    return sp.Add(*(f.args[0] if isinstance(f, sp.exp) else sp.expand_log(sp.log(f), force=True)
                    for f in sp.Mul.make_args(expr)))


_EXPAND_WHOLE_AT_MOST = 1000  # nodes


def is_zero(expr: sp.Expr, seconds: float) -> bool | None:
    """True if ``expr`` simplifies to 0 within ``seconds``, None if that could not be decided."""
    if expr == 0:
        return True
    try:
        if budget.within(seconds, sp.simplify, expr) == 0:
            return True
        if expr.has(*_HYPERBOLIC) and budget.within(seconds, _simplified_as_exponentials, expr) == 0:
            return True
    except BudgetExceeded:
        pass
    return None


_HYPERBOLIC = (sp.sinh, sp.cosh, sp.tanh, sp.coth)


def _simplified_as_exponentials(expr: sp.Expr) -> sp.Expr:
    """e^{a}(cosh a − sinh a) − 1 is 0, which simplify misses until the hyperbolics are exponentials."""
    return sp.simplify(expr.rewrite(sp.exp))


_SPECIAL = (sp.gamma, sp.polygamma, sp.beta)


def _reduced_special_functions(expr: sp.Expr) -> sp.Expr:
    """ψ(a + 1) = ψ(a) + 1/a and Γ(a + 1) = aΓ(a), then cancel: α(ψ(α) − ψ(α + 1))/β is −1/β."""
    return sp.cancel(sp.gammasimp(sp.expand_func(expr)))


def _functions(expr: sp.Expr) -> set:
    """The kinds of function in ``expr``: a form that brings in new ones (cosh for exp) reads worse."""
    return {type(f) for f in expr.atoms(sp.Function)}


def _size(expr: sp.Expr) -> tuple[int, int, int]:
    """Between forms with as many operations: fewer minus signs, then powers (factored beats
    expanded), then the shorter text."""
    text = str(expr)
    return (text.count("-"), text.count("**"), len(text))


def _fewer_minus_signs(expr: sp.Expr) -> sp.Expr:
    """Flip the sign of sum factors to read as textbooks do: 1/(θ(1 − θ)) rather than −1/(θ(θ − 1)).

    Every subset of the (at most four) sum factors with integer exponents is tried; the flip that
    leaves the fewest minus signs wins, then the one with fewest sums led by a negative constant
    (1 − p over p − 1); ties keep the original.
    """
    if not isinstance(expr, (sp.Mul, sp.Pow)):
        return expr
    sums = [f for f in sp.Mul.make_args(expr) if isinstance(f.as_base_exp()[0], sp.Add) and f.as_base_exp()[1].is_Integer]
    if not sums or len(sums) > 4:
        return expr
    best, fewest = expr, _sign_rank(expr)
    coefficient, _ = expr.as_coeff_Mul()
    for chosen in itertools.chain.from_iterable(itertools.combinations(sums, r) for r in range(1, len(sums) + 1)):
        sign = sp.Integer(-1) ** sum(factor.as_base_exp()[1] for factor in chosen)
        factors = [sp.Pow(-f.as_base_exp()[0], f.as_base_exp()[1]) if f in chosen else f
                   for f in sp.Mul.make_args(expr) if not f.is_Number]
        # the sign goes on the numeric coefficient: −1·(1 − p) alone would be distributed back to p − 1
        candidate = sp.Mul(coefficient * sign, *factors)
        rank = _sign_rank(candidate)
        if rank < fewest:
            best, fewest = candidate, rank
    return best


def _sign_rank(expr: sp.Expr) -> tuple[int, int]:
    """(minus signs printed, sum factors whose constant term is negative)."""
    negative_constants = sum(1 for f in sp.Mul.make_args(expr)
                             if isinstance(f.as_base_exp()[0], sp.Add) and f.as_base_exp()[0].as_coeff_Add()[0] < 0)
    return str(expr).count("-"), negative_constants


def _cancelled(expr: sp.Expr) -> sp.Expr:
    return sp.cancel(sp.together(expr))



def algebraic_terms_together(expr: sp.Expr) -> sp.Expr:
    """``expr`` with its algebraic terms over one denominator (fewer array operations in a kernel, and no
    expansion: νσ² + (x − μ)² stays as it is); terms with logarithms or special functions stay apart."""
    terms = sp.Add.make_args(expr)
    special = [t for t in terms if t.has(sp.log, sp.polygamma, sp.gamma, sp.loggamma, sp.exp, sp.Piecewise)]
    algebraic = [t for t in terms if t not in special]
    return sp.together(sp.Add(*algebraic)) + sp.Add(*special)
