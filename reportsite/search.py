"""The search index: Pagefind's extended build over the written report pages → pagefind/.

Runs on the staging folder after every page is written and before the swap, so a failed index
fails the build and leaves the previous site as it was. Its extended build segments Chinese
into words. The binary comes with the `pagefind[extended]` package from PyPI: nothing is
downloaded at build time.

The index is sharded: Pagefind holds everything it indexes in memory (about 0.6 MB a page)
and takes 8–10 ms a page, so no run may take the whole archive, and an edit should re-index
few pages. A shard is part of the reports of one year under review, indexed in each language
apart (`pagefind/<lang>/<shard>/`, one Pagefind index each); a search page merges its
language's shards (pagefind/shards.json lists them; static/search.js merges them with
Pagefind's mergeIndex). A correction in one language re-indexes that language's part only.
"""

from __future__ import annotations

import base64
import collections
import contextlib
import hashlib
import json
import os
import queue
import re
import subprocess
import tempfile
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from . import urls
from .model import Lang, Report
from .problems import ContentError, Location, Problem
from .workers import interrupts_deferred, spawn
from .write import Staging

SHARD_REPORTS = 250
"""About how many reports a shard of a past year holds (two pages each: zh, en). Measured
on 2 busy cores with Pagefind's command line, a run took 2.8 s and 186 MB for 200 pages, 18 s
and 0.7 GB for 1,000, 35 s and 1.4 GB for 2,000: about linear. A correction to a past year's
report re-indexes its shard: 250 reports' Chinese pages take 2.5 s (the English 2.1 s, both
at once 2.8 s; 500 reports 5.9 s) and Pagefind about 0.25 GB, while a browser merges four
shards for a past year of 1,000 reports (all at once: static/search.js)."""
NEWEST_SHARD_REPORTS = 125
"""About how many reports a shard of the newest year holds: the year editors work on — its
reports come in one by one over months and are corrected after they are published — so its
shards are small, and adding or correcting one of its reports re-indexes 125 pages in a
language (1.3 s; both languages 1.7 s)."""
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
"""Pagefind's ready-made interfaces, which it makes for every index and has no option not to
(Pagefind issue #1183), while static/search.js uses pagefind.js alone: not written, about
420 KB an index folder, 37 MB of a 10,000-report site."""

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


def read_digest(page: bytes) -> str:
    """A digest of what Pagefind reads of a report page: the page less the parts whose text it
    leaves out — every <nav> and <footer> (EXCLUDED; Pagefind leaves footers out of its own
    accord) and the <head> but for its <title> (a fallback title; Pagefind reads no other text
    there). A report's page links its neighbouring years by their titles, and every page shows
    the publisher, the filing numbers and the column's page tags: retitled, a report would
    otherwise have the shards of the years beside it indexed again, and a filing number put
    right in site.yaml the whole archive, for changes Pagefind never sees.

    Inside the parts it leaves out, Pagefind still reads metadata and filters marked there, the
    first <h1> and <title> on the page (fallback titles) and the first image after a title: a
    part holding any of those is kept whole (of the head, its first title alone). What looks
    like a tag in a comment or in raw text (a script, a title) is none. A part cut short (one
    inside another of its kind) leaves more in the digest, never less."""
    # Tags are found in the page lowercased (the same length, letters of ASCII alone): a
    # pattern that ignores case took twice as long.
    low = page.lower()
    kept = []
    start = at = 0
    while (opened := _OPENS.search(low, at)) is not None:
        at = _closed(low, opened, len(low))
        if at < 0:
            break
        if opened.group(1) not in _LEFT_OUT:
            continue
        kept.append(page[start : opened.start()])
        if _READ.search(low, opened.start(), at) is not None:
            kept.append(page[opened.start() : at])
        else:
            title = _first_title(low, opened.end(), at)
            kept.append(page[title])
        start = at
    kept.append(page[start:])
    return hashlib.sha256(b"".join(kept)).hexdigest()


def _closed(low: bytes, opened: re.Match[bytes], end: int) -> int:
    """Where what opened there ends: a comment (or a doctype), an element whose content is
    raw text (no tag inside it counts), or a part Pagefind leaves out (at its first end tag:
    one of its kind inside it cuts it short); -1 if it does not before `end`, or holds the
    rest of the page."""
    name = opened.group(1)
    if name is None:
        ends = _COMMENT_ENDS[opened.group()]
        found = low.find(ends, opened.end(), end)
        return found + len(ends) if found >= 0 else -1
    if name == b"plaintext":
        return -1
    closed = _CLOSES[name].search(low, opened.end(), end)
    return closed.end() if closed is not None else -1


def _first_title(low: bytes, start: int, end: int) -> slice:
    """Where the first <title> element between start and end lies (an empty slice if none):
    from where it opens to where it ends, or to `end` if it does not before."""
    at = start
    while (opened := _OPENS.search(low, at, end)) is not None:
        if opened.group(1) in _LEFT_OUT:  # a part inside the part: its title is the part's
            at = opened.end()
            continue
        at = _closed(low, opened, end)
        if at < 0:
            return slice(opened.start(), end)
        if opened.group(1) == b"title":
            return slice(opened.start(), at)
    return slice(0, 0)


