"""What a hostile or careless user types gets a typed error that says what to do, or the right answer;
never an untyped exception, a negative density accepted, or a file written where it should not be."""
import pathlib
import subprocess
import sys

import pytest
import sympy as sp

import symfisher as sf
from symfisher import errors, gallery
from symfisher.input.text import parse_expression

NEGATIVE = [
    ("(1 + 3*sin(7*x))*exp(-x**2/(2*s))/sqrt(2*pi*s)", ["s>0"], None),          # between the samples
    ("(1 - theta*(x - 99/2))/100", ["theta in (0,1)"], "{0,...,99}"),           # at the last outcome
    ("exp(-(x-mu)**2/2)/sqrt(2*pi)*(1 + (x-mu)/10)", ["mu"], None),             # ten units out in a tail
]


@pytest.mark.parametrize("density, params, support", NEGATIVE)
def test_a_density_negative_somewhere_is_refused_with_a_point_where_it_is(density, params, support):
    with pytest.raises(errors.NegativeDensity) as caught:
        sf.Model.from_text(density, "x", params, support)
    at = {str(k): v for k, v in caught.value.at.items()}
    model_density = parse_expression(density, {n: sp.Symbol(n) for n in ("x", "s", "theta", "mu")})
    value = model_density.subs({sp.Symbol(k): v for k, v in at.items()})
    assert sp.N(value, 30) < 0 and "x" in at


def test_valid_densities_that_touch_zero_or_vanish_in_a_tail_are_not_refused():
    tilted = sf.Model.from_text("(1 + theta*x)/2", "x", ["theta in (-1,1)"], "[-1,1]")  # 0 only at θ = ±1
    assert sp.limit(tilted.fisher()[0, 0], tilted.params[0], 0) == sp.Rational(1, 3)
    normal = sf.Model.from_text("exp(-(x-mu)**2/2)/sqrt(2*pi)", "x", ["mu"])  # below 1e-300 far out
    assert normal.fisher() == sp.Matrix([[1]])


def test_a_density_that_cannot_be_evaluated_at_a_sample_point_is_a_typed_model_error():
    with pytest.raises(errors.NegativeDensity, match="cannot be evaluated"):
        sf.Model.from_text("log(355, tanh(355))*theta**x*(1-theta)**(1-x)", "x", "theta in (0,1)", "{0,1}")


@pytest.mark.parametrize("params, message", [(["theta in (x, 1)"], "depends on the data x"),
                                             (["theta in (0,1)\udcff"], "cannot read the set")])
def test_declarations_that_cannot_be_a_parameter_domain_are_parse_errors(params, message):
    with pytest.raises(errors.ParseError, match=message):
        sf.Model.from_text("theta**x*(1-theta)**(1-x)", "x", params, "{0,1}")


def test_a_lone_surrogate_in_the_density_is_a_parse_error_and_bad_bytes_on_the_command_line_exit_2():
    with pytest.raises(errors.ParseError, match="not valid Unicode"):
        sf.Model.from_text("theta**x*(1-theta)**(1-x)\udcff", "x", "theta in (0,1)", "{0,1}")
    command = pathlib.Path(sys.executable).parent / "symfisher"
    run = subprocess.run([str(command), "derive", b"theta**x\xff", "--param", "theta in (0,1)", "--support", "{0,1}"],
                         capture_output=True, timeout=120, check=False)
    assert run.returncode == 2 and b"Traceback" not in run.stderr and b"not valid Unicode" in run.stderr


def test_output_paths_are_checked_and_their_folders_made(tmp_path):
    model = sf.families.get("exponential-rate")
    written = sf.export(model, tmp_path / "new" / "deeper" / "kernels.py", ["fisher"])
    assert written.exists()
    with pytest.raises(errors.OutputError, match="is a folder"):
        sf.export(model, tmp_path, ["fisher"])
    with pytest.raises(errors.OutputError, match="NUL"):
        sf.export(model, str(tmp_path / "a\x00b.py"), ["fisher"])
    with pytest.raises(errors.OutputError, match="file path"):
        sf.export(model, 42, ["fisher"])
    with pytest.raises(errors.OutputError, match="is a folder"):
        model.derive().to_pdf(tmp_path)


def test_kernels_called_with_what_is_not_an_array_get_an_argument_error():
    model = sf.families.get("exponential-rate")
    fisher, score = model.lambdify("fisher"), model.lambdify("score")
    for kernel, inputs in [(fisher, ("abc",)), (fisher, (sp.Symbol("q"),)), (score, ([1, 2, 3], [1, 2])),
                           (fisher, ())]:
        with pytest.raises(errors.ArgumentError, match="kernel takes"):
            kernel(*inputs)
    assert fisher(0.5)[0, 0] == pytest.approx(4.0)


@pytest.mark.parametrize("spec, message", [('title = "x"\nfamily = ', "not a TOML spec"),
                                           ('title = 3\nfamily = "poisson"', "must be text"),
                                           ('title = "x"', "a spec has title, family")])
def test_gallery_specs_that_are_not_valid_are_argument_errors(tmp_path, spec, message):
    (tmp_path / "bad.toml").write_text(spec, encoding="utf-8")
    with pytest.raises(errors.ArgumentError, match=message):
        gallery.main(tmp_path)


def test_a_gallery_folder_that_is_missing_or_empty_is_an_argument_error(tmp_path):
    with pytest.raises(errors.ArgumentError, match="not a folder"):
        gallery.main(tmp_path / "missing")
    with pytest.raises(errors.ArgumentError, match="no gallery specs"):
        gallery.main(tmp_path)
    assert not (tmp_path / "README.md").exists()


def test_anything_unforeseen_inside_a_public_call_comes_out_typed(monkeypatch):
    import symfisher.model.model as model_module

    def broken(name, view, **options):
        raise ZeroDivisionError("deep inside SymPy")

    model = sf.families.get("poisson")
    monkeypatch.setattr(model_module.quantities, "value", broken)
    with pytest.raises(errors.ComputationError, match="could not derive the score: ZeroDivisionError") as caught:
        model.score()
    assert isinstance(caught.value.__cause__, ZeroDivisionError)
