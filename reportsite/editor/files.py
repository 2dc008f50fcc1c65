"""Files the editor's commands write: each whole or not at all, as an editor's own would be."""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO


@contextlib.contextmanager
def replacing(path: Path, *, new: bool = False) -> Iterator[BinaryIO]:
    """A file to write what path is to hold, whole or not at all: written beside it, then
    renamed over it once the block ends without an exception, so an interrupted write never
    leaves half a report, and a large export is never held whole in memory. new: path must
    not exist yet (else FileExistsError, and nothing written). It keeps the mode of the file
    it replaces, or takes the one a plain open gives a new file: the temporary file's own is
    private (0600), and a report written back by `translate import` once became unreadable to
    all but its owner."""
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
            yield file
        os.chmod(temporary, mode)
        if new:
            _claim(temporary, path)
        else:
            os.replace(temporary, path)
    finally:
        Path(temporary).unlink(missing_ok=True)


def _claim(temporary: str, path: Path) -> None:
    """The written file given path's name, only if no file has it: a link to a name taken
    fails. The name was once claimed first (an empty file) and filled after, and a command
    killed between the two left an empty report, then refused as one that exists."""
    try:
        os.link(temporary, path)
    except FileExistsError:
        raise
    except OSError:  # a file system without links (FAT, some network shares)
        with open(path, "xb"):
            pass
        os.replace(temporary, path)


def replace_file(path: Path, data: bytes) -> None:
    """path holds data, whole or not at all (replacing)."""
    with replacing(path) as file:
        file.write(data)


def create_file(path: Path, data: bytes) -> None:
    """path made to hold data, whole or not at all, only if there is none yet (else
    FileExistsError): a draft cut short by a full disk was once left behind, and then refused
    as a report that exists."""
    with replacing(path, new=True) as file:
        file.write(data)
