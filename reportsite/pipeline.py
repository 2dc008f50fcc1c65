"""The conductor: load → validate → assemble → render → write, then the search index over
what was written, in that order.

Every stage can use every core, and an incremental build does only what changed: the cache
(cache.py) remembers each report file's checked outline and, for each unit of output files
(assemble.Unit) and search shard, a digest of what it was made from. Units whose digest is
unchanged are linked from the previous site, so a warm build writes the same bytes as a cold
one while making only what changed. In memory the build keeps the outlines of the reports
(outline.py), each decoded only when a page shows it (cache.Deferred); a whole report is
loaded only to render its own pages.

Before all that, a build asks whether there is anything to do at all: when the content folder,
the templates, the options and the site are exactly as the last build left them, a build
would make the same site again, so it stops there and leaves the site alone (_Run.settled).

The library never prints: it returns values or raises ContentError; cli.py talks to people.
"""

from __future__ import annotations

import array
import contextlib
import dataclasses
import errno
import gc
import hashlib
import os
import pickle
import shutil
import stat
import time
from collections.abc import Callable, Generator, Iterator, Mapping, Sequence
from functools import partial
from pathlib import Path
from typing import TypeVar

from . import cache, progress, search, urls, workers, write
from .assemble import Unit, assemble, report_unit, seen_digests
from .convert import convert_source
from .load import (
    display_name,
    display_names,
    load_source,
    read_capped,
    read_source,
    real_path,
)
from .model import Corpus, Glossary, Lang, Report, Site
from .outline import digest, outline
from .problems import ContentError, Location, Problem, Severity
from .render import Compiled, Entries, Kept, ListKey, Renderer
from .search import Indexers
from .validate import (
    Checked,
    check_report,
    glossary_change,
    load_corpus,
    may_hold,
    read_settings,
)
from .write import Staging, check_output

PROJECT_ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = PROJECT_ROOT / "templates"

PARALLEL_FROM = 20
"""Reports to check, or units to make, below which starting worker processes costs more than
it saves."""
GC_THRESHOLD = 100_000
"""New objects between two runs of the cycle collector during a build or a check
(collecting_seldom)."""


class BuildResult:
    """What a build made: its warnings, the files of the site, the reports and the corpus."""

    def __init__(
        self,
        warnings: tuple[Problem, ...],
        files: int,
        reports: int,
        site: Site,
        corpus: Corpus | Callable[[], Corpus],
        saved: cache.Saved | None,
    ) -> None:
        self.warnings, self.files, self.reports, self.site = warnings, files, reports, site
        self._corpus = corpus
        self.saved = saved
        """The cache as the build left it, for the next build in this process (build's
        saved); None without a cache, or when it could not be saved."""
        self.interrupts: list[int] = []
        """The signals (Ctrl-C, SIGTERM) that came once the site was being put in place, while
        they were held back (build's `finishing`): the build finished all the same."""

    @property
    def corpus(self) -> Corpus:
        """The reports (outlines): after a build that had nothing to do, read again from the
        content folder when first asked for, since that build did not read them."""
        if not isinstance(self._corpus, Corpus):
            self._corpus = self._corpus()
        return self._corpus


def check(
    content: Path, *, strict: bool = False, jobs: int | None = None
) -> tuple[Corpus, tuple[Problem, ...]]:
    """Validate only, on every core; raises ContentError listing every error (and warning,
    if strict). The corpus holds whole reports."""
    return load_corpus(content, strict=strict, check=partial(_check_all, jobs))


class Checks:
    """What the `check` command says: the warnings, and each report's translation coverage
    into the site's last language (report, texts translated, all texts); and the corpus
    validated, its reports outlines (the editor's commands read again whole the reports they
    draft from or write into)."""

    def __init__(
        self,
        corpus: Corpus,
        warnings: tuple[Problem, ...],
        coverage: Sequence[tuple[Report, int, int]],
    ) -> None:
        self.corpus, self.warnings, self.coverage = corpus, warnings, coverage


def check_content(
    content: Path,
    out: Path,
    *,
    strict: bool = False,
    jobs: int | None = None,
    use_cache: bool = True,
    progress: progress.Progress = progress.SILENT,
) -> Checks:
    """The `check` command: validation on every core as a build validates, reading (never
    writing) the cache the last build of out left, unless use_cache is False: report files
    unchanged since that build are not read again (at 10,000 reports, a check after one
    correction took 38–51 s; it takes 1.1–1.5 s). Like a build, it hands outlines, not whole
    reports, from the workers to this process (without the cache, 105 MB instead of 624)."""
    run = _Run(content, out, TEMPLATES, jobs or os.cpu_count() or 1, use_cache, progress)
    run.list_content()
    with collecting_seldom():
        if use_cache:
            run.previous = cache.load(run.cache_file, code=run.code, content=run.folder)
        corpus, warnings = run.check(strict)
        return Checks(corpus, warnings, run.coverage(corpus))


def _check_all(
    jobs: int | None, paths: Sequence[Path], glossary: Glossary | None
) -> Iterator[Checked | tuple[Problem, ...]]:
    return on_every_core(partial(check_report, glossary=glossary), paths, jobs=jobs)


def on_every_core(
    function: Callable[[A], B], arguments: Sequence[A], *, jobs: int | None = None
) -> Generator[B, None, None]:
    """function over arguments, in their order: in worker processes (jobs, or every core)
    when there are enough of them, eight a task; here when there are few."""
    with cores(jobs, len(arguments)) as where:
        yield from where.map(function, arguments)


class Cores:
    """Where work runs: on the workers of a pool, or, without one, here."""

    def __init__(self, pool: workers.Pool | None) -> None:
        self.pool = pool

    def map(self, function: Callable[[A], B], arguments: Sequence[A]) -> Iterator[B]:
        """function over arguments, in their order: eight a task on the workers, here when
        there are few."""
        if self.pool is None or len(arguments) < PARALLEL_FROM:
            return map(function, arguments)
        return self.pool.map(function, arguments, 8)


