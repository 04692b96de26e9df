"""A derivation as data: an ordered list of typed steps, the results, and the checks that ran.

Mathematics lives in ``symfisher.quantities``, presentation in ``symfisher.render``; this module only
holds what was found, in the user's symbols. Each kind of step is defined beside the quantity that
produces it, as a subclass of :class:`symfisher.step.Step`.
"""
from __future__ import annotations

import pathlib
from dataclasses import dataclass, field
from typing import Any

from .doors import door




@dataclass(frozen=True)
class Check:
    """One verification that ran, and what it found."""

    name: str
    passed: bool
    detail: str


STANDARD_RESULTS = ("score", "score_mean", "fisher_outer", "fisher_hessian", "fisher", "crlb")


@dataclass
class Derivation:
    """Everything ``Model.derive()`` found.

    Attributes:
        model: the model derived.
        steps: the ordered steps of the argument.
        results: quantity name -> value (user's symbols). The standard results ``score``, ``score_mean``,
            ``fisher_outer``, ``fisher_hessian``, ``fisher`` and ``crlb`` are always there and are also
            attributes (None when not derived: ``fisher`` and ``crlb`` for a non-regular model, ``crlb``
            also for a singular one); others (``observed``) only when derived.
        checks: name -> Check, every verification that ran.
        regular: False once the model is found not regular (the regular theory's steps are then skipped).
    """

    model: Any
    steps: list = field(default_factory=list)
    results: dict = field(default_factory=lambda: dict.fromkeys(STANDARD_RESULTS))
    checks: dict = field(default_factory=dict)
    regular: bool = True

    score = property(lambda self: self.results.get("score"), doc="s(θ, x)")
    score_mean = property(lambda self: self.results.get("score_mean"), doc="E[s]")
    fisher_outer = property(lambda self: self.results.get("fisher_outer"), doc="E[s sᵀ]")
    fisher_hessian = property(lambda self: self.results.get("fisher_hessian"), doc="−E[∇² log p]")
    fisher = property(lambda self: self.results.get("fisher"), doc="I(θ), both forms agreeing")
    crlb = property(lambda self: self.results.get("crlb"), doc="(n I(θ))⁻¹")

    def add_check(self, name: str, passed: bool, detail: str) -> None:
        self.checks[name] = Check(name, passed, detail)

    @door("write the summary")
    def summary(self) -> str:
        """A plain-text account of the results and checks, for terminals and logs."""
        from .render.summary import summary

        return summary(self)

    def __str__(self) -> str:
        return self.summary()

    @door("write the proof as LaTeX")
    def to_latex(self, title: str | None = None) -> str:
        """A standalone LaTeX document with every step of the argument (``title``: plain text)."""
        from .render.document import to_latex

        return to_latex(self, title)

    @door("write the PDF")
    def to_pdf(self, path: str | pathlib.Path, title: str | None = None) -> pathlib.Path:
        """The document compiled by latexmk into ``path``; RenderError with TeX's log lines on failure."""
        from .render.document import to_pdf

        return to_pdf(self, path, title)

    def _repr_latex_(self) -> str:
        from .render.document import results_latex

        return results_latex(self)
