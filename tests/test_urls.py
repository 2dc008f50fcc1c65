"""urls.py: the output layout of DESIGN.md and relative links between any two pages."""

from __future__ import annotations

from pathlib import PurePosixPath
from types import SimpleNamespace
from typing import cast

from reportsite import urls
from reportsite.model import Lang, Site


def test_layout_matches_the_design() -> None:
    assert str(urls.report(Lang.ZH, "wayao-renda", 2024)) == "zh/wayao-renda/2024/index.html"
    assert str(urls.report(Lang.EN, "wayao-renda", 2024, markdown=True)) == (
        "en/wayao-renda/2024/index.md"
    )
    assert str(urls.report(None, "wayao-renda", 2024)) == "bilingual/wayao-renda/2024/index.html"
    assert str(urls.data("wayao-renda", 2024)) == "data/wayao-renda/2024.json"
    assert str(urls.series(Lang.EN, "wayao-renda")) == "en/wayao-renda/index.html"
    assert str(urls.archive(Lang.ZH)) == "zh/index.html"
    assert str(urls.HOME) == "index.html"


def test_relative_links_between_depths() -> None:
    zh = urls.report(Lang.ZH, "s", 2024)
    en = urls.report(Lang.EN, "s", 2024)
    assert urls.relative(zh, en) == "../../../en/s/2024/index.html"
    assert urls.relative(zh, zh, "tasks") == "index.html#tasks"
    assert urls.relative(urls.HOME, zh) == "zh/s/2024/index.html"
    assert urls.relative(zh, urls.static("site.css")) == "../../../static/site.css"
    assert urls.relative(zh, urls.HOME) == "../../../index.html"
    assert urls.relative(PurePosixPath("zh/index.html"), urls.series(Lang.ZH, "s")) == (
        "s/index.html"
    )


def test_a_report_url_is_the_absolute_url_of_its_path() -> None:
    """Made from strings for the sitemap, the same as through the report's path object."""
    site = cast(Site, SimpleNamespace(domain="www.example.gov.cn", base_path="/信息 公开/gzbg/"))
    for lang in (Lang.ZH, Lang.EN, None):
        url = urls.report_url(site, lang, "wayao-renda", 2024)
        assert url == urls.absolute(site, urls.report(lang, "wayao-renda", 2024))
    assert urls.report_url(site, None, "s", 2024) == (
        "https://www.example.gov.cn/%E4%BF%A1%E6%81%AF%20%E5%85%AC%E5%BC%80/gzbg/"
        "bilingual/s/2024/index.html"
    )
