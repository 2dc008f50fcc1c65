"""The worker processes' pool, as the editor's commands use it (pipeline.on_every_core)."""

from __future__ import annotations

import time
from pathlib import Path

from reportsite import workers


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
