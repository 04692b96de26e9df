"""The LaTeX printer: golden table of expression → LaTeX, escaping of user text, and line breaking."""
import pytest
import sympy as sp

from symfisher.render.printer import LINE_WIDTH, Tex, escape, fits, lines, tex, width

a, b, x, mu = sp.Symbol("a", positive=True), sp.Symbol("b", positive=True), sp.Symbol("x"), sp.Symbol("mu")
theta1 = sp.Symbol("theta_1")


@pytest.mark.parametrize("expr, expected", [
    (sp.polygamma(0, a), r"\psi\left(a\right)"),
    (sp.polygamma(1, a), r"\psi_1\left(a\right)"),
    (sp.polygamma(2, a), r"\psi^{(2)}\left(a\right)"),
    (sp.polygamma(1, a) ** 2, r"\psi_1\left(a\right)^{2}"),
    (sp.beta(a, b), r"\mathrm{B}\left(a, b\right)"),
    (sp.gamma(a), r"\Gamma\left(a\right)"),
    (sp.loggamma(a), r"\log\Gamma\left(a\right)"),
    (sp.besseli(0, a), r"I_{0}\left(a\right)"),
    (sp.Heaviside(x), r"\mathbf{1}\left[x > 0\right]"),
    (sp.log(a), r"\log{\left(a \right)}"),
    (sp.EulerGamma, r"\gamma"),
    (x - mu, r"x - \mu"),  # not −μ + x
    ((x - a) / (a * (1 - a)), r"\frac{x - a}{a \left(1 - a\right)}"),
    (sp.Matrix([[1 / a, 0], [0, 2]]), r"\begin{pmatrix}\dfrac{1}{a} & 0\\0 & 2\end{pmatrix}"),  # display-size fractions
    (theta1, r"\theta_{1}"),
    (sp.Symbol("sigma"), r"\sigma"),
])
def test_printer_golden_table(expr, expected):
    assert tex(expr) == expected
    assert isinstance(tex(expr), Tex)


@pytest.mark.parametrize("name", [r"\input{/etc/passwd}", r"\write18{rm -rf /}", "a}b{", "x$y", "p%", "#1", "^^5c"])
def test_hostile_symbol_names_print_as_inert_text(name):
    printed = tex(sp.Symbol(name) + 1)
    assert "\\input" not in printed and "\\write" not in printed
    assert printed.count("{") == printed.count("}")
    assert r"\text{" in printed


@pytest.mark.parametrize("text, expected", [
    ("50% & $5 #1", r"50\% \& \$5 \#1"),
    (r"\input{x}", r"\textbackslash{}input\{x\}"),
    ("Bernoulli(θ)", r"Bernoulli(\ensuremath{\theta})"),
    ("E[s sᵀ] = −E[∇² log p]", r"E[s s\ensuremath{^{\top}}] = -E[\ensuremath{\nabla}\ensuremath{^{2}} log p]"),
    ("a_b ^ ~", r"a\_b \textasciicircum{} \textasciitilde{}"),
    ("日本", "??"),
])
def test_user_text_is_escaped(text, expected):
    assert escape(text) == expected


def test_short_expressions_stay_on_one_line():
    assert lines(1 / a) == (tex(1 / a),)


def test_long_sums_break_between_terms_and_every_line_fits():
    long_sum = sp.expand((x + a + b + mu) ** 4)
    broken = lines(long_sum)
    assert len(broken) > 1
    assert all(width(line) <= LINE_WIDTH + 12 for line in broken)
    assert all(line.startswith(("{} + ", "{} - ")) for line in broken[1:])


def test_a_product_with_a_long_sum_breaks_inside_its_parentheses():
    long_sum = sp.expand((x + a + b + mu) ** 3)
    broken = lines(long_sum / (a * b))
    assert broken[0].count(r"\left(") == 1 and broken[0].endswith(r"\right.")
    assert broken[-1].startswith(r"\left.") and broken[-1].endswith(r"\right)")


def test_a_wide_exponential_factor_breaks_inside_its_argument():
    """A Gaussian density: 1/√(2π…) · exp(quadratic form too wide for a line)."""
    quadratic = -sp.expand((x + a + b + mu + theta1) ** 3) / 2
    broken = lines(sp.exp(quadratic) / sp.sqrt(2 * sp.pi * a))
    assert len(broken) > 2 and all(width(line) <= LINE_WIDTH + 12 for line in broken)
    assert any(line.replace(r"{} \cdot ", "").startswith(r"\exp\left(") and line.endswith(r"\right.") for line in broken)
    assert broken[-1].startswith(r"\left.") and broken[-1].endswith(r"\right)")


def test_a_wide_denominator_is_written_as_numerator_over_denominator():
    wide = sp.expand((x + a + b + mu + theta1) ** 3)
    broken = lines(x / wide)
    assert any(line.startswith(r"\Big/") for line in broken)


def test_matrix_fits_decides_between_pmatrix_and_entries():
    assert fits(sp.Matrix([[1 / a, 0], [0, 1 / b]]))
    assert not fits(sp.Matrix([[sp.expand((x + a + b + mu) ** 3), 0], [0, 1]]))
