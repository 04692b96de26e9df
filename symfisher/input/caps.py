"""Caps on what a formula may make SymPy compute while it is read, checked before each piece is evaluated.

SymPy evaluates numbers eagerly: ``factorial(10**9)``, ``gamma(10**8)`` or ``((10**999)**999)**999`` would
run for hours (or exhaust memory inside GMP, which aborts the interpreter) before any time budget could
stop them. Every reader builds numbers, powers and special functions through this module, which refuses
with a ``ParseError`` naming the piece:

- an integer literal of more than ``MAX_LITERAL_DIGITS`` digits, or a float literal that is not finite;
- a numeric power whose result would have more than ``MAX_NUMBER_DIGITS`` digits, or an exponent beyond
  ``MAX_EXPONENT``;
- a numeric argument of a special function (factorial, Γ, binomial, ψ, B, Bessel) beyond
  ``MAX_SPECIAL_ARGUMENT`` in absolute value;
- any number in the result with more than ``MAX_NUMBER_DIGITS`` digits;
- text longer than ``MAX_LENGTH``, nested deeper than ``MAX_NESTING`` or not valid Unicode.
"""
from __future__ import annotations

import math
from collections.abc import Callable, Sequence

import sympy as sp

from ..errors import ParseError

MAX_LENGTH = 10_000          # characters of one formula
MAX_NESTING = 100            # depth of brackets
MAX_LITERAL_DIGITS = 100
MAX_EXPONENT = 1000
MAX_SPECIAL_ARGUMENT = 1000  # 1000! has 2 568 digits
MAX_NUMBER_DIGITS = 4000     # below Python's 4 300-digit limit on printing integers

SPECIAL = (sp.factorial, sp.gamma, sp.loggamma, sp.binomial, sp.polygamma, sp.digamma, sp.trigamma, sp.beta,
           sp.besseli)


def readable(text: str) -> str:
    """``text`` when it is no longer than ``MAX_LENGTH`` characters, brackets nest at most ``MAX_NESTING``
    deep (the LaTeX parser slows down steeply with depth) and it is valid Unicode (a lone surrogate is what
    undecodable bytes on a command line become)."""
    if len(text) > MAX_LENGTH:
        raise ParseError(f"the input is {len(text)} characters long; the limit is {MAX_LENGTH}")
    depth = deepest = 0
    for character in text:
        if character in "([{":
            depth += 1
            deepest = max(deepest, depth)
        elif character in ")]}":
            depth -= 1
    if deepest > MAX_NESTING:
        raise ParseError(f"brackets nest {deepest} deep in the input; the limit is {MAX_NESTING}")
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise ParseError(f"the input holds a character that is not valid Unicode at position {exc.start} "
                         f"(bytes that are not UTF-8?): {text[max(exc.start - 10, 0):exc.start]!r}…") from None
    return text


def integer(value: int) -> sp.Integer:
    """An integer literal, refused beyond ``MAX_LITERAL_DIGITS`` digits."""
    if _digits(value) > MAX_LITERAL_DIGITS:
        raise ParseError(f"the number literal of {_digits(value)} digits is longer than {MAX_LITERAL_DIGITS} digits")
    return sp.Integer(value)


def decimal(value: float) -> sp.Rational:
    """A float literal as the exact rational it denotes (``0.1`` is 1/10), refused when not finite."""
    if not math.isfinite(value):
        raise ParseError(f"the number {value} is not finite (a literal beyond 1.8e308?)")
    return sp.Rational(repr(value))


def power(base: sp.Expr, exponent: sp.Expr) -> sp.Expr:
    """base**exponent, refusing huge literal exponents and numeric powers with too many digits."""
    if exponent.is_Number and abs(exponent) > MAX_EXPONENT:
        raise ParseError(f"exponent {_short(exponent)} is larger than {MAX_EXPONENT}")
    if base.is_Rational and exponent.is_Number and base not in (0, 1, -1):
        digits = float(abs(exponent)) * math.log10(max(abs(base.p), abs(base.q)))
        if digits > MAX_NUMBER_DIGITS:
            raise ParseError(f"{_short(base)}**{_short(exponent)} would have about {digits:.3g} digits; the "
                             f"limit is {MAX_NUMBER_DIGITS}")
    return _small(sp.Pow(base, exponent))


def applied(function: Callable[..., sp.Expr], arguments: Sequence[sp.Expr]) -> sp.Expr:
    """``function(*arguments)``, a special function's numeric arguments capped first."""
    if function in SPECIAL:
        for argument in arguments:
            if argument.is_Number and abs(argument) > MAX_SPECIAL_ARGUMENT:
                name = getattr(function, "__name__", str(function))
                raise ParseError(f"{name}({', '.join(map(_short, arguments))}): an argument beyond "
                                 f"{MAX_SPECIAL_ARGUMENT} in size is not a density's")
    return _small(function(*arguments))


def combined(operation: Callable[..., sp.Expr], *operands: sp.Expr) -> sp.Expr:
    """``operation(*operands)`` (a sum, product or quotient), a numeric result capped."""
    return _small(operation(*operands))


def numbers(expr: sp.Expr) -> sp.Expr:
    """The whole formula, once read: ``expr`` when every rational number in it has at most
    ``MAX_NUMBER_DIGITS`` digits (coefficients can grow across a long product of capped factors)."""
    for value in expr.atoms(sp.Rational):
        _small(value)
    return expr


def _small(expr: sp.Expr) -> sp.Expr:
    if expr.is_Rational:
        digits = max(_digits(expr.p), _digits(expr.q))
        if digits > MAX_NUMBER_DIGITS:
            raise ParseError(f"the formula makes a number of about {digits} digits; the limit is {MAX_NUMBER_DIGITS}")
    return expr


def _short(expr: sp.Expr) -> str:
    """``expr`` as text for a message, a long number shown by its size."""
    if expr.is_Integer and _digits(expr.p) > 20:
        return f"<a {_digits(expr.p)}-digit integer>"
    text = str(expr)
    return text if len(text) <= 60 else text[:57] + "…"


def _digits(value: int) -> int:
    """Decimal digits of ``value``, read off its bit length (printing a huge integer is itself refused)."""
    return int(abs(value).bit_length() * math.log10(2)) + 1
