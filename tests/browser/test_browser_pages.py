"""A reader's use of the site in Chromium: switching language, the keyboard alone, the
large-text mode across pages, phone and desktop widths, and printing to A4 after GB/T 9704."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

import pytest

from .conftest import PAGE_KINDS, Server, Site
from .pages import (
    LARGE_TEXT_NAME,
    body_text_selector,
    font_size,
    large_text_on,
    scroll_overflow,
)

if TYPE_CHECKING:
    from playwright.sync_api import BrowserContext, Page

pytestmark = pytest.mark.browser


def open_page(page: Page, server: Server, path: str) -> None:
    response = page.goto(server.url + path, wait_until="load")
    assert response is not None and response.status == 200, f"{path} did not open"


def path_of(page: Page, server: Server) -> str:
    return page.url.removeprefix(server.url).partition("#")[0]


def html_lang(page: Page) -> str:
    return cast(str, page.evaluate("() => document.documentElement.lang"))


# -- language ------------------------------------------------------------------------------------


def test_switch_language_and_back_lands_on_the_same_report(
    page: Page, root_server: Server, site: Site
) -> None:
    zh_report = site.reports("zh")[0]
    en_report = site.reports("en")[0]
    open_page(page, root_server, "index.html")
    # Each page is loaded when its link is clicked: waiting for "load" could return before the
    # click's navigation begins, so each step waits for the address it leads to.
    page.locator(f'main a[href$="{zh_report}"]').first.click()
    page.wait_for_url(root_server.url + zh_report, wait_until="load")
    assert html_lang(page) == "zh-CN"

    page.locator('a[hreflang="en"]').first.click()
    page.wait_for_url(root_server.url + en_report, wait_until="load")
    assert html_lang(page) == "en"

    page.locator('a[hreflang="zh-CN"]').first.click()
    page.wait_for_url(root_server.url + zh_report, wait_until="load")
    assert html_lang(page) == "zh-CN"


# -- keyboard ------------------------------------------------------------------------------------

_TAG_FOCUSABLE_JS = """() => {
  const all = Array.from(document.querySelectorAll(
    'a[href], button, input, select, textarea, summary, [tabindex]'));
  const usable = all.filter(el => !el.disabled && el.tabIndex >= 0 && el.checkVisibility({
    checkVisibilityCSS: true}) && !el.closest('[inert]'));
  const styles = {};
  usable.forEach((el, i) => { el.dataset.kb = String(i); });
  return usable.map(el => `${el.tagName.toLowerCase()} ${el.getAttribute('href') || ''} `
    + `"${el.textContent.trim().slice(0, 30)}"`);
}"""

_FOCUS_STYLE = """el => {
  const cs = getComputedStyle(el);
  return [cs.outlineStyle, cs.outlineWidth, cs.outlineColor, cs.boxShadow, cs.backgroundColor,
          cs.color, cs.textDecorationLine, cs.borderTopColor, cs.borderBottomWidth].join('|');
}"""

_ACTIVE_JS = """() => {
  const el = document.activeElement;
  if (!el || el === document.body || !el.dataset || el.dataset.kb === undefined) {
    return el && el !== document.body ? {key: null, what: el.tagName} : null;
  }
  const r = el.getBoundingClientRect();
  const cs = getComputedStyle(el);
  return {
    key: el.dataset.kb,
    what: `${el.tagName.toLowerCase()} "${el.textContent.trim().slice(0, 30)}"`,
    inView: r.width > 0 && r.height > 0 && r.bottom > 0 && r.right > 0
      && r.top < window.innerHeight && r.left < window.innerWidth,
    outline: cs.outlineStyle !== 'none' && parseFloat(cs.outlineWidth) >= 1,
    focusVisible: el.matches(':focus-visible'),
  };
}"""


@dataclass
class Step:
    key: str | None
    what: str
    in_view: bool
    indicated: bool


def tab_through(page: Page, limit: int) -> list[Step]:
    """Press Tab until focus leaves the page or comes round again; what each press focused."""
    steps: list[Step] = []
    seen: set[str] = set()
    for _ in range(limit):
        page.keyboard.press("Tab")
        active = cast(dict[str, Any] | None, page.evaluate(_ACTIVE_JS))
        if active is None:
            if steps:
                break
            continue
        key = cast(str | None, active["key"])
        if key is None:
            steps.append(Step(None, str(active["what"]), True, True))
            continue
        if key in seen:
            break
        seen.add(key)
        focused = page.locator(f'[data-kb="{key}"]')
        style_focused = focused.evaluate(_FOCUS_STYLE)
        focused.evaluate("el => el.blur()")
        style_blurred = focused.evaluate(_FOCUS_STYLE)
        focused.evaluate("el => el.focus({focusVisible: true})")
        indicated = bool(active["outline"]) or style_focused != style_blurred
        steps.append(Step(key, str(active["what"]), bool(active["inView"]), indicated))
    return steps


@pytest.mark.parametrize("kind", PAGE_KINDS)
def test_keyboard_reaches_every_control_with_visible_focus(
    kind: str, page: Page, root_server: Server, site: Site
) -> None:
    open_page(page, root_server, site.kinds()[kind])
    controls = cast(list[str], page.evaluate(_TAG_FOCUSABLE_JS))
    assert controls, "nothing on the page can take focus"
    steps = tab_through(page, limit=len(controls) + 20)
    reached = {step.key for step in steps}
    missed = [control for i, control in enumerate(controls) if str(i) not in reached]
    assert not missed, f"Tab never reaches: {missed}"
    stray = [step.what for step in steps if step.key is None]
    assert not stray, f"Tab stops on elements that are not visible controls: {stray}"
    hidden = [step.what for step in steps if not step.in_view]
    assert not hidden, f"focused but not on screen: {hidden}"
    unmarked = [step.what for step in steps if not step.indicated]
    assert not unmarked, f"no visible focus indicator on: {unmarked}"


def test_keyboard_alone_skips_to_content_and_switches_language(
    page: Page, root_server: Server, site: Site
) -> None:
    zh_report = site.reports("zh")[0]
    open_page(page, root_server, zh_report)
    page.keyboard.press("Tab")
    first = page.evaluate("() => document.activeElement.getAttribute('href') || ''")
    assert str(first).startswith("#"), "the first Tab stop is not a skip link"
    page.keyboard.press("Enter")
    target = str(first)[1:]
    # Following an in-page link updates the URL after the key press returns: wait for it.
    page.wait_for_url(re.compile(re.escape("#" + target) + "$"))
    page.keyboard.press("Tab")
    inside = page.evaluate(
        "id => { const main = document.getElementById(id);"
        " return main !== null && (main.contains(document.activeElement)"
        " || !!(main.compareDocumentPosition(document.activeElement)"
        " & Node.DOCUMENT_POSITION_FOLLOWING)); }",
        target,
    )
    assert inside, "after the skip link, Tab does not continue from the main content"

    open_page(page, root_server, zh_report)
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement.getAttribute('hreflang')") == "en":
            break
    else:
        pytest.fail("Tab never reaches the link to the English version")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert path_of(page, root_server) == site.reports("en")[0]


# -- large text ----------------------------------------------------------------------------------


def test_large_text_mode_enlarges_and_persists_across_pages(
    context: BrowserContext, root_server: Server, site: Site
) -> None:
    from playwright.sync_api import expect

    zh_report, en_report = site.reports("zh")[0], site.reports("en")[0]
    others = [en_report, "zh/index.html", site.reports("bilingual")[0], "index.html"]
    normal: dict[str, float] = {}
    page = context.new_page()
    for path in [zh_report, *others]:
        open_page(page, root_server, path)
        normal[path] = font_size(page, body_text_selector(page))

    open_page(page, root_server, zh_report)
    large_text_on(page)
    selector = body_text_selector(page)
    assert font_size(page, selector) >= 1.2 * normal[zh_report], "large text is not larger"

    for path in others:
        open_page(page, root_server, path)
        button = page.get_by_role("button", name=LARGE_TEXT_NAME)
        assert button.get_attribute("aria-pressed") == "true", f"{path}: the mode was forgotten"
        size = font_size(page, body_text_selector(page))
        assert size >= 1.2 * normal[path], f"{path}: text {size}px, normal {normal[path]}px"

    button = page.get_by_role("button", name=LARGE_TEXT_NAME)
    button.focus()
    page.keyboard.press("Enter")
    expect(button).to_have_attribute("aria-pressed", "false")
    open_page(page, root_server, zh_report)
    assert font_size(page, body_text_selector(page)) == pytest.approx(normal[zh_report])


# -- widths --------------------------------------------------------------------------------------


@pytest.mark.parametrize("width", [320, 1280])
@pytest.mark.parametrize("kind", PAGE_KINDS)
def test_no_horizontal_scrolling(
    kind: str,
    width: int,
    context: BrowserContext,
    root_server: Server,
    site: Site,
    artifacts: Path,
) -> None:
    page = context.new_page()
    page.set_viewport_size({"width": width, "height": 800})
    path = site.kinds()[kind]
    problems = []
    for mode in ("normal", "large"):
        open_page(page, root_server, path)
        if mode == "large":
            large_text_on(page)
            page.wait_for_timeout(50)
        page.screenshot(
            path=artifacts / "screenshots" / f"{kind}-{width}-{mode}.png", full_page=True
        )
        sizes = scroll_overflow(page)
        if sizes["scrollWidth"] > sizes["clientWidth"]:
            problems.append(f"{mode} text: {sizes}")
    assert not problems, f"{path} scrolls sideways at {width}px: {problems}"


# -- print ---------------------------------------------------------------------------------------

MM = 72 / 25.4
A4 = (595.28, 841.89)
TOP, RIGHT, BOTTOM, LEFT = 37.0, 26.0, 35.0, 28.0
"""GB/T 9704-2012 page margins in mm: 天头 37, 订口 28, 版心 156 × 225 mm."""
TOLERANCE = 1.0


@dataclass(frozen=True)
class Run:
    """A run of text on a PDF page (Chromium writes about a glyph each), in mm from the top
    left corner of the page."""

    text: str
    x: float
    baseline: float
    size: float
    """The font size: one em, the advance of a full-width character."""

    @property
    def top(self) -> float:
        return self.baseline - self.size

    @property
    def end(self) -> float:
        """Where the run ends: exact for full-width characters, at least for the rest."""
        wide = sum(unicodedata.east_asian_width(char) in "WF" for char in self.text)
        return self.x + self.size * (wide + 0.5 * (len(self.text) - wide))


def text_runs(pdf: Path) -> list[tuple[tuple[float, float], list[Run]]]:
    """Each page's size in pt and its text runs, read with pypdf."""
    pypdf = pytest.importorskip("pypdf", reason="pypdf is in the test extra")
    reader = pypdf.PdfReader(str(pdf))
    pages = []
    for pdf_page in reader.pages:
        box = pdf_page.mediabox
        width, height = float(box.width), float(box.height)
        runs: list[Run] = []

        def visit(
            text: str,
            cm: list[float],
            tm: list[float],
            font: object,
            size: float,
            runs: list[Run] = runs,
            height: float = height,
        ) -> None:
            if not text.strip():
                return
            e, f = tm[4], tm[5]
            x = e * cm[0] + f * cm[2] + cm[4]
            y = e * cm[1] + f * cm[3] + cm[5]
            em = (abs(tm[3] * cm[3]) or abs(tm[0] * cm[0]) or 1.0) * size
            runs.append(Run(text.strip(), x / MM, (height - y) / MM, em / MM))

        pdf_page.extract_text(visitor_text=visit)
        pages.append(((width, height), runs))
    return pages


