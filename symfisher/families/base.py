"""What a catalogue entry holds: how to build the model, where it comes from, and the textbook answer."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import sympy as sp


@dataclass(frozen=True)
class Family:
    """One named model of the catalogue.

    Attributes:
        name: the catalogue name, e.g. ``"gamma-shape-rate"``.
        build: makes the Model (density, variables, parameters, support, domains).
        reference: a one-line source for the density and its Fisher information.
        textbook_fisher: the Fisher information as textbooks print it, in the model's own symbols.
            Used only by tests to judge the derivation, never as a shortcut.
        regular: False for the non-regular cases, which must be refused with the reason.
        singular: True when the Fisher information is singular by design (over-parameterised models such
            as softmax logits): derived, then reported with its null direction instead of a bound.
    """

    name: str
    build: Callable
    reference: str
    textbook_fisher: Callable[[], sp.Matrix] | None
    regular: bool = True
    singular: bool = False
