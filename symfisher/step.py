"""The base of every step of a derivation: its data, its view for the templates, its summary lines.

Each kind of step is a frozen dataclass defined beside the quantity that produces it.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .derivation import Derivation
    from .render.display import Notation, StepView


class Step:
    """One step of the argument: its data, its view for the templates, its lines in a text summary."""

    def view(self, derivation: Derivation, marks: Notation) -> StepView:
        """What its template partial prints (LaTeX fragments and text)."""
        raise NotImplementedError(f"no view for the step {type(self).__name__}")

    def summary_lines(self) -> tuple[str, ...]:
        """Lines it adds to the plain-text summary after the results (none by default)."""
        return ()
