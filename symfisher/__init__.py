"""symfisher: score functions, Fisher information and Cramér–Rao bounds, derived in closed form with proofs."""
from . import errors, families
from .derivation import Check, Derivation
from .expectation import Expectation, TraceEntry, expect
from .kernels.empirical import empirical_fisher, observed_information
from .kernels.export import export
from .model import Model
from .verify import Verdict, verify
from .version import __version__
__all__ = ["__version__", "Check", "Derivation", "Expectation", "Model", "TraceEntry", "empirical_fisher", "errors",
           "expect", "export", "families", "observed_information", "Verdict", "verify"]
