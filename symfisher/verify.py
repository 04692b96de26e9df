"""Verify a claimed score, Fisher information or Cramér–Rao bound against the derived one.

A claim is right when it agrees with the derivation to 30 digits at every sample point (parameter
points, and data points for the score) — and the verdict says whether the symbolic difference also
simplified to 0. A wrong claim comes with a point where claim and truth differ, both values, and,
when one of the usual slips explains it (a sign, the inverse, a constant or a factor n, the information
for θ² instead of θ, a derivative in x instead of θ, the observed instead of the expected information),
the likely cause.
"""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import mpmath
import sympy as sp

from . import quantities
from .doors import door
from .errors import ArgumentError
from .expectation.numeric.mpmath_helpers import to_mpmath
from .input.claims import read_claim
from .quantities.base import ClaimSpec, Slip
from .render.plain import plain
from .simplification import is_zero
from .tolerance import RELATIVE_TOLERANCE

if TYPE_CHECKING:
    from .model.model import Model
    from .model.view import ModelView

QUANTITIES = {name: quantities.BY_NAME[name].label for name in quantities.CLAIM_QUANTITIES}
_SAMPLE_SIZE_NAME = "n"
_SAMPLE_SIZES = (3, 7, 12)
_DATA_POINTS = 3


@dataclass(frozen=True)
class Verdict:
    """Whether a claim is right; ``counterexample`` is ``{"at": {symbol: value}, "claim": v, "truth": v}``
    for a wrong one, ``cause`` the likely slip when one explains the claim."""

    ok: bool
    detail: str
    counterexample: dict | None
    quantity: str
    claim: sp.Matrix
    truth: sp.Matrix
    cause: str | None = None

    def __bool__(self) -> bool:
        return self.ok

    def _repr_latex_(self) -> str:
        from .render.printer import tex

        label = QUANTITIES[self.quantity]
        if self.ok:
            return rf"$\checkmark$ the claim ${tex(_shown(self.claim))}$ is the {label}."
        text = rf"$\times$ the claim ${tex(_shown(self.claim))}$ is not the {label} ${tex(_shown(self.truth))}$"
        if self.counterexample:
            at = ", ".join(rf"{tex(k)} = {tex(v)}" for k, v in self.counterexample["at"].items())
            text += (rf": at ${at}$ the claim is ${tex(self.counterexample['claim'])}$, the {label} "
                     rf"${tex(self.counterexample['truth'])}$")
        return text + (f". Likely cause: {self.cause}." if self.cause else ".")


@door("verify the claim")
def verify(model: Model, claim: Any, quantity: str = "fisher") -> Verdict:
    """Is ``claim`` (text, LaTeX, a SymPy expression or Matrix) the model's ``quantity``?

    ``quantity``: one of ``QUANTITIES`` ("score", "observed", "fisher", "crlb"). A symbol ``n`` in a Fisher
    or CRLB claim that the model does not know is the sample size: the claim is then compared with n I(θ)
    or (n I(θ))⁻¹.
    """
    if quantity not in QUANTITIES:
        raise ArgumentError(f"quantity must be one of {', '.join(QUANTITIES)}, not {quantity!r}")
    spec = quantities.BY_NAME[quantity].claim
    sample_size = sp.Symbol(_SAMPLE_SIZE_NAME, positive=True, integer=True)
    names = {str(s): s for s in (*model.variables, *model.params, *model.constants)}
    if spec.sample_size and _SAMPLE_SIZE_NAME not in names:
        names[_SAMPLE_SIZE_NAME] = sample_size
    claimed = _as_matrix(read_claim(claim, names))
    n = sample_size if sample_size in claimed.free_symbols else sp.Integer(1)
    truth = model.public(_as_matrix(spec.truth(model.view, model.internal(n))))
    if truth.shape != claimed.shape and claimed.shape[::-1] == truth.shape and 1 in truth.shape:
        claimed = claimed.T
    if truth.shape != claimed.shape:
        raise ArgumentError(f"the claim is {_shape(claimed)} but the {QUANTITIES[quantity]} of "
                            f"({', '.join(map(plain, model.params))}) is {_shape(truth)}")
    return _judge(model, quantity, claimed, truth, n)


