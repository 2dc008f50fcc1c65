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

from .model import Item, Report, Text
from .serialize import to_data

_LEFT_OUT = Text("")
"""Stands in for a text the outline drops; no page made from an outline shows it."""


def outline(report: Report) -> Report:
    """The same report with its paragraphs left out, its headings, ids and figures kept."""
    review = report.review
    sections = tuple(
        dataclasses.replace(
            section,
            intro=(),
            items=tuple(_item_outline(item) for item in section.items),
        )
        for section in review.sections
    )
    tasks = report.tasks
    if tasks is not None:
        tasks = dataclasses.replace(
            tasks,
            intro=(),
            items=tuple(dataclasses.replace(task, text=_LEFT_OUT) for task in tasks.items),
        )
    return dataclasses.replace(
        report,
        opening=(),
        review=dataclasses.replace(review, intro=(), sections=sections, closing=()),
        tasks=tasks,
        closing=(),
    )


def _item_outline(item: Item) -> Item:
    # The figures stay: series pages chart them and link the paragraph that quotes them.
    return dataclasses.replace(item, lead=_LEFT_OUT, text=_LEFT_OUT)


def digest(value: object) -> str:
    """A fingerprint of a model value (an outline, the glossary): equal for equal content,
    from run to run."""
    data = json.dumps(to_data(value), ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(data.encode()).hexdigest()
