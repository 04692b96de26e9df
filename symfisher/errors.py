"""Typed errors: every failure a user can cause or meet has its own class.

All derive from :class:`SymfisherError`, so ``except SymfisherError`` catches exactly the
problems symfisher diagnosed, and never hides a bug of SymPy's or ours.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import Any


class SymfisherError(Exception):
    """Base class of every error symfisher raises on purpose."""


class ArgumentError(SymfisherError, ValueError):
    """An option outside its allowed values (a method name, a sample count ...)."""


class ParseError(SymfisherError):
    """Text or LaTeX input that cannot be read unambiguously."""


class ModelError(SymfisherError):
    """A model that is not a valid probability model as declared."""


class ParameterError(ModelError):
    """Parameters or variables declared inconsistently (absent, duplicated, wrong type)."""


class SupportError(ModelError):
    """A support that is not a Set symfisher can integrate or sum over."""


class NotNormalised(ModelError):
    """The density does not integrate (or sum) to one.

    Attributes:
        mass: what the density integrates to, symbolically when known, else ``None``.
        numeric: ``{parameter point: numeric mass}`` at the sample points tried.
    """

    def __init__(self, message: str, mass: Any = None, numeric: dict | None = None):
        super().__init__(message)
        self.mass = mass
        self.numeric = numeric or {}


class NegativeDensity(ModelError):
    """The density takes a negative (or non-real) value somewhere on the support."""

    def __init__(self, message: str, at: dict | None = None):
        super().__init__(message)
        self.at = at or {}


class NonRegularModel(ModelError):
    """Differentiating under the integral sign is not allowed: the support moves with a parameter.

    Attributes:
        parameter: the parameter the support depends on.
        boundary: a description of the boundary (or indicator) that depends on it.
    """

    def __init__(self, message: str, parameter: Any = None, boundary: Any = None):
        super().__init__(message)
        self.parameter = parameter
        self.boundary = boundary


class FisherDisagreement(SymfisherError):
    """E[s sᵀ] and −E[∇² log p] differ: the identity's conditions fail for this model."""

    def __init__(self, message: str, outer: Any, hessian: Any, diagnosis: str):
        super().__init__(message)
        self.outer = outer
        self.hessian = hessian
        self.diagnosis = diagnosis


class SingularFisher(SymfisherError):
    """The Fisher matrix has no inverse: the parameters are not all identifiable."""

    def __init__(self, message: str, rank: int, null_vector: Any):
        super().__init__(message)
        self.rank = rank
        self.null_vector = null_vector


class ExpectationNotClosed(SymfisherError):
    """No strategy reached a closed form (or none could be certified).

    Attributes:
        integrand: the x-dependent factor whose expectation stayed open.
        reached: what the strategies tried and why each declined, in order.
        evaluate: ``(values, digits)`` → the expectation's value, given by the engine so that
            :meth:`numeric` can give a high-precision value.
    """

    def __init__(self, message: str, integrand: Any, reached: tuple = (),
                 evaluate: Callable[[dict, int], Any] | None = None):
        super().__init__(message)
        self.integrand = integrand
        self.reached = reached
        self.evaluate = evaluate

    def numeric(self, values: dict, digits: int = 30) -> Any:
        """The expectation's value at ``values`` ({parameter: number}), by mpmath quadrature/summation."""
        if self.evaluate is None:
            raise SymfisherError("this error carries no way to evaluate the expectation numerically")
        return self.evaluate(values, digits)


class BudgetExceeded(SymfisherError):
    """A symbolic computation ran out of its time budget."""

    def __init__(self, message: str, seconds: float = 0.0):
        super().__init__(message)
        self.seconds = seconds


class RenderError(SymfisherError):
    """LaTeX could not be rendered or compiled."""


class OutputError(SymfisherError):
    """A file or folder could not be written or read (missing folder, a directory where a file goes, no
    permission, a name with a NUL …)."""


class ComputationError(SymfisherError):
    """SymPy, mpmath or NumPy failed on this input in a way symfisher did not foresee; the message names the
    step and the library's own words, and the original exception is the ``__cause__``."""


class ResourceLimit(SymfisherError):
    """The computation needed more memory (or recursion depth) than it is allowed."""
