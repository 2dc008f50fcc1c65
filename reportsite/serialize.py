"""Model values → plain JSON data in the shape of the YAML (and of the JSON Schema)."""

from __future__ import annotations

import datetime as dt
from dataclasses import fields, is_dataclass
from enum import Enum

from .model import Report, Text


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


def report_to_data(report: Report) -> dict[str, object]:
    data = to_data(report)
    assert isinstance(data, dict)
    return data
