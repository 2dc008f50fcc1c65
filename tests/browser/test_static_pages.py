"""The built pages read as files, no browser needed: a Content-Security-Policy that forbids
inline script and every outside origin, nothing inline that it would have to allow, and only
relative links that reach a file of the site."""

from __future__ import annotations

import posixpath
import re
import urllib.parse
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import pytest

from .conftest import Site

SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")
ALLOWED_SOURCES = {"'self'", "'none'"}
"""Everything else (hosts, schemes, 'unsafe-*', nonces, hashes, *) opens the page up."""
DATA_OK = {"img-src", "font-src"}
"""data: URLs are inside the page, not an outside origin; allowed for images and fonts only."""
WASM_OK = {"script-src", "default-src"}
"""'wasm-unsafe-eval' lets the site's own WebAssembly (the search index) compile; it allows
neither inline script nor eval() of JavaScript nor any other origin."""
URL_ATTRIBUTES = {"href", "src", "action", "poster", "data", "formaction", "cite", "background"}


@dataclass
class Parsed:
    csp: list[tuple[int, str]] = field(default_factory=list)
    """(index of the element in the head, policy) for each CSP <meta>."""
    first_loader: int | None = None
    """Index of the first element that loads or runs something."""
    inline: list[str] = field(default_factory=list)
    urls: list[tuple[str, str]] = field(default_factory=list)
    ids: set[str] = field(default_factory=set)


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out = Parsed()
        self._count = 0
        self._script: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._count += 1
        values = {name: value or "" for name, value in attrs}
        if tag == "meta" and values.get("http-equiv", "").lower() == "content-security-policy":
            self.out.csp.append((self._count, values.get("content", "")))
        if tag in ("script", "link", "style", "img", "iframe") and self.out.first_loader is None:
            self.out.first_loader = self._count
        if tag == "script":
            self._script = ""
            if "src" not in values:
                self.out.inline.append("<script> without src")
        if tag == "style":
            self.out.inline.append("<style> block")
        for name, value in values.items():
            if name.startswith("on"):
                self.out.inline.append(f"<{tag} {name}=…> event handler")
            if name == "style":
                self.out.inline.append(f"<{tag} style={value!r}>")
            if name in URL_ATTRIBUTES:
                self.out.urls.append((f"<{tag} {name}={value!r}>", value))
            if name == "srcset":
                for candidate in value.split(","):
                    url = candidate.strip().split(" ")[0]
                    self.out.urls.append((f"<{tag} srcset={value!r}>", url))
            if name == "id":
                self.out.ids.add(value)
        if tag == "a" and "name" in values:
            self.out.ids.add(values["name"])

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)

    def handle_data(self, data: str) -> None:
        if self._script is not None:
            self._script += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._script is not None:
            if self._script.strip():
                self.out.inline.append(f"inline script: {self._script.strip()[:60]!r}")
            self._script = None


def read(path: Path) -> Parsed:
    reader = _Reader()
    reader.feed(path.read_text(encoding="utf-8"))
    reader.close()
    return reader.out


def csp_problems(policy: str) -> list[str]:
    directives: dict[str, list[str]] = {}
    for part in policy.split(";"):
        words = part.split()
        if words:
            directives[words[0].lower()] = words[1:]
    problems = []
    for required in ("default-src", "script-src", "style-src", "object-src", "base-uri"):
        if required not in directives:
            problems.append(f"no {required}")
    for name, sources in directives.items():
        if not name.endswith(("-src", "-uri", "-action", "-ancestors")):
            continue
        for source in sources:
            if source in ALLOWED_SOURCES:
                continue
            if source == "data:" and name in DATA_OK:
                continue
            if source == "'wasm-unsafe-eval'" and name in WASM_OK:
                continue
            problems.append(f"{name} allows {source}")
    return problems


@pytest.fixture(scope="module")
def pages(site: Site) -> dict[str, Parsed]:
    return {name: read(site.root / name) for name in site.html_pages()}


def test_every_page_has_a_strict_content_security_policy(pages: dict[str, Parsed]) -> None:
    problems = []
    for name, page in pages.items():
        if len(page.csp) != 1:
            problems.append(f"{name}: {len(page.csp)} Content-Security-Policy <meta> (want 1)")
            continue
        index, policy = page.csp[0]
        problems += [f"{name}: CSP {p}: {policy}" for p in csp_problems(policy)]
        if page.first_loader is not None and page.first_loader < index:
            problems.append(f"{name}: the CSP <meta> comes after a script, style or link")
    assert not problems, "\n".join(problems)


def test_no_inline_script_style_or_event_handler(pages: dict[str, Parsed]) -> None:
    problems = [f"{name}: {what}" for name, page in pages.items() for what in page.inline]
    assert not problems, "\n".join(problems)


def test_every_link_is_relative_and_reaches_a_file(site: Site, pages: dict[str, Parsed]) -> None:
    problems = []
    for name, page in pages.items():
        for where, url in page.urls:
            if url.startswith("#"):
                target_name, fragment = name, url[1:]
            elif SCHEME.match(url) or url.startswith("/") or not url.strip():
                problems.append(f"{name}: {where} is not a relative link inside the site")
                continue
            else:
                path, _, fragment = url.partition("#")
                path = urllib.parse.unquote(path.partition("?")[0])
                target_name = posixpath.normpath(posixpath.join(posixpath.dirname(name), path))
            if target_name.startswith("../") or target_name == "..":
                problems.append(f"{name}: {where} leads out of the site folder")
                continue
            target = site.root / target_name
            if not target.is_file():
                problems.append(f"{name}: {where} → no file {target_name}")
            elif fragment and target_name in pages:
                if urllib.parse.unquote(fragment) not in pages[target_name].ids:
                    problems.append(f"{name}: {where} → no id {fragment!r} in {target_name}")
    assert not problems, f"{len(problems)} broken link(s):\n" + "\n".join(problems)


def test_stylesheets_request_nothing_outside_the_site(site: Site) -> None:
    problems = []
    for css in sorted(site.root.rglob("*.css")):
        text = css.read_text(encoding="utf-8")
        for match in re.finditer(r"url\(\s*['\"]?([^'\")]+)|@import\s+['\"]([^'\"]+)", text):
            url = (match.group(1) or match.group(2)).strip()
            if url.startswith("data:"):
                continue
            if SCHEME.match(url) or url.startswith("/"):
                problems.append(f"{css.relative_to(site.root)}: {url}")
            elif not (css.parent / url.partition("#")[0].partition("?")[0]).is_file():
                problems.append(f"{css.relative_to(site.root)}: {url} does not exist")
    assert not problems, "\n".join(problems)
