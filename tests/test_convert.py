"""load.py and convert.py: YAML's traps become located problems, and good values convert."""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from reportsite.convert import INVALID, Converter, convert_source
from reportsite.load import load_source
from reportsite.model import Figure, Report, Text
from reportsite.problems import Problem

from .conftest import REPORT_YAML


def convert(tmp_path: Path, text: str | bytes, target: type) -> tuple[object, list[Problem]]:
    path = tmp_path / "x.yaml"
    path.write_bytes(text.encode() if isinstance(text, str) else text)
    source = load_source(path)
    if isinstance(source, list):
        return INVALID, source
    value, problems, _ = convert_source(source, target)
    return value, problems


def codes(problems: list[Problem]) -> list[tuple[str, int, int]]:
    return [(p.code, p.location.line, p.location.column) for p in problems]


FIGURE = "key: k\nvalue: {value}\nunit: {{zh: 次, en: times}}\nlabel: {{zh: 次数, en: count}}\n"


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("010", "leading-zero"),
        ("0o10", "expected-number"),
        ("0x10", "expected-number"),
        ("1:30", "sexagesimal"),
        ('"6"', "quoted-number"),
        ("six", "expected-number"),
        ("true", "expected-number"),
        ("1e3", "expected-number"),
        ("~", "expected-number"),
    ],
)
def test_number_fields_refuse_yaml_11_readings(tmp_path: Path, value: str, code: str) -> None:
    result, problems = convert(tmp_path, FIGURE.format(value=value), Figure)
    assert result is INVALID
    assert codes(problems) == [(code, 2, 8)]


@pytest.mark.parametrize(("value", "expected"), [("6", 6), ("0", 0), ("2.5", 2.5), ("-3", -3)])
def test_number_fields_accept_plain_numbers(tmp_path: Path, value: str, expected: float) -> None:
    result, problems = convert(tmp_path, FIGURE.format(value=value), Figure)
    assert problems == []
    assert isinstance(result, Figure) and result.value == expected


@pytest.mark.parametrize(
    "raw", ["no", "yes", "on", "off", "true", "~", "null", "010", "12:30", "3.5", "2024-01-01"]
)
def test_text_fields_refuse_non_text(tmp_path: Path, raw: str) -> None:
    result, problems = convert(tmp_path, f"zh: 中文\nen: {raw}\n", Text)
    if raw in ("~", "null"):
        # null in `en` means "translation pending": a value, not an error.
        assert problems == [] and result == Text("中文")
    else:
        assert result is INVALID
        assert codes(problems) == [("expected-text", 2, 5)]


def test_plain_string_is_chinese_with_translation_pending(tmp_path: Path) -> None:
    result, problems = convert(tmp_path, "仅中文\n", Text)
    assert problems == [] and result == Text("仅中文", None)


def test_empty_english_means_pending(tmp_path: Path) -> None:
    result, _ = convert(tmp_path, 'zh: 中文\nen: ""\n', Text)
    assert result == Text("中文", None)


@dataclass(frozen=True)
class Texts:
    t: Text
    u: Text | None = None
    a: str | None = None


TEXT_SHAPES = {
    "flow": "t: {zh: 甲, en: A}\n",
    "block": "t:\n  zh: 甲\n  en: A\n",
    "english-empty": 't: {zh: 甲, en: ""}\n',
    "english-null": "t: {zh: 甲, en: null}\n",
    "english-number": "t: {zh: 甲, en: 2024}\n",
    "english-first": "t: {en: A, zh: 甲}\n",
    "chinese-blank": 't: {zh: " ", en: A}\n',
    "chinese-number": "t: {zh: 1, en: A}\n",
    "chinese-tagged-text": "t: {zh: !!str 1, en: A}\n",
    "chinese-tagged-list": "t: {zh: !!str [甲], en: A}\n",
    "unknown-tag": "t: {zh: !x 甲, en: A}\n",
    "chinese-list": "t: {zh: [甲], en: A}\n",
    "third-key": "t: {zh: 甲, en: A, fr: B}\n",
    "one-key": "t: {zh: 甲}\n",
    "twice-chinese": "t: {zh: 甲, zh: 乙}\n",
    "key-a-list": "t: {[zh]: 甲, en: A}\n",
    "quoted-keys": "t: {'zh': 甲, \"en\": A}\n",
    "alias-within": "t: {zh: &a 甲, en: *a}\n",
    "alias-of-earlier": "a: &a 甲\nt: {zh: *a, en: A}\n",
    "alias-of-english": "t: {zh: 甲, en: &a A}\nu: {zh: 乙, en: *a}\n",
    "alias-of-chinese-later": "t: {zh: &a 甲, en: A}\na: *a\n",
    "text-alias": "t: &a {zh: 甲, en: A}\nu: *a\n",
}


