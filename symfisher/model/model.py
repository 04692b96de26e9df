"""Model: a density or mass function, its variables, parameters, support and parameter domains.

A Model is validated when built: parameters present in the density, variables distinct from
parameters, a support SymPy can integrate or sum over, a density that is non-negative and that
integrates (or sums) to one. Internally each symbol carries the assumptions its domain implies
(σ ∈ (0, ∞) ⇒ positive) so SymPy can simplify; results are returned in the user's own symbols.
"""
from __future__ import annotations

from typing import Any, Callable, Iterable

import mpmath
import sympy as sp
from sympy.core.function import AppliedUndef

from .. import quantities
from ..budget import checked_seconds
from ..derivation import Derivation
from ..derive import derive
from ..doors import door
from ..errors import NegativeDensity, NotNormalised, ParameterError, SymfisherError
from ..expectation.engine import total_mass
from ..expectation.numeric.tails import heavy_tail
from ..greek import greek
from . import domains
from .origin import Origin
from .positivity import negative_point
from .support import Support
from .view import ModelView

DEFAULT_BUDGET_SECONDS = 30.0
_MASS_TOLERANCE = 1e-9  # |∫ p − 1| allowed numerically (quadrature of the density at 20+ digits)
_GROWING = 1e10         # x·p(x) this large far out in a tail: it grows, it does not level off


