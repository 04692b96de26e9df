"""The version of symfisher (one place: the package, the documents and exported kernels read it)."""
__version__ = "0.1.0"
