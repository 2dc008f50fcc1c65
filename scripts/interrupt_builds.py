"""Interrupt builds at random moments and say what became of each: a check run by hand, not a
test (every round is a real build of a real archive, stopped by a real signal).

    python scripts/interrupt_builds.py [--bodies 20] [--years 2015-2024] [--rounds 25] [--seed 1]

Writes a demo archive (scripts/demo_archive.py) into a tmpfs where one is writable (there a
folder lists its files in the order they were written, which is how a warm build's search
index was once found to differ from a cold build's), else into a temporary folder, and builds
it. Then each round makes one random edit as an editor would (a paragraph in Chinese or in
English, a title, the issuing body, a report deleted, a report copied to a later year) and
starts a build from the command line, with the search index or without; after a random
0.05–3 s (`--within`) it sends Ctrl-C, SIGTERM or `kill -9`, to the build alone or, as a
terminal's Ctrl-C does, to its whole process group (a build that ended first is let be). Now
and then a round lets a build run to its end after it.
What is checked:

- a build that did not end well left the site exactly as it was, every file's bytes — or,
  stopped once it had put its new site in place (an interrupt then no longer stops it, and
  `kill -9` may come between that and its exit), left the whole new site: what a build from
  scratch makes of the content;
- no process the build started outlives it (its workers, Pagefind);
- at the end, after a build let run: nothing is left beside the site but what builds keep there
  (the cache, the lock, the spare), and the site is byte for byte what a build from scratch
  (`--no-cache`) of the same content writes.

Prints a line per round and exits 1 if anything failed. Needs psutil (`pip install -e ".[test]"`).
"""

from __future__ import annotations

import argparse
import hashlib
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

import psutil
from demo_archive import write_archive, year_range

ROOT = Path(__file__).resolve().parent.parent
EDITS = (
    ("各种错误观点", "各类错误观点"),
    ("all erroneous views", "every erroneous view"),
)
"""Phrases of every demo report, each swapped for the other: a paragraph's Chinese, its English."""
KEPT_BESIDE = (".cache", ".lock", ".spare-")
"""What builds keep beside the site `site`, as `.site.cache`, `.site.lock`, `.site.spare-…`."""
SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGKILL)


def digests(site: Path) -> dict[str, str]:
    """Every file of the site by its path, as the digest of its bytes."""
    return {
        path.relative_to(site).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(site.rglob("*"))
        if path.is_file()
    }


def differing(one: dict[str, str], other: dict[str, str]) -> list[str]:
    return sorted(name for name in one.keys() | other.keys() if one.get(name) != other.get(name))


def edit(content: Path, rng: random.Random, *, keep: int) -> str:
    """One random change to the content, as an editor makes it (no report deleted while only
    `keep` are left); says what it did."""
    files = sorted((content / "reports").rglob("*.yaml"))
    file = rng.choice(files)
    text = file.read_text("utf-8")
    kind = rng.choice(("zh", "zh", "en", "title", "issuer", "delete", "copy"))
    if kind in ("zh", "en"):
        one, other = EDITS[kind == "en"]
        file.write_text(
            text.replace(one, other) if one in text else text.replace(other, one), "utf-8"
        )
    elif kind in ("title", "issuer"):
        field = "\ntitle:\n  zh: " if kind == "title" else "\n  issuer:\n    zh: "
        file.write_text(text.replace(field, f"{field}新", 1), "utf-8")
    elif kind == "delete" and len(files) > keep:
        file.unlink()
    elif kind == "copy":
        year = int(file.stem)
        later = file.with_name(f"{year + 20}.yaml")
        if not later.exists():
            later.write_text(text.replace(f"\nyear: {year}\n", f"\nyear: {year + 20}\n"), "utf-8")
    return f"{kind} {file.parent.name}/{file.stem}"


def command(content: Path, out: Path, *flags: str) -> list[str]:
    """`python build.py` as an editor runs it, quiet."""
    python = [sys.executable, str(ROOT / "build.py"), "--content", str(content)]
    return [*python, "--out", str(out), "-q", *flags]


def build(content: Path, out: Path, *flags: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command(content, out, *flags), capture_output=True, text=True)


def in_session(leader: int) -> list[psutil.Process]:
    """The processes alive in the session the build led (it and all it started)."""
    found = []
    for process in psutil.process_iter():
        try:
            if os.getsid(process.pid) == leader and process.status() != psutil.STATUS_ZOMBIE:
                found.append(process)
        except (OSError, psutil.Error):
            continue
    return found


