"""axe-core in Chromium on every kind of page, at WCAG 2.1 A and AA, in normal and in
large-text mode: zero violations. Colour contrast must reach 4.5:1 for all text, large text
included (GB/T 37668 and the 适老化 rules ask for it, stricter than WCAG's 3:1 for large text)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, cast

import pytest

from .conftest import AXE, PAGE_KINDS, Server, Site, require
from .pages import large_text_on

if TYPE_CHECKING:
    from playwright.sync_api import Browser, BrowserContext, Page

pytestmark = pytest.mark.browser

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
CONTRAST = 4.5

_RUN_AXE_JS = """async ([tags, contrast]) => {
  axe.configure({checks: [{id: 'color-contrast', options: {contrastRatio: {
    normal: {expected: contrast}, large: {expected: contrast}}}}]});
  const results = await axe.run(document, {
    runOnly: {type: 'tag', values: tags}, resultTypes: ['violations', 'incomplete']});
  const brief = list => list.map(rule => ({
    id: rule.id, impact: rule.impact, help: rule.help, helpUrl: rule.helpUrl,
    nodes: rule.nodes.map(node => ({
      target: node.target.join(' '), html: node.html.slice(0, 160),
      summary: (node.failureSummary || node.any.concat(node.all, node.none)
        .map(check => check.message).join('; ')).replace(/\\s+/g, ' ')}))}));
  return {violations: brief(results.violations),
          incomplete: brief(results.incomplete.filter(rule => rule.id === 'color-contrast'))};
}"""


@pytest.fixture(scope="module")
def axe_context(browser: Browser) -> Iterator[BrowserContext]:
    """A context that lets the test inject axe past the site's CSP (axe runs only here)."""
    require(AXE.is_file(), f"{AXE} is missing (npm ci)")
    context = browser.new_context(bypass_csp=True, viewport={"width": 1280, "height": 900})
    context.set_default_timeout(30_000)
    try:
        yield context
    finally:
        context.close()


def run_axe(page: Page) -> dict[str, list[dict[str, Any]]]:
    page.add_script_tag(path=str(AXE))
    return cast(dict[str, list[dict[str, Any]]], page.evaluate(_RUN_AXE_JS, [WCAG_TAGS, CONTRAST]))


def readable(rules: list[dict[str, Any]]) -> str:
    out = []
    for rule in rules:
        out.append(f"- {rule['id']} ({rule['impact']}): {rule['help']} <{rule['helpUrl']}>")
        for node in rule["nodes"]:
            out.append(f"    at {node['target']}: {node['summary']}")
            out.append(f"       {node['html']}")
    return "\n".join(out)


@pytest.mark.parametrize("mode", ["normal", "large-text"])
@pytest.mark.parametrize("kind", PAGE_KINDS)
def test_axe_finds_no_violations(
    kind: str, mode: str, axe_context: BrowserContext, root_server: Server, site: Site
) -> None:
    page = axe_context.new_page()
    try:
        path = site.kinds()[kind]
        page.goto(root_server.url + path, wait_until="load")
        if mode == "large-text":
            large_text_on(page)
        else:
            page.evaluate("() => localStorage.clear()")
            page.reload(wait_until="load")
        results = run_axe(page)
    finally:
        page.close()
    assert not results["violations"], (
        f"axe-core, {path} ({mode}): {len(results['violations'])} rule(s) violated\n"
        + readable(results["violations"])
    )
    assert not results["incomplete"], (
        f"axe-core could not verify colour contrast ≥ {CONTRAST}:1 on {path} ({mode}):\n"
        + readable(results["incomplete"])
    )
