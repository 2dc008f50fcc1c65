"""The archive: many bodies and many years, built through the command line from the demo
archive (scripts/demo_archive.py), from the real report copied under other years and series,
and from a small hand-written case whose pages are pinned as golden files.

Expectations are worked out from the content model, not from the site code: which section
follows which task, which figure keys span years, what each year quoted."""

from __future__ import annotations

import os
import posixpath
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import pytest

from reportsite.charts import bar_chart
from reportsite.model import Corpus, Figure, Lang, Report, format_number
from reportsite.validate import load_corpus

from .conftest import CONTENT, ROOT, Golden, run_cli, tree_bytes
from .test_site import Page

DEMO_SCRIPT = ROOT / "scripts" / "demo_archive.py"
CASE = ROOT / "tests" / "cases" / "archive"
GOLDEN = ROOT / "tests" / "golden" / "archive"
LANGS = ("zh", "en")
STATUS = {
    "reported": {"zh": "已在{due}年报告中报告", "en": "Reported on in the {due} report"},
    "not-reported": {"zh": "{due}年报告未报告此项", "en": "Not reported on in the {due} report"},
    "awaiting": {"zh": "待{due}年报告", "en": "Awaiting the {due} report"},
    "missing": {"zh": "本站未收录{due}年报告", "en": "No {due} report in this archive"},
}
APPROX = {"zh": "余", "en": "+"}


# -- a small DOM, enough to look inside one element ---------------------------------------------

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}


@dataclass
class Node:
    tag: str
    attrs: dict[str, str]
    children: list[Node | str] = field(default_factory=list)

    def iter(self) -> Iterator[Node]:
        yield self
        for child in self.children:
            if isinstance(child, Node):
                yield from child.iter()

    def find_all(self, tag: str | None = None, **attrs: str) -> list[Node]:
        return [
            node
            for node in self.iter()
            if (tag is None or node.tag == tag)
            and all(node.has(_attr(k), v) for k, v in attrs.items())
        ]

    def has(self, name: str, value: str) -> bool:
        if name == "class":
            return value in self.attrs.get("class", "").split()
        return self.attrs.get(name) == value

    def find(self, tag: str | None = None, **attrs: str) -> Node:
        """The first match; keyword `class_` is one of the classes, `aria_x` is aria-x."""
        found = self.find_all(tag, **attrs)
        assert found, f"no <{tag} {attrs}>"
        return found[0]

    def by_id(self, id_: str) -> Node:
        return self.find(id=id_)

    def text(self) -> str:
        parts = [c if isinstance(c, str) else c.text() for c in self.children]
        return re.sub(r"\s+", " ", "".join(parts)).strip()

    def hrefs(self) -> list[str]:
        return [a.attrs["href"] for a in self.find_all("a")]


def _attr(keyword: str) -> str:
    return keyword.rstrip("_").replace("_", "-")


class _Builder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("#document", {})
        self.stack = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        node = Node(tag, {k: v or "" for k, v in attrs})
        self.stack[-1].children.append(node)
        if tag not in VOID:
            self.stack.append(node)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.stack[-1].children.append(Node(tag, {k: v or "" for k, v in attrs}))

    def handle_endtag(self, tag: str) -> None:
        for index in range(len(self.stack) - 1, 0, -1):
            if self.stack[index].tag == tag:
                del self.stack[index:]
                return

    def handle_data(self, data: str) -> None:
        self.stack[-1].children.append(data)


def dom(path: Path) -> Node:
    builder = _Builder()
    builder.feed(path.read_text("utf-8"))
    return builder.root


def resolve(page: str, href: str) -> str:
    """A relative link from a page (both relative to the site root) as a path from the root."""
    return posixpath.normpath(posixpath.join(posixpath.dirname(page), href))


def main_of(path: Path) -> Node:
    return dom(path).find("main")


# -- building ----------------------------------------------------------------------------------


def write_demo(out: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(DEMO_SCRIPT), str(out), *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
        check=False,
    )


def build(content: Path, out: Path) -> Corpus:
    result = run_cli("--content", content, "--out", out, cwd=content.parent)
    assert result.returncode == 0, result.stderr
    corpus, warnings = load_corpus(content)
    return corpus


