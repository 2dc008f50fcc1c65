"""Score the importer on a folder of labelled cases (default tests/fixtures/import): the
points per case and overall. Usage: python scripts/import_score.py [FOLDER] [-v]"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from reportsite.editor.importing.score import cases  # noqa: E402
from tests.import_cases import score_case  # noqa: E402


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
