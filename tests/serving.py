"""`python build.py serve` run as an editor runs it, in a subprocess on a free port, with what
the tests need to wait for it: its address, and the end of the rebuild after an edit."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import threading
import urllib.error
import urllib.request
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from .conftest import ROOT

_ADDRESS = re.compile(r"http://127\.0\.0\.1:\d+/\S*")
_EPOCH = re.compile(rb'<script src="/livereload/reload\.js\?epoch=(\d+)&amp;request=\d+"></script>')
STARTUP = 120.0
"""Seconds for the first build and the server to come up on a busy machine."""


@dataclass
class Response:
    status: int
    headers: dict[str, str]
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8")

    @property
    def epoch(self) -> int:
        """The build a served page belongs to, from the reload script it was given."""
        found = _EPOCH.search(self.body)
        assert found, f"no reload script in the page:\n{self.text[-500:]}"
        return int(found.group(1))


@dataclass
class Serve:
    process: subprocess.Popen[str]
    url: str = ""
    """The site's address, e.g. http://127.0.0.1:PORT/xxgk/gzbg/."""
    output: list[str] = field(default_factory=list)
    """Every line the command printed (stdout and stderr), as it printed them."""
    _changed: threading.Condition = field(default_factory=threading.Condition)
    _reader: threading.Thread | None = None

    @property
    def origin(self) -> str:
        return self.url[: self.url.index("/", len("http://"))]

    def get(self, path: str, *, base: str | None = None) -> Response:
        """GET a path under the site's address (or under base), following no redirect."""
        opener = urllib.request.build_opener(_NoRedirect)
        try:
            with opener.open((base if base is not None else self.url) + path, timeout=90) as r:
                return Response(r.status, dict(r.headers), r.read())
        except urllib.error.HTTPError as error:
            return Response(error.code, dict(error.headers), error.read())

    def rebuilt_after(self, epoch: int) -> int:
        """Wait until a build newer than `epoch` is served, through the long poll the reload
        script itself uses (it answers as soon as there is one); returns the new epoch."""
        with urllib.request.urlopen(f"{self.origin}/livereload/{epoch}/1", timeout=90) as r:
            newer = int(r.read())
        assert newer > epoch, f"no rebuild within a minute; the command said:\n{self.log()}"
        return newer

    def log(self) -> str:
        with self._changed:
            return "".join(self.output)

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            with self._changed:
                self.output.append(line)
                self._changed.notify_all()
        with self._changed:
            self._changed.notify_all()

    def wait_for_address(self) -> str:
        with self._changed:
            self._changed.wait_for(
                lambda: _ADDRESS.search("".join(self.output)) or self.process.poll() is not None,
                timeout=STARTUP,
            )
            found = _ADDRESS.search("".join(self.output))
        assert found, f"serve did not start:\n{self.log()}"
        self.url = found.group(0)
        return self.url

    def stop(self) -> int:
        """End it as a service manager would (SIGTERM); returns its exit status."""
        if self.process.poll() is None:
            self.process.terminate()
        status = self.process.wait(timeout=30)
        if self._reader is not None:
            self._reader.join(timeout=30)
        assert self.process.stdout is not None
        self.process.stdout.close()
        return status


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


def edit(path: Path, text: str, *, scratch: Path) -> None:
    """Save a new text into a file in one step, as an editor's Save does: written beside in
    scratch (outside the watched folders, on the same disk) and moved into place, so the
    watcher never sees it half-written and rebuilds once."""
    draft = scratch / f".{path.name}.draft"
    draft.write_text(text, encoding="utf-8")
    os.replace(draft, path)


def start(args: Sequence[str | Path], *, cwd: Path) -> Serve:
    process = subprocess.Popen(
        [sys.executable, str(ROOT / "build.py"), "serve", "--port", "0", *map(str, args)],
        cwd=cwd,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        encoding="utf-8",
    )
    serve = Serve(process)
    serve._reader = threading.Thread(target=serve._read, name="serve output", daemon=True)
    serve._reader.start()
    return serve


@contextmanager
def serving(args: Sequence[str | Path], *, cwd: Path) -> Iterator[Serve]:
    """A running `build.py serve --port 0 ARGS`, stopped (and its exit checked) afterwards."""
    serve = start(args, cwd=cwd)
    try:
        serve.wait_for_address()
        yield serve
    finally:
        status = serve.stop()
    assert status == 0, f"serve ended with {status}:\n{serve.log()}"
    assert "已停止预览 / preview stopped" in serve.log()