class Model:
    """A parametric family of densities p(x | θ).

    Args:
        density: the density (continuous support) or mass function (discrete support), a SymPy expression.
        variables: a Symbol, or a tuple of Symbols for multivariate x.
        params: a Symbol or a tuple of Symbols; their order is the order of every vector and matrix.
            Other free symbols of the density are known constants.
        support: a SymPy Set for one variable, ``{variable: Set}`` (iterated limits) or a FiniteSet of Tuples.
        domain: optional ``{symbol: Set}`` for parameters and constants; otherwise symbol assumptions decide.
        budget: seconds allowed to each symbolic call (integrate, summation, simplify).
        name: an optional display name.
        origin: set by :meth:`reparametrize`: the model this one was obtained from.

    Attributes:
        view: the model in internal symbols, for the expectation engine and the quantities.
        assumed_domain: ``{symbol: why}`` for domains inferred from a text declaration.
    """

    @door("build the model")
    def __init__(self, density: Any, variables: Any, params: Any, support: Any = sp.Reals,
                 domain: dict | None = None, *, budget: float = DEFAULT_BUDGET_SECONDS,
                 name: str | None = None, origin: Origin | None = None):
        seconds = checked_seconds(budget)
        user_variables = symbols_of(variables, "variables")
        user_params = symbols_of(params, "params")
        user_density = _expression(density)
        _check_names(user_density, user_variables, user_params)
        to_internal, to_public, complete_domain = _internal_symbols(
            user_density, user_variables, support, domain or {})
        self.variables = user_variables
        self.params = user_params
        self.density = user_density
        internal_variables = tuple(to_internal[v] for v in user_variables)
        internal_params = tuple(to_internal.get(p, p) for p in user_params)
        internal_density = user_density.xreplace(to_internal)
        renamed_support = support.xreplace(to_internal) if isinstance(support, sp.Set) else (
            {to_internal.get(k, k): s.xreplace(to_internal) for k, s in support.items()}
            if isinstance(support, dict) else support)
        internal_support = Support.from_user(internal_variables, renamed_support)
        found = (internal_density.free_symbols | internal_support.free_symbols) - set(internal_variables) - set(
            internal_params)
        self.view = ModelView(name, seconds, internal_variables, internal_params, tuple(sorted(found, key=str)),
                              internal_density, internal_support, complete_domain, to_public, to_internal, origin)
        self.assumed_domain: dict = {}  # {symbol: why}, for domains inferred from a text declaration
        self._check_sign()
        self._check_normalised()

    @classmethod
    @door("read the model from text")
    def from_text(cls, text: str, variables: Any, params: Any, support: Any = None, domain: dict | None = None,
                  *, constants: Any = (), budget: float = DEFAULT_BUDGET_SECONDS, name: str | None = None
                  ) -> "Model":
        """A model from plain SymPy syntax (``"theta**x*(1-theta)**(1-x)"``), parsed without ``eval``.

        ``variables``: ``"x"`` or ``"x1, x2"``; ``params`` and ``constants``: specs such as
        ``["theta in (0,1)", "sigma>0", "mu"]`` (a bare name is real); ``support``: ``"{0,1}"``,
        ``"[0,oo)"``, ``"{0,1,2,...}"``, ``"{0,...,n}"`` (default the real line), or a dict per variable;
        ``domain``: optional ``{name: set text}``.
        """
        from ..input.declarations import declare
        from ..input.text import parse_expression

        return cls._declared(declare(parse_expression, text, variables, params, support, constants, domain),
                             budget, name)

    @classmethod
    @door("read the model from LaTeX")
    def from_latex(cls, tex: str, variables: Any, params: Any, support: Any = None, domain: dict | None = None,
                   *, constants: Any = (), budget: float = DEFAULT_BUDGET_SECONDS, name: str | None = None
                   ) -> "Model":
        """A model from LaTeX (``r"\\lambda e^{-\\lambda x}"``); ``\\log`` is the natural log, a left-hand side
        ``p(x \\mid \\theta) =`` is dropped. The specs are as for :meth:`from_text`."""
        from ..input.declarations import declare
        from ..input.latex import parse_latex

        return cls._declared(declare(parse_latex, tex, variables, params, support, constants, domain), budget, name)

    @classmethod
    def _declared(cls, parsed: tuple, budget: float, name: str | None) -> "Model":
        """The model of a text declaration. A parameter declared by name alone is real; when the density
        is negative (or not real) at a negative value of it, it is taken positive, and when then at a value
        above 1, in (0, 1) — each such step recorded in ``assumed_domain`` with its reason."""
        density, declaration = parsed
        domain, assumed = dict(declaration.domain), {}
        while True:
            try:
                model = cls(density, declaration.variables, declaration.params, declaration.support, domain,
                            budget=budget, name=name)
                model.assumed_domain = assumed
                return model
            except NegativeDensity as exc:
                narrowed = _narrowed(exc, declaration.bare, domain)
                if not narrowed:
                    raise
                for symbol, (the_set, value) in narrowed.items():
                    domain[symbol] = the_set
                    shown_name = greek(symbol.name)
                    shown = f"{shown_name} > 0" if the_set.sup == sp.oo else f"0 < {shown_name} < 1"
                    assumed[symbol] = (f"{shown}: no domain was declared, and the density is negative or not real "
                                       f"at {shown_name} = {value}")

    @property
    def name(self) -> str | None:
        """The display name, or None."""
        return self.view.name

    @name.setter
    def name(self, value: str | None) -> None:
        self.view.name = value

    @property
    def origin(self) -> Origin | None:
        """For a reparametrised model, where it came from (else None)."""
        return self.view.origin

    @property
    def budget(self) -> float:
        """Seconds allowed to each symbolic call (integrate, summation, simplify)."""
        return self.view.budget

    @budget.setter
    def budget(self, seconds: float) -> None:
        self.view.budget = checked_seconds(seconds)

    # ----------------------------------------------------------------- symbols
    def internal(self, expr: Any) -> Any:
        """``expr`` (an expression, a Matrix, or a list of expressions) in the model's internal symbols."""
        if isinstance(expr, (list, tuple)):
            expr = sp.Matrix([_expression(e) for e in expr])
        if isinstance(expr, sp.MatrixBase):
            return self.view.internal(expr)
        return self.view.internal(_expression(expr))

    def public(self, expr: Any) -> Any:
        """``expr`` back in the user's symbols."""
        return self.view.public(expr)

    @property
    def constants(self) -> tuple[sp.Symbol, ...]:
        """Known constants: free symbols of the density and support that are not variables or parameters."""
        return tuple(self.public(c) for c in self.view.constants)

    @property
    def domain(self) -> dict:
        """``{symbol: Set}`` for every parameter and constant, in the user's symbols."""
        return {self.public(s): d for s, d in self.view.domain.items()}

    @property
    def support(self) -> Support:
        """The support, with parameters and constants in the user's symbols."""
        return self.view.public_support()

    @door("find sample parameter points")
    def parameter_points(self, count: int = 3) -> list[dict]:
        """Up to ``count`` valid sample points ``{parameter or constant: value}`` in the user's symbols."""
        return [{self.public(k): v for k, v in p.items()} for p in self.view.points[:count]]

    # ----------------------------------------------------------------- validation
    def _check_sign(self) -> None:
        """Exact values at the sample points first (their messages name those points), then a search for a
        negative region between and beyond them (:mod:`.positivity`)."""
        view = self.view
        for point, x, exact in view.at_samples(view.density):
            try:
                value = sp.N(exact, 20)
            except (ArithmeticError, ValueError, TypeError) as exc:
                raise NegativeDensity(f"the density cannot be evaluated at {view.describe(point, x)} "
                                      f"({type(exc).__name__}); check the formula", at={**point, **x}) from None
            if value.is_real is False or value.has(sp.nan, sp.zoo) or value.is_extended_real is False:
                raise NegativeDensity(
                    f"the density is not a real number at {view.describe(point, x)}: {value}",
                    at={**point, **x})
            if value.is_negative:
                raise NegativeDensity(
                    f"the density is negative at {view.describe(point, x)}: {sp.N(value, 6)}; "
                    f"check the formula or restrict the parameter domain", at={**point, **x})
        found = negative_point(view)
        if found is not None:
            point, x, value = found
            raise NegativeDensity(
                f"the density is negative at {view.describe(point, x)}: {sp.N(value, 6)}; check the formula or "
                f"restrict the parameter domain", at={**point, **x})

    def _check_normalised(self) -> None:
        view = self.view
        mass = total_mass(view)
        if mass.closed and mass.value == 1:
            return
        divergent = None if mass.closed else heavy_tail(view, sp.Integer(1))
        if divergent is not None:
            where, level, end = divergent
            whole_line = view.support.sets is not None and all(s == sp.Reals for s in view.support.sets)
            hint = (" The support is the whole real line unless you give one (support=, or --support): "
                    "is x positive, or in an interval?" if whole_line else "")
            how = "grows without bound" if level > _GROWING else f"stays near {mpmath.nstr(level, 3)}"
            raise NotNormalised(f"the density's integral diverges: at {where}, x·p(x) {how} as x → {end}, so "
                                f"∫ p = ∞ and p is not a density." + hint, mass=sp.oo)
        numeric = {}
        for point in view.points:
            numeric[tuple(point.items())] = value = mass.numeric_at(point)
            if value is None or abs(value - 1) > _MASS_TOLERANCE:
                shown = "could not be evaluated" if value is None else mpmath.nstr(value, 12)
                symbolic = f" (in closed form: {self.public(mass.value)})" if mass.closed else ""
                raise NotNormalised(
                    f"the density {'integrates' if not view.support.discrete else 'sums'} to {shown} at "
                    f"{view.describe(point)}, not 1{symbolic}",
                    mass=self.public(mass.value) if mass.closed else None, numeric=numeric)

    # ----------------------------------------------------------------- derived quantities
    @door("derive the log-density")
    def log_density(self) -> sp.Expr:
        """log p(x | θ), natural log, expanded where that is exact on the support."""
        return self.public(quantities.value("logpdf", self.view))

    @door("derive the score")
    def score(self) -> sp.Matrix:
        """The score s(θ, x) = ∇_θ log p(x | θ), a k×1 Matrix."""
        return self.public(quantities.value("score", self.view))

    @door("derive the Hessian")
    def hessian(self) -> sp.Matrix:
        """∇²_θ log p(x | θ), a k×k Matrix (distributional terms such as DiracDelta kept)."""
        return self.public(quantities.value("hessian", self.view))

    @door("derive the observed information")
    def observed_information(self) -> sp.Matrix:
        """The observed information of one observation, J(θ; x) = −∇²_θ log p(x | θ), a k×k Matrix."""
        return self.public(quantities.value("observed", self.view))

    @door("derive the Fisher information")
    def fisher(self, method: str = "both") -> sp.Matrix:
        """The Fisher information: ``"outer"`` E[s sᵀ], ``"hessian"`` −E[∇² log p], or ``"both"`` (checked to agree)."""
        return self.public(quantities.value("fisher", self.view, method=method))

    @door("derive the Cramér–Rao bound")
    def crlb(self, n: Any = 1, g: Any = None, pseudo: bool = False) -> sp.Matrix | sp.Expr:
        """The Cramér–Rao bound for n i.i.d. samples: (n I)⁻¹, or ∇gᵀ I⁻¹ ∇g / n for a function g(θ)."""
        return self.public(quantities.value("crlb", self.view, n=self.internal(n),
                                            g=None if g is None else self.internal(g), pseudo=pseudo))

    @door("reparametrize the model")
    def reparametrize(self, mapping: dict, params: Any, domain: dict | None = None) -> "Model":
        """The same family in new parameters: ``mapping`` gives each old parameter in terms of the new ones.

        The new model knows its ``origin``, so its derivation also checks I(φ) = Jᵀ I(θ(φ)) J.
        """
        new_params = symbols_of(params, "params")
        if not isinstance(mapping, dict) or not mapping:
            raise ParameterError("mapping must be a non-empty dict {old parameter: expression in the new ones}")
        unknown = [old for old in mapping if old not in self.params]
        if unknown:
            raise ParameterError(f"{unknown} are not parameters of the model (parameters: {self.params})")
        kept = [p for p in self.params if p not in mapping]
        missing = [p for p in kept if p not in new_params]
        if missing:
            raise ParameterError(f"parameters {missing} are neither mapped nor among the new parameters")
        substitution = {old: sp.sympify(expr) for old, expr in mapping.items()}
        support = self.support
        user_support = ({v: s.subs(substitution) for v, s in zip(self.variables, support.sets)}
                        if support.sets is not None else sp.FiniteSet(*(sp.Tuple(*o) for o in support.outcomes)))
        inherited = {s: d for s, d in self.domain.items() if s not in mapping}
        old_in_new = sp.Matrix([substitution.get(p, p) for p in self.params])
        return Model(self.density.subs(substitution), self.variables, new_params, user_support,
                     {**inherited, **(domain or {})}, budget=self.budget,
                     name=f"{self.name or 'model'} in {', '.join(map(str, new_params))}",
                     origin=Origin(self, substitution, old_in_new.jacobian(new_params)))

    @door("derive")
    def derive(self, statistic: Any = None, progress: Callable[[str], None] | None = None,
               observed_at: dict | None = None) -> Derivation:
        """The whole derivation: score, E[s] = 0, Fisher both ways and their agreement, CRLB.

        ``statistic``: a function t(x) of the data whose sample mean is compared with the bound for E[t].
        ``progress``: called with each step's name as it starts.
        ``observed_at``: a data point ``{variable: value}`` at which to show the observed information.
        """
        return derive(self, statistic=statistic, progress=progress, observed_at=observed_at)

    def __repr__(self) -> str:
        label = f"{self.name}: " if self.name else ""
        return (f"Model({label}p = {self.density}, variables={self.variables}, params={self.params}, "
                f"support: {self.public_support_text()})")

    @door("generate the kernel")
    def lambdify(self, quantity: str, backend: str = "numpy") -> Callable:
        """A numeric kernel for ``quantity``, one of ``symfisher.quantities.KERNEL_QUANTITIES`` ("logpdf",
        "score", "hessian", "observed", "fisher", "crlb").

        ``f(*variables, *params, *constants)`` for the data-dependent ones, ``f(*params, *constants)``
        for fisher and crlb; inputs broadcast like NumPy, outputs are (..., k) or (..., k, k).
        """
        from ..kernels.codegen import lambdify

        return lambdify(self, quantity, backend)

    def _repr_latex_(self) -> str:
        from ..render.document import model_latex

        return model_latex(self)

    def public_support_text(self) -> str:
        """The support described in the user's symbols."""
        return self.view.support_text()