@contextlib.contextmanager
def cores(jobs: int | None, tasks: int) -> Iterator[Cores]:
    """Worker processes (jobs, or every core), forked as the block starts, ended as it ends;
    none where they cannot be had, or for fewer than PARALLEL_FROM tasks. Forked before a
    command makes what they need not hold, they do not hold it."""
    jobs = jobs or os.cpu_count() or 1
    if tasks < PARALLEL_FROM or not workers.available(jobs):
        yield Cores(None)
        return
    # What this process holds stays shared with the workers it forks while the collector
    # leaves it alone (as in a build: _Run._map): importing translations into 10,000 reports,
    # each worker had copied 210 MB of it.
    frozen = not gc.get_freeze_count()
    if frozen:
        gc.freeze()
    try:
        with workers.Pool(jobs) as pool:
            yield Cores(pool)
    finally:
        if frozen:
            gc.unfreeze()


def build(
    content: Path,
    out: Path,
    *,
    strict: bool = False,
    search: bool = True,
    jobs: int | None = None,
    templates: Path = TEMPLATES,
    use_cache: bool = True,
    progress: progress.Progress = progress.SILENT,
    finishing: contextlib.ExitStack | None = None,
    saved: cache.Saved | None = None,
) -> BuildResult:
    """Build content/ into out/, replacing it whole only if every page rendered (and, unless
    search is False, the search index was built). jobs: processes to use (all cores by
    default). use_cache False builds from scratch and neither reads nor writes the cache.
    Once every file is made, interrupts are held back (noted in the result's interrupts, not
    acted on) until the build returns, or, given finishing, until the caller closes it: a
    caller that reports the build keeps them held until it has, since whenever one comes
    after that moment the site is the new one."""
    # Refuse a dangerous output folder before doing any work, and validate everything before
    # the first page is written: a bad report must not cost the editor the previous site.
    check_output(
        out,
        (
            (content, "内容文件夹", "content folder"),
            (templates, "模板文件夹", "templates folder"),
            (PROJECT_ROOT, "项目文件夹", "project folder"),
            (Path.cwd(), "当前文件夹", "current folder"),
        ),
    )
    with collecting_seldom(), contextlib.ExitStack() as own:
        held = own if finishing is None else finishing
        return _build(
            content, out, strict, search, jobs, templates, use_cache, progress, held, saved
        )


@contextlib.contextmanager
def collecting_seldom() -> Iterator[None]:
    """The cycle collector kept from work it need not do while a build or a check runs.

    What one keeps for its whole length (the cache's records, the outlines) is frozen out of
    the collector's sight as it is made (cache.py, _Run.check, _Run._map): going over a
    million objects that are never garbage, again and again, took seconds. Freezing frees
    nothing later than it would be freed anyway (that is reference counting's work); the
    collector gets them back at the end.

    Nor does the collector run every 700 new objects (Python's default), but every
    GC_THRESHOLD: what a build drops is freed by reference counting as it goes (no page's
    context is held in a cycle: templates/_macros.html), and in a cold build of 1,000 reports
    it went over the young objects 3,000 times and over every object two dozen times, finding
    next to nothing. A cycle an edited template makes waits for 100,000 new objects.

    The translate commands run in it too: reading the 815,900 translations of 10,000 reports
    took 66 s, and 14 s in it, while they were held in memory as they were read."""
    thresholds = gc.get_threshold()
    gc.set_threshold(GC_THRESHOLD, *thresholds[1:])
    try:
        yield
    finally:
        gc.unfreeze()
        gc.set_threshold(*thresholds)


def _build(
    content: Path,
    out: Path,
    strict: bool,
    search: bool,
    jobs: int | None,
    templates: Path,
    use_cache: bool,
    progress: progress.Progress,
    finishing: contextlib.ExitStack,
    saved: cache.Saved | None,
) -> BuildResult:
    with _told_of_file_errors(out), write.locked(out):
        write.remove_leftovers(out, reuse=use_cache)
        if use_cache:
            cache.remove_leftovers(cache.path_for(out))
        run = _Run(content, out, templates, jobs or os.cpu_count() or 1, use_cache, progress)
        if use_cache:
            run.memory = cache.from_memory(run.cache_file, saved, code=run.code, content=run.folder)
        options = run.options(strict=strict, search=search)
        run.read_last()
        try:
            # What the last build left (the site, then the spare the staging folder starts
            # from) is looked over on other cores while this one reads the cache and
            # validates. The two looks are made side by side only with the cache in memory
            # (`serve`), when this build has little to do before it needs them (after an edit
            # at 10,000 reports, it waited a third of a second for the second); reading the
            # cache from its file, it has more, and a third process on two cores slowed it
            # down.
            side_by_side = run.memory is not None
            with workers.Ahead(run.jobs, most=run.jobs if side_by_side else run.jobs - 1) as ahead:
                # Begun before the content folder is listed, which the look does not need:
                # after an edit at 10,000 reports the build waited for the looks, and so a
                # look begun 0.04 s earlier ended it earlier. A build with nothing to do uses
                # the look too (settled).
                run.look_ahead(ahead)
                run.list_content()
                done = run.settled(options)
                if done is not None:
                    return BuildResult(
                        done.warnings,
                        done.files,
                        done.reports,
                        done.site,
                        lambda: check(content, strict=strict, jobs=jobs)[0],
                        run.rebrief(done, saved),
                    )
                known = run.last.spare if run.last is not None else None
                with (
                    Staging(out, reuse=use_cache, ahead=ahead, known=known) as staging,
                    Indexers(staging.root) as indexers,
                ):
                    corpus, warnings = run.validate(strict)
                    if search:
                        # Once validated: the other core is then done looking the site over
                        # (started with the build, it slowed validating as much as it saved).
                        indexers.warm()
                    units = list(assemble(corpus, run.whole_report))
                    run.render_and_write(units, staging)
                    staging.copy_tree(templates / "static", urls.STATIC)
                    if search:
                        run.index(corpus, staging, indexers)
                    run.settle(options, staging, warnings, corpus)
                    # Every file made: from here on (the new site put in place, the cache
                    # saved) an interrupt is noted, not acted on. Stopped between the site's
                    # two renames, a build left no site; stopped after them, it said the site
                    # was not changed when it was.
                    came = finishing.enter_context(write.interrupts_held())
                run.leave(staging)
            if use_cache:
                # Before the cache is saved: it tells the next build what spare this one left.
                run.keep_spare()
            try:
                saved = run.save()
            except OSError as error:
                # The site is the new one already: said, but no reason to fail the build (the
                # next one checks whatever cache it finds, and does more of its work again).
                unsaved = _file_problem(
                    error, out, code="cache-not-saved", severity=Severity.WARNING
                )
                warnings += (unsaved,)
                saved = None
        finally:
            if run.work is not None:
                shutil.rmtree(run.work, ignore_errors=True)
    result = BuildResult(warnings, staging.count, len(corpus.reports), corpus.site, corpus, saved)
    result.interrupts = came
    return result