@dataclass(frozen=True)
class Built:
    content: Path
    site: Path
    corpus: Corpus

    def series_ids(self) -> list[str]:
        return sorted({r.series for r in self.corpus.reports})

    def reports(self, series: str) -> list[Report]:
        """Oldest first."""
        return [r for r in self.corpus.reports if r.series == series]


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Built:
    base = tmp_path_factory.mktemp("demo")
    result = write_demo(base / "content", "--bodies", "3", "--years", "2022-2024")
    assert result.returncode == 0, result.stderr
    return Built(base / "content", base / "site", build(base / "content", base / "site"))


@pytest.fixture(scope="module")
def copied(tmp_path_factory: pytest.TempPathFactory) -> Built:
    """The real example copied as its own 2025 report (following two of the 2024 tasks) and
    as the only report of a second series, as the issue's check describes."""
    base = tmp_path_factory.mktemp("copied")
    content = Path(shutil.copytree(CONTENT, base / "content"))
    seed = (CONTENT / "reports" / "wayao-renda" / "2024.yaml").read_text("utf-8")
    later = seed.replace("\nyear: 2024\n", "\nyear: 2025\n")
    later = later.replace("published: 2025-08-29", "published: 2026-03-02")
    later = later.replace("20250829-00001", "20260302-00001")
    for section, task in (("party-leadership", "mission"), ("central-work", "oversight")):
        later = later.replace(
            f"    - id: {section}\n", f"    - id: {section}\n      follows: {task}\n"
        )
    (content / "reports" / "wayao-renda" / "2025.yaml").write_text(later, "utf-8")
    other = seed.replace("series: wayao-renda", "series: wayao-zhengfu")
    other = other.replace("20250829-00001", "20250829-00002")
    (content / "reports" / "wayao-zhengfu").mkdir()
    (content / "reports" / "wayao-zhengfu" / "2024.yaml").write_text(other, "utf-8")
    with (content / "site.yaml").open("a", encoding="utf-8") as site:
        site.write(
            "  wayao-zhengfu:\n"
            "    name: {zh: 瓦窑镇政府工作报告, en: Government Work Reports of Wayao Town}\n"
            "    body: {zh: 瓦窑镇人民政府, en: People's Government of Wayao Town}\n"
        )
    return Built(content, base / "site", build(content, base / "site"))


@pytest.fixture(scope="module")
def case(tmp_path_factory: pytest.TempPathFactory) -> Built:
    base = tmp_path_factory.mktemp("case")
    content = Path(shutil.copytree(CASE, base / "content"))
    return Built(content, base / "site", build(content, base / "site"))


# -- expectations from the model ---------------------------------------------------------------


def follows_links(built: Built) -> list[tuple[Report, str, Report, str]]:
    """(report, section id, last year's report, task id) for every followed task."""
    by_key = {(r.series, r.year): r for r in built.corpus.reports}
    found = []
    for report in built.corpus.reports:
        previous = by_key.get((report.series, report.year - 1))
        for section in report.review.sections:
            if section.follows and previous:
                found.append((report, section.id, previous, section.follows))
    return found


def expected_plan(built: Built, series: str, lang: str) -> list[tuple[str, str, str, str]]:
    """Rows of the plan table: (year, task link, status text, status link)."""
    reports = built.reports(series)
    by_year = {r.year: r for r in reports}
    rows = []
    for report in reversed(reports):
        for task in report.tasks.items if report.tasks else ():
            due = report.year + 1
            following = by_year.get(due)
            sections = following.review.sections if following else ()
            section = next((s.id for s in sections if s.follows == task.id), None)
            if section:
                status, link = "reported", f"{due}/index.html#{section}"
            elif following:
                status, link = "not-reported", ""
            elif reports[-1].year > report.year:
                status, link = "missing", ""
            else:
                status, link = "awaiting", ""
            year = f"{due}年" if lang == "zh" else str(due)
            task_link = f"{report.year}/index.html#task-{task.id}"
            rows.append((year, task_link, STATUS[status][lang].format(due=due), link))
    return rows


def spanning_keys(built: Built, series: str) -> dict[str, list[tuple[int, Figure]]]:
    years: dict[str, list[tuple[int, Figure]]] = {}
    for report in built.reports(series):
        for section in report.review.sections:
            for item in section.items:
                for figure in item.figures:
                    years.setdefault(figure.key, []).append((report.year, figure))
    return {key: found for key, found in years.items() if len(found) >= 2}


