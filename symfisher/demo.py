"""``python -m symfisher.demo [SPEC] [OUT_DIR]``: derive a gallery example and render its proof to PDF.

The default is the first worked example of the reference notes, Bernoulli(p) with the efficiency of x̄
(``gallery/bernoulli.toml``); the PDF goes to ``build/demo/``.
"""
from __future__ import annotations

import pathlib
import sys

from .gallery import load


def main(spec: str = "gallery/bernoulli.toml", out_dir: str = "build/demo") -> pathlib.Path:
    """Derive the example of ``spec``, print its summary, write its PDF to ``out_dir``; return the PDF."""
    example = load(pathlib.Path(spec))
    derivation = example.derive()
    print(derivation.summary())
    target = pathlib.Path(out_dir) / f"{example.name}.pdf"
    derivation.to_pdf(target, example.title)
    print(f"\nproof written to {target}")
    return target


if __name__ == "__main__":
    main(*sys.argv[1:3])
