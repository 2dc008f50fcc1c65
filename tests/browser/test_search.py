"""Search in Chromium: real queries in Chinese and English through the Pagefind index that
`python build.py` wrote, served at `/` and under /xxgk/gzbg/. The report comes back, its link
opens it, nothing outside the site is requested and the strict CSP holds. Without JavaScript,
and opened from a file, the page says what to do instead and links to the archive."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, cast

import pytest

from ..conftest import REPORT_YAML, SITE_YAML, run_cli
from .conftest import PREFIX, Server, Site, _serve
from .pages import Watch, csp_violations
from .test_browser_axe import CONTRAST, WCAG_TAGS, readable, run_axe

if TYPE_CHECKING:
    from playwright.sync_api import Browser, BrowserContext, Page

pytestmark = pytest.mark.browser

REPORT = "wayao-renda/2024/index.html"
QUERIES = [
    ("zh", "人居环境"),
    ("zh", "代表建议"),
    ("zh", "乡村振兴"),
    ("zh", "人大代表 履职"),
    ("en", "deputies"),
    ("en", "rural revitalization"),
    ("en", "living environment"),
]
LABEL = re.compile(r"搜索词|Search for")
COUNT = re.compile(r"找到 \d+ 份报告|\d+ reports? found")


@pytest.fixture(params=["root", "prefix"])
def server(request: pytest.FixtureRequest, root_server: Server, prefix_server: Server) -> Server:
    return root_server if request.param == "root" else prefix_server


def search(page: Page, server: Server, lang: str, query: str) -> list[str]:
    """Open the search page, type the query as a reader does, wait for the count to be
    announced, and give the result links as the browser resolved them."""
    response = page.goto(f"{server.url}{lang}/search/index.html", wait_until="load")
    assert response is not None and response.status == 200
    page.get_by_label(LABEL).fill(query)
    status = page.get_by_role("status")
    status.filter(has_text=re.compile(rf"{COUNT.pattern}|没有找到|No reports")).wait_for()
    return cast(
        list[str],
        page.eval_on_selector_all(".search-results h2 a", "links => links.map(a => a.href)"),
    )


@pytest.mark.parametrize(("lang", "query"), QUERIES)
def test_query_finds_the_report_and_its_link_opens_it(
    lang: str, query: str, server: Server, context: BrowserContext
) -> None:
    page = context.new_page()
    watch = Watch()
    watch.attach(page)
    links = search(page, server, lang, query)
    expected = f"{server.url}{lang}/{REPORT}"
    assert expected in links, f"{query!r} on the {lang} search page gave {links}"
    assert COUNT.search(page.get_by_role("status").inner_text())
    assert not csp_violations(page)
    page.locator(".search-results h2 a").nth(links.index(expected)).click()
    # The search page is loaded already: waiting for "load" could return before the click's
    # navigation begins. Wait for the report's address itself.
    page.wait_for_url(expected, wait_until="load")
    assert page.evaluate("() => document.documentElement.lang") == (
        "zh-CN" if lang == "zh" else "en"
    )
    assert not watch.failed and not watch.errors, watch.failed + watch.errors
    outside = [url for url in watch.requests if not url.startswith(server.url)]
    assert not outside, f"requests outside {server.url}: {outside}"


def test_each_language_searches_its_own_index(root_server: Server, page: Page) -> None:
    """English words are not in the Chinese index, and the other way round."""
    assert search(page, root_server, "zh", "deputies") == []
    assert search(page, root_server, "en", "人居环境") == []
    assert page.get_by_role("status").inner_text() == "No reports found."


def test_a_query_in_the_address_runs_at_once(root_server: Server, page: Page) -> None:
    page.goto(f"{root_server.url}zh/search/index.html?q=乡村振兴", wait_until="load")
    assert page.get_by_label(LABEL).input_value() == "乡村振兴"
    page.locator(".search-results h2 a").first.wait_for()
    assert page.locator(".search-results h2 a").first.inner_text() == "2024年人大主席团工作报告"


def test_without_javascript_the_page_links_to_the_archive(
    browser: Browser, root_server: Server
) -> None:
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        for lang, words in (("zh", "JavaScript"), ("en", "needs JavaScript")):
            page.goto(f"{root_server.url}{lang}/search/index.html", wait_until="load")
            assert page.locator("form.search-form").is_hidden()
            fallback = page.locator(".search-fallback")
            assert fallback.is_visible() and words in fallback.inner_text()
            archive = fallback.get_by_role("link")
            assert archive.get_attribute("href") == "../index.html"
    finally:
        context.close()


def test_from_a_file_the_page_says_search_needs_a_server(site: Site, page: Page) -> None:
    watch = Watch()
    watch.attach(page)
    page.goto((site.root / "en/search/index.html").resolve().as_uri(), wait_until="load")
    fallback = page.locator(".search-fallback")
    assert "served from a web server" in fallback.inner_text()
    assert page.locator("form.search-form").is_hidden()
    assert not watch.errors and not csp_violations(page)


@pytest.mark.parametrize(("lang", "query"), [("zh", "乡村振兴"), ("en", "deputies")])
def test_axe_finds_no_violations_with_results_shown(
    lang: str, query: str, axe_context: BrowserContext, root_server: Server
) -> None:
    page = axe_context.new_page()
    try:
        assert search(page, root_server, lang, query)
        results = run_axe(page)
    finally:
        page.close()
    assert not results["violations"], readable(results["violations"])
    assert not results["incomplete"], (
        f"axe-core could not verify colour contrast ≥ {CONTRAST}:1 ({WCAG_TAGS}):\n"
        + readable(results["incomplete"])
    )


SHARD_WORDS = (
    (2022, "水库除险", "reservoir"),
    (2023, "河道清淤", "dredging"),
    (2024, "道路硬化", "paving"),
)


@pytest.fixture(scope="module")
def sharded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """A site of three years, each its own search shard, served at /xxgk/gzbg/."""
    folder = tmp_path_factory.mktemp("sharded")
    content = folder / "content"
    (content / "reports" / "test-renda").mkdir(parents=True)
    (content / "site.yaml").write_text(SITE_YAML, "utf-8")
    for year, word, english in SHARD_WORDS:
        report = (
            REPORT_YAML.replace("2024", str(year))
            .replace("全年组织学习6次。", f"全年组织学习6次，完成{word}工程。")
            .replace("We held 6 study sessions.", f"We held 6 study sessions and {english} work.")
        )
        (content / "reports" / "test-renda" / f"{year}.yaml").write_text(report, "utf-8")
    result = run_cli("--content", content, "--out", folder / "site", cwd=folder)
    assert result.returncode == 0, result.stderr
    assert json.loads((folder / "site" / "pagefind" / "shards.json").read_text()) == [
        "2024",
        "2023",
        "2022",
    ]
    yield from _serve(folder / "site", PREFIX)


@pytest.mark.parametrize(
    ("lang", "query", "year"),
    [
        ("zh", "水库除险", 2022),
        ("zh", "河道清淤", 2023),
        ("en", "paving", 2024),
        ("en", "reservoir", 2022),
    ],
)
def test_every_shard_is_searched(
    sharded: Server, context: BrowserContext, lang: str, query: str, year: int
) -> None:
    page = context.new_page()
    links = search(page, sharded, lang, query)
    assert links == [f"{sharded.url}{lang}/test-renda/{year}/index.html"]


def test_a_word_of_every_year_finds_every_shard(sharded: Server, page: Page) -> None:
    links = search(page, sharded, "zh", "学习")
    assert sorted(links) == [
        f"{sharded.url}zh/test-renda/{year}/index.html" for year in (2022, 2023, 2024)
    ]
