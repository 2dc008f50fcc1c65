"""Score the importer on a folder of labelled cases (default tests/fixtures/import): the
points per case and overall. Usage: python scripts/import_score.py [FOLDER] [-v]"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from reportsite.editor.importing.recognise import recognise  # noqa: E402
from reportsite.editor.importing.score import Score, cases, score  # noqa: E402
from reportsite.editor.importing.sources import SourceError, read  # noqa: E402


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


def main(argv: list[str]) -> int:
    verbose = "-v" in argv
    args = [a for a in argv if a != "-v"]
    folder = Path(args[0]) if args else ROOT / "tests" / "fixtures" / "import"
    points = total = 0
    with tempfile.TemporaryDirectory() as scratch:
        for case in cases(folder):
            result = score_case(case, Path(scratch))
            points += result.points
            total += result.total
            share = 100 * result.points / max(result.total, 1)
            print(f"{case.name:45} {result.points:4}/{result.total:<4} {share:6.1f}%")
            if verbose:
                for miss in result.misses:
                    print(f"    - {miss}")
    print(f"{'overall':45} {points:4}/{total:<4} {100 * points / max(total, 1):6.1f}%")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
