"""What the model says of its own fields, read from the type hints: the editor's commands
work over whatever fields the model has."""

from __future__ import annotations

import dataclasses
import functools
import re
import types
import typing
from typing import Any


def unwrap(hint: Any) -> tuple[Any, tuple[Any, ...]]:
    """The type under `X | None` and `Annotated[X, …]`, and the Annotated extras."""
    extras: tuple[Any, ...] = ()
    if typing.get_origin(hint) in (types.UnionType, typing.Union):
        options = [t for t in typing.get_args(hint) if t is not type(None)]
        hint = options[0] if len(options) == 1 else hint
    if typing.get_origin(hint) is typing.Annotated:
        hint, *rest = typing.get_args(hint)
        extras = tuple(rest)
    return hint, extras


_INDEX = re.compile(r"\[[^\]]*\]")


def field_doc(root: type, path: str) -> str:
    """The model's description (中文 / English) of the field at a YAML path, by its type hints;
    a list entry ([0]) is described by its list."""
    return _field_doc(root, _INDEX.sub("", path))


@functools.cache
def _field_doc(root: type, path: str) -> str:
    # Once a field, not once a text: reading the type hints evaluates every annotation of the
    # class again, and was most of an export of a large archive's texts.
    current: Any = root
    doc = ""
    for name in filter(None, path.split(".")):
        if not dataclasses.is_dataclass(current):
            break
        fields = {f.name: f for f in dataclasses.fields(current)}
        if name not in fields:
            break
        doc = fields[name].metadata.get("doc", doc)
        hint, _ = unwrap(typing.get_type_hints(current, include_extras=True)[name])
        while typing.get_origin(hint) is tuple:
            hint, _ = unwrap(typing.get_args(hint)[0])
        current = hint
    return doc
