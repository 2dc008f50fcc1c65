"""Progress of long work, for people: a bar on a terminal, a plain line every few seconds in a
log (CI), nothing under --quiet.

The library reports through a `Progress` it is handed (the default, SILENT, does nothing);
only the command line makes a visible one, so library code still never prints.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Protocol, TextIO


class Progress(Protocol):
    def stage(self, zh: str, en: str, total: int | None) -> Stage:
        """Start a named stage of `total` units (None when unknown)."""
        ...


class Stage(Protocol):
    def advance(self, units: int = 1) -> None: ...

    def close(self) -> None: ...


class _SilentStage:
    def advance(self, units: int = 1) -> None:
        pass

    def close(self) -> None:
        pass


class Silent:
    def stage(self, zh: str, en: str, total: int | None) -> Stage:
        return _SilentStage()


SILENT: Progress = Silent()


@contextmanager
def stage(progress: Progress, zh: str, en: str, total: int | None) -> Iterator[Stage]:
    """A stage that is closed (its bar finished, its last line printed) however it ends."""
    current = progress.stage(zh, en, total)
    try:
        yield current
    finally:
        current.close()


class _LogStage:
    """A line every `every` seconds while the stage runs, and one at its end if it ran that
    long: readable in a CI log, where a redrawn bar would be noise, and silent for work too
    short to need it."""

    def __init__(self, label: str, total: int | None, stream: TextIO, every: float) -> None:
        self.label, self.total, self.stream, self.every = label, total, stream, every
        self.done = 0
        self.started = self.last = time.monotonic()
        self.shown = False

    def _line(self) -> None:
        of = f"/{self.total}" if self.total is not None else ""
        elapsed = time.monotonic() - self.started
        print(f"{self.label}: {self.done}{of} ({elapsed:.1f} s)", file=self.stream, flush=True)
        self.shown = True

    def advance(self, units: int = 1) -> None:
        self.done += units
        now = time.monotonic()
        if now - self.last >= self.every:
            self.last = now
            self._line()

    def close(self) -> None:
        if self.shown:
            self._line()


class _BarStage:
    def __init__(self, label: str, total: int | None, stream: TextIO) -> None:
        from tqdm import tqdm

        self.bar = tqdm(
            total=total, desc=label, file=stream, unit="", leave=False, dynamic_ncols=True
        )

    def advance(self, units: int = 1) -> None:
        self.bar.update(units)

    def close(self) -> None:
        self.bar.close()


class Terminal:
    """The visible progress of the command line: a bar where stderr is a terminal, else lines."""

    def __init__(self, stream: TextIO | None = None, *, every: float = 5.0) -> None:
        self.stream = stream or sys.stderr
        self.every = every

    def stage(self, zh: str, en: str, total: int | None) -> Stage:
        label = f"{zh} / {en}"
        if self.stream.isatty():
            return _BarStage(label, total, self.stream)
        return _LogStage(label, total, self.stream, self.every)


def for_command(quiet: bool) -> Progress:
    return SILENT if quiet else Terminal()
