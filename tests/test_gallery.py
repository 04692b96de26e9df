"""The gallery: every committed .tex is what the code produces now (golden files), and every one compiles."""
import pathlib

import pytest

from symfisher import gallery
from symfisher.render.pdf import compile_pdf
from symfisher.render.pdf import overfull_boxes

FOLDER = pathlib.Path(__file__).resolve().parents[1] / "gallery"
EXAMPLES = gallery.examples(FOLDER)
REQUIRED = {"bernoulli", "normal-mean", "normal-mean-variance", "categorical", "exponential-rate", "poisson",
            "mvn-mean", "bivariate-normal-rho", "categorical-softmax", "uniform", "gamma-shape-rate", "beta",
            "student-t", "weibull"}


def test_the_gallery_covers_the_required_examples():
    assert REQUIRED <= {e.family for e in EXAMPLES}
    assert any(e.reparametrize for e in EXAMPLES) and any(e.statistic for e in EXAMPLES)
    index = (FOLDER / "README.md").read_text(encoding="utf-8")
    for example in EXAMPLES:
        for suffix in (".toml", ".tex", ".pdf", ".png"):
            assert (FOLDER / f"{example.name}{suffix}").exists(), f"{example.name}{suffix} missing: run make gallery"
        assert f"({example.name}.png)" in index


@pytest.mark.parametrize("example", EXAMPLES, ids=[e.name for e in EXAMPLES])
def test_committed_tex_is_what_the_code_produces_now(example):
    committed = (FOLDER / f"{example.name}.tex").read_text(encoding="utf-8")
    assert example.derive().to_latex(example.title) == committed, "stale gallery: run make gallery"


@pytest.mark.parametrize("example", EXAMPLES, ids=[e.name for e in EXAMPLES])
def test_gallery_tex_compiles_without_overfull_lines(example, tmp_path):
    log = compile_pdf((FOLDER / f"{example.name}.tex").read_text(encoding="utf-8"), tmp_path / "out.pdf")
    assert overfull_boxes(log) == []


def test_a_spec_with_unknown_keys_is_refused(tmp_path):
    spec = tmp_path / "odd.toml"
    spec.write_text('title = "t"\nfamily = "bernoulli"\ncolour = "red"\n', encoding="utf-8")
    with pytest.raises(gallery.ArgumentError, match="colour"):
        gallery.load(spec)


def test_a_reparametrize_table_without_its_mapping_is_refused(tmp_path):
    spec = tmp_path / "half.toml"
    spec.write_text('title = "t"\nfamily = "bernoulli"\n[reparametrize]\nparams = { eta = "real" }\n',
                    encoding="utf-8")
    with pytest.raises(gallery.ArgumentError, match="params and mapping"):
        gallery.load(spec)
