"""Score the importer on a folder of labelled cases (default tests/fixtures/import; the format
is in its README.md): points per case and overall, one per front key, disclosure field,
heading, lead and paragraph start matched in order and per chrome string kept out (recall);
then precision: the share of the headings, leads and paragraph starts the import produced
that a label asks for (extra ones lower it; recall does not see them).

Usage: python scripts/import_score.py [FOLDER] [-v]   (-v lists what each case missed, and
what it produced that no label asks for)
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
    points = total = crashed = found = right = 0
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
            found += result.found
            right += result.right
            figures = _figures(result.points, result.total, result.right, result.found)
            print(f"{case.name:45} {figures}")
            if verbose:
                for miss in result.misses:
                    print(f"    - {miss}")
                for extra in result.extras:
                    print(f"    + {extra}")
    print(f"{'overall':45} {_figures(points, total, right, found)}")
    if crashed:
        print(f"{crashed} case(s) crashed the importer")
    return 1 if crashed else 0


def _figures(points: int, total: int, right: int, found: int) -> str:
    recall = 100 * points / max(total, 1)
    precision = f"{100 * right / found:6.1f}%" if found else "     —"
    return f"{points:4}/{total:<4} {recall:6.1f}%   precision {right:4}/{found:<4} {precision}"


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
