"""The numeric side of the engine: mpmath quadrature and sums, sparse grids, tails; the certificates."""
