"""Print build speed and memory on a demo archive: a benchmark, not a test.

    python scripts/benchmark.py [--bodies 100] [--years 2015-2024] [--search] [--rounds 2]

Writes a demo archive (scripts/demo_archive.py) to a temporary folder and builds it through
the command line, as an editor does:

- cold: from scratch (`--no-cache --no-search`), alternating with Hugo building the same
  reports' Markdown twins (zh, en and the parallel view) with a minimal layout, A B A B, when
  `hugo` is installed; the ratio is of the medians. Each round Hugo also builds them making
  the same files as a build makes of each report (each page also as Markdown, the Chinese
  one also as JSON: hugo_site), which gives a second ratio: of the same work, where the
  first is of the same pages;
- cold with the cache (and the search index with --search), then no change, then one edited
  report of a past year, another edit of it (an editor's steady state), one edited report of
  the newest year (whose search shards are smaller: search.py) — each in the Chinese only —
  the past year's report edited in both languages, a section's heading of it (which its
  series' pages show, not the lists of the whole site), and its Chinese title (which every
  list of reports shows: home and archive are made again, and the feeds if it is among the
  newest), each from the previous one's output;
- then `check` after one more correction, with that cache (which it reads, never writes) and
  with `--no-cache`.

For each run: seconds, files per second, the processor time of the whole process tree (user
and system, every core: on a machine shared with others it varies much less from run to run
than the seconds do), and its peak memory (the build, its workers and Pagefind: the sum of
their proportional set sizes, so that pages the workers share with the build count once),
sampled up to ten times a second (less often for large processes, whose sampling costs more);
the search index's share (Pagefind's own processes: the time they ran and their peak memory)
is given apart. The ratio to Hugo is given for processor time too.
It first names what it ran on: the cores and memory, the Python (its path resolved: which build
it is) and Hugo's version. Needs psutil (`pip install -e ".[test]"`).
"""

from __future__ import annotations

import argparse
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import psutil
from demo_archive import write_archive, year_range

ROOT = Path(__file__).resolve().parent.parent
MIB = 1024 * 1024
EDITED = "旗帜鲜明反对和抵制各种错误观点"
"""A phrase of every demo report; the one-edit runs rewrite it in one report."""
EDITED_EN = "opposing and resisting all erroneous views"
"""Its English, which the last edit rewrites too: most corrections are to one language, whose
search index alone is then made again; this one is to both."""
HEADING = "坚持党的领导，准确把握人大工作政治方向"
"""A section's heading of every demo report: on its series' pages, not in the lists of the site."""


@dataclass(frozen=True)
class Run:
    seconds: float
    files: int
    peak: int
    """Peak resident memory of the process tree, MiB."""
    search_peak: int
    """Of the search indexer's processes alone, MiB."""
    search_seconds: float
    """How long an indexer process was at work (to the sampling's tenth of a second): the
    build starts the first once the content is validated, and it waits while the pages are
    made."""
    cpu: float
    """Processor time of the process tree, user and system, seconds (0 where unknown)."""

    def line(self, label: str) -> str:
        rate = f"{self.files / self.seconds:9.0f} files/s" if self.files else " " * 16
        search = (
            f"  (Pagefind {self.search_seconds:.1f} s, {self.search_peak} MiB)"
            if self.search_peak
            else ""
        )
        return (
            f"{label:26}{self.seconds:8.2f} s {rate}  cpu {self.cpu:6.1f} s"
            f"  peak {self.peak:5} MiB{search}"
        )


def _memory(process: psutil.Process) -> int:
    """Its proportional share of the memory it uses (PSS, where the system tells it): forked
    workers share the parent's pages, and adding up resident sizes would count them again
    in every worker."""
    try:
        return int(process.memory_full_info().pss)
    except (AttributeError, psutil.AccessDenied):
        return int(process.memory_info().rss)


