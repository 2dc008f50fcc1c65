"""Feeds and maps: the Atom feed of each language checked against the rules of RFC 4287 that
matter (there is no validator on this machine), the sitemap's pages and hreflang alternates,
and robots.txt, for the example and for a small archive of several years under a sub-path."""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path

import pytest

from reportsite import discovery, pipeline

from .conftest import REPORT_YAML, ROOT, SITE_YAML, MakeContent, run_cli

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
EXAMPLE_ROOT = "https://www.longyang.gov.cn/"
RFC3339 = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:\d\d)$")
IRI = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:\S+$")
LANGS = {"zh": "zh-CN", "en": "en"}


def atom_problems(data: bytes) -> list[str]:
    """What breaks RFC 4287 in a feed document: the rules a reader relies on."""
    problems: list[str] = []
    feed = ET.fromstring(data)
    if feed.tag != f"{ATOM}feed":
        return [f"root element is {feed.tag}, not atom:feed"]

    def one(parent: ET.Element, name: str, where: str) -> ET.Element | None:
        found = parent.findall(f"{ATOM}{name}")
        if len(found) != 1:
            problems.append(f"{where}: {len(found)} atom:{name} (exactly 1 required)")
        return found[0] if found else None

    def check_common(element: ET.Element, where: str) -> None:
        for name in ("id", "title", "updated"):
            value = one(element, name, where)
            if value is None:
                continue
            text = (value.text or "").strip()
            if not text:
                problems.append(f"{where}: atom:{name} is empty")
            if name == "id" and not IRI.match(text):
                problems.append(f"{where}: atom:id {text!r} is not an absolute IRI")
            if name == "updated" and not RFC3339.match(text):
                problems.append(f"{where}: atom:updated {text!r} is not an RFC 3339 date-time")
        for date in element.findall(f"{ATOM}published"):
            if not RFC3339.match(date.text or ""):
                problems.append(f"{where}: atom:published {date.text!r} is not RFC 3339")
        pairs = Counter(
            (link.get("type"), link.get("hreflang"))
            for link in element.findall(f"{ATOM}link")
            if link.get("rel", "alternate") == "alternate"
        )
        problems.extend(
            f"{where}: two alternate links for {pair}" for pair, n in pairs.items() if n > 1
        )
        for link in element.findall(f"{ATOM}link"):
            if not link.get("href"):
                problems.append(f"{where}: atom:link without href")
        for title in element.findall(f"{ATOM}title"):
            if title.get("type", "text") not in ("text", "html", "xhtml"):
                problems.append(f"{where}: atom:title type {title.get('type')!r}")

    check_common(feed, "feed")
    if not any(link.get("rel") == "self" for link in feed.findall(f"{ATOM}link")):
        problems.append("feed: no atom:link rel=self (SHOULD)")
    feed_author = feed.find(f"{ATOM}author/{ATOM}name") is not None
    ids = []
    for number, entry in enumerate(feed.findall(f"{ATOM}entry"), 1):
        where = f"entry {number}"
        check_common(entry, where)
        ids += [(element.text or "") for element in entry.findall(f"{ATOM}id")]
        if not feed_author and entry.find(f"{ATOM}author/{ATOM}name") is None:
            problems.append(f"{where}: no atom:author, and the feed has none")
        alternate = [
            link
            for link in entry.findall(f"{ATOM}link")
            if link.get("rel", "alternate") == "alternate"
        ]
        if not alternate and entry.find(f"{ATOM}content") is None:
            problems.append(f"{where}: neither atom:content nor an alternate link")
        if entry.find(f"{ATOM}content") is None and entry.find(f"{ATOM}summary") is None:
            problems.append(f"{where}: no atom:summary (SHOULD, without atom:content)")
    problems.extend(f"entry id {i!r} used {n} times" for i, n in Counter(ids).items() if n > 1)
    return problems


def parse_date(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text)


