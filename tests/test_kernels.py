"""Numeric kernels: shapes, agreement with the closed forms (mpmath, 30 digits), export, data-based Fisher."""
import ast
import json
import os
import runpy
import subprocess
import sys

import mpmath
import numpy as np
import pytest
import sympy as sp
from hypothesis import example, given, settings
from hypothesis import strategies as st

import symfisher as sf
from symfisher import errors
from symfisher.kernels import codegen as kernels

DIGITS = 30


def truth(expr, values: dict) -> np.ndarray:
    """``expr`` (a matrix or scalar) at ``values`` with mpmath, 30 digits, as floats."""
    with mpmath.workdps(DIGITS):
        entries = expr if isinstance(expr, sp.MatrixBase) else sp.Matrix([expr])
        return np.array([float(sp.N(e.xreplace(values), DIGITS)) for e in entries], dtype=float)


def close(got, expected, rtol=1e-12, atol=1e-300):
    got = np.ravel(np.asarray(got, dtype=float))
    return np.all(np.abs(got - expected) <= rtol * np.abs(expected) + atol), (got, expected)


def test_shapes_follow_numpy_broadcasting():
    gamma = sf.families.get("gamma-shape-rate")
    score, fisher, logpdf = gamma.lambdify("score"), gamma.lambdify("fisher"), gamma.lambdify("logpdf")
    assert isinstance(logpdf(1.0, 2.0, 3.0), float)
    assert logpdf(np.ones(5), 2.0, 3.0).shape == (5,)
    assert score(1.0, 2.0, 3.0).shape == (2,)
    assert score(np.ones((4, 3)), 2.0, np.ones(3)).shape == (4, 3, 2)
    assert fisher(2.0, 3.0).shape == (2, 2)
    assert fisher(np.linspace(1, 2, 7), 3.0).shape == (7, 2, 2)
    assert gamma.lambdify("hessian")(np.ones(6), 2.0, 3.0).shape == (6, 2, 2)
    assert np.allclose(gamma.lambdify("crlb")(2.0, 3.0) @ fisher(2.0, 3.0), np.eye(2))


def test_lists_broadcast_like_arrays():
    fisher = sf.families.get("gamma-shape-rate").lambdify("fisher")
    assert np.array_equal(fisher([1.5, 2.5], 3.0), fisher(np.array([1.5, 2.5]), 3.0))


def test_location_scale_scores_are_generated_in_the_standardised_variable():
    x, mu = sp.Symbol("x", real=True), sp.Symbol("mu", real=True)
    sigma = sp.Symbol("sigma", positive=True)
    cauchy = sf.Model(sigma / (sp.pi * (sigma**2 + (x - mu) ** 2)), x, (mu, sigma))
    source = cauchy.lambdify("score").source
    assert "_z = (x - mu)/sigma" in source and "del " in source   # temporaries die after their last use
    score = cauchy.lambdify("score")
    assert close(score(1.7, 0.2, 0.9), truth(cauchy.score(), {x: 1.7, mu: 0.2, sigma: 0.9}))[0]


def test_the_standardised_variable_is_declined_where_the_location_does_not_cancel():
    x, mu = sp.Symbol("x", positive=True), sp.Symbol("mu", real=True)
    beta = sp.Symbol("beta", positive=True)
    forms = kernels.standardised_forms([sp.log(x) - mu, x * beta], x, [mu, beta])
    assert [definitions for _, definitions in forms] == [[(kernels.Z, x / beta)]]  # only the pure scale form


@pytest.mark.parametrize("name", ["bernoulli", "categorical", "poisson", "laplace", "student-t", "weibull",
                                  "dirichlet", "mvn-mean", "gumbel", "negative-binomial"])
