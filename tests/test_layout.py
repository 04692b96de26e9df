"""The floor plan holds: no import cycles, no private state of a model read from outside its module, one
registry that every consumer reads."""
import ast
import importlib.util
import pathlib
import sys

import pytest
import sympy as sp

import reference_models as rm
from helpers import same
import symfisher as sf
from symfisher import quantities
from symfisher.kernels import codegen
from symfisher.memo import Memo
from symfisher.model.model import Model
from symfisher.model.view import ModelView
from symfisher.verify import QUANTITIES as CLAIMS

ROOT = pathlib.Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "symfisher"


def _checker():
    spec = importlib.util.spec_from_file_location("import_cycles", ROOT / "tools" / "import_cycles.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def test_the_package_has_no_import_cycles():
    checker = _checker()
    assert checker.cycles(checker.edges(checker.modules(PACKAGE))) == []


def test_the_cycle_checker_finds_a_cycle_hidden_in_a_function_and_ignores_type_checking(tmp_path):
    checker = _checker()
    package = tmp_path / "pkg"
    (package / "sub").mkdir(parents=True)
    (package / "__init__.py").write_text("")
    (package / "sub" / "__init__.py").write_text("")
    (package / "a.py").write_text("from .sub import b\n")
    (package / "sub" / "b.py").write_text("def f():\n    from ..a import thing\n")
    (package / "c.py").write_text("from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from . import a\n")
    (package / "d.py").write_text("from . import c\n")
    found = checker.cycles(checker.edges(checker.modules(package)))
    assert found == [["pkg.a", "pkg.sub.b"]]
    assert checker.main([str(package)]) == 1


def _private_names(*classes) -> set[str]:
    names = set()
    for cls in classes:
        names |= {n for n in vars(cls) if n.startswith("_") and not n.startswith(("__", "_repr_"))}
    return names


def test_no_private_state_of_a_model_is_read_outside_the_model_package():
    model = rm.bernoulli()
    assert not [name for name in vars(model) if name.startswith("_")]  # its state is public: view, origin …
    assert not hasattr(model, "_cache") and not hasattr(model.view, "_cache")
    private = _private_names(Model, ModelView, Memo) | {"_cache", "_moments", "_points", "_variables", "_params",
                                                        "_density", "_constants", "_public", "_internal"}
    offenders = []
    for path in [*PACKAGE.rglob("*.py"), *(ROOT / "tests").glob("*.py"), *(ROOT / "bench").glob("*.py")]:
        if path.parent == PACKAGE / "model" or path.name == "memo.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Attribute) and node.attr in private and not (
                    isinstance(node.value, ast.Name) and node.value.id in ("self", "cls")):
                offenders.append(f"{path.relative_to(ROOT)}:{node.lineno} .{node.attr}")
    assert offenders == []


def test_every_consumer_lists_the_quantities_of_the_registry():
    kernel_names = tuple(q.name for q in quantities.REGISTRY if q.kernel is not None)
    claim_names = tuple(q.name for q in quantities.REGISTRY if q.claim is not None)
    assert quantities.KERNEL_QUANTITIES == kernel_names and "observed" in kernel_names
    assert tuple(CLAIMS) == claim_names and "observed" in claim_names
    assert len({q.name for q in quantities.REGISTRY}) == len(quantities.REGISTRY)
    for quantity in quantities.REGISTRY:  # every step a quantity adds has its own template
        if quantity.contribute is not None and quantity.name not in ("fisher", "moments", "regularity"):
            module = sys.modules[quantity.contribute.__module__]
            steps = [v for v in vars(module).values() if isinstance(v, type) and v.__module__ == module.__name__
                     and hasattr(v, "view") and v.__name__.endswith("Step")]
            assert steps, quantity.name


def test_the_observed_information_comes_through_every_door(tmp_path):
    """The recipe's example: one module and one template, and the model, kernels, verify, derive and
    JSON all have it."""
    model = sf.families.get("normal-mean-variance")
    x = model.variables[0]
    mu, v = model.params
    observed = model.observed_information()
    assert sp.simplify(observed - (-model.hessian())) == sp.zeros(2, 2)
    assert sp.simplify(observed[0, 0] - 1 / v) == 0
    kernel = model.lambdify("observed")
    assert abs(kernel(1.5, 0.5, 2.0)[1, 1] - (-(1 / (2 * 4.0)) + (1.0**2) / 8.0)) < 1e-12
    claim = sp.Matrix([[1 / v, (x - mu) / v**2], [(x - mu) / v**2, -1 / (2 * v**2) + (x - mu) ** 2 / v**3]])
    assert sf.verify(model, claim, quantity="observed").ok
    assert not sf.verify(model, sp.diag(1 / v, 1 / (2 * v**2)), quantity="observed").ok  # the expected one
    derivation = model.derive(observed_at={x: 1})
    assert same(derivation.results["observed"], observed.subs(x, 1))
    assert r"\section{Observed information}" in derivation.to_latex()
    from symfisher.render.json import as_json

    assert "observed" in as_json(derivation) and "observed" not in as_json(model.derive())
    assert "observed" in codegen.generate(model, "observed").source


def test_the_observed_information_point_takes_numbers_for_the_variables_only():
    model = sf.families.get("exponential-rate")
    x = model.variables[0]
    assert model.derive(observed_at={"x": 2}).results["observed"] == model.observed_information().subs(x, 2)
    for wrong, message in (({"y": 1}, "not a variable"), ({x: "__import__('os')"}, "must be a number"),
                           ({}, "needs a value for x")):
        with pytest.raises(sf.errors.ArgumentError, match=message):
            model.derive(observed_at=wrong)
