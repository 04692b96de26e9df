"""Scaling benchmark: time of m.fisher() against K for Categorical and against d for N(μ, Σ).

    .venv/bin/python bench/scaling.py [--max-k 20] [--max-d 6] [--max-d-numeric 8] [--cap SECONDS]

Each size runs in its own process, stopped after --cap seconds (reported as such, not hidden). The
exponent of the growth is the least-squares slope of log(time) against log(size), over the sizes that
finished; the Fisher matrix needs k(k+1)/2 expectations, so the reference exponent is 2 in the number
k of parameters (k = K − 1 for Categorical, k = d for the normal mean). With symbolic Σ the answer
itself, Σ⁻¹, grows faster than any power of d, so the slope against the answer's size in terms is printed
too; and the same means with a numeric Σ = I + Hilbert(d), whose answer is k(k+1)/2 numbers, show the
engine's own growth in k.
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


def gaussian_mean_numeric(d: int):
    from symfisher.families.multivariate_normal import gaussian_mean_model

    return gaussian_mean_model(sp.Matrix(d, d, lambda i, j: int(i == j) + sp.Rational(1, i + j + 1)))


def _timed(builder_name: str, size: int, queue) -> None:
    os.setsid()  # its own process group: stopping it at the cap stops its worker processes too
    start = time.perf_counter()
    model = globals()[builder_name](size)
    information = model.fisher()
    queue.put((time.perf_counter() - start, answer_terms(information), len(model.view.moments)))


def answer_terms(matrix: sp.Matrix) -> int:
    """Terms of the Fisher matrix written out (numerator and denominator of each entry on and above the
    diagonal): with symbolic Σ the answer itself grows faster than any power of d (det Σ has 1, 2, 5, 17,
    73, 388 terms for d = 1…6), so time per term is the fair measure of the engine's own growth."""
    total = 0
    for i in range(matrix.rows):
        for j in range(i, matrix.cols):
            numerator, denominator = sp.fraction(sp.together(matrix[i, j]))
            total += sum(len(sp.Add.make_args(sp.expand(part))) for part in (numerator, denominator) if part != 0)
    return total


def measure(builder_name: str, size: int, cap: float) -> tuple[float, int, int] | None:
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
        measured = measure(builder_name, size, cap)
        k = parameters(size)
        if measured is None:
            print(f"  size {size:2d} (k = {k:2d}): stopped at the {cap:g} s cap")
            break
        seconds, terms, moments = measured
        finished.append((k, seconds, terms))
        print(f"  size {size:2d} (k = {k:2d}): {seconds:8.2f} s, {seconds / (k * (k + 1) / 2) * 1000:8.1f} ms "
              f"per expectation pair, {moments:3d} moments closed; answer {terms:6d} terms, "
              f"{seconds / terms * 1000:7.2f} ms per term", flush=True)
    usable = [(k, s, t) for k, s, t in finished if k >= 2]
    if len(usable) >= 2:
        print(f"  growth exponent in k: {slope([(k, s) for k, s, _ in usable]):.2f} (k(k+1)/2 expectations alone "
              f"would give 2); in the answer's terms: {slope([(t, s) for _, s, t in usable]):.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--max-k", type=int, default=20)
    parser.add_argument("--max-d", type=int, default=6)
    parser.add_argument("--max-d-numeric", type=int, default=8)
    parser.add_argument("--cap", type=float, default=300.0, help="seconds allowed to one size")
    args = parser.parse_args()
    run("Categorical, K − 1 free probabilities", "categorical", range(2, args.max_k + 1), lambda K: K - 1, args.cap)
    run("Normal mean, symbolic Σ", "gaussian_mean", range(1, args.max_d + 1), lambda d: d, args.cap)
    run("Normal mean, numeric Σ", "gaussian_mean_numeric", range(1, args.max_d_numeric + 1), lambda d: d, args.cap)


if __name__ == "__main__":
    main()
