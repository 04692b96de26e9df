"""The ``symfisher`` command: derive, verify, family, export, gallery.

Every failure symfisher diagnoses is one line on stderr and exit status 2 (``--debug`` shows the
traceback); ``verify`` exits 0 for a right claim and 1 for a wrong one; 3 means a bug of ours. A step that runs longer than a
second is announced on stderr, so a slow derivation never looks hung.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import threading
from collections.abc import Sequence
from typing import TextIO


from . import families
from .errors import ArgumentError, ParseError, SymfisherError
from .input.claims import is_latex
from .kernels.export import export
from .model import Model
from .model.model import DEFAULT_BUDGET_SECONDS
from .quantities import KERNEL_QUANTITIES
from .render.files import output_file
from .render.json import as_json
from .render.plain import plain
from .sandbox import run_limited
from .verify import QUANTITIES, verify
from .version import __version__

EXIT_WRONG, EXIT_UNUSABLE = 1, 2  # and 0: success; a bug of ours is reported as unusable input, with its name
PROGRESS_DELAY = 1.0
TIME_LIMIT = 3 * DEFAULT_BUDGET_SECONDS + 10  # seconds for one command
MEMORY_LIMIT_GB = 2.0                          # address space of the command's process
_PER_COMMAND = object()                        # --time-limit not given: TIME_LIMIT, or none for gallery

_DERIVE_EXAMPLES = """examples:
  symfisher derive 'theta**x*(1-theta)**(1-x)' --var x --param 'theta in (0,1)' --support '{0,1}'
  symfisher derive '\\lambda e^{-\\lambda x}' --param 'lambda>0' --support '[0,oo)' --json
  symfisher derive --family gamma-shape-rate --pdf gamma.pdf
"""
_VERIFY_EXAMPLES = """examples:
  symfisher verify 'p*(1-p)**x' --param 'p in (0,1)' --support '{0,1,2,...}' --fisher '1/(p**2*(1-p))'
  symfisher verify '\\frac{1}{\\sqrt{2\\pi}\\sigma} e^{-x^2/(2\\sigma^2)}' --param 'sigma>0' --fisher '2/\\sigma^2'
exit status: 0 every claim is right, 1 a claim is wrong (a point where it differs is printed), 2 unusable input
"""
_EXPORT_EXAMPLES = """examples:
  symfisher export --family gamma-shape-rate --to gamma_kernels.py
  symfisher export 'lambda*exp(-lambda*x)' --param 'lambda>0' --support '[0,oo)' --to kernels.py --quantities score,fisher
"""


class Progress:
    """Shows the running step on ``stream`` once the work has taken longer than ``delay`` seconds."""

    def __init__(self, stream: TextIO = sys.stderr, delay: float = PROGRESS_DELAY):
        self.stream, self.step, self.visible = stream, "reading the model", False
        self._lock = threading.Lock()
        self._timer = threading.Timer(delay, self._reveal)
        self._timer.daemon = True
        self._timer.start()

    def __call__(self, step: str) -> None:
        with self._lock:
            self.step = step
            if self.visible:
                self._show()

    def _reveal(self) -> None:
        with self._lock:
            self.visible = True
            self._show()

    def _show(self) -> None:
        print(f"symfisher: {self.step} …", file=self.stream, flush=True)

    def close(self) -> None:
        self._timer.cancel()

    def __enter__(self) -> "Progress":
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line ``argv``; return the exit status. The work runs in a child process under the
    time and memory limits (``--time-limit``, ``--memory-limit``), which hold even inside C code."""
    parser = _parser()
    arguments = parser.parse_args(argv)
    seconds = arguments.time_limit
    if seconds is _PER_COMMAND:  # a gallery regenerates many examples: no overall limit unless asked
        seconds = None if arguments.run is _gallery else TIME_LIMIT
    if seconds is None and arguments.memory_limit is None:
        return _run(arguments)
    memory = None if arguments.memory_limit is None else int(arguments.memory_limit * 2**30)
    return run_limited(lambda: _run(arguments), seconds, memory)


