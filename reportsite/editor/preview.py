"""The preview behind `serve`: a build that remembers how it went, served by mkdocs'
live-reload server with two changes.

- mkdocs reloads the page with an inline <script>, which the pages' Content-Security-Policy
  (script-src 'self', no 'unsafe-inline') rightly blocks. Served pages get a same-origin
  <script src> instead, added to the bytes as they are sent: the files on disk and their CSP
  stay exactly what the editor will upload.
- A failed build answers every page with its problems (and the same reload script, so the
  page comes back by itself once the file is fixed) instead of a page that no longer
  matches the content; the last good site stays in the folder and is served again as soon
  as a build succeeds.

It also watches the content and templates folders come and go: moved away, the preview says
what is missing; put back (or restored from a copy), it is watched and built from again.

These changes lean on parts of LiveReloadServer that mkdocs 1.6 keeps private
(`_serve_request`, `_inject_js_into_html`, the epoch and rebuild conditions,
`_SCRIPT_TEMPLATE`); the dependency is held below mkdocs 2, and tests/test_serve.py and the
browser test fail if they move.
"""

from __future__ import annotations

import contextlib
import html
import itertools
import os
import sys
import time
import traceback
import urllib.parse
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

from mkdocs.livereload import _SCRIPT_TEMPLATE, LiveReloadServer
from watchdog.utils.dirsnapshot import DirectorySnapshot

from .. import cache, cli, pipeline
from ..load import display_name
from ..problems import ContentError, Location, Problem, format_problem, format_summary

RELOAD_SCRIPT = "/livereload/reload.js"
"""Where the reload script is served: beside mkdocs' own /livereload/ polling address."""

_PAGE_CSP = "default-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'"
"""The policy of the pages the preview makes up itself (problems, not found)."""

StartResponse = Callable[[str, list[tuple[str, str]]], Any]

POLL_EVERY = 0.5
"""Seconds between two looks over the watched folders, as mkdocs' server has it."""
POLL_SHARE = 30
"""At most one second of a core in this many goes to looking over the watched folders: mkdocs'
watcher polls (it works where the system's change events do not reach: network shares,
containers), a look stats every file, and at 10,000 reports looking every half second took a
quarter of a core for as long as the preview ran."""


class Preview:
    """Builds the site into the preview folder and keeps the outcome of the last build."""

    def __init__(
        self,
        content: Path,
        out: Path,
        *,
        strict: bool,
        search: bool,
        jobs: int | None,
        use_cache: bool,
        quiet: bool,
    ) -> None:
        self.content, self.out = content, out
        self.strict, self.search, self.jobs, self.quiet = strict, search, jobs, quiet
        self.use_cache = use_cache
        """Each rebuild after an edit remakes only what the edit changed, unless --no-cache."""
        self.problems: tuple[Problem, ...] = ()
        """The errors of the last build; empty when it succeeded."""
        self.base_path = "/"
        """Where the site is served: site.yaml's base_path as of the last good build."""
        self.saved: cache.Saved | None = None
        """The cache as the last good build left it: the next one need not read it again."""

    def build(self) -> None:
        try:
            result = pipeline.build(
                self.content,
                self.out,
                strict=self.strict,
                search=self.search,
                jobs=self.jobs,
                use_cache=self.use_cache,
                saved=self.saved,
            )
        except ContentError as error:
            self.problems = error.problems
        except Exception as error:  # a defect, not the content: say so and keep serving
            traceback.print_exc()
            detail = f"{type(error).__name__}: {error}"
            location = Location(display_name(self.content), 0, 0)
            self.problems = (
                Problem(location=location, code="preview-crashed", args={"detail": detail}),
            )
        else:
            self.problems = ()
            self.base_path = result.site.base_path
            self.saved = result.saved
            if self.quiet:
                cli.report_problems(result.warnings, out=None)
            else:
                cli.report_built(result, self.out)
            return
        cli.report_problems(self.problems, out=self.out)
        sys.stderr.flush()


