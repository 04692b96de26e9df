"""LaTeX for this field: ψ and ψ₁ for digamma and trigamma, B for the Beta function, pmatrix matrices,
user symbol names that cannot inject TeX, and long sums broken over lines.

Everything here returns ``Tex``: a string known to be LaTeX we produced. Plain ``str`` values reaching a
template are user text and get escaped (see ``environment``), so only this module decides what is TeX.
"""
from __future__ import annotations

import re
from typing import Any

import sympy as sp
from sympy.printing.latex import LatexPrinter

from ..greek import GREEK_LETTERS

# Roughly the characters of italic math that fit on one line of the document's text block.
LINE_WIDTH = 54.0
SHORT_EXPONENT = 10.0
_SAFE_NAME = re.compile(r"[A-Za-z][A-Za-z0-9]*(_[A-Za-z0-9]+)?")


class Tex(str):
    """A LaTeX fragment produced by symfisher itself (never raw user text)."""


class FisherPrinter(LatexPrinter):
    """SymPy's LaTeX printer with the notation of Fisher-information proofs."""

    def __init__(self, settings: dict | None = None) -> None:
        super().__init__({"mat_str": "pmatrix", "mat_delim": "", **(settings or {})})

    def _print_Symbol(self, expr: sp.Symbol, style: str = "plain") -> str:
        if _SAFE_NAME.fullmatch(expr.name):
            return super()._print_Symbol(expr, style)
        return r"\text{" + escape(expr.name) + "}"

    _print_Dummy = _print_Symbol

    def _as_ordered_terms(self, expr: sp.Expr, order: str | None = None) -> list:
        """SymPy's order, except that a sum does not open with a minus sign when it can help it: x − μ, not −μ + x."""
        terms = list(super()._as_ordered_terms(expr, order))
        if terms and terms[0].could_extract_minus_sign():
            first = next((i for i, t in enumerate(terms) if not t.could_extract_minus_sign()), None)
            if first is not None:
                terms.insert(0, terms.pop(first))
        return terms

    def _print_ExpBase(self, expr: sp.Expr, exp: str | None = None) -> str:
        """e^{a} for a short exponent; exp(a) when a is long (a tall fraction in a superscript is unreadable)."""
        argument = self._print(expr.args[0])
        if width(argument) <= SHORT_EXPONENT:
            return super()._print_ExpBase(expr, exp)
        text = rf"\exp\left({argument}\right)"
        return text if exp is None else rf"{text}^{{{exp}}}"

    def _print_MatrixBase(self, expr: sp.MatrixBase) -> str:
        """Matrix entries with display-size fractions, as textbooks set them."""
        return super()._print_MatrixBase(expr).replace(r"\frac{", r"\dfrac{")

    def _print_polygamma(self, expr: sp.Expr, exp: str | None = None) -> str:
        order, argument = expr.args
        name = {0: r"\psi", 1: r"\psi_1"}.get(int(order), r"\psi^{(" + self._print(order) + ")}")
        text = rf"{name}\left({self._print(argument)}\right)"
        return text if exp is None else rf"{text}^{{{exp}}}"

    def _print_beta(self, expr: sp.Expr, exp: str | None = None) -> str:
        text = r"\mathrm{B}\left(" + ", ".join(self._print(a) for a in expr.args) + r"\right)"
        return text if exp is None else rf"{text}^{{{exp}}}"

    def _print_loggamma(self, expr: sp.Expr, exp: str | None = None) -> str:
        text = rf"\log\Gamma\left({self._print(expr.args[0])}\right)"
        return text if exp is None else rf"\left({text}\right)^{{{exp}}}"

    def _print_Heaviside(self, expr: sp.Expr, exp: str | None = None) -> str:
        text = rf"\mathbf{{1}}\left[{self._print(expr.args[0])} > 0\right]"
        return text if exp is None else rf"{text}^{{{exp}}}"


_PRINTER = FisherPrinter()


def tex(value: Any) -> Tex:
    """``value`` (a SymPy object or number) as LaTeX."""
    return Tex(_PRINTER.doprint(sp.sympify(value) if isinstance(value, (int, float)) else value))


def escape(text: str) -> str:
    """User text made inert for LaTeX: TeX's special characters printed, Greek letters typeset, nothing executed."""
    out = []
    for char in str(text):
        if char in _SPECIAL:
            out.append(_SPECIAL[char])
        elif char in _GREEK:
            out.append(rf"\ensuremath{{\{_GREEK[char]}}}")
        elif char in _MATH:
            out.append(rf"\ensuremath{{{_MATH[char]}}}")
        elif ord(char) < 128 or char in _LATIN:
            out.append(char)
        else:
            out.append("?")  # pdflatex has no glyph for it; never let an unknown byte reach TeX
    return "".join(out)


