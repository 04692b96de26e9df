"""Verify a claimed score, Fisher information or Cramér–Rao bound against the derived one.

A claim is right when it agrees with the derivation to 30 digits at every sample point (parameter
points, and data points for the score) — and the verdict says whether the symbolic difference also
simplified to 0. A wrong claim comes with a point where claim and truth differ, both values, and,
when one of the usual slips explains it (a sign, the inverse, a constant or a factor n, the information
for θ² instead of θ, a derivative in x instead of θ, the observed instead of the expected information),
the likely cause.
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import mpmath
import sympy as sp

from .declarations import split_top_level
from .errors import ArgumentError, ParseError
from .expectation.numeric import to_mpmath
from .latex import parse_latex
from .parsing import parse_expression
from .simplification import is_zero
from .text import plain

QUANTITIES = {"fisher": "Fisher information", "score": "score", "crlb": "Cramér–Rao bound"}
TOLERANCE = mpmath.mpf("1e-10")
_SAMPLE_SIZE_NAME = "n"
_SAMPLE_SIZES = (3, 7, 12)
_DATA_POINTS = 3
_MATRIX = re.compile(r"\\begin\{([pbvBV]?matrix)\}(.*)\\end\{\1\}", re.DOTALL)


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


def verify(model, claim: Any, quantity: str = "fisher") -> Verdict:
    """Is ``claim`` (text, LaTeX, a SymPy expression or Matrix) the model's ``quantity``?

    ``quantity``: "fisher", "score" or "crlb". A symbol ``n`` in a Fisher or CRLB claim that the model does
    not know is the sample size: the claim is then compared with n I(θ) or (n I(θ))⁻¹.
    """
    if quantity not in QUANTITIES:
        raise ArgumentError(f"quantity must be one of {', '.join(QUANTITIES)}, not {quantity!r}")
    sample_size = sp.Symbol(_SAMPLE_SIZE_NAME, positive=True, integer=True)
    names = {str(s): s for s in (*model.variables, *model.params, *model.constants)}
    if quantity != "score" and _SAMPLE_SIZE_NAME not in names:
        names[_SAMPLE_SIZE_NAME] = sample_size
    claimed = _as_matrix(read_claim(claim, names))
    n = sample_size if sample_size in claimed.free_symbols else sp.Integer(1)
    truth = _truth(model, quantity, n)
    if truth.shape != claimed.shape and claimed.shape[::-1] == truth.shape and 1 in truth.shape:
        claimed = claimed.T
    if truth.shape != claimed.shape:
        raise ArgumentError(f"the claim is {_shape(claimed)} but the {QUANTITIES[quantity]} of "
                            f"({', '.join(map(plain, model.params))}) is {_shape(truth)}")
    return _judge(model, quantity, claimed, truth, n)


def read_claim(claim: Any, names: dict[str, sp.Symbol]) -> sp.Expr | sp.Matrix:
    """A claim as SymPy: LaTeX when it has a backslash or braces (a matrix as a pmatrix, with an optional
    scalar factor before it), text otherwise (matrices as ``[[a, b], [c, d]]``, vectors as ``[a, b]``)."""
    if isinstance(claim, (sp.Basic, sp.MatrixBase)):
        unknown = sorted(str(s) for s in claim.free_symbols if str(s) not in names)
        if unknown:
            raise ParseError(f"the claim uses {', '.join(unknown)}, which the model does not know")
        # by name: a claim's sp.Symbol("p") is the model's p, whatever assumptions either was made with
        return claim.xreplace({s: names[str(s)] for s in claim.free_symbols})
    if isinstance(claim, (list, tuple)):
        return sp.Matrix([read_claim(item, names) for item in claim])
    if not isinstance(claim, str) or not claim.strip():
        raise ParseError(f"expected a claim as text, LaTeX or a SymPy expression, got {claim!r}")
    text = claim.strip()
    matrix = _MATRIX.search(text)
    if matrix:
        if text[matrix.end():].strip():
            raise ParseError(f"nothing may follow the matrix in a claim: {text[matrix.end():].strip()!r}")
        rows = [row for row in re.split(r"\\\\", matrix.group(2)) if row.strip()]
        entries = sp.Matrix([[parse_latex(entry, names) for entry in row.split("&")] for row in rows])
        factor = text[:matrix.start()].strip()
        return parse_latex(factor, names) * entries if factor else entries
    if is_latex(text):
        return parse_latex(text, names)
    if text.startswith("[") and text.endswith("]"):
        items = split_top_level(text[1:-1])
        if all(item.startswith("[") and item.endswith("]") for item in items):
            return sp.Matrix([[parse_expression(e, names) for e in split_top_level(item[1:-1])] for item in items])
        return sp.Matrix([parse_expression(item, names) for item in items])
    return parse_expression(text, names)


def is_latex(text: str) -> bool:
    """The command's rule: LaTeX when the text has a backslash or braces."""
    return any(char in text for char in "\\{}")


def _truth(model, quantity: str, n: sp.Expr) -> sp.Matrix:
    if quantity == "score":
        return model.score()
    if quantity == "fisher":
        return n * model.fisher()
    return _as_matrix(model.crlb(n=n))