@pytest.mark.parametrize("shape", TEXT_SHAPES.values(), ids=TEXT_SHAPES.keys())
def test_a_text_of_two_converts_as_any_mapping_does(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, shape: str
) -> None:
    """Converter._plain_text makes the common `{zh: …, en: …}` at once: the same value, the
    same problems and the same places as the general conversion of a mapping."""
    path = tmp_path / "x.yaml"
    path.write_text(shape, "utf-8")
    paths = ["t", "t.zh", "t.en", "u", "u.zh", "u.en", "a"]

    def converted() -> tuple[object, list[Problem], list[object]]:
        source = load_source(path)
        assert not isinstance(source, list)
        value, problems, at = convert_source(source, Texts)
        return value, problems, [at(where) for where in paths]

    quick = converted()
    monkeypatch.setattr(Converter, "_plain_text", lambda self, node, path: None)
    assert quick == converted()


def test_the_test_report_converts(tmp_path: Path) -> None:
    result, problems = convert(tmp_path, REPORT_YAML, Report)
    assert problems == []
    assert isinstance(result, Report)
    assert result.disclosure.published == dt.date(2025, 1, 10)
    assert result.review.sections[0].items[0].figures[0].quote_zh == "6次"


def test_crlf_and_bom_keep_editor_line_numbers(tmp_path: Path) -> None:
    text = "\ufeffzh: 中文\r\nen: no\r\n"
    _, problems = convert(tmp_path, text.encode("utf-8"), Text)
    assert codes(problems) == [("expected-text", 2, 5)]


def test_invalid_utf8_points_at_the_byte(tmp_path: Path) -> None:
    _, problems = convert(tmp_path, "zh: 中文\nen: ab".encode() + b"\xff\n", Text)
    assert codes(problems) == [("not-utf8", 2, 7)]
    assert problems[0].args == {"byte": "0xFF"}


def test_alias_bomb_is_refused_at_once(tmp_path: Path) -> None:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, 10)]
    started = time.monotonic()
    result, problems = convert(tmp_path, "\n".join(lines) + "\n", Report)
    assert time.monotonic() - started < 5
    assert result is INVALID
    assert problems and all(p.location.line >= 1 for p in problems)


def test_alias_is_refused_where_it_is_reused(tmp_path: Path) -> None:
    _, problems = convert(tmp_path, "zh: &t 中文\nen: *t\n", Text)
    assert codes(problems) == [("alias", 1, 5)]


@pytest.mark.parametrize("depth", [50, 5000])
def test_deep_nesting_is_a_located_problem(tmp_path: Path, depth: int) -> None:
    result, problems = convert(tmp_path, "[" * depth + "]" * depth + "\n", Report)
    assert result is INVALID
    assert len(problems) == 1 and problems[0].location.line == 1


def test_duplicate_keys_inside_a_list_item(tmp_path: Path) -> None:
    text = REPORT_YAML.replace("    - id: study\n", "    - id: study\n      id: again\n")
    _, problems = convert(tmp_path, text, Report)
    assert codes(problems) == [("duplicate-key", 26, 7)]
    assert problems[0].path == "tasks.items[0].id"
