"""Worker processes that never outlive the build.

Workers are forked, so they share what the parent holds (the outlines, compiled templates)
without copying it. Each one dies with its parent, however the parent ends — even by
`kill -9`, which no handler sees: on Linux the kernel is asked to kill it (PR_SET_PDEATHSIG),
elsewhere (and in a worker another thread than the main one forked) a thread watches for the
parent to go. Ctrl-C reaches the whole process group; the
workers ignore it and let the parent stop them, so it is reported once, not once per worker.
SIGTERM ends a worker, but as an exception, never in the middle of holding a lock.
"""

from __future__ import annotations

import ctypes
import functools
import multiprocessing
import multiprocessing.pool
import os
import signal
import sys
import threading
import time
from collections.abc import Callable
from types import TracebackType
from typing import Any, TypeVar

_PR_SET_PDEATHSIG = 1


def available(jobs: int) -> bool:
    """Whether `jobs` worker processes can be had (fork is what lets them share memory)."""
    return jobs > 1 and "fork" in multiprocessing.get_all_start_methods()


_INTERRUPTS = {signal.SIGINT, signal.SIGTERM}


def pool(jobs: int) -> multiprocessing.pool.Pool:
    """A pool of forked workers; use it in a `with` block, which ends them however it exits.

    An interrupt while the pool is being made waits until it is made, then ends it. Arriving
    halfway (workers started, the pool not yet able to end them) it left a worker that nothing
    ended, and the build's exit waited for it for ever."""
    held = signal.pthread_sigmask(signal.SIG_BLOCK, _INTERRUPTS)
    made = multiprocessing.get_context("fork").Pool(
        jobs, initializer=_start_worker, initargs=(os.getpid(),)
    )
    try:
        # Unblocked, a signal that came meanwhile is handled here: an interrupt raises.
        signal.pthread_sigmask(signal.SIG_SETMASK, held)
    except BaseException:
        made.terminate()
        raise
    return made


class Ahead:
    """Work handed to one forked worker to do while the build goes on with its own, each result
    collected when the build needs it. Where no worker can be had (one job, no fork) the work is
    done when its result is first asked for. Use it in a `with` block, which ends the worker
    however the block exits; collect results before forking other workers (they could not)."""

    def __init__(self, jobs: int) -> None:
        self._jobs = jobs
        self._pool: multiprocessing.pool.Pool | None = None

    def run(self, function: Callable[..., T], *args: Any) -> Callable[[], T]:
        """Start function(*args); the returned function gives its result (or raises its error)."""
        if not available(self._jobs):
            return functools.cache(functools.partial(function, *args))
        if self._pool is None:
            self._pool = pool(1)
        return self._pool.apply_async(function, args).get

    def __enter__(self) -> Ahead:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        if self._pool is not None:
            self._pool.terminate()


T = TypeVar("T")


def die_with_parent(parent: int | None = None) -> None:
    """Make the calling process end when its parent does (also used for the search indexer)."""
    parent = os.getppid() if parent is None else parent
    if sys.platform == "linux" and _forked_by_main_thread:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    else:
        threading.Thread(target=_watch, args=(parent,), daemon=True).start()
    # The parent may have died before the request above was made: then nobody would ask.
    if os.getppid() != parent:
        os._exit(1)


_forked_by_main_thread = True
"""In a process just forked: whether the parent's main thread forked it. The kernel's request
(PR_SET_PDEATHSIG) is tied to the thread that forked, not to its process: a pool replaces a
worker that died from a thread of its own, which ends with the pool, and the replacement was
then killed while it held the lock of the task queue (see _end_worker). Such a process
watches for its parent instead."""


def _note_forking_thread() -> None:
    global _forked_by_main_thread
    _forked_by_main_thread = threading.current_thread() is threading.main_thread()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(before=_note_forking_thread)


def _start_worker(parent: int) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, _end_worker)
    # Forked while the pool was being made, with interrupts held back (pool).
    signal.pthread_sigmask(signal.SIG_UNBLOCK, _INTERRUPTS)
    die_with_parent(parent)


def _end_worker(number: int, frame: object) -> None:
    # Not killed outright: a worker waiting for work holds the lock of the pool's task queue
    # (as one sending a result holds its result queue's), and ending the pool takes that lock.
    # Killed holding it, it held it for ever, and a build sent SIGTERM with its workers
    # (`timeout`, `kill -TERM -<group>`, a service manager stopping it) waited for ever to
    # end them. Unwinding lets the lock go.
    raise SystemExit(128 + number)


def _watch(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(0.5)
    os._exit(1)
