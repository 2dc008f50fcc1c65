"""The search index and page, read as files (the queries run in Chromium: browser/test_search.py):
Pagefind indexes the report pages of each language and nothing else, `--no-search` leaves it
out, a failed or missing indexer fails the build without touching the previous site, and the
search page stays within its Content-Security-Policy."""

from __future__ import annotations

import gzip
import json
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from reportsite import pipeline, search, workers
from reportsite.model import Lang
from reportsite.problems import ContentError, format_problem

from .conftest import (
    CONTENT,
    REPORT_YAML,
    ROOT,
    SITE_YAML,
    MakeContent,
    in_a_tmpfs,
    run_cli,
    tree_bytes,
)

REPORTS = {"/zh/wayao-renda/2024/index.html", "/en/wayao-renda/2024/index.html"}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("search") / "site"
    result = run_cli("--out", out, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    return out


def shard_list(site: Path) -> list[str]:
    listed = json.loads((site / "pagefind" / "shards.json").read_text("utf-8"))
    assert isinstance(listed, list)
    return listed


def fragments(site: Path) -> dict[str, dict[str, Any]]:
    """Pagefind's record of each indexed page (gzip, a signature, then JSON), by URL, from
    every shard."""
    records = {}
    for shard in shard_list(site):
        for path in sorted((site / "pagefind").glob(f"*/{shard}/fragment/*")):
            data = gzip.decompress(path.read_bytes())
            record = json.loads(data[data.index(b"{") :])
            assert record["url"] not in records, "a page in two shards"
            records[record["url"]] = record
    return records


def test_one_index_per_language_of_the_report_pages_only(built: Path) -> None:
    assert shard_list(built) == ["2024"]
    for lang, pagefind_lang in (("zh", "zh-cn"), ("en", "en")):
        entry = (built / "pagefind" / lang / "2024" / "pagefind-entry.json").read_text("utf-8")
        languages = json.loads(entry)["languages"]
        assert {name: info["page_count"] for name, info in languages.items()} == {pagefind_lang: 1}
    records = fragments(built)
    assert set(records) == REPORTS
    zh, en = records["/zh/wayao-renda/2024/index.html"], records["/en/wayao-renda/2024/index.html"]
    assert zh["meta"] == {"title": "2024年人大主席团工作报告", "date": "2025-08-29"}
    assert en["meta"]["title"] == "2024 Work Report of the Presidium of the Town People's Congress"
    # The extended build segments Chinese: words, not a run of characters, are indexed.
    text = zh["content"]
    assert "人居\u200b环境" in text and "乡村\u200b振兴" in text
    # Header, footer and navigation are not part of what is found.
    for chrome in ("滇ICP备", "跳到正文", "Markdown", "大字"):
        assert chrome not in text.replace("\u200b", ""), chrome
    assert "rural revitalization" in en["content"]


def test_index_folders_hold_what_search_js_loads_and_not_pagefinds_own_interfaces(
    built: Path,
) -> None:
    for lang in ("zh", "en"):
        folder = built / "pagefind" / lang / "2024"
        names = {path.name for path in folder.iterdir()}
        assert {"pagefind.js", "pagefind-worker.js", "pagefind-entry.json"} <= names
        assert {"fragment", "index"} <= names
        assert not names & set(search.UNUSED)
        assert not [name for name in names if "-ui." in name or "highlight" in name]


def test_no_search_builds_the_same_site_without_the_index(built: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    result = run_cli("--no-search", "--out", out, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    assert not (out / "pagefind").exists()
    with_index = {k: v for k, v in tree_bytes(built).items() if not k.startswith("pagefind/")}
    assert tree_bytes(out) == with_index


def test_index_builds_for_an_output_folder_named_relative_to_the_current_one(
    tmp_path: Path,
) -> None:
    shutil.copytree(CONTENT, tmp_path / "content")
    result = run_cli("--out", "public", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert set(fragments(tmp_path / "public")) == REPORTS


@pytest.fixture
def previous(tmp_path: Path) -> tuple[Path, dict[str, bytes]]:
    out = tmp_path / "site"
    pipeline.build(CONTENT, out, search=False)
    return out, tree_bytes(out)


def test_a_failing_indexer_keeps_the_previous_site(
    previous: tuple[Path, dict[str, bytes]], monkeypatch: pytest.MonkeyPatch
) -> None:
    out, before = previous
    # Python is a program that refuses Pagefind's arguments on every platform.
    monkeypatch.setattr(search, "_executable", lambda: Path(sys.executable))
    with pytest.raises(ContentError) as caught:
        pipeline.build(CONTENT, out)
    [problem] = caught.value.problems
    assert problem.code == "search-failed"
    assert "--no-search" in format_problem(problem)
    assert tree_bytes(out) == before
    # The failed build's staging folder is kept as the spare the next build starts from.
    assert sorted(p.name.rsplit("-", 1)[0] for p in out.parent.iterdir()) == [
        ".site.cache",
        ".site.cache.d",
        ".site.lock",
        ".site.spare",
        "site",
    ]


def test_a_missing_indexer_is_explained(
    previous: tuple[Path, dict[str, bytes]], monkeypatch: pytest.MonkeyPatch
) -> None:
    out, before = previous
    monkeypatch.setitem(sys.modules, "pagefind_bin_extended", None)
    with pytest.raises(ContentError) as caught:
        pipeline.build(CONTENT, out)
    [problem] = caught.value.problems
    assert format_problem(problem) == (
        "pagefind: 错误 error: 未安装搜索索引工具 Pagefind（扩展版） / "
        "the search indexer Pagefind (extended build) is not installed\n"
        '    修改 fix: 运行 pip install "pagefind[extended]"，'
        "或加 --no-search 生成不带搜索的网站 / "
        'run pip install "pagefind[extended]", or add --no-search to build without search'
    )
    assert tree_bytes(out) == before


CSP = re.compile(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">')


def test_only_the_search_pages_may_run_webassembly(built: Path) -> None:
    for page in sorted(built.rglob("*.html")):
        name = page.relative_to(built).as_posix()
        [policy] = CSP.findall(page.read_text("utf-8"))
        wasm = "script-src 'self' 'wasm-unsafe-eval';" in policy
        assert wasm == (name in ("zh/search/index.html", "en/search/index.html")), name


@pytest.mark.parametrize(
    ("lang", "archive_label"), [("zh", "全部工作报告"), ("en", "All Work Reports")]
)
def test_search_page_without_script_shows_a_link_to_the_archive(
    built: Path, lang: str, archive_label: str
) -> None:
    html = (built / lang / "search" / "index.html").read_text("utf-8")
    assert '<form class="search-form" role="search" action="index.html" method="get" hidden' in html
    assert f'<a href="../index.html">{archive_label}</a></p>' in html
    assert '<label for="search-query">' in html and '<input id="search-query"' in html
    assert '<p class="search-status" role="status"></p>' in html
    assert '<meta name="robots" content="noindex">' in html
    assert '<script src="../../static/search.js" defer></script>' in html


def test_every_page_header_links_to_search(built: Path) -> None:
    for page in sorted(built.rglob("*.html")):
        match = re.search(r'<a class="search-link" href="([^"]+)"', page.read_text("utf-8"))
        assert match, page
        target = (page.parent / match.group(1)).resolve()
        assert target.relative_to(built.resolve()).as_posix().endswith("search/index.html")


@pytest.mark.parametrize("name", ["search", "data", "static", "pagefind", "bilingual"])
def test_a_series_may_not_take_a_name_the_site_uses(
    name: str, make_content: MakeContent, tmp_path: Path
) -> None:
    make_content(site=SITE_YAML + f"  {name}:\n    name: 甲\n    body: 乙\n")
    result = run_cli("check", cwd=tmp_path)
    assert result.returncode == 1
    assert f"site.yaml:20:5: 错误 error: series.{name}: 系列标识“{name}”是保留字" in result.stderr
    assert "(reserved: bilingual, data, pagefind, search, static)" in result.stderr


def report_yaml(year: int, word: str) -> str:
    return (
        REPORT_YAML.replace("2024", str(year))
        .replace("2025", str(year + 1))
        .replace("全年组织学习6次。", f"全年组织学习6次，{word}。")
    )


def test_shards_are_years_split_by_series_digest(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(search, "SHARD_REPORTS", 4)
    monkeypatch.setattr(search, "NEWEST_SHARD_REPORTS", 2)

    def shards(counts: dict[int, int]) -> list[tuple[str, list[str]]]:
        reports = [
            SimpleNamespace(series=f"s{n}", year=year)
            for year, count in counts.items()
            for n in range(count)
        ]
        found = search.shards(reports)  # type: ignore[arg-type]
        return [(shard.id, [report.series for report in shard.reports]) for shard in found]

    # Newest year first, in parts of about two reports (7 reports: four parts, one of them
    # empty), a past year in parts of about four; where a series goes, its digest says.
    assert shards({2023: 5, 2024: 7}) == [
        ("2024-1", ["s3", "s5", "s6"]),
        ("2024-3", ["s2"]),
        ("2024-4", ["s0", "s1", "s4"]),
        ("2023-1", ["s2", "s3"]),
        ("2023-2", ["s0", "s1", "s4"]),
    ]
    # A report added changes its own part only, and a year that fits takes one shard.
    assert shards({2023: 4, 2024: 8}) == [
        ("2024-1", ["s3", "s5", "s6"]),
        ("2024-3", ["s2", "s7"]),
        ("2024-4", ["s0", "s1", "s4"]),
        ("2023", ["s0", "s1", "s2", "s3"]),
    ]


PAGE = """<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta name="SiteIDCode" content="0000000000">
<script src="site.js" defer></script>
<title>报告 - 站名</title>
</head>
<body>
<nav>年度</nav>
<main>
<h2>标题</h2>
<p>正文</p>
</main>
<footer>备案号</footer>
</body>
</html>
"""


@pytest.mark.parametrize(
    ("old", "new", "changes"),
    [
        # Left out: what Pagefind does not read.
        ("0000000000", "0000000001", False),
        ("年度", "年份", False),
        ("备案号", "备案编号", False),
        ("<nav>年度</nav>", "<NAV>年份</Nav >", False),
        ("<footer>备案号</footer>", "<footer><nav>备案</nav>号</footer>", False),
        # Read: the text, the fallback titles, an image, metadata inside a part left out.
        ("正文", "正文。", True),
        ("报告 - 站名", "报告 - 新站名", True),
        ("<h2>标题</h2>", "<h1>标题</h1>", True),
        ("备案号", "<H1>备案号</H1>", True),
        ("备案号", '备案号<img src="logo.png" alt="">', True),
        ("备案号", "<nav><svg><title>备案</title></svg></nav>", True),
        ("<nav>", '<nav data-pagefind-filter="kind:report">', True),
        # What only looks like a tag (in a script, a comment) is none: no title before the
        # head's, nor a part whose text Pagefind would not read.
        ('<script src="site.js" defer></script>', "<script>'<title>假</title>'</script>", False),
        ("<main>", "<main><!-- <footer> -->", True),
        ("<main>", "<main><script>'<footer>'</script>", True),
        ("<main>", "<main><!x <footer>", True),
        ("<nav>年度</nav>", "<nav>年度", True),
        ("<nav>年度</nav>", "<nav><nav>年</nav>度</nav>", True),
    ],
)
def test_the_digest_of_a_page_changes_with_what_pagefind_reads(
    old: str, new: str, changes: bool
) -> None:
    """Each pair changes the page (or puts something in it): the digest changes where Pagefind
    reads the change, or where it cannot tell (more in the digest, never less); and the text
    and the <title> change it whatever was put in the page before them."""
    assert old in PAGE
    page = PAGE.replace(old, new, 1)
    assert (search.read_digest(PAGE.encode()) != search.read_digest(page.encode())) is changes
    for read, edit in (("正文", "正文，改"), ("报告 - ", "新报告 - ")):
        edited = page.replace(read, edit, 1)
        assert search.read_digest(edited.encode()) != search.read_digest(page.encode()), edit


def made_anew(out: Path, build: Callable[[], object]) -> set[str]:
    """The index folders (lang/shard) and files of pagefind/ that this build made anew."""
    files = [p for p in (out / "pagefind").rglob("*") if p.is_file()]
    inodes = {p: p.stat().st_ino for p in files}
    build()
    return {
        "/".join(p.relative_to(out / "pagefind").parts[:2])
        for p in (out / "pagefind").rglob("*")
        if p.is_file() and inodes.get(p) != p.stat().st_ino
    }


def test_an_edit_reindexes_only_its_shard_in_the_language_it_changed(
    make_content: MakeContent, tmp_path: Path
) -> None:
    content = make_content(
        {f"test-renda/{year}.yaml": report_yaml(year, f"词{year}") for year in (2022, 2023, 2024)}
    )
    out = tmp_path / "site"
    result = run_cli("--content", content, "--out", out, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert shard_list(out) == ["2024", "2023", "2022"]
    assert {url: r["url"] for url, r in fragments(out).items()}.keys() == {
        f"/{lang}/test-renda/{year}/index.html"
        for lang in ("zh", "en")
        for year in (2022, 2023, 2024)
    }

    def reindexed(edits: dict[int, str]) -> set[str]:
        """The index folders (lang/shard) a build after these edits of report files made anew."""

        def build() -> None:
            for year, text in edits.items():
                (content / "reports" / "test-renda" / f"{year}.yaml").write_text(text, "utf-8")
            result = run_cli("--content", content, "--out", out, cwd=tmp_path)
            assert result.returncode == 0, result.stderr

        return made_anew(out, build)

    # The Chinese alone; the English alone (its Chinese pages stay as they were); both.
    assert reindexed({2022: report_yaml(2022, "新词")}) == {"zh/2022", "shards.json"}
    assert "新词" in fragments(out)["/zh/test-renda/2022/index.html"]["content"]
    english = report_yaml(2023, "词2023").replace("We held 6 study", "We held six study")
    assert reindexed({2023: english}) == {"en/2023", "shards.json"}
    assert "six" in fragments(out)["/en/test-renda/2023/index.html"]["content"]
    both = report_yaml(2024, "又一词").replace("We held 6 study", "We held six study")
    assert reindexed({2024: both}) == {"zh/2024", "en/2024", "shards.json"}
    # Retitled, a report changes the pages of the years beside it too (their year navigation
    # names it), which Pagefind does not read: its own shard alone is indexed again.
    retitled = both.replace("title: {zh: 2024年工作报告", "title: {zh: 2024年工作报告（修订）")
    assert retitled != both
    assert reindexed({2024: retitled}) == {"zh/2024", "shards.json"}
    assert "（修订）" in (out / "zh" / "test-renda" / "2023" / "index.html").read_text("utf-8")
    cold = tmp_path / "cold"
    result = run_cli("--content", content, "--out", cold, "--no-cache", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert tree_bytes(out) == tree_bytes(cold)


def test_what_pagefind_leaves_out_of_a_page_indexes_no_shard_again(
    make_content: MakeContent, tmp_path: Path
) -> None:
    """Every page shows the publisher and the filing numbers (its footer) and the column's page
    tags (its head), parts Pagefind leaves out: put right in site.yaml, they make every page
    again and index no shard again. What Pagefind does read indexes them again: an image in the
    footer (the image of a result), the site's title (in the <title> and in the header, which
    carries the report's title for the results)."""
    years = (2023, 2024)
    content = make_content({f"test-renda/{y}.yaml": report_yaml(y, f"词{y}") for y in years})
    templates = Path(shutil.copytree(ROOT / "templates", tmp_path / "templates"))
    out, cold = tmp_path / "site", tmp_path / "cold"
    pipeline.build(content, out, templates=templates)

    def edited(path: Path, *changes: tuple[str, str]) -> Callable[[], object]:
        def edit() -> None:
            text = path.read_text("utf-8")
            for old, new in changes:
                assert old in text
                text = text.replace(old, new)
            path.write_text(text, "utf-8")
            pipeline.build(content, out, templates=templates)

        return edit

    site, footer = content / "site.yaml", templates / "_footer.html"
    publisher = edited(
        site,
        ("测ICP备00000000号", "测ICP备00000001号"),
        ("测试镇人民政府, en: People's", "测试镇人民政府（新）, en: People's"),
        ("工作报告栏目", "工作报告栏目（新）"),
        ("www.example.gov.cn", "www2.example.gov.cn"),
    )
    assert made_anew(out, publisher) == {"shards.json"}
    page = (out / "zh" / "test-renda" / "2023" / "index.html").read_text("utf-8")
    assert "测ICP备00000001号" in page and "测试镇人民政府（新）" in page
    assert '<meta name="ColumnDescription" content="工作报告栏目（新）">' in page
    image = edited(footer, ('<div class="wrap">', '<div class="wrap"><img src="data:," alt="徽">'))
    shards = {f"{lang}/{year}" for lang in ("zh", "en") for year in years}
    assert made_anew(out, image) == shards | {"shards.json"}
    assert {record["meta"].get("image") for record in fragments(out).values()} == {"data:,"}
    title = edited(site, ("title: {zh: 测试站,", "title: {zh: 测试新站,"))
    assert made_anew(out, title) == {f"zh/{year}" for year in years} | {"shards.json"}
    pipeline.build(content, cold, templates=templates, use_cache=False)
    assert tree_bytes(out) == tree_bytes(cold)


@pytest.fixture
def in_memory() -> Iterator[Path]:
    """A folder in a tmpfs where there is one (in_a_tmpfs), else in the temporary folder."""
    with tempfile.TemporaryDirectory(dir=in_a_tmpfs()) as folder:
        yield Path(folder)


def test_a_warm_build_indexes_as_a_cold_one_does(
    make_content: MakeContent, tmp_path: Path, in_memory: Path
) -> None:
    """One shard of several pages: after an edit the warm build takes the other reports' pages
    from the last site and makes the edited one's, in another order than a cold build writes
    them, and its index must still be the cold build's byte for byte."""
    names = ("test-a", "test-b", "test-c", "test-d")
    site = SITE_YAML + "".join(
        f"  {name}:\n    name: {{zh: 系列{n}, en: Series {n}}}\n"
        f"    body: {{zh: 机关{n}, en: Body {n}}}\n"
        for n, name in enumerate(names)
    )
    reports = {
        f"{name}/2024.yaml": report_yaml(2024, f"词{n}")
        .replace("series: test-renda", f"series: {name}")
        .replace("20250101-00001", f"20250101-0000{n}")
        for n, name in enumerate(names)
    }
    content = make_content(reports, site=site)
    out, cold = in_memory / "site", in_memory / "cold"
    for edit in ("新词", "又一词"):
        result = run_cli("--content", content, "--out", out, cwd=tmp_path)
        assert result.returncode == 0, result.stderr
        edited = content / "reports" / "test-b" / "2024.yaml"
        edited.write_text(reports["test-b/2024.yaml"].replace("词1", edit), "utf-8")
        result = run_cli("--content", content, "--out", out, cwd=tmp_path)
        assert result.returncode == 0, result.stderr
        shutil.rmtree(cold, ignore_errors=True)
        result = run_cli("--content", content, "--out", cold, "--no-cache", cwd=tmp_path)
        assert result.returncode == 0, result.stderr
        assert shard_list(out) == ["2024"]
        assert tree_bytes(out / "pagefind") == tree_bytes(cold / "pagefind")


def test_the_index_is_the_same_whatever_order_the_file_system_lists_the_pages_in(
    make_content: MakeContent, tmp_path: Path, in_memory: Path
) -> None:
    """Pagefind's command line numbers pages in the order it finds them in their folders,
    and its index depends on that order: a warm build, which writes pages in another order,
    or another machine gave another index of the same pages. Here two copies of a site are
    written in opposite orders (in_memory) and indexed alike."""
    years = (2022, 2023, 2024)
    content = make_content(
        {f"test-renda/{year}.yaml": report_yaml(year, f"词{year}") for year in years}
    )
    built = tmp_path / "built"
    result = run_cli("--content", content, "--out", built, "--no-search", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    pages = [f"{lang}/test-renda/{year}/index.html" for lang in ("zh", "en") for year in years]
    reports = tuple(SimpleNamespace(series="test-renda", year=year) for year in years)
    shard = search.Shard("all", reports)  # type: ignore[arg-type]
    indexes = []
    for name, order in (("forward", pages), ("backward", pages[::-1])):
        root = in_memory / name
        for page in order:
            (root / page).parent.mkdir(parents=True)
            shutil.copyfile(built / page, root / page)
        with search.Indexers(root) as indexers:
            indexers.index([(shard, lang) for lang in Lang], jobs=2)
        indexes.append(tree_bytes(root / "pagefind"))
    assert indexes[0] == indexes[1]
    assert any(name.startswith("zh/all/index/") for name in indexes[0])
    # Every file whole (Pagefind's own writing once left an entry empty: search.py).
    assert all(indexes[0].values())
    for lang, pagefind_lang in (("zh", "zh-cn"), ("en", "en")):
        entry = json.loads(indexes[0][f"{lang}/all/pagefind-entry.json"])
        assert entry["languages"][pagefind_lang]["page_count"] == len(years)


def test_one_run_indexes_shard_after_shard_as_runs_of_their_own_would(
    make_content: MakeContent, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A run of Pagefind readied ahead (warm) and then given shard after shard writes the
    indexes fresh runs write, one a shard; a run given none is ended with the rest."""
    years = (2023, 2024)
    content = make_content(
        {f"test-renda/{year}.yaml": report_yaml(year, f"词{year}") for year in years}
    )
    site = tmp_path / "site"
    result = run_cli("--content", content, "--out", site, "--no-search", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    started: list[subprocess.Popen[bytes]] = []

    def spawn(command: list[str], **options: Any) -> subprocess.Popen[bytes]:
        started.append(workers.spawn(command, **options))
        return started[-1]

    monkeypatch.setattr(search, "spawn", spawn)
    reports = [SimpleNamespace(series="test-renda", year=year) for year in years]
    shards = [search.Shard(str(r.year), (r,)) for r in reports]  # type: ignore[arg-type]
    runs = [(shard, lang) for shard in shards for lang in Lang]
    with search.Indexers(site) as indexers:
        indexers.warm()
        indexers.index(runs, jobs=1)
    assert len(started) == 1
    shared = tree_bytes(site / "pagefind")
    assert sorted({name.split("/", 2)[1] for name in shared}) == ["2023", "2024"]
    shutil.rmtree(site / "pagefind")
    for run in runs:
        with search.Indexers(site) as indexers:
            indexers.index([run])
    assert len(started) == 1 + len(runs)
    assert tree_bytes(site / "pagefind") == shared
    with search.Indexers(site) as indexers:
        indexers.warm()
    assert len(started) == 2 + len(runs)
    assert all(process.poll() is not None for process in started)
