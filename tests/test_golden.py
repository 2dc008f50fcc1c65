"""Golden files: every rendered page of the example site, byte for byte.

After an intended change of output: `pytest --update-golden`, then review `git diff tests/golden`.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from .conftest import ROOT, Golden, run_cli, tree_bytes

GOLDEN = ROOT / "tests" / "golden" / "site"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    out = tmp_path_factory.mktemp("golden") / "site"
    result = run_cli("--out", out, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    # Static assets are copied verbatim from templates/static, and the search index is Pagefind's
    # own output (tests/test_search.py checks it): pinning them here adds nothing.
    return {
        name: data
        for name, data in tree_bytes(out).items()
        if not name.startswith(("static/", "pagefind/"))
    }


def test_no_page_missing_or_extra(built: dict[str, bytes], golden: Golden) -> None:
    listing = "".join(f"{name}\n" for name in built)
    golden.check(GOLDEN.parent / "site-files.txt", listing)


def test_pages_match(built: dict[str, bytes], golden: Golden) -> None:
    for name, data in built.items():
        golden.check(GOLDEN / name, data)


def test_golden_tree_has_no_stale_files(built: dict[str, bytes], golden: Golden) -> None:
    committed = {p.relative_to(GOLDEN).as_posix() for p in Path(GOLDEN).rglob("*") if p.is_file()}
    stale = sorted(committed - set(built))
    if golden.update:
        for name in stale:
            (GOLDEN / name).unlink()
    else:
        assert stale == []