def from_scratch(content: Path, out: Path, *flags: str) -> dict[str, str]:
    """The site a build from scratch makes of the content (in out, made anew)."""
    shutil.rmtree(out, ignore_errors=True)
    built = build(content, out, "--no-cache", *flags)
    if built.returncode != 0:
        raise RuntimeError(f"a build from scratch failed: {built.stderr}")
    return digests(out)


def interrupted_round(
    content: Path, site: Path, rng: random.Random, within: float
) -> tuple[str, bool, bool]:
    """One build interrupted at a random moment up to `within` seconds after its start: what
    happened, whether all is as it must be (nothing left running; the site as it was unless
    the build ended well or had put the whole new site in place: a late interrupt, or `kill -9`
    between the swap and the exit), and whether the signal came before the build ended."""
    before = digests(site)
    flags = rng.choice(((), ("--no-search",)))
    # A session of its own, led by the build: whatever it starts is found by the session.
    started = subprocess.Popen(
        command(content, site, *flags),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    delay, sent = rng.uniform(0.05, within), rng.choice(SIGNALS)
    to_group = sent == signal.SIGINT and rng.random() < 0.5
    time.sleep(delay)
    interrupted = started.poll() is None
    if interrupted:
        if to_group:
            os.killpg(started.pid, sent)
        else:
            started.send_signal(sent)
    _, errors = started.communicate()
    deadline = time.monotonic() + 10
    while (left := in_session(started.pid)) and time.monotonic() < deadline:
        time.sleep(0.05)
    for process in left:
        process.kill()
    now = digests(site)
    changed = differing(before, now)
    state = "changed" if changed else "as it was"
    if started.returncode != 0 and changed:
        changed = differing(now, from_scratch(content, site.with_name("cold"), *flags))
        state = "whole and new" if not changed else "changed, not whole"
    ok = not changed or started.returncode == 0
    ok = ok and not left
    how = f"{sent.name}{' to its group' if to_group else ''} at {delay:.2f} s"
    if not interrupted:
        how = f"ended before {delay:.2f} s"
    said = (
        f"{' '.join(flags) or 'with search':11} {how:31} exit {started.returncode:3}, "
        f"site {state}" + (f", {len(left)} processes left running" if left else "")
    )
    if not ok:
        said += f"\n    changed: {changed[:5]}\n    {errors.strip()[-1000:]}"
    return said, ok, interrupted


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--bodies", type=int, default=20)
    parser.add_argument("--years", type=year_range, default=range(2015, 2025))
    parser.add_argument("--rounds", type=int, default=25)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--within", type=float, default=3.0, help="latest moment of a signal, in seconds"
    )
    parser.add_argument("--keep", type=Path, help="work in this folder and keep it")
    args = parser.parse_args(argv)
    memory = Path("/dev/shm")
    place = memory if os.access(memory, os.W_OK) else None
    folder = args.keep or Path(tempfile.mkdtemp(prefix="reportsite-interrupt-", dir=place))
    rng = random.Random(args.seed)
    failures = signalled = 0
    try:
        content, site, cold = folder / "content", folder / "site", folder / "cold"
        reports = write_archive(content, count=args.bodies, years=args.years)
        print(f"{reports} demo reports in {folder}")
        first = build(content, site)
        if first.returncode != 0:
            print(first.stderr)
            return 1
        for number in range(1, args.rounds + 1):
            change = edit(content, rng, keep=reports // 2)
            said, ok, interrupted = interrupted_round(content, site, rng, args.within)
            signalled += interrupted
            failures += not ok
            print(f"{number:3} {change:24} {said}{'' if ok else '  FAILED'}", flush=True)
            if rng.random() < 0.3:
                ended = build(content, site, *rng.choice(((), ("--no-search",))))
                print(f"    a build let run: exit {ended.returncode}", flush=True)
                failures += ended.returncode != 0
        warm = build(content, site)
        left = sorted(
            entry.name
            for entry in folder.iterdir()
            if entry.name.startswith(".site")
            and not entry.name[len(".site") :].startswith(KEPT_BESIDE)
        )
        differ = differing(digests(site), from_scratch(content, cold))
        print(
            f"at the end: a build let run exit {warm.returncode}; {len(differ)} files differ "
            "from a build from scratch"
            + (f" ({', '.join(differ[:5])}…)" if differ else "")
            + f"; left beside the site: {', '.join(left) or 'nothing but what builds keep'}"
        )
        failures += bool(warm.returncode or differ or left)
    finally:
        if args.keep is None:
            shutil.rmtree(folder, ignore_errors=True)
    print(
        f"{signalled} of {args.rounds} builds interrupted; "
        + ("all as it must be" if not failures else f"{failures} failed")
    )
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
