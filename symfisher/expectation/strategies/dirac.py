"""The sifting rule: ∫ h(x) δ(a·x + b) p(x) dx = h(c) p(c) / |a| with c = −b/a inside the support.

Second derivatives of |x − μ| produce DiracDelta terms; keeping them (instead of dropping them as 0
almost everywhere) is what makes −E[∇² log p] equal E[s sᵀ] for kinked log-densities such as Laplace.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

import sympy as sp

from ..results import Closed, Decline, Moment
from ..roots import kink_functions, linear_root

if TYPE_CHECKING:
    from ...model.view import ModelView

RULE = "sifting property of δ"
RECORDS = (RULE,)


def close(model: ModelView, g: sp.Expr, moment: Moment) -> Closed:
    """Sift a single first-order DiracDelta factor of g at its root."""
    deltas = [d for d in g.atoms(sp.DiracDelta)]
    if not deltas:
        raise Decline("no DiracDelta")
    if model.support.discrete or len(model.variables) != 1:
        raise Decline("the sifting rule is for one continuous variable")
    x = model.variables[0]
    if len(deltas) != 1 or len(deltas[0].args) != 1:
        raise Decline("only one first-order DiracDelta factor is sifted")
    delta = deltas[0]
    rest, power = sp.powsimp(g).as_independent(delta, as_Add=False)
    if power != delta:
        raise Decline(f"{g} is not a product with a single factor {delta}")
    found = linear_root(delta.args[0], x)
    if found is None:
        raise Decline(f"the argument of {delta} is not linear in {x}")
    root, slope = found
    smooth = rest * model.density
    for f in kink_functions(smooth, x):
        if isinstance(f, sp.Abs):
            continue  # continuous at its root: sifting is well defined
        jump = linear_root(f.args[0], x)
        if jump is None or sp.simplify(jump[0] - root) == 0:
            raise Decline(f"{f} may jump at the point {root} that the delta sifts")
    (_, low, high), = model.support.limits()
    if not all(low.xreplace(p) < root.xreplace(p) < high.xreplace(p) for p in model.points):
        raise Decline(f"{x} = {root} is not inside the support at every sample point")
    value = smooth.subs(x, root) / sp.Abs(slope)
    return Closed(value, RULE,
                  f"∫ h(x) δ({delta.args[0]}) p(x) dx = h({root}) p({root}) / |{slope}|")
