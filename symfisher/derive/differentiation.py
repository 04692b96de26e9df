"""log p, the score s = ∇_θ log p and the Hessian ∇²_θ log p (internal symbols, cached per model)."""
from __future__ import annotations

import sympy as sp

from .. import budget
from ..errors import BudgetExceeded
from ..expectation.numeric import to_mpmath
from ..rational_functions import reduced_derivatives
from ..simplification import expanded_log, node_count, tidy


def log_density(model) -> sp.Expr:
    """log p with logarithms of products and powers expanded, kept only if exact at sample points.

    ``expand_log(force=True)`` is exact wherever p > 0 for the densities met in practice, but not
    always (log((x−μ)²) → 2 log(x−μ) is wrong for x < μ); the expansion is checked numerically at
    sample parameters and support points, and the plain log p is used when the check fails.
    """
    if "log_density" not in model._cache:
        plain = sp.log(sp.piecewise_fold(model._density))
        expanded = expanded_log(model._density)
        model._cache["log_density"] = expanded if _same_function(model, expanded, plain) else plain
    return model._cache["log_density"]


def _same_function(model, candidate: sp.Expr, reference: sp.Expr) -> bool:
    for (*_, a), (*_, b) in zip(model._at_samples(candidate), model._at_samples(reference)):
        try:
            a, b = to_mpmath(a), to_mpmath(b)
        except (TypeError, ValueError):
            return False
        if abs(a - b) > 1e-20 * max(1, abs(b)):
            return False
    return True


def score(model) -> sp.Matrix:
    """s(θ, x) = ∇_θ log p(x | θ), k×1, each entry in the shortest form reached."""
    if "score" not in model._cache:
        log_p = log_density(model)
        reduced = _reduced_gradient(model, log_p, model._params) if _large(log_p) else None
        model._cache["score"] = sp.Matrix(reduced) if reduced else tidy(raw_score(model), model.budget)
    return model._cache["score"]


def raw_score(model) -> sp.Matrix:
    """The score exactly as differentiation gives it (before simplification)."""
    log_p = log_density(model)
    return sp.Matrix([sp.diff(log_p, theta) for theta in model._params])


def hessian(model) -> sp.Matrix:
    """∇²_θ log p, k×k, with distributional terms (DiracDelta) kept."""
    if "hessian" not in model._cache:
        k = len(model._params)
        entries = sp.zeros(k, k)
        if _large(log_density(model)) and _hessian_in_lowest_terms(model, entries):
            model._cache["hessian"] = entries
            return entries
        first = raw_score(model)
        for i in range(k):
            for j in range(i, k):
                entries[i, j] = entries[j, i] = tidy(sp.diff(first[i], model._params[j]), model.budget)
        model._cache["hessian"] = entries
    return model._cache["hessian"]


def _large(log_p: sp.Expr) -> bool:
    """Too large for SymPy's own differentiation and simplification to be the quick way (a symbolic
    covariance of dimension 4 or more); small ones keep the forms ``tidy`` chooses among."""
    return node_count(log_p, _LARGE_ABOVE) is None


_LARGE_ABOVE = 1000  # nodes


def _reduced_gradient(model, expr: sp.Expr, params: tuple) -> list[sp.Expr] | None:
    try:
        return budget.within(model.budget, reduced_derivatives, expr, params)
    except BudgetExceeded:
        return None


def _hessian_in_lowest_terms(model, entries: sp.Matrix) -> bool:
    """Fill ``entries`` with the derivatives of the score's rational entries (False if they are not)."""
    first, params = score(model), model._params
    for i in range(len(params)):
        row = _reduced_gradient(model, first[i], params[i:])
        if row is None:
            return False
        for j, value in enumerate(row, start=i):
            entries[i, j] = entries[j, i] = value
    return True
