"""Model: a density with its variables, parameters, support and parameter domains; its internal view
for the engine and the quantities; and where a reparametrised model came from."""
from .model import Model

__all__ = ["Model"]
