"""Derivations as documents: the LaTeX document and its PDF, and the notebook displays."""
from __future__ import annotations

from typing import TYPE_CHECKING

import pathlib

from ..version import __version__
from .display import StepView, notation, support_tex
from .pdf import compile_pdf
from .printer import tex
from .templating import environment

if TYPE_CHECKING:
    from ..model.model import Model


def views(derivation) -> list:
    """One view per step, in the order of the argument, then the table of checks."""
    marks = notation(derivation.model)
    result = [step.view(derivation, marks) for step in derivation.steps]
    checks = tuple((c.name, c.passed, c.detail) for c in derivation.checks.values())
    result.append(StepView("steps/checks.tex.j2", {"checks": checks}))
    return result


def to_latex(derivation, title: str | None = None) -> str:
    """A standalone LaTeX document presenting ``derivation`` step by step.

    ``title`` is plain text (escaped); by default it names the model.
    """
    model = derivation.model
    heading = title or f"Fisher information of the {model.name or 'model'}"
    template = environment().get_template("document.tex.j2")
    return template.render(title=heading, version=__version__, views=views(derivation),
                           notation=notation(model))


def to_pdf(derivation, path: str | pathlib.Path, title: str | None = None) -> pathlib.Path:
    """Render ``derivation`` and compile it with latexmk into ``path``; RenderError on a TeX failure."""
    compile_pdf(to_latex(derivation, title), path)
    return pathlib.Path(path)


def model_latex(model: Model) -> str:
    """One display for notebooks: the density and its support."""
    marks = notation(model)
    return rf"$\displaystyle {marks.p} = {tex(model.density)}, \qquad {support_tex(model)}$"


def results_latex(derivation) -> str:
    """One display for notebooks: score, Fisher information and Cramér–Rao bound (what was found)."""
    marks = notation(derivation.model)
    parts = [rf"s = {tex(_entry(derivation.score))}"]
    if derivation.fisher is not None:
        parts.append(rf"I({marks.theta}) = {tex(_entry(derivation.fisher))}")
    else:
        parts.append(r"\text{no Fisher information: the model is not regular}")
    if derivation.crlb is not None:
        parts.append(rf"\text{{CRLB}} = {tex(_entry(derivation.crlb))}")
    return r"$\displaystyle " + r", \qquad ".join(parts) + "$"


def _entry(matrix):
    return matrix[0, 0] if matrix.shape == (1, 1) else matrix