_SPECIAL = {"\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "$": r"\$", "&": r"\&", "#": r"\#",
            "%": r"\%", "_": r"\_", "^": r"\textasciicircum{}", "~": r"\textasciitilde{}",
            "<": r"\textless{}", ">": r"\textgreater{}", "|": r"\textbar{}", "–": "--", "—": "---",
            "−": "-", "’": "'", "‘": "`", "“": "``", "”": "''", "…": r"\ldots{}"}
# Greek letters typed in text become TeX's commands (the reverse of symfisher.text's table; ε reads as ε)
_GREEK = {**{letter: name for name, letter in GREEK_LETTERS.items()}, "ε": "varepsilon"}
_MATH = {"∫": r"\int", "∑": r"\sum", "∇": r"\nabla", "∂": r"\partial", "∞": r"\infty", "∈": r"\in",
         "≤": r"\le", "≥": r"\ge", "≠": r"\ne", "≈": r"\approx", "·": r"\cdot", "×": r"\times", "→": r"\to",
         "⁻": "^{-}", "¹": "^{1}", "²": "^{2}", "³": "^{3}", "ᵀ": r"^{\top}", "ᵢ": "_{i}", "ⱼ": "_{j}",
         "₀": "_{0}", "₁": "_{1}", "₂": "_{2}", "₃": "_{3}", "√": r"\surd", "⪰": r"\succeq",
         "✓": r"\checkmark"}
_LATIN = set("àáâäçèéêëìíîïñòóôöùúûüýÿÀÁÂÄÇÈÉÊËÌÍÎÏÑÒÓÔÖÙÚÛÜÝßæøåÆØÅ")


# --------------------------------------------------------------------------- line breaking
def width(latex: str) -> float:
    """An estimate of how wide ``latex`` typesets, in characters of italic math.

    Fractions count their wider part, scripts count smaller, \\left/\\right and font commands nothing.
    Good enough to decide where to break a line; the gallery test compiles and looks for overfull boxes.
    """
    total, i = 0.0, 0
    while i < len(latex):
        char = latex[i]
        if char == "\\":
            match = re.match(r"\\([A-Za-z]+|.)", latex[i:])
            name = match.group(1)
            i += len(match.group(0))
            if name == "begin":
                environment, i = _group(latex, i)
                end = latex.find(rf"\end{{{environment}}}", i)
                end = len(latex) if end < 0 else end
                rows = re.split(r"\\\\", latex[i:end])
                total += max(width(row.replace("&", " \\quad ")) for row in rows) + 1.0
                i = end + len(rf"\end{{{environment}}}")
            elif name in ("frac", "dfrac", "tfrac"):
                numerator, i = _group(latex, i)
                denominator, i = _group(latex, i)
                total += max(width(numerator), width(denominator)) + 0.5
            elif name in ("left", "right"):
                follow = re.match(r"\\[A-Za-z]+|\\.|.", latex[i:])
                i += len(follow.group(0))
                total += 0 if follow.group(0) == "." else 0.8
            elif name in _FREE:
                pass
            elif name in ("quad",):
                total += 2
            elif name in (",", ";", ":", "!"):
                total += 0.3
            else:
                total += max(1.0, 0.6 * len(name)) if name in _WORDS else 1.0
        elif char in "^_":
            argument, i = _group(latex, i + 1)
            total += 0.7 * width(argument)
        elif char in "{} &":
            i += 1
        elif char in "+-=<>":
            total += 1.8
            i += 1
        else:
            total += 1.0
            i += 1
    return total


_FREE = {"mathrm", "operatorname", "text", "mathbf", "boldsymbol", "mathbb", "mathcal", "displaystyle",
         "limits", "ensuremath"}
_WORDS = {"log", "exp", "sin", "cos", "tan", "sinh", "cosh", "tanh", "Var", "Cov", "det", "diag"}


def _group(latex: str, i: int) -> tuple[str, int]:
    """The braced group (or single token) starting at ``i``, and the index after it."""
    while i < len(latex) and latex[i] == " ":
        i += 1
    if i >= len(latex):
        return "", i
    if latex[i] != "{":
        match = re.match(r"\\[A-Za-z]+|.", latex[i:])
        return match.group(0), i + len(match.group(0))
    depth, start = 0, i
    while i < len(latex):
        depth += {"{": 1, "}": -1}.get(latex[i], 0)
        i += 1
        if depth == 0:
            break
    return latex[start + 1:i - 1], i


