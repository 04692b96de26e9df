"""The installed ``symfisher`` command, run in a subprocess as a user runs it."""
from __future__ import annotations

import io
import json
import pathlib
import shutil
import subprocess
import sys
import time

import pytest

from symfisher.cli import Progress

COMMAND = pathlib.Path(sys.executable).with_name("symfisher")
BIVARIATE = (r"\frac{1}{2\pi\sigma^2\sqrt{1-\rho^2}}\exp\left(-\frac{(x_1-\mu_1)^2 - 2\rho(x_1-\mu_1)(x_2-\mu_2)"
             r" + (x_2-\mu_2)^2}{2\sigma^2(1-\rho^2)}\right)")
BIVARIATE_MODEL = ["--var", "x_1", "--var", "x_2", "--param", "mu_1", "--param", "mu_2", "--const", "sigma>0",
                   "--const", "rho in (-1,1)", "--support", "x_1=(-oo,oo)", "--support", "x_2=(-oo,oo)"]
CATEGORICAL_MODEL = ["--var", "x_1", "--var", "x_2", "--param", "pi_1 in (0,1/2)", "--param", "pi_2 in (0,1/2)",
                     "--support", "{(1,0),(0,1),(0,0)}"]


def run(*arguments: str, timeout: float = 300) -> subprocess.CompletedProcess:
    assert COMMAND.exists(), f"the symfisher command is not installed beside {sys.executable} (pip install -e .)"
    return subprocess.run([str(COMMAND), *arguments], capture_output=True, text=True, timeout=timeout,
                          cwd=pathlib.Path(__file__).parent.parent, check=False)


# Every seed example of the reference notes, typed as LaTeX, checked against the notes' answer.
SEEDS = [
    pytest.param([r"p(x \mid \theta) = \theta^x (1-\theta)^{1-x}", "--param", "theta in (0,1)", "--support", "{0,1}",
                  "--fisher", r"\frac{1}{\theta(1-\theta)}", "--crlb", r"\frac{\theta(1-\theta)}{n}"], id="bernoulli"),
    pytest.param([r"p(x \mid \lambda) = \lambda e^{-\lambda x}", "--param", "lambda>0", "--support", "[0,oo)",
                  "--score", r"\frac{1}{\lambda} - x", "--fisher", r"\frac{1}{\lambda^2}", "--crlb",
                  r"\frac{\lambda^2}{n}"], id="exponential"),
    pytest.param([r"\frac{\lambda^x e^{-\lambda}}{x!}", "--param", "lambda>0", "--support", "{0,1,2,...}",
                  "--score", r"\frac{x}{\lambda} - 1", "--fisher", r"\frac{1}{\lambda}"], id="poisson"),
    pytest.param([r"\frac{1}{\sqrt{2\pi\sigma^2}}\exp\left(-\frac{(x-\mu)^2}{2\sigma^2}\right)", "--param", "mu",
                  "--const", "sigma>0", "--fisher", r"\frac{1}{\sigma^2}"], id="normal-mean"),
    pytest.param([r"\frac{1}{\sqrt{2\pi v}} e^{-(x-\mu)^2/(2v)}", "--param", "mu", "--param", "v>0", "--fisher",
                  r"\begin{pmatrix} \frac{1}{v} & 0 \\ 0 & \frac{1}{2v^2} \end{pmatrix}"], id="normal-mean-variance"),
    pytest.param([BIVARIATE, *BIVARIATE_MODEL, "--fisher",
                  r"\frac{1}{\sigma^2(1-\rho^2)}\begin{pmatrix}1 & -\rho\\ -\rho & 1\end{pmatrix}"], id="bivariate-rho"),
    pytest.param([r"\pi_1^{x_1}\pi_2^{x_2}(1-\pi_1-\pi_2)^{1-x_1-x_2}", *CATEGORICAL_MODEL, "--crlb",
                  "[[pi_1*(1-pi_1), -pi_1*pi_2], [-pi_1*pi_2, pi_2*(1-pi_2)]]"], id="categorical"),
    pytest.param([r"\frac{e^{\eta x}}{1+e^{\eta}}", "--param", "eta", "--support", "{0,1}", "--fisher",
                  r"\frac{e^{\eta}}{(1+e^{\eta})^2}"], id="bernoulli-log-odds"),
]


@pytest.mark.parametrize("arguments", SEEDS)
def test_every_seed_example_from_latex_verifies(arguments):
    result = run("verify", *arguments)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.count("right:") == sum(a.startswith("--") and a[2:] in ("fisher", "score", "crlb")
                                                for a in arguments)


