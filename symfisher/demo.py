"""``python -m symfisher.demo``: derive a worked example and write its derivation to build/demo/."""
from __future__ import annotations

import pathlib
import sys

import sympy as sp

from .model import Model


def bernoulli() -> Model:
    """Bernoulli(θ), the first worked example of the reference notes."""
    x, theta = sp.Symbol("x"), sp.Symbol("theta")
    return Model(theta**x * (1 - theta) ** (1 - x), variables=x, params=theta, support=sp.FiniteSet(0, 1),
                 domain={theta: sp.Interval.open(0, 1)}, name="Bernoulli")


def main(out_dir: str = "build/demo") -> pathlib.Path:
    """Derive the Bernoulli example, print it and write it to ``out_dir``; return the file written."""
    derivation = bernoulli().derive()
    text = derivation.summary()
    target = pathlib.Path(out_dir) / "bernoulli.txt"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text + "\n", encoding="utf-8")
    print(text)
    print(f"\nwritten to {target}")
    return target


if __name__ == "__main__":
    main(*sys.argv[1:2])