_NARROWER = ((sp.Reals, sp.Interval.open(0, sp.oo), lambda v: v <= 0),
             (sp.Interval.open(0, sp.oo), sp.Interval.open(0, 1), lambda v: v >= 1))


def _narrowed(error: NegativeDensity, bare: tuple, domain: dict) -> dict:
    """{symbol: (narrower set, the value where the density failed)} for the bare symbols that explain it."""
    values = {str(k): v for k, v in error.at.items()}
    narrowed = {}
    for symbol in bare:
        value = values.get(str(symbol))
        for wide, narrow, outside in _NARROWER:
            if value is not None and domain.get(symbol) == wide and outside(value):
                narrowed[symbol] = (narrow, value)
    return narrowed


def symbols_of(value: Any, what: str) -> tuple[sp.Symbol, ...]:
    if isinstance(value, str):
        raise ParameterError(f"{what} must be SymPy Symbols, not the text {value!r}: use sympy.Symbol({value!r}), "
                             f"or Model.from_text / Model.from_latex for text input")
    items: Iterable = (value,) if isinstance(value, sp.Symbol) else value
    try:
        symbols = tuple(items)
    except TypeError:
        raise ParameterError(f"{what} must be a SymPy Symbol or a tuple of Symbols, not {value!r}") from None
    if not symbols:
        raise ParameterError(f"{what} must name at least one Symbol")
    bad = [s for s in symbols if not isinstance(s, sp.Symbol)]
    if bad:
        raise ParameterError(f"{what} must be SymPy Symbols; {bad!r} is not (use sympy.Symbol('name'))")
    if len(set(symbols)) != len(symbols):
        raise ParameterError(f"{what} lists a symbol twice: {symbols}")
    return symbols


