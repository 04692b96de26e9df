"""Coverage benchmark: every catalogue family through m.fisher(), against a naive SymPy pipeline.

    .venv/bin/python bench/coverage.py [--budget SECONDS] [--only NAME ...] [--no-baseline]

For each family: the time of ``m.fisher()`` (both forms, checked to agree), the strategies that closed
its expectations, and whether the result is closed and equal to the textbook value. The baseline,
run alongside in the same process, integrates (or sums) p·sᵢ·sⱼ with plain SymPy under the same
budget per entry and is judged the same way. Non-regular families count as correct when refused.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time

import mpmath
import sympy as sp

import symfisher as sf
from symfisher import budget
from symfisher.errors import BudgetExceeded, NonRegularModel, SymfisherError
from symfisher.quantities.fisher_hessian import fisher_hessian
from symfisher.quantities.fisher_outer import fisher_outer


def equal_at_points(model: sf.Model, got: sp.Matrix, expected: sp.Matrix) -> bool:
    """Numeric equality at the model's sample points (30 digits), entry by entry."""
    if got.shape != expected.shape:
        return False
    for point in model.parameter_points(3):
        for a, b in zip(got.subs(point).evalf(30), expected.subs(point).evalf(30)):
            if not (a.is_number and b.is_number) or abs(complex(a - b)) > 1e-10 * max(1.0, abs(complex(b))):
                return False
    return True


def run_symfisher(name: str, seconds: float) -> dict:
    entry = sf.families.family(name)
    start = time.perf_counter()
    try:
        model = entry.build()
        model.budget = seconds
        info = model.fisher()
    except NonRegularModel:
        return {"time": time.perf_counter() - start, "closed": False, "correct": not entry.regular,
                "rules": "refused: non-regular"}
    except SymfisherError as exc:
        return {"time": time.perf_counter() - start, "closed": False, "correct": False,
                "rules": f"{type(exc).__name__}"}
    except Exception as exc:  # a crash is a bug: report it in the table, keep measuring the others
        return {"time": time.perf_counter() - start, "closed": False, "correct": False,
                "rules": f"CRASH {type(exc).__name__}: {str(exc)[:80]}"}
    elapsed = time.perf_counter() - start
    rules = set()
    for form in (fisher_outer, fisher_hessian):
        for expectation in form(model.view).entries.values():
            rules |= {t.rule for t in expectation.trace}
    correct = entry.regular and equal_at_points(model, info, entry.textbook_fisher())
    return {"time": elapsed, "closed": True, "correct": correct, "rules": ", ".join(sorted(rules))}


def run_naive(name: str, seconds: float) -> dict:
    """integrate/summation of p·sᵢ·sⱼ over the support, plain SymPy, ``seconds`` per entry."""
    entry = sf.families.family(name)
    model = entry.build()
    start = time.perf_counter()
    if not entry.regular:
        return {"time": 0.0, "closed": False, "correct": False}
    log_p = sp.log(model.density)
    score = [sp.diff(log_p, t) for t in model.params]
    k = len(score)
    info = sp.zeros(k, k)
    support = model.support
    try:
        for i in range(k):
            for j in range(i, k):
                integrand = model.density * score[i] * score[j]
                info[i, j] = info[j, i] = budget.within(seconds, _naive_integral, model, support, integrand)
    except (BudgetExceeded, Exception):  # the baseline fails however SymPy fails
        return {"time": time.perf_counter() - start, "closed": False, "correct": False}
    closed = not info.has(sp.Integral, sp.Sum, sp.nan, sp.zoo, sp.meijerg)
    try:
        correct = closed and equal_at_points(model, info, entry.textbook_fisher())
    except (TypeError, ValueError):
        correct = False
    return {"time": time.perf_counter() - start, "closed": closed, "correct": correct}


def _naive_integral(model, support, integrand):
    outcomes = support.finite_outcomes()
    variables = model.variables
    if outcomes is not None:
        return sp.simplify(sum(integrand.subs({v: o[w] for v, w in zip(variables, model.view.variables)})
                               for o in outcomes))
    limits = [(model.public(v), lo, hi) for v, lo, hi in support.limits()]
    if support.discrete:
        return sp.simplify(sp.summation(integrand, *limits))
    return sp.simplify(sp.integrate(integrand, *limits))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--budget", type=float, default=20.0, help="seconds per symbolic call (both pipelines)")
    parser.add_argument("--only", nargs="*", help="family names (default: the whole catalogue)")
    parser.add_argument("--no-baseline", action="store_true")
    args = parser.parse_args()
    names = args.only or sf.families.names()
    rows = []
    print(f"{'family':26} {'symfisher':>10} {'ok':>3}  {'naive':>8} {'ok':>3}  rules")
    for name in names:
        ours = run_symfisher(name, args.budget)
        naive = {"time": float("nan"), "closed": False, "correct": False} if args.no_baseline \
            else run_naive(name, args.budget)
        rows.append((name, ours, naive))
        print(f"{name:26} {ours['time']:9.2f}s {'✓' if ours['correct'] else '✗':>3}  {naive['time']:7.2f}s "
              f"{'✓' if naive['correct'] else '✗':>3}  {ours['rules']}", flush=True)
    for label, index in (("symfisher", 1), ("naive SymPy", 2)):
        times = [row[index]["time"] for row in rows]
        correct = sum(row[index]["correct"] for row in rows)
        print(f"{label:12}: correct {correct}/{len(rows)}, median {statistics.median(times):.2f} s, "
              f"total {sum(times):.1f} s")
    wrong = [row[0] for row in rows if row[1]["closed"] and not row[1]["correct"]]
    print(f"symfisher closed but wrong: {wrong or 'none'}")
    sys.exit(1 if wrong else 0)


if __name__ == "__main__":
    mpmath.mp.dps = 30
    main()
