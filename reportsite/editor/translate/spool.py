"""The units read from a translator's file, kept on disk until the reports take them: held in
memory, the 815,900 units of 10,000 reports took 560 MB of the import's for as long as it ran.

A report file's units are written as runs (pickled lists): the units of one <file> of XLIFF
follow one another, and so do a spreadsheet's rows unless a translator sorted them otherwise.
The worker that takes a report reads its runs itself: the spool is opened before the workers
are forked, and they read it through the same file."""

from __future__ import annotations

import contextlib
import os
import pickle
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path
from types import TracebackType

from ...load import display_name
from ...problems import ContentError, unwritable
from .units import Returned

Run = tuple[int, int]
"""Where a run of units stands in the spool: its offset and its size."""


class Spool:
    """Units, in an unnamed temporary file (nothing is left of it however the command ends),
    and where each report file's runs of them stand."""

    def __init__(self, folder: Path) -> None:
        """folder: where the file goes (the content folder: on the disk the reports are on,
        which the import writes to; the system's temporary folder may be memory). A file
        that cannot be made or written there is ContentError."""
        self._folder = folder
        try:
            self._file = tempfile.TemporaryFile(dir=folder)
        except OSError as error:
            raise self._unwritable(error) from None
        self.fd = self._file.fileno()
        self.runs: dict[str, list[Run]] = {}
        self.count = 0
        self._run: list[Returned] = []
        self._end = 0

    def append(self, unit: Returned) -> None:
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

    def _write_run(self) -> None:
        if not self._run:
            return
        data = pickle.dumps(self._run, pickle.HIGHEST_PROTOCOL)
        try:
            self._file.write(data)
        except OSError as error:
            raise self._unwritable(error) from None
        self.runs.setdefault(self._run[0].file, []).append((self._end, len(data)))
        self._end += len(data)
        self._run = []

    def _unwritable(self, error: OSError) -> ContentError:
        return ContentError([unwritable(display_name(self._folder), error)])

    def __enter__(self) -> Spool:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        # What it holds no longer matters: a write left in its buffer that fails again on
        # closing (a full disk) would hide why the import stopped.
        with contextlib.suppress(OSError):
            self._file.close()


def units(fd: int, runs: Sequence[Run]) -> list[Returned]:
    """A report file's units, read back from a spool's file (fd), here or in a worker."""
    found: list[Returned] = []
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