def _expression(value: Any) -> sp.Expr:
    if isinstance(value, str):
        raise ParameterError("a density given as text must go through Model.from_text or Model.from_latex, "
                             "which parse it safely")
    if isinstance(value, sp.Basic):
        if not isinstance(value, sp.Expr):
            raise ParameterError(f"expected an expression, not a {type(value).__name__}: {value}")
        undefined = value.atoms(AppliedUndef)
        if undefined:
            raise ParameterError(f"the density uses undefined functions {sorted(map(str, undefined))}: write them "
                                 f"out explicitly")
        if value.has(sp.nan, sp.zoo):
            raise ParameterError(f"the expression is not a number anywhere: {value}")
        return value
    if isinstance(value, (int, float)):
        return sp.nsimplify(value) if isinstance(value, float) else sp.Integer(value)
    raise ParameterError(f"expected a SymPy expression, not {type(value).__name__}")


def _check_names(density: sp.Expr, variables: tuple, params: tuple) -> None:
    both = set(variables) & set(params)
    if both:
        raise ParameterError(f"{', '.join(map(str, both))} is listed both as a variable and as a parameter")
    free = density.free_symbols
    by_name = {s.name: s for s in free}
    for declared in variables + params:
        twin = by_name.get(declared.name)
        if twin is not None and twin != declared:
            raise ParameterError(f"the density has a symbol {twin.name} with other assumptions than the declared "
                                 f"{declared.name}: declare it identically (same sympy.Symbol)")
    for p in params:
        if p not in free:
            raise ParameterError(f"parameter {p} does not appear in the density {density}")
    if density.has(sp.Integral, sp.Sum, sp.Derivative):
        raise ParameterError("the density must be an explicit expression, not an unevaluated integral or sum")


