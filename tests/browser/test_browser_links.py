"""Every link on every page, followed in Chromium: over HTTP at `/`, under the deep prefix
/xxgk/gzbg/, and opened straight from file://. No broken link, no broken #fragment, no
absolute link, no request outside the site, no blocked asset, no console error."""

from __future__ import annotations

import urllib.error
import urllib.parse
import urllib.request
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from .conftest import Server, Site
from .pages import Link, Watch, csp_violations, ids, links, not_relative, split_fragment

if TYPE_CHECKING:
    from playwright.sync_api import BrowserContext

pytestmark = pytest.mark.browser

PAGE_SUFFIXES = (".html", "/")


@dataclass
class Crawl:
    """What following every link from the home page found."""

    pages: dict[str, set[str]] = field(default_factory=dict)
    """Visited page URL (no fragment) → the ids on it."""
    fetched: set[str] = field(default_factory=set)
    problems: list[str] = field(default_factory=list)
    fragments: list[tuple[Link, str, str]] = field(default_factory=list)
    """(link, target page URL, fragment) to check once every page is known."""

    def check_fragments(self) -> None:
        for link, target, fragment in self.fragments:
            wanted = urllib.parse.unquote(fragment)
            if target in self.pages and wanted not in self.pages[target]:
                self.problems.append(f"{link}: no element with id {wanted!r} on {target}")


def http_status(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 - loopback only
            response.read()
            return int(response.status)
    except urllib.error.HTTPError as error:
        error.close()
        return int(error.code)


def crawl_http(context: BrowserContext, server: Server, site: Site) -> Crawl:
    crawl = Crawl()
    queue = deque([server.url, server.url + "404.html"])
    page = context.new_page()
    watch = Watch()
    watch.attach(page)
    while queue:
        url = queue.popleft()
        if url in crawl.pages:
            continue
        name = url.removeprefix(server.origin)
        watch.clear()
        response = page.goto(url, wait_until="load")
        if response is None or response.status != 200:
            crawl.problems.append(f"{name}: HTTP {response.status if response else 'no response'}")
            crawl.pages[url] = set()
            continue
        crawl.pages[url] = ids(page)
        crawl.problems += [f"{name}: {failure}" for failure in watch.failed]
        crawl.problems += [
            f"{name}: {aborted}: HTTP {status}"
            for aborted in watch.aborted
            if (status := http_status(aborted)) != 200
        ]
        crawl.problems += [f"{name}: {error}" for error in watch.errors]
        crawl.problems += [f"{name}: CSP {v}" for v in csp_violations(page)]
        crawl.problems += [
            f"{name}: requested {request}, outside {server.url}"
            for request in watch.requests
            if not (request.startswith(server.url) or request.startswith("data:"))
        ]
        for link in links(page, name):
            reason = not_relative(link)
            if reason:
                crawl.problems.append(f"{link} {reason}")
                continue
            target, fragment = split_fragment(link.resolved)
            if not target.startswith(server.url):
                crawl.problems.append(f"{link} leads outside the site: {link.resolved}")
                continue
            if fragment:
                crawl.fragments.append((link, target, fragment))
            if link.tag == "a" and target.endswith(PAGE_SUFFIXES):
                queue.append(target)
            elif target not in crawl.fetched:
                crawl.fetched.add(target)
                status = http_status(target)
                if status != 200:
                    crawl.problems.append(f"{link} → HTTP {status}")
    page.close()
    crawl.check_fragments()
    return crawl


def page_files(crawl: Crawl, server: Server) -> set[str]:
    """Visited pages as paths in the site folder: the directory URL is its index.html."""
    files = set()
    for url in crawl.pages:
        path = urllib.parse.unquote(url.removeprefix(server.url))
        files.add(path + "index.html" if path.endswith("/") or not path else path)
    return files


@pytest.mark.parametrize("where", ["root", "prefix"])
def test_every_link_resolves_over_http(
    where: str,
    site: Site,
    context: BrowserContext,
    root_server: Server,
    prefix_server: Server,
) -> None:
    server = root_server if where == "root" else prefix_server
    crawl = crawl_http(context, server, site)
    assert not crawl.problems, f"{len(crawl.problems)} problem(s):\n" + "\n".join(crawl.problems)
    unreached = set(site.html_pages()) - page_files(crawl, server)
    assert not unreached, f"pages no link leads to from {server.url}: {sorted(unreached)}"
    outside = [(path, code) for path, code in server.log if not path.startswith(server.prefix)]
    assert not outside, f"requests outside {server.prefix}: {outside}"


def test_every_link_resolves_from_file_urls(site: Site, context: BrowserContext) -> None:
    """Opened straight from the folder (file://): every target file exists, every asset loads."""
    root = site.root.resolve()
    root_url = root.as_uri() + "/"
    page = context.new_page()
    watch = Watch()
    watch.attach(page)
    problems: list[str] = []
    known_ids: dict[Path, set[str]] = {}
    fragments: list[tuple[Link, Path, str]] = []
    for name in site.html_pages():
        watch.clear()
        page.goto((root / name).as_uri(), wait_until="load")
        known_ids[root / name] = ids(page)
        problems += [f"{name}: {failure}" for failure in watch.failed]
        problems += [
            f"{name}: {aborted}: no such file"
            for aborted in watch.aborted
            if not (
                aborted.startswith(root_url)
                and (root / urllib.parse.unquote(aborted.removeprefix(root_url))).is_file()
            )
        ]
        problems += [f"{name}: {error}" for error in watch.errors]
        problems += [f"{name}: CSP {v}" for v in csp_violations(page)]
        problems += [
            f"{name}: requested {request}, outside the site folder"
            for request in watch.requests
            if not (request.startswith(root_url) or request.startswith("data:"))
        ]
        unloaded = page.evaluate(
            """() => Array.from(document.querySelectorAll('link[rel~="stylesheet"]'))
                .filter(l => !l.sheet).map(l => l.getAttribute('href'))"""
        )
        problems += [f"{name}: stylesheet {href} did not load" for href in unloaded]
        for link in links(page, name):
            reason = not_relative(link)
            if reason:
                problems.append(f"{link} {reason}")
                continue
            target_url, fragment = split_fragment(link.resolved)
            if not target_url.startswith(root_url):
                problems.append(f"{link} leads outside the site folder: {link.resolved}")
                continue
            target = root / urllib.parse.unquote(target_url.removeprefix(root_url))
            if not target.is_file():
                problems.append(f"{link} → no such file {target.relative_to(root)}")
            elif fragment:
                fragments.append((link, target, fragment))
    page.close()
    for link, target, fragment in fragments:
        wanted = urllib.parse.unquote(fragment)
        if target in known_ids and wanted not in known_ids[target]:
            problems.append(f"{link}: no element with id {wanted!r} in {target.relative_to(root)}")
    assert not problems, f"{len(problems)} problem(s):\n" + "\n".join(problems)
