"""The imported report as YAML text, in the style of the hand-made example: the schema line,
keys in the model's order, plain strings (Chinese, translation pending), `null  # 待填写 / to
fill in` where the source lacked a required value, quoted figures proposed as comments for
the editor to confirm."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

import yaml

from .shape import Part, Section, Shape
from .structure import Para

TO_FILL = "null  # 待填写 / to fill in"
_FIGURE = re.compile(
    r"(\d+(?:\.\d+)?)(余)?((?:万|亿)?(?:人次|件次|公里|平方米|元|亩|吨|人|户|个|次|件|名|份|条|项|家"
    r"|场|期|篇|所|座|处|台|辆|套|间)|%)"
)


@dataclass(slots=True)
class Counts:
    """What was written, for the summary."""

    parts: list[tuple[int, str]] = field(default_factory=list)
    sections: list[tuple[int, str]] = field(default_factory=list)
    items: int = 0
    tasks: list[tuple[int, str]] = field(default_factory=list)
    figures: int = 0
    lacking: list[tuple[int, str]] = field(default_factory=list)
    """(line in the YAML written, key) of each required value the source did not give."""


_MARKDOWN = re.compile(r"([\\`*_\[\]])")
_MARKDOWN_START = re.compile(r"^([#>]|[-+](?=\s)|\d+(?=[.)]\s))")


def verbatim(text: str) -> str:
    """Source text as content text: the characters Markdown would read as markup escaped, so
    the page shows them as written."""
    return _MARKDOWN_START.sub(r"\\\1", _MARKDOWN.sub(r"\\\1", text))


def scalar(value: str) -> str:
    """A YAML scalar that reads back as exactly this text (quoted only where needed)."""
    dumped = yaml.safe_dump(value, allow_unicode=True, width=10**9, default_style=None)
    return dumped.removesuffix("\n...\n").removesuffix("\n")


class Writer:
    def __init__(self) -> None:
        self.out: list[str] = []
        self.counts = Counts()

    def line(self, indent: int, text: str) -> None:
        self.out.append("  " * indent + text)

    def field(
        self,
        indent: int,
        key: str,
        value: str | dt.date | None,
        *,
        required: bool = False,
        markdown: bool = True,
    ) -> None:
        if value is None:
            if required:
                self.to_fill(indent, key)
            return
        if isinstance(value, dt.date):
            text = value.isoformat()
        else:
            text = scalar(verbatim(value) if markdown else value)
        self.line(indent, f"{key}: {text}")

    def to_fill(self, indent: int, key: str) -> None:
        self.line(indent, f"{key}: {TO_FILL}")
        self.counts.lacking.append((len(self.out), key))

    def texts(self, indent: int, key: str, paras: list[Para]) -> None:
        if not paras:
            return
        self.line(indent, f"{key}:")
        for para in paras:
            self.line(indent + 1, f"- {scalar(verbatim(para.text))}")

    def items(self, indent: int, key: str, paras: list[Para], figures: bool) -> None:
        if not paras:
            return
        self.line(indent, f"{key}:")
        for para in paras:
            self.counts.items += 1
            text = scalar(verbatim(para.text))
            if para.lead is not None:
                self.line(indent + 1, f"- lead: {scalar(verbatim(para.lead))}")
                self.line(indent + 2, f"text: {text}")
            else:
                self.line(indent + 1, f"- text: {text}")
            if figures:
                self._figures(indent + 2, para.text)

    def _figures(self, indent: int, text: str) -> None:
        found = list(dict.fromkeys(m.group() for m in _FIGURE.finditer(text)))
        if not found:
            return
        self.line(indent, "# 数据（待确认后取消注释） / figures, to confirm and uncomment:")
        self.line(indent, "# figures:")
        for quote in found:
            match = _FIGURE.fullmatch(quote)
            assert match is not None
            self.counts.figures += 1
            number, approx, unit = match.groups()
            key = f"figure-{self.counts.figures}"
            approx_text = ", approx: true" if approx else ""
            self.line(
                indent,
                f"#   - {{key: {key}, value: {number}{approx_text}, unit: {scalar(unit)}, "
                "label: 待填写}",
            )


def emit(
    shape: Shape,
    *,
    schema: str,
    series: str,
    year: int,
    disclosure: dict[str, str | dt.date | None],
    front: dict[str, str | dt.date | tuple[str, str | None] | None],
) -> tuple[str, Counts]:
    w = Writer()
    w.line(0, f"# yaml-language-server: $schema={schema}")
    w.line(0, f"series: {series}")
    w.line(0, f"year: {year}")
    w.line(0, "disclosure:")
    for key in ("index_no", "issuer", "catalog"):
        w.field(1, key, disclosure.get(key), required=True, markdown=key != "index_no")
    doc_no = disclosure.get("doc_no")
    w.line(1, f"doc_no: {scalar(doc_no) if isinstance(doc_no, str) else 'null'}")
    w.field(1, "published", disclosure.get("published"), required=True)
    title = front.get("title")
    w.field(0, "title", title if isinstance(title, str) else None, required=True)
    for key in ("meeting", "headline", "subtitle"):
        value = front.get(key)
        w.field(0, key, value if isinstance(value, str) else None)
    presenter = front.get("presenter")
    if isinstance(presenter, tuple):
        w.line(0, "presenter:")
        w.field(1, "name", presenter[0])
        w.field(1, "role", presenter[1], required=True)
    delivered = front.get("delivered")
    w.field(0, "delivered", delivered if isinstance(delivered, dt.date) else None)
    salutation = front.get("salutation")
    w.field(0, "salutation", salutation if isinstance(salutation, str) else None)
    w.texts(0, "opening", shape.opening)
    if shape.parts_numbered:
        w.line(0, "numbering: parts")
    review = next((p for p in shape.parts if p.kind == "review"), None)
    _review(w, review)
    tasks = next((p for p in shape.parts if p.kind == "tasks"), None)
    if tasks is not None:
        _tasks(w, tasks)
    others = [p for p in shape.parts if p.kind == "part"]
    if others:
        w.line(0, "parts:")
        for number, part in enumerate(others, 1):
            _other(w, part, number)
    w.texts(0, "closing", shape.closing)
    return "\n".join(w.out) + "\n", w.counts


def _review(w: Writer, part: Part | None) -> None:
    w.line(0, "review:")
    heading = part.heading if part else None
    w.field(1, "heading", heading, required=True)
    if heading and part:
        w.counts.parts.append((part.line, heading))
    if part is None:
        w.line(1, "sections: []")
        return
    w.texts(1, "intro", part.intro)
    w.items(1, "items", part.items, figures=False)
    _sections(w, part.sections, "review", figures=True)
    w.texts(1, "closing", part.closing)


def _sections(
    w: Writer, sections: list[Section], prefix: str, *, figures: bool, indent: int = 1
) -> None:
    w.line(indent, "sections:" if sections else "sections: []")
    for number, section in enumerate(sections, 1):
        w.counts.sections.append((section.line, section.title))
        w.line(indent + 1, f"- id: {prefix}-{number}")
        w.field(indent + 2, "title", section.title)
        w.texts(indent + 2, "intro", section.intro)
        w.items(indent + 2, "items", section.items, figures)
        if section.subsections:
            w.line(indent + 2, "subsections:")
            for sub_number, sub in enumerate(section.subsections, 1):
                w.counts.sections.append((sub.line, sub.title))
                w.line(indent + 3, f"- id: {prefix}-{number}-{sub_number}")
                w.field(indent + 4, "title", sub.title)
                w.texts(indent + 4, "intro", sub.intro)
                w.items(indent + 4, "items", sub.items + _flatten(sub.subsections), figures)


def _flatten(sections: list[Section]) -> list[Para]:
    """Headings deeper than the model holds, kept as paragraphs with what they hold."""
    out = []
    for section in sections:
        out.append(Para(section.title, section.line))
        out += section.intro + section.items + _flatten(section.subsections)
    return out


def _tasks(w: Writer, part: Part) -> None:
    w.line(0, "tasks:")
    w.field(1, "heading", part.heading, required=True)
    if part.heading:
        w.counts.parts.append((part.line, part.heading))
    w.texts(1, "intro", part.intro)
    w.items(1, "lead_items", part.items, figures=False)
    w.line(1, "items:" if part.sections else "items: []")
    for number, section in enumerate(part.sections, 1):
        w.counts.tasks.append((section.line, section.title))
        paras = section.intro + section.items + _flatten(section.subsections)
        w.line(2, f"- id: plan-{number}")
        w.field(3, "title", section.title)
        first = paras[0] if paras and paras[0].lead is None else None
        if first is not None:
            w.field(3, "text", first.text)
            paras = paras[1:]
        w.items(3, "items", paras, figures=False)
        if first is None and not paras:
            w.to_fill(3, "text")


def _other(w: Writer, part: Part, number: int) -> None:
    w.counts.parts.append((part.line, part.heading or ""))
    w.line(1, f"- id: part-{number}")
    w.field(2, "heading", part.heading, required=True)
    if part.place != "after-tasks":
        w.line(2, f"place: {part.place}")
    w.texts(2, "intro", part.intro)
    w.items(2, "items", part.items, figures=False)
    if part.sections:
        _sections(w, part.sections, f"part-{number}", figures=False, indent=2)
    w.texts(2, "closing", part.closing)
