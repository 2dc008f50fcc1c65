"""Model values → plain JSON data in the shape of the YAML (and of the JSON Schema)."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterable
from dataclasses import fields, is_dataclass
from enum import Enum
from functools import cache
from typing import Any

from .model import Report, Text

_string = json.encoder.encode_basestring
"""A str as JSON, non-ASCII kept (ensure_ascii=False); the C function where there is one."""


def to_data(value: object) -> object:
    if isinstance(value, Text):
        return {"zh": value.zh, "en": value.en}
    if is_dataclass(value) and not isinstance(value, type):
        return {
            f.name: to_data(getattr(value, f.name))
            for f in fields(value)
            if not (f.metadata.get("omit_default") and getattr(value, f.name) == f.default)
        }
    if isinstance(value, tuple | list):
        return [to_data(item) for item in value]
    if isinstance(value, dict):
        return {key: to_data(item) for key, item in value.items()}
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Enum):
        return value.value
    return value


def report_json(report: Report) -> bytes:
    """The report as the JSON file of the site: the bytes of
    json.dumps(to_data(report), ensure_ascii=False, indent=2, sort_keys=True) + "\\n",
    written straight from the model (the standard encoder drops to pure Python to indent,
    and the plain data in between is thrown away at once)."""
    out: list[str] = []
    _json(report, "\n", out)
    out.append("\n")
    return "".join(out).encode()


def _json(value: object, indent: str, out: list[str]) -> None:
    # Writers by the value's exact type (a bool is no int here, an Enum no str): one dict
    # lookup where a chain of isinstance tests was asked of every value.
    write = _WRITERS.get(type(value))
    if write is None:
        write = _WRITERS[type(value)] = _writer(type(value))
    write(value, indent, out)


Writer = Callable[[Any, str, list[str]], None]


def _writer(cls: type) -> Writer:
    if is_dataclass(cls):
        members = tuple(
            (name, _string(name) + ": ", omitted) for name, omitted in _sorted_fields(cls)
        )

        def dataclass(value: object, indent: str, out: list[str]) -> None:
            pairs = []
            for name, key, omitted in members:
                item = getattr(value, name)
                if omitted is _ALWAYS or item != omitted:
                    pairs.append((key, item))
            _object(pairs, indent, out)

        return dataclass
    if issubclass(cls, Enum):
        return lambda value, indent, out: _json(value.value, indent, out)
    if issubclass(cls, dt.date):
        return lambda value, indent, out: out.append(_string(value.isoformat()))
    for base, write in _WRITERS.items():
        if issubclass(cls, base):
            return write
    raise TypeError(f"no JSON for a {cls.__name__}")


def _text(value: Text, indent: str, out: list[str]) -> None:
    inner = indent + "  "
    en = "null" if value.en is None else _string(value.en)
    out.append(f'{{{inner}"en": {en},{inner}"zh": {_string(value.zh)}{indent}}}')


def _array(value: tuple[object, ...] | list[object], indent: str, out: list[str]) -> None:
    if not value:
        out.append("[]")
        return
    inner = indent + "  "
    out.append("[")
    for number, item in enumerate(value):
        out.append(inner if number == 0 else "," + inner)
        _json(item, inner, out)
    out.append(indent + "]")


def _object(pairs: Iterable[tuple[str, object]], indent: str, out: list[str]) -> None:
    """A JSON object of its members, each key encoded with its colon."""
    inner = indent + "  "
    opening = before = "{" + inner
    for key, item in pairs:
        out.append(before + key)
        _json(item, inner, out)
        before = "," + inner
    out.append("{}" if before is opening else indent + "}")


_WRITERS: dict[type, Writer] = {
    str: lambda value, indent, out: out.append(_string(value)),
    type(None): lambda value, indent, out: out.append("null"),
    bool: lambda value, indent, out: out.append("true" if value else "false"),
    int: lambda value, indent, out: out.append(json.dumps(value)),
    float: lambda value, indent, out: out.append(json.dumps(value)),
    Text: _text,
    tuple: _array,
    list: _array,
    dict: lambda value, indent, out: _object(
        ((_string(key) + ": ", item) for key, item in sorted(value.items())), indent, out
    ),
}


_ALWAYS = object()
"""Stands for "written whatever its value" where _sorted_fields gives the value a field is
left out at (fields marked omit_default, as in to_data)."""


@cache
def _sorted_fields(cls: type) -> tuple[tuple[str, object], ...]:
    """A dataclass's fields in JSON order, each with the value at which it is left out."""
    return tuple(
        (f.name, f.default if f.metadata.get("omit_default") else _ALWAYS)
        for f in sorted(fields(cls), key=lambda f: f.name)
    )
