"""The Jinja environment for LaTeX templates: TeX-safe delimiters, loud failures, escaped user text.

Delimiters are ``\\VAR{…}`` for values and ``\\BLOCK{…}`` for statements, so TeX's braces and ``%``
comments pass through untouched. Every value printed by a template goes through ``finalize``: a ``Tex``
(made by ``printer``) is trusted LaTeX, anything else is user text and is escaped. A missing variable
raises (``StrictUndefined``), so a template and the code feeding it cannot drift apart silently.
"""
from __future__ import annotations

import functools
import pathlib
from importlib import resources
from typing import Any

import jinja2

from .printer import Tex, escape


def templates_folder() -> pathlib.Path:
    """The templates shipped in the wheel (``symfisher/templates``), or the repository's ``templates/``."""
    installed = resources.files("symfisher") / "templates"
    if installed.is_dir():
        return pathlib.Path(str(installed))
    return pathlib.Path(__file__).resolve().parents[2] / "templates"


def _finalize(value: Any) -> str:
    if isinstance(value, jinja2.Undefined):
        return str(value)  # StrictUndefined raises here, naming the missing variable
    if isinstance(value, Tex):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    if isinstance(value, str):
        return escape(value)
    raise TypeError(f"templates print Tex or text, not {type(value).__name__}: {value!r}")


@functools.cache
def environment(folder: str | None = None) -> jinja2.Environment:
    """The shared environment loading from ``folder`` (default: ``templates_folder()``)."""
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(folder or str(templates_folder())),
        block_start_string=r"\BLOCK{", block_end_string="}",
        variable_start_string=r"\VAR{", variable_end_string="}",
        comment_start_string=r"\#{", comment_end_string="}",
        trim_blocks=True, lstrip_blocks=True, autoescape=False, keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined, finalize=_finalize,
    )