class PreviewServer(LiveReloadServer):
    """mkdocs' live-reload server, serving the preview folder under the site's base_path."""

    def __init__(self, preview: Preview, host: str, port: int, poll_every: float) -> None:
        self.preview, self.host = preview, host
        self._requests = itertools.count(1)
        out, base_path = str(preview.out), preview.base_path
        super().__init__(self._rebuild, host, port, out, base_path, polling_interval=poll_every)
        self.error_handler = self._not_found

    def _rebuild(self) -> None:
        self.preview.build()
        if self.preview.base_path != self.mount_path:
            self.mount_path = self.preview.base_path
            self.url = self._address(self.mount_path)
            print(f"网址已变为 / the address is now {self.url}", flush=True)

    def watch_folder(self, folder: Path) -> None:
        """Watch folder, and its coming and going. mkdocs' watcher polls: a folder gone at a
        poll (moved away, or removed to be restored from a copy) is watched no more, and mkdocs
        passes over a folder's own events. So the preview went on showing the last site, and
        the folder put back was never rebuilt from, without a word."""
        from watchdog.events import FileSystemEvent, FileSystemEventHandler

        path = os.path.abspath(folder)
        self.watch(path)

        def came_or_went(event: FileSystemEvent) -> None:
            named = (os.fsdecode(event.src_path), os.fsdecode(event.dest_path))
            if event.event_type not in ("created", "deleted", "moved") or path not in named:
                return  # a change inside it, which its own watch sees
            if os.path.isdir(path):  # watched anew
                self.unwatch(path)
                self.watch(path)
            with self._rebuild_cond:  # built from what came, or told what is missing
                self._want_rebuild = True
                self._rebuild_cond.notify_all()

        handler = FileSystemEventHandler()
        handler.on_any_event = came_or_went  # type: ignore[method-assign]
        self.observer.schedule(handler, os.path.dirname(path))

    def _address(self, path: str) -> str:
        port = self.server_address[1]
        return f"http://{self.host}:{port}{urllib.parse.quote(path)}"

    def server_activate(self) -> None:
        super().server_activate()
        # The port is known only now (with --port 0, the system picks one).
        self.url = self._address(self.mount_path)
        print(
            f"正在预览 / serving {self.url}\n"
            "修改内容、模板或 site.yaml 后自动重新生成；按 Ctrl+C 停止 / "
            "rebuilds when content, templates or site.yaml change; Ctrl+C stops",
            flush=True,
        )

    # -- what is served --------------------------------------------------------------------

    def _serve_request(
        self, environ: dict[str, Any], start_response: StartResponse
    ) -> Iterable[bytes] | None:
        path = environ["PATH_INFO"].encode("latin-1").decode("utf-8", "ignore")
        if path == RELOAD_SCRIPT:
            return self._reload_script(environ.get("QUERY_STRING", ""), start_response)
        if path.endswith(("/", ".html")):
            with self._epoch_cond:
                # Answer from a finished build, as mkdocs does for files.
                self._epoch_cond.wait_for(lambda: self._visible_epoch == self._wanted_epoch)
                epoch, problems = self._visible_epoch, self.preview.problems
            if problems:
                body = self._problem_page(problems, epoch)
                return _respond(start_response, "500 Internal Server Error", body)
        result: Iterable[bytes] | None = super()._serve_request(environ, start_response)
        return result

    def _inject_js_into_html(self, content: bytes, epoch: int) -> bytes:
        end = content.rfind(b"</body>")
        end = len(content) if end < 0 else end
        return content[:end] + self._script_tag(epoch) + content[end:]

    def _script_tag(self, epoch: int) -> bytes:
        query = f"epoch={epoch}&amp;request={next(self._requests)}"
        return f'<script src="{RELOAD_SCRIPT}?{query}"></script>'.encode()

    def _reload_script(self, query: str, start_response: StartResponse) -> Iterable[bytes] | None:
        values = urllib.parse.parse_qs(query)
        epoch, request = values.get("epoch", [""])[0], values.get("request", [""])[0]
        if not (epoch.isdigit() and request.isdigit()):
            return None
        script = _SCRIPT_TEMPLATE.substitute(epoch=int(epoch), request_id=int(request))
        return _respond(start_response, "200 OK", script.encode(), "application/javascript")

    def _problem_page(self, problems: tuple[Problem, ...], epoch: int) -> bytes:
        # The lines the command line prints, as a list that wraps on a narrow window.
        items = "".join(
            "<li>" + "<br>".join(map(html.escape, format_problem(p).splitlines())) + "</li>\n"
            for p in problems
        )
        summary = html.escape(format_summary(problems, out=display_name(self.preview.out)))
        body = (
            "<h1>生成失败 / The build failed</h1>\n"
            "<p>改正下列问题并保存文件，此页会自动刷新。 / "
            "Fix these problems and save the file: this page reloads by itself.</p>\n"
            f'<ol class="problems">\n{items}</ol>\n<p>{summary}</p>\n'
        )
        return self._page("生成失败 / Build failed", body, epoch)

    def _not_found(self, code: int) -> bytes | None:
        if code != 404:
            return None
        home = html.escape(self.mount_path)
        body = (
            "<h1>找不到此页 / Page not found</h1>\n"
            f'<p><a href="{home}">回到网站首页 / to the home page of the site</a></p>\n'
        )
        return self._page("找不到此页 / Page not found", body, self._visible_epoch)

    def _page(self, title: str, body: str, epoch: int) -> bytes:
        stylesheet = html.escape(self.mount_path + "static/site.css")
        page = (
            "<!DOCTYPE html>\n"
            '<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n'
            f'<meta http-equiv="Content-Security-Policy" content="{_PAGE_CSP}">\n'
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<title>{title}</title>\n"
            f'<link rel="stylesheet" href="{stylesheet}">\n'
            f'</head>\n<body>\n<main class="wrap">\n{body}</main>\n'
            "</body>\n</html>\n"
        )
        return self._inject_js_into_html(page.encode(), epoch)


