"""symfisher: score functions, Fisher information and Cramér–Rao bounds, derived in closed form with proofs."""
from . import errors, families
from .derivation import Check, Derivation
from .expectation import Expectation, TraceEntry, expect
from .empirical import empirical_fisher, observed_information
from .kernels import export
from .model import Model
from .verify import Verdict, verify

__version__ = "0.1.0"
__all__ = ["Check", "Derivation", "Expectation", "Model", "TraceEntry", "empirical_fisher", "errors", "expect",
           "export", "families", "observed_information", "Verdict", "verify"]
