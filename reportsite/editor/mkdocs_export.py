"""`python build.py mkdocs DIR`: the reports' Markdown pages as an MkDocs project, for an
office whose portal is published with MkDocs.

The pages are the Markdown twins of a real build (into a temporary folder, without search),
so they are exactly what the site publishes beside its HTML; only links that point at an HTML
page are turned to its Markdown twin, the one MkDocs knows. DIR gets `mkdocs.yml` (navigation
by language, series and year; less for a large archive: Layout), `docs/`, and the handbook's
hook that lets MkDocs' search read Chinese (CHINESE), and is replaced whole like the site
folder.
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import posixpath
import re
import tempfile
from pathlib import Path, PurePosixPath
from typing import Any, Literal

from .. import cli, pipeline, progress, urls
from ..load import display_name
from ..model import Corpus, Lang, Text
from ..problems import ContentError, Problem, unwritable
from ..write import Staging, check_output

HELP = (
    "把报告的 Markdown 版导出为 MkDocs 项目（mkdocs.yml 与 docs/） / "
    "export the reports' Markdown pages as an MkDocs project (mkdocs.yml and docs/)"
)

DOCS = PurePosixPath("docs")
CONFIG = PurePosixPath("mkdocs.yml")
CHINESE = ("chinese.py", "search-zh.js")
"""The handbook's hook for pages and search in Chinese, from docs/, copied beside mkdocs.yml:
without it MkDocs' search finds no Chinese word (lunr splits text at spaces only)."""
_OVERVIEW = {Lang.ZH: "历年概览", Lang.EN: "Overview"}
_HOME = "首页 / Home"
_HEADER = (
    "# 由 python build.py mkdocs 生成，每次导出整个替换 / "
    "written by python build.py mkdocs, replaced whole by each export\n"
)
_LINK = re.compile(r"\](?<!\\\])\(([^()\s]+)\)")
"""A link's "](address)", its "]" not escaped. The look back follows the "]": searched for
first, it is found at once, where a look back in front was tried at every character (a tenth
of an export)."""
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")
NAV_ENTRIES = 500
"""The most pages the navigation lists. MkDocs writes the whole navigation into every page:
listing all 3,201 pages of 1,000 reports made each page 433 KB (1.6 GB in all), and `mkdocs
build` took 136 s and 1.1 GB. Past it the navigation lists each series' overview, which lists
its years (each page 58 KB), and past that the home page alone, which lists every report."""
FULL_TEXT_PAGES = 150
"""The most pages whose every word the portal's search indexes. MkDocs' search loads one index
of all it indexes into the reader's browser: 251 MB for those 3,201 pages. Past it, the titles
and headings (9.7 MB there, 235 KB as a server gzips it)."""
HEADING_PAGES = 3_500
"""The most pages whose headings the search indexes (98 MB for the 32,001 pages of 10,000
reports); past it, the pages' titles alone."""
Indexing = Literal["full", "sections", "titles"]
"""What MkDocs' search indexes (its `indexing`): every word, titles and headings, titles."""
Nav = Literal["every", "series", "home"]
"""What the navigation lists: every page, each series' overview, or the home page alone."""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "dir",
        type=Path,
        metavar="DIR",
        help="MkDocs 项目文件夹，每次导出整个替换 / the MkDocs project folder, replaced whole",
    )
    cli.add_strict_option(parser)
    cli.add_jobs_option(parser)


def run(args: argparse.Namespace) -> int:
    try:
        shown = progress.for_command(args.quiet)
        result = export(args.content, args.dir, strict=args.strict, jobs=args.jobs, progress=shown)
    except ContentError as error:
        cli.report_problems(error.problems, out=args.dir)
        return 1
    except OSError as error:  # the folder cannot be written: Staging left it as it was
        cli.report_problems([unwritable(display_name(args.dir), error)], out=args.dir)
        return 1
    cli.report_problems(result.warnings, out=None)
    config = display_name(args.dir / CONFIG)
    print(f"已写出 {config} 与 {result.pages} 个页面 / wrote {config} and {result.pages} pages")
    if result.nav != "every" or result.indexing != "full":
        zh, en = _SMALLER[result.nav]
        if result.indexing != "full":
            zh += _INDEXED[result.indexing][0]
            en += _INDEXED[result.indexing][1]
        print(
            f"页面较多：{zh}（MkDocs 把整个导航写进每一页，把整个搜索索引载入浏览器） / "
            f"many pages: {en} (MkDocs writes the whole navigation into every page, and loads "
            "the whole search index into the browser)"
        )
    print(f"生成网站 / to build it: mkdocs build -f {config}")
    return 0


