"""What the importer's unit tests share: text recognised as a report, located lines."""

from __future__ import annotations

from typing import Any

import yaml

from reportsite.editor.importing.lines import Line
from reportsite.editor.importing.recognise import Imported, recognise
from reportsite.editor.importing.sources import read

OPENING = "现在，我代表镇人民政府，向大会报告工作，请予审议，并请列席会议的同志提出意见。"


def imported(text: str, name: str = "source.txt") -> tuple[Imported, dict[str, Any]]:
    """The import of text (read as a file called name) and its YAML as data."""
    result = recognise(read(text.encode(), name), series="s", year=2024, schema="x")
    return result, yaml.safe_load(result.yaml)


def lines(*texts: str, centred: bool = False) -> list[Line]:
    return [Line(text, number, centred=centred) for number, text in enumerate(texts, 1)]