@contextlib.contextmanager
def _told_of_file_errors(out: Path) -> Iterator[None]:
    """A file that could not be read or written (a full disk, a folder without permission),
    as a problem for the editor: the build stops there, and the site is as it was (Staging,
    write._swap). Nothing after the site is in place lets one through (_build)."""
    try:
        yield
    except OSError as error:
        full = error.errno in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG)
        problem = _file_problem(error, out, code="disk-full" if full else "file-error")
        raise ContentError([problem]) from error


def _file_problem(
    error: OSError, out: Path, *, code: str, severity: Severity = Severity.ERROR
) -> Problem:
    """The file is named unless it is one of the build's own beside out (a page being
    written into the staging folder): those names say nothing to an editor."""
    detail = error.strerror or str(error)
    if isinstance(error.filename, str) and not write.beside(out, error.filename):
        detail = f"{detail}: {display_name(Path(error.filename))}"
    args = {"detail": detail, "out": out}
    return Problem(location=Location(str(out), 0, 0), code=code, args=args, severity=severity)


class _Run:
    """One build (or check): the previous cache record, the one being made, and the work
    folder that hands whole reports from validation to rendering (a check has none)."""

    def __init__(
        self,
        content: Path,
        out: Path,
        templates: Path,
        jobs: int,
        use_cache: bool,
        progress: progress.Progress,
    ) -> None:
        self.content, self.out, self.jobs, self.progress = content, out, jobs, progress
        self.prefix = os.path.join(content, "")
        self.use_cache = use_cache
        self.cache_file = cache.path_for(out)
        # A content folder that is a looping link is as good as missing: validation says so.
        self.code, self.folder = cache.code_digest(), str(real_path(content) or content)
        self.record = cache.Record(code=self.code, content=self.folder, started=time.time_ns())
        self.previous: cache.Record | None = None
        self.last: cache.Record | None = None
        """The last build's record without its reports, outputs, templates and settings, once
        read (settled)."""
        self.memory: cache.Record | None = None
        """The last build's whole record as kept in this process (cache.Saved), if it still
        stands for the file: read neither for the brief nor for the rest."""
        self.templates = templates
        self.templates_digest = cache.digest_tree(templates)
        self.listing: tuple[cache.Entry, ...] | None = None
        """The content folder as found before anything in it is read (list_content;
        cache.Settled)."""
        self.listed: dict[str, tuple[int, int, int]] = {}
        """Each file of that listing: its size, modification time (ns) and inode (none where
        a folder's listing gives no inodes, as on Windows: a file is then looked at again)."""
        self.seen: dict[str | None, str] = {}
        """Digest of the site (site.yaml) as the pages of a series see it, by series (None:
        the whole of it, as the pages listing every series see it): assemble.seen_site."""
        self.files: dict[tuple[str, int], Path] = {}
        self.names: dict[tuple[str, int], str] = {}
        """The report files as the cache knows them (_name), by series and year (as each is
        checked or taken: named again from the corpus, 10,000 paths took 0.04 s)."""
        self.work: Path | None = None
        """The build's work folder: the whole reports (wholes) and the chunks it makes for the
        cache (a check has none)."""
        self.wholes: write.Appended | None = None
        """Where validation leaves whole reports for rendering, by their file's digest, in
        the work folder (a check has none)."""
        self.looking: Callable[[], array.array[int]] | None = None
        """The files of the site the last build left (cache.look_up), being looked over."""
        self.looked: array.array[int] | None = None
        """The same as look_up gave them (in the order of the last build's left), once taken."""
        self.found: cache.Found = {}
        """The same, once looked over (before any unit of the last build is taken)."""
        self.mostly_new = True
        """Whether this build made most of its units anew rather than took them as they were."""
        self._parts: dict[str, dict[ListKey, tuple[Kept, str]]] = {}
        """The lists a unit's last making kept (entries), with the chunk of each: for keep,
        once it is made again."""
        self._digested: dict[tuple[int, bool], tuple[tuple[Report, ...], str]] = {}
        """The digest of the outlines units show (_outlines), by the tuple's identity (the
        tuple held with it, so that no other can take its identity meanwhile) and whether of
        what lists show of them."""

    # -- nothing to do? ------------------------------------------------------------------------

    def list_content(self) -> None:
        """List the content folder (listing, listed), with the cache."""
        if self.use_cache and self.content.is_dir():
            self.listing = cache.listing(self.content, self.out)
        self.listed = {e[0]: e[2:] for e in self.listing or () if stat.S_ISREG(e[1]) and e[4]}

    def read_last(self) -> None:
        """Read the last build's record without its reports, outputs, templates and settings
        (last), with the cache: the look at the site it left begins from it (look_ahead)."""
        if self.use_cache:
            self.last = self.memory or cache.load_settled(
                self.cache_file, code=self.code, content=self.folder
            )

    def options(self, *, strict: bool, search: bool) -> str:
        """A digest of what the site depends on besides the content: the options, the
        templates, and the working folder (messages name files relative to it)."""
        where = (str(self.templates.resolve()), str(Path.cwd().resolve()))
        return cache.key(f"strict={strict} search={search}", self.templates_digest, where)

    def settled(self, options: str) -> cache.Settled | None:
        """The last build's brief, if this build would make the very same site: its options
        and templates are the same, every entry of the content folder has the same name, size,
        time and inode (and changed long enough before that build began for its time to be
        trusted), and the site holds exactly the files that build left, as it left them."""
        last = self.last
        settled = last.settled if last is not None else None
        if self.listing is None or last is None or last.left is None:
            return None
        if settled is None or settled.options != options:
            return None
        if settled.content != self.listing:
            return None
        trusted = last.trusted_before
        for name, _, _, mtime, _ in self.listing:
            # Changed too close to that build for its time to tell: its bytes do.
            if mtime < trusted:
                continue
            digest = settled.recent.get(name)
            if digest != "" and not self._as_read(name, digest):
                return None
        return settled if self._as_left(last.left) else None

    def _as_left(self, left: cache.Files) -> bool:
        """Whether the site holds the files the last build left (left), each as it left it,
        and nothing else: each file looked up on the other core (look_ahead) while this one
        reads the site's folders for anything else (cache.holds_only). At 10,000 reports a
        build with nothing to do took 0.50 s, against 0.72 with this core looking at every
        file as it read the folders."""
        if self.looking is None:  # no site to look at
            return False
        return cache.holds_only(self.out, set(left.names())) and -1 not in self.looking()

    def rebrief(self, settled: cache.Settled, saved: cache.Saved | None) -> cache.Saved | None:
        """After settled found nothing to do, if it read again files too new for the last build
        to trust by their time that this one can: the brief again, as if that build had begun
        when this one did, so that the next build trusts them by their time (after
        a checkout of every report just before a build, at 10,000 reports, every build with
        nothing to do read them all again until one had something to do: 1.3 s instead of
        0.75). Sound, since this build found each with the bytes that build read. The cache
        as it stands, for the next build in this process (saved), if that one is to use it."""
        kept = saved if self.memory is not None else None
        assert self.last is not None
        trusted = self.record.trusted_before
        recent = {
            name: digest
            for name, digest in settled.recent.items()
            if name not in self.listed or self.listed[name][1] >= trusted
        }
        # Those left out were read again (settled reads each with a digest), unless unread.
        if not any(digest for name, digest in settled.recent.items() if name not in recent):
            return kept
        # The whole record when it was kept in memory (the last is then that one).
        record = dataclasses.replace(
            self.last,
            started=self.record.started,
            settled=dataclasses.replace(settled, recent=recent),
        )
        try:
            written = cache.rebrief(self.cache_file, record)
        except (OSError, ValueError):  # as it was: the next build reads those files again
            return kept
        return cache.Saved(written, record) if self.memory is not None else None

    def _as_read(self, name: str, digest: str | None) -> bool:
        """Whether a file of the content folder holds the bytes of this digest."""
        try:
            return digest is not None and cache.file_digest(self.content / name) == digest
        except OSError:
            return False

    def settle(
        self, options: str, staging: Staging, warnings: tuple[Problem, ...], corpus: Corpus
    ) -> None:
        """Keep this build's brief for the next one (called once its site is complete)."""
        outputs = (output.files for output in self.record.outputs.values())
        self.record.left = cache.Files.joined([cache.Files.of(staging.loose), *outputs])
        if self.listing is None:
            return
        trusted = self.record.trusted_before
        recent = {}
        for name, _, size, mtime, inode in self.listing:
            if mtime < trusted:
                continue
            known = self.record.reports.get(name) or self.record.settings.get(name)
            if known is None:
                recent[name] = ""  # not read: only its name, in the listing, counts
            # Only a file read as listed: its digest is of the bytes the build used.
            elif known.stat == (size, mtime, inode):
                recent[name] = known.digest
        self.record.settled = cache.Settled(
            options,
            self.listing,
            recent,
            warnings,
            staging.count,
            len(corpus.reports),
            corpus.site,
        )

    def look_ahead(self, ahead: workers.Ahead) -> None:
        """Start looking over the site the last build left, whose unchanged files this one
        takes (took)."""
        left = self.last.left if self.last is not None else None
        if not self.use_cache or left is None or not self.out.is_dir():
            return
        # The files the last build left, by name (a unit is taken only if each of its files
        # is found as written: one the last build did not name is made again).
        self.looking = ahead.run(cache.look_up, str(self.out), left)

    def _site(self) -> cache.Found:
        """The files of the site the last build left, as the other core found them."""
        left = self.last.left if self.last is not None else None
        if self.looking is None or left is None:
            return {}
        self.looked = self.looking()
        return dict(zip(left.names(), self.looked, strict=True))

    def leave(self, staging: Staging) -> None:
        """Keep, for the next build, when this one was done changing the site it left and,
        if the site it replaced was kept as the spare, that site as the look at it found it
        (write.Spare): the next build starts from that spare."""
        self.record.marked = staging.marked
        last = self.last
        if staging.kept_as is None or self.looked is None or last is None or last.left is None:
            return
        if last.marked is None:
            return
        paths, now = last.left.paths, self.record.left
        if now is not None and now.paths == paths:
            paths = now.paths  # after most edits: pickled once, not twice
        self.record.spare = write.Spare(staging.kept_as, paths, self.looked, last.marked)

    def keep_spare(self) -> None:
        """Leave the next build a spare to start from (write.keep_spare), if it needs a new
        one: known to it as made."""
        # Without a spare the next build links every file itself: slower, no worse.
        with contextlib.suppress(OSError):
            made = write.keep_spare(self.out, renew=self.mostly_new)
            if made is not None:
                self.record.spare = made

    # -- validate ------------------------------------------------------------------------------

    def validate(self, strict: bool) -> tuple[Corpus, tuple[Problem, ...]]:
        if self.use_cache:
            self.previous = self.memory or cache.load(
                self.cache_file, code=self.code, content=self.folder, settled=self.last
            )
            # Only read (cache.save makes its own): the record kept in memory (cache.Saved)
            # stays as it was saved.
            self.record.kept = self.previous.kept if self.previous else {}
        self.compiled = Compiled(self.previous.templates if self.previous else {})
        self.renderer = Renderer(self.templates, self.compiled if self.use_cache else None)
        self.work = write.scratch(self.out, "work")
        self.wholes = write.Appended(self.work / "reports")
        corpus, warnings = self.check(strict)
        # Of site.yaml as validated, not as read again now: saved in between (an editor's
        # save during a long build), the file would give the digest of text no page was made
        # from, and the next build would take those pages as made from it.
        known: dict[str | None, str] = {}
        if self.previous is not None:
            # The last build's, if it validated this very site (site.yaml unchanged).
            before = self.previous.settings.get("site.yaml")
            if before is not None and before.value is corpus.site:
                known = self.previous.seen
        series = {report.series for report in corpus.reports}
        self.seen = self.record.seen = seen_digests(corpus.site, series, known)
        return corpus, warnings

    def check(self, strict: bool) -> tuple[Corpus, tuple[Problem, ...]]:
        """Validate the content, taking what the last build's cache (previous) knows of files
        unchanged since; whole reports go to the work folder, if there is one (a build's)."""
        corpus, warnings = load_corpus(
            self.content, strict=strict, check=self._check_reports, read=self._read_settings
        )
        gc.freeze()  # the outlines and records live as long as the build (see build)
        self.files = dict(corpus.files)
        return corpus, warnings

    def coverage(self, corpus: Corpus) -> list[tuple[Report, int, int]]:
        """Each report's translation coverage into the site's last language (Checks), as its
        record counted it: an outline has no paragraphs to count."""
        last = corpus.site.languages[-1]
        counted = []
        for report in corpus.reports:
            checked = self._record(report).result
            assert isinstance(checked, Checked)  # a report of the corpus converted
            counted.append((report, *checked.translated_into(last)))
        return counted

    def _check_reports(
        self, paths: Sequence[Path], glossary: Glossary | None
    ) -> Iterator[Checked | tuple[Problem, ...]]:
        """Every report file checked on every core; files unchanged since the last build are
        taken from the cache unread."""
        glossary_digest = digest(glossary) if glossary is not None else ""
        change = self._glossary_change(glossary)
        todo = []
        with progress.stage(self.progress, "校验", "validate", len(paths)) as stage:
            for path, shown in zip(paths, display_names(paths), strict=True):
                name = self._name(path)
                # Compared, never shown: no digest needed (most are of an unchanged file).
                context = f"{shown}\0{glossary_digest}"
                known = self._unchanged(path, name, context, change)
                if known is None:
                    todo.append((path, glossary, context, self.wholes is not None))
                    continue
                stage.advance()
                yield self._keep(path, name, known)
            parallel = len(todo) >= PARALLEL_FROM
            # Eight files a task: one a task spent a sixth of checking on handing them over.
            try:
                for path, data, whole in self._map(_check_one, todo, parallel=parallel, chunk=8):
                    stage.advance()
                    record: cache.ReportRecord = pickle.loads(data)
                    if whole and self.wholes is not None:
                        self.wholes.put(record.digest, whole)
                    yield self._keep(path, self._name(path), record)
            finally:
                if self.wholes is not None:
                    self.wholes.close()

    def _keep(
        self, path: Path, name: str, record: cache.ReportRecord
    ) -> Checked | tuple[Problem, ...]:
        """A report file's record, kept for this build's cache (and its name for the report's,
        names), and its result, whose file is this build's path for it (cache.with_file)."""
        record = self.record.reports[name] = cache.with_file(record, path)
        result = record.result
        if isinstance(result, Checked):
            self.names[(result.report.series, result.report.year)] = name
        return result

    def _unchanged(
        self, path: Path, name: str, context: str, change: GlossaryChange | None
    ) -> cache.ReportRecord | None:
        """The last build's record of a file (by its name, see _name), if the file and what
        its problems depend on are unchanged, or its glossary changed in no term it holds."""
        known = self.previous.reports.get(name) if self.previous else None
        if known is not None and known.context != context:
            known = cache.renamed(known, context) or self._reglossed(path, known, context, change)
        if known is None:
            return None
        now = self._as_known(path, name, known.stat, known.digest)
        if now is None:
            return None
        if now != known.stat:
            known = dataclasses.replace(known, stat=now)
        return known

    def _glossary_change(self, glossary: Glossary | None) -> GlossaryChange | None:
        """The last build's glossary's digest and the terms changed since (validate.
        glossary_change), if a report's warnings can be kept where it holds none of them."""
        if glossary is None or self.previous is None:
            return None
        # Without a file of it, the glossary is empty (load_corpus).
        before = next(
            (
                known.value
                for known in self.previous.settings.values()
                if isinstance(known.value, Glossary)
            ),
            Glossary(terms=()),
        )
        terms = glossary_change(before, glossary)
        return (digest(before), terms) if terms is not None else None

    def _reglossed(
        self, path: Path, known: cache.ReportRecord, context: str, change: GlossaryChange | None
    ) -> cache.ReportRecord | None:
        """The last build's record of a file whose glossary is all that changed of what its
        problems depend on, if the file could hold none of the terms changed (validate.
        may_hold): a term added at 10,000 reports read them all again (20 s) where few or
        none use it. Read from the bytes its digest is of, and only if the record was made
        with the last build's glossary."""
        shown = context.partition("\0")[0]
        if change is None or known.context != f"{shown}\0{change[0]}":
            return None
        if isinstance(known.result, Checked):  # one that did not convert was never warned
            try:
                data = read_capped(path)
            except OSError:
                return None
            if hashlib.sha256(data).hexdigest() != known.digest or may_hold(data, change[1]):
                return None
        return dataclasses.replace(known, context=context)

    def _as_known(
        self, path: Path, name: str, known: tuple[int, int, int], digest: str
    ) -> tuple[int, int, int] | None:
        """The size, time and inode of a file of the content folder, if it holds the bytes
        it held (digest) when the last build found it so (known); None if not."""
        assert self.previous is not None
        try:
            # As the content folder was listed before anything in it was read: a file changed
            # since is as if changed just after the build, which the next one finds.
            listed = self.listed.get(name)
            now = listed if listed is not None else cache.file_stat(path)
            if now == known and now[1] < self.previous.trusted_before:
                return now
            # Touched, or changed too close to the last build for its time to be trusted.
            same = cache.file_digest(path) == digest
        except OSError:
            return None
        return now if same else None

    def _read_settings(
        self, path: Path, kind: type, content: Path
    ) -> tuple[object, tuple[Problem, ...]]:
        """site.yaml or the glossary (validate.ReadSettings): as the last build read it when
        the file is unchanged."""
        try:
            plain = stat.S_ISREG(path.lstat().st_mode)
        except OSError:
            plain = False
        if not plain or not self.use_cache:
            # A link (where it leads may have moved out of the content folder), a pipe, none:
            # read_settings says what is wrong with it; nothing is kept (nor without a cache).
            return read_settings(path, kind, content)
        name, context = self._name(path), display_name(path)
        known = self.previous.settings.get(name) if self.previous else None
        if known is not None and known.context == context:
            now = self._as_known(path, name, known.stat, known.digest)
            if now is not None:
                self.record.settings[name] = dataclasses.replace(known, stat=now)
                return known.value, known.problems
        try:
            before, file_digest = cache.file_stat(path), cache.file_digest(path)
        except OSError:
            return read_settings(path, kind, content)
        value, problems = read_settings(path, kind, content)
        with contextlib.suppress(OSError):
            # Kept only if what was read is what was hashed (its size and time held still).
            if cache.file_stat(path) == before:
                record = cache.SettingsRecord(before, file_digest, context, value, problems)
                self.record.settings[name] = record
        return value, problems

    def whole_report(self, report: Report) -> Report:
        """The full report behind an outline: as validation left it in the work folder, or
        read again from its file, unchanged since the build that checked it."""
        file = self.files[(report.series, report.year)]
        kept = self.wholes.get(self._record(report).digest) if self.wholes is not None else None
        if kept is not None:
            whole = pickle.loads(kept)
        else:
            source = load_source(file)
            whole = convert_source(source, Report)[0] if not isinstance(source, list) else None
        if not isinstance(whole, Report):
            raise ContentError(
                [Problem(location=Location(display_name(file)), code="changed-during-build")]
            )
        return whole

    # -- render and write ----------------------------------------------------------------------

    def render_and_write(self, units: Sequence[Unit], staging: Staging) -> None:
        """Make each unit whose inputs changed; link the others from the previous site."""
        previous = self.previous.outputs if self.previous else {}
        plan: Plan = []
        # The units whose key is the last build's: whether it covers only what lists show of
        # their reports (Output.listed).
        same: dict[str, bool] = {}
        for unit in units:
            known = previous.get(unit.id)
            if known is not None and self._within_same(unit, known, same):
                key = known.key
            else:
                key = self.unit_key(unit, listed=known is not None and known.listed)
            if known is not None and known.key == key:
                same[unit.id] = known.listed
            else:
                known = None
            plan.append((unit, key, known))
        self.renderer.prepare()
        self.record.templates = self.compiled.kept
        if previous:
            # Taken only now: the other core may still be looking the last site over.
            self.found = self._site()
        # Only now too, before the first file is placed: after an edit, the spare's listing
        # on the other core is what this core waits for, the keys worked out meanwhile.
        staging.take_in()
        global _shared
        _shared = (plan, self, staging)
        # A series' units (its pages and its reports') are made together, then what was
        # decoded of its outlines for them is let go of (_make_units); each unit of the whole
        # site is a task of its own, the largest first. Workers only for many units to make:
        # after an edit, forking a build that holds the outlines of a large archive costs
        # more than making its few units here.
        groups: dict[str, list[int]] = {}
        taken = self._take(plan, staging)
        for number, (unit, _, known) in enumerate(plan):
            if number in taken:
                assert known is not None
                self.record.outputs[unit.id] = known
                continue
            groups.setdefault(f"series/{unit.series}" if unit.series else unit.id, []).append(
                number
            )
        # Counted once the site is looked over: a unit whose key stayed is made all the same
        # when its files are not as the last build left them (a build without the cache
        # replaced them all, say), and so must use every core.
        to_make = len(plan) - len(taken)
        self.mostly_new = 2 * to_make > len(plan)
        parallel = to_make >= PARALLEL_FROM
        try:
            with progress.stage(self.progress, "生成", "render", len(plan)) as stage:
                stage.advance(len(taken))
                for made in self._map(_make_units, list(groups.values()), parallel=parallel):
                    for unit_id, output in made:
                        staging.claim(output.files.names())
                        self.record.outputs[unit_id] = output
                        stage.advance()
        finally:
            _shared = None

    def _take(self, plan: Plan, staging: Staging) -> set[int]:
        """The numbers of the units of the plan the last build made from the same inputs
        whose files are all in the site as it wrote them, taken into staging unchanged. All
        their files at once where all are (after an edit at 10,000 reports, 11,000 units of
        74,000 files: unit by unit, 0.08 s of every build)."""
        known = [(n, output) for n, (_, _, output) in enumerate(plan) if output is not None]
        if self.took(cache.Files.joined(output.files for _, output in known), staging):
            return {n for n, _ in known}
        return {n for n, output in known if self.took(output.files, staging)}  # one by one

    def took(self, files: cache.Files, staging: Staging) -> bool:
        """Whether files the last build made are all in the site as it wrote them; if so, they
        are taken into staging unchanged (and claimed)."""
        names = files.names()
        inodes = cache.inodes(self.found, names)
        if inodes is None:
            return False
        staging.link(self.out, names, inodes)
        staging.claim(names)
        return True

    def entries(self, unit: Unit) -> Entries | None:
        """The lists of reports a unit keeps, with those it kept in the last build if they
        were made from the same templates and site. Only the units of the whole site keep
        them (its archive lists every report): a series lists a few, made again at little
        cost, and a file of them for each of a thousand series would cost more."""
        if not self.use_cache or unit.series is not None:
            return None
        stamp = cache.key(self.templates_digest, self.seen[None])
        before = self.previous.outputs.get(unit.id) if self.previous else None
        known: dict[ListKey, Kept] = {}
        parts = self._parts[unit.id] = {}
        for name in before.entries if before else ():
            match cache.get_part(self.cache_file, name):
                case (str() as made_from, tuple() as key, tuple() as made) if made_from == stamp:
                    known[key] = made
                    parts[key] = (made, name)
        return Entries(stamp, known, self._outline)

    def keep(self, unit: Unit, entries: Entries) -> tuple[str, ...]:
        """Keep the lists a unit made for the next build, each in a chunk of its own: the
        names of their chunks. A list as the unit's last making kept it is named as it was,
        not written again: after a report was retitled at 10,000 reports, writing every list
        again (12.6 MB) took 0.035 s; it changes the list of its year in each language."""
        kept = self._parts.pop(unit.id, {})
        if self.work is None:
            return ()
        names = []
        for key, made in sorted(entries.made.items()):
            old = kept.get(key)
            if old is not None and old[0] == made:
                names.append(old[1])
            else:
                names.append(cache.put_part(self.work, (entries.stamp, key, made)))
        return tuple(names)

    def unit_key(self, unit: Unit, *, listed: bool) -> str:
        """A digest of everything the unit is made from (besides the code: see cache.py); of
        its reports, their outlines, or only what lists show of them if listed (listed_only)."""
        digest = self._listed if listed else self._outline
        shown = unit.shows(digest) if unit.shows else [self._outlines(unit.reports, listed)]
        full = self._record(unit.whole).digest if unit.whole else ""
        return cache.key(self.templates_digest, self.seen[unit.series], unit.id, full, shown)

    def listed_only(self, unit: Unit, entries: Entries | None, before: cache.Output | None) -> bool:
        """Whether the pages of a unit just made showed no more of its reports than what lists
        show of them (title, headline, subtitle, disclosure: Deferred.listed). If so, its key
        covers no more either, and a heading or a figure edited elsewhere leaves it as it is:
        at 10,000 reports, making the lists of the whole site again took a fifth of such an
        edit's build. Which fields pages show is up to the templates, which editors change:
        what the unit's making read decides. Made again from the same listings (and site, and
        templates) it reads the same, so what one making read holds while its key stays."""
        # Entries of lists it took as the last build's making of it (before) kept them
        # (render.Entries): made then, and read no more only if that one's key was of listings.
        if entries is not None and entries.known and not (before is not None and before.listed):
            return False
        # Its pages show of the outlines of its reports alone (Unit.reports), and none is let
        # go of before its series' units are all made (_make_units): any outline read whole
        # before it was made, or while it was, is decoded still.
        return all(type(shown) is cache.Deferred and not shown.decoded() for shown in unit.reports)

    def _within_same(self, unit: Unit, known: cache.Output, same: Mapping[str, bool]) -> bool:
        """Whether a unit's key is the one the last build made it by, as the key of the unit
        it is within is (Unit.within). That one's key covers what lists show of every report
        when it is of listings: then so must this one's have been."""
        listed = same.get(unit.within) if unit.within is not None else None
        if listed is None or (listed and not known.listed):
            return False
        return self._as_before(unit.whole)

    def _as_before(self, report: Report | None) -> bool:
        """Whether a unit's whole report, if it has one, is read from a file that holds the
        bytes it held in the last build."""
        if report is None:
            return True
        assert self.previous is not None
        name = self.names[(report.series, report.year)]
        before = self.previous.reports.get(name)
        return before is not None and before.digest == self.record.reports[name].digest

    def _outlines(self, reports: tuple[Report, ...], listed: bool) -> str:
        """A digest of these reports' outlines (or of what lists show of them), made once for
        all the units that show the same ones (a series' page and each of its reports': at
        10,000 reports, every outline was digested eleven times in every build)."""
        known = self._digested.get((id(reports), listed))
        if known is None:
            digests = map(self._listed if listed else self._outline, reports)
            known = self._digested[(id(reports), listed)] = (reports, cache.key(digests))
        return known[1]

    @staticmethod
    def _outline(report: Report) -> str:
        """The digest of a report's outline: the corpus of a build holds outlines as the
        cache keeps them (Deferred)."""
        assert isinstance(report, cache.Deferred)
        return report.digest

    @staticmethod
    def _listed(report: Report) -> str:
        assert isinstance(report, cache.Deferred)
        return report.listed_digest

    def _record(self, report: Report) -> cache.ReportRecord:
        return self.record.reports[self.names[(report.series, report.year)]]

    def _name(self, file: Path) -> str:
        """A report file as the cache knows it: its path in the content folder. Cut from the
        path's text when it starts with the folder's, as the content folder's listing makes
        them (load.find_reports): a build names every report file, and pathlib's relative_to
        parses both paths again each time."""
        text, prefix = str(file), self.prefix
        if text.startswith(prefix):
            return text[len(prefix) :].replace(os.sep, "/")
        return file.relative_to(self.content).as_posix()

    # -- index ---------------------------------------------------------------------------------

    def index(self, corpus: Corpus, staging: Staging, indexers: Indexers) -> None:
        """Index each search shard in each language whose report pages changed; link the
        others."""
        shards = search.shards(corpus.reports)
        search.write_list(staging, shards)
        previous = self.previous.outputs if self.previous else {}
        made = self.record.outputs
        todo = []
        for shard in shards:
            for number, lang in enumerate(Lang):
                part = f"search/{lang.value}/{shard.id}"
                # Of what Pagefind reads of the pages: a change that leaves it as it was (most
                # edits leave one language's pages alone) is none to it. (Without a cache,
                # every shard is indexed: nothing was digested.)
                pages = (
                    [
                        f"{report.series}/{report.year} {made[report_unit(report)].indexed[number]}"
                        for report in shard.reports
                    ]
                    if self.use_cache
                    else []
                )
                key = cache.key(part, pages)
                known = previous.get(part)
                if known is not None and known.key == key and self.took(known.files, staging):
                    made[part] = known
                else:
                    staging.clear(shard.folder(lang))
                    todo.append((shard, lang, part, key))
        with progress.stage(self.progress, "索引", "index", len(todo)) as stage:
            runs = [(shard, lang) for shard, lang, _, _ in todo]
            indexers.index(runs, jobs=self.jobs, done=stage.advance)
        for shard, lang, part, key in todo:
            adopted = staging.adopt(shard.folder(lang))
            made[part] = cache.Output(key, cache.Files.of(adopted))

    def save(self) -> cache.Saved | None:
        return cache.save(self.cache_file, self.record, self.work) if self.use_cache else None

    # -- every core ----------------------------------------------------------------------------

    def _map(
        self,
        function: Callable[[A], B],
        arguments: Sequence[A],
        *,
        parallel: bool,
        chunk: int = 1,
    ) -> Iterator[B]:
        """function over arguments, in worker processes when there is enough to do (parallel),
        handed over `chunk` at a time."""
        if not parallel or len(arguments) < 2 or not workers.available(self.jobs):
            yield from map(function, arguments)
            return
        # What the workers share is never freed while they run: keeping the collector off
        # it (frozen until the build ends) keeps the pages holding it shared rather than
        # copied into every worker.
        gc.freeze()
        with workers.Pool(self.jobs) as pool:
            yield from pool.imap_unordered(function, arguments, chunk)


