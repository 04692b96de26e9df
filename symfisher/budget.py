"""Time budgets for symbolic calls that can run away (integrate, summation, simplify).

``within(seconds, fn, *args)`` runs ``fn`` and raises :class:`BudgetExceeded` when it takes
longer. In the main thread an interval timer (SIGALRM) interrupts the computation; the
interrupt is a ``BaseException`` so that SymPy's broad ``except Exception`` blocks cannot
swallow it, and it re-fires until the budget is left. Elsewhere (a worker thread, where
signals cannot be delivered) the call runs in a forked child process that is killed at the
deadline. Budgets nest: an inner budget never outlives the outer one.
"""
from __future__ import annotations

import functools
import multiprocessing
import signal
import threading
import time
from typing import Any, Callable, TypeVar

from .errors import BudgetExceeded

T = TypeVar("T")

_REFIRE_SECONDS = 0.05
_deadlines: list[float] = []


class _Deadline(BaseException):
    """Raised by the timer inside the computation; turned into BudgetExceeded at the boundary."""


def _on_alarm(signum: int, frame: Any) -> None:
    if frame is not None and frame.f_code in _BOUNDARY:
        return  # the boundary is turning a deadline into BudgetExceeded: a re-fire must not cut it short
    if _deadlines and time.monotonic() >= _deadlines[-1]:
        raise _Deadline()


def _arm(deadline: float) -> None:
    remaining = max(deadline - time.monotonic(), 1e-4)
    signal.setitimer(signal.ITIMER_REAL, remaining, _REFIRE_SECONDS)


def _within_main_thread(seconds: float, fn: Callable[..., T], args: tuple) -> T:
    deadline = time.monotonic() + seconds
    if _deadlines:
        deadline = min(deadline, _deadlines[-1])
    previous_handler = signal.signal(signal.SIGALRM, _on_alarm)
    _deadlines.append(deadline)
    _arm(deadline)
    try:
        return fn(*args)
    except _Deadline:
        raise BudgetExceeded(f"{_name(fn)} exceeded its budget of {seconds:g} s", seconds) from None
    finally:
        _deadlines.pop()
        if _deadlines:
            _arm(_deadlines[-1])
        else:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous_handler)


def _child(conn: Any, fn: Callable, args: tuple) -> None:
    try:
        conn.send((True, fn(*args)))
    except BaseException as exc:  # report any failure to the parent, which re-raises it
        conn.send((False, exc))


def _within_child_process(seconds: float, fn: Callable[..., T], args: tuple) -> T:
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    process = context.Process(target=_child, args=(sender, fn, args), daemon=True)
    process.start()
    sender.close()
    try:
        if not receiver.poll(seconds):
            raise BudgetExceeded(f"{_name(fn)} exceeded its budget of {seconds:g} s", seconds)
        ok, value = receiver.recv()
    finally:
        process.kill()
        process.join()
        receiver.close()
    if not ok:
        raise value
    return value


def _name(fn: Callable) -> str:
    return getattr(fn, "__name__", "computation")


# Code that runs at the boundary, outside the budgeted computation; the timer never interrupts it.
_BOUNDARY = frozenset({_within_main_thread.__code__, _arm.__code__, _name.__code__, BudgetExceeded.__init__.__code__})


def within(seconds: float, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """Run ``fn(*args, **kwargs)``; raise :class:`BudgetExceeded` if it takes more than ``seconds``."""
    if kwargs:
        fn = functools.wraps(fn)(functools.partial(fn, *args, **kwargs))
        args = ()
    if seconds <= 0:
        raise BudgetExceeded(f"no time left for {_name(fn)}", seconds)
    if threading.current_thread() is threading.main_thread():
        return _within_main_thread(seconds, fn, args)
    return _within_child_process(seconds, fn, args)