def shown_value(figure: Figure, lang: str) -> str:
    number = format_number(figure.value)
    mark = APPROX[lang] if figure.approx else ""
    unit = figure.unit.get(Lang(lang)) or figure.unit.zh
    return f"{number}{mark}{unit}" if lang == "zh" else f"{number}{mark} {unit}"


def figures_of(report: Report) -> list[Figure]:
    return [f for s in report.review.sections for i in s.items for f in i.figures]


# -- the demo archive script -------------------------------------------------------------------


def test_demo_content_validates_without_a_warning(demo: Built) -> None:
    result = run_cli("check", "--strict", "--content", demo.content, cwd=demo.content.parent)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert demo.series_ids() == ["demo-renda", "demo-xxgk-nianbao", "demo-zhengfu"]
    assert sorted({r.year for r in demo.corpus.reports}) == [2022, 2023, 2024]


def test_demo_marks_everything_as_demo_data(demo: Built) -> None:
    site = demo.corpus.site
    assert "演示数据" in site.title.zh and "DEMO DATA" in (site.title.en or "")
    for series in site.series.values():
        assert "演示数据" in series.name.zh and "DEMO DATA" in (series.name.en or "")
    for report in demo.corpus.reports:
        for text in (report.title, report.headline):
            assert text is not None
            assert "演示数据" in text.zh and "DEMO DATA" in (text.en or ""), text
    assert (demo.content / "DEMO-DATA.txt").is_file()


def test_demo_is_deterministic_and_rewrites_its_own_folder(tmp_path: Path, demo: Built) -> None:
    out = tmp_path / "again"
    assert write_demo(out, "--bodies", "3", "--years", "2022-2024").returncode == 0
    assert tree_bytes(out) == tree_bytes(demo.content)
    # Fewer years the second time: no report of the first run may survive into the second.
    assert write_demo(out, "--bodies", "1", "--years", "2024").returncode == 0
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*.yaml")) == [
        "glossary.yaml",
        "reports/demo-renda/2024.yaml",
        "site.yaml",
    ]


def test_demo_makes_more_bodies_on_request(tmp_path: Path) -> None:
    assert write_demo(tmp_path / "c", "--bodies", "5", "--years", "2023-2024").returncode == 0
    corpus, warnings = load_corpus(tmp_path / "c", strict=True)
    assert len(corpus.site.series) == 5 and len(corpus.reports) == 10
    assert warnings == ()


@pytest.mark.parametrize("target", ["content", "content/reports", ".", "foreign"])
def test_demo_refuses_the_real_content_and_foreign_folders(target: str, tmp_path: Path) -> None:
    before = tree_bytes(CONTENT)
    foreign = tmp_path / "foreign"
    foreign.mkdir()
    (foreign / "notes.txt").write_text("keep")
    out = foreign if target == "foreign" else ROOT / target
    result = write_demo(out)
    assert result.returncode == 2
    assert "refusing" in result.stderr
    assert tree_bytes(CONTENT) == before
    assert [p.name for p in foreign.iterdir()] == ["notes.txt"]


# -- archive, series and report pages link each other -------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_archive_lists_every_report_by_year_and_every_series(lang: str, demo: Built) -> None:
    main = main_of(demo.site / lang / "index.html")
    years = sorted({r.year for r in demo.corpus.reports}, reverse=True)
    headings = [n.attrs.get("id", "") for n in main.find_all("h3")]
    assert [h for h in headings if h.startswith("year_")] == [f"year_{year}" for year in years]
    for year in years:
        block = main.find("section", aria_labelledby=f"year_{year}")
        reports = [r for r in demo.corpus.reports if r.year == year]
        newest_first = sorted(reports, key=lambda r: r.disclosure.published, reverse=True)
        titles = block.find_all("h4")
        assert [t.find("a").attrs["href"] for t in titles] == [
            f"{r.series}/{r.year}/index.html" for r in newest_first
        ]
        entries = block.find_all("li", class_="entry")
        for report, entry in zip(newest_first, entries, strict=True):
            text = entry.text()
            assert report.disclosure.index_no in text
            assert report.disclosure.published.isoformat() in text
            body = demo.corpus.site.series[report.series].body.get(Lang(lang))
            assert body and body in text
    by_body = main.find("section", aria_labelledby="by_body")
    for series in demo.series_ids():
        assert f"{series}/index.html" in by_body.hrefs()
        for report in demo.reports(series):
            assert f"{series}/{report.year}/index.html" in by_body.hrefs()


