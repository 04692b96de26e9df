"""The public doors: whatever goes wrong inside a public call reaches the user as a typed symfisher error.

``@door("derive the Fisher information")`` on a public function or method lets a ``SymfisherError``
through as it is and turns anything else that SymPy, mpmath, NumPy or the operating system raises into
one that says what failed and what to do (the original stays attached as ``__cause__``, and the command's
``--debug`` shows its traceback). Exceptions that are not errors (KeyboardInterrupt, SystemExit, a
budget's internal deadline) pass untouched.
"""
from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar

from .errors import ComputationError, OutputError, ResourceLimit, SymfisherError

T = TypeVar("T")


def door(action: str) -> Callable[[Callable[..., T]], Callable[..., T]]:
    """Decorator: ``action`` says what the call does ("write the PDF"), for the messages."""
    def decorate(function: Callable[..., T]) -> Callable[..., T]:
        @functools.wraps(function)
        def guarded(*args: Any, **kwargs: Any) -> T:
            try:
                return function(*args, **kwargs)
            except SymfisherError:
                raise
            except OSError as exc:
                where = f" {exc.filename!r}" if exc.filename is not None else ""
                raise OutputError(f"could not {action}:{where} {exc.strerror or exc}; check that the folder "
                                  f"exists and can be written, and that the name is a file's") from exc
            except (MemoryError, RecursionError) as exc:
                raise ResourceLimit(f"could not {action}: the computation needed more "
                                    f"{'memory' if isinstance(exc, MemoryError) else 'nesting'} than it may "
                                    f"use; simplify the formula or give a smaller model") from exc
            except Exception as exc:  # noqa: BLE001 - the point of a door: nothing untyped gets out
                reason = " ".join(str(exc).split())[:200]
                raise ComputationError(f"could not {action}: {type(exc).__name__} inside SymPy, mpmath or "
                                       f"NumPy ({reason}); check the formula and its domains, and please "
                                       f"report it if they are right") from exc
        return guarded
    return decorate
