"""A report's outline: the report without its long texts, which is all the build keeps in memory.

Listings, series pages, feeds, the sitemap and the links between years need a report's title,
dates, section and task headings, `follows` links and quoted figures — a few kilobytes — while
the paragraphs are a hundred times that. The build holds the outlines of every report and
loads a whole report only to render its own pages, so memory stays flat as the archive grows.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from typing import Any, TypeVar, cast

from .model import Figure, Item, Report, Task, Text
from .serialize import to_data

_LEFT_OUT = Text("")
"""Stands in for a text the outline drops; no page made from an outline shows it."""

T = TypeVar("T")


def outline(report: Report) -> Report:
    """The same report with its paragraphs left out, its headings, ids and figures kept."""
    return _without_paragraphs(report)


_PARAGRAPHS = frozenset({"opening", "intro", "closing"})
"""Fields that hold only running text, wherever they stand in the report."""


def _without_paragraphs(value: T) -> T:
    # Walked by type, so every place the model nests sections and items (parts, sub-sections,
    # task sub-items) loses its paragraphs the same way.
    if isinstance(value, tuple):
        return cast(T, tuple(_without_paragraphs(v) for v in value))
    if isinstance(value, Item):
        # The figures stay: series pages chart them and link the paragraph that quotes them.
        lead = _LEFT_OUT if value.lead is not None else None
        return cast(T, dataclasses.replace(value, lead=lead, text=_LEFT_OUT))
    if not dataclasses.is_dataclass(value) or isinstance(value, (Text, Figure)):
        return value
    changes: dict[str, object] = {}
    for field in dataclasses.fields(value):
        inner = getattr(value, field.name)
        if field.name in _PARAGRAPHS:
            changes[field.name] = ()
        elif isinstance(value, Task) and field.name == "text" and inner is not None:
            changes[field.name] = _LEFT_OUT
        elif isinstance(inner, tuple) or dataclasses.is_dataclass(inner):
            changes[field.name] = _without_paragraphs(inner)
    return cast(T, dataclasses.replace(cast(Any, value), **changes))


def digest(value: object) -> str:
    """A fingerprint of a model value (an outline, the glossary): equal for equal content,
    from run to run."""
    data = json.dumps(to_data(value), ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(data.encode()).hexdigest()