@pytest.mark.parametrize("lang", LANGS)
def test_series_page_lists_every_year_newest_first(lang: str, demo: Built) -> None:
    for series in demo.series_ids():
        page = dom(demo.site / lang / series / "index.html")
        listing = page.find("section", aria_labelledby="reports_by_year")
        expected = [f"{r.year}/index.html" for r in reversed(demo.reports(series))]
        assert listing.hrefs() == expected
        crumbs = page.find("nav", class_="breadcrumbs").hrefs()
        assert crumbs == ["../../index.html", "../index.html", "index.html"]


@pytest.mark.parametrize("kind", ["zh", "en", "bilingual"])
def test_reports_link_their_neighbours_series_and_archive(kind: str, demo: Built) -> None:
    archive = "zh" if kind == "bilingual" else kind
    for series in demo.series_ids():
        reports = demo.reports(series)
        for index, report in enumerate(reports):
            name = f"{kind}/{series}/{report.year}/index.html"
            page = dom(demo.site / name)
            crumbs = [
                resolve(name, href) for href in page.find("nav", class_="breadcrumbs").hrefs()
            ]
            assert crumbs[:3] == [
                "index.html",
                f"{archive}/index.html",
                f"{archive}/{series}/index.html",
            ]
            nav = page.find("nav", class_="year-nav")
            rels = {a.attrs["rel"]: a.attrs["href"] for a in nav.find_all("a")}
            expected = {}
            if index:
                expected["prev"] = f"../{reports[index - 1].year}/index.html"
            if index + 1 < len(reports):
                expected["next"] = f"../{reports[index + 1].year}/index.html"
            assert rels == expected


def test_every_link_and_anchor_resolves(demo: Built) -> None:
    broken = []
    for path in sorted(demo.site.rglob("*.html")):
        page = Page(path.read_text("utf-8"))
        for link in page.links + list(page.alternates.values()):
            target, _, fragment = link.partition("#")
            file = (path.parent / target).resolve() if target else path
            if not file.is_file():
                broken.append(f"{path.relative_to(demo.site)} → {link}")
            elif fragment and fragment not in Page(file.read_text("utf-8")).ids:
                broken.append(f"{path.relative_to(demo.site)} → {link} (no such id)")
    assert broken == []


# -- plan against delivery ---------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["zh", "en", "bilingual"])
def test_follows_links_in_both_directions(kind: str, demo: Built) -> None:
    links = follows_links(demo)
    assert links, "the demo archive has sections that follow tasks"
    for report, section, previous, task in links:
        here = demo.site / kind / report.series / str(report.year) / "index.html"
        back = dom(here).by_id(section).hrefs()
        assert f"../{previous.year}/index.html#task-{task}" in back
        there = demo.site / kind / previous.series / str(previous.year) / "index.html"
        forward = dom(there).by_id(f"task-{task}").hrefs()
        # The parallel view has the link twice, in the Chinese and in the English cell.
        assert set(forward) == {f"../{report.year}/index.html#{section}"}


@pytest.mark.parametrize("lang", LANGS)
def test_follows_links_in_the_markdown_twins(lang: str, demo: Built) -> None:
    for report, section, previous, task in follows_links(demo):
        for kind, folder in ((lang, lang), ("bilingual", "bilingual")):
            twin = demo.site / folder / report.series / str(report.year) / "index.md"
            assert f"(../{previous.year}/index.html#task-{task})" in twin.read_text("utf-8")
            earlier = demo.site / folder / previous.series / str(previous.year) / "index.md"
            assert f"(../{report.year}/index.html#{section})" in earlier.read_text("utf-8"), kind


def test_unfollowed_tasks_say_so_on_the_report(demo: Built) -> None:
    page = dom(demo.site / "en" / "demo-renda" / "2023" / "index.html")
    assert page.by_id("task-capability").find("p", class_="cross-year").text() == (
        "Not reported on in the 2024 report"
    )
    newest = dom(demo.site / "zh" / "demo-renda" / "2024" / "index.html")
    assert newest.by_id("task-capability").find_all("p", class_="cross-year") == []


