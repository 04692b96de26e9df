"""The observed information of one observation, J(θ; x) = −∇²_θ log p(x | θ).

Its expectation is the Fisher information; at a data point it is what Newton's method and the usual
standard errors of a maximum-likelihood fit use. Shown in a derivation when asked for at a data point.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import sympy as sp

from ..step import Step
from ..errors import ArgumentError
from ..render.display import MatrixDisplay, Notation, StepView, matrix_display
from ..render.printer import Tex, tex
from ..simplification import tidy
from .base import ClaimSpec, KernelSpec, Quantity, Request
from .hessian import hessian, kernel_hessian

if TYPE_CHECKING:
    from ..model.view import ModelView
    from ..derivation import Derivation


def observed_information(model: ModelView, at: dict | None = None) -> sp.Matrix:
    """−∇²_θ log p(x | θ) (internal symbols); at the data point ``at`` ({internal variable: value}) if given."""
    value = -hessian(model)
    if at is None:
        return value
    return tidy(value.xreplace(at), model.budget)


@dataclass(frozen=True)
class ObservedStep(Step):
    """J(θ; x) as a function of x, and its value at one data point."""

    general: sp.Matrix
    point: dict
    value: sp.Matrix

    def view(self, derivation: Derivation, marks: Notation) -> StepView:
        at = Tex(", ".join(rf"{tex(k)} = {tex(v)}" for k, v in self.point.items()))
        general: MatrixDisplay = matrix_display(rf"J({marks.theta}; {marks.x})", self.general, marks.labels)
        return StepView("steps/observed.tex.j2", {
            "general": general, "at": at,
            "value": matrix_display(rf"J({marks.theta}; {at})", self.value, marks.labels)})


def data_point(model: ModelView, values: dict) -> dict:
    """``{variable (a Symbol or its name): number}`` as ``{internal variable: exact number}``; every variable
    needs a value. Numbers only: text is never evaluated."""
    by_name = {model.public(v).name: v for v in model.variables}
    point = {}
    for key, value in values.items():
        name = key if isinstance(key, str) else getattr(key, "name", None)
        if name not in by_name:
            raise ArgumentError(f"{key!r} is not a variable of the model: observed_at takes a value for each of "
                                f"{', '.join(by_name)}")
        if isinstance(value, str) or not isinstance(value, (int, float, sp.Number)) or isinstance(value, bool):
            raise ArgumentError(f"the value of {name} in observed_at must be a number, not {value!r}")
        point[by_name[name]] = sp.nsimplify(value) if isinstance(value, float) else sp.sympify(value)
    missing = sorted(set(by_name) - {model.public(v).name for v in point})
    if missing:
        raise ArgumentError(f"observed_at needs a value for {', '.join(missing)} too")
    return point


def contribute(model: ModelView, record: Derivation, request: Request) -> None:
    if request.observed_at is None:
        return
    point = data_point(model, request.observed_at)
    value = model.public(observed_information(model, point))
    record.results["observed"] = value
    record.steps.append(ObservedStep(model.public(observed_information(model)),
                                     {model.public(k): v for k, v in point.items()}, value))


QUANTITY = Quantity(
    "observed", "observed information", compute=observed_information, contribute=contribute, json=True,
    summary="observed information at the data point asked for",
    kernel=KernelSpec(lambda model: -kernel_hessian(model), data=True,
                      description="The observed information −∇²θ log p(x | θ) of one observation, "
                                  "shape (..., k, k)."),
    claim=ClaimSpec(lambda model, n: observed_information(model), sample_size=False, data=True,
                    chain=lambda truth, scale: scale.inv() * truth * scale.inv()))