def _judge(model, quantity: str, claimed: sp.Matrix, truth: sp.Matrix, n: sp.Expr) -> Verdict:
    label = QUANTITIES[quantity]
    claim_internal, truth_internal = model.internal(claimed), model.internal(truth)
    points = list(_points(model, n))
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
    cause = _cause(model, quantity, claim_internal, truth_internal, points, n)
    detail = (f"the claim is not the {label} {_text(truth)}: at {shown_at} the claim's{entry} value is "
              f"{claim_value} but the {label}'s is {truth_value}")
    return Verdict(False, detail + (f"; likely cause: {cause}" if cause else ""),
                   {"at": at, "claim": claim_value, "truth": truth_value}, quantity, claimed, truth, cause)


def _points(model, n: sp.Expr) -> Iterator[dict]:
    """Parameter points (with a sample size when the claim has one), each with a few data points."""
    for index, point in enumerate(model._points):
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
        return a is not None and b is not None and abs(a - b) <= TOLERANCE * max(abs(a), abs(b), 1)
    if not (mpmath.isfinite(a) and mpmath.isfinite(b)):
        return False
    return abs(a - b) <= TOLERANCE * max(abs(a), abs(b), mpmath.mpf("1e-30")) or abs(a - b) < mpmath.mpf("1e-25")


def _exact(value: sp.Expr) -> sp.Expr:
    simplified = sp.nsimplify(value) if value.is_Float else value
    return simplified if simplified.is_Rational or len(str(simplified)) <= 24 else sp.N(simplified, 12)


# ----------------------------------------------------------------- likely causes
# Each explanation gives the alternative the claim may have computed instead, or None when it does not apply.


def _cause(model, quantity: str, claimed: sp.Matrix, truth: sp.Matrix, points: list[dict], n: sp.Expr) -> str | None:
    data = set(model._variables)
    if quantity != "score" and claimed.free_symbols & data:
        observed = n * -model.internal(model.hessian()) if quantity == "fisher" else None
        if observed is not None and _first_mismatch(claimed, observed, points) is None:
            return "the claim is the observed information −∇² log p at one observation; the Fisher information is " \
                   "its expectation"
        return "the claim depends on the data, which the " + QUANTITIES[quantity] + " cannot"
    for description, alternative in _explanations(model, quantity, truth, n):
        if alternative is not None and _first_mismatch(claimed, alternative, points) is None:
            return description
    return None


def _explanations(model, quantity: str, truth: sp.Matrix, n: sp.Expr) -> Iterator[tuple[str, sp.Matrix | None]]:
    yield "a sign error (the claim is minus the truth)", -truth
    if quantity == "fisher":
        yield "the claim is the inverse of the Fisher information (the Cramér–Rao bound)", _inverse(truth)
    if quantity == "crlb":
        yield "the claim is the Fisher information, not its inverse", _inverse(truth)
    for factor, label in _factors(model, n):
        yield f"the claim is the {QUANTITIES[quantity]} divided by {label}", truth / factor
        yield f"the claim is {label} times the {QUANTITIES[quantity]}", truth * factor
    yield from _reparametrisations(model, quantity, truth)
    if quantity == "score" and len(model._variables) == 1 and truth.shape == (1, 1):
        (x,) = model._variables
        theta = plain(model.params[0])
        yield ((f"the claim is ∂ log p/∂{plain(model.variables[0])}, the derivative in the data, not the score "
               f"∂ log p/∂{theta}"),
               sp.Matrix([[sp.diff(model.internal(model.log_density()), x)]]))


def _factors(model, n: sp.Expr) -> Iterator[tuple[sp.Expr, str]]:
    yield from ((sp.Integer(2), "2"), (sp.Integer(4), "4"))
    if n.free_symbols:
        yield n, plain(n)
    for constant in model._constants:
        yield constant, plain(model.public(constant))


_MAPS = ((lambda t: t**2, "{}²"), (sp.sqrt, "√{}"), (sp.log, "log {}"), (lambda t: 1 / t, "1/{}"))


def _reparametrisations(model, quantity: str, truth: sp.Matrix) -> Iterator[tuple[str, sp.Matrix | None]]:
    """The quantity for φ = g(θᵢ) written in θ: I_φ = I_θ / g′(θ)², (I_φ)⁻¹ = g′² I_θ⁻¹, s_φ = s_θ / g′."""
    for index, theta in enumerate(model._params):
        for g, label in _MAPS:
            if label != "{}²" and not theta.is_positive:
                continue
            slope = sp.diff(g(theta), theta)
            scale = sp.diag(*[slope if i == index else 1 for i in range(len(model._params))])
            inverse = scale.inv()
            alternative = (inverse * truth * inverse if quantity == "fisher" else
                           scale * truth * scale if quantity == "crlb" else inverse * truth)
            name = plain(model.public(theta))
            yield ((f"the claim is the {QUANTITIES[quantity]} for {label.format(name)} rather than {name} "
                   f"(by the chain rule they differ by the factor (d{label.format(name)}/d{name})"
                   f"{'²' if quantity != 'score' else ''})"), alternative)


def _inverse(matrix: sp.Matrix) -> sp.Matrix | None:
    try:
        return matrix.inv()
    except (ValueError, sp.matrices.exceptions.NonInvertibleMatrixError):
        return None


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