def _judge(model, quantity: str, claimed: sp.Matrix, truth: sp.Matrix, n: sp.Expr) -> Verdict:
    label = QUANTITIES[quantity]
    view = model.view
    claim_internal, truth_internal = model.internal(claimed), model.internal(truth)
    points = list(_points(view, n))
    mismatch = _first_mismatch(claim_internal, truth_internal, points)
    if mismatch is None:
        symbolic = all(is_zero(d, min(model.budget, 10.0)) for d in claim_internal - truth_internal)
        how = ("the difference simplifies to 0" if symbolic else
               "the symbolic difference was not reduced to 0 within the budget")
        return Verdict(True, f"the claim is the {label}: {how}, and they agree to 1e-10 (evaluated with 30 "
                             f"digits) at {len(points)} points", None, quantity, claimed, truth)
    point, (row, column), claim_value, truth_value = mismatch
    at = {model.public(k): v for k, v in point.items()}
    shown_at = ", ".join(f"{plain(k)} = {v}" for k, v in at.items()) or "every parameter value"
    entry = f" entry ({row + 1}, {column + 1})" if truth.shape != (1, 1) else ""
    cause = _cause(view, quantity, claim_internal, truth_internal, points, n)
    detail = (f"the claim is not the {label} {_text(truth)}: at {shown_at} the claim's{entry} value is "
              f"{claim_value} but the {label}'s is {truth_value}")
    return Verdict(False, detail + (f"; likely cause: {cause}" if cause else ""),
                   {"at": at, "claim": claim_value, "truth": truth_value}, quantity, claimed, truth, cause)


def _points(model: ModelView, n: sp.Expr) -> Iterator[dict]:
    """Parameter points (with a sample size when the claim has one), each with a few data points."""
    for index, point in enumerate(model.points):
        if n.free_symbols:
            point = {**point, n: _SAMPLE_SIZES[index % len(_SAMPLE_SIZES)]}
        for data in model.support.sample_points(point)[:_DATA_POINTS]:
            yield {**point, **data}


def _values(matrix: sp.Matrix, point: dict) -> list:
    values = []
    for entry in matrix.xreplace(point):
        try:
            values.append(to_mpmath(entry))
        except (TypeError, ValueError):
            values.append(None)  # not a number at this point: it cannot equal the truth
    return values


def _first_mismatch(claimed: sp.Matrix, truth: sp.Matrix, points: list[dict]):
    """(point, entry index, claim entry, truth entry) where they first differ, or None when they agree."""
    for point in points:
        pairs = zip(_values(claimed, point), _values(truth, point), claimed.xreplace(point), truth.xreplace(point))
        for index, (c, t, exact_c, exact_t) in enumerate(pairs):
            if not _close(c, t):
                used = claimed[index].free_symbols | truth[index].free_symbols
                return ({k: v for k, v in point.items() if k in used}, divmod(index, claimed.cols),
                        _exact(exact_c), _exact(exact_t))
    return None


def _close(a: Any, b: Any) -> bool:
    if a is None or b is None or isinstance(a, mpmath.mpc) or isinstance(b, mpmath.mpc):
        return a is not None and b is not None and abs(a - b) <= RELATIVE_TOLERANCE * max(abs(a), abs(b), 1)
    if not (mpmath.isfinite(a) and mpmath.isfinite(b)):
        return False
    return abs(a - b) <= RELATIVE_TOLERANCE * max(abs(a), abs(b), mpmath.mpf("1e-30")) or abs(a - b) < mpmath.mpf("1e-25")