A = TypeVar("A")
B = TypeVar("B")

GlossaryChange = tuple[str, frozenset[str]]
"""The digest of the glossary the last build read, and the Chinese of each term changed since."""

Plan = list[tuple[Unit, str, cache.Output | None]]
"""Each unit, the digest of what it is made from, and the last build's output if that was
made from the same (render_and_write)."""
_shared: tuple[Plan, _Run, Staging] | None = None
"""What render workers inherit when they are forked: the plan, the build, the staging."""


def _check_one(task: tuple[Path, Glossary | None, str, bool]) -> tuple[Path, bytes, bytes]:
    """In a worker: check one report file and give back its record (its outline), pickled as
    the cache keeps it — which also loads several times quicker than multiprocessing's own
    pickling — and the whole report pickled, if wanted (for rendering: b"" if not)."""
    path, glossary, context, whole = task
    # Its size and time before and after it is read: if they did not change, the bytes read
    # are the file's. Read once, hashed and checked (find_reports let only plain files
    # through, so reading it cannot block): each file was read twice, once to hash it.
    try:
        before: tuple[int, int, int] | None = cache.file_stat(path)
    except OSError:
        before = None
    data = read_source(path)
    if isinstance(data, bytes):
        file_digest = hashlib.sha256(data).hexdigest()
        result = check_report(path, glossary, data=data)
    else:  # not remembered: a file unreadable now may be readable with the same size and time
        before, file_digest, result = None, "", tuple(data)
    try:
        changed = before is None or cache.file_stat(path) != before
    except OSError:
        changed = True
    if not isinstance(result, Checked):
        # Its problems are remembered only while its size and time stay as they were.
        seen = (-1, -1, -1) if changed or before is None else before
        return path, cache.pickled(cache.ReportRecord(seen, file_digest, context, result)), b""
    if changed or before is None:
        where = Location(display_name(path))
        raise ContentError([Problem(location=where, code="changed-during-build")])
    checked = dataclasses.replace(result, report=cache.Deferred.of(outline(result.report)))
    record = cache.ReportRecord(before, file_digest, context, checked)
    return path, cache.pickled(record), cache.pickled(result.report) if whole else b""


