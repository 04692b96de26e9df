"""The expectations the argument used: every distinct E[g(x)] closed on the way, with the rule that
closed it and its certificate (the expectation engine's trace), in readable form."""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import TYPE_CHECKING

import sympy as sp

from ..step import Step
from ..expectation.engine import NORMALISATION
from ..expectation.results import TraceEntry
from ..render.display import Display, Notation, StepView, display
from ..render.printer import Tex, tex, width
from ..render.rule_names import LOGARITHMS, rule_tex
from ..simplification import tidy
from .base import Quantity, Request
from .fisher_hessian import fisher_hessian
from .fisher_outer import fisher_outer
from .score_mean import score_mean

if TYPE_CHECKING:
    from ..model.view import ModelView
    from ..derivation import Derivation

SHORT_INTEGRAND = 24.0


@dataclass(frozen=True)
class Moment:
    """One expectation 𝔼[g(x)] the proof used, and the rule that closed it.

    A long g gets a name: ``integrand`` displays g = …, and ``display`` then reads 𝔼[g] = value.
    """

    integrand: Display | None
    display: Display
    rule: Tex
    substitution: Tex | None
    certified: bool


@dataclass(frozen=True)
class MomentsStep(Step):
    """Every distinct E[g(x)] closed on the way (the expectation engine's trace), in readable form."""

    moments: tuple[TraceEntry, ...]

    def view(self, derivation: Derivation, marks: Notation) -> StepView:
        return StepView("steps/moments.tex.j2",
                        {"moments": tuple(_moment(marks, k, entry) for k, entry in enumerate(self.moments, 1))})


def _moment(marks: Notation, k: int, entry: TraceEntry) -> Moment:
    rule = rule_tex(entry.rule)
    if entry.substitution is not None and entry.table_rules:
        rule = Tex(rule + ", then " + "; ".join(rule_tex(name) for name in entry.table_rules))
    if entry.integrand.has(sp.log) and any("integral" in name for name in entry.table_rules):
        rule = Tex(rule + ", with " + LOGARITHMS)
    substitution = None
    if entry.substitution is not None:
        variable = "z" if entry.rule.startswith("location") else "u"
        substitution = Tex(f"{variable} = {tex(entry.substitution)}")
    shown = tex(entry.integrand)
    named = None
    if width(shown) > SHORT_INTEGRAND:
        named = display(f"g_{{{k}}}({marks.x})", entry.integrand)
        shown = Tex(f"g_{{{k}}}({marks.x})")
    return Moment(named, display(rf"{marks.expect}\left[{shown}\right]", entry.value), rule, substitution,
                  entry.certified)


def moments_used(model: ModelView, expectations: list) -> MomentsStep:
    """The distinct x-dependent expectations behind ``expectations``, tidied for reading, in user's symbols."""
    distinct: dict = {}
    for expectation in expectations:
        for entry in expectation.trace:
            if entry.rule != NORMALISATION and entry.integrand not in distinct:
                distinct[entry.integrand] = entry
    public = model.public
    return MomentsStep(tuple(
        dataclasses.replace(entry, integrand=public(tidy(entry.integrand, model.budget)),
                            value=public(tidy(entry.value, model.budget)),
                            substitution=None if entry.substitution is None else public(entry.substitution))
        for entry in distinct.values()))


def contribute(model: ModelView, record: Derivation, request: Request) -> None:
    used = [*score_mean(model), *fisher_outer(model).entries.values(), *fisher_hessian(model).entries.values()]
    record.steps.append(moments_used(model, used))


QUANTITY = Quantity("moments", "expectations used", contribute=contribute)
