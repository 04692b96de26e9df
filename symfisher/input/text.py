"""Plain-text expressions (SymPy syntax) to SymPy, without ``eval``: Python's parser, then a whitelist.

Only numbers, known names, + − × / ** and calls of whitelisted functions are accepted; attribute access,
subscripts, lambdas, comprehensions and any other name raise ``ParseError`` naming the offending piece.
"""
from __future__ import annotations

import ast
import re
from collections.abc import Mapping

import sympy as sp

from ..errors import ParseError
from ..greek import GREEK_LETTERS
from . import caps

FUNCTIONS: dict[str, object] = {
    "exp": sp.exp, "log": sp.log, "sqrt": sp.sqrt, "sin": sp.sin, "cos": sp.cos, "tan": sp.tan,
    "sinh": sp.sinh, "cosh": sp.cosh, "tanh": sp.tanh, "gamma": sp.gamma, "beta": sp.beta,
    "digamma": sp.digamma, "trigamma": sp.trigamma, "polygamma": sp.polygamma, "factorial": sp.factorial,
    "binomial": sp.binomial, "besseli": sp.besseli, "Abs": sp.Abs, "abs": sp.Abs, "erf": sp.erf,
    "Heaviside": sp.Heaviside, "sign": sp.sign,
}
CONSTANTS: dict[str, sp.Expr] = {"pi": sp.pi, "E": sp.E, "oo": sp.oo}
GREEK_NAMES = {letter: name for name, letter in GREEK_LETTERS.items()}

_LAMBDA = "lambda_symfisher_parameter"
_OPERATORS = {ast.Add: sp.Add, ast.Mult: sp.Mul, ast.Sub: lambda a, b: a - b, ast.Div: lambda a, b: a / b}


def parse_expression(text: str, symbols: Mapping[str, sp.Symbol]) -> sp.Expr:
    """``text`` in SymPy syntax over ``symbols`` (name → Symbol), as a SymPy expression.

    Raises:
        ParseError: on a syntax error or any construct or name outside the whitelist.
    """
    if not isinstance(text, str) or not text.strip():
        raise ParseError(f"expected a non-empty expression, got {text!r}")
    source = caps.readable(text).strip().replace("^", "**")
    if "lambda" in symbols:  # λ is a parameter name here, not Python's keyword
        source = re.sub(r"\blambda\b", _LAMBDA, source)
        symbols = {**symbols, _LAMBDA: symbols["lambda"]}
    try:
        return caps.numbers(_convert(ast.parse(source, mode="eval").body, symbols, source))
    except SyntaxError as exc:
        raise ParseError(f"cannot parse {text!r}: {exc.msg}") from None
    except (RecursionError, MemoryError):
        raise ParseError(f"expression nested too deeply: {text[:80]!r}...") from None


def _convert(node: ast.AST, symbols: Mapping[str, sp.Symbol], text: str) -> sp.Expr:
    if isinstance(node, ast.Constant) and isinstance(node.value, (int, float)) and not isinstance(node.value, bool):
        return caps.decimal(node.value) if isinstance(node.value, float) else caps.integer(node.value)
    if isinstance(node, ast.Name):
        name = GREEK_NAMES.get(node.id, node.id)  # θ typed as a letter is theta
        if name in symbols:
            return symbols[name]
        if node.id in CONSTANTS:
            return CONSTANTS[node.id]
        raise ParseError(f"unknown name {node.id!r} in {text!r}: declare it as a variable, parameter or constant")
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Pow):
        return caps.power(_convert(node.left, symbols, text), _convert(node.right, symbols, text))
    if isinstance(node, ast.BinOp) and type(node.op) in _OPERATORS:
        return caps.combined(_OPERATORS[type(node.op)], _convert(node.left, symbols, text),
                             _convert(node.right, symbols, text))
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
        value = _convert(node.operand, symbols, text)
        return -value if isinstance(node.op, ast.USub) else value
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and not node.keywords:
        function = FUNCTIONS.get(node.func.id)
        if function is None:
            raise ParseError(f"unknown function {node.func.id!r} in {text!r}; allowed: {', '.join(sorted(FUNCTIONS))}")
        return caps.applied(function, [_convert(argument, symbols, text) for argument in node.args])
    piece = ast.get_source_segment(text, node) or type(node).__name__
    raise ParseError(f"not allowed in an expression: {piece!r}" + (f" (in {text!r})" if piece != text else ""))
