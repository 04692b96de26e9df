"""The expectation engine: E[f(x)] under a model, closed form, traced and certified."""
from .engine import Expectation, TraceEntry, expect

__all__ = ["Expectation", "TraceEntry", "expect"]
