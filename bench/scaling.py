"""Scaling benchmark: time of m.fisher() against K for Categorical and against d for N(μ, Σ).

    .venv/bin/python bench/scaling.py [--max-k 20] [--max-d 6] [--cap SECONDS]

Each size runs in its own process, stopped after --cap seconds (reported as such, not hidden). The
exponent of the growth is the least-squares slope of log(time) against log(size), over the sizes that
finished; the Fisher matrix needs k(k+1)/2 expectations, so the reference exponent is 2 in the number
k of parameters (k = K − 1 for Categorical, k = d for the normal mean).
"""
from __future__ import annotations

import argparse
import math
import multiprocessing
import os
import signal
import time

import sympy as sp


def categorical(K: int):
    import symfisher as sf

    k = sp.Symbol("k", integer=True)
    ps = sp.symbols(f"p1:{K}", positive=True)
    last = 1 - sum(ps)
    pieces = [(p, sp.Eq(k, i + 1)) for i, p in enumerate(ps)] + [(last, True)]
    bound = sp.Interval.open(0, sp.Rational(1, K))
    return sf.Model(sp.Piecewise(*pieces), k, ps, sp.FiniteSet(*range(1, K + 1)), {p: bound for p in ps})


def gaussian_mean(d: int):
    from symfisher.families.multivariate_normal import gaussian_mean_model

    diagonal = sp.symbols(f"s1:{d + 1}", positive=True)
    covariance = sp.Matrix(d, d, lambda i, j: diagonal[i] if i == j else
                           sp.Symbol(f"c{min(i, j) + 1}{max(i, j) + 1}", real=True) / (4 * d))
    return gaussian_mean_model(covariance)


def _timed(builder_name: str, size: int, queue) -> None:
    os.setsid()  # its own process group: stopping it at the cap stops its worker processes too
    start = time.perf_counter()
    model = globals()[builder_name](size)
    model.fisher()
    queue.put(time.perf_counter() - start)


def measure(builder_name: str, size: int, cap: float) -> float | None:
    context = multiprocessing.get_context("fork")
    queue = context.Queue()
    process = context.Process(target=_timed, args=(builder_name, size, queue))
    process.start()
    process.join(cap)
    if process.is_alive():
        try:
            os.killpg(process.pid, signal.SIGKILL)
        except ProcessLookupError:  # stopped before it had its own group
            process.kill()
        process.join()
        return None
    return queue.get() if not queue.empty() else None


def slope(points: list[tuple[float, float]]) -> float:
    xs = [math.log(x) for x, _ in points]
    ys = [math.log(y) for _, y in points]
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sum((x - mx) ** 2 for x in xs)


def run(label: str, builder_name: str, sizes: range, parameters, cap: float) -> None:
    print(f"{label}")
    finished = []
    for size in sizes:
        seconds = measure(builder_name, size, cap)
        k = parameters(size)
        if seconds is None:
            print(f"  size {size:2d} (k = {k:2d}): stopped at the {cap:g} s cap")
            break
        finished.append((k, seconds))
        print(f"  size {size:2d} (k = {k:2d}): {seconds:8.2f} s, {seconds / (k * (k + 1) / 2) * 1000:8.1f} ms "
              f"per expectation pair", flush=True)
    usable = [(k, s) for k, s in finished if k >= 2]
    if len(usable) >= 2:
        print(f"  growth exponent in k: {slope(usable):.2f} (k(k+1)/2 expectations alone would give 2)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--max-k", type=int, default=20)
    parser.add_argument("--max-d", type=int, default=6)
    parser.add_argument("--cap", type=float, default=300.0, help="seconds allowed to one size")
    args = parser.parse_args()
    run("Categorical, K − 1 free probabilities", "categorical", range(2, args.max_k + 1), lambda K: K - 1, args.cap)
    run("Normal mean, symbolic Σ", "gaussian_mean", range(1, args.max_d + 1), lambda d: d, args.cap)


if __name__ == "__main__":
    main()
