"""A derivation as plain text, for terminals and logs: the model, the results, each step's remarks, the checks."""
from __future__ import annotations

from ..quantities import REGISTRY
from .plain import plain, rows


def summary(derivation) -> str:
    """The model, every registered result the derivation has, the steps' own lines, and the checks."""
    model = derivation.model
    lines = [f"model: p = {plain(model.density)}",
             (f"  variables {', '.join(map(plain, model.variables))}; parameters "
              f"{', '.join(map(plain, model.params))}; support {model.public_support_text()}")]
    lines += [f"  assumed {reason}" for reason in model.assumed_domain.values()]
    for quantity in REGISTRY:
        value = derivation.results.get(quantity.name)
        if quantity.summary is not None and value is not None:
            lines += [f"{quantity.summary}:", *(f"  {row}" for row in rows(value))]
    for step in derivation.steps:
        lines += step.summary_lines()
    lines.append("checks:")
    lines += [f"  {'✓' if c.passed else '✗'} {c.name}: {c.detail}" for c in derivation.checks.values()]
    return "\n".join(lines)