def plan_rows(page: Path) -> list[tuple[str, str, str, str]]:
    table = main_of(page).find("table", class_="plan-table")
    rows = []
    for row in table.find("tbody").find_all("tr"):
        year, task, status = (c for c in row.children if isinstance(c, Node))
        status_links = status.hrefs()
        text = status.text().partition("：" if "：" in status.text() else ":")[0]
        rows.append((year.text(), task.hrefs()[0], text, status_links[0] if status_links else ""))
    return rows


@pytest.mark.parametrize("lang", LANGS)
def test_plan_against_delivery_table(lang: str, demo: Built) -> None:
    for series in demo.series_ids():
        expected = expected_plan(demo, series, lang)
        page = demo.site / lang / series / "index.html"
        if not expected:
            assert main_of(page).find_all("table", class_="plan-table") == []
            continue
        assert plan_rows(page) == expected
    kinds = {row[2] for row in expected_plan(demo, "demo-renda", "en")}
    assert {"Awaiting the 2025 report", "Not reported on in the 2024 report"} <= kinds


def test_plan_marks_a_missing_year(tmp_path: Path) -> None:
    content = tmp_path / "content"
    assert write_demo(content, "--bodies", "1", "--years", "2021-2023").returncode == 0
    (content / "reports" / "demo-renda" / "2022.yaml").unlink()
    built = Built(content, tmp_path / "site", build(content, tmp_path / "site"))
    rows = plan_rows(built.site / "en" / "demo-renda" / "index.html")
    assert rows == expected_plan(built, "demo-renda", "en")
    assert ("2022", "2021/index.html#task-mission", "No 2022 report in this archive", "") in rows


def test_plan_in_the_series_markdown_twin(demo: Built) -> None:
    twin = (demo.site / "zh" / "demo-renda" / "index.md").read_text("utf-8")
    for year, task, status, link in expected_plan(demo, "demo-renda", "zh"):
        row = next(line for line in twin.splitlines() if f"]({task})" in line)
        assert row.startswith(f"| {year} |") and status in row
        assert link in row


# -- key figures -------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_charts_exactly_where_a_figure_spans_years(lang: str, demo: Built) -> None:
    for series in demo.series_ids():
        page = main_of(demo.site / lang / series / "index.html")
        spanning = spanning_keys(demo, series)
        charts = page.find_all("svg")
        assert sorted(svg.attrs["aria-labelledby"] for svg in charts) == sorted(
            f"figure-{key}-title" for key in spanning
        )
        for key, found in spanning.items():
            track = page.find("section", aria_labelledby=f"figure-{key}")
            svg = track.find("svg")
            assert svg.attrs["role"] == "img"
            title = svg.by_id(f"figure-{key}-title")
            assert title.tag == "title" and str(found[0][0]) in title.text()
            desc = svg.by_id(svg.attrs["aria-describedby"])
            assert desc.tag == "desc"
            assert all("style" not in node.attrs for node in svg.iter())
            assert len(svg.find_all("rect")) == len(found)
            rows = track.find("table").find("tbody").find_all("tr")
            assert [(r.find("th").text(), r.find("td").text()) for r in rows] == [
                (f"{year}年" if lang == "zh" else str(year), shown_value(figure, lang))
                for year, figure in found
            ]
            for _, figure in found:
                assert shown_value(figure, lang) in desc.text()


def test_single_year_figures_get_no_chart(demo: Built) -> None:
    keys = {f.key for report in demo.reports("demo-renda") for f in figures_of(report)}
    single = keys - set(spanning_keys(demo, "demo-renda"))
    assert single, "the demo archive has figures quoted in one year only"
    page = (demo.site / "en" / "demo-renda" / "index.html").read_text("utf-8")
    for key in single:
        assert f"figure-{key}" not in page


@pytest.mark.parametrize("kind", ["zh", "en", "bilingual"])
def test_key_figures_panel_lists_each_figure(kind: str, demo: Built) -> None:
    for report in demo.corpus.reports:
        page = dom(demo.site / kind / report.series / str(report.year) / "index.html")
        panel = page.find("section", class_="key-figures")
        rows = panel.find("tbody").find_all("tr")
        expected = [
            (f"index.html#{section.id}_{number}", figure)
            for section in report.review.sections
            for number, item in enumerate(section.items, 1)
            for figure in item.figures
        ]
        assert len(rows) == len(expected)
        for row, (href, figure) in zip(rows, expected, strict=True):
            assert row.find("th").hrefs() == [href]
            anchor = href.partition("#")[2]
            quoted = page.by_id(anchor).find_all("data", class_="figure")
            assert format_number(figure.value) in [d.attrs["value"] for d in quoted]
            value = row.find("td").text()
            for lang in LANGS if kind == "bilingual" else (kind,):
                assert shown_value(figure, lang) in value


