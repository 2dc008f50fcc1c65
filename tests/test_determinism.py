"""Two builds of the same content are identical byte for byte, whatever the clock, time zone,
locale, hash seed and umask of the machine that runs them. Dates come from the content, or
from SOURCE_DATE_EPOCH where a build needs one, never from the clock."""

from __future__ import annotations

import difflib
import hashlib
import os
import shutil
import stat
import subprocess
from collections.abc import Mapping
from pathlib import Path

import pytest

from .conftest import CONTENT, ROOT, run_cli

EPOCH = "1756425600"  # 2025-08-29T00:00:00Z, the example's publication day


def available_locale(*wanted: str) -> str:
    """The first locale in wanted that this machine has, else C.UTF-8."""
    try:
        listed = subprocess.run(
            ["locale", "-a"], capture_output=True, text=True, check=False, timeout=10
        ).stdout.split()
    except (OSError, subprocess.SubprocessError):
        listed = []
    have = {name.lower().replace("-", "") for name in listed}
    for name in wanted:
        if name.lower().replace("-", "") in have:
            return name
    return "C.UTF-8"


def faketime(moment: str) -> list[str]:
    """A command prefix that fakes the clock, where libfaketime is installed."""
    tool = shutil.which("faketime")
    return [tool, "-f", moment] if tool else []


def build(out: Path, env: Mapping[str, str], *, prefix: list[str], umask: int) -> None:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("LC_", "LANG", "TZ"))}
    clean.pop("SOURCE_DATE_EPOCH", None)
    clean.update(env)
    old = os.umask(umask)
    try:
        result = run_cli("--content", CONTENT, "--out", out, cwd=ROOT, env=clean, prefix=prefix)
    finally:
        os.umask(old)
    assert result.returncode == 0, f"build under {env} failed:\n{result.stderr}"


def tree(folder: Path) -> dict[str, tuple[str, str]]:
    """Every file and folder: permission bits and a hash of the bytes."""
    found: dict[str, tuple[str, str]] = {}
    for path in sorted(folder.rglob("*")):
        mode = stat.filemode(path.lstat().st_mode)
        digest = hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else ""
        found[path.relative_to(folder).as_posix()] = (mode, digest)
    return found


def describe(a: Path, b: Path) -> str:
    left, right = tree(a), tree(b)
    lines = []
    for name in sorted(set(left) | set(right)):
        if left.get(name) == right.get(name):
            continue
        lines.append(f"{name}: {left.get(name)} ≠ {right.get(name)}")
        if name in left and name in right and left[name][1] != right[name][1]:
            try:
                one = (a / name).read_text(encoding="utf-8").splitlines()
                two = (b / name).read_text(encoding="utf-8").splitlines()
            except (UnicodeDecodeError, IsADirectoryError):
                continue
            lines += list(difflib.unified_diff(one, two, lineterm="", n=0))[2:12]
    return "\n".join(lines[:80])


@pytest.fixture(scope="module")
def first(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("first") / "site"
    env = {
        "TZ": "UTC",
        "LC_ALL": "C.UTF-8",
        "LANG": "C.UTF-8",
        "PYTHONHASHSEED": "0",
        "SOURCE_DATE_EPOCH": EPOCH,
    }
    build(out, env, prefix=faketime("2026-01-01 00:00:00"), umask=0o022)
    return out


def test_same_output_under_another_clock_zone_locale_and_umask(first: Path, tmp_path: Path) -> None:
    locale = available_locale("zh_CN.UTF-8", "en_US.UTF-8", "de_DE.UTF-8")
    env = {
        "TZ": "Pacific/Kiritimati",  # UTC+14: another calendar day than UTC
        "LC_ALL": locale,
        "LANG": "zh_CN.UTF-8",
        "LANGUAGE": "zh_CN:zh",
        "PYTHONHASHSEED": "4242",
        "SOURCE_DATE_EPOCH": EPOCH,
    }
    second = tmp_path / "site"
    build(second, env, prefix=faketime("2031-12-31 23:59:30"), umask=0o077)
    assert tree(first) == tree(second), describe(first, second)


def test_no_clock_in_the_output(first: Path, tmp_path: Path) -> None:
    """Without SOURCE_DATE_EPOCH and on another day the site is still the same: every date
    it shows comes from the content."""
    env = {"TZ": "America/Los_Angeles", "LC_ALL": "C.UTF-8", "PYTHONHASHSEED": "7"}
    second = tmp_path / "site"
    build(second, env, prefix=faketime("1999-12-31 23:59:59"), umask=0o002)
    assert tree(first) == tree(second), describe(first, second)
