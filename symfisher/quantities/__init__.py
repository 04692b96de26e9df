"""The derived quantities, one module each, and the registry every consumer reads.

``REGISTRY`` lists them in the order of the argument: ``derive()`` runs their contributions in this
order, ``Model``'s methods compute them by name, kernels export the ones with a kernel, ``verify``
judges claims about the ones with a claim, and the command line and the JSON form list them from here.
Adding a quantity: one module that builds a :class:`~.base.Quantity`, one line below, one template.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..errors import ArgumentError
from . import (agreement, crlb, efficiency, fisher, fisher_hessian, fisher_outer, hessian, log_density, moments,
               observed, regularity, reparametrization, score, score_mean, statement)
from .base import Quantity

if TYPE_CHECKING:
    from ..model.view import ModelView

REGISTRY: tuple[Quantity, ...] = (
    statement.QUANTITY,
    log_density.QUANTITY,
    score.QUANTITY,
    hessian.QUANTITY,
    observed.QUANTITY,
    regularity.QUANTITY,
    score_mean.QUANTITY,
    fisher_outer.QUANTITY,
    fisher_hessian.QUANTITY,
    moments.QUANTITY,
    agreement.QUANTITY,
    fisher.QUANTITY,
    reparametrization.QUANTITY,
    crlb.QUANTITY,
    efficiency.QUANTITY,
)
BY_NAME: dict[str, Quantity] = {q.name: q for q in REGISTRY}
KERNEL_QUANTITIES: tuple[str, ...] = tuple(q.name for q in REGISTRY if q.kernel is not None)
CLAIM_QUANTITIES: tuple[str, ...] = tuple(q.name for q in REGISTRY if q.claim is not None)


def get(name: str, *, having: str | None = None) -> Quantity:
    """The quantity called ``name``; ``having="kernel"`` or ``"claim"`` asks that it have that part."""
    names = {"kernel": KERNEL_QUANTITIES, "claim": CLAIM_QUANTITIES}.get(having, tuple(BY_NAME))
    if name not in names:
        raise ArgumentError(f"unknown quantity {name!r}; one of {', '.join(names)}")
    return BY_NAME[name]


def value(name: str, model: ModelView, **options: Any) -> Any:
    """The quantity ``name`` for ``model``, in internal symbols."""
    return get(name).compute(model, **options)
