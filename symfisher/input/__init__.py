"""Readers: everything a user types becomes SymPy here — text, LaTeX, symbol and set specs, claims."""
