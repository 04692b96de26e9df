"""LaTeX to PDF with latexmk driving pdflatex: in a temporary folder, no shell escape, no network."""
from __future__ import annotations

import os
import pathlib
import re
import shutil
import subprocess
import tempfile

from ..errors import RenderError
from .files import output_file

COMPILE_SECONDS = 120
# Fixed dates make the PDF a function of its source: regenerating the gallery changes no unchanged file.
_REPRODUCIBLE = {**os.environ, "SOURCE_DATE_EPOCH": "0", "FORCE_SOURCE_DATE": "1"}
_LATEXMK = ["latexmk", "-pdf", "-interaction=nonstopmode", "-halt-on-error", "-no-shell-escape",
            "-file-line-error", "-quiet"]


def compile_pdf(source: str, target: str | pathlib.Path) -> str:
    """Compile the LaTeX ``source`` into the PDF ``target``; return TeX's log (for overfull-box checks).

    Raises:
        RenderError: when latexmk is missing, times out, or TeX reports an error (with the log's
            relevant lines).
    """
    if shutil.which("latexmk") is None or shutil.which("pdflatex") is None:
        raise RenderError("latexmk and pdflatex are needed for PDFs: run `bash tools/ensure-tex.sh` (as root) or "
                          "apt-get install texlive-latex-base texlive-latex-recommended latexmk")
    target = output_file(target, "PDF")
    with tempfile.TemporaryDirectory(prefix="symfisher-") as folder:
        tex_file = pathlib.Path(folder) / "derivation.tex"
        tex_file.write_text(source, encoding="utf-8")
        try:
            subprocess.run([*_LATEXMK, tex_file.name], cwd=folder, capture_output=True, text=True,
                           timeout=COMPILE_SECONDS, stdin=subprocess.DEVNULL, check=False, env=_REPRODUCIBLE)
        except subprocess.TimeoutExpired:
            raise RenderError(f"latexmk did not finish in {COMPILE_SECONDS} s") from None
        pdf = tex_file.with_suffix(".pdf")
        log = tex_file.with_suffix(".log")
        errors = log_errors(log.read_text(encoding="utf-8", errors="replace")) if log.exists() else []
        if errors or not pdf.exists():
            raise RenderError("TeX failed:\n" + "\n".join(errors or ["no PDF and no log were produced"]))
        shutil.copyfile(pdf, target)
        return log.read_text(encoding="utf-8", errors="replace")


def log_errors(log: str) -> list[str]:
    """The error lines of a TeX log (``file:line: message`` or ``! message``) with the line after each."""
    lines = log.splitlines()
    found = []
    for index, line in enumerate(lines):
        if line.startswith("!") or re.match(r"^[^:\s]+\.tex:\d+: ", line):
            found += lines[index:index + 3]
    return found


def overfull_boxes(log: str) -> list[str]:
    """Overfull box warnings of a TeX log: text that runs into the margin."""
    return [line for line in log.splitlines() if line.startswith("Overfull \\hbox")]