# -- the example -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("feeds") / "site"
    result = run_cli("--no-search", "--out", out, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    return out


@pytest.mark.parametrize("lang", LANGS)
def test_example_feed_is_valid_atom(example: Path, lang: str) -> None:
    data = (example / lang / "feed.xml").read_bytes()
    assert data.startswith(b'<?xml version="1.0" encoding="utf-8"?>\n<feed ')
    assert atom_problems(data) == []
    feed = ET.fromstring(data)
    assert feed.get(XML_LANG) == LANGS[lang]
    assert feed.findtext(f"{ATOM}id") == f"{EXAMPLE_ROOT}{lang}/feed.xml"
    links = {link.get("rel"): link.get("href") for link in feed.findall(f"{ATOM}link")}
    assert links == {
        "self": f"{EXAMPLE_ROOT}{lang}/feed.xml",
        "alternate": f"{EXAMPLE_ROOT}{lang}/index.html",
    }
    assert feed.findtext(f"{ATOM}updated") == "2025-08-29T00:00:00+08:00"
    [entry] = feed.findall(f"{ATOM}entry")
    assert entry.findtext(f"{ATOM}id") == f"tag:www.longyang.gov.cn,2024:wayao-renda/2024/{lang}"
    link = entry.find(f"{ATOM}link")
    assert link is not None
    assert link.get("href") == f"{EXAMPLE_ROOT}{lang}/wayao-renda/2024/index.html"
    assert (example / lang / "wayao-renda" / "2024" / "index.html").is_file()
    titles = {
        "zh": "2024年人大主席团工作报告",
        "en": "2024 Work Report of the Presidium of the Town People's Congress",
    }
    assert entry.findtext(f"{ATOM}title") == titles[lang]
    summary = entry.findtext(f"{ATOM}summary") or ""
    assert summary.startswith("夯基固本强履职" if lang == "zh" else "Consolidating Foundations")


def test_every_page_announces_its_feed(example: Path) -> None:
    feed_link = re.compile(r'<link rel="alternate" type="application/atom\+xml" href="([^"]+)"')
    for page in sorted(example.rglob("*.html")):
        hrefs = feed_link.findall(page.read_text("utf-8"))
        name = page.relative_to(example).as_posix()
        assert hrefs, f"{name} links to no feed"
        for href in hrefs:
            assert (page.parent / href).resolve().is_file(), f"{name}: {href}"


def test_example_sitemap_lists_every_page_with_its_alternates(example: Path) -> None:
    urls = sitemap_urls(example / "sitemap.xml")
    pages = {
        page.relative_to(example).as_posix()
        for page in example.rglob("*.html")
        if page.name == "index.html" and "search" not in page.parts
    }
    assert set(urls) == {EXAMPLE_ROOT + page for page in pages}
    for lang, other in (("zh", "en"), ("en", "zh")):
        report = f"{EXAMPLE_ROOT}{lang}/wayao-renda/2024/index.html"
        assert urls[report] == {
            LANGS[lang]: report,
            LANGS[other]: f"{EXAMPLE_ROOT}{other}/wayao-renda/2024/index.html",
            "x-default": f"{EXAMPLE_ROOT}zh/wayao-renda/2024/index.html",
        }
    assert urls[f"{EXAMPLE_ROOT}bilingual/wayao-renda/2024/index.html"] == {}
    lastmods = ET.parse(example / "sitemap.xml").getroot().iter(f"{SITEMAP}lastmod")
    assert {element.text for element in lastmods} == {"2025-08-29"}


def test_example_robots_allows_all_and_names_the_sitemap(example: Path) -> None:
    assert (example / "robots.txt").read_text("utf-8") == (
        f"User-agent: *\nAllow: /\n\nSitemap: {EXAMPLE_ROOT}sitemap.xml\n"
    )


def sitemap_urls(path: Path) -> dict[str, dict[str, str]]:
    """Each <loc> of a urlset, with its hreflang alternates; every loc listed once."""
    root = ET.parse(path).getroot()
    assert root.tag == f"{SITEMAP}urlset"
    found: dict[str, dict[str, str]] = {}
    for url in root.findall(f"{SITEMAP}url"):
        loc = url.findtext(f"{SITEMAP}loc") or ""
        assert loc not in found, f"{loc} listed twice"
        assert re.fullmatch(r"\d{4}-\d\d-\d\d", url.findtext(f"{SITEMAP}lastmod") or "")
        alternates = {}
        for link in url.findall(f"{XHTML}link"):
            assert link.get("rel") == "alternate"
            alternates[link.get("hreflang") or ""] = link.get("href") or ""
        found[loc] = alternates
    return found


# -- several years, two series, under a sub-path -----------------------------------------------

BASE = "https://www.example.gov.cn/xxgk/gzbg/"
PUBLISHED = {
    ("test-renda", 2021): "2022-02-01",
    ("test-renda", 2022): "2023-01-20",
    ("test-renda", 2023): "2024-03-05",
    ("test-zhengfu", 2023): "2024-02-10",
    ("test-zhengfu", 2024): "2025-01-15",
}


def archive_content(make_content: MakeContent, dates: dict[tuple[str, int], str]) -> Path:
    site = SITE_YAML.replace("base_path: /", "base_path: /xxgk/gzbg/") + (
        "  test-zhengfu:\n"
        "    name: {zh: 测试镇政府工作报告, en: Work Reports of the Test Town Government}\n"
        "    body: {zh: 测试镇人民政府, en: People's Government of Test Town}\n"
    )
    reports = {
        f"{series}/{year}.yaml": REPORT_YAML.replace("series: test-renda", f"series: {series}")
        .replace("year: 2024", f"year: {year}")
        .replace("published: 2025-01-10", f"published: {published}")
        for (series, year), published in dates.items()
    }
    return make_content(reports, site=site)


@pytest.fixture
def archive(make_content: MakeContent, tmp_path: Path) -> Path:
    content = archive_content(make_content, PUBLISHED)
    result = run_cli("--no-search", "--content", content, "--out", tmp_path / "site", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    return tmp_path / "site"


def entries(feed: Path) -> list[tuple[str, str, str]]:
    """(id, published, link) of each entry, in the feed's order."""
    root = ET.parse(feed).getroot()
    out = []
    for entry in root.findall(f"{ATOM}entry"):
        link = entry.find(f"{ATOM}link")
        assert link is not None
        out.append(
            (
                entry.findtext(f"{ATOM}id") or "",
                entry.findtext(f"{ATOM}published") or "",
                link.get("href") or "",
            )
        )
    return out


@pytest.mark.parametrize("lang", LANGS)
def test_archive_feed_has_every_report_newest_first(archive: Path, lang: str) -> None:
    data = (archive / lang / "feed.xml").read_bytes()
    assert atom_problems(data) == []
    found = entries(archive / lang / "feed.xml")
    newest_first = sorted(PUBLISHED.items(), key=lambda item: item[1], reverse=True)
    assert found == [
        (
            f"tag:www.example.gov.cn,{year}:{series}/{year}/{lang}",
            f"{published}T00:00:00+08:00",
            f"{BASE}{lang}/{series}/{year}/index.html",
        )
        for (series, year), published in newest_first
    ]
    for _, _, link in found:
        assert (archive / link.removeprefix(BASE)).is_file()
    updated = ET.parse(archive / lang / "feed.xml").getroot().findtext(f"{ATOM}updated")
    assert updated == max(published for _, published, _ in found)
    assert parse_date(updated or "").utcoffset() == dt.timedelta(hours=8)


def test_entry_ids_stay_when_a_date_is_corrected_or_a_report_is_added(
    archive: Path, make_content: MakeContent, tmp_path: Path
) -> None:
    before = {entry_id for entry_id, _, _ in entries(archive / "zh" / "feed.xml")}
    changed = {**PUBLISHED, ("test-renda", 2022): "2023-01-21", ("test-renda", 2024): "2025-02-01"}
    content = archive_content(make_content, changed)
    out = tmp_path / "again"
    result = run_cli("--no-search", "--content", content, "--out", out, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    after = {entry_id for entry_id, _, _ in entries(out / "zh" / "feed.xml")}
    assert after == before | {"tag:www.example.gov.cn,2024:test-renda/2024/zh"}


def test_zh_and_en_entries_have_ids_of_their_own(archive: Path) -> None:
    zh = {entry_id for entry_id, _, _ in entries(archive / "zh" / "feed.xml")}
    en = {entry_id for entry_id, _, _ in entries(archive / "en" / "feed.xml")}
    assert len(zh) == len(en) == len(PUBLISHED)
    assert not zh & en


def test_archive_sitemap_has_every_report_with_reciprocal_alternates(archive: Path) -> None:
    urls = sitemap_urls(archive / "sitemap.xml")
    for series, year in PUBLISHED:
        pages = {lang: f"{BASE}{lang}/{series}/{year}/index.html" for lang in LANGS}
        expected = {"zh-CN": pages["zh"], "en": pages["en"], "x-default": pages["zh"]}
        for page in pages.values():
            assert urls[page] == expected
        assert f"{BASE}bilingual/{series}/{year}/index.html" in urls
    for loc, alternates in urls.items():
        assert loc.startswith(BASE)
        assert (archive / loc.removeprefix(BASE)).is_file(), loc
        for href in alternates.values():
            assert href in urls and urls[href] == alternates, f"{loc} → {href} not reciprocal"
    assert f"{BASE}zh/test-zhengfu/index.html" in urls
    assert (archive / "robots.txt").read_text("utf-8").endswith(f"Sitemap: {BASE}sitemap.xml\n")


def test_a_large_sitemap_is_split_under_an_index(
    make_content: MakeContent, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The protocol allows 50,000 URLs a file; past that sitemap.xml indexes the parts."""
    content = archive_content(make_content, PUBLISHED)
    whole = tmp_path / "whole"
    pipeline.build(content, whole, search=False)
    monkeypatch.setattr(discovery, "SITEMAP_URLS", 7)
    split = tmp_path / "split"
    pipeline.build(content, split, search=False)
    index = ET.parse(split / "sitemap.xml").getroot()
    assert index.tag == f"{SITEMAP}sitemapindex"
    parts = [element.findtext(f"{SITEMAP}loc") or "" for element in index.iter(f"{SITEMAP}sitemap")]
    total = len(sitemap_urls(whole / "sitemap.xml"))
    assert parts == [f"{BASE}sitemap-{n}.xml" for n in range(1, -(-total // 7) + 1)]
    joined: dict[str, dict[str, str]] = {}
    for part in parts:
        joined.update(sitemap_urls(split / part.removeprefix(BASE)))
    assert joined == sitemap_urls(whole / "sitemap.xml")
