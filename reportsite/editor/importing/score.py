"""How well an import reproduces a labelled case (tests/fixtures/import/*/expected.yaml): one
point per front key, disclosure field, heading, lead and paragraph start matched in order,
and per chrome string kept out of the YAML. Used by the tests and scripts/import_score.py."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

_MARKER = re.compile(
    r"^(?:[一二三四五六七八九十]{1,3}是|第[一二三四五六七八九十]{1,3}[，、]?|\d{1,2}[.．、]|[（(]\d{1,2}[）)][、，,．.]?|[①-⑳❶-❿➀-➉⑴-⒇⒈-⒛])"
)


@dataclass(slots=True)
class Score:
    """Recall (points of total labels) and, apart, precision: of the headings, leads and
    paragraph starts the import produced, how many a label asks for (`right` of `found`);
    the others are `extras`."""

    points: int = 0
    total: int = 0
    misses: list[str] = field(default_factory=list)
    found: int = 0
    right: int = 0
    extras: list[str] = field(default_factory=list)

    def add(self, ok: bool, what: str) -> None:
        self.total += 1
        if ok:
            self.points += 1
        else:
            self.misses.append(what)


def _lead(text: str) -> str:
    return _MARKER.sub("", text).rstrip("。：:")


def labels(report: dict[str, Any]) -> dict[str, list[Any]]:
    """Headings, leads and paragraph starts of an imported report, in reading order."""
    headings: list[tuple[int, str]] = []
    leads: list[str] = []
    starts: list[str] = []

    def paras(values: Sequence[Any] | None) -> None:
        for value in values or ():
            starts.append(_MARKER.sub("", str(value))[:12])

    def items(values: Sequence[Any] | None) -> None:
        for item in values or ():
            if item.get("lead"):
                leads.append(_lead(str(item["lead"])))
            paras([item.get("text")] if item.get("text") else [])

    def sections(values: Sequence[Any] | None, level: int) -> None:
        for section in values or ():
            headings.append((level, str(section.get("title"))))
            paras(section.get("intro"))
            items(section.get("items"))
            sections(section.get("subsections"), level + 1)

    def part(value: dict[str, Any], heading_key: str = "heading") -> None:
        if value.get(heading_key):
            headings.append((1, str(value[heading_key])))
        paras(value.get("intro"))
        items(value.get("items"))
        sections(value.get("sections"), 2)
        paras(value.get("closing"))

    paras(report.get("opening"))
    review = report.get("review") or {}
    others = report.get("parts") or []
    part(review)
    for other in others:
        if other.get("place") == "after-review":
            part(other)
    tasks = report.get("tasks")
    if tasks:
        if tasks.get("heading"):
            headings.append((1, str(tasks["heading"])))
        paras(tasks.get("intro"))
        items(tasks.get("lead_items"))
        for task in tasks.get("items") or ():
            headings.append((2, str(task.get("title"))))
            paras([task["text"]] if task.get("text") else [])
            items(task.get("items"))
    for other in others:
        if other.get("place", "after-tasks") == "after-tasks":
            part(other)
    paras(report.get("closing"))
    return {"headings": [list(h) for h in headings], "leads": leads, "paragraph_starts": starts}


def _in_order(expected: Sequence[Any], actual: Sequence[Any]) -> tuple[list[bool], list[bool]]:
    """For each expected label and for each found one, whether it is matched by the longest
    common subsequence."""
    n, m = len(expected), len(actual)
    table = [[0] * (m + 1) for _ in range(n + 1)]
    for i in range(n - 1, -1, -1):
        for j in range(m - 1, -1, -1):
            table[i][j] = (
                table[i + 1][j + 1] + 1
                if expected[i] == actual[j]
                else max(table[i + 1][j], table[i][j + 1])
            )
    matched = [False] * n
    used = [False] * m
    i = j = 0
    while i < n and j < m:
        if expected[i] == actual[j]:
            matched[i] = used[j] = True
            i, j = i + 1, j + 1
        elif table[i + 1][j] >= table[i][j + 1]:
            i += 1
        else:
            j += 1
    return matched, used


def _norm(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _norm(v) for k, v in value.items()}
    return value


def unescape(value: Any) -> Any:
    """Content text as the reader sees it: the importer's Markdown escapes taken out."""
    if isinstance(value, str):
        return re.sub(r"\\([\\`*_\[\]#>+\-\d])", r"\1", value)
    if isinstance(value, dict):
        return {k: unescape(v) for k, v in value.items()}
    if isinstance(value, list):
        return [unescape(v) for v in value]
    return value


def score(
    expected: dict[str, Any], report: dict[str, Any] | None, yaml_text: str, kind: str
) -> Score:
    result = Score()
    report = unescape(report or {})
    if "kind" in expected:
        result.add(expected["kind"] == kind, f"kind: {kind}")
    for key, want in (expected.get("front") or {}).items():
        got = report.get(key)
        result.add(_norm(got) == _norm(want), f"front.{key}: {got!r} ≠ {want!r}")
    disclosure = report.get("disclosure") or {}
    for key, want in (expected.get("disclosure") or {}).items():
        got = disclosure.get(key)
        result.add(_norm(got) == _norm(want), f"disclosure.{key}: {got!r} ≠ {want!r}")
    found = labels(report)
    for name in ("headings", "leads", "paragraph_starts"):
        want_list = [list(v) if isinstance(v, list) else v for v in expected.get(name) or ()]
        matched, used = _in_order(want_list, found[name])
        for ok, want in zip(matched, want_list, strict=True):
            result.add(ok, f"{name}: {want}")
        if expected.get("kind") == "not-report":
            continue  # its text is kept as paragraphs nobody labels: precision is moot
        result.found += len(used)
        result.right += sum(used)
        result.extras += [
            f"{name}: {got}" for ok, got in zip(used, found[name], strict=True) if not ok
        ]
    for text in expected.get("chrome") or ():
        result.add(str(text) not in yaml_text, f"chrome: {text}")
    return result


def cases(folder: Path) -> Iterator[Path]:
    """The case folders under folder: each holds a source.* and its expected.yaml."""
    for case in sorted(folder.iterdir()):
        if (case / "expected.yaml").is_file():
            yield case
