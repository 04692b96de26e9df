"""A per-model memo: each derived result remembered under the function that computes it.

The key is the function itself (with its arguments), never a string, so a result has exactly one home:
``@per_model`` on the function that derives it.
"""
from __future__ import annotations

import functools
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

T = TypeVar("T")


class Memo:
    """Results derived for one model, keyed by (function, *arguments)."""

    def __init__(self) -> None:
        self._values: dict[tuple, Any] = {}

    def remember(self, key: tuple[Hashable, ...], compute: Callable[[], T]) -> T:
        """The value stored under ``key``, computed by ``compute()`` the first time."""
        if key not in self._values:
            self._values[key] = compute()
        return self._values[key]

    def store(self, key: tuple[Hashable, ...], value: Any) -> None:
        """Put ``value`` under ``key`` (a test replacing a result to see what depends on it)."""
        self._values[key] = value


def per_model(function: Callable[..., T]) -> Callable[..., T]:
    """``function(model, *args)`` computed once per model (in ``model.memo``) and hashable arguments.

    The wrapper's ``key(*args)`` is the memo key of a call, for :meth:`Memo.store`.
    """
    @functools.wraps(function)
    def remembered(model: Any, *args: Hashable) -> T:
        return model.memo.remember((function, *args), lambda: function(model, *args))

    remembered.key = lambda *args: (function, *args)  # type: ignore[attr-defined]
    return remembered