def _run(arguments: argparse.Namespace) -> int:
    """One command, its errors as one line on stderr and an exit status."""
    try:
        return arguments.run(arguments)
    except BrokenPipeError:  # the reader went away (symfisher family list | head): not an error
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - Python's shutdown flush must not fail again
        return 0
    except (SymfisherError, OSError) as exc:
        if arguments.debug:
            raise
        print(f"symfisher: error: {' '.join(str(exc).split())}", file=sys.stderr)
        return EXIT_UNUSABLE
    except KeyboardInterrupt:
        print("symfisher: interrupted", file=sys.stderr)
        return 130
    except Exception as exc:  # a bug of ours or of a library: still one line, and a way to see more
        if arguments.debug:
            raise
        print(f"symfisher: internal error ({type(exc).__name__}: {' '.join(str(exc).split())[:300]}); "
              f"please report it, --debug shows the traceback", file=sys.stderr)
        return EXIT_UNUSABLE


# ----------------------------------------------------------------- subcommands
def _derive(arguments: argparse.Namespace) -> int:
    with Progress() as progress:
        model = _model(arguments, progress)
        derivation = model.derive(progress=progress)
        if arguments.tex or arguments.pdf:
            progress("writing the proof")
        if arguments.tex:
            output_file(arguments.tex, "LaTeX proof").write_text(derivation.to_latex(arguments.title),
                                                                 encoding="utf-8")
        if arguments.pdf:
            derivation.to_pdf(arguments.pdf, arguments.title)
    if arguments.json:
        print(json.dumps(as_json(derivation), indent=2, ensure_ascii=False))
    else:
        print(derivation.summary())
    for written in (arguments.tex, arguments.pdf):
        if written:
            print(f"wrote {written}", file=sys.stderr)
    return 0


def _verify(arguments: argparse.Namespace) -> int:
    claims = [(quantity, getattr(arguments, quantity)) for quantity in QUANTITIES if getattr(arguments, quantity)]
    if not claims:
        raise ArgumentError(f"nothing to verify: give {' or '.join('--' + q for q in QUANTITIES)}")
    with Progress() as progress:
        model = _model(arguments, progress)
        verdicts = []
        for quantity, claim in claims:
            progress(f"deriving and comparing the {QUANTITIES[quantity]}")
            verdicts.append(verify(model, claim, quantity))
    for verdict in verdicts:
        print(f"{'right' if verdict.ok else 'WRONG'}: {verdict.detail}")
    return 0 if all(verdicts) else EXIT_WRONG


def _family_list(arguments: argparse.Namespace) -> int:
    width = max(map(len, families.names()))
    for name in families.names():
        entry = families.family(name)
        status = "" if entry.regular else "  [non-regular: refused, with the reason]"
        print(f"{name:<{width}}  {entry.reference}{status}")
    return 0


def _family_show(arguments: argparse.Namespace) -> int:
    entry = families.family(arguments.name)
    model = entry.build()
    print(f"{entry.name}: {entry.reference}")
    print(f"density: {plain(model.density)}")
    print(f"variables: {', '.join(map(plain, model.variables))}; parameters: {', '.join(map(plain, model.params))}; "
          f"support: {model.public_support_text()}")
    if arguments.pdf:
        with Progress() as progress:
            derivation = model.derive(progress=progress)
            progress("writing the proof")
            derivation.to_pdf(arguments.pdf, f"{entry.name}: Fisher information")
        print(f"wrote {arguments.pdf}", file=sys.stderr)
    return 0


