"""The worker processes' pool, as the editor's commands use it (pipeline.on_every_core)."""

from __future__ import annotations

import contextlib
import gc
import time
from pathlib import Path

from reportsite import pipeline, workers


def _after(path: Path | None) -> str:
    """In a worker: at once, or, given a path, once it exists (20 s at most)."""
    if path is None:
        return "at once"
    deadline = time.monotonic() + 20
    while not path.exists():
        if time.monotonic() > deadline:
            return "never seen"
        time.sleep(0.01)
    return "seen"


def test_map_hands_each_result_over_in_order_before_the_last_is_done(tmp_path: Path) -> None:
    """It once handed none over before all were done: the translation export's progress stood
    still, then jumped to its end."""
    signal = tmp_path / "first result handed over"
    with workers.Pool(2) as pool:
        results = pool.map(_after, [None, None, None, signal])
        assert next(results) == "at once"
        signal.touch()
        assert list(results) == ["at once", "at once", "seen"]


def test_on_every_core_leaves_the_collector_as_it_found_it() -> None:
    """It keeps what this process holds out of the collector's sight while its workers run
    (shared, not copied into each), and gives it back after, unless a build froze it first."""
    arguments = list(range(pipeline.PARALLEL_FROM))
    gc.unfreeze()  # whatever a test before left frozen
    # Closed however the test ends: a generator left suspended keeps its workers.
    with contextlib.closing(pipeline.on_every_core(abs, arguments, jobs=2)) as results:
        assert next(results) == 0
        assert gc.get_freeze_count() > 0
        assert list(results) == arguments[1:]
    assert gc.get_freeze_count() == 0
    gc.freeze()
    try:
        frozen = gc.get_freeze_count()
        assert list(pipeline.on_every_core(abs, arguments, jobs=2)) == arguments
        # Not equal: a frozen object whose last reference goes is freed, and leaves the count.
        assert 0 < gc.get_freeze_count() <= frozen
    finally:
        gc.unfreeze()
