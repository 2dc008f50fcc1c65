"""The search index: Pagefind's extended build over the written report pages → pagefind/.

Runs on the staging folder after every page is written and before the swap, so a failed index
fails the build and leaves the previous site as it was. Its extended build segments Chinese
into words. The binary comes with the `pagefind[extended]` package from PyPI: nothing is
downloaded at build time.

The index is sharded: Pagefind holds everything it indexes in memory (about 0.6 MB a page)
and takes about 7 ms a page, so no run may take the whole archive, and an edit should re-index
few pages. A shard is part of the reports of one year under review, indexed in each language
apart (`pagefind/<lang>/<shard>/`, one Pagefind index each); a search page merges its
language's shards (pagefind/shards.json lists them; static/search.js merges them with
Pagefind's mergeIndex). A correction in one language re-indexes that language's part only.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from . import urls
from .model import Lang, Report
from .problems import ContentError, Location, Problem
from .workers import spawn
from .write import Staging

SHARD_REPORTS = 250
"""About how many reports a shard of a past year holds (two pages each: zh, en). Measured
on 2 busy cores, Pagefind took 2.8 s and 186 MB for 200 pages, 18 s and 0.7 GB for 1,000,
35 s and 1.4 GB for 2,000: about linear. A correction to a past year's report re-indexes its
shard: 250 reports take 2.3–2.5 s with both languages at once (500 took 4.5 s) and keep
Pagefind near 0.4 GB, while a browser merges four shards for a past year of 1,000 reports
(all at once: static/search.js)."""
NEWEST_SHARD_REPORTS = 125
"""About how many reports a shard of the newest year holds: the year editors work on — its
reports come in one by one over months and are corrected after they are published — so its
shards are small, and adding or correcting one of its reports re-indexes about 250 pages
(1.2–2 s)."""
SHARDS = PurePosixPath("shards.json")
"""The list of shards, in pagefind/, that the search page merges."""

UNUSED = (
    "pagefind-ui.js",
    "pagefind-ui.css",
    "pagefind-component-ui.js",
    "pagefind-component-ui.css",
    "pagefind-modular-ui.js",
    "pagefind-modular-ui.css",
    "pagefind-highlight.js",
)
"""Pagefind's ready-made interfaces, which it writes into every index folder and has no option
not to (Pagefind issue #1183), while static/search.js uses pagefind.js alone: removed after
each run, about 420 KB an index folder, 37 MB of a 10,000-report site. A name a later Pagefind
no longer writes is simply not there to remove."""

EXCLUDED = ("nav", "body > footer", ".skip-link")
"""Page chrome around the report text. The header excludes itself (data-pagefind-ignore) so
that the report title and date it carries still reach the results as metadata."""


@dataclass(frozen=True, slots=True)
class Shard:
    id: str
    reports: tuple[Report, ...]

    def folder(self, lang: Lang) -> PurePosixPath:
        """Where the shard's index of one language goes."""
        return urls.PAGEFIND / lang.value / self.id

    def glob(self, lang: Lang) -> str:
        """The shard's report pages in one language (the parallel view is not indexed)."""
        series = ",".join(sorted({report.series for report in self.reports}))
        years = ",".join(sorted({str(report.year) for report in self.reports}))
        return f"{lang.value}/{{{series}}}/{{{years}}}/index.html"


def read_digest(page: bytes) -> str:
    """A digest of what Pagefind reads of a report page: the page without its navigation
    (<nav>, which EXCLUDED leaves out). A report's page links its neighbouring years by their
    titles: retitled, a report would otherwise have the shards of the years beside it indexed
    again for a change Pagefind never sees. Navigation inside navigation cuts the outer one
    short, which leaves more in the digest, never less. (Pagefind may still read metadata or
    filters marked inside navigation: the templates mark none there.)"""
    kept = []
    start = 0
    while (opened := _NAV.search(page, start)) is not None:
        closed = page.find(b"</nav>", opened.end())
        if closed < 0:
            break
        kept.append(page[start : opened.start()])
        start = closed + len(b"</nav>")
    kept.append(page[start:])
    return hashlib.sha256(b"".join(kept)).hexdigest()


_NAV = re.compile(rb"<nav[\s>]")


def pages(report: Report) -> tuple[PurePosixPath, ...]:
    """The report's pages the search indexes, in the order of Lang (those Shard.glob finds)."""
    return tuple(urls.report(lang, report.series, report.year) for lang in Lang)


def shards(reports: Sequence[Report]) -> list[Shard]:
    """The reports (sorted by series and year) as shards: by year, newest first, each year in
    as many parts as its size needs — a power of two, each series in the part its id's
    digest gives. A report added, renamed or removed changes only its own part (until the
    year outgrows its parts and they double), where even splits by order would move the
    borders of them all."""
    by_year: dict[int, list[Report]] = {}
    for report in reports:
        by_year.setdefault(report.year, []).append(report)
    newest = max(by_year, default=0)
    result = []
    for year in sorted(by_year, reverse=True):
        group = by_year[year]
        size = NEWEST_SHARD_REPORTS if year == newest else SHARD_REPORTS
        parts = 1
        while len(group) > parts * size:
            parts *= 2
        if parts == 1:
            result.append(Shard(str(year), tuple(group)))
            continue
        split: list[list[Report]] = [[] for _ in range(parts)]
        for report in group:
            split[_part(report.series, parts)].append(report)
        result += [Shard(f"{year}-{n + 1}", tuple(part)) for n, part in enumerate(split) if part]
    return result


def _part(series: str, parts: int) -> int:
    """A series' part of a year in `parts` parts, the same in every build and on every
    machine (Python's own hash of a string changes from run to run); doubling the parts
    splits each in two."""
    return int.from_bytes(hashlib.sha256(series.encode()).digest()[:8], "big") % parts


def write_list(staging: Staging, found: Sequence[Shard]) -> None:
    """pagefind/shards.json: the shards by id, for search.js (each language's index of a shard
    is in pagefind/<lang>/<id>/)."""
    listing = json.dumps([shard.id for shard in found]) + "\n"
    staging.put(urls.PAGEFIND / SHARDS, listing.encode())


def index(root: Path, shard: Shard, langs: Sequence[Lang], *, jobs: int = 1) -> None:
    """Index the shard's report pages of these languages in the site folder `root`, each into
    its own folder (which must not exist).

    Pagefind takes little more than one core (a Chinese shard of 100 reports: 0.71 s, 0.85 s
    of user time), so the languages are indexed by runs of their own, as many at once as jobs
    allows: on the two cores of the machine in the README a shard of 1,000 pages took 4.5 s
    instead of 5.6 s in one run over both, for a fifth more memory. (Starting the next shard's
    run as soon as either language's ends, rather than when both have, gained nothing
    measurable there: the two runs of a shard already keep both cores busy.)"""
    at_once = max(jobs, 1)
    for start in range(0, len(langs), at_once):
        running: list[subprocess.Popen[bytes]] = []
        try:
            for lang in langs[start : start + at_once]:
                running.append(_start(root, shard.glob(lang), shard.folder(lang)))
            for process in running:
                said, errors = process.communicate()
                if process.returncode != 0:
                    output = (errors.strip() or said.strip()).decode("utf-8", "replace")
                    lines = output.splitlines()
                    raise _failure(lines[-1] if lines else f"exit status {process.returncode}")
            for lang in langs[start : start + at_once]:
                folder = root.joinpath(*shard.folder(lang).parts)
                for name in UNUSED:
                    (folder / name).unlink(missing_ok=True)
        finally:
            # A run that failed ends the others; each is waited for and its pipes closed.
            for process in running:
                if process.poll() is None:
                    process.kill()
                if process.stdout is not None and not process.stdout.closed:
                    process.communicate()


def _start(root: Path, glob: str, into: PurePosixPath) -> subprocess.Popen[bytes]:
    command = [
        str(_executable()),
        "--site",
        str(root.resolve()),
        "--glob",
        glob,
        "--output-subdir",
        into.as_posix(),
        # Result links then name index.html, like every other link of the site (file://).
        "--keep-index-url",
        "--silent",
    ]
    for selector in EXCLUDED:
        command += ["--exclude-selectors", selector]
    # Pagefind also reads pagefind.yml from its working folder and PAGEFIND_* variables: run it
    # where only our own files are, with none of those, so every build indexes the same way.
    environment = {k: v for k, v in os.environ.items() if not k.startswith("PAGEFIND_")}
    try:
        # An indexer left running by a build that was killed would hold gigabytes (spawn).
        return spawn(
            command,
            cwd=root,
            env=environment,
            # Both read at once (communicate): with --silent there is little to read.
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
    except OSError as error:
        raise _failure(str(error)) from error


def _executable() -> Path:
    try:
        from pagefind_bin_extended import get_executable

        return Path(get_executable())
    except (ImportError, OSError) as error:
        problem = Problem(location=Location("pagefind", 0, 0), code="search-missing")
        raise ContentError([problem]) from error


def _failure(detail: str) -> ContentError:
    return ContentError(
        [
            Problem(
                location=Location("pagefind", 0, 0), code="search-failed", args={"detail": detail}
            )
        ]
    )