def _make_units(numbers: list[int]) -> list[tuple[str, cache.Output]]:
    """In a worker: make the units of the plan with these numbers (of a series, or one of the
    whole site)."""
    assert _shared is not None
    plan, run, staging = _shared
    made = []
    for number in numbers:
        unit, key, _ = plan[number]
        # Digests of what the search reads of its pages, for the next build to compare with
        # (index): without a cache there is no next build to read them.
        indexed = search.pages(unit.whole) if unit.whole and run.use_cache else ()
        files, digests = [], {}
        entries = run.renderer.entries = run.entries(unit)
        for page in unit.pages():
            data = run.renderer.render(page)
            files.append(staging.write(page.path, data))
            if page.path in indexed:
                digests[page.path] = search.read_digest(data)
        run.renderer.entries = None
        pages = tuple(digests[path] for path in indexed)
        kept = run.keep(unit, entries) if entries is not None else ()
        # Without a cache no build reads the key: what the unit read is not worked out.
        before = run.previous.outputs.get(unit.id) if run.previous else None
        listed = run.use_cache and run.listed_only(unit, entries, before)
        if listed != (before is not None and before.listed):
            key = run.unit_key(unit, listed=listed)  # planned as the last build's was keyed
        made.append((unit.id, cache.Output(key, cache.Files.of(files), pages, kept, listed)))
    index = plan[numbers[0]][0].index
    if index is not None:
        # Kept, every outline of the archive would end up decoded in each worker (in a cold
        # build of 4,000 reports each ended at 166 MiB instead of 100; one of 20,000 peaked
        # at 1.5 GiB): a series' pages are all made in one task, and then let go of.
        for report in index.reports:
            if isinstance(report, cache.Deferred):
                report.forget()
    return made
