"""Time budgets: runaway computations end with BudgetExceeded, in the main thread and elsewhere."""
import signal
import threading
import time
import types

import pytest
import sympy as sp

import symfisher as sf
from symfisher import budget, errors
from symfisher.errors import BudgetExceeded


def spin(seconds: float) -> str:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        pass
    return "finished"


def swallowing_spin(seconds: float) -> str:
    """Like SymPy code with broad `except Exception:` blocks: must not be able to swallow the deadline."""
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        try:
            spin(0.01)
        except Exception:
            pass
    return "finished"


def test_a_fast_call_returns_its_value():
    assert budget.within(5, spin, 0.01) == "finished"


def test_keyword_arguments_are_passed():
    assert budget.within(5, sorted, [3, 1, 2], reverse=True) == [3, 2, 1]


def test_a_slow_call_is_stopped_near_its_budget():
    start = time.monotonic()
    with pytest.raises(BudgetExceeded):
        budget.within(0.3, spin, 30)
    assert time.monotonic() - start < 2


def test_broad_exception_handlers_cannot_swallow_the_deadline():
    start = time.monotonic()
    with pytest.raises(BudgetExceeded):
        budget.within(0.3, swallowing_spin, 30)
    assert time.monotonic() - start < 2


def test_an_inner_budget_never_outlives_the_outer_one():
    start = time.monotonic()
    with pytest.raises(BudgetExceeded):
        budget.within(0.3, lambda: budget.within(30, spin, 30))
    assert time.monotonic() - start < 2


def test_an_inner_timeout_leaves_the_outer_budget_running():
    def outer():
        with pytest.raises(BudgetExceeded):
            budget.within(0.1, spin, 30)
        return spin(0.05)

    assert budget.within(5, outer) == "finished"


def test_worker_threads_are_bounded_too():
    outcome = {}

    def worker():
        try:
            budget.within(0.3, spin, 30)
        except BudgetExceeded as exc:
            outcome["error"] = exc
        outcome["value"] = budget.within(5, spin, 0.01)

    thread = threading.Thread(target=worker)
    start = time.monotonic()
    thread.start()
    thread.join(10)
    assert isinstance(outcome.get("error"), BudgetExceeded)
    assert outcome["value"] == "finished"
    assert time.monotonic() - start < 5


def test_errors_inside_the_budgeted_call_propagate_unchanged():
    with pytest.raises(ZeroDivisionError):
        budget.within(5, lambda: 1 / 0)


def test_a_refiring_timer_never_interrupts_the_boundary_that_reports_the_deadline():
    """The timer re-fires every 50 ms after a deadline; one landing while the boundary builds
    BudgetExceeded used to escape as the internal _Deadline (seen on a Cauchy integral)."""
    budget._deadlines.append(time.monotonic() - 1)  # a deadline already past
    try:
        budget._on_alarm(0, types.SimpleNamespace(f_code=budget._within_main_thread.__code__))  # no raise
        inside_the_computation = types.SimpleNamespace(f_code=spin.__code__)
        with pytest.raises(budget._Deadline):
            budget._on_alarm(0, inside_the_computation)
    finally:
        budget._deadlines.pop()


@pytest.mark.parametrize("seconds", [float("nan"), float("inf"), 1e300, 0, -1, "abc", None, True])
def test_a_budget_that_is_not_a_positive_finite_number_of_seconds_is_refused_and_leaves_no_trace(seconds):
    with pytest.raises(errors.ArgumentError, match="positive number of seconds"):
        budget.within(seconds, spin, 0.01)
    assert budget._deadlines == []  # nothing stale: the next budgeted call runs normally
    assert budget.within(5, spin, 0.01) == "finished"
    x, lam = sp.Symbol("x", positive=True), sp.Symbol("lam", positive=True)
    with pytest.raises(errors.ArgumentError, match="positive number of seconds"):
        sf.Model(lam * sp.exp(-lam * x), x, lam, sp.Interval(0, sp.oo), budget=seconds)
    model = sf.Model(lam * sp.exp(-lam * x), x, lam, sp.Interval(0, sp.oo))
    with pytest.raises(errors.ArgumentError):
        model.budget = seconds
    assert model.budget == 30.0


def test_the_callers_own_timer_survives_a_budgeted_call():
    fired = []
    previous = signal.signal(signal.SIGALRM, lambda *_: fired.append(time.monotonic()))
    try:
        start = time.monotonic()
        signal.setitimer(signal.ITIMER_REAL, 0.4)
        assert budget.within(5, spin, 0.1) == "finished"
        assert signal.getitimer(signal.ITIMER_REAL)[0] > 0  # still armed, with what it had left
        spin(0.5)
        assert len(fired) == 1 and 0.35 < fired[0] - start < 0.6
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _in_a_thread_of_a_daemon(work) -> list:
    """What ``work(outcome)`` appends to ``outcome`` when it runs in a thread of a daemonic worker process,
    where no child process may be started."""
    import multiprocessing

    def worker(queue):
        outcome: list = []
        thread = threading.Thread(target=work, args=(outcome,))
        thread.start()
        thread.join()
        queue.put(outcome)

    context = multiprocessing.get_context("fork")
    queue = context.Queue()
    daemon = context.Process(target=worker, args=(queue,), daemon=True)
    daemon.start()
    outcome = queue.get(timeout=120)
    daemon.join()
    return outcome


def _spin_past_a_budget(outcome: list) -> None:
    try:
        budget.within(0.3, spin, 30)
        outcome.append("finished")
    except BudgetExceeded:
        outcome.append("stopped")
    outcome.append(budget.within(5, spin, 0.01))


def test_a_thread_of_a_daemonic_worker_is_held_to_its_budget_too():
    start = time.monotonic()
    assert _in_a_thread_of_a_daemon(_spin_past_a_budget) == ["stopped", "finished"]
    assert time.monotonic() - start < 10


def test_fisher_runs_in_a_thread_of_a_daemonic_worker():
    outcome = _in_a_thread_of_a_daemon(lambda found: found.append(str(sf.families.get("poisson").fisher())))
    assert outcome == ["Matrix([[1/lambda]])"]


def test_a_tiny_budget_stops_every_strategy_not_only_sympy_calls():
    model = sf.families.get("weibull")
    model.budget = 0.01
    start = time.monotonic()
    with pytest.raises(errors.SymfisherError):
        model.fisher()
    assert time.monotonic() - start < 20
