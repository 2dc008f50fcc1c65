"""The editors' handbook searched in a real browser: Chinese words are found inside the runs
of characters they are written in (docs/search-zh.js), and English words still are; and so in
the MkDocs project `python build.py mkdocs` exports, which carries the same search."""

from __future__ import annotations

import urllib.parse
from collections.abc import Iterator
from typing import TYPE_CHECKING

import pytest

from ..conftest import CONTENT, ROOT, run_cli
from ..mkdocs_site import mkdocs_build
from .conftest import Server, _serve

if TYPE_CHECKING:
    from playwright.sync_api import Page

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def handbook(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    out = tmp_path_factory.mktemp("handbook") / "site"
    result = mkdocs_build(ROOT, out)
    assert result.returncode == 0, result.stderr
    yield from _serve(out, "/")


def found(page: Page, handbook: Server, start: str, query: str) -> list[str]:
    """The pages the search lists for query, from the page start, best first."""
    from playwright.sync_api import expect

    page.goto(f"{handbook.url}{start}?q={urllib.parse.quote(query)}")
    results = page.locator("#mkdocs-search-results a")
    expect(results.first).to_be_attached()
    return [str(link.get_attribute("href")).split("#")[0] for link in results.all()]


@pytest.mark.parametrize(
    ("query", "chapter"),
    [
        ("往返", "zh/translate/"),  # two characters inside 翻译往返
        ("翻译往返", "zh/translate/"),
        ("校验", "zh/content-model/"),
    ],
)
def test_a_chinese_word_finds_the_chapter_that_holds_it(
    page: Page, handbook: Server, query: str, chapter: str
) -> None:
    assert any(href.endswith(chapter) for href in found(page, handbook, "zh/", query))


def test_an_english_word_is_still_found(page: Page, handbook: Server) -> None:
    assert any(href.endswith("en/translate/") for href in found(page, handbook, "en/", "XLIFF"))


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    folder = tmp_path_factory.mktemp("exported")
    result = run_cli("mkdocs", folder / "portal", "--content", CONTENT, cwd=folder)
    assert result.returncode == 0, result.stderr
    built = mkdocs_build(folder / "portal", folder / "site")
    assert built.returncode == 0, built.stderr
    yield from _serve(folder / "site", "/")


@pytest.mark.parametrize(
    ("query", "report"),
    [
        ("乡村振兴", "zh/wayao-renda/2024/"),  # inside 同乡村振兴有效衔接
        ("rural revitalization", "en/wayao-renda/2024/"),
    ],
)
def test_the_exported_reports_are_found_in_either_language(
    page: Page, exported: Server, query: str, report: str
) -> None:
    assert any(href.endswith(report) for href in found(page, exported, "", query))
