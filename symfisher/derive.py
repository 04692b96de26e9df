"""derive(): the whole argument for a model, each quantity of the registry contributing in order."""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

import sympy as sp

from .derivation import Derivation
from .quantities import REGISTRY
from .quantities.base import Request


def derive(model: Any, statistic: sp.Expr | None = None, progress: Callable[[str], None] | None = None,
           observed_at: dict | None = None) -> Derivation:
    """The derivation for ``model`` (a Model); never raises for a non-regular or singular model.

    ``statistic``: optionally a function t(x) of the data; the derivation then asks whether its sample
    mean attains the Cramér–Rao bound for E[t] (the efficiency of x̄ for the Bernoulli).
    ``progress``: called with the name of each long step as it starts (the command shows it on stderr).
    ``observed_at``: a data point {variable: value} at which to show the observed information.
    """
    request = Request(statistic, observed_at, progress or (lambda step: None))
    record = Derivation(model)
    for quantity in REGISTRY:
        if quantity.contribute is not None and (record.regular or not quantity.regular_only):
            quantity.contribute(model.view, record, request)
    return record