def test_key_figures_in_the_markdown_twin(demo: Built) -> None:
    report = demo.reports("demo-renda")[-1]
    twin = (demo.site / "en" / "demo-renda" / str(report.year) / "index.md").read_text("utf-8")
    table = twin.partition("## Key figures\n")[2]
    for section in report.review.sections:
        for item in section.items:
            for figure in item.figures:
                assert f"| {shown_value(figure, 'en')} |" in table


def test_series_markdown_twin_has_the_chart_numbers(demo: Built) -> None:
    twin = (demo.site / "en" / "demo-renda" / "index.md").read_text("utf-8")
    for found in spanning_keys(demo, "demo-renda").values():
        heading = found[-1][1].label.en or ""
        section = twin.partition(f"### {heading[:1].upper()}{heading[1:]}\n")[2]
        section = section.partition("\n### ")[0]
        for year, figure in found:
            assert f"| [{year}](" in section and f") | {shown_value(figure, 'en')} |" in section


def test_chart_geometry() -> None:
    chart = bar_chart([6, 8, 5], ["6", "8", "5"])
    numbers = [chart.width, chart.height, chart.zero_x] + [
        value for bar in chart.bars for value in (bar.x, bar.width, bar.label_x, bar.text_y)
    ]
    assert all(re.fullmatch(r"-?\d+\.\d", n) for n in numbers), numbers
    widths = [float(bar.width) for bar in chart.bars]
    assert widths[1] == max(widths) and abs(widths[0] / widths[1] - 6 / 8) < 0.01
    assert {bar.x for bar in chart.bars} == {chart.zero_x}
    assert float(chart.height) > 3 * float(chart.bars[0].height)
    # Nothing to scale: no division by zero, no bar.
    assert {bar.width for bar in bar_chart([0, 0], ["0", "0"]).bars} == {"0.0"}
    # A fall below zero draws left of the zero line.
    mixed = bar_chart([-2, 4], ["-2", "4"])
    assert float(mixed.bars[0].x) + float(mixed.bars[0].width) == pytest.approx(
        float(mixed.zero_x), abs=0.11
    )
    assert float(mixed.bars[1].x) == float(mixed.zero_x)
    with pytest.raises(ValueError):
        bar_chart([1, 2], ["1"])


# -- the real report copied under another year and series ---------------------------------------


def test_copied_report_builds_a_linked_archive(copied: Built) -> None:
    for lang in LANGS:
        archive = main_of(copied.site / lang / "index.html")
        assert archive.by_id("year_2025") and archive.by_id("year_2024")
        assert "wayao-zhengfu/index.html" in archive.hrefs()
        series = copied.site / lang / "wayao-renda" / "index.html"
        assert plan_rows(series) == expected_plan(copied, "wayao-renda", lang)
        statuses = [row[2] for row in plan_rows(series)]
        reported = STATUS["reported"][lang].format(due=2025)
        missed = STATUS["not-reported"][lang].format(due=2025)
        assert statuses.count(reported) == 2 and statuses.count(missed) == 2
        # Every figure of the report is quoted in both years: one chart each.
        figures = figures_of(copied.reports("wayao-renda")[0])
        assert len(main_of(series).find_all("svg")) == len(figures)
        other = main_of(copied.site / lang / "wayao-zhengfu" / "index.html")
        assert other.find_all("svg") == []
    later = dom(copied.site / "zh" / "wayao-renda" / "2025" / "index.html")
    assert "../2024/index.html#task-mission" in later.by_id("party-leadership").hrefs()
    earlier = dom(copied.site / "en" / "wayao-renda" / "2024" / "index.html")
    assert earlier.by_id("task-oversight").hrefs() == ["../2025/index.html#central-work"]


# -- golden pages of the small case ------------------------------------------------------------

GOLDEN_PAGES = [
    "zh/index.html",
    "zh/test-renda/index.html",
    "en/test-renda/index.html",
    "zh/test-renda/index.md",
    "en/test-renda/index.md",
    "zh/test-renda/2023/index.html",
    "en/test-renda/2023/index.html",
    "bilingual/test-renda/2023/index.html",
    "zh/test-renda/2023/index.md",
    "bilingual/test-renda/2023/index.md",
    "en/test-zhengfu/index.html",
]


