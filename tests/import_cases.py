"""Run the importer on a labelled case of tests/fixtures/import and score it."""

from __future__ import annotations

from pathlib import Path

import yaml

from reportsite.editor.importing.recognise import recognise
from reportsite.editor.importing.score import Score, score
from reportsite.editor.importing.sources import SourceError, read


def source_of(case: Path, scratch: Path) -> Path:
    for name in ("source.txt", "source.html", "source.htm", "source.md"):
        if (case / name).is_file():
            return case / name
    from tests.docx_fixture import build_docx

    out = scratch / f"{case.name}.docx"
    build_docx(case / "source.docx.yaml", out)
    return out


def score_case(case: Path, scratch: Path) -> Score:
    expected = yaml.safe_load((case / "expected.yaml").read_text(encoding="utf-8"))
    path = source_of(case, scratch)
    try:
        imported = recognise(
            read(path.read_bytes(), path.name),
            series="case",
            year=2024,
            schema="report.schema.json",
        )
    except SourceError as error:
        result = Score()
        result.add(False, f"error {error.code}")
        return result
    report = yaml.safe_load(imported.yaml)
    return score(expected, report, imported.yaml, imported.kind)
