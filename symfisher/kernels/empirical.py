"""Fisher information from data: the observed information and the empirical Fisher, through the kernels.

Both estimate n·I(θ) from a sample, but differently: the observed information is −Σ ∇² log p(xᵢ | θ),
the empirical Fisher the mean of s sᵀ. At the MLE of a correctly specified model they approach n·I(θ̂)
and I(θ̂); under misspecification they part ways (the sandwich estimator's two halves), which is why the
empirical Fisher is not a safe stand-in for the Fisher information.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from ..doors import door
from ..errors import ArgumentError
from .codegen import arguments

if TYPE_CHECKING:
    from ..model.model import Model


@door("compute the observed information from the data")
def observed_information(model: Model, data: Any, params_values: Mapping | Sequence) -> np.ndarray:
    """−Σᵢ ∇²θ log p(xᵢ | θ) over the sample, a (k, k) array."""
    hessians = model.lambdify("hessian")(*_columns(model, data), *_values(model, params_values))
    return -np.sum(np.reshape(hessians, (-1, len(model.params), len(model.params))), axis=0)


@door("compute the empirical Fisher information from the data")
def empirical_fisher(model: Model, data: Any, params_values: Mapping | Sequence) -> np.ndarray:
    """(1/n) Σᵢ s(θ, xᵢ) s(θ, xᵢ)ᵀ over the sample, a (k, k) array."""
    scores = np.reshape(model.lambdify("score")(*_columns(model, data), *_values(model, params_values)),
                        (-1, len(model.params)))
    return scores.T @ scores / scores.shape[0]


def _columns(model, data: Any) -> list[np.ndarray]:
    """The sample as one array per variable: (n,) for one variable, (n, d) split into d columns."""
    array = np.asarray(data, dtype=float)
    d = len(model.variables)
    if d == 1 and array.ndim == 1:
        return [array]
    if array.ndim != 2 or array.shape[1] != d:
        raise ArgumentError(f"data must have shape (n,) for one variable or (n, {d}) for {d}; got {array.shape}")
    return [array[:, j] for j in range(d)]


def _values(model, given: Mapping | Sequence) -> list[float]:
    """Parameter then constant values, from a mapping (symbols or names) or a sequence in that order."""
    symbols = arguments(model, "fisher")  # the kernels' own order: parameters, then constants
    if isinstance(given, Mapping):
        by_name = {str(k): v for k, v in given.items()}
        missing = [str(s) for s in symbols if str(s) not in by_name]
        if missing:
            raise ArgumentError(f"values missing for {missing}")
        return [float(by_name[str(s)]) for s in symbols]
    values = list(given)
    if len(values) != len(symbols):
        raise ArgumentError(f"expected values for {[str(s) for s in symbols]}, got {len(values)}")
    return [float(v) for v in values]