def _internal_symbols(density: sp.Expr, variables: tuple, support: Any, domain: dict):
    """Symbols with the assumptions their domains imply, both ways, and the complete domain."""
    internal: dict = {}
    complete: dict = {}
    support_symbols: set = set()
    if isinstance(support, sp.Set):
        support_symbols = support.free_symbols
    elif isinstance(support, dict):
        support_symbols = set().union(*(s.free_symbols for s in support.values() if isinstance(s, sp.Set)))
    for symbol, the_set in domain.items():
        if not isinstance(symbol, sp.Symbol) or not isinstance(the_set, sp.Set):
            raise ParameterError(f"domain must map Symbols to SymPy Sets; got {symbol!r}: {the_set!r}")
        if symbol in variables:
            raise ParameterError(f"domain is for parameters and constants, not for the variable {symbol}")
        if symbol not in density.free_symbols | support_symbols:
            raise ParameterError(f"domain names {symbol}, which is not a symbol of the model (check its spelling "
                                 f"and assumptions)")
        if the_set.free_symbols:
            raise ParameterError(f"the domain {the_set} of {symbol} mentions {', '.join(map(str, the_set.free_symbols))}: "
                                 f"a domain is a fixed set of numbers (constraints between symbols are not supported)")
    for symbol in sorted((density.free_symbols | support_symbols) - set(variables), key=str):
        own = domains.domain_from_assumptions(symbol)
        the_set = sp.Intersection(domain[symbol], own) if symbol in domain else own
        if the_set is sp.EmptySet:
            raise ParameterError(f"the domain {domain[symbol]} of {symbol} contradicts its assumptions")
        replacement = sp.Symbol(symbol.name, **domains.assumptions_of(the_set))
        internal[symbol] = replacement
        complete[replacement] = the_set
    for variable in variables:
        internal[variable] = sp.Symbol(variable.name, **_variable_assumptions(variable, support))
    public = {v: k for k, v in internal.items()}
    return internal, public, complete


def _variable_assumptions(variable: sp.Symbol, support: Any) -> dict:
    the_set = support.get(variable) if isinstance(support, dict) else support
    if not isinstance(the_set, sp.Set) or isinstance(the_set, sp.FiniteSet) and all(
            isinstance(e, sp.Tuple) for e in the_set):
        return {"real": True}
    try:
        if the_set.is_subset(sp.Integers):
            return {"integer": True, **({"nonnegative": True} if the_set.is_subset(sp.Naturals0) else {})}
        if the_set.free_symbols:
            return {"real": True}
        if the_set.is_subset(sp.Interval(0, sp.oo)):
            return {"positive": True}
    except (TypeError, ValueError, SymfisherError):
        pass
    return {"real": True}
