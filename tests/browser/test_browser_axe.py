"""axe-core in Chromium on every kind of page, at WCAG 2.1 A and AA, in normal and in
large-text mode: zero violations. Colour contrast must reach 4.5:1 for all text, large text
included (GB/T 37668 and the 适老化 rules ask for it, stricter than WCAG's 3:1 for large text)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

import pytest

from .conftest import AXE, PAGE_KINDS, Server, Site
from .pages import large_text_on

if TYPE_CHECKING:
    from playwright.sync_api import BrowserContext, Page

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


def check_page(context: BrowserContext, url: str, mode: str) -> list[str]:
    """axe on one page in one mode: a readable account of each problem, or nothing."""
    page = context.new_page()
    try:
        page.goto(url, wait_until="load")
        if mode == "large-text":
            large_text_on(page)
        else:
            page.evaluate("() => localStorage.clear()")
            page.reload(wait_until="load")
        results = run_axe(page)
    finally:
        page.close()
    problems = []
    if results["violations"]:
        problems.append(
            f"axe-core, {url} ({mode}): {len(results['violations'])} rule(s) violated\n"
            + readable(results["violations"])
        )
    if results["incomplete"]:
        problems.append(
            f"axe-core could not verify colour contrast ≥ {CONTRAST}:1 on {url} ({mode}):\n"
            + readable(results["incomplete"])
        )
    return problems


@pytest.mark.parametrize("mode", ["normal", "large-text"])
@pytest.mark.parametrize("kind", PAGE_KINDS)
def test_axe_finds_no_violations(
    kind: str, mode: str, axe_context: BrowserContext, root_server: Server, site: Site
) -> None:
    problems = check_page(axe_context, root_server.url + site.kinds()[kind], mode)
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("mode", ["normal", "large-text"])
def test_axe_finds_no_violations_on_any_other_page(
    mode: str, axe_context: BrowserContext, prefix_server: Server, site: Site
) -> None:
    """Every page the kinds above leave out (other series and years, search, …), served
    under the sub-path."""
    seen = set(site.kinds().values())
    problems = [
        problem
        for path in site.html_pages()
        if path not in seen
        for problem in check_page(axe_context, prefix_server.url + path, mode)
    ]
    assert not problems, "\n".join(problems)
