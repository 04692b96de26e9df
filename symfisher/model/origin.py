"""Where a reparametrised model came from: the original model, θ = θ(φ), and its Jacobian."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import sympy as sp


@dataclass(frozen=True)
class Origin:
    """How a model was obtained from another (user's symbols).

    Attributes:
        original: the Model in the old parameters θ.
        mapping: ``{old parameter: expression in the new parameters φ}``.
        jacobian: J = ∂θ/∂φ.
    """

    original: Any
    mapping: dict
    jacobian: sp.Matrix