def lines(expr: Any, room: float = LINE_WIDTH) -> tuple[Tex, ...]:
    """``expr`` as one or more lines of an ``align`` display, broken between the terms of a sum.

    A product c·(t₁ + t₂ + …) breaks inside its parentheses (``\\left( … \\right.`` on the first
    line, ``\\left. … \\right)`` on the last); a fraction whose denominator is itself too wide is
    written N / D with both sides broken. Anything else too wide stays on one line.
    """
    whole = tex(expr)
    if width(whole) <= room or not isinstance(expr, sp.Expr):
        return (whole,)
    if isinstance(expr, sp.Add):
        return _pack(_PRINTER._as_ordered_terms(expr), room)
    numerator, denominator = sp.fraction(sp.factor_terms(expr), exact=True)
    if denominator != 1 and width(tex(1 / denominator)) > room / 2:
        top = _product_lines(numerator, room)
        bottom = _product_lines(denominator, room - 3)
        return (*top, Tex(r"\Big/ " + bottom[0]), *bottom[1:])
    coefficient, rest = numerator.as_independent(sp.Add, as_Add=False) if numerator.is_Mul else (1, numerator)
    if isinstance(rest, sp.Add):
        prefix = tex(coefficient / denominator) if coefficient / denominator != 1 else ""
        if prefix == "-1":
            prefix = "-"
        inner = _parenthesised(rest, room - width(prefix) - 1)
        return (Tex(prefix + inner[0]), *inner[1:]) if len(inner) > 1 else (whole,)
    if isinstance(expr, sp.Mul):
        return _product_lines(expr, room)
    return (whole,)


def _parenthesised(terms: sp.Add, room: float) -> tuple[Tex, ...]:
    """(t₁ + t₂ + …) packed over lines, with \\left( … \\right. … \\left. … \\right) delimiters."""
    inner = _pack(_PRINTER._as_ordered_terms(terms), room)
    if len(inner) == 1:
        return (Tex(r"\left(" + inner[0] + r"\right)"),)
    opened = [Tex(r"\left(" + inner[0] + r"\right.")]
    middle = [Tex(r"\left." + line + r"\right.") for line in inner[1:-1]]
    return tuple(opened + middle + [Tex(r"\left." + inner[-1] + r"\right)")])


def _product_lines(expr: sp.Expr, room: float) -> tuple[Tex, ...]:
    """A product over lines: short factors side by side, a long sum factor broken in its parentheses;
    a line that starts with a new factor starts with ·."""
    if isinstance(expr, sp.Add):
        return _parenthesised(expr, room) if width(tex(expr)) > room else (Tex(r"\left(" + tex(expr) + r"\right)"),)
    done: list[Tex] = []
    current = ""
    factors = sp.Mul.make_args(expr)
    short = [f for f in factors if width(tex(f)) <= room / 3]
    if len(short) > 1:  # 1/2 · 1/π · 1/√det as one fraction, the long factors after it
        factors = (sp.Mul(*short), *(f for f in factors if f not in short))
    for factor in factors:
        printed = tex(factor)
        if isinstance(factor, (sp.Add, sp.Piecewise)):
            printed = Tex(r"\left(" + printed + r"\right)")
        if width(current + printed) <= room:
            current = f"{current} {printed}".strip()
            continue
        broken = (_parenthesised(factor, room) if isinstance(factor, sp.Add) else
                  _exponential_lines(factor, room) if isinstance(factor, sp.exp) and factor.args[0].is_Add else
                  (printed,))
        if current and width(current + broken[0]) <= room:
            broken = (Tex(f"{current} {broken[0]}"), *broken[1:])
        elif current:
            done.append(Tex(current))
            broken = (Tex(r"{} \cdot " + broken[0]), *broken[1:])
        done += broken[:-1]
        current = broken[-1]
    done.append(Tex(current))
    return tuple(done)


def _exponential_lines(factor: sp.exp, room: float) -> tuple[Tex, ...]:
    """exp(t₁ + t₂ + …) broken inside its parentheses (a Gaussian density's quadratic form)."""
    inner = _parenthesised(factor.args[0], room - width(r"\exp"))
    return (Tex(r"\exp" + inner[0]), *inner[1:])


def _pack(terms: list, room: float) -> tuple[Tex, ...]:
    """Terms of a sum packed greedily into lines at most ``room`` wide; later lines start with their sign."""
    packed: list[str] = []
    current = ""
    for index, term in enumerate(terms):
        printed = tex(term)
        if width(printed) > room and isinstance(term, sp.Mul) and term.has(sp.Add):
            broken = _product_lines(term, room)
            if index and not broken[0].startswith("-"):
                broken = (Tex("+ " + broken[0]), *broken[1:])
            if current:
                packed.append(current)
            packed += [("{} " if i or index else "") + line for i, line in enumerate(broken[:-1])]
            current = ("{} " if len(broken) > 1 or index else "") + broken[-1]
            continue
        if index == 0:
            piece = printed
        elif printed.startswith("-"):
            piece = " - " + printed[1:]
        else:
            piece = " + " + printed
        if current and width(current + piece) > room:
            packed.append(current)
            current = "{}" + piece
        else:
            current += piece
    packed.append(current)
    return tuple(Tex(line) for line in packed)


def fits(matrix: sp.MatrixBase, room: float = LINE_WIDTH) -> bool:
    """Whether ``matrix`` typesets as one pmatrix within ``room``: its widest entries per column, summed."""
    columns = [max(width(tex(matrix[i, j])) for i in range(matrix.rows)) for j in range(matrix.cols)]
    return sum(columns) + 2.0 * matrix.cols <= room
