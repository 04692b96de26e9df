"""Conformance: every catalogue family through every check.

Normalisation (when built), E[s] = 0 computed, both Fisher forms and their agreement, equality with the
family's textbook Fisher information, every expectation certified, and the Cramér–Rao bound (n I)⁻¹.
Non-regular families must be refused with the parameter and boundary named, never given a number.
"""
import pathlib
import re

import pytest
import sympy as sp

import symfisher as sf
from symfisher import errors
from symfisher.expectation.engine import NORMALISATION
from symfisher.expectation.strategies import RECORDED
from symfisher.quantities.moments import MomentsStep

NAMES = sf.families.names()
n = sp.Symbol("n", positive=True, integer=True)


def test_the_catalogue_has_as_many_named_models_as_the_readme_says_each_with_a_source():
    readme = (pathlib.Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    claimed = re.search(r"lists (\d+) named models", readme)
    assert claimed and int(claimed.group(1)) == len(NAMES) == len(set(NAMES))
    for name in NAMES:
        entry = sf.families.family(name)
        assert entry.reference and (entry.textbook_fisher is not None) == entry.regular


def numerically_equal(model, got, expected) -> bool:
    for point in model.parameter_points(3):
        for a, b in zip(got.subs(point).evalf(30), expected.subs(point).evalf(30)):
            if abs(complex(a - b)) > 1e-12 * max(1.0, abs(complex(b))):
                return False
    return True


@pytest.mark.parametrize("name", [n for n in NAMES if sf.families.family(n).regular])
def test_family_passes_every_check(name):
    entry = sf.families.family(name)
    model = entry.build()
    derivation = model.derive()
    failed = {k: c.detail for k, c in derivation.checks.items() if not c.passed}
    # a singular family fails exactly one check, invertibility, and gets no bound
    assert set(failed) == ({"Fisher information invertible"} if entry.singular else set()), failed
    assert derivation.score_mean == sp.zeros(len(model.params), 1)
    expected = entry.textbook_fisher()
    assert numerically_equal(model, derivation.fisher_outer, expected)
    assert numerically_equal(model, derivation.fisher_hessian, expected)
    assert numerically_equal(model, derivation.fisher, expected)
    if entry.singular:
        assert derivation.crlb is None
    else:
        assert numerically_equal(model, derivation.crlb * n, expected.inv())
    assert not derivation.fisher.has(sp.zeta, sp.meijerg, sp.hyper, sp.Integral, sp.Sum)  # textbook forms
    recorded = {part for step in derivation.steps if isinstance(step, MomentsStep)
                for moment in step.moments for part in moment.rule.split(" + ")}
    assert recorded and recorded <= RECORDED | {NORMALISATION}, recorded - RECORDED  # every rule is declared


@pytest.mark.parametrize("name", [n for n in NAMES if not sf.families.family(n).regular])
def test_non_regular_family_is_refused_with_its_reason(name):
    model = sf.families.get(name)
    with pytest.raises(errors.NonRegularModel) as caught:
        model.fisher()
    assert caught.value.parameter in model.params and "support" in str(caught.value)
    assert model.derive().fisher is None


def test_unknown_family_names_get_a_typed_error():
    with pytest.raises(errors.ArgumentError, match="no family named"):
        sf.families.get("gausian")
