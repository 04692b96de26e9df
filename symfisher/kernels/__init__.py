"""Numeric kernels: code generation from the derived closed forms, standalone modules, and observed and
empirical information from data."""
