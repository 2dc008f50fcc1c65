"""Run the importer on a labelled case (a folder with a source and its expected.yaml, as in
tests/fixtures/import) and score it."""

from __future__ import annotations

from pathlib import Path

import yaml

from reportsite.editor.importing.recognise import recognise
from reportsite.editor.importing.score import Score, score
from reportsite.editor.importing.sources import SourceError, read


def source_of(case: Path, scratch: Path) -> Path:
    """The case's source file; a Word spec (source.docx.yaml) is built into a .docx first."""
    spec = case / "source.docx.yaml"
    if spec.is_file():
        from tests.docx_fixture import build_docx

        out = scratch / f"{case.name}.docx"
        build_docx(spec, out)
        return out
    sources = sorted(p for p in case.iterdir() if p.name.startswith("source.") and p.is_file())
    if not sources:
        raise FileNotFoundError(f"{case}: no source.* file")
    return sources[0]


def score_case(case: Path, scratch: Path) -> Score:
    """The case's score; an import that fails scores what an empty file would."""
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
        result = score(expected, {}, "", "")
        result.misses.insert(0, f"refused: {error.code}")
        return result
    report = yaml.safe_load(imported.yaml)
    return score(expected, report, imported.yaml, imported.kind)
