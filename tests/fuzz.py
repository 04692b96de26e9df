"""The fuzzer: random and hostile inputs for the public API and the command, each judged in a child process.

Inputs come from hypothesis strategies: formulas in SymPy syntax and in LaTeX built from a grammar that
mixes valid pieces (declared names, whitelisted functions) with huge numbers, unknown names, attribute
access, dunders, lambdas, broken brackets and stray bytes; parameter and support specs; densities that are
negative somewhere by construction; and command lines. Each input runs in a forked child with a memory
limit (2 GB) and is judged:

- "ok" or "typed": the call returned, or raised a ``SymfisherError`` (the command: exit status 0, 1 or 2);
- "crash": any other exception, a signal, or another exit status;
- "hang": still running at 3 × its budget + 10 s (a call builds the model and derives its score);
- "escape": a file appeared that an attack payload would have written;
- "negative accepted": a density negative by construction was accepted.

``tests/test_fuzz.py`` runs a short round in the suite; ``bench/fuzz.py --minutes 10`` a long one.
"""
from __future__ import annotations

import functools
import os
import pathlib
import resource
import signal
import subprocess
import sys
import tempfile
import time
import traceback
from dataclasses import dataclass

from hypothesis import strategies as st

BUDGET = 2.0                      # seconds per symbolic call in the fuzzed models
HANG_AFTER = 3 * BUDGET + 10      # the bound: nothing runs past 3 × its budget + 10 s
MEMORY = 2 * 2**30                # and no process over 2 GB
SENTINEL = pathlib.Path(tempfile.gettempdir()) / "symfisher-fuzz-escaped"

NAMES = ["x", "theta", "mu", "sigma", "lambda", "p", "n", "k", "alpha", "beta", "z", "undeclared", "θ", "x²"]
FUNCTIONS = ["exp", "log", "sqrt", "gamma", "factorial", "binomial", "polygamma", "digamma", "besseli", "Abs",
             "sin", "tanh", "erf", "Heaviside", "sign", "eval", "open", "__import__", "getattr", "lambdify"]
NUMBERS = ["0", "1", "2", "1/2", "0.3", "7", "10**9", "10**999", "9**9**9", "1e309", "1e-320", "-385166",
           "355", "4" * 120, "nan", "oo", "pi", "E"]
ATTACKS = [f'__import__("os").system("touch {SENTINEL}")', f"open({str(SENTINEL)!r}, 'w').write('x')",
           "().__class__.__bases__[0].__subclasses__()", "lambda: 0", "[x for x in ()]", "x.__class__",
           f"\\input{{{SENTINEL}}}", f"\\write18{{touch {SENTINEL}}}", f"\\immediate\\write18{{touch {SENTINEL}}}",
           "\\begin{matrix}" * 2000, "(" * 3000 + "x" + ")" * 3000, "x" * 20000, "\udcff", "\x00", "θ**x*(1-θ)**(1-x)"]
LATEX = ["\\frac{1}{\\theta}", "e^{-\\lambda x}", "\\lambda", "\\Gamma(10^{8})", "(10^9)!", "\\binom{10^9}{10^8}",
         "\\sqrt{2\\pi}", "\\log", "\\sigma^{2}", "x_{1}", "\\mu", "{", "}", "^", "_", "\\left(", "\\right)",
         "\\gamma", "\\mathrm{B}(a,b)", "p(x \\mid \\theta) =", "\\cdot", "\\exp", "\\theta^{x}", "(1-\\theta)"]
PARAM_SPECS = ["theta in (0,1)", "theta>0", "theta", "mu", "sigma>0", "lambda>0", "theta in (x, 1)",
               "theta in (0,1", "0<theta<1", "theta in {0,1}", "n in {1,2,...}", "theta in (1e309, oo)",
               "θ in (0,1)", "__import__", ""]
SUPPORTS = [None, "{0,1}", "[0,oo)", "(0,1)", "{0,1,2,...}", "{0,...,n}", "{0,...,10**9}", "(-oo,oo)", "[0,",
            "{(1,0),(0,1)}", "[theta, oo)", "{0,...,99}"]


def _join(pieces: list[str], operators: list[str]) -> str:
    text = pieces[0]
    for operator, piece in zip(operators, pieces[1:]):
        text = f"{text}{operator}{piece}"
    return text


