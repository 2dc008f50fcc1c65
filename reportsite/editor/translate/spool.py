"""What a translate command has read, kept on disk until it is used: held in memory, the
815,900 units of 10,000 reports took 560 MB of the import's memory for as long as it ran, and
650 MB of the export's.

Units are written as runs (pickled lists), a report file's units in a run: the units of one
<file> of XLIFF follow one another, and so do a spreadsheet's rows unless a translator sorted
them otherwise. The worker that takes a report into its file reads that report's runs itself:
the spool is opened before the workers are forked, and they read it through the same file."""

from __future__ import annotations

import contextlib
import os
import pickle
import sys
import tempfile
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any, Generic, Protocol, TypeVar

from ...cache import pickled
from ...load import display_name
from ...problems import ContentError, unwritable

Run = tuple[int, int]
"""Where a run of units stands in the spool: its offset and its size."""


class _OfAFile(Protocol):
    @property
    def file(self) -> str: ...


T = TypeVar("T", bound=_OfAFile)


class Spool(Generic[T]):
    """Units, in an unnamed temporary file (nothing is left of it however the command ends),
    and where each report file's runs of them stand. Closed by contextlib.closing."""

    def __init__(self, folder: Path, shown: Path) -> None:
        """folder: where the file goes, where the command writes (the system's temporary
        folder may be memory). A file that cannot be made or written there is ContentError,
        told of as a file or folder shown that cannot be written."""
        self._shown = shown
        try:
            self._file = tempfile.TemporaryFile(dir=folder)
        except OSError as error:
            raise self._unwritable(error) from None
        self.fd = self._file.fileno()
        self.runs: dict[str, list[Run]] = {}
        self.count = 0
        self._run: list[T] = []
        self._end = 0

    def append(self, unit: T) -> None:
        if self._run and self._run[-1].file != unit.file:
            self._write_run()
        self._run.append(unit)
        self.count += 1

    def flush(self) -> None:
        """Every unit appended written to the file, for the workers to read."""
        self._write_run()
        try:
            self._file.flush()
        except OSError as error:
            raise self._unwritable(error) from None

    def add_run(self, file: str, data: bytes, count: int) -> None:
        """A report file's units pickled as a run (cache.pickled of their list), as they are."""
        self._write_run()
        self._put(file, data)
        self.count += count

    def _write_run(self) -> None:
        if self._run:
            self._put(self._run[0].file, pickled(self._run))  # quicker to load than pickle's
            self._run = []

    def _put(self, file: str, data: bytes) -> None:
        try:
            self._file.write(data)
        except OSError as error:
            raise self._unwritable(error) from None
        self.runs.setdefault(file, []).append((self._end, len(data)))
        self._end += len(data)

    def __iter__(self) -> Iterator[T]:
        """The units, in the order they were appended (once flushed)."""
        self._file.seek(0)
        for _ in range(sum(len(runs) for runs in self.runs.values())):
            yield from pickle.load(self._file)

    def _unwritable(self, error: OSError) -> ContentError:
        return ContentError([unwritable(display_name(self._shown), error)])

    def close(self) -> None:
        # What it holds no longer matters: a write left in its buffer that fails again on
        # closing (a full disk) would hide why the command stopped.
        with contextlib.suppress(OSError):
            self._file.close()


def units(fd: int, runs: Sequence[Run]) -> list[Any]:
    """A report file's units, read back from a spool's file (fd), here or in a worker: the
    Returned of an import, the Units of an export."""
    found: list[Any] = []
    for offset, size in runs:
        found += pickle.loads(_read_at(fd, offset, size))
    return found


def _read_at(fd: int, offset: int, size: int) -> bytes:
    if sys.platform == "win32":
        # No workers where there is no fork: this process alone reads.
        os.lseek(fd, offset, os.SEEK_SET)
        return os.read(fd, size)
    # The workers share the file's position: each reads at its offset without moving it.
    return os.pread(fd, size, offset)
