"""What the importer's unit tests share: text recognised as a report, located lines."""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

import yaml

from reportsite.editor.importing.lines import Line
from reportsite.editor.importing.recognise import Imported, recognise
from reportsite.editor.importing.sources import read

from .conftest import run_cli

OPENING = "现在，我代表镇人民政府，向大会报告工作，请予审议，并请列席会议的同志提出意见。"


def imported(text: str, name: str = "source.txt") -> tuple[Imported, dict[str, Any]]:
    """The import of text (read as a file called name) and its YAML as data."""
    result = recognise(read(text.encode(), name), series="s", year=2024, schema="x")
    return result, yaml.safe_load(result.yaml)


def import_to(source: Path, folder: Path) -> subprocess.CompletedProcess[str]:
    """`import SOURCE` into folder/o.yaml, as series s, year 2024."""
    return run_cli(
        "import", source, "--series", "s", "--year", "2024", "--out", folder / "o.yaml", cwd=folder
    )


def refusal(folder: Path, name: str, data: bytes) -> str:
    """What the import command says as it refuses the file `name` holding `data`: it fails,
    with no traceback, and writes nothing."""
    source = folder / name
    source.write_bytes(data)
    result = import_to(source, folder)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "未写入任何文件。 / nothing was written." in result.stderr
    assert sorted(p.name for p in folder.iterdir()) == [name]
    return result.stderr


def lines(*texts: str, centred: bool = False) -> list[Line]:
    return [Line(text, number, centred=centred) for number, text in enumerate(texts, 1)]
