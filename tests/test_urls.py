"""urls.py: the output layout of DESIGN.md and relative links between any two pages."""

from __future__ import annotations

from pathlib import PurePosixPath

from reportsite import urls
from reportsite.model import Lang


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
