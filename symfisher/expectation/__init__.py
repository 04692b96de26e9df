"""The expectation engine: E[f(x)] under a model, closed form, traced and certified.

``engine`` orchestrates (linearity, the moment cache, the strategy loop, the certificate);
``strategies/`` close integrals and sums, one module each; ``table/`` holds the integral rules as data;
``gaussian/`` the structure and moments of Gaussian models; ``numeric/`` the mpmath side (quadrature,
sums, sparse grids, tails) that certifies every closed form.
"""
from .engine import expect
from .results import Expectation, TraceEntry

__all__ = ["Expectation", "TraceEntry", "expect"]
