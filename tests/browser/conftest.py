"""The example site built once, served over HTTP at `/` and under a deep prefix, and a real
headless Chromium (Debian's, driven by Playwright; never a downloaded browser) to open it.

Tools that are missing skip their tests with the reason, unless REPORTSITE_REQUIRE_BROWSER=1
(set by .ci/run): then a missing tool fails the run instead of hiding the checks.
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import threading
import urllib.parse
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from playwright.sync_api import Browser, BrowserContext, Page

from ..conftest import CONTENT, ROOT, run_cli

CHROMIUM = Path(os.environ.get("REPORTSITE_CHROMIUM", "/usr/bin/chromium"))
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
ARTIFACTS = ROOT / "test-artifacts"
PREFIX = "/xxgk/gzbg/"
"""A deep sub-path such as a county portal gives the disclosure column."""

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def require(available: bool, reason: str) -> None:
    """Skip when a tool is missing, or fail when the run must not skip (CI)."""
    if available:
        return
    if os.environ.get("REPORTSITE_REQUIRE_BROWSER") == "1":
        pytest.fail(f"{reason} (REPORTSITE_REQUIRE_BROWSER=1: browser checks must run)")
    pytest.skip(reason)


def java() -> str | None:
    return shutil.which("java")


# -- the built site ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Site:
    """The example content built by the real command line."""

    root: Path

    def html_pages(self) -> list[str]:
        """Every HTML page, as a posix path relative to the site root, sorted."""
        return sorted(p.relative_to(self.root).as_posix() for p in self.root.rglob("*.html"))

    def reports(self, lang: str) -> list[str]:
        """Report pages of one language (zh, en or bilingual): <lang>/<series>/<year>/."""
        return sorted(
            p.relative_to(self.root).as_posix()
            for p in self.root.glob(f"{lang}/*/*/index.html")
            if p.parent.name.isdigit()
        )

    def series(self, lang: str) -> list[str]:
        """Series pages of one language: the folders that hold report years."""
        return sorted({report.rsplit("/", 2)[0] + "/index.html" for report in self.reports(lang)})

    def kinds(self) -> dict[str, str]:
        """One page of every kind: the pages axe, keyboard and viewport checks open."""
        return {
            "home": "index.html",
            "archive-zh": "zh/index.html",
            "archive-en": "en/index.html",
            "series-zh": self.series("zh")[0],
            "series-en": self.series("en")[0],
            "report-zh": self.reports("zh")[0],
            "report-en": self.reports("en")[0],
            "parallel": self.reports("bilingual")[0],
            "404": "404.html",
        }


PAGE_KINDS = (
    "home",
    "archive-zh",
    "archive-en",
    "series-zh",
    "series-en",
    "report-zh",
    "report-en",
    "parallel",
    "404",
)


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Site:
    """`python build.py --content content --out <tmp>/site`, once for the session."""
    out = tmp_path_factory.mktemp("browser") / "site"
    result = run_cli("--content", CONTENT, "--out", out, cwd=ROOT)
    assert result.returncode == 0, f"the example did not build:\n{result.stderr}"
    return Site(out)


# -- HTTP servers --------------------------------------------------------------------------------


class _Handler(http.server.SimpleHTTPRequestHandler):
    """Serves the site folder under a URL prefix; everything outside the prefix is a 404."""

    prefix = "/"
    log: list[tuple[str, int]]

    def translate_path(self, path: str) -> str:
        clean = urllib.parse.urlsplit(path).path
        if not clean.startswith(self.prefix):
            return str(Path(self.directory) / ".outside-the-prefix" / "missing")
        return super().translate_path("/" + clean[len(self.prefix) :])

    def send_response(self, code: int, message: str | None = None) -> None:
        self.log.append((self.path, code))
        super().send_response(code, message)

    def log_message(self, format: str, *args: Any) -> None:
        pass


@dataclass
class Server:
    """A running server: `url` ends with the prefix, e.g. http://127.0.0.1:PORT/xxgk/gzbg/."""

    url: str
    origin: str
    prefix: str
    log: list[tuple[str, int]]


def _serve(folder: Path, prefix: str) -> Iterator[Server]:
    log: list[tuple[str, int]] = []
    handler = functools.partial(
        type("Handler", (_Handler,), {"prefix": prefix, "log": log}), directory=str(folder)
    )
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, name=f"http {prefix}", daemon=True)
    thread.start()
    try:
        host, port = httpd.server_address[:2]
        origin = f"http://{host!s}:{port}"
        yield Server(url=origin + prefix, origin=origin, prefix=prefix, log=log)
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=10)


@pytest.fixture(scope="session")
def root_server(site: Site) -> Iterator[Server]:
    """The site at http://127.0.0.1:PORT/."""
    yield from _serve(site.root, "/")


@pytest.fixture(scope="session")
def prefix_server(site: Site) -> Iterator[Server]:
    """The site at http://127.0.0.1:PORT/xxgk/gzbg/; nothing is served outside the prefix."""
    yield from _serve(site.root, PREFIX)


# -- the browser ---------------------------------------------------------------------------------


@pytest.fixture(scope="package")
def browser() -> Iterator[Browser]:
    """Debian's Chromium, headless, launched by path: Playwright never downloads a browser.

    Package-scoped: Playwright's sync API holds an event loop while it runs, so it closes
    when these tests end and leaves the thread free for tests elsewhere that start their own."""
    require(CHROMIUM.exists(), f"Chromium not found at {CHROMIUM} (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:  # pragma: no cover - the test extra installs it
        require(False, "Playwright for Python is not installed (pip install -e '.[test]')")
        raise
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
        )
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def context(browser: Browser) -> Iterator[BrowserContext]:
    """A fresh profile for one test: nothing remembered from another test (large text)."""
    ctx = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    ctx.set_default_timeout(15_000)
    try:
        yield ctx
    finally:
        ctx.close()


@pytest.fixture
def page(context: BrowserContext) -> Page:
    return context.new_page()


@pytest.fixture(scope="session")
def artifacts() -> Path:
    """test-artifacts/ at the project root: screenshots and PDFs a person can look at."""
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


@pytest.fixture(scope="module")
def axe_context(browser: Browser) -> Iterator[BrowserContext]:
    """A context that lets a test inject axe past the site's CSP (axe runs only there)."""
    require(AXE.is_file(), f"{AXE} is missing (npm ci)")
    context = browser.new_context(bypass_csp=True, viewport={"width": 1280, "height": 900})
    context.set_default_timeout(30_000)
    try:
        yield context
    finally:
        context.close()