def _exact(value: sp.Expr) -> sp.Expr:
    simplified = sp.nsimplify(value) if value.is_Float else value
    return simplified if simplified.is_Rational or len(str(simplified)) <= 24 else sp.N(simplified, 12)


# ----------------------------------------------------------------- likely causes
# Each explanation gives the alternative the claim may have computed instead, or None when it does not apply.


def _cause(model: ModelView, quantity: str, claimed: sp.Matrix, truth: sp.Matrix, points: list[dict],
           n: sp.Expr) -> str | None:
    spec = quantities.BY_NAME[quantity].claim
    if not spec.data and claimed.free_symbols & set(model.variables):
        for description, alternative in spec.data_slips(model, n):
            if _first_mismatch(claimed, alternative, points) is None:
                return description
        return "the claim depends on the data, which the " + QUANTITIES[quantity] + " cannot"
    for description, alternative in _explanations(model, quantity, spec, truth, n):
        if alternative is not None and _first_mismatch(claimed, alternative, points) is None:
            return description
    return None


def _explanations(model: ModelView, quantity: str, spec: ClaimSpec, truth: sp.Matrix,
                  n: sp.Expr) -> Iterator[Slip]:
    yield "a sign error (the claim is minus the truth)", -truth
    yield from spec.slips(model, truth, n)
    for factor, label in _factors(model, n):
        yield f"the claim is the {QUANTITIES[quantity]} divided by {label}", truth / factor
        yield f"the claim is {label} times the {QUANTITIES[quantity]}", truth * factor
    yield from _reparametrisations(model, quantity, spec, truth)


def _factors(model: ModelView, n: sp.Expr) -> Iterator[tuple[sp.Expr, str]]:
    yield from ((sp.Integer(2), "2"), (sp.Integer(4), "4"))
    if n.free_symbols:
        yield n, plain(n)
    for constant in model.constants:
        yield constant, plain(model.public(constant))


_MAPS = ((lambda t: t**2, "{}²"), (sp.sqrt, "√{}"), (sp.log, "log {}"), (lambda t: 1 / t, "1/{}"))


def _reparametrisations(model: ModelView, quantity: str, spec: ClaimSpec, truth: sp.Matrix) -> Iterator[Slip]:
    """The quantity for φ = g(θᵢ) written in θ (I_φ = I_θ / g′(θ)², (I_φ)⁻¹ = g′² I_θ⁻¹, s_φ = s_θ / g′):
    ``spec.chain`` with S = diag(1, …, g′(θᵢ), …, 1)."""
    for index, theta in enumerate(model.params):
        for g, label in _MAPS:
            if label != "{}²" and not theta.is_positive:
                continue
            slope = sp.diff(g(theta), theta)
            scale = sp.diag(*[slope if i == index else 1 for i in range(len(model.params))])
            name = plain(model.public(theta))
            yield ((f"the claim is the {QUANTITIES[quantity]} for {label.format(name)} rather than {name} "
                    f"(by the chain rule they differ by the factor (d{label.format(name)}/d{name})"
                    f"{'²' if spec.squared else ''})"), spec.chain(truth, scale))


def _as_matrix(value: Any) -> sp.Matrix:
    return value if isinstance(value, sp.MatrixBase) else sp.Matrix([[value]])


def _shown(matrix: sp.Matrix) -> sp.Expr | sp.Matrix:
    return matrix[0] if matrix.shape == (1, 1) else matrix


def _text(matrix: sp.Matrix) -> str:
    """A matrix as [[a, b], [c, d]] (a vector as [a, b], a 1×1 as its entry), Greek names as letters."""
    if matrix.shape == (1, 1):
        return plain(matrix[0])
    if matrix.cols == 1:
        return "[" + ", ".join(map(plain, matrix)) + "]"
    return "[" + ", ".join("[" + ", ".join(map(plain, matrix.row(i))) + "]" for i in range(matrix.rows)) + "]"


def _shape(matrix: sp.Matrix) -> str:
    return f"{matrix.rows}×{matrix.cols}"