def _export(arguments: argparse.Namespace) -> int:
    quantities = tuple(q.strip() for q in arguments.quantities.split(",") if q.strip())
    unknown = [q for q in quantities if q not in KERNEL_QUANTITIES]
    if unknown or not quantities:
        raise ArgumentError(f"unknown quantity {unknown[0] if unknown else '(none)'}; choose from "
                             f"{', '.join(KERNEL_QUANTITIES)}")
    with Progress() as progress:
        model = _model(arguments, progress)
        progress("generating the kernels")
        path = export(model, arguments.to, quantities)
    print(f"wrote {path}: {', '.join(quantities)}")
    return 0


def _gallery(arguments: argparse.Namespace) -> int:
    from .gallery import main as gallery_main

    gallery_main(arguments.folder)
    return 0


# ----------------------------------------------------------------- the model from the command line
def _model(arguments: argparse.Namespace, progress: Progress) -> Model:
    progress("reading the model and checking that it normalises")
    if arguments.family:
        if arguments.density:
            raise ArgumentError("give either a DENSITY or --family, not both")
        return families.get(arguments.family)
    if not arguments.density:
        raise ArgumentError("give a DENSITY (LaTeX or SymPy syntax) or --family NAME")
    if not arguments.param:
        raise ArgumentError("declare the parameters with --param, e.g. --param 'theta in (0,1)'")
    latex = arguments.latex or (not arguments.text and is_latex(arguments.density))
    build = Model.from_latex if latex else Model.from_text
    try:
        return build(arguments.density, arguments.var or ["x"], arguments.param, _support(arguments.support),
                     constants=arguments.const or ())
    except ParseError as exc:
        if latex or arguments.text or not str(exc).startswith("cannot parse"):
            raise
        raise ParseError(f"{exc} (DENSITY was read as SymPy syntax: it has no backslash or braces; add --latex to "
                         f"read it as LaTeX)") from None


def _support(specs: list[str] | None) -> str | dict | None:
    """One set for one variable; ``VAR=SET`` for each of several variables."""
    if not specs:
        return None
    if len(specs) == 1 and "=" not in specs[0]:
        return specs[0]
    pairs = [spec.split("=", 1) for spec in specs]
    if any(len(pair) != 2 for pair in pairs):
        raise ArgumentError("with several --support options, write each as VAR=SET, e.g. --support 'x1=(-oo,oo)'")
    return {name.strip(): the_set.strip() for name, the_set in pairs}


