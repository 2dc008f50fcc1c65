"""What the browser tests read off a page, as small typed helpers around Playwright."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, cast

if TYPE_CHECKING:
    from playwright.sync_api import ConsoleMessage, Page, Request, Response

LARGE_TEXT_NAME = re.compile(r"大字|large text", re.IGNORECASE)
"""The accessible name of the large-text switch in either language."""

SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")

_LINKS_JS = """() => Array.from(document.querySelectorAll('[href], [src], [srcset]'))
  .flatMap(el => {
  const out = [];
  for (const attr of ['href', 'src', 'srcset']) {
    const raw = el.getAttribute(attr);
    if (raw === null) continue;
    const values = attr === 'srcset' ? raw.split(',').map(s => s.trim().split(/\\s+/)[0]) : [raw];
    for (const value of values) {
      let resolved = '';
      try { resolved = new URL(value, document.baseURI).href; } catch (e) { resolved = ''; }
      out.push({tag: el.tagName.toLowerCase(), attr, raw: value, resolved});
    }
  }
  return out;
})"""

_IDS_JS = """() => Array.from(document.querySelectorAll('[id], a[name]'))
  .map(el => el.id || el.getAttribute('name'))"""

_CSP_WATCH_JS = """
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', e => {
  window.__cspViolations.push(`${e.violatedDirective} blocked ${e.blockedURI || 'inline'}`
    + ` (${e.sourceFile || ''}:${e.lineNumber || 0})`);
});
"""


@dataclass(frozen=True)
class Link:
    page: str
    tag: str
    attr: str
    raw: str
    resolved: str

    def __str__(self) -> str:
        return f"{self.page}: <{self.tag} {self.attr}={self.raw!r}>"


def links(page: Page, name: str) -> list[Link]:
    found = cast(list[dict[str, str]], page.evaluate(_LINKS_JS))
    return [Link(name, f["tag"], f["attr"], f["raw"], f["resolved"]) for f in found]


def ids(page: Page) -> set[str]:
    return set(cast(list[str], page.evaluate(_IDS_JS)))


def not_relative(link: Link) -> str | None:
    """Why a link is not a plain relative link inside the site, or None if it is."""
    if link.raw.startswith("#"):
        return None
    if SCHEME.match(link.raw):
        return "has a scheme (absolute URL or outside origin)"
    if link.raw.startswith("/"):
        return "starts with / (breaks under a sub-path and from file://)"
    if not link.raw.strip():
        return "is empty"
    return None


def split_fragment(url: str) -> tuple[str, str]:
    base, _, fragment = url.partition("#")
    return base.partition("?")[0], fragment


@dataclass
class Watch:
    """Everything a page did on the network and in its console while it was open."""

    requests: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    aborted: list[str] = field(default_factory=list)
    """URLs whose loading was cut off, as leaving a page does to a late favicon: the crawls
    fetch these again themselves."""
    errors: list[str] = field(default_factory=list)

    def clear(self) -> None:
        for found in (self.requests, self.failed, self.aborted, self.errors):
            found.clear()

    def attach(self, page: Page) -> None:
        page.add_init_script(script=_CSP_WATCH_JS)
        page.on("request", self._on_request)
        page.on("requestfailed", self._on_failed)
        page.on("response", self._on_response)
        page.on("console", self._on_console)
        page.on("pageerror", lambda error: self.errors.append(f"page error: {error}"))

    def _on_request(self, request: Request) -> None:
        self.requests.append(request.url)

    def _on_failed(self, request: Request) -> None:
        if request.failure == "net::ERR_ABORTED":
            self.aborted.append(request.url)
        else:
            self.failed.append(f"{request.url}: {request.failure}")

    def _on_response(self, response: Response) -> None:
        if response.status >= 400:
            self.failed.append(f"{response.url}: HTTP {response.status}")

    def _on_console(self, message: ConsoleMessage) -> None:
        if message.type == "error":
            self.errors.append(f"console {message.type}: {message.text}")


def csp_violations(page: Page) -> list[str]:
    return cast(list[str], page.evaluate("() => window.__cspViolations || []"))


def font_size(page: Page, selector: str) -> float:
    """The computed font size in px of the first element matching selector."""
    value = page.eval_on_selector(selector, "el => getComputedStyle(el).fontSize")
    return float(cast(str, value).removesuffix("px"))


def body_text_selector(page: Page) -> str:
    """A paragraph of running text in main, or main itself on pages without one."""
    for selector in ("main p", "main li", "main"):
        if page.locator(selector).count():
            return selector
    return "body"


def large_text_on(page: Page) -> None:
    """Press the large-text switch with the keyboard, as a person without a mouse would."""
    from playwright.sync_api import expect

    button = page.get_by_role("button", name=LARGE_TEXT_NAME)
    assert button.count() == 1, "no single button named 大字 / Large text on the page"
    assert button.is_visible(), "the large-text button is not visible (is site.js loaded?)"
    if button.get_attribute("aria-pressed") != "true":
        button.focus()
        page.keyboard.press("Enter")
    expect(
        button, "the large-text button does not report aria-pressed=true after pressing it"
    ).to_have_attribute("aria-pressed", "true")


def scroll_overflow(page: Page) -> dict[str, Any]:
    """Widths that show horizontal scrolling: the document wider than the viewport."""
    return cast(
        dict[str, Any],
        page.evaluate(
            """() => {
  const doc = document.documentElement;
  const wide = Array.from(document.querySelectorAll('body *'))
    .filter(el => el.getBoundingClientRect().right > doc.clientWidth + 1
      && getComputedStyle(el).position !== 'fixed'
      && el.closest('[aria-hidden="true"]') === null)
    .slice(0, 5)
    .map(el => `${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''}`
      + `${el.className && typeof el.className === 'string' ? '.' + el.className.trim()
        .split(/\\s+/).join('.') : ''} right=${Math.round(el.getBoundingClientRect().right)}`);
  return {scrollWidth: doc.scrollWidth, clientWidth: doc.clientWidth,
          innerWidth: window.innerWidth, wide};
}"""
        ),
    )