def _respond(
    start_response: StartResponse, status: str, body: bytes, kind: str = "text/html"
) -> list[bytes]:
    start_response(
        status,
        [
            ("Content-Type", f"{kind}; charset=utf-8"),
            ("Content-Length", str(len(body))),
            ("Cache-Control", "no-store"),
        ],
    )
    return [body]


def poll_every(folders: Sequence[Path]) -> float:
    """Seconds between two looks over the folders: mkdocs' half second, or longer where a look
    takes much of the processor (many files), one look made as the watcher makes it and its
    processor time taken (not the time it waits: on a network share that is mostly waiting)."""
    started = time.process_time()
    for folder in folders:
        with contextlib.suppress(OSError):  # gone since the build: the watcher says so
            DirectorySnapshot(str(folder), recursive=True)
    return max(POLL_EVERY, POLL_SHARE * (time.process_time() - started))


def serve(preview: Preview, host: str, port: int) -> int:
    """Build, then serve and rebuild on change until Ctrl+C. Returns the exit status."""
    try:
        preview.build()
    except KeyboardInterrupt:  # the first build takes seconds in a large archive
        print("已停止预览 / preview stopped", flush=True)
        return 0
    if not preview.content.is_dir() or any(p.code == "unsafe-output" for p in preview.problems):
        return 1  # nothing to watch, or nowhere safe to build: the problems are printed
    watched = (preview.content, pipeline.TEMPLATES)
    every = poll_every(watched)
    server = PreviewServer(preview, host, port, every)
    for folder in watched:
        server.watch_folder(folder)
    names = ", ".join(display_name(folder) for folder in watched)
    often = (
        f"（文件较多：每 {every:.1f} 秒查看一次改动） / (many files: changes looked for every "
        f"{every:.1f} s)"
        if every > POLL_EVERY
        else ""
    )
    print(f"监视 / watching: {names}{often}", flush=True)
    # A service manager (or a test) stops the preview with SIGTERM, which ends it as cleanly as
    # Ctrl+C: the command line's handler raises it as an interrupt (workers.interrupt).
    try:
        server.serve()  # type: ignore[no-untyped-call]  # mkdocs leaves it unannotated
    except KeyboardInterrupt:
        print("已停止预览 / preview stopped", flush=True)
    except OSError as error:
        location = Location(f"{host}:{port}", 0, 0)
        problem = Problem(
            location=location, code="preview-port", args={"port": port, "detail": error.strerror}
        )
        print(format_problem(problem), file=sys.stderr)
        return 1
    finally:
        server.shutdown()
    return 0