def test_data_kernels_equal_the_closed_forms_at_sample_points(name):
    model = sf.families.get(name)
    for quantity, closed in (("logpdf", model.log_density()), ("score", model.score()),
                             ("hessian", model.hessian().replace(sp.DiracDelta, lambda *a: 0))):
        kernel = model.lambdify(quantity)
        for point in model.parameter_points(2):
            for sample in model.support.sample_points({model.internal(k): v for k, v in point.items()}, 3):
                data = {model.public(k): v for k, v in sample.items()}
                values = {**point, **data}
                arguments = [float(values[s]) for s in (*model.variables, *model.params, *model.constants)]
                ok, detail = close(kernel(*arguments), truth(closed, values), rtol=1e-11)
                assert ok, (quantity, values, detail)


def test_fisher_kernels_of_several_families_equal_the_derived_matrix():
    for name in ("gamma-shape-rate", "beta", "categorical", "normal-mean-variance"):
        model = sf.families.get(name)
        kernel = model.lambdify("fisher")
        for point in model.parameter_points(3):
            arguments = [float(point[s]) for s in (*model.params, *model.constants)]
            ok, detail = close(kernel(*arguments), truth(model.fisher(), point), rtol=1e-11)
            assert ok, (name, point, detail)


# ------------------------------------------------------------------ accuracy over wide ranges (hypothesis)
BERNOULLI = sf.families.get("bernoulli")
GAMMA = sf.families.get("gamma-shape-rate")
STUDENT = sf.families.get("student-t")
B_SCORE, B_FISHER, B_LOGPDF = (BERNOULLI.lambdify(q) for q in ("score", "fisher", "logpdf"))
G_FISHER, G_SCORE = GAMMA.lambdify("fisher"), GAMMA.lambdify("score")
T_SCORE, T_FISHER = STUDENT.lambdify("score"), STUDENT.lambdify("fisher")
p_values = st.one_of(st.floats(1e-12, 1e-3), st.floats(1e-3, 1 - 1e-3), st.floats(1 - 1e-3, 1 - 1e-12))


@settings(max_examples=60, deadline=None, derandomize=True)  # the same examples on every run
@given(p=p_values, x=st.sampled_from([0, 1]))
def test_bernoulli_kernels_near_the_edges(p, x):
    (symbol,), (variable,) = BERNOULLI.params, BERNOULLI.variables
    values = {symbol: sp.Float(p, DIGITS), variable: x}
    for kernel, closed, arguments in ((B_SCORE, BERNOULLI.score(), (x, p)), (B_FISHER, BERNOULLI.fisher(), (p,)),
                                      (B_LOGPDF, BERNOULLI.log_density(), (x, p))):
        ok, detail = close(kernel(*arguments), truth(closed, values))
        assert ok, detail


@settings(max_examples=60, deadline=None, derandomize=True)  # the same examples on every run
@given(alpha=st.floats(1e-3, 1e6), beta=st.floats(1e-3, 1e3), x=st.floats(1e-3, 1e3))
def test_gamma_kernels_for_small_and_large_shapes(alpha, beta, x):
    a, b = GAMMA.params
    values = {a: sp.Float(alpha, DIGITS), b: sp.Float(beta, DIGITS), GAMMA.variables[0]: sp.Float(x, DIGITS)}
    ok, detail = close(G_FISHER(alpha, beta), truth(GAMMA.fisher(), values))
    assert ok, detail
    # the shape component log(βx) − ψ(α) cancels when βx ≈ e^{ψ(α)}: judge it against its terms' scale
    got, expected = G_SCORE(x, alpha, beta), truth(GAMMA.score(), values)
    scale = np.array([abs(np.log(beta * x)) + abs(float(sp.polygamma(0, sp.Float(alpha, DIGITS)))), abs(x) + alpha / beta])
    assert np.all(np.abs(got - expected) <= 1e-12 * scale + 1e-300), (got, expected)


