"""Every moment E[s], E[s sᵀ] and −E[∇² log p] need, closed at once on every core (once per model)."""
from __future__ import annotations

from typing import TYPE_CHECKING

from ..expectation.parallel import prefetch
from ..memo import per_model
from .hessian import hessian
from .score import score

if TYPE_CHECKING:
    from ..model.view import ModelView


@per_model
def prefetch_moments(model: ModelView) -> None:
    """Close the moments behind E[s], E[s sᵀ] and −E[∇² log p] in worker processes, into the moment cache."""
    s, h = score(model), hessian(model)
    pairs = [(i, j) for i in range(len(s)) for j in range(i, len(s))]
    prefetch(model, [*s, *(s[i] * s[j] for i, j in pairs), *(-h[i, j] for i, j in pairs)])
