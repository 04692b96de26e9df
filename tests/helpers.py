"""Small helpers shared by the tests."""
import sympy as sp

from symfisher.expectation.engine import moment


def same(a, b) -> bool:
    """Mathematical equality of two expressions or matrices: every entry of the difference simplifies to 0
    (directly, or once hyperbolic and trigonometric functions are written as exponentials)."""
    a = a if isinstance(a, sp.MatrixBase) else sp.Matrix([a])
    b = b if isinstance(b, sp.MatrixBase) else sp.Matrix([b])
    return a.shape == b.shape and all(
        sp.simplify(d) == 0 or sp.simplify(d.rewrite(sp.exp)) == 0 for d in a - b)


def close(strategy, model, g):
    """What one expectation strategy makes of E[g] under ``model`` (a Model; g in internal symbols)."""
    return strategy(model.view, g, moment)