def lines(runs: list[Run]) -> list[str]:
    """The text of each line: runs on one baseline, left to right."""
    rows: dict[int, list[Run]] = {}
    for run in runs:
        rows.setdefault(round(run.baseline * 2), []).append(run)
    return ["".join(r.text for r in sorted(row, key=lambda r: r.x)) for row in rows.values()]


def test_print_to_a4_with_gbt9704_margins(
    page: Page, root_server: Server, site: Site, artifacts: Path
) -> None:
    open_page(page, root_server, site.reports("zh")[0])
    pdf = artifacts / "report-zh.pdf"
    page.pdf(path=str(pdf), prefer_css_page_size=True, print_background=True)
    pages = text_runs(pdf)
    assert len(pages) >= 2, "the report should take several A4 pages"
    problems = []
    text_bottom, text_right = 297 - BOTTOM, 210 - RIGHT
    for number, ((width, height), runs) in enumerate(pages, start=1):
        if abs(width - A4[0]) > 1 or abs(height - A4[1]) > 1:
            problems.append(f"page {number}: {width:.1f} × {height:.1f} pt is not A4 (595 × 842)")
            continue
        body = [run for run in runs if run.baseline <= text_bottom + TOLERANCE]
        below = [run for run in runs if run.baseline > text_bottom + TOLERANCE]
        if not body:
            problems.append(f"page {number}: no text")
            continue
        left = min(run.x for run in body)
        top = min(run.top for run in body)
        right = max(run.end for run in body)
        if left < LEFT - TOLERANCE:
            problems.append(f"page {number}: text starts {left:.1f} mm from the left (< {LEFT})")
        if top < TOP - TOLERANCE:
            problems.append(f"page {number}: text begins {top:.1f} mm from the top (< {TOP})")
        if right > text_right + TOLERANCE:
            problems.append(f"page {number}: text reaches {right:.1f} mm (版心 ends {text_right})")
        if number < len(pages):
            # A full page fills the 版心: its lines start at the margins, not further in.
            if left > LEFT + TOLERANCE:
                problems.append(f"page {number}: left margin {left:.1f} mm, not {LEFT} mm")
            if top > TOP + 10:
                problems.append(f"page {number}: first line {top:.1f} mm down, margin is {TOP}")
        footer = lines(below)
        if footer != [f"—{number}—"]:
            problems.append(
                f"page {number}: below the 版心 expected only the page number — {number} —,"
                f" found {footer}"
            )
    assert not problems, f"{pdf}:\n" + "\n".join(problems)
