"""Derivations as LaTeX and PDF: templates fail loudly, user text cannot inject TeX, TeX errors are typed."""
import os
import pathlib
import subprocess
import sys

import jinja2
import pytest
import sympy as sp

import symfisher as sf
from symfisher import errors
from symfisher.render.document import to_latex
from symfisher.render.pdf import compile_pdf
from symfisher.render.templating import environment
from symfisher.render.pdf import overfull_boxes
from symfisher.render.printer import Tex

ROOT = pathlib.Path(__file__).resolve().parents[1]
HOSTILE = r"\input{/etc/passwd} \write18{touch /tmp/pwned} \immediate\openout $x$ & # % ^^5c"


def bernoulli():
    x, p = sp.Symbol("x", integer=True), sp.Symbol("p", positive=True)
    return sf.Model(p**x * (1 - p) ** (1 - x), x, p, sp.FiniteSet(0, 1), {p: sp.Interval.open(0, 1)})


def test_a_missing_template_variable_fails_loudly():
    with pytest.raises(jinja2.UndefinedError):
        environment().from_string(r"\VAR{nowhere}").render()
    with pytest.raises(jinja2.UndefinedError):
        environment().get_template("steps/agreement.tex.j2").render(step={}, notation={})


def test_templates_print_only_tex_or_text_never_raw_objects():
    with pytest.raises(TypeError, match="Tex or text"):
        environment().from_string(r"\VAR{value}").render(value=sp.Symbol("x"))
    assert environment().from_string(r"\VAR{a} \VAR{b}").render(a=Tex(r"\alpha"), b="50%") == r"\alpha 50\%"


def test_hostile_title_and_symbol_names_cannot_inject_tex(tmp_path):
    x = sp.Symbol("x", integer=True)
    p = sp.Symbol(r"\input{/etc/passwd}", positive=True)
    model = sf.Model(p**x * (1 - p) ** (1 - x), x, p, sp.FiniteSet(0, 1), {p: sp.Interval.open(0, 1)},
                     name=HOSTILE)
    source = to_latex(model.derive(), title=HOSTILE)
    for command in (r"\input{", r"\write18", r"\immediate", r"\openout"):
        assert command not in source
    compile_pdf(source, tmp_path / "hostile.pdf")
    assert (tmp_path / "hostile.pdf").stat().st_size > 1000
    assert not pathlib.Path("/tmp/pwned").exists()


def test_a_tex_error_raises_render_error_with_the_log_lines(tmp_path):
    broken = "\\documentclass{article}\n\\begin{document}\n\\notacommand\n\\end{document}\n"
    with pytest.raises(errors.RenderError, match="Undefined control sequence"):
        compile_pdf(broken, tmp_path / "broken.pdf")
    assert not (tmp_path / "broken.pdf").exists()


def test_a_derivation_compiles_to_a_pdf_without_overfull_lines(tmp_path):
    derivation = bernoulli().derive(statistic=sp.Symbol("x", integer=True))
    source = derivation.to_latex()
    for part in ("score", "Fisher information", "Hessian", "Cram\\'er--Rao", "Efficiency", "Expectations used"):
        assert part in source
    log = compile_pdf(source, tmp_path / "bernoulli.pdf")
    assert overfull_boxes(log) == []
    assert derivation.to_pdf(tmp_path / "again.pdf").exists()


def test_the_expectation_rules_appear_in_the_proof():
    source = sf.families.get("gamma-shape-rate").derive().to_latex()
    assert "differentiating the normaliser" in source and "Gamma integral" in source


def test_a_non_regular_model_renders_its_diagnosis():
    derivation = sf.families.get("uniform").derive()
    assert derivation.fisher is None
    source = derivation.to_latex()
    assert "not regular" in source and "Leibniz" in source and "upper end" in source
    assert r"\frac{1}{\theta^{2}}" in source  # E[s²] = 1/θ², computed honestly


def test_notebook_representations():
    model = bernoulli()
    assert model._repr_latex_().startswith("$") and r"\mid p" in model._repr_latex_()
    shown = model.derive()._repr_latex_()
    assert r"I(p) = \frac{1}{p \left(1 - p\right)}" in shown and "CRLB" in shown


def test_an_installed_wheel_finds_its_templates(tmp_path):
    source = tmp_path / "source"
    source.mkdir()
    for name in ("pyproject.toml", "README.md"):
        (source / name).write_bytes((ROOT / name).read_bytes())
    for folder in ("symfisher", "templates"):
        subprocess.run(["cp", "-r", str(ROOT / folder), str(source / folder)], check=True)
    wheels = tmp_path / "wheels"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation",
                    "--no-index", "-w", str(wheels), str(source)], check=True, capture_output=True, timeout=300)
    target = tmp_path / "installed"
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--no-index", "--target",
                    str(target), *map(str, wheels.glob("*.whl"))], check=True, capture_output=True, timeout=300)
    script = ("import symfisher, symfisher.render.templating as e; "
              "print(e.templates_folder()); print(len(symfisher.families.get('bernoulli').derive().to_latex()))")
    run = subprocess.run([sys.executable, "-c", script], cwd=tmp_path, capture_output=True, text=True, timeout=300,
                         env={**os.environ, "PYTHONPATH": str(target)}, check=False)
    assert run.returncode == 0, run.stderr
    folder, length = run.stdout.split()
    assert folder.startswith(str(target)) and int(length) > 2000


def test_every_rule_the_engine_can_record_has_a_proof_sentence():
    from symfisher.expectation.table.rules import RULES
    from symfisher.render.rule_names import rule_tex

    from symfisher.expectation.engine import NORMALISATION
    from symfisher.expectation.strategies import RECORDED

    assert {rule.name for rule in RULES} <= RECORDED and "monotone substitution" in RECORDED
    for name in RECORDED | {NORMALISATION}:
        assert rule_tex(name)
    assert "Gamma integral" in rule_tex("Gamma integral + Beta integral")
    with pytest.raises(KeyError, match="RULE_TEX"):
        rule_tex("a rule nobody wrote down")


def test_a_wide_vector_is_shown_entry_by_entry_and_a_wide_matrix_by_its_upper_triangle():
    from symfisher.render.display import matrix_display

    a = sp.Symbol("a")
    labels = (Tex("{a}"), Tex("{b}"))
    wide = [sp.expand((a + 1) ** 9), sp.expand((a + 2) ** 9)]
    vector = matrix_display("E", sp.Matrix(wide), labels)
    assert vector.whole is None and [d.lhs for d in vector.entries] == ["E_{{a}}", "E_{{b}}"]
    matrix = matrix_display("I", sp.Matrix([[wide[0], 1], [1, wide[1]]]), labels)
    assert [d.lhs for d in matrix.entries] == ["I_{{a}{a}}", "I_{{a}{b}}", "I_{{b}{b}}"]