def _children_cpu() -> float:
    """User and system seconds of the processes this one has waited for, and of theirs (each
    process adds in the children it waited for: the build waits for its workers and Pagefind)."""
    if sys.platform == "win32":
        return 0.0  # Windows keeps no such sum
    import resource  # Unix only

    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def measure(command: Sequence[str | Path], out: Path) -> Run:
    """Run a command, sampling the memory of it and everything it starts."""
    cpu = _children_cpu()
    started = time.perf_counter()
    process = psutil.Popen([str(part) for part in command], stdout=subprocess.DEVNULL)
    peak = search_peak = 0
    search_seconds = 0.0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak, search_peak, search_seconds
        last = time.perf_counter()
        # Each indexer's processor time when last sampled: one that used none since is waiting.
        indexing: dict[int, float] = {}
        while not done.is_set():
            began = time.perf_counter()
            total = indexer = 0
            busy = False
            try:
                tree = [process, *process.children(recursive=True)]
            except psutil.Error:
                tree = []
            for member in tree:
                try:
                    used = _memory(member)
                    indexes = member.name().startswith("pagefind")
                    if indexes:
                        worked = sum(member.cpu_times()[:2])
                        busy = busy or worked > indexing.get(member.pid, 0.0)
                        indexing[member.pid] = worked
                except psutil.Error:
                    continue
                total += used
                indexer += used if indexes else 0
            peak, search_peak = max(peak, total), max(search_peak, indexer)
            now = time.perf_counter()
            search_seconds += now - last if busy else 0.0
            last = now
            # A sample walks the page tables of every process (10 ms for 400 MB): ten a second
            # took a quarter of a core from the build measured, on two cores an edit at 10,000
            # reports 10-25% slower. Waiting nine times as long as it took keeps it to a tenth.
            done.wait(max(0.1, 9 * (now - began)))

    sampler = threading.Thread(target=sample)
    sampler.start()
    code = process.wait()
    seconds = time.perf_counter() - started
    cpu = _children_cpu() - cpu
    done.set()
    sampler.join()
    if code != 0:
        raise SystemExit(f"{' '.join(map(str, command))} failed with status {code}")
    files = sum(1 for path in out.rglob("*") if path.is_file()) if out.is_dir() else 0
    return Run(seconds, files, peak // MIB, search_peak // MIB, search_seconds, cpu)


def build(content: Path, out: Path, *flags: str) -> Run:
    command: list[str | Path] = [sys.executable, ROOT / "build.py", "--content", content]
    return measure([*command, "--out", out, "-q", *flags], out)


def hugo_site(site: Path, folder: Path, *, same_files: bool = False) -> Path:
    """A Hugo project of the built site's report twins, with a layout as small as can be.

    same_files: each page is written as Markdown too, and each Chinese one as JSON (its title,
    its text and its HTML), so that Hugo writes what a build writes of each report — three
    pages, three twins, one file of data (7,000 files of about 210 MB for 1,000 reports
    against a build's 7,400 of 285 MB) — rather than the pages alone."""
    (folder / "layouts" / "_default").mkdir(parents=True)
    formats = (
        '[outputFormats.MD]\nmediaType = "text/markdown"\nbaseName = "index"\n'
        'isPlainText = true\n[outputs]\npage = ["HTML", "MD"]\n'
    )
    (folder / "hugo.toml").write_text(
        'baseURL = "https://example.org/"\n'
        'disableKinds = ["taxonomy", "term", "RSS", "sitemap", "robotsTXT", "404"]\n'
        + (formats if same_files else "")
    )
    page = "<!DOCTYPE html><html><head><title>{{ .Title }}</title></head>\n<body>%s</body></html>\n"
    listing = '{{ range .Pages }}<p><a href="{{ .RelPermalink }}">{{ .Title }}</a></p>{{ end }}'
    layouts = {
        "_default/single.html": page % "{{ .Content }}",
        "_default/list.html": page % listing,
        "index.html": page % listing,
    }
    if same_files:
        layouts["_default/single.md"] = "{{ .RawContent }}"
        as_json = '{{ dict "title" .Title "text" .Plain "html" .Content | jsonify }}'
        layouts["_default/single.json"] = as_json
    for name, layout in layouts.items():
        (folder / "layouts" / name).write_text(layout)
    for twin in sorted(site.glob("*/*/*/index.md")):
        lang, series, year = twin.relative_to(site).parts[:3]
        target = folder / "content" / lang / series / f"{year}.md"
        target.parent.mkdir(parents=True, exist_ok=True)
        outputs = "outputs: [HTML, MD, JSON]\n" if same_files and lang == "zh" else ""
        front = f'---\ntitle: "{year}"\n{outputs}---\n'
        target.write_text(front + twin.read_text("utf-8"), "utf-8")
    return folder


def page_of(site: Path, lang: str, report: Path) -> str:
    """The text of a report's page in one language, by its content file."""
    return (site / lang / report.parent.name / report.stem / "index.html").read_text("utf-8")


def _hugo_version(hugo: str) -> str:
    if not hugo:
        return "no hugo"
    said = subprocess.run([hugo, "version"], capture_output=True, text=True, check=False)
    words = said.stdout.split()
    return f"Hugo {words[1]}" if words[:1] == ["hugo"] and len(words) > 1 else "Hugo (version?)"


def _ratio(ours: Sequence[Run], theirs: Sequence[Run], label: str) -> str:
    """The ratio of the medians of the seconds, and of the processor time where known."""
    ratio = statistics.median(r.seconds for r in ours) / statistics.median(
        r.seconds for r in theirs
    )
    hugo_cpu = statistics.median(r.cpu for r in theirs)
    cpu = (
        f"; of processor time {statistics.median(r.cpu for r in ours) / hugo_cpu:.2f} ×"
        if hugo_cpu
        else ""
    )
    return f"{label:26}{ratio:8.2f} × (median of {len(ours)} each{cpu})"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--bodies", type=int, default=100)
    parser.add_argument("--years", type=year_range, default=range(2015, 2025))
    parser.add_argument("--search", action="store_true", help="also build the search index")
    parser.add_argument("--rounds", type=int, default=2, help="cold runs beside Hugo's (A B A B)")
    parser.add_argument("--keep", type=Path, help="work in this folder and keep it")
    args = parser.parse_args(argv)
    folder = args.keep or Path(tempfile.mkdtemp(prefix="reportsite-benchmark-"))
    try:
        content, out = folder / "content", folder / "site"
        reports = write_archive(content, count=args.bodies, years=args.years)
        hugo = shutil.which("hugo") or ""
        # The interpreter and Hugo are part of what a figure was measured on: on one machine,
        # one build of Python 3.11 took a tenth longer than another (README).
        print(
            f"{reports} demo reports ({args.bodies} bodies × {len(args.years)} years), "
            f"{psutil.cpu_count()} cores, {psutil.virtual_memory().total // MIB // 1024} GiB, "
            f"Python {platform.python_version()} ({Path(sys.executable).resolve()}), "
            f"{_hugo_version(hugo)}"
        )
        ours: list[Run] = []
        # Hugo's runs making the report pages alone (False) and the same files as ours (True).
        theirs: dict[bool, list[Run]] = {False: [], True: []} if hugo else {}
        for _ in range(args.rounds):
            shutil.rmtree(out, ignore_errors=True)
            ours.append(build(content, out, "--no-cache", "--no-search"))
            print(ours[-1].line("cold, no search"))
            for same_files, runs in theirs.items():
                project = folder / ("hugo-same-files" if same_files else "hugo")
                if not project.is_dir():
                    hugo_site(out, project, same_files=same_files)
                made = project.with_name(project.name + "-site")
                shutil.rmtree(made, ignore_errors=True)
                runs.append(measure([hugo, "--quiet", "-s", project, "-d", made], made))
                label = "  … making the same files" if same_files else "Hugo, the same reports"
                print(runs[-1].line(label))
        for same_files, runs in theirs.items():
            if runs:
                print(_ratio(ours, runs, "  … the same files" if same_files else "ratio to Hugo"))
        search = [] if args.search else ["--no-search"]
        shutil.rmtree(out, ignore_errors=True)
        cold = build(content, out, *search)
        print(cold.line("cold, cache" + (" + search" if args.search else "")))
        unchanged = build(content, out, *search)
        print(unchanged.line("no change"))
        print(f"{'  no change / cold':26}{unchanged.seconds / cold.seconds:8.2f} ×")
        if ours:
            scratch = statistics.median(r.seconds for r in ours)
            print(f"{'  … / cold, no search':26}{unchanged.seconds / scratch:8.2f} ×")
        # The first body's reports, oldest first: a past year's report edited twice, then the
        # newest year's (its shards are smaller: search.py), in Chinese; then the past year's
        # in both languages.
        first = sorted((content / "reports").rglob("*.yaml"))[: len(args.years)]
        past = first[len(first) // 2]
        edits = (
            (past, "one edited report", "坚决抵制", ""),
            (past, "  and another edit", "坚决反对", ""),
            (first[-1], "one edited report", "坚决抵制", ""),
            (past, "  in both languages", "坚决抵制", "firmly resisting"),
        )
        originals = {edited: edited.read_text("utf-8") for edited, _, _, _ in edits}
        for edited, label, words, english in edits:
            assert EDITED in originals[edited] and EDITED_EN in originals[edited], edited
            changed = originals[edited].replace(EDITED, f"旗帜鲜明反对和{words}各种错误观点", 1)
            if english:
                changed = changed.replace(EDITED_EN, f"opposing and {english} all erroneous views")
            edited.write_text(changed, "utf-8")
            print(build(content, out, *search).line(f"{label} ({edited.stem})"))
            for lang, shown in (("zh", words), ("en", english)):
                assert shown in page_of(out, lang, edited), "the edit is not on its page"
        past.write_text(past.read_text("utf-8").replace(HEADING, f"{HEADING}（修订）", 1), "utf-8")
        print(build(content, out, *search).line(f"  a heading ({past.stem})"))
        assert f"{HEADING}（修订）" in page_of(out, "zh", past), "the edit is not on its page"
        text = past.read_text("utf-8")
        retitled = re.sub(r"^(title:\n  zh: .*)$", r"\1（修订）", text, count=1, flags=re.MULTILINE)
        assert retitled != text, past
        past.write_text(retitled, "utf-8")
        print(build(content, out, *search).line(f"  its title ({past.stem})"))
        assert "（修订）" in (out / "zh" / "index.html").read_text("utf-8"), "not in the archive"
        past.write_text(past.read_text("utf-8").replace("（修订）", "（再修订）", 1), "utf-8")
        check = [sys.executable, ROOT / "build.py", "check", "--content", content, "--out", out]
        # Checked, nothing is written: no files to count (the folder given does not exist).
        print(measure([*check, "-q"], folder / "none").line("check, one more edit"))
        print(measure([*check, "-q", "--no-cache"], folder / "none").line("  without the cache"))
    finally:
        if args.keep is None:
            shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