@pytest.mark.parametrize("name", GOLDEN_PAGES)
def test_small_archive_pages_match_golden(name: str, case: Built, golden: Golden) -> None:
    golden.check(GOLDEN / name, (case.site / name).read_bytes())


def test_small_archive_expectations(case: Built) -> None:
    """What the golden pages must show, stated once so a regenerated golden can be trusted."""
    assert expected_plan(case, "test-renda", "en") == [
        ("2025", "2024/index.html#task-study", "Awaiting the 2025 report", ""),
        ("2024", "2023/index.html#task-study", "Reported on in the 2024 report",
         "2024/index.html#study-review"),
        ("2024", "2023/index.html#task-outreach", "Not reported on in the 2024 report", ""),
        ("2023", "2022/index.html#task-study", "Reported on in the 2023 report",
         "2023/index.html#study-review"),
        ("2023", "2022/index.html#task-visits", "Not reported on in the 2023 report", ""),
    ]  # fmt: skip
    assert plan_rows(case.site / "en" / "test-renda" / "index.html") == expected_plan(
        case, "test-renda", "en"
    )
    assert sorted(spanning_keys(case, "test-renda")) == ["materials", "study-sessions"]
    assert spanning_keys(case, "test-zhengfu") == {}
    zhengfu = main_of(case.site / "en" / "test-zhengfu" / "index.html")
    assert zhengfu.find_all("table") == [] and zhengfu.find_all("svg") == []


# -- the archive's own pages in the checkers (charts and plan tables need several years) ---------

VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM = Path(os.environ.get("REPORTSITE_CHROMIUM", "/usr/bin/chromium"))
CHECKED = [
    "zh/index.html",
    "en/index.html",
    "zh/demo-renda/index.html",
    "en/demo-renda/index.html",
    "en/demo-xxgk-nianbao/index.html",
    "zh/demo-renda/2023/index.html",
    "en/demo-renda/2023/index.html",
    "bilingual/demo-renda/2023/index.html",
]
_AXE_JS = """async () => {
  axe.configure({checks: [{id: 'color-contrast', options: {contrastRatio: {
    normal: {expected: 4.5}, large: {expected: 4.5}}}}]});
  const results = await axe.run(document, {runOnly: {type: 'tag',
    values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']}});
  return results.violations.map(v => `${v.id}: ${v.nodes.map(n => n.target.join(' ')).join(', ')}`);
}"""


def _require(available: bool, reason: str) -> None:
    if not available:
        if os.environ.get("REPORTSITE_REQUIRE_BROWSER") == "1":
            pytest.fail(reason)
        pytest.skip(reason)


@pytest.mark.browser
def test_archive_pages_are_valid_html(demo: Built) -> None:
    java = shutil.which("java")
    _require(java is not None and VNU.is_file(), "Java or vnu is missing (npm ci)")
    assert java is not None
    result = subprocess.run(
        [java, "-jar", str(VNU), "--errors-only", *(str(demo.site / n) for n in CHECKED)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr


@pytest.mark.browser
@pytest.mark.parametrize("width", [1280, 320])
def test_archive_pages_pass_axe_and_fit_the_width(width: int, demo: Built) -> None:
    playwright = pytest.importorskip("playwright.sync_api")
    _require(CHROMIUM.is_file() and AXE.is_file(), "Chromium or axe-core is missing")
    problems = []
    with playwright.sync_playwright() as driver:
        browser = driver.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox"])
        context = browser.new_context(bypass_csp=True, viewport={"width": width, "height": 900})
        try:
            for name in CHECKED:
                page = context.new_page()
                page.goto((demo.site / name).as_uri(), wait_until="load")
                for mode in ("normal", "large-text"):
                    if mode == "large-text":
                        page.evaluate("() => document.documentElement.classList.add('large-text')")
                    page.add_script_tag(path=str(AXE))
                    problems += [f"{name} ({mode}): {v}" for v in page.evaluate(_AXE_JS)]
                    wide = page.evaluate("() => document.documentElement.scrollWidth")
                    if wide > width:
                        problems.append(f"{name} ({mode}): {wide} px wide at {width} px")
                page.close()
        finally:
            browser.close()
    assert problems == []
