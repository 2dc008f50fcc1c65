"""Score the importer on a folder of labelled cases (default tests/fixtures/import; the format
is in its README.md): points per case and overall, one per front key, disclosure field,
heading, lead and paragraph start matched in order and per chrome string kept out.

Usage: python scripts/import_score.py [FOLDER] [-v]   (-v lists what each case missed)
Exit status 1 if any source crashed the importer."""

from __future__ import annotations

import sys
import tempfile
import traceback
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from reportsite.editor.importing.score import cases  # noqa: E402
from tests.import_cases import score_case  # noqa: E402


def main(argv: list[str]) -> int:
    verbose = "-v" in argv
    args = [a for a in argv if a != "-v"]
    folder = Path(args[0]) if args else ROOT / "tests" / "fixtures" / "import"
    points = total = crashed = 0
    with tempfile.TemporaryDirectory() as scratch:
        for case in cases(folder):
            try:
                result = score_case(case, Path(scratch))
            except Exception as error:  # the importer must never crash: say so, go on
                crashed += 1
                print(f"{case.name:45} CRASH {type(error).__name__}: {error}")
                if verbose:
                    traceback.print_exc()
                continue
            points += result.points
            total += result.total
            share = 100 * result.points / max(result.total, 1)
            print(f"{case.name:45} {result.points:4}/{result.total:<4} {share:6.1f}%")
            if verbose:
                for miss in result.misses:
                    print(f"    - {miss}")
    print(f"{'overall':45} {points:4}/{total:<4} {100 * points / max(total, 1):6.1f}%")
    if crashed:
        print(f"{crashed} case(s) crashed the importer")
    return 1 if crashed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
