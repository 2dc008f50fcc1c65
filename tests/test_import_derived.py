"""Every labelled case as real reports also arrive (tests/import_derived.py): a saved page
copied out of the browser as text, text hard-wrapped at 28–36 characters, numbered headings
with and without their full stop. Each variant keeps its case's labels and must score at
least THRESHOLD of them; the importer's weak spots on such text are pinned down below."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from reportsite.editor.importing.recognise import recognise
from reportsite.editor.importing.score import score
from reportsite.editor.importing.sources import read

from .conftest import ROOT
from .import_derived import Derive, copied_page, hard_wrapped, variants

FOLDER = ROOT / "tests" / "fixtures" / "import"
THRESHOLD = 0.85
"""Of the case's labels. A copy loses what only the markup said (a table's cells, an <h1>'s
rank), a hard wrap what only the line breaks said; what is left must still come out."""


def _score(case: Path, text: str) -> float:
    expected = yaml.safe_load((case / "expected.yaml").read_text(encoding="utf-8"))
    imported = recognise(read(text.encode(), "source.txt"), series="s", year=2024, schema="x")
    result = score(expected, yaml.safe_load(imported.yaml), imported.yaml, imported.kind)
    return result.points / max(result.total, 1)


@pytest.mark.parametrize(
    ("case", "derive", "text"),
    [pytest.param(*v, id=f"{v[0].name}-{v[1].__name__}") for v in variants(FOLDER)],
)
def test_a_variant_scores_at_least_the_threshold(case: Path, derive: Derive, text: str) -> None:
    assert _score(case, text) >= THRESHOLD


def test_the_variants_cover_every_form_they_derive() -> None:
    kinds = {derive.__name__ for _, derive, _ in variants(FOLDER)}
    assert kinds == {
        "copied_page",
        "wrapped-28",
        "wrapped-30",
        "wrapped-32",
        "wrapped-36",
        "headings-stopped",
        "headings-bare",
    }


def test_a_copy_is_the_page_as_read_and_a_wrap_cuts_prose_at_its_width() -> None:
    page = copied_page(FOLDER / "town-gov-2024-html-toolbar")
    assert page is not None
    assert "青岗镇2024年政府工作报告\n【字体：大 中 小】" in page
    assert "<" not in page
    wrapped = hard_wrapped(30)(FOLDER / "template-fanwen-placeholder-txt")
    assert wrapped is not None
    assert "一、一年来,我们致力于农业稳镇、工业强镇,发展基础进一步夯实\n\n" in wrapped
    assert max(len(line) for line in wrapped.splitlines() if "," in line) == 30
