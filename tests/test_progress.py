"""Progress for people: plain periodic lines in a log, a bar on a terminal, nothing with
--quiet; a build reports its stages through it."""

from __future__ import annotations

import io
import os
import select
import struct
import sys
from pathlib import Path

import pytest

from reportsite import pipeline, progress
from reportsite.editor import mkdocs_export

from .conftest import CONTENT, Stages


def test_a_log_gets_a_line_now_and_then_and_one_at_the_end() -> None:
    stream = io.StringIO()
    with progress.stage(progress.Terminal(stream, every=0), "生成", "render", 3) as stage:
        stage.advance()
        stage.advance(2)
    lines = [line.split(" (")[0] for line in stream.getvalue().splitlines()]
    assert lines == ["生成 / render: 1/3", "生成 / render: 3/3", "生成 / render: 3/3"]


def test_a_log_gets_nothing_for_work_shorter_than_the_period() -> None:
    stream = io.StringIO()
    with progress.stage(progress.Terminal(stream, every=60), "生成", "render", 3) as stage:
        stage.advance(3)
    assert stream.getvalue() == ""


def test_quiet_is_silent() -> None:
    assert progress.for_command(quiet=True) is progress.SILENT
    assert isinstance(progress.for_command(quiet=False), progress.Terminal)


@pytest.mark.skipif(sys.platform == "win32", reason="pseudo-terminals are POSIX")
def test_a_terminal_gets_a_bar() -> None:
    import fcntl
    import termios

    controller, terminal = os.openpty()
    # A terminal of 24 rows and 80 columns (a new pseudo-terminal has none, and no bar fits).
    fcntl.ioctl(terminal, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    try:
        with open(terminal, "w", encoding="utf-8", closefd=False) as stream:
            with progress.stage(progress.Terminal(stream), "索引", "index", 4) as stage:
                for _ in range(4):
                    stage.advance()
        shown = b""
        while select.select([controller], [], [], 0)[0]:
            shown += os.read(controller, 65536)
    finally:
        os.close(controller)
        os.close(terminal)
    text = shown.decode("utf-8", "replace")
    assert "索引 / index:   0%|" in text and "| 0/4 [" in text
    # Redrawn in place, and cleared at the end (the summary line is the command's).
    assert text.startswith("\r") and text.endswith("\r") and "\n" not in text


def test_a_build_reports_its_stages(tmp_path: Path) -> None:
    seen = Stages()
    pipeline.build(CONTENT, tmp_path / "site", progress=seen)
    assert seen.seen == [
        ("校验 / validate", 1, 1),
        ("生成 / render", 6, 6),  # the lists, home, the feeds, the sitemap, the series, the report
        ("索引 / index", 2, 2),  # the one shard in each language
    ]


def test_the_mkdocs_export_reports_its_build_and_its_writing(tmp_path: Path) -> None:
    """At 10,000 reports it takes a minute, and said nothing until it was done."""
    seen = Stages()
    mkdocs_export.export(CONTENT, tmp_path / "portal", progress=seen)
    assert seen.seen == [
        ("校验 / validate", 1, 1),
        ("生成 / render", 6, 6),
        ("导出 / export", 5, 5),  # the twins: of the report in each language, beside each other
    ]
