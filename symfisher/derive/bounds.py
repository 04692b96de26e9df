"""The Cramér–Rao bound: (n I)⁻¹ for θ, ∇g I⁻¹ ∇gᵀ / n for g(θ); singular Fisher matrices refused."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import sympy as sp

from .. import budget
from ..errors import BudgetExceeded, SingularFisher
from ..simplification import tidy
from .information import fisher

_RANK_TOLERANCE = 1e-10


@dataclass(frozen=True)
class Singularity:
    """Rank of a singular Fisher matrix and a vector of its null space (internal symbols)."""

    rank: int
    null_vector: sp.Matrix


def singularity(model, info: sp.Matrix) -> Singularity | None:
    """None when ``info`` is invertible; otherwise its rank and a null vector."""
    rank = max(_numeric_rank(info.xreplace(point)) for point in model._points)
    if rank == info.rows:
        return None
    try:
        basis = budget.within(model.budget, lambda: info.nullspace(simplify=True))
        null = tidy(basis[0], model.budget) if basis else None
    except BudgetExceeded:
        null = None
    if null is None:
        values = np.array(info.xreplace(model._points[0]).evalf(), dtype=float)
        null = sp.Matrix(np.linalg.svd(values)[2][-1]).applyfunc(lambda v: sp.Float(v, 12))
    return Singularity(rank, null)


def _numeric_rank(matrix: sp.Matrix) -> int:
    values = np.array(matrix.evalf(), dtype=float)
    singular = np.linalg.svd(values, compute_uv=False)
    return int(np.sum(singular > _RANK_TOLERANCE * max(singular.max(), 1e-300)))


def inverse_fisher(model, pseudo: bool = False) -> sp.Matrix:
    """I⁻¹ (or the Moore–Penrose pseudo-inverse on request); SingularFisher when I is singular.

    The symbolic inversion runs under the model's budget: BudgetExceeded, never a hang.
    """
    key = ("inverse_fisher", pseudo)
    if key not in model._cache:
        info = fisher(model)
        problem = singularity(model, info)
        if problem is not None and not pseudo:
            raise SingularFisher(
                f"the Fisher information has rank {problem.rank} < {info.rows}: the parameters are not all "
                f"identifiable (null direction {list(model.public(problem.null_vector))}); no unbiased estimator "
                f"has a finite Cramér–Rao bound. Pass pseudo=True for the Moore–Penrose pseudo-inverse, or "
                f"reparametrize to {problem.rank} free parameters.",
                rank=problem.rank, null_vector=model.public(problem.null_vector))
        inverse = budget.within(model.budget, info.pinv if problem is not None else info.inv)
        model._cache[key] = tidy(inverse, model.budget)
    return model._cache[key]


def crlb(model, n: sp.Expr = sp.Integer(1), g: sp.Expr | None = None, pseudo: bool = False):
    """Lower bound on the covariance of unbiased estimators of θ (or of g(θ)) from n i.i.d. samples."""
    inverse = inverse_fisher(model, pseudo)
    if g is None:
        return tidy(inverse / n, model.budget)
    outputs = sp.Matrix(g) if isinstance(g, (sp.MatrixBase, list, tuple)) else sp.Matrix([g])
    jacobian = outputs.jacobian(model._params)
    bound = tidy(jacobian * inverse * jacobian.T / n, model.budget)
    return bound[0, 0] if bound.shape == (1, 1) else bound
