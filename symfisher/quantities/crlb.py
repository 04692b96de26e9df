"""The Cramér–Rao bound: (n I)⁻¹ for θ, ∇g I⁻¹ ∇gᵀ / n for g(θ); singular Fisher matrices refused."""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import sympy as sp

from .. import budget
from ..step import Step
from ..errors import BudgetExceeded, SingularFisher
from ..memo import per_model
from ..render.display import Notation, StepView, display, matrix_display
from ..render.plain import plain
from ..render.printer import Tex, tex
from ..simplification import tidy
from .base import ClaimSpec, KernelSpec, Quantity, Request
from .fisher import fisher, inverse_or_none

if TYPE_CHECKING:
    from ..model.view import ModelView
    from ..derivation import Derivation

_RANK_TOLERANCE = 1e-10


@dataclass(frozen=True)
class Singularity:
    """Rank of a singular Fisher matrix and a vector of its null space (internal symbols)."""

    rank: int
    null_vector: sp.Matrix


def singularity(model: ModelView, info: sp.Matrix) -> Singularity | None:
    """None when ``info`` is invertible; otherwise its rank and a null vector."""
    rank = max(_numeric_rank(info.xreplace(point)) for point in model.points)
    if rank == info.rows:
        return None
    try:
        basis = budget.within(model.budget, lambda: info.nullspace(simplify=True))
        null = tidy(basis[0], model.budget) if basis else None
    except BudgetExceeded:
        null = None
    if null is None:
        values = np.array(info.xreplace(model.points[0]).evalf(), dtype=float)
        null = sp.Matrix(np.linalg.svd(values)[2][-1]).applyfunc(lambda v: sp.Float(v, 12))
    return Singularity(rank, null)


def _numeric_rank(matrix: sp.Matrix) -> int:
    values = np.array(matrix.evalf(), dtype=float)
    singular = np.linalg.svd(values, compute_uv=False)
    return int(np.sum(singular > _RANK_TOLERANCE * max(singular.max(), 1e-300)))


@per_model
def inverse_fisher(model: ModelView, pseudo: bool = False) -> sp.Matrix:
    """I⁻¹ (or the Moore–Penrose pseudo-inverse on request); SingularFisher when I is singular.

    The symbolic inversion runs under the model's budget: BudgetExceeded, never a hang.
    """
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
    return tidy(inverse, model.budget)


def crlb(model: ModelView, n: sp.Expr = sp.Integer(1), g: sp.Expr | None = None, pseudo: bool = False):
    """Lower bound on the covariance of unbiased estimators of θ (or of g(θ)) from n i.i.d. samples."""
    inverse = inverse_fisher(model, pseudo)
    if g is None:
        return tidy(inverse / n, model.budget)
    outputs = sp.Matrix(g) if isinstance(g, (sp.MatrixBase, list, tuple)) else sp.Matrix([g])
    jacobian = outputs.jacobian(model.params)
    bound = tidy(jacobian * inverse * jacobian.T / n, model.budget)
    return bound[0, 0] if bound.shape == (1, 1) else bound


@dataclass(frozen=True)
class CramerRaoStep(Step):
    n: sp.Expr
    bound: sp.Matrix

    def view(self, derivation: Derivation, marks: Notation) -> StepView:
        n = tex(self.n)
        hat = [Tex(rf"\hat{{{label}}}") for label in marks.labels]
        variances = tuple(display(rf"\operatorname{{Var}}({hat[i]}) \ge \left[I_{{{n}}}({marks.theta})^{{-1}}\right]"
                                  + ("" if marks.scalar else f"_{{{marks.labels[i]}{marks.labels[i]}}}"),
                                  self.bound[i, i]) for i in range(self.bound.rows))
        return StepView("steps/cramer_rao.tex.j2", {
            "n": n, "scalar": marks.scalar, "variances": variances,
            "bound": matrix_display(rf"I_{{{n}}}({marks.theta})^{{-1}}", self.bound, marks.labels)})


@dataclass(frozen=True)
class SingularFisherStep(Step):
    rank: int
    null_vector: sp.Matrix

    def view(self, derivation: Derivation, marks: Notation) -> StepView:
        return StepView("steps/singular.tex.j2", {"rank": self.rank, "k": len(derivation.model.params),
                                                  "null_vector": tex(self.null_vector.T),
                                                  "labels": Tex(", ".join(marks.labels))})

    def summary_lines(self) -> tuple[str, ...]:
        return (f"singular Fisher information: rank {self.rank}, null vector "
                f"[{', '.join(map(plain, self.null_vector))}]",)


SAMPLE_SIZE = sp.Symbol("n", positive=True, integer=True)


def contribute(model: ModelView, record: Derivation, request: Request) -> None:
    request.report("Cramér–Rao bound")
    try:
        record.results["crlb"] = model.public(crlb(model, n=SAMPLE_SIZE))
    except SingularFisher as exc:
        record.steps.append(SingularFisherStep(exc.rank, exc.null_vector))
        record.add_check("Fisher information invertible", False, str(exc))
        return
    record.steps.append(CramerRaoStep(SAMPLE_SIZE, record.crlb))


def _slips(model: ModelView, truth: sp.Matrix, n: sp.Expr):
    yield "the claim is the Fisher information, not its inverse", inverse_or_none(truth)


def _as_matrix(value) -> sp.Matrix:
    return value if isinstance(value, sp.MatrixBase) else sp.Matrix([[value]])


QUANTITY = Quantity(
    "crlb", "Cramér–Rao bound", compute=crlb, contribute=contribute, summary="Cramér–Rao bound, n samples",
    json=True,
    kernel=KernelSpec(crlb, data=False,
                      description="The Cramér–Rao bound I(θ)⁻¹ for one observation, shape (..., k, k)."),
    claim=ClaimSpec(lambda model, n: _as_matrix(crlb(model, n=n)), sample_size=True, data=False,
                    chain=lambda truth, scale: scale * truth * scale, slips=_slips))
