"""The Nu HTML Checker (vnu, from npm's vnu-jar) on every generated page: zero errors."""

from __future__ import annotations

import json
import subprocess

import pytest

from .conftest import VNU, Site, java, require

pytestmark = pytest.mark.browser


def test_vnu_finds_no_errors(site: Site) -> None:
    java_path = java()
    require(java_path is not None, "Java is missing (apt-get install default-jre-headless)")
    require(VNU.is_file(), f"{VNU} is missing (npm ci)")
    assert java_path is not None
    pages = [site.root / name for name in site.html_pages()]
    # One JVM for every page: it takes seconds to start.
    result = subprocess.run(
        [java_path, "-jar", str(VNU), "--errors-only", "--format", "json", *map(str, pages)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=300,
        check=False,
    )
    try:
        messages = json.loads(result.stderr or result.stdout)["messages"]
    except (ValueError, KeyError):
        pytest.fail(f"vnu gave no JSON (exit {result.returncode}):\n{result.stderr}")
    errors = [m for m in messages if m.get("type") in ("error", "non-document-error")]
    lines = [
        f"{str(m.get('url', '?')).partition(str(site.root) + '/')[2]}:{m.get('lastLine', '?')}:"
        f"{m.get('firstColumn', m.get('lastColumn', '?'))}: {m.get('message', '')}"
        f"\n    {m.get('extract', '').strip()[:160]}"
        for m in errors
    ]
    assert not errors, f"vnu: {len(errors)} error(s) in {len(pages)} pages\n" + "\n".join(lines)
    assert result.returncode == 0, result.stderr
