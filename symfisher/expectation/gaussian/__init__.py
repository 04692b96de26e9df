"""Gaussian models: the structure of a quadratic log-density, and its moments (Isserlis, Wick)."""
