"""Prefetching moments in worker processes changes when they are computed, never what they are."""
import sympy as sp

import symfisher as sf
from symfisher.expectation import parallel
from symfisher.expectation.engine import moment


def test_prefetched_moments_equal_the_sequential_ones():
    prefetched, sequential = sf.families.get("gamma-shape-rate"), sf.families.get("gamma-shape-rate")
    x = prefetched.view.variables[0]
    functions = [sp.log(x), sp.log(x) ** 2, x, x**2, x * sp.log(x)]
    assert parallel.prefetch(prefetched.view, functions) == 5
    for g in functions:
        mine, theirs = prefetched.view.moments[g], moment(sequential.view, sequential.internal(sequential.public(g)))
        assert mine.value == theirs.value and mine.rule == theirs.rule and mine.certified
        # the entry came back without its integrand and was rebuilt unevaluated: the same canonical tree
        assert mine.integrand == g and sp.srepr(mine.value) == sp.srepr(theirs.value)


def test_a_moment_a_worker_cannot_close_is_left_for_the_sequential_path():
    x, mu = sp.Symbol("x", real=True), sp.Symbol("mu", real=True)
    model = sf.Model(sp.exp(-(x - mu) ** 2 / 2) / sp.sqrt(2 * sp.pi), x, mu, budget=2)
    inner = model.view.variables[0]
    assert parallel.prefetch(model.view, [inner, inner**2, sp.cos(inner**3)]) == 2   # E[cos x³] has no closed form
    assert sp.cos(inner**3) not in model.view.moments and model.view.moments[inner].value == model.view.params[0]


def test_few_moments_are_not_worth_a_fork():
    model = sf.families.get("poisson")
    assert parallel.prefetch(model.view, [model.view.variables[0]]) == 0


def _prefetch_in_a_daemon(queue):
    model = sf.families.get("gamma-shape-rate")
    x = model.view.variables[0]
    queue.put(parallel.prefetch(model.view, [sp.log(x), x, x**2]))


def test_where_no_child_processes_are_allowed_prefetch_stays_sequential():
    import multiprocessing

    context = multiprocessing.get_context("fork")
    queue = context.Queue()
    daemon = context.Process(target=_prefetch_in_a_daemon, args=(queue,), daemon=True)
    daemon.start()
    assert queue.get(timeout=120) == 0
    daemon.join()