_LEFT_OUT = (b"head", b"nav", b"footer")
_RAW_TEXT = tuple(
    b"title textarea script style xmp iframe noembed noframes noscript plaintext".split()
)
_OPENS = re.compile(rb"<(?:!--|!\[cdata\[|[!?]|(" + b"|".join(_LEFT_OUT + _RAW_TEXT) + rb")[\s>])")
_CLOSES = {name: re.compile(rb"</" + name + rb"(?:[\s/][^>]*)?>") for name in _LEFT_OUT + _RAW_TEXT}
_COMMENT_ENDS = {b"<!--": b"-->", b"<![cdata[": b"]]>", b"<!": b">", b"<?": b">"}
"""How a comment ends: <! and <? open one that the next > ends (a doctype among them)."""
_READ = re.compile(rb"data-pagefind|<(?:h1|img)[\s/>]")


def pages(report: Report) -> tuple[PurePosixPath, ...]:
    """The report's pages the search indexes, in the order of Lang (those index hands
    Pagefind: the parallel view is not indexed)."""
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


class Indexers:
    """Runs of Pagefind's service (`--service`) indexing shards of the site folder `root`
    (index). Use it in a `with` block, which ends them however it exits."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._services: list[_Service] = []
        self._idle: list[_Service] = []
        self._warming: threading.Thread | None = None

    def __enter__(self) -> Indexers:
        return self

    def __exit__(self, *exc_info: object) -> None:
        for service in self._services:
            service.end()
        if self._warming is not None:
            self._warming.join()
        for service in self._services:
            service.close()

    def warm(self) -> None:
        """Start a run now, and have it load the dictionary it segments Chinese with while the
        build goes on: a quarter of a second that its first Chinese page would otherwise take
        (of an edit at 10,000 reports, a sixteenth). One that cannot be started is left to
        index to say so, after what the build has to say of the content."""
        try:
            service = _Service(self.root)
        except ContentError:
            return
        self._services.append(service)
        self._idle.append(service)
        warming = threading.Thread(target=service.warm)
        with interrupts_deferred():
            self._warming = warming
            warming.start()

    def index(
        self,
        runs: Sequence[tuple[Shard, Lang]],
        *,
        jobs: int = 1,
        done: Callable[[], object] = lambda: None,
    ) -> None:
        """Index these shards' report pages, each in one language into a folder of its own
        (which must not exist), calling done as each is written.

        Each is indexed by a run of Pagefind's service, handed the pages one at a time in the
        order of their reports' series and year. Pagefind's command line (`--site --glob`)
        numbers pages in the order the file system lists them, and its index depends on that
        order: the same pages, written in another order by a warm build (or listed in another
        by another machine), were indexed differently. A run takes one core, so as many run at
        once as jobs allows, each taking the next shard as soon as it is done with one (the
        Chinese take longer than the English). Its first Chinese page loads the dictionary
        (warm): once a run, not once a shard (at 10,000 reports, the 80 shards of the two
        languages took 20 s of processor time loading it)."""
        if self._warming is not None:
            self._warming.join()
            self._warming = None
        waiting = collections.deque(runs)
        running: dict[_Service, threading.Thread] = {}
        ended: queue.SimpleQueue[_Service] = queue.SimpleQueue()
        try:
            while waiting or running:
                while waiting and len(running) < max(jobs, 1):
                    shard, lang = waiting.popleft()
                    reports = sorted(shard.reports, key=lambda report: (report.series, report.year))
                    pages = [urls.report(lang, report.series, report.year) for report in reports]
                    if not self._idle:
                        self._services.append(_Service(self.root))
                        self._idle.append(self._services[-1])
                    service = self._idle.pop()
                    # Its own thread waits for its answers; this one for the first run to end.
                    thread = threading.Thread(
                        target=service.index, args=(pages, shard.folder(lang), ended)
                    )
                    with interrupts_deferred():
                        running[service] = thread
                        thread.start()
                service = ended.get()
                running.pop(service).join()
                if not service.written:
                    raise service.failure or _failure("no index written")
                self._idle.append(service)
                done()
        finally:
            # Interrupted, or a run failed: the others are ended, which ends their threads.
            for service in running:
                service.end()
            for thread in running.values():
                thread.join()


class _Service:
    """One run of Pagefind's service, building one index at a time: requests and answers are
    JSON in base64, each followed by a comma, on its standard input and output (the protocol
    of Pagefind's own Python and Node.js wrappers). Each request is answered before the next
    is sent, so the pages are indexed in the order given."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.written = False
        """Whether the index it was last given is written."""
        # Why the run failed: index, in a thread of its own, keeps it for the one that waits.
        self.failure: ContentError | None = None
        program = str(_executable())
        # What it says on its error output, read once it has ended (a pipe could fill up).
        self.errors = tempfile.TemporaryFile()
        # Pagefind also reads pagefind.yml from its working folder and PAGEFIND_* variables: run
        # it where only our own files are, with none of those, so every build indexes the same.
        environment = {k: v for k, v in os.environ.items() if not k.startswith("PAGEFIND_")}
        try:
            # An indexer left running by a build that was killed would hold gigabytes (spawn).
            self.process = spawn(
                [program, "--service"],
                cwd=root,
                env=environment,
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=self.errors,
            )
        except OSError as error:
            self.errors.close()
            raise _failure(str(error)) from error
        self.sent = 0
        self.unread = b""

    def warm(self) -> None:
        """Index a page of two Chinese characters, which loads the dictionary, into an index
        then deleted. A run that fails meanwhile says why when it is given an index."""
        with contextlib.suppress(Exception):
            index_id = self._ask({"type": "NewIndex"}, "NewIndex")["index_id"]
            page = '<html lang="zh-cn"><body><p>中文</p></body></html>'
            request = {"type": "AddFile", "index_id": index_id, "url": "/"}
            self._ask({**request, "file_contents": page}, "IndexedFile")
            self._ask({"type": "DeleteIndex", "index_id": index_id}, "DeleteIndex")

    def index(
        self,
        pages: Sequence[PurePosixPath],
        into: PurePosixPath,
        ended: queue.SimpleQueue[_Service],
    ) -> None:
        """Index the pages and write the index into the folder `into`, then put this run in
        ended."""
        self.written = False
        try:
            config = {"keep_index_url": True, "exclude_selectors": list(EXCLUDED)}
            index_id = self._ask({"type": "NewIndex", "config": config}, "NewIndex")["index_id"]
            for page in pages:
                contents = self.root.joinpath(*page.parts).read_text("utf-8")
                # Result links name index.html, like every other link of the site.
                request = {"type": "AddFile", "index_id": index_id, "url": f"/{page}"}
                self._ask({**request, "file_contents": contents}, "IndexedFile")
            # Its files are asked for and written here. Written by Pagefind (WriteFiles), a file
            # could still be on its way to the disk when it answered, and it ends as soon as its
            # input closes: a shard's pagefind-entry.json was left empty in one build of a few.
            bundle = self._ask({"type": "GetFiles", "index_id": index_id}, "GetFiles")["files"]
            folder = self.root.joinpath(*into.parts)
            for file in bundle:
                name = PurePosixPath(file["path"])
                if name.is_absolute() or ".." in name.parts:
                    raise _failure(f"unexpected file {name}")
                if name.as_posix() not in UNUSED:
                    target = folder.joinpath(*name.parts)
                    target.parent.mkdir(parents=True, exist_ok=True)
                    target.write_bytes(base64.b64decode(file["content"]))
            # What it holds of the index goes: the next one is built in the same memory.
            self._ask({"type": "DeleteIndex", "index_id": index_id}, "DeleteIndex")
            self.written = True
        except ContentError as failure:
            self.failure = failure
        except Exception as error:  # noqa: BLE001 — told by the thread that waits for this one
            self.failure = _failure(f"{type(error).__name__}: {error}")
        ended.put(self)

    def _ask(self, payload: dict[str, Any], kind: str) -> dict[str, Any]:
        """Send a request and wait for its answer, which must be of this kind."""
        assert self.process.stdin is not None and self.process.stdout is not None
        self.sent += 1
        message = json.dumps({"message_id": self.sent, "payload": payload}).encode()
        try:
            self.process.stdin.write(base64.b64encode(message) + b",")
            self.process.stdin.flush()
        except BrokenPipeError:  # it has ended: what it said is the reason
            raise self._ended() from None
        while (comma := self.unread.find(b",")) < 0:
            more = os.read(self.process.stdout.fileno(), 1 << 16)  # what has come
            if not more:
                raise self._ended()
            self.unread += more
        message, self.unread = self.unread[:comma], self.unread[comma + 1 :]
        answer: dict[str, Any] = json.loads(base64.b64decode(message))["payload"]
        if answer.get("type") != kind:
            raise _failure(str(answer.get("message", answer)))
        return answer

    def _ended(self) -> ContentError:
        """Why it stopped answering: the last line it said, or how it ended."""
        self.process.wait()
        self.errors.seek(0)
        lines = self.errors.read().decode("utf-8", "replace").strip().splitlines()
        return _failure(lines[-1] if lines else f"exit status {self.process.returncode}")

    def end(self) -> None:
        """Kill the run unless the index it was last given is written (one given none has
        nothing to finish)."""
        if not self.written:
            self.process.kill()

    def close(self) -> None:
        """Close its pipes and wait for it to end (its thread done): between indexes, the end
        of its input ends it."""
        for stream in (self.process.stdin, self.process.stdout):
            if stream is not None:
                with contextlib.suppress(OSError):  # a pipe it no longer reads
                    stream.close()
        self.process.wait()
        self.errors.close()


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
