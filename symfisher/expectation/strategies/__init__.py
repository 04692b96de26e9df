"""The expectation strategies, one module each, tried by the engine in the order of ``STRATEGIES``.

Each is ``close(model, g, moment) -> Closed``: ∫ g p (or Σ g p) in closed form for a model view, or
``Decline`` with the reason; ``moment`` is the engine's E[·] for strategies that need another moment.
"""
from __future__ import annotations

from collections.abc import Callable

from . import dirac, finite, gaussian, integral_table, kinks, normaliser, series, substitution, sympy_fallback

STRATEGIES: tuple[tuple[str, Callable], ...] = (
    ("finite sum", finite.close),
    ("sifting property of δ", dirac.close),
    ("Gaussian moments", gaussian.close),
    ("differentiating the normaliser", normaliser.close),
    ("generating function", series.close),
    ("integral rules", integral_table.close),
    ("split at kinks", kinks.close),
    ("location–scale substitution", substitution.close_location_scale),
    ("monotone substitution", substitution.close_monotone),
    ("SymPy", sympy_fallback.close),
)
RECORDED: frozenset[str] = frozenset().union(*(module.RECORDS for module in (
    dirac, finite, gaussian, integral_table, kinks, normaliser, series, substitution, sympy_fallback)))
"""Every rule name a strategy can record in a trace (integral-table names may be joined by " + ")."""
