"""Fuzz the public API and the command for a while; print how every input ended.

    .venv/bin/python bench/fuzz.py [--minutes 10] [--seed 0]

Inputs and judging are those of ``tests/fuzz.py`` (formulas in SymPy syntax and LaTeX, specs, densities
negative by construction, command lines; each in a child process limited to 2 GB, a hang being anything
past 3 × its budget + 10 s). Exit status 1 when any input crashed, hung, escaped or had a negative
density accepted; the first few of each are printed.
"""
from __future__ import annotations

import argparse
import collections
import pathlib
import statistics
import sys
import time

from hypothesis import HealthCheck, Phase, given, seed, settings

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent / "tests"))

from fuzz import cases, judge, verdict_of  # noqa: E402 - the tests folder holds the fuzzer


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=10.0)
    parser.add_argument("--seed", type=int, default=0)
    arguments = parser.parse_args()
    counts: collections.Counter = collections.Counter()
    kinds: collections.Counter = collections.Counter()
    findings: dict[str, list[str]] = collections.defaultdict(list)
    times: list[float] = []
    end = time.monotonic() + 60 * arguments.minutes

    # generate only (no shrinking: every input counts once), at most fifty inputs a second; past the
    # end, the remaining examples return at once
    @seed(arguments.seed)
    @settings(max_examples=int(arguments.minutes * 60 * 50), deadline=None, database=None, phases=[Phase.generate],
              suppress_health_check=list(HealthCheck))
    @given(cases())
    def run(case) -> None:
        if time.monotonic() >= end:
            return
        outcome = judge(case)
        verdict = verdict_of(outcome)
        counts[verdict] += 1
        kinds[case.kind] += 1
        times.append(outcome.seconds)
        if verdict not in ("ok", "typed") and len(findings[verdict]) < 5:
            findings[verdict].append(outcome.detail[:400])

    run()
    total = sum(counts.values())
    print(f"{total} inputs in {arguments.minutes:g} min ({', '.join(f'{k} {v}' for k, v in sorted(kinds.items()))})")
    for verdict in ("ok", "typed", "crash", "hang", "escape", "negative accepted"):
        print(f"  {verdict:18} {counts[verdict]}")
    if times:
        print(f"  median input       {statistics.median(times):.2f} s; slowest {max(times):.1f} s")
    for verdict, details in findings.items():
        print(f"{verdict}:")
        for detail in details:
            print(f"  {detail}")
    return 1 if any(counts[v] for v in ("crash", "hang", "escape", "negative accepted")) else 0


if __name__ == "__main__":
    sys.exit(main())
