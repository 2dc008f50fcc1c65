"""The incremental-build cache: what the last build read and wrote, so the next does only what
changed — and still writes exactly the bytes a build from scratch would.

It is one file beside the output folder (`.site.cache` for `site/`), never inside it. It holds
each report file's digest with its checked outline and problems, and for each group of output
files (a report's versions, a series' pages, the site-wide pages, a search shard) the digest
of everything they were made from and the size and time of each file written. A group whose
digest is unchanged and whose files are still as written is linked from the previous site
instead of being made again. It also keeps the compiled templates (render.Compiled).

A file that is truncated, corrupt (its checksum), from another version of reportsite (a
digest of its code and of the libraries that shape the output) or for another content folder
is ignored, never trusted: the build then runs from scratch and replaces it. The checksum
guards against damage, not against someone who can write beside the output folder.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import os
import pickle
import stat
import sys
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from .problems import Problem
from .validate import Checked

MAGIC = b"reportsite cache 1\n"
CODE = Path(__file__).resolve().parent
_LIBRARIES = ("jinja2", "markupsafe", "pyyaml", "markdown", "nh3", "pagefind")
CLOCK_SLACK_NS = 2_000_000_000
"""A file changed this close to when it was last read may have kept its time (coarse file
system clocks): such a file is read again rather than trusted by its size and time."""

Written = tuple[str, int, int]
"""An output file as written: its path in the site, size and modification time (ns)."""


@dataclass(frozen=True, slots=True)
class ReportRecord:
    """One report file as the last build read it."""

    stat: tuple[int, int, int]
    """Size, modification time (ns) and inode when it was read."""
    digest: str
    """Of its bytes."""
    context: str
    """Of what its problems also depend on: its name as shown, the glossary."""
    result: Checked | tuple[Problem, ...]
    """Its outline and problems, or the problems of a file that did not convert."""
    outline: str
    """Digest of the outline (empty when it did not convert)."""


@dataclass(frozen=True, slots=True)
class Output:
    """A group of output files as the last build wrote them."""

    key: str
    """Digest of everything they were made from."""
    files: tuple[Written, ...]


@dataclass(slots=True)
class Record:
    code: str
    content: str
    started: int
    """When the build that wrote it began reading the content (time.time_ns())."""
    reports: dict[str, ReportRecord] = field(default_factory=dict)
    outputs: dict[str, Output] = field(default_factory=dict)
    templates: dict[str, bytes] = field(default_factory=dict)
    """The templates compiled (render.Compiled), by Jinja's key."""


def path_for(out: Path) -> Path:
    """`.site.cache` beside `site/`: outside what is published."""
    return out.parent / f".{out.name}.cache"


def code_digest() -> str:
    """Of the reportsite code and the versions of the libraries that shape the output."""
    h = hashlib.sha256(sys.version.encode())
    for library in _LIBRARIES:
        try:
            h.update(f"{library} {importlib.metadata.version(library)}\n".encode())
        except importlib.metadata.PackageNotFoundError:
            h.update(f"{library} -\n".encode())
    for source in sorted(CODE.rglob("*.py")):
        h.update(source.relative_to(CODE).as_posix().encode() + b"\0" + source.read_bytes())
    return h.hexdigest()


def load(file: Path, *, code: str, content: str) -> Record | None:
    """The record in file, or None if there is none that can be trusted."""
    try:
        data = file.read_bytes()
    except OSError:
        return None
    if not data.startswith(MAGIC):
        return None
    checksum, _, payload = data[len(MAGIC) :].partition(b"\n")
    if checksum != hashlib.sha256(payload).hexdigest().encode():
        return None
    try:
        record = pickle.loads(payload)
    except Exception:  # noqa: BLE001 — anything unpicklable is a record not to trust
        return None
    if not isinstance(record, Record) or record.code != code or record.content != content:
        return None
    return record


def save(file: Path, record: Record) -> None:
    """Replace file whole, so that an interrupted save leaves the previous one or none."""
    payload = pickle.dumps(record, protocol=pickle.HIGHEST_PROTOCOL)
    checksum = hashlib.sha256(payload).hexdigest().encode()
    handle, temporary = tempfile.mkstemp(prefix=f"{file.name}.", suffix=".tmp", dir=file.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(MAGIC + checksum + b"\n" + payload)
        os.replace(temporary, file)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def file_stat(path: Path) -> tuple[int, int, int]:
    info = path.stat()
    return info.st_size, info.st_mtime_ns, info.st_ino


def file_digest(path: Path) -> str:
    with path.open("rb") as file:
        return hashlib.file_digest(file, "sha256").hexdigest()


def intact(site: Path, files: Iterable[Written]) -> bool:
    """Whether every file is still in site as it was written (nobody edited the output)."""
    for name, size, mtime in files:
        try:
            info = os.lstat(os.path.join(site, name))
        except OSError:
            return False
        if not stat.S_ISREG(info.st_mode) or info.st_size != size or info.st_mtime_ns != mtime:
            return False
    return True


def key(*parts: str | Iterable[str]) -> str:
    """A digest of strings, in order."""
    h = hashlib.sha256()
    for part in parts:
        for text in [part] if isinstance(part, str) else part:
            h.update(text.encode())
            h.update(b"\0")
    return h.hexdigest()


def digest_tree(folder: Path) -> str:
    """Of every file in folder, names and bytes."""
    h = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            h.update(path.relative_to(folder).as_posix().encode() + b"\0")
            h.update(hashlib.sha256(path.read_bytes()).digest())
    return h.hexdigest()