def test_the_classic_wrong_geometric_answer_is_refuted_with_a_point():
    result = run("verify", r"P(X = x) = p(1-p)^{x}", "--param", "p in (0,1)", "--support", "{0,1,2,...}",
                 "--fisher", r"\frac{1}{p(1-p)}")
    assert result.returncode == 1, result.stderr
    assert "WRONG" in result.stdout and "1/(p^2*(1 - p))" in result.stdout
    assert "at p = 3/10 the claim's value is 100/21 but the Fisher information's is 1000/63" in result.stdout
    right = run("verify", "p*(1-p)**x", "--param", "p in (0,1)", "--support", "{0,1,2,...}", "--fisher",
                "1/(p**2*(1-p))")
    assert right.returncode == 0, right.stdout + right.stderr


def test_a_wrong_claim_gets_its_likely_cause():
    result = run("verify", r"\frac{1}{\sqrt{2\pi}\sigma} e^{-x^2/(2\sigma^2)}", "--param", "sigma>0",
                 "--fisher", r"\frac{1}{2\sigma^4}")
    assert result.returncode == 1
    assert "the Fisher information for σ² rather than σ" in result.stdout


def test_text_that_fails_as_sympy_syntax_suggests_latex():
    result = run("derive", "P(X = x) = p(1-p)^x", "--param", "p in (0,1)", "--support", "{0,1,2,...}")
    assert result.returncode == 2 and "--latex" in result.stderr
    forced = run("derive", "P(X = x) = p(1-p)^x", "--latex", "--param", "p in (0,1)", "--support", "{0,1,2,...}")
    assert forced.returncode == 0 and "1/(p^2*(1 - p))" in forced.stdout


def test_derive_json_gives_sympy_syntax():
    result = run("derive", r"\lambda e^{-\lambda x}", "--param", "lambda>0", "--support", "[0,oo)", "--json")
    assert result.returncode == 0, result.stderr
    answer = json.loads(result.stdout)
    assert answer["params"] == ["lambda"]
    assert answer["score"] == ["-x + 1/lambda"]
    assert answer["fisher"] == [["lambda**(-2)"]]
    assert answer["crlb"] == [["lambda**2/n"]]
    assert all(check["passed"] for check in answer["checks"].values())


def test_derive_prints_a_summary_and_writes_the_proof(tmp_path):
    if shutil.which("latexmk") is None:
        pytest.fail("latexmk is missing: run `bash tools/ensure-tex.sh` (make test does)")
    tex, pdf = tmp_path / "bernoulli.tex", tmp_path / "bernoulli.pdf"
    result = run("derive", "theta**x*(1-theta)**(1-x)", "--var", "x", "--param", "theta in (0,1)", "--support",
                 "{0,1}", "--tex", str(tex), "--pdf", str(pdf))
    assert result.returncode == 0, result.stderr
    assert "Fisher information I(θ):\n  1/(θ*(1 - θ))" in result.stdout
    assert "✓ E[s sᵀ] = −E[∇² log p]" in result.stdout
    assert r"\begin{document}" in tex.read_text() and pdf.read_bytes().startswith(b"%PDF")


def test_non_regular_and_singular_models_are_diagnosed_not_errors():
    uniform = run("derive", r"\frac{1}{\theta}", "--param", "theta>0", "--support", "[0,theta]")
    assert uniform.returncode == 0, uniform.stderr
    assert "non-regular" in uniform.stdout and "✗ regularity" in uniform.stdout
    softmax = run("derive", r"\frac{e^{z_1 x_1 + z_2 x_2 + z_3 (1 - x_1 - x_2)}}{e^{z_1} + e^{z_2} + e^{z_3}}",
                  "--var", "x_1", "--var", "x_2", "--param", "z_1", "--param", "z_2", "--param", "z_3",
                  "--support", "{(1,0),(0,1),(0,0)}")
    assert softmax.returncode == 0, softmax.stderr
    assert "singular Fisher information: rank 2, null vector [1, 1, 1]" in softmax.stdout
    assert "✗ Fisher information invertible: the Fisher information has rank 2 < 3" in softmax.stdout
    refused = run("verify", r"\frac{1}{\theta}", "--param", "theta>0", "--support", "[0,theta]", "--fisher", "1")
    assert refused.returncode == 2 and "support" in refused.stderr


