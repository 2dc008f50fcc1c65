"""The editors' handbook (docs/, mkdocs.yml): it builds with `mkdocs build --strict`, fetches
nothing from outside, has every page in both languages, and its generated chapters hold every
field of the model and every message of the table, made from them at build time."""

from __future__ import annotations

import dataclasses
import html
import typing
from dataclasses import is_dataclass
from pathlib import Path

import pytest
import yaml

from reportsite import handbook, problems
from reportsite.model import Lang, Text
from reportsite.schema import SCHEMAS

from .conftest import ROOT
from .mkdocs_site import external_requests, mkdocs_build

DOCS = ROOT / "docs"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("handbook") / "site"
    result = mkdocs_build(ROOT, out)
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr, result.stderr
    return out


def model_classes() -> list[type]:
    """Every dataclass of the content model that a content file can hold, but Text."""
    found: list[type] = []
    queue = list(SCHEMAS.values())
    while queue:
        cls = queue.pop(0)
        if cls in found or cls is Text:
            continue
        found.append(cls)
        for hint in typing.get_type_hints(cls).values():
            queue += [t for t in _leaves(hint) if isinstance(t, type) and is_dataclass(t)]
    return found


def _leaves(hint: object) -> list[object]:
    args = typing.get_args(hint)
    return [leaf for arg in args for leaf in _leaves(arg)] if args else [hint]


def test_the_handbook_builds_strict_and_requests_nothing_outside(built: Path) -> None:
    assert (built / "zh/quickstart/index.html").is_file()
    assert (built / "en/publishing/index.html").is_file()
    assert not external_requests(built)
    assert not list(built.rglob("*.py")), "the hook is not published"


def test_every_page_is_in_both_languages_and_in_the_navigation() -> None:
    zh = sorted(p.name for p in (DOCS / "zh").glob("*.md"))
    en = sorted(p.name for p in (DOCS / "en").glob("*.md"))
    assert zh == en
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
    listed = yaml.safe_dump(config["nav"])
    for name in zh:
        assert f"zh/{name}" in listed and f"en/{name}" in listed


def test_the_content_model_chapter_has_every_field(built: Path) -> None:
    for lang in ("zh", "en"):
        page = (built / lang / "content-model/index.html").read_text(encoding="utf-8")
        for cls in model_classes():
            assert f'id="{cls.__name__.lower()}"' in page, f"{lang}: no section {cls.__name__}"
            for f in dataclasses.fields(cls):
                assert f"<code>{f.name}</code>" in page, f"{lang}: {cls.__name__}.{f.name}"


def test_the_messages_chapter_has_every_message_and_fix(built: Path) -> None:
    for lang in (Lang.ZH, Lang.EN):
        page = html.unescape((built / lang / "errors/index.html").read_text(encoding="utf-8"))
        for code, message in problems.MESSAGES.items():
            assert f'id="{code}"' in page, f"{lang}: no entry for {code}"
            text = message.zh if lang is Lang.ZH else message.en
            first = text.split("{", 1)[0].replace("{{", "{")
            assert first in page, f"{lang}: {code}: {first!r}"


def test_the_chapters_are_made_from_the_code_not_copied(monkeypatch: pytest.MonkeyPatch) -> None:
    added = problems.Message(zh="新的问题 {thing}", en="a new problem {thing}", fix_en="do *this*")
    monkeypatch.setitem(problems.MESSAGES, "brand-new", added)
    text = handbook.expand("<!-- reportsite:messages -->", "en/errors.md")
    assert "### brand-new\n\n**message**: a new problem ‹thing›\n\n**fix**: do \\*this\\*\n" in text


def test_a_model_table_reads_as_expected() -> None:
    table = handbook.content_model(Lang.ZH)
    assert (
        "### Presenter\n\n"
        "| 字段 | 类型 | 必填 | 说明 |\n"
        "| --- | --- | --- | --- |\n"
        "| `name` | 双语文字 | 是 | 报告人姓名 |\n"
        "| `role` | 双语文字 | 是 | 报告人职务 |\n"
    ) in table
    english = handbook.content_model(Lang.EN)
    assert "| `presenter` | [Presenter](#presenter), or null | no | presenter |" in english
    assert "| `sections` | list of [Section](#section) | yes | numbered sections |" in english
    assert "### Report\n\nfile: `content/reports/<series>/<year>.yaml`\n" in english


def test_an_unknown_chapter_is_refused() -> None:
    with pytest.raises(ValueError, match="no generated chapter 'nothing'"):
        handbook.expand("<!-- reportsite:nothing -->", "zh/x.md")


def test_the_chinese_pages_are_marked_chinese_and_the_search_reads_chinese(built: Path) -> None:
    for page in sorted(built.glob("*/**/index.html")):
        lang = "zh-CN" if page.relative_to(built).parts[0] == "zh" else "en"
        assert f'<html lang="{lang}"' in page.read_text(encoding="utf-8"), page
    assert (built / "search" / "lunr.zh.js").read_bytes() == (DOCS / "search-zh.js").read_bytes()
