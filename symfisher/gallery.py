"""The gallery of worked examples: one TOML spec each, rendered to .tex, .pdf and a PNG of page one.

A spec names a catalogue family and, optionally, a statistic whose sample mean is tested for efficiency
and a change of parameters whose Jacobian the proof shows:

    title = "Bernoulli: Fisher information and the efficiency of the sample mean"
    family = "bernoulli"
    statistic = "x"                       # optional, SymPy syntax over the model's symbols
    [reparametrize]                       # optional
    params = { eta = "real" }             # new parameters and their domain: "real" or "positive"
    mapping = { p = "1/(1 + exp(-eta))" } # old parameter = expression in the new ones

``python -m symfisher.gallery [FOLDER]`` (or ``make gallery``) regenerates every example and the index.
"""
from __future__ import annotations

import pathlib
import shutil
import subprocess
import sys
from dataclasses import dataclass

import sympy as sp

from . import families
from .derivation import Derivation
from .doors import door
from .errors import ArgumentError, RenderError
from .model import Model
from .input.text import parse_expression
from .render.pdf import compile_pdf

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

DEFAULT_FOLDER = pathlib.Path("gallery")
_DOMAINS = {"real": {"real": True}, "positive": {"positive": True}}


@dataclass(frozen=True)
class Example:
    """One gallery spec, read from ``<name>.toml``."""

    name: str
    title: str
    family: str
    statistic: str | None = None
    reparametrize: dict | None = None

    def model(self) -> Model:
        """The catalogue model, reparameterised when the spec asks."""
        model = families.get(self.family)
        if self.reparametrize is None:
            return model
        new = {name: sp.Symbol(name, **_domain(kind)) for name, kind in self.reparametrize["params"].items()}
        old = {str(p): p for p in model.params}
        known = {**_data_symbols(model), **new}
        mapping = {}
        for name, text in self.reparametrize["mapping"].items():
            if name not in old:
                raise ArgumentError(f"{self.name}: {name!r} is not a parameter of {self.family} ({', '.join(old)})")
            mapping[old[name]] = parse_expression(text, known)
        return model.reparametrize(mapping, params=tuple(new.values()))

    def derive(self) -> Derivation:
        model = self.model()
        statistic = None
        if self.statistic is not None:
            statistic = parse_expression(self.statistic, _data_symbols(model))
        return model.derive(statistic=statistic)


def _data_symbols(model: Model) -> dict:
    """Names a spec may use besides new parameters: the data and the known constants."""
    return {str(s): s for s in (*model.variables, *model.constants)}


def _domain(kind: str) -> dict:
    if kind not in _DOMAINS:
        raise ArgumentError(f"a new parameter's domain is one of {sorted(_DOMAINS)}, not {kind!r}")
    return _DOMAINS[kind]


def load(path: pathlib.Path) -> Example:
    """The Example of the spec at ``path``; ArgumentError on unknown or missing keys."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ArgumentError(f"{path}: not a TOML spec ({exc})") from None
    allowed = {"title", "family", "statistic", "reparametrize"}
    if set(data) - allowed or not {"title", "family"} <= set(data):
        raise ArgumentError(f"{path}: a spec has title, family and optionally statistic, reparametrize; "
                            f"got {sorted(data)}")
    wrong = [key for key in ("title", "family", "statistic") if key in data and not isinstance(data[key], str)]
    if wrong:
        raise ArgumentError(f"{path}: {', '.join(wrong)} must be text (in quotes)")
    change = data.get("reparametrize")
    if change is not None and (not isinstance(change, dict) or set(change) != {"params", "mapping"}):
        raise ArgumentError(f"{path}: [reparametrize] has exactly params and mapping; got {change!r}")
    return Example(path.stem, **data)


def examples(folder: pathlib.Path = DEFAULT_FOLDER) -> list[Example]:
    """Every spec in ``folder``, by name."""
    return [load(path) for path in sorted(pathlib.Path(folder).glob("*.toml"))]


@door("render the gallery example")
def render(example: Example, folder: pathlib.Path = DEFAULT_FOLDER) -> pathlib.Path:
    """Write ``<name>.tex``, ``<name>.pdf`` and ``<name>.png`` (page one) beside the spec; return the PDF."""
    folder = pathlib.Path(folder)
    source = example.derive().to_latex(example.title)
    (folder / f"{example.name}.tex").write_text(source, encoding="utf-8")
    pdf = folder / f"{example.name}.pdf"
    compile_pdf(source, pdf)
    preview(pdf)
    return pdf


def preview(pdf: pathlib.Path, resolution: int = 80) -> pathlib.Path:
    """A PNG of the first page of ``pdf`` beside it (pdftoppm, from poppler-utils)."""
    if shutil.which("pdftoppm") is None:
        raise RenderError("pdftoppm (poppler-utils) is needed for gallery previews: run `bash tools/ensure-tex.sh`")
    subprocess.run(["pdftoppm", "-png", "-r", str(resolution), "-f", "1", "-l", "1", "-singlefile",
                    str(pdf), str(pdf.with_suffix(""))], check=True, capture_output=True, timeout=60)
    return pdf.with_suffix(".png")


def index(items: list[Example]) -> str:
    """gallery/README.md: each example's title, links to its files and the preview of its first page."""
    lines = ["# Gallery", "",
             "Worked derivations produced by symfisher, each from the spec beside it. Regenerate them all with",
             "`make gallery` (or `python -m symfisher.gallery`); a test checks that every `.tex` here is what the",
             "code produces now and that it compiles without overfull boxes.", ""]
    for item in items:
        lines += [f"## {item.title}", "",
                  f"[PDF]({item.name}.pdf) · [LaTeX]({item.name}.tex) · [spec]({item.name}.toml) · family "
                  + f"`{item.family}`", "",
                  f"[![{item.name}, page 1]({item.name}.png)]({item.name}.pdf)", ""]
    return "\n".join(lines)


@door("regenerate the gallery")
def main(folder: str | pathlib.Path = DEFAULT_FOLDER) -> list[pathlib.Path]:
    """Regenerate every example in ``folder`` and its index; print each PDF written."""
    folder = pathlib.Path(folder)
    if not folder.is_dir():
        raise ArgumentError(f"{folder} is not a folder of gallery specs (*.toml)")
    items = examples(folder)
    if not items:
        raise ArgumentError(f"{folder} holds no gallery specs (*.toml): nothing to regenerate")
    written = []
    for item in items:
        written.append(render(item, folder))
        print(f"wrote {written[-1]}", flush=True)
    (folder / "README.md").write_text(index(items), encoding="utf-8")
    return written


if __name__ == "__main__":
    main(*sys.argv[1:2])