_INDEXED: dict[Indexing, tuple[str, str]] = {
    "sections": ("，搜索只收录标题与小标题", ", and search indexes titles and headings only"),
    "titles": ("，搜索只收录页面标题", ", and search indexes the pages' titles only"),
}
_SMALLER: dict[Nav, tuple[str, str]] = {
    "every": ("导航列出全部页面", "the navigation lists every page"),  # then search is smaller
    "series": ("导航只列出各系列的历年概览", "the navigation lists each series' overview only"),
    "home": (
        "导航只列出首页（首页列出全部报告）",
        "the navigation lists the home page only (it lists every report)",
    ),
}


def _named(problem: Problem, folder: str, name: str) -> Problem:
    """problem, named name where it named folder."""
    if problem.location.file != folder:
        return problem
    location = dataclasses.replace(problem.location, file=name)
    return dataclasses.replace(problem, location=location)


@dataclasses.dataclass(frozen=True, slots=True)
class Layout:
    """How much of the archive the navigation and the search hold (NAV_ENTRIES,
    FULL_TEXT_PAGES, HEADING_PAGES)."""

    nav: Nav
    indexing: Indexing


def _layout(corpus: Corpus, pages: int) -> Layout:
    indexing: Indexing = (
        "full" if pages <= FULL_TEXT_PAGES else "sections" if pages <= HEADING_PAGES else "titles"
    )
    if pages <= NAV_ENTRIES:
        return Layout("every", indexing)
    overviews = len(_years(corpus)) * len(corpus.site.languages)
    return Layout("series" if overviews <= NAV_ENTRIES else "home", indexing)


@dataclasses.dataclass(frozen=True, slots=True)
class Exported(Layout):
    pages: int
    warnings: tuple[Problem, ...]


def export(
    content: Path,
    out: Path,
    *,
    strict: bool = False,
    jobs: int | None = None,
    progress: progress.Progress = progress.SILENT,
) -> Exported:
    """Write the MkDocs project for content/ into out/, or raise ContentError (out untouched).
    The build and the writing are shown as they go (at 10,000 reports a minute in all)."""
    # Imported here: cli.py loads this module to build its parser, with stdlib imports only.
    import yaml

    check_output(
        out,
        (
            (content, "内容文件夹", "content folder"),
            (pipeline.PROJECT_ROOT, "项目文件夹", "project folder"),
            (Path.cwd(), "当前文件夹", "current folder"),
        ),
    )
    with tempfile.TemporaryDirectory(prefix="reportsite-mkdocs-") as temporary:
        built = Path(temporary) / "site"
        try:
            result = pipeline.build(
                content,
                built,
                strict=strict,
                search=False,
                jobs=jobs,
                use_cache=False,
                progress=progress,
            )
        except ContentError as error:
            # A problem of the build as a whole (a full disk) names the folder it builds, a
            # temporary one here: the editor named out.
            shown = display_name(out)
            raise ContentError([_named(p, str(built), shown) for p in error.problems]) from error
        pages = _pages(result.corpus)
        known = set(pages)
        writing = progress.stage("导出", "export", len(pages))
        with Staging(out) as staging, contextlib.closing(writing):
            for page in pages:
                text = (built / page).read_text(encoding="utf-8")
                staging.write(DOCS / page, _relink(text, page, known).encode("utf-8"))
                writing.advance()
            staging.write(DOCS / "index.md", _home(result.corpus).encode("utf-8"))
            layout = _layout(result.corpus, len(pages) + 1)
            config = _config(result.corpus, layout)
            text = yaml.safe_dump(config, allow_unicode=True, sort_keys=False, width=1000)
            staging.write(CONFIG, (_HEADER + text).encode("utf-8"))
            for name in CHINESE:
                staging.write(
                    PurePosixPath(name), (pipeline.PROJECT_ROOT / "docs" / name).read_bytes()
                )
    return Exported(layout.nav, layout.indexing, len(pages) + 1, result.warnings)


def _years(corpus: Corpus) -> dict[str, list[int]]:
    """Series → years, newest first, as readers browse an archive."""
    found: dict[str, list[int]] = {}
    for report in corpus.reports:
        found.setdefault(report.series, []).append(report.year)
    return {series: sorted(years, reverse=True) for series, years in found.items()}