@st.composite
def formulas(draw) -> str:
    """A formula in SymPy syntax: mostly grammatical, sometimes hostile."""
    if draw(st.integers(0, 9)) == 0:
        return draw(st.sampled_from(ATTACKS))
    atoms = st.one_of(st.sampled_from(NAMES), st.sampled_from(NUMBERS))
    calls = st.builds(lambda f, a: f"{f}({a})", st.sampled_from(FUNCTIONS), atoms)
    pieces = draw(st.lists(st.one_of(atoms, calls, st.builds(lambda a: f"({a})", atoms)), min_size=1, max_size=6))
    operators = draw(st.lists(st.sampled_from(["*", "+", "-", "/", "**", "^", ",", " ", "**-"]),
                              min_size=len(pieces) - 1, max_size=len(pieces) - 1))
    return _join(pieces, operators)


@st.composite
def latex_formulas(draw) -> str:
    """A formula in LaTeX: pieces of the field's notation, numbers and attacks in any order."""
    pieces = draw(st.lists(st.one_of(st.sampled_from(LATEX), st.sampled_from(NUMBERS[:8]), st.sampled_from(ATTACKS)),
                           min_size=1, max_size=5))
    return " ".join(pieces)


@dataclass(frozen=True)
class Case:
    """One input: what to call, with what."""

    kind: str            # "text", "latex", "negative", "family" or "command"
    density: str
    params: tuple = ("theta",)
    support: str | None = None
    negative: bool = False  # negative somewhere by construction
    argv: tuple = ()
    constants: tuple = ()


NEGATIVE_DENSITIES = [
    ("(1 + {c}*sin({k}*x))*exp(-x**2/(2*s))/sqrt(2*pi*s)", ("s>0",), None),
    ("exp(-(x-mu)**2/2)/sqrt(2*pi)*(1 + (x-mu)/{L})", ("mu",), None),
    ("(1 - theta*(x - 99/2)*{c})/100", ("theta in (0,1)",), "{0,...,99}"),
    ("lam*exp(-lam*x)*(1 + {c}*cos({k}*x) - {c}*lam**2/(lam**2 + {k}**2))", ("lam>0",), "[0,oo)"),
]


@st.composite
def negative_cases(draw) -> Case:
    """A normalised density that is negative somewhere, with random constants."""
    template, params, support = draw(st.sampled_from(NEGATIVE_DENSITIES))
    c = draw(st.sampled_from(["3/2", "2", "5", "11/10"]))
    k = draw(st.integers(1, 9))
    length = draw(st.integers(2, 12))
    return Case("negative", template.format(c=c, k=k, L=length), params, support, negative=True)


def _set_text(the_set) -> str:
    """A SymPy Set as the spec text the readers take: (0,oo), [0,1], {0,1}, {0,...,n}, {0,1,2,...}."""
    import sympy as sp

    if the_set == sp.Reals:
        return "(-oo,oo)"
    if the_set == sp.Naturals0:
        return "{0,1,2,...}"
    if the_set == sp.Naturals:
        return "{1,2,...}"
    if isinstance(the_set, sp.Interval):
        return (f"{'(' if the_set.left_open else '['}{sp.sstr(the_set.start)},{sp.sstr(the_set.end)}"
                f"{')' if the_set.right_open else ']'}")
    if isinstance(the_set, sp.Range):
        return f"{{{sp.sstr(the_set.inf)},...,{sp.sstr(the_set.sup)}}}"
    return "{" + ",".join(sp.sstr(e) for e in the_set) + "}"


@functools.lru_cache(maxsize=1)
def _family_cases() -> tuple[Case, ...]:
    """Every one-variable catalogue family, written out as text the way a user would type it (built once:
    building the catalogue takes seconds)."""
    import sympy as sp

    import symfisher as sf

    found = []
    for name in sf.families.names():
        model = sf.families.get(name)
        if len(model.variables) != 1 or str(model.variables[0]) != "x":
            continue
        domain = model.domain
        specs = [f"{s} in {_set_text(domain[s])}" if domain[s] != sp.Reals else str(s) for s in model.params]
        constants = [f"{s} in {_set_text(domain[s])}" if domain[s] != sp.Reals else str(s) for s in model.constants]
        found.append(Case("family", sp.sstr(model.density), tuple(specs), _set_text(model.support.sets[0]),
                          constants=tuple(constants)))
    return tuple(found)


@st.composite
def family_cases(draw) -> Case:
    """A catalogue density as text: as it is (a valid model), or doubled (one that is not normalised)."""
    import dataclasses

    case = draw(st.sampled_from(_family_cases()))
    return case if draw(st.booleans()) else dataclasses.replace(case, density=f"2*({case.density})")


