"""Worker processes that never outlive the build.

Workers are forked, so they share what the parent holds (the outlines, compiled templates)
without copying it. Each one dies with its parent, however the parent ends — even by
`kill -9`, which no handler sees: on Linux the kernel is asked to kill it (PR_SET_PDEATHSIG),
elsewhere a thread watches for the parent to go. Ctrl-C reaches the whole process group; the
workers ignore it and let the parent stop them, so it is reported once, not once per worker.
"""

from __future__ import annotations

import ctypes
import multiprocessing
import multiprocessing.pool
import os
import signal
import sys
import threading
import time

_PR_SET_PDEATHSIG = 1


def available(jobs: int) -> bool:
    """Whether `jobs` worker processes can be had (fork is what lets them share memory)."""
    return jobs > 1 and "fork" in multiprocessing.get_all_start_methods()


def pool(jobs: int) -> multiprocessing.pool.Pool:
    """A pool of forked workers; use it in a `with` block, which ends them however it exits."""
    return multiprocessing.get_context("fork").Pool(
        jobs, initializer=_start_worker, initargs=(os.getpid(),)
    )


def die_with_parent(parent: int | None = None) -> None:
    """Make the calling process end when its parent does (also used for the search indexer)."""
    parent = os.getppid() if parent is None else parent
    if sys.platform == "linux":
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    else:
        threading.Thread(target=_watch, args=(parent,), daemon=True).start()
    # The parent may have died before the request above was made: then nobody would ask.
    if os.getppid() != parent:
        os._exit(1)


def _start_worker(parent: int) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    die_with_parent(parent)


def _watch(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(0.5)
    os._exit(1)
