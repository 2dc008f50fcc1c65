"""Files the editor's commands write: each whole or not at all, as an editor's own would be."""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path


def replace_file(path: Path, data: bytes) -> None:
    """path holds data, whole or not at all: written beside it, then renamed over it, so an
    interrupted write never leaves half a report. It keeps the mode of the file it replaces,
    or takes the one a plain open gives a new file: the temporary file's own is private
    (0600), and a report written back by `translate import` once became unreadable to all
    but its owner."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        mode = stat.S_IMODE(path.stat().st_mode)
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
        os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def create_file(path: Path, data: bytes) -> None:
    """path made to hold data, whole or not at all, only if there is none yet (else
    FileExistsError): a draft cut short by a full disk was once left behind, and then refused
    as a report that exists."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "xb"):  # the name claimed, with the mode a new file gets
        pass
    try:
        replace_file(path, data)
    except BaseException:
        path.unlink(missing_ok=True)
        raise


def write_text(path: Path, text: str, *, newline: str = "\n", bom: bool = False) -> None:
    """replace_file with text, its lines ended with newline, in UTF-8 (with a BOM if bom)."""
    replace_file(path, text.replace("\n", newline).encode("utf-8-sig" if bom else "utf-8"))
