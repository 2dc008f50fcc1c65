"""Next year's report, drafted from last year's: what carries over is copied with its numbers
moved on, what must be written anew is a placeholder that `check` lists.

The draft walks the model's own fields, so a field added to the model is drafted by its type
without a change here; only the fields named in CARRIED and the few built from last year's
tasks are handled by name.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import typing
from enum import Enum
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from ..convert import join
from ..model import Lang, Report, Section, Task, Text
from ..validate import PLACEHOLDER
from .fields import field_doc, unwrap
from .movingon import move_on
from .yamlio import bilingual

CARRIED = frozenset(
    {
        "disclosure.issuer",
        "disclosure.catalog",
        "title",
        "meeting",
        "subtitle",
        "presenter",
        "salutation",
        "opening",
        "review.heading",
        "tasks.heading",
    }
)
"""What stays from year to year but for its numbers: the issuer, the title, the meeting…"""
LEFT_OUT = frozenset({"figures"})
"""Lists a draft never carries: last year's figures are not this year's."""
NEW_ID = "todo-{}"
"""The ids the draft has to invent (todo-1, todo-2…): each marked in a comment beside it."""


class Mode(Enum):
    CARRY = "carry"
    """Copied, numbers moved on."""
    FILL = "fill"
    """Placeholders in the shape of last year's value: one entry of each list."""
    REVISE = "revise"
    """Last year's Chinese behind a placeholder mark, for the editor to rewrite or keep."""


class Drafter:
    def __init__(self, year: int, previous: Report | None, languages: tuple[Lang, ...]) -> None:
        self.year = year
        self.previous = previous
        self.languages = languages
        self.years = year - previous.year if previous else 1
        self.invented: set[str] = set()

    def moved(self, text: str) -> str:
        if self.previous is None:
            return text
        return move_on(text, self.years, first_year=self.previous.year)

    def report(self, series: str) -> CommentedMap:
        overrides: dict[str, Any] = {"series": series, "year": self.year}
        return self.dataclass(Report, self.previous, "", Mode.FILL, overrides)

    def record(self, text: Text) -> str:
        """The text in the language of record."""
        value = text.get(self.languages[0])
        assert value is not None, "the model requires the language of record"
        return value

    # -- by path ---------------------------------------------------------------------------------

    def special(self, path: str) -> tuple[bool, Any]:
        """Values built by name rather than by type: (handled, value)."""
        previous = self.previous
        if path == "disclosure.doc_no":
            return True, None
        if path == "review.sections" and previous is not None:
            tasks = previous.tasks.items if previous.tasks else ()
            if tasks and self.years == 1:
                template = previous.review.sections[0] if previous.review.sections else None
                return True, CommentedSeq(self.section_for(task, template) for task in tasks)
        if path == "tasks.items" and previous is not None and previous.tasks:
            return True, self.value(
                tuple[Task, ...], previous.tasks.items, path, Mode.REVISE, required=True
            )
        return False, None

    def section_for(self, task: Task, template: Section | None) -> CommentedMap:
        """A review section reporting on last year's task, linked to it by `follows`."""
        overrides = {
            "id": task.id,
            "title": f"{PLACEHOLDER}{self.record(task.title)}",
            "follows": task.id,
        }
        return self.dataclass(Section, template, "review.sections[]", Mode.FILL, overrides)

    # -- by type ---------------------------------------------------------------------------------

    def dataclass(
        self,
        cls: type,
        previous: Any,
        path: str,
        mode: Mode,
        overrides: dict[str, Any] | None = None,
    ) -> CommentedMap:
        overrides = overrides or {}
        hints = typing.get_type_hints(cls, include_extras=True)
        mapping = CommentedMap()
        for field in dataclasses.fields(cls):
            where = join(path, field.name)
            before = getattr(previous, field.name) if previous is not None else None
            required = field.default is dataclasses.MISSING and (
                field.default_factory is dataclasses.MISSING
            )
            if field.name in overrides:
                mapping[field.name] = overrides[field.name]
                continue
            handled, value = self.special(where)
            if not handled:
                if field.name in LEFT_OUT or (
                    not required and (_empty(before) or before == field.default)
                ):
                    continue
                field_mode = Mode.CARRY if where in CARRIED else mode
                value = self.value(hints[field.name], before, where, field_mode, required)
            if value is _OMIT:
                continue
            mapping[field.name] = value
            # A date is always a guess; an id only when the draft invented it.
            if isinstance(value, dt.date) or (isinstance(value, str) and value in self.invented):
                doc = field.metadata.get("doc", field.name).split(" / ")[0]
                mapping.yaml_add_eol_comment(f"{PLACEHOLDER}{doc}", field.name)
        return mapping

    def value(self, hint: Any, previous: Any, path: str, mode: Mode, required: bool) -> Any:
        hint, constraints = unwrap(hint)
        origin = typing.get_origin(hint)
        if origin is tuple:
            item = typing.get_args(hint)[0]
            before = tuple(previous or ())
            if mode is Mode.FILL:
                before = before[:1] or (None,)
            items = [self.value(item, b, f"{path}[]", mode, True) for b in before]
            return CommentedSeq(i for i in items if i is not _OMIT)
        if hint is Text:
            return self.text(previous, path, mode)
        if dataclasses.is_dataclass(hint):
            return self.dataclass(typing.cast(type, hint), previous, path, mode)
        if hint is dt.date:
            if isinstance(previous, dt.date):
                return _plus_years(previous, self.years)
            return dt.date(self.year + 1, 1, 1)
        if hint is str:
            if mode is not Mode.FILL and previous is not None:
                return previous
            if not required:
                return _OMIT
            if not constraints:
                return f"{PLACEHOLDER}{_doc_of(path)}"
            invented = NEW_ID.format(len(self.invented) + 1)
            self.invented.add(invented)
            return invented
        if isinstance(hint, type) and issubclass(hint, Enum) and isinstance(previous, Enum):
            return previous.value
        return previous if previous is not None else _OMIT

    def text(self, previous: Text | None, path: str, mode: Mode) -> Any:
        if mode is Mode.CARRY and previous is not None:
            texts = {
                lang.value: self.moved(value)
                for lang in self.languages
                if (value := previous.get(lang)) is not None
            }
            return bilingual(texts) if len(texts) > 1 else self.moved(self.record(previous))
        if mode is Mode.REVISE and previous is not None:
            return f"{PLACEHOLDER}{self.record(previous)}"
        return f"{PLACEHOLDER}{_doc_of(path)}"


class _Omit:
    pass


_OMIT = _Omit()


def _empty(value: Any) -> bool:
    return value is None or value == () or value is False


def _plus_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def _doc_of(path: str) -> str:
    """The Chinese description of the field at path, as the editor's hint."""
    return field_doc(Report, path).split(" / ")[0]
