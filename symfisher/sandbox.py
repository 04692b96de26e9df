"""Hard limits for a whole command: the work runs in a forked child with an address-space limit and a
wall-clock deadline, so a computation stuck inside C code (GMP, mpmath, SymPy's polynomial arithmetic)
or one that allocates without bound is stopped for certain, whatever it is doing.

``run_limited(work, seconds, memory_bytes)`` returns ``work()``'s exit status, or 2 with a one-line
message when the child is killed at the deadline or dies of a signal (GMP aborts when an allocation
fails under the memory limit). The child gets its own process group, so the worker processes it forks
(the parallel prefetch) are stopped with it; Ctrl-C in the parent stops them all.
"""
from __future__ import annotations

import os
import resource
import select
import signal
import sys
import time
import traceback
from collections.abc import Callable

EXIT_STOPPED = 2


def run_limited(work: Callable[[], int], seconds: float | None, memory_bytes: int | None) -> int:
    """``work()`` in a child process under the limits; its exit status (2 when the limits stopped it)."""
    if not hasattr(os, "fork"):  # pragma: no cover - not POSIX: no hard limits, the budgets still hold
        return work()
    sys.stdout.flush()
    sys.stderr.flush()
    pid = os.fork()
    if pid == 0:
        _child(work, memory_bytes)
    return _wait(pid, seconds, memory_bytes)


def _child(work: Callable[[], int], memory_bytes: int | None) -> None:
    status = EXIT_STOPPED
    try:
        os.setpgid(0, 0)
        if memory_bytes:
            resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))
        status = work()
    except MemoryError:
        print(f"symfisher: error: the computation needed more than its memory limit of "
              f"{_gigabytes(memory_bytes)}; simplify the model or raise --memory-limit", file=sys.stderr)
    except BaseException:  # noqa: BLE001 - what work() let through (--debug asked for it): the traceback
        traceback.print_exc()
    finally:
        try:
            sys.stdout.flush()
            sys.stderr.flush()
        finally:
            os._exit(status)


def _wait(pid: int, seconds: float | None, memory_bytes: int | None) -> int:
    deadline = None if seconds is None else time.monotonic() + seconds
    try:
        while True:
            done, status = os.waitpid(pid, os.WNOHANG)
            if done:
                return _status(status, memory_bytes)
            if deadline is not None and time.monotonic() >= deadline:
                _stop(pid)
                print(f"symfisher: error: stopped after {seconds:g} s (the time limit): the model may have no "
                      f"closed form that can be found quickly; raise --time-limit to let it run longer",
                      file=sys.stderr)
                return EXIT_STOPPED
            _sleep(pid, 0.05 if deadline is None else min(0.05, max(deadline - time.monotonic(), 0)))
    except KeyboardInterrupt:
        _stop(pid)
        print("symfisher: interrupted", file=sys.stderr)
        return 130


def _sleep(pid: int, seconds: float) -> None:
    """Wait up to ``seconds`` for the child to end (woken at once where a pidfd is available)."""
    try:
        descriptor = os.pidfd_open(pid)
    except (AttributeError, OSError):
        time.sleep(seconds)
        return
    try:
        select.select([descriptor], [], [], seconds)
    finally:
        os.close(descriptor)


def _stop(pid: int) -> None:
    """Kill the child's whole process group (it and its workers), and reap the child."""
    for target in (lambda: os.killpg(pid, signal.SIGKILL), lambda: os.kill(pid, signal.SIGKILL)):
        try:
            target()
            break
        except (ProcessLookupError, PermissionError):
            continue
    try:
        os.waitpid(pid, 0)
    except ChildProcessError:
        pass


def _status(status: int, memory_bytes: int | None) -> int:
    if os.WIFEXITED(status):
        return os.WEXITSTATUS(status)
    number = os.WTERMSIG(status)
    try:
        name = signal.Signals(number).name
    except ValueError:
        name = f"signal {number}"
    print(f"symfisher: error: the computation was stopped by {name}: it ran out of its memory limit of "
          f"{_gigabytes(memory_bytes)} (GMP aborts when an allocation fails) or a library crashed; simplify the "
          f"model, or raise --memory-limit", file=sys.stderr)
    return EXIT_STOPPED


def _gigabytes(memory_bytes: int | None) -> str:
    return "none" if not memory_bytes else f"{memory_bytes / 2**30:g} GB"
