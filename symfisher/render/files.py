"""Where writers put their files: a path checked before any work is done, its folders created."""
from __future__ import annotations

import os
import pathlib
from typing import Any

from ..errors import OutputError


def output_file(path: Any, what: str) -> pathlib.Path:
    """``path`` as a Path to write ``what`` to: a file name (not an existing folder, no NUL character), its
    parent folders created. OutputError says what is wrong."""
    if not isinstance(path, (str, os.PathLike)):
        raise OutputError(f"the {what} goes to a file path (text or pathlib.Path), not {type(path).__name__}")
    path = pathlib.Path(path)
    if "\x00" in str(path):
        raise OutputError(f"the file name for the {what} holds a NUL character: {str(path)!r}")
    if path.is_dir():
        raise OutputError(f"{path} is a folder: give a file name for the {what}")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"cannot create the folder {path.parent} for the {what}: {exc.strerror or exc}") from None
    return path
