"""Incremental builds: a warm build (with the cache beside the output) writes exactly the bytes
a build from scratch writes, after any sequence of edits; a cache that cannot be trusted is
ignored; `--no-cache` neither reads nor writes it."""

from __future__ import annotations

import dataclasses
import errno
import functools
import gc
import hashlib
import os
import pickle
import re
import shutil
import signal
import stat
import sys
import tempfile
import time
from collections.abc import Callable, Iterable
from pathlib import Path, PurePosixPath
from typing import Any
from unittest import mock

import jinja2
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markupsafe import Markup

from reportsite import assemble as assembling
from reportsite import cache, discovery, outline, pipeline, render, search, validate
from reportsite import write as writing
from reportsite.assemble import SeriesIndex, newest_first
from reportsite.model import Lang, Report, Site, walk_texts
from reportsite.problems import ContentError, Location, Problem, Severity, format_problem
from reportsite.serialize import to_data
from reportsite.write import MARKER, Staging

from .conftest import (
    REPORT_YAML,
    ROOT,
    SITE_YAML,
    in_a_tmpfs,
    only_reference_counting,
    run_cli,
    tree_bytes,
    write,
)

SERIES = ("test-renda", "test-zhengfu")
SITE = SITE_YAML + (
    "  test-zhengfu:\n"
    "    name: {zh: 测试镇政府工作报告, en: Work Reports of the Test Town Government}\n"
    "    body: {zh: 测试镇人民政府, en: People's Government of Test Town}\n"
)


def report(series: str, year: int, *, follows: bool = False, word: str = "学习") -> str:
    # Both years at once: one replacement after the other would turn the year after into the year.
    dated = re.sub("202[45]", lambda found: str(year + int(found[0]) - 2024), REPORT_YAML)
    text = dated.replace("test-renda", series).replace("全年组织学习6次", f"全年组织{word}6次")
    if follows:
        text = text.replace("    - id: first\n", "    - id: first\n      follows: study\n")
    return text


Built = tuple[dict[str, bytes], list[str]]
"""The files a build wrote (tree_bytes) and the problems it reported (or raised)."""


class Archive:
    """A small content folder and templates of its own, which edits change."""

    def __init__(self, folder: Path, *, first: int = 2022) -> None:
        """first: the year of test-renda's first report (test-zhengfu's: 2022); each report
        after the first of its series follows a task of the year before."""
        self.folder = folder
        self.content = folder / "content"
        self.templates = Path(shutil.copytree(ROOT / "templates", folder / "templates"))
        write(self.content / "site.yaml", SITE)
        for series, start in zip(SERIES, (first, 2022), strict=True):
            for year in range(start, 2024):
                write(self.report_file(series, year), report(series, year, follows=year > start))
        self.edits = 0
        self.saved: cache.Saved | None = None
        """What the last build with the cache left (kept in memory as the preview keeps it)."""
        self.jobs = 1
        """Processes a build uses: with more than one, a build looks over the last site and
        its spare in a worker while it validates (workers.Ahead)."""
        self.search = False
        """Whether its builds index the site for search (a Pagefind run for each shard and
        language a build indexes)."""

    def report_file(self, series: str, year: int) -> Path:
        return self.content / "reports" / series / f"{year}.yaml"

    def reports(self) -> list[Path]:
        return sorted((self.content / "reports").rglob("*.yaml"))

    def build(self, out: Path, *, use_cache: bool, in_memory: bool = False) -> Built:
        """The files written and the problems reported (or raised) by one build; in_memory:
        given what the last build with the cache left in memory (its Saved)."""
        try:
            result = pipeline.build(
                self.content,
                out,
                templates=self.templates,
                search=self.search,
                jobs=self.jobs,
                use_cache=use_cache,
                saved=self.saved if in_memory else None,
            )
        except ContentError as error:
            return {}, [format_problem(p) for p in error.problems]
        if use_cache:
            self.saved = result.saved
        return tree_bytes(out), [format_problem(p) for p in result.warnings]

    def check(self, out: Path | None) -> tuple[list[tuple[str, int, int, int]], list[str]]:
        """What `check` finds with the cache of the last build of out: each report's
        translation coverage, and the problems reported (or raised); without out, what
        validation alone finds, the coverage counted in its whole reports."""
        try:
            if out is None:
                corpus, warnings = pipeline.check(self.content, jobs=self.jobs)
                # Counted anew in the whole reports, not taken from what checking counted.
                at = 1 + list(Lang).index(corpus.site.languages[-1])
                counted = []
                for report in corpus.reports:
                    number = validate.translated(walk_texts(report))
                    counted.append((report, number[at], number[0]))
            else:
                checks = pipeline.check_content(self.content, out, jobs=self.jobs)
                counted, warnings = list(checks.coverage), checks.warnings
        except ContentError as error:
            return [], [format_problem(p) for p in error.problems]
        coverage = [(r.series, r.year, done, total) for r, done, total in counted]
        return coverage, [format_problem(p) for p in warnings]


# Each edit changes one input the way an editor would. The edits keep the content valid,
# except where a warning (file name, glossary) is what is being compared.


def edit_text(archive: Archive, n: int) -> None:
    path = archive.reports()[n % len(archive.reports())]
    text = path.read_text("utf-8")
    word = ("学习", "培训", "调研")[n % 3]
    path.write_text(re.sub("全年组织(..)6次", f"全年组织{word}6次", text), "utf-8")


def edit_title(archive: Archive, n: int) -> None:
    path = archive.reports()[n % len(archive.reports())]
    text = path.read_text("utf-8")
    title = r"^title: \{zh: (\d{4})年工作报告\d*"
    retitled = re.sub(title, rf"title: {{zh: \1年工作报告{n}", text, count=1, flags=re.M)
    path.write_text(retitled, "utf-8")


def edit_date(archive: Archive, n: int) -> None:
    path = archive.reports()[n % len(archive.reports())]
    text = path.read_text("utf-8")
    dated = re.sub(r"published: (\d{4})-01-\d\d", rf"published: \g<1>-01-0{1 + n % 9}", text)
    path.write_text(dated, "utf-8")


def edit_template(archive: Archive, n: int) -> None:
    footer = archive.templates / "_footer.html"
    footer.write_text(footer.read_text("utf-8").replace("<ul", f"<ul data-edit={n}", 1), "utf-8")


def edit_footer_image(archive: Archive, n: int) -> None:
    """An image in the footer, or none: Pagefind leaves the footer out, but shows the first
    image after a page's title with its result."""
    footer = archive.templates / "_footer.html"
    text = re.sub("<img [^>]*>", "", footer.read_text("utf-8"))
    image = f'<img src="data:," alt="{n}">' if n % 2 else ""
    footer.write_text(text.replace('<div class="wrap">', f'<div class="wrap">{image}'), "utf-8")


def edit_strings(archive: Archive, n: int) -> None:
    strings = archive.templates / "strings.yaml"
    text = re.sub("译文待补\\d*", f"译文待补{n}", strings.read_text("utf-8"), count=1)
    # A label of every entry of the lists of reports, too (render.Entries).
    text = re.sub("reporting_body: {zh: 报告机关\\d*", f"reporting_body: {{zh: 报告机关{n}", text)
    strings.write_text(text, "utf-8")


def edit_site(archive: Archive, n: int) -> None:
    site = archive.content / "site.yaml"
    text = re.sub(r"title: \{zh: 测试站\d*", f"title: {{zh: 测试站{n}", site.read_text("utf-8"))
    site.write_text(text, "utf-8")


def edit_filing(archive: Archive, n: int) -> None:
    """The filing number and the column's description: every page shows them, in parts of it
    Pagefind leaves out (its footer, its head)."""
    site = archive.content / "site.yaml"
    text = re.sub("测ICP备\\d+号", f"测ICP备0000000{n}号", site.read_text("utf-8"))
    site.write_text(re.sub("工作报告栏目\\d*", f"工作报告栏目{n}", text), "utf-8")


def rename_series(archive: Archive, n: int) -> None:
    site = archive.content / "site.yaml"
    text = re.sub("测试镇政府工作报告\\d*", f"测试镇政府工作报告{n}", site.read_text("utf-8"))
    site.write_text(text, "utf-8")


def rename_body(archive: Archive, n: int) -> None:
    """The reporting body of a series, which the lists of reports show."""
    site = archive.content / "site.yaml"
    text = re.sub(
        "body: {zh: 测试镇人民政府\\d*", f"body: {{zh: 测试镇人民政府{n}", site.read_text("utf-8")
    )
    site.write_text(text, "utf-8")


def add_series(archive: Archive, n: int) -> None:
    """A series of site.yaml, with its first report every other time."""
    site = archive.content / "site.yaml"
    text = site.read_text("utf-8")
    if f"  test-new{n}:" not in text:
        name = f"    name: {{zh: 新系列{n}, en: New Series {n}}}\n"
        body = "    body: {zh: 新单位, en: New Body}\n"
        site.write_text(f"{text}  test-new{n}:\n{name}{body}", "utf-8")
    if n % 2:
        write(archive.report_file(f"test-new{n}", 2023), report(f"test-new{n}", 2023))


