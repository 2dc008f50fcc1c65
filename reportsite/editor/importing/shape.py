"""The heading tree of a body → the parts of the content model: opening, review (intro,
items, sections with their items and sub-sections, closing), tasks, further parts, closing."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .structure import Body, Node, Para, is_closing, is_task_part


@dataclass(slots=True)
class Section:
    title: str
    line: int
    intro: list[Para] = field(default_factory=list)
    items: list[Para] = field(default_factory=list)
    subsections: list[Section] = field(default_factory=list)


@dataclass(slots=True)
class Part:
    kind: str
    """review, tasks or part."""
    heading: str | None
    line: int
    intro: list[Para] = field(default_factory=list)
    items: list[Para] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    closing: list[Para] = field(default_factory=list)
    place: str = "after-tasks"


@dataclass(slots=True)
class Shape:
    opening: list[Para]
    parts: list[Part]
    closing: list[Para]
    parts_numbered: bool


def _year(title: str | None) -> int | None:
    match = re.search(r"(\d{4})年", title or "")
    return int(match.group(1)) if match else None


def _is_tasks(title: str, parts: list[Part]) -> bool:
    """The tasks: the first part after the review that says so (工作任务, 安排, 打算…) or that
    names a later year than the review (2024年主要工作 after 2023年工作回顾)."""
    if any(p.kind == "tasks" for p in parts):
        return False
    review_year, year = _year(parts[0].heading), _year(title)
    later = review_year is not None and year is not None and year > review_year
    return later or is_task_part(title)


def _split_items(paras: list[Para]) -> tuple[list[Para], list[Para]]:
    """Intro paragraphs before the first lead item, then the items (plain ones among them)."""
    first = next((i for i, p in enumerate(paras) if p.lead is not None), len(paras))
    return paras[:first], paras[first:]


def _section(node: Node) -> Section:
    intro, items = _split_items(node.paras)
    return Section(
        node.title, node.line, intro, items, [_section(child) for child in node.children]
    )


def _part(node: Node | None, paras: list[Para], children: list[Node], kind: str) -> Part:
    part = Part(kind, node.title if node else None, node.line if node else 0)
    part.intro, part.items = _split_items(paras)
    part.sections = [_section(child) for child in children]
    if part.sections and kind != "tasks":
        _take_closing(part.sections[-1], part.closing)
    return part


def _take_closing(section: Section, closing: list[Para]) -> None:
    """Thanks and shortcomings after the last section (各位代表，…) belong to the part."""
    last = section.subsections[-1] if section.subsections else section
    closing.extend(_trailing(last.items or last.intro))


def shape(body: Body) -> Shape:
    root = body.root
    top = root.children
    opening = list(root.paras)
    parts: list[Part] = []
    if top and all(child.level >= 2 for child in top):
        # Sections with no part heading above them: the review, its heading left to fill.
        parts.append(_part(None, [], top, "review"))
    else:
        for child in top:
            if child.level >= 2:
                if not parts:  # sections before any part heading: the review's, unheaded
                    parts.append(_part(None, [], [], "review"))
                parts[-1].sections.append(_section(child))
                continue
            tasks = bool(parts) and not child.topic and _is_tasks(child.title, parts)
            kind = "review" if not parts else "tasks" if tasks else "part"
            parts.append(_part(child, child.paras, child.children, kind))
    if not any(p.kind == "tasks" for p in parts):
        for part in parts[1:]:
            part.place = "after-review"
    else:
        seen_tasks = False
        for part in parts:
            seen_tasks |= part.kind == "tasks"
            part.place = "after-tasks" if seen_tasks else "after-review"
    closing: list[Para] = []
    if parts:
        last = parts[-1]
        if last.closing:
            closing = list(last.closing)
            last.closing.clear()
        elif last.sections:
            section = last.sections[-1]
            closing = _trailing(section.items or section.intro)
        else:
            closing = _trailing(last.items or last.intro)
    return Shape(opening, parts, closing + body.appendix, body.parts_numbered)


def _trailing(pool: list[Para]) -> list[Para]:
    """The closing address (各位代表，…) and what follows it, taken out of the pool."""
    for index, para in enumerate(pool):
        if is_closing(para) and index > 0:
            taken = pool[index:]
            del pool[index:]
            return taken
    return []