@settings(max_examples=60, deadline=None, derandomize=True)  # the same examples on every run
@given(nu=st.floats(0.5, 1e7), mu=st.floats(-1e3, 1e3), sigma=st.floats(1e-3, 1e3), z=st.floats(-1e3, 1e3))
@example(nu=9.0, mu=0.0, sigma=1.0, z=0.99999)  # found by hypothesis: the σ component cancels at z² ≈ 1
def test_student_t_kernels_up_to_large_degrees_of_freedom(nu, mu, sigma, z):
    m, s = STUDENT.params
    (n,) = STUDENT.constants
    x = mu + sigma * z
    values = {m: sp.Float(mu, DIGITS), s: sp.Float(sigma, DIGITS), n: sp.Float(nu, DIGITS),
              STUDENT.variables[0]: sp.Float(x, DIGITS)}
    ok, detail = close(T_FISHER(mu, sigma, nu), truth(STUDENT.fisher(), values))
    assert ok, detail
    # x − μ is formed in floating point: allow its rounding, amplified by |x|/|x − μ|; the σ component
    # ((ν + 1)z²/(ν + z²) − 1)/σ cancels near z² = 1, so it is judged against its terms' scale
    got, expected = T_SCORE(x, mu, sigma, nu), truth(STUDENT.score(), values)
    conditioning = 1 + 4 * (abs(x) + abs(mu)) / max(abs(x - mu), 1e-300)
    zz = ((x - mu) / sigma) ** 2
    scale = np.array([abs(expected[0]), (1 + (nu + 1) * zz / (nu + zz)) / sigma])
    assert np.all(np.abs(got - expected) <= 1e-12 * conditioning * scale + 1e-300), (got, expected)


# ------------------------------------------------------------------------------------- from data
def test_observed_and_empirical_fisher_approach_n_times_the_fisher_information_at_the_mle():
    model = sf.families.get("normal-mean-variance")
    rng = np.random.default_rng(7)
    data = rng.normal(1.5, np.sqrt(2.0), 200_000)
    mle = {"mu": data.mean(), "v": data.var()}
    expected = model.lambdify("fisher")(mle["mu"], mle["v"])
    observed = sf.observed_information(model, data, mle)
    empirical = sf.empirical_fisher(model, data, mle)
    assert np.allclose(observed / data.size, expected, rtol=0.02, atol=1e-3)
    assert np.allclose(empirical, expected, rtol=0.03, atol=1e-3)


def test_on_a_misspecified_model_the_empirical_fisher_is_not_the_fisher_information():
    model = sf.families.get("normal-mean-variance")  # fitted to Laplace data: heavier tails than assumed
    data = np.random.default_rng(8).laplace(0.0, 1.0, 200_000)
    mle = (data.mean(), data.var())
    expected = model.lambdify("fisher")(*mle)
    empirical = sf.empirical_fisher(model, data, mle)
    # E[s_v²] = (μ₄ − v²)/(4v⁴) = 2.5 × 1/(2v²) for the Laplace (kurtosis 6)
    assert empirical[1, 1] / expected[1, 1] == pytest.approx(2.5, rel=0.1)
    assert sf.observed_information(model, data, mle)[1, 1] / data.size == pytest.approx(expected[1, 1], rel=0.02)


def test_data_of_the_wrong_shape_is_refused():
    with pytest.raises(errors.ArgumentError, match="shape"):
        sf.empirical_fisher(sf.families.get("mvn-mean"), np.ones(5), [0, 0, 1, 0, 1])
    with pytest.raises(errors.ArgumentError, match="missing"):
        sf.empirical_fisher(sf.families.get("normal-mean-variance"), np.ones(5), {"mu": 0})


