"""`mkdocs build --strict` as the tests run it, and what a built MkDocs site would fetch from
outside itself."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

REQUESTS = ('src="http', "src='http", "url(http", "url('http", 'url("http', "@import")
"""Markers of a resource fetched from elsewhere (a plain link to another site is no request)."""


def mkdocs_build(project: Path, out: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", "mkdocs.yml", "-d", str(out)],
        cwd=project,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=300,
        check=False,
    )


def external_requests(folder: Path) -> list[str]:
    """Scripts, styles and fonts the built pages would load from another host."""
    found = []
    for path in sorted(folder.rglob("*")):
        if path.suffix not in (".html", ".css", ".js"):
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        name = path.relative_to(folder)
        found += [f"{name}: {marker}" for marker in REQUESTS if marker in text]
        found += [f"{name}: {host}" for host in ("googleapis", "cdnjs", "gstatic") if host in text]
        found += [
            f"{name}: {line.strip()}"
            for line in text.splitlines()
            if "<link" in line and ('href="http' in line or 'href="//' in line)
        ]
    return found
