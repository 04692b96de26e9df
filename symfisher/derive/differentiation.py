"""log p, the score s = ∇_θ log p and the Hessian ∇²_θ log p (internal symbols, cached per model)."""
from __future__ import annotations

import sympy as sp

from ..expectation.numeric import to_mpmath
from ..simplification import tidy


def log_density(model) -> sp.Expr:
    """log p with logarithms of products and powers expanded, kept only if exact at sample points.

    ``expand_log(force=True)`` is exact wherever p > 0 for the densities met in practice, but not
    always (log((x−μ)²) → 2 log(x−μ) is wrong for x < μ); the expansion is checked numerically at
    sample parameters and support points, and the plain log p is used when the check fails.
    """
    if "log_density" not in model._cache:
        plain = sp.log(sp.piecewise_fold(model._density))
        expanded = sp.expand_log(sp.piecewise_fold(plain), force=True)
        model._cache["log_density"] = expanded if _same_function(model, expanded, plain) else plain
    return model._cache["log_density"]


def _same_function(model, candidate: sp.Expr, reference: sp.Expr) -> bool:
    for point in model._points:
        for x in model.support.sample_points(point):
            at = {**point, **x}
            try:
                a, b = to_mpmath(candidate.xreplace(at)), to_mpmath(reference.xreplace(at))
            except (TypeError, ValueError):
                return False
            if abs(a - b) > 1e-20 * max(1, abs(b)):
                return False
    return True


def score(model) -> sp.Matrix:
    """s(θ, x) = ∇_θ log p(x | θ), k×1, each entry in the shortest form reached."""
    if "score" not in model._cache:
        model._cache["score"] = tidy(raw_score(model), model.budget)
    return model._cache["score"]


def raw_score(model) -> sp.Matrix:
    """The score exactly as differentiation gives it (before simplification)."""
    log_p = log_density(model)
    return sp.Matrix([sp.diff(log_p, theta) for theta in model._params])


def hessian(model) -> sp.Matrix:
    """∇²_θ log p, k×k, with distributional terms (DiracDelta) kept."""
    if "hessian" not in model._cache:
        first = raw_score(model)
        k = len(model._params)
        entries = sp.zeros(k, k)
        for i in range(k):
            for j in range(i, k):
                entries[i, j] = entries[j, i] = tidy(sp.diff(first[i], model._params[j]), model.budget)
        model._cache["hessian"] = entries
    return model._cache["hessian"]
