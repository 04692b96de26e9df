"""Reparametrization θ = θ(φ): the new Model, and its Fisher information by the Jacobian, Jᵀ I(θ(φ)) J."""
from __future__ import annotations

from dataclasses import dataclass

import sympy as sp

from ..errors import ParameterError
from ..simplification import tidy


@dataclass(frozen=True)
class Reparametrization:
    """How a model was obtained from another (user's symbols)."""

    original: object          # the Model in the old parameters
    mapping: dict             # old parameter -> expression in the new ones
    jacobian: sp.Matrix       # J = ∂θ/∂φ


def reparametrize(model, mapping: dict, params, domain: dict | None = None):
    """A Model in new parameters, with ``mapping`` {old parameter: expression in new parameters}."""
    from ..model import Model, _symbols

    new_params = _symbols(params, "params")
    if not isinstance(mapping, dict) or not mapping:
        raise ParameterError("mapping must be a non-empty dict {old parameter: expression in the new ones}")
    unknown = [old for old in mapping if old not in model.params]
    if unknown:
        raise ParameterError(f"{unknown} are not parameters of the model (parameters: {model.params})")
    kept = [p for p in model.params if p not in mapping]
    missing = [p for p in kept if p not in new_params]
    if missing:
        raise ParameterError(f"parameters {missing} are neither mapped nor among the new parameters")
    substitution = {old: sp.sympify(expr) for old, expr in mapping.items()}
    density = model.density.subs(substitution)
    support = model.support.subs(model._public)
    user_support = ({v: s.subs(substitution) for v, s in zip(model.variables, support.sets)}
                    if support.sets is not None else sp.FiniteSet(*(sp.Tuple(*o) for o in support.outcomes)))
    inherited = {s: d for s, d in model.domain.items() if s not in mapping}
    new = Model(density, model.variables, new_params, user_support, {**inherited, **(domain or {})},
                budget=model.budget, name=f"{model.name or 'model'} in {', '.join(map(str, new_params))}")
    old_in_new = sp.Matrix([substitution.get(p, p) for p in model.params])
    new._cache["origin"] = Reparametrization(model, substitution, old_in_new.jacobian(new_params))
    return new


def fisher_by_jacobian(model) -> sp.Matrix | None:
    """Jᵀ I(θ(φ)) J in the model's internal symbols, for a model made by ``reparametrize`` (else None)."""
    origin: Reparametrization | None = model._cache.get("origin")
    if origin is None:
        return None
    old_info = origin.original.fisher().subs(origin.mapping)
    transformed = origin.jacobian.T * old_info * origin.jacobian
    return tidy(model.internal(transformed), model.budget)