@pytest.mark.parametrize("density", [
    '__import__("os").system("touch PWNED")',
    "x.__class__.__mro__[1].__subclasses__()",
    "(lambda: open('PWNED', 'w'))()",
    r"\input{/etc/passwd}",
    r"\write18{touch PWNED}",
    r"\immediate\write18{touch PWNED}",
])
def test_hostile_input_is_refused_with_exit_2_and_no_effect(density, tmp_path):
    result = subprocess.run([str(COMMAND), "derive", density, "--param", "p"], capture_output=True, text=True,
                            timeout=120, cwd=tmp_path, check=False)
    assert result.returncode == 2
    assert result.stderr.startswith("symfisher: error:") and result.stderr.count("\n") == 1
    assert "Traceback" not in result.stderr and not list(tmp_path.iterdir())


def test_a_density_that_does_not_normalise_is_refused_with_its_integral():
    result = run("derive", "2*lambda*exp(-lambda*x)", "--param", "lambda>0", "--support", "[0,oo)")
    assert result.returncode == 2
    assert "integrates to 2" in result.stderr and "in closed form: 2" in result.stderr


def test_unusable_input_is_one_line_and_debug_shows_the_traceback():
    plain = run("derive", "theta**x", "--param", "theta in (0,1", "--support", "{0,1}")
    assert plain.returncode == 2 and plain.stderr.count("\n") == 1 and "Traceback" not in plain.stderr
    debug = run("--debug", "derive", "theta**x", "--param", "theta in (0,1", "--support", "{0,1}")
    assert debug.returncode != 0 and "Traceback" in debug.stderr


def test_family_list_show_and_export(tmp_path):
    listing = run("family", "list")
    assert listing.returncode == 0 and "gamma-shape-rate" in listing.stdout and "non-regular" in listing.stdout
    shown = run("family", "show", "poisson")
    assert shown.returncode == 0 and "λ^x*exp(-λ)/factorial(x)" in shown.stdout
    unknown = run("family", "show", "no-such-family")
    assert unknown.returncode == 2 and "no family named" in unknown.stderr
    assert exported_and_called(tmp_path, "score,fisher", "k['score'](1.0, 0.5), k['fisher'](0.5)") == ["[1.]", "[[4.]]"]


def exported_and_called(folder: pathlib.Path, quantities: str, calls: str) -> list[str]:
    """Export the exponential's kernels with the command, then print ``calls`` (on the module ``k``) in a
    fresh interpreter: what that prints, split into words."""
    target = folder / "kernels.py"
    exported = run("export", "--family", "exponential-rate", "--to", str(target), "--quantities", quantities)
    assert exported.returncode == 0, exported.stderr
    program = f"import runpy; k = runpy.run_path({str(target)!r}); print({calls})"
    check = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, check=False)
    assert check.returncode == 0, check.stderr
    return check.stdout.split()


@pytest.mark.parametrize("command", [[], ["derive"], ["verify"], ["family"], ["family", "list"], ["family", "show"],
                                     ["export"], ["gallery"]])
def test_every_subcommand_has_help_with_examples(command):
    result = run(*command, "--help")
    assert result.returncode == 0 and "usage: symfisher" in result.stdout
    if command:
        assert "examples:" in result.stdout


def test_a_derivation_longer_than_a_second_shows_its_steps_on_stderr():
    result = run("derive", "--family", "weibull")  # over 3 s (gamma-shape-rate, 2 s once, now finishes in under 2)
    assert result.returncode == 0, result.stderr
    shown = [line for line in result.stderr.splitlines() if line.startswith("symfisher: ") and line.endswith(" …")]
    assert shown and "Cramér–Rao bound" in shown[-1]


def test_progress_stays_silent_for_quick_work_then_names_each_step():
    stream = io.StringIO()
    progress = Progress(stream, delay=0.2)
    progress("score")
    assert stream.getvalue() == ""
    time.sleep(0.4)
    progress("Cramér–Rao bound")
    progress.close()
    assert stream.getvalue().splitlines() == ["symfisher: score …", "symfisher: Cramér–Rao bound …"]


def test_the_observed_information_is_verified_and_exported_from_the_command(tmp_path):
    right = run("verify", "--family", "exponential-rate", "--observed", "1/lambda**2")
    assert right.returncode == 0 and right.stdout.startswith("right: the claim is the observed information")
    wrong = run("verify", "--family", "exponential-rate", "--observed=-1/lambda**2")
    assert wrong.returncode == 1 and "a sign error" in wrong.stdout
    assert exported_and_called(tmp_path, "observed", "k['observed'](1.0, 0.5)") == ["[[4.]]"]
