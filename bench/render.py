"""Render benchmark: time from m.derive() to a finished PDF for every gallery example.

    .venv/bin/python bench/render.py [--runs N] [--only NAME ...]

Per example, the median over N runs (SymPy's cache cleared before each, so every run derives from
scratch) of: derive (the whole derivation with its checks), render (Jinja → LaTeX) and compile (latexmk,
pdflatex). The baseline, measured in the same run, is latexmk on a one-line document: the fixed cost of
starting TeX that any PDF pays. Goal: one parameter under 2 s end to end, two parameters under 4 s.
"""
from __future__ import annotations

import argparse
import pathlib
import statistics
import tempfile
import time

from sympy.core.cache import clear_cache

from symfisher import gallery
from symfisher.render.document import to_latex
from symfisher.render.pdf import compile_pdf

ROOT = pathlib.Path(__file__).resolve().parents[1]
MINIMAL = "\\documentclass{article}\n\\begin{document}\nx\n\\end{document}\n"
GOALS = {1: 2.0, 2: 4.0}


def timed(function, *args):
    start = time.perf_counter()
    result = function(*args)
    return result, time.perf_counter() - start


def measure(example: gallery.Example, folder: pathlib.Path, runs: int) -> dict:
    derive_times, render_times, compile_times = [], [], []
    params = 0
    for _ in range(runs):
        clear_cache()
        derivation, seconds = timed(example.derive)
        derive_times.append(seconds)
        params = len(derivation.model.params)
        source, seconds = timed(to_latex, derivation, example.title)
        render_times.append(seconds)
        _, seconds = timed(compile_pdf, source, folder / f"{example.name}.pdf")
        compile_times.append(seconds)
    derive, render, compile_ = (statistics.median(t) for t in (derive_times, render_times, compile_times))
    return {"name": example.name, "k": params, "derive": derive, "render": render, "compile": compile_,
            "total": derive + render + compile_}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--only", nargs="*", default=None)
    options = parser.parse_args()
    examples = [e for e in gallery.examples(ROOT / "gallery") if not options.only or e.name in options.only]
    with tempfile.TemporaryDirectory() as folder:
        folder = pathlib.Path(folder)
        baseline = statistics.median(timed(compile_pdf, MINIMAL, folder / "minimal.pdf")[1] for _ in range(options.runs))
        print(f"baseline: latexmk on a one-line document {baseline:.2f} s (median of {options.runs})\n")
        print(f"{'example':24} {'k':>2} {'derive':>8} {'render':>8} {'compile':>8} {'total':>8} "
              f"{'compile/baseline':>17} {'goal':>6}")
        met = []
        for example in examples:
            row = measure(example, folder, options.runs)
            goal = GOALS.get(row["k"])
            verdict = "-" if goal is None else ("ok" if row["total"] <= goal else "MISSED")
            met.append(verdict)
            print(f"{row['name']:24} {row['k']:>2} {row['derive']:7.2f}s {row['render']:7.2f}s {row['compile']:7.2f}s "
                  f"{row['total']:7.2f}s {row['compile'] / baseline:16.2f}x {verdict:>6}", flush=True)
    judged = [v for v in met if v != "-"]
    print(f"\ngoal met for {judged.count('ok')} of {len(judged)} one- and two-parameter examples")


if __name__ == "__main__":
    main()
