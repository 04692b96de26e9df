"""Closing many moments at once, on every core: the Fisher matrix's expectations are independent.

``prefetch(model, functions)`` splits each function into its x-dependent factors (as ``expect`` does),
and closes the factors not yet in the model's moment cache in forked worker processes, one factor per
task. Each worker runs exactly the sequential code (strategies, budgets, certificates); the parent
only stores what comes back. A factor a worker could not close is left for the sequential path,
which then raises its own, complete error — so results, traces and errors are the same as without
prefetching, only sooner.

The workers inherit the factors with the model, so a task is an index; what comes back is the trace
entry without its integrand (the parent has it), rebuilt without re-evaluating SymPy's constructors:
its expressions were canonical when the worker pickled them. Sending and rebuilding whole expressions
cost as much as closing them for a symbolic covariance.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

import dataclasses
import multiprocessing
import os
import pickle
from collections.abc import Iterable

import sympy as sp
from sympy.core.parameters import evaluate

from ..errors import SymfisherError
from .engine import moment, terms

if TYPE_CHECKING:
    from ..model.view import ModelView

_MINIMUM_TASKS = 3  # below this, forking costs more than it saves
_model = None  # the model the forked workers inherit
_pending: list = []  # and the factors to close


def workers() -> int:
    """Worker processes to use: the cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1


def prefetch(model: ModelView, functions: Iterable[sp.Expr]) -> int:
    """Close the moments behind ``functions`` (internal symbols) in parallel; return how many were stored."""
    pending = []
    for f in functions:
        for _, factor in terms(model, f):
            if factor != 1 and factor not in model.moments and factor not in pending:
                pending.append(factor)
    if len(pending) < _MINIMUM_TASKS or workers() < 2:
        return 0
    global _model, _pending
    _model, _pending = model, pending
    try:
        with multiprocessing.get_context("fork").Pool(min(workers(), len(pending))) as pool:
            results = pool.map_async(_close_one, range(len(pending)), chunksize=1).get(
                timeout=model.budget * len(pending))
    except (multiprocessing.TimeoutError, AssertionError, OSError, ValueError):
        return 0  # too slow, or no children here (a daemonic process; no "fork" on this OS): stay sequential
    finally:
        _model, _pending = None, []
    stored = 0
    for factor, pickled in zip(pending, results):
        if pickled is not None:
            with evaluate(False):
                entry = pickle.loads(pickled)
            model.moments[factor] = dataclasses.replace(entry, integrand=factor)
            stored += 1
    return stored


def _close_one(index: int) -> bytes | None:
    """In a worker: the moment's trace entry (pickled, without its integrand), or None when it could not
    be closed here."""
    try:
        entry = moment(_model, _pending[index])
    except SymfisherError:
        return None
    return pickle.dumps(dataclasses.replace(entry, integrand=None))
