"""`serve` in Chromium: an edit of the report shows up in the open page by itself, a broken
edit puts its problem in the page, and the fix brings the report back, all under the pages'
own Content-Security-Policy (the reload script must run without any violation)."""

from __future__ import annotations

import re
import time
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from ..conftest import REPORT_YAML, SITE_YAML, MakeContent
from ..serving import edit, serving
from .pages import Watch, csp_violations

if TYPE_CHECKING:
    from playwright.sync_api import ConsoleMessage, Page

pytestmark = pytest.mark.browser

PREFIX = "/xxgk/gzbg/"
RELOAD = 60_000
"""Milliseconds for a rebuild to reach the page: polling, building and reloading, on a busy
machine."""


def test_an_edit_shows_in_the_open_page_and_a_broken_one_shows_its_problem(
    page: Page, make_content: MakeContent, tmp_path: Path
) -> None:
    from playwright.sync_api import expect

    content = make_content(site=SITE_YAML.replace("base_path: /", f"base_path: {PREFIX}"))
    report = content / "reports" / "test-renda" / "2024.yaml"
    watch = Watch()
    watch.attach(page)
    console: list[str] = []

    def note(message: ConsoleMessage) -> None:
        console.append(message.text)

    page.on("console", note)
    with serving(["--content", "content", "--no-search"], cwd=tmp_path) as serve:
        page.goto(serve.url + "zh/test-renda/2024/index.html")
        heading = page.locator("main h1")
        expect(heading).to_contain_text("2024年工作报告")
        expect(page.locator("main")).to_contain_text("加强学习")

        edit(report, REPORT_YAML.replace("加强学习", "加强理论学习"), scratch=tmp_path)
        expect(page.locator("main")).to_contain_text("加强理论学习", timeout=RELOAD)

        edit(report, REPORT_YAML.replace("2025-01-10", "2025-02-30"), scratch=tmp_path)
        problems = page.locator("ol.problems > li")
        expect(problems).to_contain_text(
            "content/reports/test-renda/2024.yaml:7:14: 错误 error: disclosure.published: "
            "日期 2025-02-30 不存在 / the date 2025-02-30 does not exist",
            timeout=RELOAD,
        )
        expect(problems).to_contain_text("修改 fix: 核对年、月、日 / check the year, month and day")
        assert not csp_violations(page)

        edit(report, REPORT_YAML.replace("加强学习", "加强政治学习"), scratch=tmp_path)
        expect(page.locator("main")).to_contain_text("加强政治学习", timeout=RELOAD)
        expect(heading).to_contain_text("2024年工作报告")
        assert not csp_violations(page)
        # A page shows its text before its reload script has loaded and run: waited for while
        # the server still answers (read after it stopped, it once counted three of four).
        deadline = time.monotonic() + RELOAD / 1000
        while console.count("Enabled live reload") < 4:
            assert time.monotonic() < deadline, "the reload script ran on every page"
            page.wait_for_timeout(100)  # lets Playwright hand over the page's console lines

    refused = [line for line in watch.errors if re.search("Content Security Policy", line)]
    assert not refused, "\n".join(refused)
    assert not [line for line in watch.errors if line.startswith("page error")]