@st.composite
def cases(draw) -> Case:
    """Any input for the API or the command."""
    choice = draw(st.integers(0, 11))
    params = tuple(draw(st.lists(st.sampled_from(PARAM_SPECS), min_size=1, max_size=2, unique=True)))
    support = draw(st.sampled_from(SUPPORTS))
    if choice <= 4:
        return Case("text", draw(formulas()), params, support)
    if choice <= 6:
        return Case("latex", draw(latex_formulas()), params, support)
    if choice <= 8:
        return draw(negative_cases())
    if choice <= 10:
        return draw(family_cases())
    density = draw(st.one_of(formulas(), latex_formulas()))
    command = draw(st.sampled_from(["derive", "verify", "export"]))
    extra = {"derive": ["--json"], "verify": ["--fisher", draw(formulas())], "export": ["--to", "{out}/k.py"]}
    argv = [command, density, *[a for p in params for a in ("--param", p)], *extra[command]]
    if support is not None:
        argv += ["--support", support]
    return Case("command", density, params, support, argv=tuple(argv))


@dataclass(frozen=True)
class Outcome:
    verdict: str     # "ok", "typed", "crash", "hang", "escape", "negative accepted"
    detail: str
    seconds: float


def judge(case: Case) -> Outcome:
    """Run ``case`` in a child process under the limits, and say how it ended."""
    SENTINEL.unlink(missing_ok=True)
    start = time.monotonic()
    if case.kind == "command":
        outcome = _judge_command(case, start)
    else:
        outcome = _judge_call(case, start)
    if SENTINEL.exists():
        SENTINEL.unlink()
        return Outcome("escape", f"{case}: wrote {SENTINEL}", outcome.seconds)
    return outcome


def _judge_call(case: Case, start: float) -> Outcome:
    reader, writer = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: one API call, its verdict on the pipe
        os.close(reader)
        verdict = "crash"
        try:
            resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))
            verdict = _call(case)
        except BaseException:  # noqa: BLE001 - everything the call let out is the finding
            verdict = "crash " + " ".join(traceback.format_exc().splitlines()[-3:])[:400]
        finally:
            os.write(writer, verdict.encode("utf-8", "replace"))
            os._exit(0)
    os.close(writer)
    deadline = start + HANG_AFTER
    while True:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            break
        if time.monotonic() > deadline:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
            os.close(reader)
            return Outcome("hang", repr(case), time.monotonic() - start)
        time.sleep(0.01)
    message = os.read(reader, 1 << 16).decode("utf-8", "replace")
    os.close(reader)
    seconds = time.monotonic() - start
    if os.WIFSIGNALED(status):
        return Outcome("crash", f"{case!r}: killed by signal {os.WTERMSIG(status)}", seconds)
    verdict, _, detail = message.partition(" ")
    return Outcome(verdict or "crash", f"{case!r}: {detail}", seconds)


def _call(case: Case) -> str:
    import symfisher as sf

    read = {"latex": sf.Model.from_latex}.get(case.kind, sf.Model.from_text)
    try:
        model = read(case.density, "x", list(case.params), case.support, constants=list(case.constants),
                     budget=BUDGET)
    except sf.errors.SymfisherError as exc:
        return f"typed {type(exc).__name__}"
    if case.negative:
        return f"negative {case.density}"
    try:
        model.score()  # differentiation and simplification, each under the budget
    except sf.errors.SymfisherError as exc:
        return f"typed {type(exc).__name__}"
    return "ok"


def _judge_command(case: Case, start: float) -> Outcome:
    command = pathlib.Path(sys.executable).parent / "symfisher"
    with tempfile.TemporaryDirectory() as folder:
        argv = [a.replace("{out}", folder) for a in case.argv]
        try:
            run = subprocess.run([str(command), "--time-limit", str(HANG_AFTER), *argv],
                                 capture_output=True, timeout=HANG_AFTER + 20, check=False,
                                 cwd=folder, env={**os.environ, "PYTHONFAULTHANDLER": ""})
        except subprocess.TimeoutExpired:
            return Outcome("hang", repr(case), time.monotonic() - start)
        except ValueError as exc:  # a NUL in an argument: no program can receive it
            return Outcome("typed", f"{case!r}: {exc}", time.monotonic() - start)
        seconds = time.monotonic() - start
        if run.returncode not in (0, 1, 2) or b"Traceback" in run.stderr:
            return Outcome("crash", f"{case!r}: exit {run.returncode}: {run.stderr[-300:]!r}", seconds)
        stray = [p.name for p in pathlib.Path(folder).iterdir() if p.name != "k.py"]
        if stray:
            return Outcome("escape", f"{case!r}: wrote {stray}", seconds)
        return Outcome("ok" if run.returncode == 0 else "typed", repr(case), seconds)


def verdict_of(outcome: Outcome) -> str:
    """The outcome's verdict, with "negative" (a negative density accepted) spelled out."""
    return "negative accepted" if outcome.verdict == "negative" else outcome.verdict
