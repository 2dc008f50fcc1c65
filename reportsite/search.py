"""The search index: Pagefind's extended build over the written report pages → pagefind/.

Runs on the staging folder after every page is written and before the swap, so a failed index
fails the build and leaves the previous site as it was. Pagefind makes one index per
`<html lang>` (zh-CN, en); its extended build segments Chinese into words. The binary comes
with the `pagefind[extended]` package from PyPI: nothing is downloaded at build time.
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path, PurePosixPath

from . import urls
from .problems import ContentError, Location, Problem

EXCLUDED = ("nav", "body > footer", ".skip-link")
"""Page chrome around the report text. The header excludes itself (data-pagefind-ignore) so
that the report title and date it carries still reach the results as metadata."""


def index(root: Path, into: PurePosixPath = urls.PAGEFIND) -> None:
    """Index the report pages of the site folder `root` into root/into."""
    command = [
        str(_executable()),
        "--site",
        str(root.resolve()),
        "--glob",
        urls.REPORTS_GLOB,
        "--output-subdir",
        into.as_posix(),
        # Result links then name index.html, like every other link of the site (file://).
        "--keep-index-url",
        "--silent",
    ]
    for selector in EXCLUDED:
        command += ["--exclude-selectors", selector]
    # Pagefind also reads pagefind.yml from its working folder and PAGEFIND_* variables: run it
    # where only our own files are, with none of those, so every build indexes the same way.
    environment = {k: v for k, v in os.environ.items() if not k.startswith("PAGEFIND_")}
    try:
        result = subprocess.run(
            command,
            cwd=root,
            env=environment,
            capture_output=True,
            text=True,
            encoding="utf-8",
            errors="replace",
            check=False,
        )
    except OSError as error:
        raise _failure(str(error)) from error
    if result.returncode != 0:
        output = (result.stderr.strip() or result.stdout.strip()).splitlines()
        raise _failure(output[-1] if output else f"exit status {result.returncode}")
    # Pagefind lists the languages of its entry file in a different order from run to run; the
    # same content must give the same bytes, so the file is rewritten with its keys sorted.
    entry = root.joinpath(*into.parts, "pagefind-entry.json")
    data = json.loads(entry.read_text(encoding="utf-8"))
    entry.write_text(
        json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")),
        encoding="utf-8",
    )


def _executable() -> Path:
    try:
        from pagefind_bin_extended import get_executable

        return Path(get_executable())
    except (ImportError, OSError) as error:
        problem = Problem(location=Location("pagefind", 0, 0), code="search-missing")
        raise ContentError([problem]) from error


def _failure(detail: str) -> ContentError:
    return ContentError(
        [
            Problem(
                location=Location("pagefind", 0, 0), code="search-failed", args={"detail": detail}
            )
        ]
    )
