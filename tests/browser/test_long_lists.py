"""The archive's long lists in Chromium: a demo archive of 300 reports (scripts/demo_archive.py)
lists 300 reports and 30 series a page, as a province's lists 10,000 and 1,000. Only the items
near the screen are laid out, and nothing a reader does shows it: an item is shown once
scrolled to or found in the page, a year's link lands on its year, a focused link's outline is
whole, and the printed archive holds every report, as does what a screen reader is given."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, cast

import pytest

from ..conftest import run_cli
from ..test_archive import write_demo
from .conftest import CHROMIUM, CHROMIUM_ARGS, Server, _serve
from .test_browser_pages import text_runs

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Locator, Page

pytestmark = pytest.mark.browser

BODIES, YEARS = 30, range(2015, 2025)

LAID_OUT = "el => el.checkVisibility({contentVisibilityAuto: true})"
"""Whether an element is laid out and painted: false inside an item the browser skips."""
NEXT_FRAME = "() => new Promise(done => requestAnimationFrame(() => setTimeout(done, 100)))"
"""Once the page has been drawn again (and a little more)."""


@pytest.fixture(scope="module")
def long_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    folder = tmp_path_factory.mktemp("long-lists")
    years = f"{YEARS[0]}-{YEARS[-1]}"
    made = write_demo(folder / "content", "--bodies", str(BODIES), "--years", years)
    assert made.returncode == 0, made.stderr
    out = folder / "site"
    built = run_cli("--content", "content", "--out", "site", "--no-search", "-q", cwd=folder)
    assert built.returncode == 0, built.stderr
    yield from _serve(out, "/")


def open_archive(page: Page, server: Server, lang: str = "zh") -> None:
    """Open an archive page and wait until it is drawn: which items are near the screen is
    found as it first is (waited for by the first item's being laid out), then a frame more."""
    page.goto(f"{server.url}{lang}/index.html", wait_until="load")
    assert page.locator(".entry").count() == BODIES * len(YEARS)
    assert page.locator(".series-item").count() == BODIES
    page.wait_for_function(LAID_OUT, arg=page.locator(".entry-title").first.element_handle())
    page.evaluate(NEXT_FRAME)


def laid_out(locator: Locator) -> bool:
    return cast(bool, locator.evaluate(LAID_OUT))


def test_items_far_down_the_archive_are_laid_out_only_once_reached(
    page: Page, long_server: Server
) -> None:
    open_archive(page, long_server)
    listed = page.locator(".entry .entry-title")
    first, last = listed.first, listed.last
    last_series = page.locator(".series-item h3").last
    assert laid_out(first)
    assert not laid_out(last), "a report listed far below the screen was laid out at once"
    assert not laid_out(last_series), "a series listed far below the screen was laid out at once"
    last.scroll_into_view_if_needed()
    page.wait_for_function(LAID_OUT, arg=last.element_handle())
    assert last.is_visible() and last.inner_text().strip()


def test_find_in_page_reaches_a_report_not_laid_out(page: Page, long_server: Server) -> None:
    open_archive(page, long_server)
    last = page.locator(".entry .index-no").last
    assert not laid_out(last)
    number = last.text_content() or ""
    assert page.evaluate("text => window.find(text)", number), f"{number} not found"
    page.wait_for_function(LAID_OUT, arg=last.element_handle())
    assert page.evaluate("() => String(window.getSelection())") == number


@pytest.mark.parametrize("width", [1280, 768, 360])
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_archive_is_about_as_long_before_its_items_are_laid_out(
    lang: str, width: int, page: Page, long_server: Server
) -> None:
    """Items not yet laid out stand in at about their height (within a quarter: it varies with
    the width and the language), so the scroll bar tells about how far down the list a reader
    is; laid out, an item keeps its own height."""
    page.set_viewport_size({"width": width, "height": 800})
    open_archive(page, long_server, lang)
    height = "() => document.documentElement.scrollHeight"
    estimated = cast(float, page.evaluate(height))
    page.evaluate(
        "() => { for (const item of document.querySelectorAll('.entry, .series-item'))"
        " item.style.contentVisibility = 'visible'; }"
    )
    actual = cast(float, page.evaluate(height))
    assert abs(estimated - actual) < 0.25 * actual, f"{estimated} px before, {actual} px after"


def test_a_year_link_lands_on_its_year(page: Page, long_server: Server) -> None:
    open_archive(page, long_server)
    oldest = f"year_{YEARS[0]}"
    page.locator(".archive-nav .years a").last.click()
    page.wait_for_url(re.compile(f"#{oldest}$"))
    at_top = f"() => Math.abs(document.getElementById('{oldest}').getBoundingClientRect().top) < 2"
    page.wait_for_function(at_top)
    # The items around it laid out, it must stay where it landed.
    page.evaluate(NEXT_FRAME)
    assert page.evaluate(at_top), "the year's heading moved away once the page settled"


OUTLINE_INSIDE = """el => {
  el.focus({focusVisible: true});
  const style = getComputedStyle(el);
  const reach = parseFloat(style.outlineWidth) + parseFloat(style.outlineOffset);
  const link = el.getBoundingClientRect();
  const item = el.closest('li.entry, li.series-item');
  const box = item.getBoundingClientRect();
  const left = box.left + item.clientLeft, top = box.top + item.clientTop;
  const kept = getComputedStyle(item);
  return {
    style: style.outlineStyle,
    clips: kept.contentVisibility !== 'visible' || /paint|strict|content/.test(kept.contain),
    inside: link.left - reach >= left && link.right + reach <= left + item.clientWidth
      && link.top - reach >= top && link.bottom + reach <= top + item.clientHeight,
  };
}"""
"""A link focused as by the keyboard: its outline's style, whether its list item clips what it
paints (at its padding box), and whether the outline lies within that box."""


@pytest.mark.parametrize("width", [1280, 360])
@pytest.mark.parametrize("link", [".entry-title a", ".series-item h3 a", ".series-years a"])
def test_a_focused_link_in_a_list_keeps_its_whole_outline(
    link: str, width: int, page: Page, long_server: Server
) -> None:
    page.set_viewport_size({"width": width, "height": 800})
    open_archive(page, long_server)
    found = cast(dict[str, object], page.locator(link).first.evaluate(OUTLINE_INSIDE))
    assert found["style"] != "none", "no focus outline to look at"
    assert not found["clips"] or found["inside"], f"its list item cuts off the outline of {link}"


def test_the_printed_archive_holds_every_report(
    page: Page, long_server: Server, tmp_path: Path
) -> None:
    open_archive(page, long_server)
    numbers = page.locator(".entry .index-no").all_text_contents()
    pdf = tmp_path / "archive.pdf"
    page.pdf(path=str(pdf), prefer_css_page_size=True)
    printed = "".join(run.text for _, runs in text_runs(pdf) for run in runs)
    missing = [number for number in numbers if number not in printed]
    assert not missing, f"{len(missing)} of {len(numbers)} reports not printed: {missing[:3]}"


def test_a_screen_reader_is_given_every_report(browser: Browser, long_server: Server) -> None:
    """With assistive technology on (which the flag stands for), Chromium's accessibility tree
    holds every item, laid out or not: each report's heading, named by its title."""
    reading = browser.browser_type.launch(
        executable_path=str(CHROMIUM),
        args=[*CHROMIUM_ARGS, "--force-renderer-accessibility"],
        headless=True,
    )
    try:
        page = reading.new_page(viewport={"width": 1280, "height": 900})
        open_archive(page, long_server)
        listed = page.locator(".entry .entry-title")
        titles = [title.strip() for title in listed.all_text_contents()]
        assert not laid_out(listed.last)
        session = page.context.new_cdp_session(page)
        # The tree is built as the page loads: asked for again until it holds them all.
        deadline = time.monotonic() + 15
        while True:
            nodes = session.send("Accessibility.getFullAXTree")["nodes"]
            headings = {
                node.get("name", {}).get("value", "").strip()
                for node in nodes
                if not node.get("ignored") and node.get("role", {}).get("value") == "heading"
            }
            missing = [title for title in titles if title not in headings]
            if not missing or time.monotonic() > deadline:
                break
            time.sleep(0.2)
        assert not missing, f"{len(missing)} of {len(titles)} reports not given: {missing[:3]}"
    finally:
        reading.close()
