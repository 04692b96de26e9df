"""Kernel benchmark: symfisher's lambdified kernels against hand-written NumPy/SciPy, and against Monte Carlo.

    .venv/bin/python bench/kernels.py [--points N] [--repeats R]

1. On N points (default 10⁶), each kernel and an independently hand-written version are timed
   interleaved in one run (median of R ≥ 7): the Gamma (shape, rate) Fisher matrix, the Student-t score
   in (μ, σ, ν), the Normal score in (μ, σ²). Both results are compared (max relative difference).
   Goal: ratio kernel / hand-written ≤ 1.05.
2. For the Bernoulli and Gamma Fisher information, the time a Monte Carlo estimate (mean of s sᵀ over
   samples) needs to reach 1e-3 relative accuracy, against one exact kernel evaluation.
"""
from __future__ import annotations

import argparse
import statistics
import time

import numpy as np
import sympy as sp
from scipy import special

import symfisher as sf


def student_t_full() -> sf.Model:
    """Student-t with location μ, scale σ and degrees of freedom ν all unknown."""
    x, mu = sp.Symbol("x", real=True), sp.Symbol("mu", real=True)
    sigma, nu = sp.Symbol("sigma", positive=True), sp.Symbol("nu", positive=True)
    density = (sp.gamma((nu + 1) / 2) / (sp.sqrt(nu * sp.pi) * sigma * sp.gamma(nu / 2))
               * (1 + ((x - mu) / sigma) ** 2 / nu) ** (-(nu + 1) / 2))
    return sf.Model(density, x, (mu, sigma, nu), name="Student-t(μ, σ, ν)")


# ----------------------------------------------------------------------------- hand-written references
def gamma_fisher_by_hand(a, b):
    out = np.empty(np.broadcast(a, b).shape + (2, 2))
    out[..., 0, 0] = special.polygamma(1, a)
    out[..., 0, 1] = out[..., 1, 0] = -1.0 / b
    out[..., 1, 1] = a / b**2
    return out


def student_score_by_hand(x, mu, sigma, nu):
    z = (x - mu) / sigma
    w = nu + z * z
    out = np.empty(np.broadcast(x, mu, sigma, nu).shape + (3,))
    out[..., 0] = (nu + 1) * z / (sigma * w)
    out[..., 1] = ((nu + 1) * z * z / w - 1) / sigma
    out[..., 2] = 0.5 * (special.digamma((nu + 1) / 2) - special.digamma(nu / 2) - 1 / nu
                         - np.log1p(z * z / nu) + (nu + 1) * z * z / (nu * w))
    return out


def normal_score_by_hand(x, mu, v):
    d = x - mu
    out = np.empty(np.broadcast(x, mu, v).shape + (2,))
    out[..., 0] = d / v
    out[..., 1] = (d * d - v) / (2 * v * v)
    return out


def interleaved(first, second, args, repeats: int) -> tuple[float, float, float]:
    """Median times of two functions called alternately on the same arguments, and the median of the
    paired ratios (each pair timed back to back, so a slow spell of this shared machine hits both).

    ABBA order: which one runs first alternates, so neither always inherits the other's freed memory."""
    times_first, times_second = [], []
    pair = ((first, times_first), (second, times_second))
    for repeat in range(repeats):
        for function, times in pair if repeat % 2 == 0 else pair[::-1]:
            start = time.perf_counter()
            function(*args)
            times.append(time.perf_counter() - start)
    ratios = [a / b for a, b in zip(times_first, times_second)]
    return statistics.median(times_first), statistics.median(times_second), statistics.median(ratios)


def relative_gap(a, b) -> float:
    a, b = np.asarray(a), np.asarray(b)
    return float(np.max(np.abs(a - b) / np.maximum(np.abs(b), 1e-300)))