# ----------------------------------------------------------------- the parser
def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="symfisher", description=(
        "Score, Fisher information and Cramér–Rao bounds in closed form, with proofs."))
    parser.add_argument("--version", action="version", version=f"symfisher {__version__}")
    parser.add_argument("--debug", action="store_true", help="show the traceback of an error")
    parser.add_argument("--time-limit", type=_limit, default=_PER_COMMAND, metavar="SECONDS",
                        help=f"stop the command after SECONDS (default {TIME_LIMIT:g}: three budgets of "
                             f"{DEFAULT_BUDGET_SECONDS:g} s and ten more; none for gallery; 'none' for no limit)")
    parser.add_argument("--memory-limit", type=_limit, default=MEMORY_LIMIT_GB, metavar="GB",
                        help=f"address space the command may use (default {MEMORY_LIMIT_GB:g}; 'none' for no limit)")
    parser.set_defaults(debug=False)
    commands = parser.add_subparsers(title="commands", required=True, metavar="COMMAND")

    derive = _command(commands, "derive", "derive the score, Fisher information and bound", _DERIVE_EXAMPLES)
    _model_options(derive)
    derive.add_argument("--json", action="store_true", help="print the results as JSON (expressions in SymPy syntax)")
    derive.add_argument("--tex", metavar="FILE", help="write the proof as a LaTeX document")
    derive.add_argument("--pdf", metavar="FILE", help="write the proof as a PDF (needs latexmk and pdflatex)")
    derive.add_argument("--title", help="the proof's title")
    derive.set_defaults(run=_derive)

    check = _command(commands, "verify", "check a claimed Fisher information, score or bound", _VERIFY_EXAMPLES)
    _model_options(check)
    for quantity, label in QUANTITIES.items():
        check.add_argument(f"--{quantity}", metavar="CLAIM", help=f"the claimed {label} (LaTeX or SymPy syntax; "
                           "a matrix as [[a, b], [c, d]] or a pmatrix; a symbol n is the sample size)")
    check.set_defaults(run=_verify)

    family = _command(commands, "family", "the catalogue of named families",
                      "examples:\n  symfisher family list\n  symfisher family show poisson --pdf poisson.pdf\n")
    family_commands = family.add_subparsers(title="family commands", required=True, metavar="ACTION")
    listing = _command(family_commands, "list", "list every family with its source",
                       "examples:\n  symfisher family list\n  symfisher family list | grep normal\n")
    listing.set_defaults(run=_family_list)
    show = _command(family_commands, "show", "show a family's model; --pdf writes its derivation",
                    "examples:\n  symfisher family show weibull\n  symfisher family show beta --pdf beta.pdf\n")
    show.add_argument("name", metavar="NAME", help="a name from 'symfisher family list'")
    show.add_argument("--pdf", metavar="FILE", help="write the family's derivation as a PDF")
    show.set_defaults(run=_family_show)

    kernels = _command(commands, "export", "write numeric kernels as a standalone Python module", _EXPORT_EXAMPLES)
    _model_options(kernels)
    kernels.add_argument("--to", metavar="FILE", required=True, help="the Python module to write")
    kernels.add_argument("--quantities", default=",".join(KERNEL_QUANTITIES),
                         help=f"comma-separated, from {', '.join(KERNEL_QUANTITIES)} (default: all)")
    kernels.set_defaults(run=_export)

    gallery = _command(commands, "gallery", "regenerate the worked examples (.tex, .pdf, .png) of a folder",
                       "examples:\n  symfisher gallery\n  symfisher gallery my-examples/\n")
    gallery.add_argument("folder", nargs="?", default="gallery", help="a folder of TOML specs (default: gallery)")
    gallery.set_defaults(run=_gallery)
    return parser


def _limit(text: str) -> float | None:
    """A positive number, or 'none'."""
    if text.strip().lower() == "none":
        return None
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a positive number or 'none', not {text!r}") from None
    if not (0 < value < float("inf")):
        raise argparse.ArgumentTypeError(f"expected a positive number or 'none', not {text!r}")
    return value


def _command(commands, name: str, summary: str, examples: str) -> argparse.ArgumentParser:
    parser = commands.add_parser(name, help=summary, description=summary, epilog=examples,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--debug", action="store_true", default=argparse.SUPPRESS,
                        help="show the traceback of an error")
    return parser


def _model_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("density", metavar="DENSITY", nargs="?",
                        help="the density or mass function: LaTeX if it has a backslash or braces, else SymPy syntax")
    parser.add_argument("--family", metavar="NAME", help="a catalogue family instead of a DENSITY")
    parser.add_argument("--var", action="append", metavar="NAME", help="a variable (repeat for several; default x)")
    parser.add_argument("--param", action="append", metavar="SPEC",
                        help="a parameter: 'theta in (0,1)', 'sigma>0' or 'mu' (real); repeat, in order")
    parser.add_argument("--const", action="append", metavar="SPEC", help="a known constant, e.g. 'n in {1,2,...}'")
    parser.add_argument("--support", action="append", metavar="SET",
                        help="'{0,1}', '[0,oo)', '{0,1,2,...}', '{0,...,n}' (default the real line); "
                             "VAR=SET for each of several variables")
    kind = parser.add_mutually_exclusive_group()
    kind.add_argument("--latex", action="store_true", help="read DENSITY as LaTeX")
    kind.add_argument("--text", action="store_true", help="read DENSITY as SymPy syntax")


if __name__ == "__main__":
    sys.exit(main())
