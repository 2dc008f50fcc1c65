"""The conductor: load → validate → assemble → render → write, then the search index over
what was written, in that order.

The library never prints: it returns values or raises ContentError; cli.py talks to people.
"""

from __future__ import annotations

import multiprocessing
import os
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from . import urls
from .assemble import assemble
from .model import Corpus
from .problems import Problem
from .render import Renderer
from .search import index as index_search
from .validate import load_corpus
from .write import Staging, check_output

PROJECT_ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = PROJECT_ROOT / "templates"


@dataclass(frozen=True, slots=True)
class BuildResult:
    corpus: Corpus
    warnings: tuple[Problem, ...]
    files: int


def check(content: Path, *, strict: bool = False) -> tuple[Corpus, tuple[Problem, ...]]:
    """Validate only; raises ContentError listing every error (and warning, if strict)."""
    return load_corpus(content, strict=strict)


def build(
    content: Path,
    out: Path,
    *,
    strict: bool = False,
    search: bool = True,
    jobs: int | None = None,
    templates: Path = TEMPLATES,
) -> BuildResult:
    """Build content/ into out/, replacing it whole only if every page rendered (and, unless
    search is False, the search index was built). jobs: processes to render with (all cores
    by default)."""
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
    corpus, warnings = load_corpus(content, strict=strict)
    renderer = Renderer(templates)
    with Staging(out) as staging:
        _write_pages(corpus, renderer, staging, jobs)
        staging.copy_tree(templates / "static", urls.STATIC)
        if search:
            index_search(staging.root, urls.PAGEFIND)
            staging.adopt(urls.PAGEFIND)
    return BuildResult(corpus, warnings, staging.count)


PARALLEL_FROM = 20
"""Reports below which starting worker processes costs more than it saves."""

_shared: tuple[Corpus, Renderer, Staging, int] | None = None


def _write_pages(corpus: Corpus, renderer: Renderer, staging: Staging, jobs: int | None) -> None:
    """Render and write every page, in worker processes where the machine allows it.

    Workers are forked, so they share the validated corpus and compiled templates without
    copying them; each takes every n-th page of the same deterministic plan and writes it.
    """
    global _shared
    jobs = jobs or os.cpu_count() or 1
    forking = "fork" in multiprocessing.get_all_start_methods()
    if jobs < 2 or not forking or len(corpus.reports) < PARALLEL_FROM:
        for item in assemble(corpus):
            staging.write(item.path, renderer.render(item))
        return
    _shared = (corpus, renderer, staging, jobs)
    try:
        with multiprocessing.get_context("fork").Pool(jobs) as pool:
            for written in pool.imap_unordered(_write_share, range(jobs)):
                staging.claim(written)
    finally:
        _shared = None


def _write_share(share: int) -> list[PurePosixPath]:
    assert _shared is not None
    corpus, renderer, staging, jobs = _shared
    written = []
    for number, item in enumerate(assemble(corpus)):
        if number % jobs == share:
            staging.write(item.path, renderer.render(item))
            written.append(item.path)
    return written