def speed(points: int, repeats: int) -> None:
    rng = np.random.default_rng(1)
    cases = [
        ("Gamma (shape, rate) Fisher", sf.families.get("gamma-shape-rate").lambdify("fisher"), gamma_fisher_by_hand,
         (rng.uniform(0.2, 30, points), rng.uniform(0.1, 5, points))),
        ("Student-t score (μ, σ, ν)", student_t_full().lambdify("score"), student_score_by_hand,
         (rng.standard_t(4, points), rng.normal(0, 1, points), rng.uniform(0.5, 3, points),
          rng.uniform(1, 30, points))),
        ("Normal score (μ, σ²)", sf.families.get("normal-mean-variance").lambdify("score"), normal_score_by_hand,
         (rng.normal(0, 2, points), rng.normal(0, 1, points), rng.uniform(0.5, 4, points))),
    ]
    print(f"{points:,} points, median of {repeats} interleaved runs; ratio = median of the paired ratios "
          f"(goal ≤ 1.05)\n")
    print(f"{'kernel':30} {'symfisher':>10} {'by hand':>10} {'ratio':>7} {'max rel. gap':>13}")
    for label, kernel, by_hand, args in cases:
        gap = relative_gap(kernel(*args), by_hand(*args))
        ours, theirs, ratio = interleaved(kernel, by_hand, args, repeats)
        print(f"{label:30} {ours * 1e3:8.1f}ms {theirs * 1e3:8.1f}ms {ratio:7.3f} {gap:13.1e}", flush=True)


def monte_carlo(repeats: int) -> None:
    """Samples (and time) for the Monte Carlo mean of s sᵀ to reach 1e-3 relative accuracy, vs one exact call."""
    rng = np.random.default_rng(2)
    print("\nMonte Carlo E[s sᵀ] to 1e-3 relative accuracy (95 %), against one exact kernel evaluation\n")
    print(f"{'model':26} {'samples':>12} {'MC time':>10} {'exact':>10} {'ratio':>10}")
    bernoulli = sf.families.get("bernoulli")
    gamma = sf.families.get("gamma-shape-rate")
    cases = [
        ("Bernoulli(p = 0.3)", bernoulli, (0.3,), lambda n: rng.binomial(1, 0.3, n).astype(float)),
        ("Gamma(α = 2.5, β = 1.5)", gamma, (2.5, 1.5), lambda n: rng.gamma(2.5, 1 / 1.5, n)),
    ]
    for label, model, params, sample in cases:
        score, fisher = model.lambdify("score"), model.lambdify("fisher")
        exact = np.atleast_2d(fisher(*params))
        pilot = score(sample(100_000), *params).reshape(100_000, -1)
        products = np.einsum("ni,nj->nij", pilot, pilot)
        # n such that 1.96·sd(sᵢsⱼ)/√n ≤ 1e-3·|I| for the worst entry (relative to the matrix's scale)
        scale = np.max(np.abs(exact))
        needed = int(np.max((1.96 * products.std(axis=0) / (1e-3 * scale)) ** 2)) + 1

        mc_time = statistics.median(_timed(mc_estimate, score, sample, needed, params)
                                    for _ in range(max(3, repeats // 3)))
        exact_time = statistics.median(_timed(fisher, *params) for _ in range(repeats))
        print(f"{label:26} {needed:12,} {mc_time * 1e3:8.1f}ms {exact_time * 1e6:8.1f}µs {mc_time / exact_time:10.0f}x")


def mc_estimate(score, sample, n: int, params: tuple) -> np.ndarray:
    """The Monte Carlo Fisher information: mean of s sᵀ over n fresh samples."""
    s = score(sample(n), *params).reshape(n, -1)
    return s.T @ s / n


def _timed(function, *args) -> float:
    start = time.perf_counter()
    function(*args)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--points", type=int, default=10**6)
    parser.add_argument("--repeats", type=int, default=21)
    options = parser.parse_args()
    speed(options.points, max(options.repeats, 7))
    monte_carlo(max(options.repeats, 7))


if __name__ == "__main__":
    main()
