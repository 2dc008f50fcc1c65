"""The JSON Schema for editors, generated from the model's type hints and field docs.

Committed under schema/ and referenced from the content files, so an editor such as VS Code
validates and completes as one types; a test fails when the committed files drift.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import types
import typing
from enum import StrEnum
from typing import Any

from .model import SLUG_PATTERN, Constraint, Glossary, Report, Site, Text

SCHEMAS: dict[str, type] = {
    "site.schema.json": Site,
    "report.schema.json": Report,
    "glossary.schema.json": Glossary,
}

_TEXT_SCHEMA = {
    "description": "中文文字，或 {zh, en} 双语文字 / Chinese text, or bilingual {zh, en}",
    "oneOf": [
        {"type": "string", "minLength": 1},
        {
            "type": "object",
            "properties": {
                "zh": {"type": "string", "minLength": 1, "description": "中文 / Chinese"},
                "en": {
                    "type": ["string", "null"],
                    "description": "英文译文，空则为待译 / English; empty while pending",
                },
            },
            "required": ["zh"],
            "additionalProperties": False,
        },
    ],
}


def schema_for(root: type) -> dict[str, Any]:
    definitions: dict[str, Any] = {}
    _dataclass(root, definitions)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": root.__name__,
        "description": (root.__doc__ or "").strip(),
        **definitions.pop(root.__name__),
        "$defs": dict(sorted(definitions.items())),
    }


def _schema(target: Any, definitions: dict[str, Any]) -> dict[str, Any]:
    origin = typing.get_origin(target)
    if origin is typing.Annotated:
        base, *extras = typing.get_args(target)
        schema = _schema(base, definitions)
        if any(e in (Constraint.SLUG, Constraint.FIGURE_KEY) for e in extras):
            schema["pattern"] = SLUG_PATTERN
        return schema
    if origin in (types.UnionType, typing.Union):
        options = [t for t in typing.get_args(target) if t is not type(None)]
        if options == [int, float]:
            schema = {"type": "number"}
        else:
            (single,) = options
            schema = _schema(single, definitions)
        if type(None) in typing.get_args(target):
            return {"anyOf": [schema, {"type": "null"}]}
        return schema
    if origin is tuple:
        return {"type": "array", "items": _schema(typing.get_args(target)[0], definitions)}
    if origin is dict:
        key, value = typing.get_args(target)
        return {
            "type": "object",
            "propertyNames": _schema(key, definitions),
            "additionalProperties": _schema(value, definitions),
        }
    if target is Text:
        definitions.setdefault("Text", _TEXT_SCHEMA)
        return {"$ref": "#/$defs/Text"}
    if dataclasses.is_dataclass(target):
        return _dataclass(typing.cast(type, target), definitions)
    if target is str:
        return {"type": "string"}
    if target is int:
        return {"type": "integer"}
    if target is bool:
        return {"type": "boolean"}
    if target is dt.date:
        return {"type": "string", "format": "date"}
    if isinstance(target, type) and issubclass(target, StrEnum):
        return {"enum": [member.value for member in target]}
    raise TypeError(f"no schema for {target!r}")


def _dataclass(cls: type, definitions: dict[str, Any]) -> dict[str, Any]:
    name = cls.__name__
    if name not in definitions:
        definitions[name] = {}  # placeholder: stops recursion on self-reference
        hints = typing.get_type_hints(cls, include_extras=True)
        properties = {}
        required = []
        for f in dataclasses.fields(cls):
            prop = _schema(hints[f.name], definitions)
            if "doc" in f.metadata:
                prop = {"description": f.metadata["doc"], **prop}
            properties[f.name] = prop
            if f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING:
                required.append(f.name)
        definitions[name] = {
            "type": "object",
            "properties": properties,
            "required": required,
            "additionalProperties": False,
        }
    return {"$ref": f"#/$defs/{name}"}


def render_schemas() -> dict[str, str]:
    """File name → the schema text, exactly as committed under schema/."""
    return {
        name: json.dumps(schema_for(root), ensure_ascii=False, indent=2) + "\n"
        for name, root in SCHEMAS.items()
    }