# ------------------------------------------------------------------------------------- export, backends
def test_an_exported_module_runs_in_a_fresh_process_with_only_numpy_and_scipy(tmp_path):
    model = sf.families.get("gamma-shape-rate")
    path = sf.export(model, tmp_path / "gamma_kernels.py", quantities=("logpdf", "score", "fisher", "crlb"))
    source = path.read_text(encoding="utf-8")
    imported = {alias.name for node in ast.walk(ast.parse(source)) if isinstance(node, (ast.Import, ast.ImportFrom))
                for alias in node.names}
    assert imported == {"numpy", "scipy.special"}
    assert r"\psi_1\left(\alpha\right)" in source and sf.__version__ in source
    script = ("import json, gamma_kernels as k; print(json.dumps(k.fisher(2.5, 1.5).tolist())); "
              "print(json.dumps(k.score(1.0, 2.5, 1.5).tolist())); print(k.fisher.__doc__.splitlines()[0])")
    run = subprocess.run([sys.executable, "-c", script], cwd=tmp_path, capture_output=True, text=True, timeout=120,
                         env={k: v for k, v in os.environ.items() if k != "PYTHONPATH"}, check=False)
    assert run.returncode == 0, run.stderr
    fisher_line, score_line, doc = run.stdout.splitlines()
    assert np.allclose(json.loads(fisher_line), model.lambdify("fisher")(2.5, 1.5))
    assert np.allclose(json.loads(score_line), model.lambdify("score")(1.0, 2.5, 1.5))
    assert "Fisher information" in doc


def test_unknown_quantities_and_backends_are_refused():
    model = sf.families.get("bernoulli")
    with pytest.raises(errors.ArgumentError, match="quantity"):
        model.lambdify("variance")
    with pytest.raises(errors.ArgumentError, match="backend"):
        model.lambdify("score", backend="torch")


def test_jax_backend_is_jittable_and_differentiable():
    jax = pytest.importorskip("jax", reason="JAX is not installed; the jax backend is optional")
    model = sf.families.get("normal-mean-variance")
    score = jax.jit(model.lambdify("score", backend="jax"))
    assert np.allclose(score(1.0, 0.5, 2.0), model.lambdify("score")(1.0, 0.5, 2.0))
    logpdf = model.lambdify("logpdf", backend="jax")
    assert np.allclose(jax.grad(logpdf, argnums=1)(1.0, 0.5, 2.0), model.lambdify("score")(1.0, 0.5, 2.0)[0])


PAYLOADS = ['"""\nopen({path!r}, "w").write("ran")\n"""', "'''\nopen({path!r}, 'w').write('ran')\n'''",
            '\\"""\nopen({path!r}, "w").write("ran") #', 'x²\\\\\n__import__("os").system("touch {path}")']


@pytest.mark.parametrize("payload", PAYLOADS)
def test_an_exported_module_runs_nothing_a_model_name_or_symbol_holds(tmp_path, payload):
    sentinel = tmp_path / "ran"
    text = payload.format(path=str(sentinel))
    x = sp.Symbol("x", positive=True)
    rate = sp.Symbol("t" + text, positive=True)
    model = sf.Model(rate * sp.exp(-rate * x), x, rate, sp.Interval(0, sp.oo), name=text)
    path = sf.export(model, tmp_path / "kernels.py")
    namespace = runpy.run_path(str(path))
    assert not sentinel.exists()
    assert namespace["fisher"](2.0)[0, 0] == pytest.approx(0.25, rel=1e-12)
    assert all(name.isidentifier() and name.isascii() for name in namespace["fisher"].__code__.co_varnames)
    assert model.lambdify("score")(1.0, 2.0)[0] == pytest.approx(-0.5, rel=1e-12) and not sentinel.exists()


def test_symbol_names_never_collide_with_the_names_generated_code_uses():
    x = sp.Symbol("x", positive=True)
    names = [sp.Symbol(n, positive=True) for n in ("_arrays", "_out", "numpy", "lambda")]
    density = sp.Mul(*names) * sp.exp(-sp.Mul(*names) * x)
    model = sf.Model(density, x, names[0], sp.Interval(0, sp.oo))
    assert [kernels.identifier(s) for s in names] == ["v_arrays", "v_out", "numpy_", "lambda_"]
    assert model.lambdify("fisher")(2.0, 1.0, 1.0, 1.0)[0, 0] == pytest.approx(0.25, rel=1e-12)
