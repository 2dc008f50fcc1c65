"""Print build speed and memory on a demo archive: a benchmark, not a test.

    python scripts/benchmark.py [--bodies 50] [--years 2015-2024] [--search]

Writes a demo archive (scripts/demo_archive.py) to a temporary folder, then times
`build.py check` and `build.py` through the command line, one process and every core, and
prints reports, files and pages per second with the peak memory of each run.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from demo_archive import write_archive, year_range

ROOT = Path(__file__).resolve().parent.parent


# Runs build.py's main in a child that reports its own peak memory (and its workers') on exit.
_MEASURED = """
import resource, sys
sys.path.insert(0, sys.argv.pop(1))
from reportsite.cli import main
code = main(sys.argv[1:])
own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
workers = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(max(own, workers) // 1024, file=sys.stderr)
raise SystemExit(code)
"""


def run(*args: str | Path) -> tuple[float, int]:
    """Seconds and the peak resident memory (MiB) of one build.py run."""
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", _MEASURED, str(ROOT), *map(str, args)],
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    seconds = time.perf_counter() - started
    return seconds, int(done.stderr.split()[-1])


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--bodies", type=int, default=50)
    parser.add_argument("--years", type=year_range, default=range(2015, 2025))
    parser.add_argument("--search", action="store_true", help="also time the Pagefind index")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        content, out = Path(folder) / "content", Path(folder) / "site"
        reports = write_archive(content, count=args.bodies, years=args.years)
        print(f"demo archive: {reports} reports ({args.bodies} bodies × {len(args.years)} years)")
        seconds, peak = run("check", "--content", content)
        print(
            f"check           {seconds:7.2f} s  {reports / seconds:8.1f} reports/s  peak {peak} MiB"
        )
        runs = [("build, 1 job", ["--jobs", "1"]), ("build, all cores", [])]
        for label, extra in runs:
            seconds, peak = run("--content", content, "--out", out, "--no-search", *extra)
            files = sum(1 for p in out.rglob("*") if p.is_file())
            print(
                f"{label:16}{seconds:7.2f} s  {reports / seconds:8.1f} reports/s"
                f"  {files / seconds:8.1f} files/s  peak {peak} MiB"
            )
        if args.search:
            seconds, peak = run("--content", content, "--out", out)
            rate = reports / seconds
            print(f"build + search  {seconds:7.2f} s  {rate:8.1f} reports/s  peak {peak} MiB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