def edit_glossary(archive: Archive, n: int) -> None:
    """学习 (in every report) rendered one way or the other, and a term a report holds only
    once edit_text put it there, or none."""
    english = ("study", "learning")[n % 2]
    other = ("", "  - {zh: 培训, en: training}\n", "  - {zh: 调研, en: research}\n")[n // 2 % 3]
    write(archive.content / "glossary.yaml", f"terms:\n  - {{zh: 学习, en: {english}}}\n{other}")


def toggle_follows(archive: Archive, n: int) -> None:
    path = archive.reports()[n % len(archive.reports())]
    text = path.read_text("utf-8")
    if "follows: study" in text:
        path.write_text(text.replace("      follows: study\n", ""), "utf-8")
    elif path.stem.isdigit() and (path.parent / f"{int(path.stem) - 1}.yaml").exists():
        first = "    - id: first\n"
        path.write_text(text.replace(first, f"{first}      follows: study\n"), "utf-8")


def edit_heading(archive: Archive, n: int) -> None:
    """A section's title: in the report's outline (its series' pages show it), not in what
    the lists of the whole site show of a report."""
    path = archive.reports()[n % len(archive.reports())]
    text = path.read_text("utf-8")
    path.write_text(re.sub(r"title: \{zh: 加强学习\d*", f"title: {{zh: 加强学习{n}", text), "utf-8")


SHOWN_HEADING = (
    '{% if report.review %}<p class="entry-first">'
    "{{ report.review.sections[0].title.zh }}</p>{% endif %}\n"
)
"""What show_heading_in_lists adds to each entry of the lists (_entry.html)."""


def show_heading_in_lists(archive: Archive, n: int) -> None:
    """Every other time, the lists of reports show each one's first section's title too: more
    of a report than what lists show of it (cache.Deferred.listed)."""
    entry = archive.templates / "_entry.html"
    text = entry.read_text("utf-8").replace(SHOWN_HEADING, "")
    if n % 2:
        text = text.replace('<dl class="entry-meta">', SHOWN_HEADING + '<dl class="entry-meta">')
    entry.write_text(text, "utf-8")


def add_report(archive: Archive, n: int) -> None:
    series = SERIES[n % 2]
    years = [int(p.stem) for p in archive.reports() if p.parent.name == series and p.stem.isdigit()]
    year = max(years, default=2021) + 1
    write(archive.report_file(series, year), report(series, year, word="新年"))


def rename_report(archive: Archive, n: int) -> None:
    path = archive.reports()[n % len(archive.reports())]
    # Another name for the same report: the build warns that the name is not its year.
    path.rename(path.with_name(f"{path.stem}-copy.yaml" if "-" not in path.stem else "x.yaml"))


def delete_report(archive: Archive, n: int) -> None:
    reports = archive.reports()
    if len(reports) > 1:
        path = reports[n % len(reports)]
        path.unlink()
        # A report left following a task of the deleted one stops following it.
        for other in archive.reports():
            text = other.read_text("utf-8")
            other.write_text(text.replace("      follows: study\n", ""), "utf-8")


def delete_series(archive: Archive, n: int) -> None:
    """Every report of a series deleted (while the other has some): it stays in site.yaml,
    and no page lists it."""
    series = SERIES[n % 2]
    reports = archive.reports()
    if any(path.parent.name != series for path in reports):
        for path in reports:
            if path.parent.name == series:
                path.unlink()


EDITS: list[Callable[[Archive, int], None]] = [
    edit_text,
    edit_title,
    edit_date,
    edit_template,
    edit_footer_image,
    edit_strings,
    edit_site,
    edit_filing,
    rename_series,
    rename_body,
    add_series,
    edit_glossary,
    toggle_follows,
    edit_heading,
    show_heading_in_lists,
    add_report,
    rename_report,
    delete_report,
    delete_series,
]


@pytest.mark.parametrize("indexed", [False, True], ids=["without-search", "with-search"])
@settings(
    max_examples=8,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(
    st.lists(
        st.tuples(st.sampled_from(EDITS), st.integers(0, 5), st.booleans()), min_size=1, max_size=4
    ),
    st.sampled_from([1, 3, cache.CHUNK]),
    st.sampled_from([1, assembling.HOME_NEWEST]),
    st.sampled_from([2022, 2019]),
)
def test_a_warm_build_writes_what_a_cold_one_does(
    indexed: bool,
    edits: list[tuple[Callable[[Archive, int], None], int, bool]],
    chunk: int,
    home: int,
    first: int,
) -> None:
    # The cache's chunks as small as one record (or output) each, or as large as they are
    # (the whole of this small archive): what is saved again, and what is taken as it was.
    # The home page lists the newest report alone, or every one. A series of two reports, or
    # of five, where a report's pages show nothing of the reports of its series beyond the
    # years around it (assemble.Around). In a tmpfs, where what a warm build takes from the
    # last site and what it makes are listed in the order they were written (Pagefind's own
    # walk once made the index depend on it: search.py).
    with (
        tempfile.TemporaryDirectory(dir=in_a_tmpfs()) as folder,
        mock.patch.object(cache, "CHUNK", chunk),
        mock.patch.object(assembling, "HOME_NEWEST", home),
    ):
        archive = Archive(Path(folder), first=first)
        archive.search = indexed
        warm, cold = Path(folder) / "site", Path(folder) / "cold"
        assert_same(archive.build(warm, use_cache=True), archive.build(cold, use_cache=False))
        for edit, n, in_memory in edits:
            edit(archive, n)
            # Checked with the cache of the last build, before the build that follows the edit.
            assert archive.check(warm) == archive.check(None), edit.__name__
            # The last build's cache read from its file, or as it left it in memory (serve).
            made = archive.build(warm, use_cache=True, in_memory=in_memory)
            assert_same(made, archive.build(cold, use_cache=False), edit.__name__)


def assert_same(warm: Built, cold: Built, why: str = "") -> None:
    """The same files and problems from two builds; where files differ, their names are
    what the failure shows (the whole of two sites is too much to read)."""
    (warm_files, warm_problems), (cold_files, cold_problems) = warm, cold
    assert warm_problems == cold_problems, why
    names = warm_files.keys() | cold_files.keys()
    assert sorted(n for n in names if warm_files.get(n) != cold_files.get(n)) == [], why


@pytest.fixture
def archive(tmp_path: Path) -> Archive:
    return Archive(tmp_path)


RENDA_2023 = {
    "zh/test-renda/2023/index.html",
    "zh/test-renda/2023/index.md",
    "en/test-renda/2023/index.html",
    "en/test-renda/2023/index.md",
    "bilingual/test-renda/2023/index.html",
    "bilingual/test-renda/2023/index.md",
    "data/test-renda/2023.json",
}
"""The files of one report's unit, test-renda/2023's (the report edit_text(archive, 1) edits)."""


@pytest.mark.parametrize("jobs", [1, 2])
def test_no_change_links_every_file_and_one_edit_remakes_its_own(
    archive: Archive, jobs: int
) -> None:
    archive.jobs = jobs
    out = archive.folder / "site"
    archive.build(out, use_cache=True)
    inodes = {p: p.stat().st_ino for p in out.rglob("*") if p.is_file()}
    # A file saved again as it was: the build looks over everything (with nothing saved, it
    # would find nothing to do and not even look), and takes every unit as it was.
    touch_a_report(out)
    archive.build(out, use_cache=True)
    written = {p for p in out.rglob("*") if p.is_file() and p.stat().st_ino != inodes.get(p)}
    # Only the marker and the static files, which every build writes, are new.
    assert {p.relative_to(out).parts[0] for p in written} == {".reportsite", "static"}
    names = remade(archive, out, edit_text)  # test-renda/2023
    assert {name for name in names if "2023" in name} == RENDA_2023
    assert "全年组织培训" in (out / "zh/test-renda/2023/index.html").read_text("utf-8")


@pytest.mark.parametrize("jobs", [1, 2])
def test_with_a_link_in_the_content_an_edit_still_remakes_only_its_own(
    archive: Archive, jobs: int
) -> None:
    """A content folder that holds a link is never taken as unchanged (no brief of it is
    kept), but the files of the site the last build left are still known and taken."""
    archive.jobs = jobs
    out = archive.folder / "site"
    link_a_report(out)
    archive.build(out, use_cache=True)
    inodes = {p: p.stat().st_ino for p in out.rglob("*") if p.is_file()}
    edit_text(archive, 2)  # test-zhengfu/2022, not the linked one
    archive.build(out, use_cache=True)
    kept = {
        p.relative_to(out).as_posix() for p in out.rglob("*") if inodes.get(p) == p.stat().st_ino
    }
    assert "zh/test-renda/2023/index.html" in kept
    assert "zh/test-zhengfu/2022/index.html" not in kept
    assert "全年组织调研" in (out / "zh/test-zhengfu/2022/index.html").read_text("utf-8")


def test_units_made_again_because_their_files_were_replaced_are_made_on_every_core(
    archive: Archive, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A build without the cache replaces every file of the site: the next build with it
    finds every unit's key as it was but none of its files, makes them all, and so uses the
    worker processes, as a build from scratch does (it made them one by one in the build's
    own process: at 10,000 reports, 92 s on one core instead of 54 s on two)."""
    monkeypatch.setattr(pipeline, "PARALLEL_FROM", 3)
    used: list[bool] = []
    mapped = pipeline._Run._map

    def spy(run: pipeline._Run, function: Any, arguments: Any, **options: Any) -> Any:
        if function is pipeline._make_units:
            used.append(options["parallel"])
        return mapped(run, function, arguments, **options)

    monkeypatch.setattr(pipeline._Run, "_map", spy)
    out = archive.folder / "site"
    archive.build(out, use_cache=True)
    archive.build(out, use_cache=False)
    edit_text(archive, 1)
    archive.build(out, use_cache=True)  # one unit's key changed, every unit's files replaced
    edit_text(archive, 2)
    archive.build(out, use_cache=True)
    assert used == [True, True, True, False]


def remade(archive: Archive, out: Path, change: Callable[[Archive, int], None]) -> set[str]:
    """The files of the site a build after the change wrote anew (besides the marker and the
    static files, which every build writes)."""
    before = {p: p.stat().st_ino for p in out.rglob("*") if p.is_file()}
    change(archive, 1)
    archive.build(out, use_cache=True)
    return {
        p.relative_to(out).as_posix()
        for p in out.rglob("*")
        if p.is_file()
        and p.stat().st_ino != before.get(p)
        and p.relative_to(out).parts[0] not in (".reportsite", "static")
    }


SITE_WIDE = {
    "index.html",
    "404.html",
    "robots.txt",
    "sitemap.xml",
    *(f"{lang}/{page}" for lang in ("zh", "en") for page in ("index.html", "feed.xml")),
    *(f"{lang}/search/index.html" for lang in ("zh", "en")),
}


def test_a_save_after_an_edit_pickles_again_only_the_chunks_it_changed(
    archive: Archive, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cache, "CHUNK", 1)  # each record and output a chunk of its own
    out = archive.folder / "site"
    archive.build(out, use_cache=True)
    edit_text(archive, 1)  # a paragraph of test-renda's 2023 report
    chunks: list[list[str]] = []
    pickled = cache.pickled

    def spy(value: object) -> bytes:
        kept = (cache.ReportRecord, cache.Output)
        if isinstance(value, dict) and all(isinstance(v, kept) for v in value.values()):
            chunks.append(list(value))
        return pickled(value)

    monkeypatch.setattr(cache, "pickled", spy)
    archive.build(out, use_cache=True)
    assert chunks == [["reports/test-renda/2023.yaml"], ["report/test-renda/2023"]]
    # The chunks taken by name as the last save left them hold what the build kept in memory,
    # but for the reports' paths, which are not kept: a build puts back its own.
    record = cache.load(
        cache.path_for(out), code=cache.code_digest(), content=str(archive.content.resolve())
    )
    assert record is not None and archive.saved is not None
    results = [r.result for r in record.reports.values()]
    assert {r.file for r in results if isinstance(r, validate.Checked)} == {cache.UNKEPT_FILE}
    placed = {
        name: cache.with_file(r, archive.content / name) for name, r in record.reports.items()
    }
    assert placed == archive.saved.record.reports
    assert record.outputs == archive.saved.record.outputs


def chunk_names(archive: Archive) -> set[str]:
    """The chunks the cache of the last build with it names (its records and outputs, and the
    entries of the lists of reports the outputs keep)."""
    assert archive.saved is not None
    record = archive.saved.record
    kept = {name for output in record.outputs.values() for name in output.entries}
    return {name for _, name in record.kept.values()} | kept


def test_a_save_writes_the_chunks_it_changed_and_keeps_the_replaced_ones_one_save_longer(
    archive: Archive, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cache, "CHUNK", 1)
    out = archive.folder / "site"
    folder = cache.chunk_folder(cache.path_for(out))
    archive.build(out, use_cache=True)
    first = chunk_names(archive)
    assert set(os.listdir(folder)) == first
    edit_text(archive, 1)
    archive.build(out, use_cache=True)
    second = chunk_names(archive)
    # The edited report's record and its unit's output: two chunks written, two replaced.
    assert (len(second - first), len(first - second)) == (2, 2)
    # What the replaced cache named stays, for a `check` that read it meanwhile.
    assert set(os.listdir(folder)) == first | second
    edit_text(archive, 2)
    archive.build(out, use_cache=True)
    third = chunk_names(archive)
    assert set(os.listdir(folder)) == second | third


@pytest.mark.parametrize("kind", ["file", "link"])
def test_a_chunk_folder_that_is_no_folder_is_replaced_and_never_written_through(
    archive: Archive, kind: str
) -> None:
    out = archive.folder / "site"
    folder = cache.chunk_folder(cache.path_for(out))
    elsewhere = archive.folder / "elsewhere"
    elsewhere.mkdir()
    if kind == "link":
        folder.symlink_to(elsewhere, target_is_directory=True)
    else:
        folder.write_text("mine", "utf-8")
    assert archive.build(out, use_cache=True)[1] == []  # no warning that it was not saved
    assert folder.is_dir() and not folder.is_symlink() and list(elsewhere.iterdir()) == []
    edit_text(archive, 1)
    assert archive.build(out, use_cache=True) == archive.build(
        archive.folder / "cold", use_cache=False
    )
    code, content = cache.code_digest(), str(archive.content.resolve())
    assert cache.load(cache.path_for(out), code=code, content=content) is not None


@pytest.mark.parametrize("damage", ["truncated", "missing"])
def test_a_damaged_chunk_is_ignored_and_written_again(
    archive: Archive, damage: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cache, "CHUNK", 1)
    out = archive.folder / "site"
    file = cache.path_for(out)
    code, content = cache.code_digest(), str(archive.content.resolve())
    archive.build(out, use_cache=True)
    record = cache.load(file, code=code, content=content)
    assert record is not None
    # A report's chunk: a build from scratch pickles it as the same bytes (an output's holds
    # the times its files were written at).
    name = record.kept["reports/test-renda/2023.yaml"][1]
    chunk = cache.chunk_folder(file) / name
    if damage == "missing":
        chunk.unlink()
    else:
        # As a save killed while writing it would leave it; the one after must not take it
        # for whole because its name is right.
        chunk.write_bytes(chunk.read_bytes()[:100])
    assert cache.load(file, code=code, content=content) is None
    edit_text(archive, 0)  # another report (a build with nothing to do reads no chunk)
    assert archive.build(out, use_cache=True) == archive.build(
        archive.folder / "cold", use_cache=False
    )
    again = cache.load(file, code=code, content=content)
    # The same record, the same name, whole again.
    assert again is not None and again.kept["reports/test-renda/2023.yaml"][1] == name


def series_files(series: str, years: Iterable[int]) -> set[str]:
    """The files of a series' unit and of its reports' units."""
    return {
        *(f"{lang}/{series}/index.{kind}" for lang in ("zh", "en") for kind in ("html", "md")),
        *(
            f"{version}/{series}/{year}/index.{kind}"
            for version in ("zh", "en", "bilingual")
            for year in years
            for kind in ("html", "md")
        ),
        *(f"data/{series}/{year}.json" for year in years),
    }


def test_a_series_added_or_renamed_in_site_yaml_remakes_its_own_pages_and_the_lists(
    archive: Archive,
) -> None:
    out = archive.folder / "site"
    archive.build(out, use_cache=True)
    # The series' name is on its pages and its reports' (their breadcrumbs; a report's files
    # are made together), and on the pages that list every series; test-renda's pages are
    # left as they were.
    renamed = SITE_WIDE | series_files("test-zhengfu", (2022, 2023))
    assert remade(archive, out, rename_series) == renamed
    assert "测试镇政府工作报告1" in (out / "zh/test-zhengfu/2023/index.html").read_text("utf-8")
    new = remade(archive, out, add_series)
    assert new - SITE_WIDE == series_files("test-new1", (2023,))
    assert "新系列1" in (out / "zh/index.html").read_text("utf-8")


def test_a_report_retitled_or_redated_remakes_the_lists_that_show_what_changed(
    archive: Archive, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Feeds and a home page of one report: test-renda's 2023 (each year's reports are
    # published on one day).
    monkeypatch.setattr(discovery, "FEED_ENTRIES", 1)
    monkeypatch.setattr(assembling, "HOME_NEWEST", 1)
    out, cold = archive.folder / "site", archive.folder / "cold"
    archive.build(out, use_cache=True)
    series = series_files("test-renda", (2022, 2023))
    feeds = {"zh/feed.xml", "en/feed.xml"}
    sitemap = {"sitemap.xml", "robots.txt"}
    home = {"index.html"}
    lists = SITE_WIDE - feeds - sitemap - home
    # Titles are on the lists, on the home page and in the feeds, not in the sitemap.
    assert remade(archive, out, lambda edited, _: edit_title(edited, 0)) == lists | series
    assert "2022年工作报告0" in (out / "zh/index.html").read_text("utf-8")
    assert remade(archive, out, edit_title) == lists | home | feeds | series
    assert "2023年工作报告1" in (out / "zh/feed.xml").read_text("utf-8")
    assert "2023年工作报告1" in (out / "index.html").read_text("utf-8")
    # Dates are in the sitemap; the feed's report, and the home page's, is still the newest.
    assert remade(archive, out, lambda edited, _: edit_date(edited, 0)) == lists | sitemap | series
    assert "<lastmod>2023-01-01</lastmod>" in (out / "sitemap.xml").read_text("utf-8")
    assert_same(archive.build(out, use_cache=True), archive.build(cold, use_cache=False))


@pytest.mark.parametrize("jobs", [1, 2])
def test_an_edit_of_what_the_lists_do_not_show_leaves_them_as_they_were(
    archive: Archive, jobs: int
) -> None:
    archive.jobs = jobs
    out, cold = archive.folder / "site", archive.folder / "cold"
    archive.build(out, use_cache=True)
    # test-renda/2023's section title: on its series' pages and its reports' (the links
    # between years), not on the lists of the whole site, in their feeds or sitemap.
    assert remade(archive, out, edit_heading) == series_files("test-renda", (2022, 2023))
    assert "加强学习1" in (out / "zh/test-renda/2023/index.html").read_text("utf-8")
    assert_same(archive.build(out, use_cache=True), archive.build(cold, use_cache=False))


def test_a_unit_within_one_whose_key_stayed_is_taken_without_working_its_key_out(
    archive: Archive, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A paragraph edited leaves the key of the pages that list every report as it was (one of
    listings): the home page's, the feeds' and the sitemap's, of listings too, are taken as
    they were without working them out (the home page's sorts every report by date), and so
    are the report units' of the series whose key stayed."""
    out, cold = archive.folder / "site", archive.folder / "cold"
    archive.build(out, use_cache=True)
    keyed: list[str] = []
    unit_key = pipeline._Run.unit_key

    def spy(run: pipeline._Run, unit: assembling.Unit, *, listed: bool) -> str:
        keyed.append(unit.id)
        return unit_key(run, unit, listed=listed)

    monkeypatch.setattr(pipeline._Run, "unit_key", spy)
    assert remade(archive, out, edit_text) == RENDA_2023
    assert sorted(keyed) == [
        "report/test-renda/2023",
        "series/test-renda",
        "series/test-zhengfu",
        "site",
    ]
    # A home page showing more of a report than its listings (the newest one's first heading)
    # beside lists of listings alone: its key is worked out after every edit, and the heading
    # edited makes it again.
    home = archive.templates / "home.html"
    latest = '<section aria-labelledby="latest">'
    shown = '<p class="first">{{ newest[0].review.sections[0].title.zh }}</p>\n'
    home.write_text(home.read_text("utf-8").replace(latest, shown + latest), "utf-8")
    archive.build(out, use_cache=True)
    keyed.clear()
    edit_text(archive, 2)  # test-zhengfu/2022
    archive.build(out, use_cache=True)
    assert "site/home" in keyed
    assert "index.html" in remade(archive, out, edit_heading)  # test-renda/2023, the newest
    assert '<p class="first">加强学习1</p>' in (out / "index.html").read_text("utf-8")
    assert_same(archive.build(out, use_cache=True), archive.build(cold, use_cache=False))


def test_a_series_left_without_reports_leaves_the_home_page_that_named_it(
    archive: Archive, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The home page names every series that has reports, beyond the newest it lists."""
    monkeypatch.setattr(assembling, "HOME_NEWEST", 1)  # test-renda's 2023 report
    out, cold = archive.folder / "site", archive.folder / "cold"
    archive.build(out, use_cache=True)
    assert "测试镇政府工作报告" in (out / "index.html").read_text("utf-8")
    assert "index.html" in remade(archive, out, delete_series)  # test-zhengfu's
    assert "测试镇政府工作报告" not in (out / "index.html").read_text("utf-8")
    assert_same(archive.build(out, use_cache=True), archive.build(cold, use_cache=False))


def test_an_outline_edited_remakes_the_pages_of_its_series_that_show_it(
    tmp_path: Path,
) -> None:
    """A report's pages show of its series the reports of the years around it: their titles
    (the years' navigation), the tasks of the year before its sections follow, and the
    sections of the year after that follow its tasks. An edit of a report's outline makes
    again its series' pages, its own and its neighbours', not the other years'."""
    archive = Archive(tmp_path, first=2019)  # test-renda: 2019 to 2023
    out, cold = tmp_path / "site", tmp_path / "cold"
    archive.build(out, use_cache=True)
    around = series_files("test-renda", (2020, 2021, 2022))  # with the series' own pages
    assert archive.reports()[2] == archive.report_file("test-renda", 2021)
    retitled = remade(archive, out, lambda edited, _: edit_title(edited, 2))
    assert retitled == SITE_WIDE - {"sitemap.xml", "robots.txt"} | around
    assert "2021年工作报告2" in (out / "zh/test-renda/2022/index.html").read_text("utf-8")
    assert remade(archive, out, lambda edited, _: edit_heading(edited, 2)) == around
    assert "加强学习2" in (out / "zh/test-renda/2021/index.html").read_text("utf-8")
    assert_same(archive.build(out, use_cache=True), archive.build(cold, use_cache=False))
    # Without 2021, 2020 and 2022 are each other's neighbours.
    deleted = remade(
        archive, out, lambda edited, _: edited.report_file("test-renda", 2021).unlink()
    )
    assert deleted == SITE_WIDE | series_files("test-renda", (2020, 2022))
    page = (out / "zh/test-renda/2020/index.html").read_text("utf-8")
    assert "2022年工作报告" in page and "2021年工作报告" not in page
    assert_same(archive.build(out, use_cache=True), archive.build(cold, use_cache=False))


def test_lists_that_show_more_of_a_report_are_made_again_when_that_changes(
    archive: Archive,
) -> None:
    show_heading_in_lists(archive, 1)
    out, cold = archive.folder / "site", archive.folder / "cold"
    archive.build(out, use_cache=True)
    lists = SITE_WIDE - {"zh/feed.xml", "en/feed.xml", "sitemap.xml", "robots.txt"}
    assert remade(archive, out, edit_heading) >= lists | series_files("test-renda", (2022, 2023))
    assert '<p class="entry-first">加强学习1</p>' in (out / "zh/index.html").read_text("utf-8")
    assert_same(archive.build(out, use_cache=True), archive.build(cold, use_cache=False))
    # The lists made again from entries all kept (a report added, then deleted: no entry made,
    # no outline read), by the templates that made those entries from more than the listings:
    # still made again when what they show changes.
    add_report(archive, 0)
    archive.build(out, use_cache=True)
    archive.report_file("test-renda", 2024).unlink()
    archive.build(out, use_cache=True)
    assert remade(archive, out, lambda edited, _: edit_heading(edited, 2)) >= lists
    assert '<p class="entry-first">加强学习2</p>' in (out / "zh/index.html").read_text("utf-8")
    assert_same(archive.build(out, use_cache=True), archive.build(cold, use_cache=False))


def test_a_unit_made_with_outlines_decoded_before_is_keyed_by_the_outlines(
    archive: Archive, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An outline decoded before a unit is made does not tell what the unit read of it: a unit
    made so may have shown any of it."""
    out = archive.folder / "site"
    code, content = cache.code_digest(), str(archive.content.resolve())

    def listed_units() -> set[str]:
        record = cache.load(cache.path_for(out), code=code, content=content)
        assert record is not None
        return {unit for unit, output in record.outputs.items() if output.listed}

    archive.build(out, use_cache=True)
    assert listed_units() == {"site", "site/home", "site/feeds", "site/sitemap"}

    def decoding_first(corpus: Any, whole: Any) -> Any:
        for report in corpus.reports:
            assert report.review is not None
        return assembling.assemble(corpus, whole)

    monkeypatch.setattr(pipeline, "assemble", decoding_first)
    edit_title(archive, 1)  # the lists, home and feeds made again; the sitemap taken as it was
    archive.build(out, use_cache=True)
    assert listed_units() == {"site/sitemap"}


def entries_made(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, int, str]]:
    """The items of lists the builds that follow make (render.Entries): of each report's entry,
    its series and year and the list's language ("" for both); of each series of the archive's
    list by reporting body, its id, 0 and the language."""
    made: list[tuple[str, int, str]] = []
    listed, listed_series = render.Renderer._listed, render.Renderer._listed_series

    def spy(
        renderer: render.Renderer,
        entry: Callable[..., str],
        reports: Iterable[Report],
        lang: Lang | None,
        level: int,
        site: Site,
        page_path: PurePosixPath,
    ) -> Markup:
        def counted(report: Report, *given: object) -> str:
            made.append((report.series, report.year, lang or ""))
            return entry(report, *given)

        return listed(renderer, counted, reports, lang, level, site, page_path)

    @jinja2.pass_context
    def spy_series(
        renderer: render.Renderer,
        context: jinja2.runtime.Context,
        series_entry: Callable[..., str],
        index: Iterable[SeriesIndex],
        lang: Lang,
    ) -> Markup:
        def counted(entry: SeriesIndex, *given: object) -> str:
            made.append((entry.id, 0, lang))
            return series_entry(entry, *given)

        return listed_series(renderer, context, counted, index, lang)

    monkeypatch.setattr(render.Renderer, "_listed", spy)
    monkeypatch.setattr(render.Renderer, "_listed_series", spy_series)
    return made


def test_the_lists_of_the_whole_site_make_again_only_the_entries_of_what_changed(
    archive: Archive, monkeypatch: pytest.MonkeyPatch
) -> None:
    out, cold = archive.folder / "site", archive.folder / "cold"
    archive.build(out, use_cache=True)
    made = entries_made(monkeypatch)
    edit_title(archive, 1)  # test-renda's 2023
    warm = archive.build(out, use_cache=True)
    # Of the lists of the whole site (the home page's, the archive's in each language), the
    # entries of the report retitled, and no series (its years are the same); its series'
    # lists, every entry (a series' lists keep none: a few entries, made again).
    site_wide = [("test-renda", 2023, lang) for lang in ("", "zh", "en")]
    its_series = [("test-renda", year, lang) for year in (2022, 2023) for lang in ("zh", "en")]
    assert sorted(made) == sorted(site_wide + its_series)
    assert warm == archive.build(cold, use_cache=False)
    # A year added: of the lists of the whole site, its entries and its series' item in the
    # archive's list by reporting body (its series' own lists, every entry, left out here).
    del made[:]
    add_report(archive, 1)  # test-zhengfu's 2024
    warm = archive.build(out, use_cache=True)
    assert {item for item in made if item[0] != "test-zhengfu" or item[1] in (0, 2024)} == {
        *(("test-zhengfu", 2024, lang) for lang in ("", "zh", "en")),
        ("test-zhengfu", 0, "zh"),
        ("test-zhengfu", 0, "en"),
    }
    assert warm == archive.build(cold, use_cache=False)
    # The templates changed, or the site: the home page makes every entry again, and the
    # archive every series.
    every = {(series, year) for series in SERIES for year in (2022, 2023)} | {
        ("test-zhengfu", 2024)
    }
    for change in (edit_template, edit_strings, edit_site, rename_body):
        del made[:]
        change(archive, 2)
        warm = archive.build(out, use_cache=True)
        assert {(series, year) for series, year, lang in made if lang == ""} == every, (
            change.__name__
        )
        assert {(series, lang) for series, year, lang in made if year == 0} == {
            (series, lang) for series in SERIES for lang in ("zh", "en")
        }, change.__name__
        assert warm == archive.build(cold, use_cache=False), change.__name__


@pytest.mark.parametrize("damage", ["missing", "truncated"])
def test_entries_kept_that_cannot_be_read_are_made_again(
    archive: Archive, damage: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = archive.folder / "site"
    file = cache.path_for(out)
    archive.build(out, use_cache=True)
    record = cache.load(file, code=cache.code_digest(), content=str(archive.content.resolve()))
    assert record is not None
    # The entries of the archive's lists, and of the home page's.
    kept = [name for unit in ("site", "site/home") for name in record.outputs[unit].entries]
    parts = [cache.chunk_folder(file) / name for name in kept]
    for part in parts:
        if damage == "missing":
            part.unlink()
        else:
            part.write_bytes(part.read_bytes()[:100])
    made = entries_made(monkeypatch)
    edit_title(archive, 1)
    warm = archive.build(out, use_cache=True)
    # The home page lists every report (four): each entry made again.
    assert {(series, year) for series, year, lang in made if lang == ""} == {
        (series, year) for series in SERIES for year in (2022, 2023)
    }
    # Kept again, each part whole (a part of the same name as a damaged one is written anew);
    # a damaged one that the cache no longer names is gone.
    again = cache.load(file, code=cache.code_digest(), content=str(archive.content.resolve()))
    assert again is not None
    named = [name for unit in ("site", "site/home") for name in again.outputs[unit].entries]
    assert all(cache.get_part(file, name) is not None for name in named)
    assert not any(part.exists() for part in parts if part.name not in named)
    assert any(part.name not in named for part in parts)
    assert warm == archive.build(archive.folder / "cold", use_cache=False)


def test_a_retitle_writes_again_only_the_kept_lists_it_changed(
    archive: Archive, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = archive.folder / "site"
    file = cache.path_for(out)
    content = str(archive.content.resolve())
    archive.build(out, use_cache=True)
    before = cache.load(file, code=cache.code_digest(), content=content)
    written: list[str] = []
    put_part = cache.put_part

    def spy(folder: Path, value: object) -> str:
        written.append(put_part(folder, value))
        return written[-1]

    monkeypatch.setattr(cache, "put_part", spy)
    edit_title(archive, 1)
    warm = archive.build(out, use_cache=True)
    after = cache.load(file, code=cache.code_digest(), content=content)
    assert before is not None and after is not None
    old, new = ({*record.outputs["site"].entries} for record in (before, after))
    # Of the archive's lists in each language (by year, by reporting body), those of the
    # retitled report's year are written again; the others are named as they were. The home
    # page keeps its one list apart.
    home_old, home_new = ({*record.outputs["site/home"].entries} for record in (before, after))
    assert set(written) == (new - old) | (home_new - home_old)
    assert (len(new - old), len(new & old), len(home_new - home_old)) == (2, 4, 1)
    assert warm == archive.build(archive.folder / "cold", use_cache=False)


@pytest.mark.parametrize("jobs", [1, 2])
def test_an_edited_output_file_is_made_again_with_its_unit_alone(
    archive: Archive, jobs: int
) -> None:
    archive.jobs = jobs
    out = archive.folder / "site"
    first, _ = archive.build(out, use_cache=True)
    page = out / "zh" / "test-renda" / "2023" / "index.html"

    def edit_by_hand(archive: Archive, number: int) -> None:
        page.write_text("edited by hand", "utf-8")

    assert remade(archive, out, edit_by_hand) == RENDA_2023
    assert tree_bytes(out) == first


def damaged(file: Path) -> dict[str, bytes]:
    data = file.read_bytes()
    return {
        "truncated": data[: len(data) // 2],
        "corrupt": data[:-10] + bytes(10),
        "empty": b"",
        "not a cache": b"hello\n",
    }


@pytest.mark.parametrize("damage", ["truncated", "corrupt", "empty", "not a cache"])
def test_a_damaged_cache_is_ignored_and_replaced(archive: Archive, damage: str) -> None:
    out = archive.folder / "site"
    archive.build(out, use_cache=True)
    file = cache.path_for(out)
    file.write_bytes(damaged(file)[damage])
    assert cache.load(file, code=cache.code_digest(), content=str(archive.content)) is None
    edit_text(archive, 0)
    assert archive.build(out, use_cache=True) == archive.build(
        archive.folder / "cold", use_cache=False
    )
    assert cache.load(file, code=cache.code_digest(), content=str(archive.content)) is not None


@pytest.mark.parametrize("link", [False, True], ids=["a FIFO", "a link to a FIFO"])
@pytest.mark.parametrize("where", ["cache", "chunks"])
def test_a_cache_that_is_not_a_regular_file_is_ignored_not_waited_on(
    archive: Archive, where: str, link: bool
) -> None:
    """A FIFO in the cache's place once held the build up for ever (and a link to /dev/zero
    would have read on until memory ran out: the same check stops both)."""
    out = archive.folder / "site"
    archive.build(out, use_cache=True)
    file = cache.path_for(out)
    fifo = archive.folder / "fifo"
    os.mkfifo(fifo)
    for path in [file] if where == "cache" else sorted(cache.chunk_folder(file).iterdir()):
        path.unlink()
        if link:
            path.symlink_to(fifo)
        else:
            os.mkfifo(path)
    edit_text(archive, 0)
    waited: list[int] = []

    def wait_no_more(signum: int, frame: object) -> None:
        # Noted, not only raised: loading the cache takes any error for a damaged cache, and
        # goes on to the next FIFO.
        waited.append(signum)
        signal.alarm(1)
        raise TimeoutError("the build waited on what stands in the cache's place")

    previous = signal.signal(signal.SIGALRM, wait_no_more)
    signal.alarm(60)
    try:
        warm = archive.build(out, use_cache=True)
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
    assert waited == []
    assert warm == archive.build(archive.folder / "cold", use_cache=False)


def forge(file: Path, change: Callable[[cache.Record], None]) -> None:
    """Rewrite a sound cache file with a changed record (a valid checksum)."""
    record = cache.load(file, code=cache.code_digest(), content=str(file.parent / "content"))
    assert record is not None
    change(record)
    cache.save(file, record)


def lie_about_every_unit(record: cache.Record) -> None:
    """Make every output digest match anything: trusted, the cache would keep stale pages."""
    for unit, output in list(record.outputs.items()):
        record.outputs[unit] = cache.Output("stale", output.files)


@pytest.mark.parametrize("options", [{"use_cache": True}, {"use_cache": False}], ids=str)
def test_what_a_save_killed_halfway_left_is_removed_and_nothing_else(
    archive: Archive, options: dict[str, bool]
) -> None:
    """`kill -9` while the cache is saved leaves its temporary file (5 MB at 10,000 reports,
    for ever) and the chunks written before it, which no cache names: the next build with the
    cache removes them, and never a file it did not write."""
    out = archive.folder / "site"
    archive.build(out, use_cache=True)
    saved = cache.path_for(out)
    left = {
        "halfway": saved.with_name(f"{saved.name}.k1lled_.tmp"),
        "at once": saved.with_name(f"{saved.name}.3mpty__.tmp"),
        "a chunk": cache.chunk_folder(saved) / ("0" * 64),
    }
    left["halfway"].write_bytes(saved.read_bytes()[:5000])
    left["at once"].write_bytes(b"")
    left["a chunk"].write_bytes(b"half")
    foreign = {
        "not a cache": saved.with_name(f"{saved.name}.notes.tmp"),
        "a folder": saved.with_name(f"{saved.name}.mine.tmp"),
        "not a chunk": cache.chunk_folder(saved) / "notes",
    }
    foreign["not a cache"].write_text("mine", "utf-8")
    foreign["a folder"].mkdir()
    foreign["not a chunk"].write_text("mine", "utf-8")
    edit_text(archive, 1)
    archive.build(out, **options)
    assert [path.exists() for path in left.values()] == [not options["use_cache"]] * 3
    assert all(path.exists() for path in foreign.values())


@pytest.mark.parametrize("field", ["code", "content"])
def test_a_cache_of_another_version_or_content_folder_is_ignored(
    archive: Archive, field: str
) -> None:
    out = archive.folder / "site"
    archive.build(out, use_cache=True)
    file = cache.path_for(out)
    forge(file, lambda record: setattr(record, field, "another"))
    assert cache.load(file, code=cache.code_digest(), content=str(archive.content)) is None
    edit_site(archive, 7)
    assert archive.build(out, use_cache=True) == archive.build(
        archive.folder / "cold", use_cache=False
    )


def test_a_cache_is_saved_under_the_code_the_build_runs_not_as_its_files_are_now(
    archive: Archive, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A `serve` left running while reportsite's files are edited runs the code it loaded:
    what it saves must not pass for the edited code's cache, whose pages it did not make."""
    out = archive.folder / "site"
    archive.build(out, use_cache=True)
    running = cache.code_digest()
    edited = tmp_path / "reportsite"
    shutil.copytree(cache.CODE, edited, ignore=shutil.ignore_patterns("__pycache__"))
    with (edited / "render.py").open("a", encoding="utf-8") as source:
        source.write("# edited\n")
    monkeypatch.setattr(cache, "CODE", edited)
    edit_text(archive, 1)
    archive.build(out, use_cache=True)
    content = str(archive.content.resolve())
    assert cache.load_settled(cache.path_for(out), code=running, content=content) is not None


def test_another_content_folder_into_the_same_output_builds_it_whole(tmp_path: Path) -> None:
    first, second = Archive(tmp_path / "a"), Archive(tmp_path / "b")
    edit_title(second, 0)
    out = tmp_path / "site"
    first.build(out, use_cache=True)
    assert second.build(out, use_cache=True) == second.build(tmp_path / "cold", use_cache=False)


@pytest.mark.parametrize("first", ["relative", "absolute"])
def test_the_content_folder_named_another_way_builds_what_a_cold_build_does(
    archive: Archive, first: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`--content content`, then the same folder by its full path, or the other way round:
    the reports the cache keeps were found under the other name."""
    monkeypatch.chdir(archive.folder)
    names = [Path("content"), archive.content]
    if first == "absolute":
        names.reverse()
    out = archive.folder / "site"
    for number, content in enumerate(names):
        edit_text(archive, number)
        pipeline.build(content, out, templates=archive.templates, search=False, jobs=1)
    assert tree_bytes(out) == archive.build(archive.folder / "cold", use_cache=False)[0]


def test_run_from_another_folder_a_build_names_files_anew_without_checking_them_again(
    archive: Archive, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Messages name a file relative to the working folder: a build run from elsewhere keeps
    the records of unchanged files, named anew (at 10,000 reports checking them all again
    took 41 s), and says what a build from scratch there says."""
    warned = archive.report_file(SERIES[0], 2022)
    warned.write_text(warned.read_text("utf-8").replace("学习6次。", "学习6次(全年)。"), "utf-8")
    out = archive.folder / "site"
    monkeypatch.chdir(archive.folder)
    _, warnings = archive.build(out, use_cache=True)
    assert warnings and warnings[0].startswith("content/reports/test-renda/2022.yaml:")
    edit_text(archive, 5)  # the report after the warned one
    checked: list[Path] = []

    def counted(task: tuple[Path, Any, str, bool]) -> tuple[Path, bytes, bytes]:
        checked.append(task[0])
        return check_one(task)

    check_one = pipeline._check_one
    monkeypatch.setattr(pipeline, "_check_one", counted)
    monkeypatch.chdir(archive.folder / "templates")
    warm = archive.build(out, use_cache=True)
    assert checked == [archive.reports()[1]]
    assert warm == archive.build(archive.folder / "cold", use_cache=False)
    assert warm[1][0].startswith(f"{warned}:")


def test_a_cache_that_cannot_be_saved_is_a_warning_and_the_site_is_built(
    archive: Archive, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = archive.folder / "site"

    def full(file: Path, record: cache.Record, waiting: Path | None) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(file))

    monkeypatch.setattr(cache, "save", full)
    files, warnings = archive.build(out, use_cache=True)
    assert files == archive.build(archive.folder / "cold", use_cache=False)[0]
    assert warnings == [
        f"{out}: 警告 warning: 网站已生成，但缓存未能保存（No space left on device）：下次生成会"
        "重做更多工作 / the site was built, but its cache could not be saved (No space left on"
        " device): the next build will redo more of its work"
    ]


def test_a_file_that_cannot_be_read_is_named(
    archive: Archive, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Outside what the build keeps beside the site (a template, say), a file is named."""
    out = archive.folder / "site"
    unreadable = archive.templates / "static" / "site.css"

    def refused(self: object, source: Path, into: object) -> None:
        raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(unreadable))

    monkeypatch.setattr(Staging, "copy_tree", refused)
    assert archive.build(out, use_cache=True) == (
        {},
        [
            f"{out}: 错误 error: 无法读取或写入文件（Permission denied: {unreadable}） / a file"
            f" could not be read or written (Permission denied: {unreadable})\n"
            "    修改 fix: 检查该文件及其所在文件夹的权限 / check the permissions of the file and"
            " of its folder"
        ],
    )
    assert not out.exists()
    assert sorted(p.name for p in archive.folder.iterdir()) == [
        ".site.lock",
        "content",
        "templates",
    ]


def test_a_spare_that_cannot_be_cleared_is_the_spare_again(
    archive: Archive, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Removing what the spare held that this build did not make is refused (a read-only
    file system, say): the site is as it was, and the staging folder the spare again, by the
    name it had (a full disk would refuse to make a new one)."""
    out = archive.folder / "site"
    archive.build(out, use_cache=True)
    before = tree_bytes(out)
    spare = sorted(archive.folder.glob(".site.spare-*"))
    edit_text(archive, 1)

    def refused(self: Staging) -> None:
        raise PermissionError(errno.EROFS, os.strerror(errno.EROFS), str(self.root / "x"))

    fresh_name = writing._fresh_name

    def full(out: Path, kind: str) -> Path:
        if kind == "spare":
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(out.parent))
        return fresh_name(out, kind)

    monkeypatch.setattr(Staging, "_prune", refused)
    monkeypatch.setattr(writing, "_fresh_name", full)
    files, problems = archive.build(out, use_cache=True)
    assert (files, len(problems)) == ({}, 1)
    assert problems[0].startswith(f"{out}: 错误 error: 无法读取或写入文件（Read-only file system）")
    assert tree_bytes(out) == before
    assert sorted(archive.folder.glob(".site.*")) == [
        cache.path_for(out),
        cache.chunk_folder(cache.path_for(out)),
        archive.folder / ".site.lock",
        *spare,
    ]


def test_no_cache_neither_reads_nor_writes_it(archive: Archive) -> None:
    out = archive.folder / "site"
    archive.build(out, use_cache=False)
    assert not cache.path_for(out).exists()
    archive.build(out, use_cache=True)
    before = cache.path_for(out).read_bytes()
    # A cache that would keep stale pages if it were read: --no-cache must not read it.
    forge(cache.path_for(out), lie_about_every_unit)
    forged = cache.path_for(out).read_bytes()
    edit_template(archive, 3)
    files, _ = archive.build(out, use_cache=False)
    assert "data-edit=3" in files["index.html"].decode()
    assert cache.path_for(out).read_bytes() == forged != before


def test_the_command_line_takes_no_cache(tmp_path: Path) -> None:
    content = Path(shutil.copytree(ROOT / "content", tmp_path / "content"))
    out = tmp_path / "site"
    result = run_cli("--content", content, "--out", out, "--no-cache", "--no-search", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == [".site.lock", "content", "site"]


def test_check_reads_the_last_builds_cache_and_writes_nothing(
    archive: Archive, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = archive.folder / "site"
    archive.build(out, use_cache=True)
    edited = archive.report_file("test-zhengfu", 2023)
    # Two texts left untranslated, one of them in the report the cache knows as it was.
    untranslate = ("en: We held 6 study sessions.", "en: ''")
    for path in (edited, archive.report_file("test-renda", 2022)):
        path.write_text(path.read_text("utf-8").replace(*untranslate), "utf-8")
    archive.build(out, use_cache=True)
    edit_text(archive, 7)  # the fourth report (sorted), its 学习 now 培训
    before = {path.name: path.read_bytes() for path in archive.folder.iterdir() if path.is_file()}
    checked: list[str] = []

    def check_report(path: Path, glossary: Any, **options: Any) -> Any:
        checked.append(path.relative_to(archive.content).as_posix())
        return validate.check_report(path, glossary, **options)

    monkeypatch.setattr(pipeline, "check_report", check_report)
    with_cache = archive.check(out)
    assert checked == ["reports/test-zhengfu/2023.yaml"]
    assert with_cache == archive.check(None)
    coverage = {(series, year): (done, total) for series, year, done, total in with_cache[0]}
    assert coverage[("test-renda", 2022)][0] + 1 == coverage[("test-renda", 2023)][0]
    assert coverage[("test-zhengfu", 2023)] == coverage[("test-renda", 2022)]
    after = {path.name: path.read_bytes() for path in archive.folder.iterdir() if path.is_file()}
    assert after == before


def test_the_command_line_checks_with_the_cache_of_out_unless_told_not_to(tmp_path: Path) -> None:
    content = Path(shutil.copytree(ROOT / "content", tmp_path / "content"))
    run_cli("--content", content, "--out", tmp_path / "built", "--no-search", cwd=tmp_path)

    def count_40_translated(record: cache.Record) -> None:
        for name, known in record.reports.items():
            assert isinstance(known.result, validate.Checked)
            counted = dataclasses.replace(known.result, coverage=(87, 87, 40))
            record.reports[name] = dataclasses.replace(known, result=counted)

    # Read, the forged counts show: the report file itself is unchanged.
    forge(cache.path_for(tmp_path / "built"), count_40_translated)
    said = {
        options: run_cli("check", "--content", content, *options, cwd=tmp_path).stdout
        for options in [(), ("--out", "built"), ("--out", "built", "--no-cache")]
    }
    line = "wayao-renda/2024: 译文 {0}/87 条 / translated {0} of 87 texts ({1}%)\n"
    assert said == {
        (): line.format(87, 100),
        ("--out", "built"): line.format(40, 45),
        ("--out", "built", "--no-cache"): line.format(87, 100),
    }


def test_a_build_takes_the_cache_kept_in_memory_only_while_its_file_is_the_one_saved(
    archive: Archive,
) -> None:
    out = archive.folder / "site"

    def build() -> pipeline.BuildResult:
        kept = archive.saved
        result = pipeline.build(
            archive.content, out, templates=archive.templates, search=False, saved=kept
        )
        archive.saved = result.saved
        return result

    def forge_in_memory() -> None:
        """A warning no report gives, on an unchanged report's record and in the brief, as
        the last build left them in memory (not in the file)."""
        assert archive.saved is not None
        record = archive.saved.record
        name = "reports/test-renda/2022.yaml"
        known = record.reports[name]
        assert isinstance(known.result, validate.Checked)
        forged = dataclasses.replace(known.result, problems=(FORGED,))
        record.reports[name] = dataclasses.replace(known, result=forged)
        assert record.settled is not None
        record.settled = dataclasses.replace(record.settled, warnings=(FORGED,))

    build()
    file = cache.path_for(out)
    as_saved = file.read_bytes()
    forge_in_memory()
    assert build().warnings == (FORGED,)  # nothing to do: the brief
    edit_text(archive, 7)  # another report
    assert build().warnings == (FORGED,)  # the unchanged report's record (saved with it)
    # The file replaced (by another build, say): read, not taken from memory.
    file.with_name("other").write_bytes(as_saved)
    os.replace(file.with_name("other"), file)
    edit_text(archive, 5)  # test-renda/2023: its 2022 as the file has it
    assert build().warnings == ()
    # Or changed in place.
    forge_in_memory()
    os.utime(file, ns=(0, 0))
    edit_text(archive, 9)
    assert build().warnings == ()


def test_the_preview_builds_again_from_the_cache_it_keeps_in_memory(
    archive: Archive, monkeypatch: pytest.MonkeyPatch
) -> None:
    from reportsite.editor.preview import Preview

    out = archive.folder / "preview"
    preview = Preview(
        archive.content, out, strict=False, search=False, jobs=1, use_cache=True, quiet=True
    )
    preview.build()
    edit_text(archive, 1)  # test-renda/2023

    def unread(*args: object, **kwargs: object) -> None:
        raise AssertionError("the cache file was read again")

    monkeypatch.setattr(cache, "load", unread)
    monkeypatch.setattr(cache, "load_settled", unread)
    preview.build()
    assert preview.problems == ()
    assert "全年组织培训" in (out / "zh/test-renda/2023/index.html").read_text("utf-8")


FORGED = Problem(
    location=Location("forged.yaml", 1, 1),
    code="file-name-year",
    path="year",
    args={"year": 1999},
    severity=Severity.WARNING,
)


def test_what_a_series_pages_decoded_of_its_outlines_is_let_go_of_once_they_are_made(
    archive: Archive,
) -> None:
    out = archive.folder / "site"
    result = pipeline.build(archive.content, out, templates=archive.templates, search=False)
    review = vars(Report)["review"]  # a field only the whole outline decodes
    reports = result.corpus.reports
    assert len(reports) == 4 and all(isinstance(r, cache.Deferred) for r in reports)
    for report in reports:
        with pytest.raises(AttributeError):
            review.__get__(report)
    # Asked for again, decoded again.
    assert [s.id for s in reports[0].review.sections] == ["first"]


def test_the_cache_holds_outlines_not_whole_reports(archive: Archive) -> None:
    out = archive.folder / "site"
    archive.build(out, use_cache=True)
    file = cache.path_for(out)
    data = b"".join(path.read_bytes() for path in [file, *cache.chunk_folder(file).iterdir()])
    record = cache.load(
        cache.path_for(out), code=cache.code_digest(), content=str(archive.content.resolve())
    )
    assert record is not None
    assert "全年组织学习6次" not in data.decode("utf-8", "replace")
    assert len(record.reports) == 4


def test_a_record_saved_anew_loads_equal_to_what_was_saved(archive: Archive) -> None:
    out = archive.folder / "site"
    archive.build(out, use_cache=True)
    code, content = cache.code_digest(), str(archive.content.resolve())
    record = cache.load(cache.path_for(out), code=code, content=content)
    assert record is not None
    # Without the bytes each chunk was loaded from, every one is pickled again.
    record.kept = {}
    again = archive.folder / ".again.cache"
    cache.save(again, record)
    loaded = cache.load(again, code=code, content=content)
    assert loaded is not None
    assert loaded.reports == record.reports and loaded.outputs == record.outputs
    assert loaded.settled == record.settled


def test_an_edit_of_a_reports_text_decodes_the_outline_of_the_year_before_alone(
    archive: Archive, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = archive.folder / "site"
    archive.build(out, use_cache=True)
    edit_text(archive, 1)  # a paragraph of test-renda's 2023 report: no outline changes
    decoded: set[tuple[str, int]] = set()
    decode = cache.Deferred.__getattr__

    def spy(report: cache.Deferred, name: str) -> object:
        if name in cache._DECODED:
            decoded.add((report.series, report.year))
        return decode(report, name)

    monkeypatch.setattr(cache.Deferred, "__getattr__", spy)
    archive.build(out, use_cache=True)
    # Its pages show the tasks of the year before that its sections follow (what became of its
    # own tasks, the next year's report would tell); nothing else is made again, or decoded,
    # not even its own outline: its pages show it whole.
    assert decoded == {("test-renda", 2022)}


def test_a_report_retitled_decodes_what_the_lists_show_of_the_others(
    archive: Archive, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = archive.folder / "site"
    archive.build(out, use_cache=True)
    path = archive.report_file("test-renda", 2023)
    text = path.read_text("utf-8")
    path.write_text(
        text.replace("title: {zh: 2023年工作报告", "title: {zh: 2023年工作报告（修订）"), "utf-8"
    )
    decoded: dict[str, set[tuple[str, int]]] = {"listed": set(), "whole": set()}
    decode = cache.Deferred.__getattr__

    def spy(report: cache.Deferred, name: str) -> object:
        if name in cache._DECODED:
            decoded["listed" if name in cache._LISTED else "whole"].add(
                (report.series, report.year)
            )
        return decode(report, name)

    monkeypatch.setattr(cache.Deferred, "__getattr__", spy)
    archive.build(out, use_cache=True)
    # Its series' outlines whole (its pages); of the other series', only what the lists show.
    assert decoded["whole"] == {("test-renda", 2022), ("test-renda", 2023)}
    assert decoded["listed"] - decoded["whole"] == {("test-zhengfu", 2022), ("test-zhengfu", 2023)}
    # Every list of reports is made again, with the new title.
    assert "2023年工作报告（修订）" in (out / "zh/index.html").read_text("utf-8")


def test_the_lists_are_ordered_by_date_without_decoding_an_outline(
    archive: Archive, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = archive.folder / "site"
    archive.build(out, use_cache=True)
    record = cache.load(
        cache.path_for(out), code=cache.code_digest(), content=str(archive.content.resolve())
    )
    assert record is not None
    results = [r.result for r in record.reports.values()]
    outlines = [r.report for r in results if isinstance(r, validate.Checked)]
    assert len(outlines) == 4 and all(isinstance(r, cache.Deferred) for r in outlines)
    decoded: list[str] = []
    decode = cache.Deferred.__getattr__

    def spy(report: cache.Deferred, name: str) -> object:
        decoded.append(name)
        return decode(report, name)

    monkeypatch.setattr(cache.Deferred, "__getattr__", spy)
    # The home page and the feeds take the newest of all the reports, the sitemap dates every
    # one: ordering them decoded what the lists show of each (after a report was retitled at
    # 10,000 reports, a tenth of the build).
    newest = sorted(outlines, key=newest_first)
    dated = list(discovery.dated(outlines))
    assert decoded == []
    assert [r.published for r in newest] == sorted(
        (r.disclosure.published for r in outlines), reverse=True
    )
    assert dated == [f"{r.series} {r.year} {r.disclosure.published}" for r in outlines]


def test_a_deferred_outline_reads_as_the_outline_it_keeps(archive: Archive) -> None:
    checked = validate.check_report(archive.report_file("test-renda", 2023), None)
    assert isinstance(checked, validate.Checked)
    brief = outline.outline(checked.report)
    deferred = pickle.loads(cache.pickled(cache.Deferred.of(brief)))
    assert (deferred.series, deferred.year) == ("test-renda", 2023)
    # Its digests, which the keys of the units showing it cover, are of the bytes it keeps.
    assert deferred.digest == hashlib.sha256(deferred.data).hexdigest()
    shown = b"test-renda\x002023\x00" + deferred.listed
    assert deferred.listed_digest == hashlib.sha256(shown).hexdigest()
    with pytest.raises(AttributeError):  # not decoded yet
        object.__getattribute__(deferred, "title")
    # What the lists of every report show is decoded apart from the rest.
    assert deferred.disclosure == brief.disclosure and deferred.title == brief.title
    with pytest.raises(AttributeError):
        object.__getattribute__(deferred, "review")
    assert to_data(deferred) == to_data(brief)
    assert deferred.review == brief.review
    with pytest.raises(AttributeError):
        deferred.no_such_field  # noqa: B018 — the attribute access is what is tested


def test_compiled_templates_are_kept_and_a_changed_template_compiles_again(
    archive: Archive,
) -> None:
    out = archive.folder / "site"
    archive.build(out, use_cache=True)
    record = cache.load(
        cache.path_for(out), code=cache.code_digest(), content=str(archive.content.resolve())
    )
    assert record is not None and len(record.templates) >= len(
        list(archive.templates.glob("*.html"))
    )
    footer = archive.templates / "_footer.html"
    footer.write_text(footer.read_text("utf-8") + "<p>页脚已改</p>\n", "utf-8")
    # A template no page uses, which does not compile, does not stop the build.
    (archive.templates / "unused.html").write_text("{% if %}", "utf-8")
    warm, problems = archive.build(out, use_cache=True)
    assert problems == []
    assert "页脚已改" in warm["zh/test-renda/2023/index.html"].decode("utf-8")
    assert warm == archive.build(archive.folder / "cold", use_cache=False)[0]


def settle(archive: Archive, out: Path) -> None:
    """Build once the content is old enough for its times to be trusted (cache.CLOCK_SLACK_NS):
    the next build with no change has nothing to do."""
    past = time.time() - 60
    for path in [archive.content, *archive.content.rglob("*")]:
        os.utime(path, (past, past))
    archive.build(out, use_cache=True)


def build_doing_nothing(archive: Archive, out: Path) -> pipeline.BuildResult:
    """Build with the cache, which must find nothing to do: nothing staged, swapped, written
    or even read beyond the cache's brief; every file and folder of the site keeps its inode
    and time, and the cache its bytes."""
    before, cached = inodes(out), cache.path_for(out).read_bytes()
    made = []
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(pipeline, "Staging", lambda out: made.append(out))
        result = pipeline.build(
            archive.content, out, templates=archive.templates, search=False, jobs=1
        )
    assert made == [], "the build staged a site"
    assert inodes(out) == before
    assert cache.path_for(out).read_bytes() == cached
    return result


def inodes(folder: Path) -> dict[str, tuple[int, int]]:
    """Every file and folder under folder (and folder itself) by inode and time."""
    found = {".": (folder.stat().st_ino, folder.stat().st_mtime_ns)}
    for path in folder.rglob("*"):
        info = path.stat()
        found[path.relative_to(folder).as_posix()] = (info.st_ino, info.st_mtime_ns)
    return found


def test_a_build_with_nothing_to_do_leaves_the_site_alone(archive: Archive) -> None:
    out = archive.folder / "site"
    settle(archive, out)
    result = build_doing_nothing(archive, out)
    before = inodes(out)
    names = sorted(p.name for p in archive.folder.iterdir())
    spares = [name for name in names if name.startswith(".site.spare-")]
    assert len(spares) == 1
    assert [name for name in names if name not in spares] == [
        ".site.cache",
        ".site.cache.d",
        ".site.lock",
        "content",
        "site",
        "templates",
    ]
    assert (result.files, result.reports) == (len(before) - 1 - len(dirs(out)), 4)
    assert result.corpus.site == result.site
    assert len(result.corpus.reports) == 4


@pytest.mark.parametrize("in_memory", [False, True])
def test_files_too_new_to_trust_then_read_again_are_trusted_by_their_time_after(
    archive: Archive, monkeypatch: pytest.MonkeyPatch, in_memory: bool
) -> None:
    """Files changed too close to a build for their time to tell (a checkout just before it)
    are read again by the next build. One that finds nothing to do, and could trust their
    time, briefs that build again as begun when it did (written into the cache file, and
    into what it keeps in memory for `serve`): the next build reads none. At 10,000 reports,
    every build with nothing to do read them all again until one had something to do."""
    out, folder = archive.folder / "site", str(archive.content.resolve())
    touched = (int(time.time()) - 60) * 10**9  # whole seconds: as any file system keeps it
    for path in archive.content.rglob("*"):
        os.utime(path, ns=(touched, touched))
    # Every file too new for the first build; for the second, too new for when the first
    # began, not for when the second did (CLOCK_SLACK_NS chosen so once the first began).
    monkeypatch.setattr(cache, "CLOCK_SLACK_NS", 10**15)
    cold = archive.build(out, use_cache=True)
    first = cache.load_settled(cache.path_for(out), code=cache.code_digest(), content=folder)
    files = {path.relative_to(archive.content).as_posix() for path in archive.reports()}
    assert first is not None and first.settled is not None
    assert {name for name, digest in first.settled.recent.items() if digest} == files | {
        "site.yaml"
    }
    monkeypatch.setattr(cache, "CLOCK_SLACK_NS", first.started - touched)
    read: list[str] = []
    digest = cache.file_digest

    def counted(path: Path) -> str:
        read.append(path.relative_to(archive.content).as_posix())
        return digest(path)

    monkeypatch.setattr(cache, "file_digest", counted)
    before = inodes(out)
    assert archive.build(out, use_cache=True, in_memory=in_memory) == cold
    assert set(read) == files | {"site.yaml"}
    second = cache.load_settled(cache.path_for(out), code=cache.code_digest(), content=folder)
    assert second is not None and second.settled is not None
    assert second.started > first.started and second.settled.recent == {}
    assert dataclasses.replace(second.settled, recent=first.settled.recent) == first.settled
    assert (second.left, second.spare, second.marked) == (first.left, first.spare, first.marked)
    assert (archive.saved is not None) == in_memory
    read.clear()
    assert archive.build(out, use_cache=True, in_memory=in_memory) == cold
    assert read == []
    assert inodes(out) == before
    edit_text(archive, 1)
    warm = archive.build(out, use_cache=True, in_memory=in_memory)[0]
    assert warm == archive.build(archive.folder / "cold", use_cache=False)[0]


_OPENED: list[str] | None = None
"""The files opened while a test listens (_opened): an audit hook, once added, stays, and so
it is added once."""


@functools.cache
def _listening() -> None:
    sys.addaudithook(_opened)


def _opened(event: str, args: tuple[Any, ...]) -> None:
    if event == "open" and _OPENED is not None and isinstance(args[0], (str, Path)):
        _OPENED.append(os.fspath(args[0]))


@pytest.mark.parametrize("use_cache", [False, True], ids=["no cache", "cache"])
def test_a_build_reads_each_report_file_once(archive: Archive, use_cache: bool) -> None:
    """Each report file was read twice by a build: once to hash it (the cache knows a file
    by its digest, and so does the work folder the whole reports wait in), once to check it.
    (Files written as the build began are read once more after it, to be sure of them: these
    were written an hour before.)"""
    global _OPENED
    hour_ago = time.time() - 3600
    for path in archive.reports():
        os.utime(path, (hour_ago, hour_ago))
    reports = [os.fspath(path) for path in archive.reports()]
    _listening()
    opened: list[str] = []
    _OPENED = opened
    try:
        archive.build(archive.folder / "site", use_cache=use_cache)
    finally:
        _OPENED = None
    assert sorted(name for name in opened if name in reports) == reports


def test_a_site_built_inside_the_content_folder_is_not_content(archive: Archive) -> None:
    """`--content . --out site`: the site, and the cache, lock and spare beside it, are left
    out of the content folder's listing; in it, each build would find what the last one
    changed there, and none would ever find nothing to do."""
    archive.content = archive.content.rename(archive.folder / "county")
    out = archive.content / "site"
    settle(archive, out)
    build_doing_nothing(archive, out)
    edit_text(archive, 1)
    assert (
        archive.build(out, use_cache=True)[0]
        == archive.build(archive.folder / "cold", use_cache=False)[0]
    )


@pytest.mark.parametrize(
    ("name", "text", "edits", "page"),
    [
        (
            "reports/test-renda/2023.yaml",
            "全年组织学习",
            ("全年组织调研", "全年组织培训"),
            "zh/test-renda/2023/index.html",
        ),
        ("site.yaml", "测试站", ("测试甲站", "测试乙站"), "zh/index.html"),
    ],
)
def test_a_file_just_edited_is_read_again_and_nothing_more_is_done(
    archive: Archive, name: str, text: str, edits: tuple[str, str], page: str
) -> None:
    """A file changed moments before a build began could change again and keep its time (a
    coarse clock): the next build does not trust that time, but rather than do all its work
    again it reads the file, and does nothing more if the bytes are the ones last read."""
    out = archive.folder / "site"
    settle(archive, out)
    edited = archive.content / name
    first, second = edits
    edited.write_text(edited.read_text("utf-8").replace(text, first), "utf-8")
    # Its time after the build's start however long the machine takes to begin it.
    later = time.time() + 60
    os.utime(edited, (later, later))
    archive.build(out, use_cache=True)
    build_doing_nothing(archive, out)

    # Other bytes of the same size, the time put back: what the time cannot tell, they do.
    info = edited.stat()
    edited.write_text(edited.read_text("utf-8").replace(first, second), "utf-8")
    os.utime(edited, ns=(info.st_atime_ns, info.st_mtime_ns))
    assert edited.stat().st_size == info.st_size
    warm = archive.build(out, use_cache=True)
    assert second in warm[0][page].decode("utf-8")
    assert warm == archive.build(archive.folder / "cold", use_cache=False)


def test_a_file_the_build_does_not_read_saved_just_before_it_leaves_nothing_to_do(
    archive: Archive,
) -> None:
    """An editor's notes kept in the content folder, saved moments before a build: the build
    reads no such file, so its bytes (unlike its name, size and time) shape nothing, and the
    next build with nothing changed does nothing, whatever those bytes have become."""
    out = archive.folder / "site"
    settle(archive, out)
    notes = archive.content / "reports" / "待办.txt"
    notes.write_text("第二节数字待核\n", "utf-8")
    later = time.time() + 60
    os.utime(notes, (later, later))
    archive.build(out, use_cache=True)
    info = notes.stat()
    notes.write_text("第三节数字待核\n", "utf-8")
    os.utime(notes, ns=(info.st_atime_ns, info.st_mtime_ns))
    build_doing_nothing(archive, out)


def test_site_yaml_and_the_glossary_are_read_again_only_when_changed(
    archive: Archive, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A province's site.yaml names a thousand series: a build takes it (and the glossary),
    with the warnings it gave, as the last build read it while the file is unchanged."""
    site = archive.content / "site.yaml"
    site.write_text(site.read_text("utf-8").replace("Test Site", "【待填】"), "utf-8")
    edit_glossary(archive, 0)
    out = archive.folder / "site"
    _, warnings = archive.build(out, use_cache=True)
    assert any("site.yaml" in warning and "【待填】" in warning for warning in warnings)
    read: list[str] = []
    read_settings = validate.read_settings

    def reading(path: Path, kind: type, content: Path) -> tuple[object, tuple[Problem, ...]]:
        read.append(path.name)
        return read_settings(path, kind, content)

    monkeypatch.setattr(pipeline, "read_settings", reading)
    edit_text(archive, 1)
    _, warm_warnings = archive.build(out, use_cache=True)
    assert read == []
    assert [w for w in warm_warnings if "site.yaml" in w] == [
        w for w in warnings if "site.yaml" in w
    ]
    edit_glossary(archive, 1)
    archive.build(out, use_cache=True)
    assert read == ["glossary.yaml"]
    edit_site(archive, 1)
    warm = archive.build(out, use_cache=True)
    assert read == ["glossary.yaml", "site.yaml"]
    monkeypatch.undo()
    assert warm == archive.build(archive.folder / "cold", use_cache=False)


def test_a_glossary_changed_checks_again_only_the_reports_that_could_hold_its_changed_terms(
    archive: Archive, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A term gained, lost or rendered anew: the reports that could hold it (its Chinese in
    the file, or a backslash there, which could escape it) are checked again; the others keep
    their warnings, in the order a check from scratch gives them. Terms put in another order
    check every report again (a text's warnings follow the glossary's order)."""
    out = archive.folder / "site"
    glossary = archive.content / "glossary.yaml"
    terms = {
        "学习": "  - {zh: 学习, en: learning}\n",  # every report: "6 study sessions"
        "培训": "  - {zh: 培训, en: training}\n",
        "调研": "  - {zh: 调研, en: research}\n",
        "调研 anew": "  - {zh: 调研, en: investigation}\n",
    }

    def gloss(*names: str) -> None:
        write(glossary, "terms:\n" + "".join(terms[name] for name in names))

    gloss("学习")
    edit_text(archive, 1)  # test-renda/2023: 培训 for 学习
    escaped = archive.report_file("test-zhengfu", 2022)
    text = escaped.read_text("utf-8")
    escaped.write_text(
        text.replace("{zh: 全年组织学习6次。", '{zh: "全年组织\\u8c03\\u78146次。"'), "utf-8"
    )
    archive.build(out, use_cache=True)
    checked: list[str] = []

    def check_report(path: Path, glossary: Any, **options: Any) -> Any:
        checked.append(path.relative_to(archive.content / "reports").as_posix())
        return validate.check_report(path, glossary, **options)

    monkeypatch.setattr(pipeline, "check_report", check_report)
    steps = [
        (("学习", "培训", "调研"), ["test-renda/2023.yaml", "test-zhengfu/2022.yaml"]),
        (("学习", "调研"), ["test-renda/2023.yaml", "test-zhengfu/2022.yaml"]),
        (("学习", "调研 anew"), ["test-zhengfu/2022.yaml"]),
        (
            ("调研 anew", "学习"),
            [p.relative_to(p.parents[1]).as_posix() for p in archive.reports()],
        ),
    ]
    for names, again in steps:
        checked.clear()
        gloss(*names)
        warm = archive.build(out, use_cache=True)
        assert checked == again, names
        assert_same(warm, archive.build(archive.folder / "cold", use_cache=False), str(names))
    warned = [warning for warning in warm[1] if "investigation" in warning]
    assert len(warned) == 1 and "test-zhengfu/2022.yaml" in warned[0]


@pytest.mark.parametrize(
    ("written", "term"),
    [
        ("text: 全年组织\n  学习6次", "组织 学习"),  # a line folded into a space
        ("text: |\n  全年组织\n  学习6次", "组织\n学习"),
        ("text: '全年''组织'''", "年'组"),  # a quote doubled
        ('text: "全年\\u7ec4\\u7ec7"', "组织"),  # escaped
        ('text: "全年组\\\n  织学习"', "组织"),  # a line break escaped away
    ],
    ids=["folded", "literal", "quote doubled", "escaped", "line break escaped"],
)
def test_a_term_not_written_as_it_reads_could_be_held(written: str, term: str) -> None:
    """may_hold says no only where a term, in a text, would be written in the file as it is."""
    assert term in yaml.safe_load(written)["text"]
    assert validate.may_hold(written.encode(), [term])
    assert not validate.may_hold("text: 全年组织学习6次".encode(), ["培训"])


def test_site_yaml_saved_during_a_build_is_what_the_next_build_makes_pages_from(
    archive: Archive,
) -> None:
    """Saved while a build validates (an editor's save during a long build), site.yaml is new
    to the next build: that build made its pages from the text it had read."""
    out = archive.folder / "site"
    archive.build(out, use_cache=True)
    touch_a_report(out)  # a build that does its work: its brief no longer holds
    validate_content = validate.load_corpus

    def saved_meanwhile(*args: Any, **kwargs: Any) -> Any:
        validated = validate_content(*args, **kwargs)
        edit_site(archive, 7)
        return validated

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(pipeline, "load_corpus", saved_meanwhile)
        during, _ = archive.build(out, use_cache=True)
    assert "测试站7" not in during["zh/index.html"].decode("utf-8")
    warm = archive.build(out, use_cache=True)
    assert "测试站7" in warm[0]["zh/index.html"].decode("utf-8")
    assert warm == archive.build(archive.folder / "cold", use_cache=False)


def test_where_a_listing_gives_no_inodes_each_report_file_is_looked_at_itself(
    archive: Archive, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Windows' folder listings give no inodes: a report file replaced by another of the same
    size and time (a copy keeping its times) is then told by a look at the file itself."""
    listing = cache.listing
    monkeypatch.setattr(
        cache,
        "listing",
        lambda folder, out: tuple(e[:4] + (0,) for e in listing(folder, out) or ()),
    )
    out = archive.folder / "site"
    settle(archive, out)
    touch_a_report(out)  # a build that does its work: its brief no longer holds
    archive.build(out, use_cache=True)
    replaced = archive.report_file("test-renda", 2023)
    info = replaced.stat()
    copy = replaced.with_suffix(".new")
    copy.write_text(replaced.read_text("utf-8").replace("学习", "调研"), "utf-8")
    os.utime(copy, ns=(info.st_atime_ns, info.st_mtime_ns))
    assert copy.stat().st_size == info.st_size
    os.replace(copy, replaced)
    add_report(archive, 0)  # so that the content is not as the last build's brief says
    warm = archive.build(out, use_cache=True)
    assert warm == archive.build(archive.folder / "cold", use_cache=False)


def dirs(folder: Path) -> list[Path]:
    return [path for path in folder.rglob("*") if path.is_dir()]


def add_a_file(out: Path) -> None:
    (out / "zh" / "notes.txt").write_text("not built", "utf-8")


def add_a_folder(out: Path) -> None:
    (out / "zh" / "empty").mkdir()


def add_a_link(out: Path) -> None:
    (out / "zh" / "link.html").symlink_to(out / "index.html")


def remove_a_file(out: Path) -> None:
    (out / "en" / "test-renda" / "2023" / "index.md").unlink()


def edit_a_file(out: Path) -> None:
    page = out / "zh" / "test-renda" / "2023" / "index.html"
    info = page.stat()
    page.write_text("edited by hand", "utf-8")
    os.utime(page, ns=(info.st_atime_ns, info.st_mtime_ns))  # even keeping its time


def touch_a_report(out: Path) -> None:
    report = sorted((out.parent / "content" / "reports").rglob("*.yaml"))[0]
    report.touch()


def add_a_stray_file(out: Path) -> None:
    write(out.parent / "content" / "reports" / "notes.txt", "not a report")


def link_a_report(out: Path) -> None:
    """The same report, its file now a link (whose target could change unseen)."""
    report = out.parent / "content" / "reports" / "test-renda" / "2023.yaml"
    kept = report.rename(out.parent / "content" / "kept.yaml")
    report.symlink_to(kept)


def edit_a_template(out: Path) -> None:
    footer = out.parent / "templates" / "_footer.html"
    footer.write_text(footer.read_text("utf-8").replace("<ul", "<ul data-edit", 1), "utf-8")


@pytest.mark.parametrize(
    "disturb",
    [
        add_a_file,
        add_a_folder,
        add_a_link,
        remove_a_file,
        edit_a_file,
        touch_a_report,
        add_a_stray_file,
        link_a_report,
        edit_a_template,
    ],
)
@pytest.mark.parametrize("jobs", [1, 2])
def test_a_build_does_its_work_when_anything_is_not_as_the_last_one_left_it(
    archive: Archive, disturb: Callable[[Path], None], jobs: int
) -> None:
    """With two jobs, the site's files are looked up on the other core while this one reads
    its folders (pipeline._Run._as_left); with one, both here."""
    archive.jobs = jobs
    out = archive.folder / "site"
    settle(archive, out)
    disturb(out)
    warm = archive.build(out, use_cache=True)
    assert warm == archive.build(archive.folder / "cold", use_cache=False)
    assert warm[0] and not (out / "zh" / "empty").exists()


@pytest.mark.parametrize("option", ["strict", "search"])
def test_other_options_build_again(
    archive: Archive, option: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = archive.folder / "site"
    settle(archive, out)
    before = inodes(out)
    indexed = []
    monkeypatch.setattr(
        search.Indexers, "index", lambda self, runs, jobs, done: indexed.extend(runs)
    )
    strict, indexed_too = option == "strict", option == "search"
    pipeline.build(
        archive.content, out, templates=archive.templates, jobs=1, strict=strict, search=indexed_too
    )
    assert inodes(out)["."] != before["."]
    shards = [(shard.id, lang.value) for shard, lang in indexed]
    assert shards == (
        [("2023", "zh"), ("2023", "en"), ("2022", "zh"), ("2022", "en")]
        if option == "search"
        else []
    )


def rebuilt_after_an_edit(archive: Archive) -> Path:
    """A site built, then built again after an edit: the replaced site is the spare beside it."""
    out = archive.folder / "site"
    archive.build(out, use_cache=True)
    edit_text(archive, 0)
    archive.build(out, use_cache=True)
    return out


@pytest.mark.parametrize("jobs", [1, 2])
def test_the_replaced_site_is_kept_as_a_spare_and_whatever_changed_in_it_is_found(
    archive: Archive, jobs: int
) -> None:
    archive.jobs = jobs
    out = rebuilt_after_an_edit(archive)
    [spare] = archive.folder.glob(".site.spare-*")
    live = tree_bytes(out)
    # Whatever happens to the spare, the next build makes a site like a cold build's …
    (spare / "zh" / "notes.txt").write_text("not built", "utf-8")
    (spare / "zh" / "empty").mkdir()
    (spare / "en" / "link.html").symlink_to(out / "index.html")
    page = spare / "zh" / "test-renda" / "2023" / "index.html"
    page.unlink()
    page.write_text("not this page", "utf-8")
    shutil.rmtree(spare / "data")
    # … and leaves the live site as it was until the swap.
    assert tree_bytes(out) == live
    edit_text(archive, 1)
    warm = archive.build(out, use_cache=True)
    assert warm == archive.build(archive.folder / "cold", use_cache=False)
    assert [p.name for p in archive.folder.glob(".site.*-*")] != [spare.name]
    assert len(list(archive.folder.glob(".site.*-*"))) == 1


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_folder_of_the_spare_without_files_is_not_left_in_the_site(
    archive: Archive, jobs: int
) -> None:
    """A build makes folders only for files. One the spare holds besides (empty, or holding
    only an empty folder) goes, even when the build places every file of the spare again and
    has none of them to remove."""
    archive.jobs = jobs
    out = rebuilt_after_an_edit(archive)
    [spare] = archive.folder.glob(".site.spare-*")
    (spare / "zh" / "empty" / "within").mkdir(parents=True)
    edit_text(archive, 1)
    archive.build(out, use_cache=True)
    folders = [p for p in out.rglob("*") if p.is_dir()]
    assert "zh" in {p.relative_to(out).as_posix() for p in folders}
    assert [p for p in folders if not any(q.is_file() for q in p.rglob("*"))] == []


def spare_listings(monkeypatch: pytest.MonkeyPatch) -> list[tuple[bool, list[str]]]:
    """Each spare the builds that follow take in (with one process: in the build's own): was
    it known from the last build's record, and which of its folders were read."""
    listings: list[tuple[bool, list[str]]] = []
    listing, scandir = writing._listing, os.scandir

    def spy(root: str, known: writing.Spare | None = None) -> Any:
        read: list[str] = []
        listings.append((known is not None, read))

        def counted(path: str) -> Any:
            read.append(Path(path).relative_to(root).as_posix())
            return scandir(path)

        with mock.patch.object(os, "scandir", counted):
            return listing(root, known)

    monkeypatch.setattr(writing, "_listing", spy)
    return listings


def changed_since_made(archive: Archive, out: Path) -> tuple[list[str], set[str]]:
    """The folders of the spare beside out, and those changed since its site was complete as
    the last build knew it (as its build ended, within the file system clock's tick)."""
    [spare] = out.parent.glob(".site.spare-*")
    record = cache.load_settled(
        cache.path_for(out), code=cache.code_digest(), content=str(archive.content.resolve())
    )
    assert record is not None and record.spare is not None and record.spare.name == spare.name
    folders = [p for p in spare.rglob("*") if p.is_dir()]
    late = {p for p in folders if p.stat().st_ctime_ns >= record.spare.marked}
    return [p.relative_to(spare).as_posix() for p in folders], {
        p.relative_to(spare).as_posix() for p in late
    }


def test_a_spare_is_read_only_where_its_folders_changed_since_its_site_was_made(
    archive: Archive, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The spare is the site the build before last made, which the last build looked over:
    a folder whose change time is older than when that site was complete holds what the last
    build found. The folders of 10,000 reports' site, read, took the other core 0.45 s."""
    out = rebuilt_after_an_edit(archive)
    [spare] = archive.folder.glob(".site.spare-*")
    folders, late = changed_since_made(archive, out)
    changed = "zh/test-renda/2023"
    if changed in late or len(late) > len(folders) / 4:
        pytest.skip("the file system's clock ticks too coarsely here to tell folders apart")
    (spare / changed / "notes.txt").write_text("not built", "utf-8")
    # A modification time set back hides nothing: the change time is the file system's own.
    os.utime(spare / changed, ns=(0, 0))
    listings = spare_listings(monkeypatch)
    edit_text(archive, 1)
    warm = archive.build(out, use_cache=True)
    # Its top folder always (renamed since), the folder changed, and those the build that
    # made the site changed in the file system clock's last tick before it was complete.
    assert [(known, sorted(read)) for known, read in listings] == [
        (True, sorted({".", changed, *late}))
    ]
    assert warm == archive.build(archive.folder / "cold", use_cache=False)
    # The spare it leaves is known in turn.
    _, late = changed_since_made(archive, out)
    edit_text(archive, 2)
    warm = archive.build(out, use_cache=True)
    assert [(known, sorted(read)) for known, read in listings[1:]] == [(True, sorted({".", *late}))]
    assert warm == archive.build(archive.folder / "cold", use_cache=False)


def test_a_spare_made_anew_is_known_to_the_next_build(
    archive: Archive, monkeypatch: pytest.MonkeyPatch
) -> None:
    """After a build that made most of the site (here the first), the spare is made anew, of
    links to the site's files, and the next build takes it in as made. Read whole, its folders
    kept the first edit after a build from scratch of 10,000 reports waiting 0.1 s."""
    taken = writing._file_system_time

    def later(folder: Path) -> int | None:
        # Past the file system clock's tick in which a small site's folders were all made.
        time.sleep(0.05)
        return taken(folder)

    monkeypatch.setattr(writing, "_file_system_time", later)
    out = archive.folder / "site"
    archive.build(out, use_cache=True)
    folders, late = changed_since_made(archive, out)
    if len(late) > len(folders) / 4:
        pytest.skip("the file system's clock ticks too coarsely here to tell folders apart")
    listings = spare_listings(monkeypatch)
    edit_text(archive, 1)
    warm = archive.build(out, use_cache=True)
    assert [(known, sorted(read)) for known, read in listings] == [(True, sorted({".", *late}))]
    assert warm == archive.build(archive.folder / "cold", use_cache=False)


def test_a_spare_the_last_build_did_not_leave_is_read_whole(
    archive: Archive, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A spare that is not the one the last build left by its name (one an interrupted build
    left, made into the spare by the next: remove_leftovers) is known by nothing."""
    out = rebuilt_after_an_edit(archive)
    [spare] = archive.folder.glob(".site.spare-*")
    folders = [".", *(p.relative_to(spare).as_posix() for p in spare.rglob("*") if p.is_dir())]
    spare.rename(archive.folder / ".site.staging-left")
    listings = spare_listings(monkeypatch)
    edit_text(archive, 1)
    warm = archive.build(out, use_cache=True)
    [(known, read)] = listings
    assert (known, sorted(read)) == (False, sorted(folders))
    assert warm == archive.build(archive.folder / "cold", use_cache=False)


def test_where_the_file_system_has_no_hard_links_a_spare_is_read_whole(
    archive: Archive, monkeypatch: pytest.MonkeyPatch
) -> None:
    """As on FAT, which numbers its files anew each time it reads them: an inode the last
    build found says nothing of the file now."""

    def no_links(*args: object, **options: object) -> None:
        raise OSError(errno.EPERM, "Operation not permitted")

    monkeypatch.setattr(os, "link", no_links)
    out = rebuilt_after_an_edit(archive)
    listings = spare_listings(monkeypatch)
    edit_text(archive, 1)
    warm = archive.build(out, use_cache=True)
    [(known, read)] = listings
    assert not known and len(read) > 1
    assert warm == archive.build(archive.folder / "cold", use_cache=False)


def test_a_site_whose_time_cannot_be_taken_is_no_failure_and_its_spare_is_read_whole(
    archive: Archive, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The file that gives the file system's time cannot be made (a full disk): the site is
    complete all the same, and the spare it leaves the build after next is known by nothing."""
    out = archive.folder / "site"
    archive.build(out, use_cache=True)
    mkstemp = tempfile.mkstemp

    def full(*args: Any, **options: Any) -> tuple[int, str]:
        if ".site.staging-" in str(options.get("dir", "")):
            raise OSError(errno.ENOSPC, "No space left on device")
        return mkstemp(*args, **options)

    with monkeypatch.context() as patched:
        patched.setattr(tempfile, "mkstemp", full)
        edit_text(archive, 0)
        warm = archive.build(out, use_cache=True)
    assert warm == archive.build(archive.folder / "cold", use_cache=False)
    edit_text(archive, 1)
    archive.build(out, use_cache=True)
    listings = spare_listings(monkeypatch)
    edit_text(archive, 2)
    warm = archive.build(out, use_cache=True)
    assert [known for known, _ in listings] == [False]
    assert warm == archive.build(archive.folder / "cold", use_cache=False)


def test_what_a_build_held_is_freed_as_it_returns(archive: Archive) -> None:
    """Not left for the cycle collector: a closure of the build that held the build itself
    kept 10,000 reports' records until Python's exit, whose collection then took 0.14 s."""
    out = archive.folder / "site"
    archive.build(out, use_cache=True)
    archive.saved = None
    edit_text(archive, 0)
    with only_reference_counting():
        result = pipeline.build(
            archive.content, out, templates=archive.templates, search=False, use_cache=True
        )
        del result
        alive = [o for o in gc.get_objects() if isinstance(o, cache.ReportRecord | cache.Output)]
    assert alive == []


def test_what_a_page_held_is_freed_as_it_is_made(archive: Archive) -> None:
    """Not left for the cycle collector either: a page's context holds its report, and a
    macro defined in the page's template (or imported with context) held the context in a
    cycle; in a cold build of 1,000 reports the collector then had half a million objects to
    go over and free. With only reference counting at work, what the collector finds after a
    build holds no report but, at most, the last one the pages showed (the renderer's, which
    the build's end leaves to it): four before."""
    with only_reference_counting():
        archive.build(archive.folder / "site", use_cache=False)
        gc.set_debug(gc.DEBUG_SAVEALL)
        try:
            gc.collect()
            left = [o for o in gc.garbage if type(o) is Report]
        finally:
            gc.set_debug(0)
            gc.garbage.clear()
    assert len(archive.reports()) == 4
    assert len(left) <= 1


def test_a_failed_build_keeps_the_site_and_its_staging_becomes_the_spare(
    archive: Archive,
) -> None:
    out = rebuilt_after_an_edit(archive)
    before = tree_bytes(out)
    (archive.templates / "_footer.html").write_text("{% if %}", "utf-8")
    edit_text(archive, 1)
    assert archive.build(out, use_cache=True)[1]
    assert tree_bytes(out) == before
    assert [p.name.rsplit("-", 1)[0] for p in archive.folder.glob(".site.*-*")] == [".site.spare"]


def assert_spare_is_the_site(out: Path) -> None:
    """The one spare beside out holds the site's folders and, as hard links, its files."""
    (spare,) = out.parent.glob(".site.spare-*")
    site = {p.relative_to(out): p.stat() for p in out.rglob("*")}
    kept = {p.relative_to(spare): p.stat() for p in spare.rglob("*")}
    assert kept.keys() == site.keys()
    marker = Path(MARKER)
    assert all(
        kept[name].st_ino == info.st_ino
        for name, info in site.items()
        if name != marker and not stat.S_ISDIR(info.st_mode)
    )
    assert {oct(info.st_mode & 0o777) for info in kept.values()} == {"0o644", "0o755"}


def test_a_first_build_leaves_a_spare_of_links_to_its_files(archive: Archive) -> None:
    """So that the first edit after it starts from a spare instead of linking every file;
    likewise after a build that made most of the site anew, whose replaced site would be a
    spare sharing nothing with it."""
    out = archive.folder / "site"
    archive.build(out, use_cache=True)
    assert_spare_is_the_site(out)
    edit_template(archive, 0)
    archive.build(out, use_cache=True)
    assert_spare_is_the_site(out)
    # The next build takes it in and leaves the replaced site as the spare.
    edit_text(archive, 0)
    warm = archive.build(out, use_cache=True)[0]
    assert [p.name for p in archive.folder.glob(".site.*-*")] == [
        p.name for p in archive.folder.glob(".site.spare-*")
    ]
    assert warm == archive.build(archive.folder / "cold", use_cache=False)[0]
