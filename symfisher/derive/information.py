"""The Fisher information as E[s sᵀ] and as −E[∇²_θ log p], and the check that they agree."""
from __future__ import annotations

from dataclasses import dataclass

import mpmath
import sympy as sp

from ..errors import ArgumentError, FisherDisagreement
from ..expectation.engine import Expectation, expectation_of
from ..expectation.numeric import to_mpmath
from ..expectation.parallel import prefetch
from ..simplification import is_zero
from .differentiation import hessian, score
from .regularity import irregularities, require_regular

AGREEMENT_TOLERANCE = mpmath.mpf("1e-10")


@dataclass(frozen=True)
class MatrixOfExpectations:
    """A symmetric matrix of expectations (internal symbols) and how each entry was closed."""

    matrix: sp.Matrix
    entries: dict  # (i, j) with i <= j -> Expectation

    @property
    def certified(self) -> bool:
        return all(e.certified for e in self.entries.values())


@dataclass(frozen=True)
class Agreement:
    """Whether the two Fisher forms agree: symbolically (True/None) and numerically at sample points."""

    symbolic: bool | None
    numeric: bool
    detail: str


def prefetch_moments(model) -> None:
    """Close every moment E[s], E[s sᵀ] and −E[∇² log p] need, in parallel, once per model."""
    if "prefetched" not in model._cache:
        s, h = score(model), hessian(model)
        pairs = [(i, j) for i in range(len(s)) for j in range(i, len(s))]
        prefetch(model, [*s, *(s[i] * s[j] for i, j in pairs), *(-h[i, j] for i, j in pairs)])
        model._cache["prefetched"] = True


def score_mean(model) -> list[Expectation]:
    """E[sᵢ] for each parameter, computed (not assumed)."""
    if "score_mean" not in model._cache:
        model._cache["score_mean"] = [expectation_of(model, s) for s in score(model)]
    return model._cache["score_mean"]


def fisher_outer(model) -> MatrixOfExpectations:
    """E[s sᵀ], entry by entry on and above the diagonal."""
    if "fisher_outer" not in model._cache:
        s = score(model)
        model._cache["fisher_outer"] = _symmetric(len(s), lambda i, j: expectation_of(model, s[i] * s[j]))
    return model._cache["fisher_outer"]


def fisher_hessian(model) -> MatrixOfExpectations:
    """−E[∇²_θ log p], with distributional (DiracDelta) terms of the Hessian kept."""
    if "fisher_hessian" not in model._cache:
        h = hessian(model)
        model._cache["fisher_hessian"] = _symmetric(h.rows, lambda i, j: expectation_of(model, -h[i, j]))
    return model._cache["fisher_hessian"]


def _symmetric(k: int, entry) -> MatrixOfExpectations:
    entries = {(i, j): entry(i, j) for i in range(k) for j in range(i, k)}
    matrix = sp.Matrix(k, k, lambda i, j: entries[(min(i, j), max(i, j))].value)
    return MatrixOfExpectations(matrix, entries)


def agreement(model, first: sp.Matrix, second: sp.Matrix) -> Agreement:
    """Symbolic difference simplifies to 0, and numeric agreement at every sample point."""
    # entries that are the same expression (each of Σ⁻¹ for a Gaussian mean) agree: compared once, as
    # equal trees that are not one object (one came from a worker process) compare node by node
    differing = [(a, b) for a, b in zip(first, second) if a != b]
    symbolic = all(is_zero(a - b, model.budget) for a, b in differing) or None
    worst = mpmath.mpf(0)
    for point in model._points:
        for a, b in differing:
            a, b = to_mpmath(a.xreplace(point)), to_mpmath(b.xreplace(point))
            gap = abs(a - b) / max(abs(a), abs(b), mpmath.mpf(1e-30))
            worst = max(worst, gap if abs(a - b) > mpmath.mpf("1e-25") else 0)
    numeric = worst <= AGREEMENT_TOLERANCE
    detail = (f"symbolic difference {'simplifies to 0' if symbolic else 'not reduced to 0'}; largest relative "
              f"numeric gap {mpmath.nstr(worst, 3)} over {len(model._points)} parameter points")
    return Agreement(symbolic, numeric, detail)


def forms_agreement(model) -> Agreement:
    """Whether E[s sᵀ] and −E[∇² log p] agree (cached: derive() and fisher() both ask)."""
    if "forms_agreement" not in model._cache:
        model._cache["forms_agreement"] = agreement(model, fisher_outer(model).matrix, fisher_hessian(model).matrix)
    return model._cache["forms_agreement"]


def fisher(model, method: str = "both") -> sp.Matrix:
    """The Fisher information by ``method``: "outer", "hessian" or "both" (both, checked to agree)."""
    if method not in ("both", "outer", "hessian"):
        raise ArgumentError(f'method must be "both", "outer" or "hessian", not {method!r}')
    require_regular(model)
    prefetch_moments(model)
    if method == "outer":
        return fisher_outer(model).matrix
    if method == "hessian":
        return fisher_hessian(model).matrix
    outer, second = fisher_outer(model).matrix, fisher_hessian(model).matrix
    if not forms_agreement(model).numeric:
        diagnosis = diagnose(model)
        raise FisherDisagreement(
            f"E[s sᵀ] = {model.public(outer)} but −E[∇² log p] = {model.public(second)}: {diagnosis}",
            outer=model.public(outer), hessian=model.public(second), diagnosis=diagnosis)
    if outer == second:  # counting the operations of a symbolic 6 × 6 Σ⁻¹ twice took 2 s
        return outer
    return outer if sp.count_ops(outer) <= sp.count_ops(second) else second


def diagnose(model) -> str:
    """Why the two Fisher forms might differ for this model."""
    problems = irregularities(model)
    if problems:
        return "; ".join(f"{p.boundary} depends on {model.public(p.parameter)}" for p in problems)
    means = [m.value for m in score_mean(model)]
    if any(not is_zero(m, model.budget) for m in means):
        return (f"E[s] = {model.public(sp.Matrix(means))} is not zero, so differentiating ∫ p = 1 under the "
                f"integral sign is not valid for this model")
    if hessian(model).has(sp.DiracDelta):
        return "the Hessian has distributional (DiracDelta) terms; check they were integrated"
    return "∫ ∇²_θ p dx is not zero: the second derivative cannot be taken under the integral sign"