def _pages(corpus: Corpus) -> list[PurePosixPath]:
    """Every Markdown twin the site has, in navigation order."""
    pages = []
    for series, years in _years(corpus).items():
        for lang in corpus.site.languages:
            pages.append(urls.series(lang, series, markdown=True))
            pages += [urls.report(lang, series, year, markdown=True) for year in years]
        pages += [urls.report(None, series, year, markdown=True) for year in years]
    return pages


def _relink(text: str, page: PurePosixPath, known: set[PurePosixPath]) -> str:
    """Links to an HTML page whose twin is exported point at the twin instead. The fragment
    goes: it names an anchor of the HTML page, which the MkDocs page does not have."""

    def replace(match: re.Match[str]) -> str:
        target = match.group(1)
        if _SCHEME.match(target) or target.startswith(("/", "#")):
            return match.group(0)
        path = target.partition("#")[0]
        resolved = PurePosixPath(posixpath.normpath(posixpath.join(str(page.parent), path)))
        twin = resolved.with_suffix(".md")
        if resolved.suffix == ".html" and twin in known:
            return f"]({urls.relative(page, twin)})"
        return match.group(0)

    return _LINK.sub(replace, text)


def _name(text: Text, lang: Lang) -> str:
    return text.get(lang) or text.zh


def _year(year: int, lang: Lang) -> str:
    return f"{year}年" if lang is Lang.ZH else str(year)


def _nav(corpus: Corpus, which: Nav) -> list[Any]:
    site = corpus.site
    nav: list[Any] = [{_HOME: "index.md"}]
    if which == "home":
        return nav
    years = _years(corpus)
    for lang in site.languages:
        sections: list[dict[str, Any]] = []
        for series, series_years in years.items():
            title = _name(site.series[series].name, lang)
            overview = str(urls.series(lang, series, markdown=True))
            if which == "series":
                sections.append({title: overview})
                continue
            entries: list[Any] = [{_OVERVIEW[lang]: overview}]
            entries += [
                {_year(year, lang): str(urls.report(lang, series, year, markdown=True))}
                for year in series_years
            ]
            sections.append({title: entries})
        nav.append({_language(lang): sections})
    if which == "series":  # the parallel texts have no overview: the home page lists them
        return nav
    parallel = []
    for series, series_years in years.items():
        name = site.series[series].name
        entries = [
            {_year(year, Lang.ZH): str(urls.report(None, series, year, markdown=True))}
            for year in series_years
        ]
        parallel.append({f"{name.zh} / {name.en or name.zh}": entries})
    nav.append({"中英对照 / Parallel text": parallel})
    return nav


def _config(corpus: Corpus, layout: Layout) -> dict[str, Any]:
    site = corpus.site
    search: dict[str, Any] = {"lang": "zh", "min_search_length": 2}  # two characters: most words
    if layout.indexing != "full":  # MkDocs' default
        search["indexing"] = layout.indexing
    config: dict[str, Any] = {
        "site_name": _both(site.title),
        "docs_dir": str(DOCS),
        # The built-in theme, with nothing fetched from outside (highlight.js comes from a
        # CDN unless turned off): the portal serves every file itself.
        "theme": {"name": "mkdocs", "highlightjs": False, "navigation_depth": 3},
        "hooks": [CHINESE[0]],
        "plugins": [{"search": search}],
        "nav": _nav(corpus, layout.nav),
    }
    if layout.nav != "every":
        # Each page left out of the navigation on purpose was a line of `mkdocs build`.
        config["validation"] = {"nav": {"omitted_files": "ignore"}}
    return config


def _language(lang: Lang) -> str:
    return "中文" if lang is Lang.ZH else "English"


def _both(text: Text) -> str:
    return f"{text.zh} / {text.en}" if text.en else text.zh


def _home(corpus: Corpus) -> str:
    site = corpus.site
    lines = [f"# {_both(site.title)}", ""]
    home = PurePosixPath("index.md")
    for series, years in _years(corpus).items():
        name = site.series[series].name
        lines += [f"## {_both(name)}", ""]
        for year in years:
            links = [
                f"[{_language(lang)}]"
                f"({urls.relative(home, urls.report(lang, series, year, markdown=True))})"
                for lang in site.languages
            ]
            parallel = urls.relative(home, urls.report(None, series, year, markdown=True))
            links.append(f"[中英对照 / Parallel text]({parallel})")
            lines += [f"- {year}: " + " · ".join(links)]
        lines.append("")
    return "\n".join(lines)
