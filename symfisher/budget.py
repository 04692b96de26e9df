"""Time budgets for symbolic calls that can run away (integrate, summation, simplify).

``within(seconds, fn, *args)`` runs ``fn`` and raises :class:`BudgetExceeded` when it takes
longer. In the main thread an interval timer (SIGALRM) interrupts the computation; the
interrupt is a ``BaseException`` so that SymPy's broad ``except Exception`` blocks cannot
swallow it, and it re-fires until the budget is left. Elsewhere (a worker thread, where
signals cannot be delivered) the call runs in a forked child process that is killed at the
deadline; where no child may be started (a thread of a daemonic worker process), a watchdog thread
raises the deadline inside the calling thread instead. Budgets nest: an inner budget never outlives the outer one. A timer the caller had set
(``signal.setitimer``/``alarm``) is put back when the outermost budget ends, with the time it had left.
"""
from __future__ import annotations

import ctypes
import functools
import math
import multiprocessing
import signal
import threading
import time
import weakref
from typing import Any, Callable, TypeVar

from .errors import ArgumentError, BudgetExceeded

T = TypeVar("T")

_REFIRE_SECONDS = 0.05
LONGEST_SECONDS = 1e6  # about eleven days: any budget a person means, and far inside what timers accept
_deadlines: list[float] = []


class _Deadline(BaseException):
    """Raised by the timer inside the computation; turned into BudgetExceeded at the boundary."""


def _on_alarm(signum: int, frame: Any) -> None:
    if frame is not None and frame.f_code in _BOUNDARY:
        return  # the boundary is turning a deadline into BudgetExceeded: a re-fire must not cut it short
    if frame is not None and frame.f_code.co_filename == _WEAKREF_FILE:
        return  # a garbage-collection callback cannot pass an exception on: the re-fire will come back
    if _deadlines and time.monotonic() >= _deadlines[-1]:
        raise _Deadline()


_WEAKREF_FILE = weakref.__file__


def _arm(deadline: float) -> None:
    remaining = max(deadline - time.monotonic(), 1e-4)
    signal.setitimer(signal.ITIMER_REAL, remaining, _REFIRE_SECONDS)


def _within_main_thread(seconds: float, fn: Callable[..., T], args: tuple) -> T:
    started = time.monotonic()
    deadline = started + seconds
    outermost = not _deadlines
    if not outermost:
        deadline = min(deadline, _deadlines[-1])
    else:
        previous_handler = signal.signal(signal.SIGALRM, _on_alarm)
        previous_timer = signal.getitimer(signal.ITIMER_REAL)
    _deadlines.append(deadline)
    try:
        _arm(deadline)
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
            _restore(previous_timer, time.monotonic() - started)


def _restore(timer: tuple[float, float], elapsed: float) -> None:
    """Put back the caller's interval timer with the time it had left (it fires at once if that ran out
    while the budget held the timer)."""
    remaining, interval = timer
    if remaining > 0:
        signal.setitimer(signal.ITIMER_REAL, max(remaining - elapsed, 1e-6), interval)


def _child(conn: Any, fn: Callable, args: tuple) -> None:
    try:
        conn.send((True, fn(*args)))
    except BaseException as exc:  # report any failure to the parent, which re-raises it
        conn.send((False, exc))


def _within_child_process(seconds: float, fn: Callable[..., T], args: tuple) -> T:
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    process = context.Process(target=_child, args=(sender, fn, args), daemon=True)
    try:
        process.start()
    except AssertionError:  # "daemonic processes are not allowed to have children"
        receiver.close()
        sender.close()
        return _within_watchdog(seconds, fn, args)
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


def _within_watchdog(seconds: float, fn: Callable[..., T], args: tuple) -> T:
    """``fn(*args)`` in this thread, a timer thread raising the deadline in it when ``seconds`` are up (the
    exception arrives between bytecodes: a long call inside C code ends when it returns to Python)."""
    thread = ctypes.c_ulong(threading.get_ident())
    lock = threading.Lock()
    finished = False

    def fire() -> None:
        with lock:
            if not finished:
                ctypes.pythonapi.PyThreadState_SetAsyncExc(thread, ctypes.py_object(_Deadline))

    timer = threading.Timer(seconds, fire)
    timer.daemon = True
    timer.start()
    try:
        try:
            return fn(*args)
        finally:
            with lock:
                finished = True
                ctypes.pythonapi.PyThreadState_SetAsyncExc(thread, None)  # one fired but not yet raised
            timer.cancel()
    except _Deadline:
        raise BudgetExceeded(f"{_name(fn)} exceeded its budget of {seconds:g} s", seconds) from None


def _name(fn: Callable) -> str:
    return getattr(fn, "__name__", "computation")


# Code that runs at the boundary, outside the budgeted computation; the timer never interrupts it.
_BOUNDARY = frozenset({_within_main_thread.__code__, _arm.__code__, _name.__code__, _restore.__code__,
                       BudgetExceeded.__init__.__code__})


def checked_seconds(seconds: Any) -> float:
    """``seconds`` as a float, when it is a positive number of seconds no larger than ``LONGEST_SECONDS``."""
    if isinstance(seconds, bool) or not isinstance(seconds, (int, float)) or not (
            math.isfinite(seconds) and 0 < seconds <= LONGEST_SECONDS):
        raise ArgumentError(f"a budget is a positive number of seconds up to {LONGEST_SECONDS:g}, not {seconds!r}")
    return float(seconds)


def within(seconds: float, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """Run ``fn(*args, **kwargs)``; raise :class:`BudgetExceeded` if it takes more than ``seconds``."""
    if kwargs:
        fn = functools.wraps(fn)(functools.partial(fn, *args, **kwargs))
        args = ()
    seconds = checked_seconds(seconds)
    if threading.current_thread() is threading.main_thread():
        return _within_main_thread(seconds, fn, args)
    return _within_child_process(seconds, fn, args)

