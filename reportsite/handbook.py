"""The chapters of the editors' handbook (docs/) that are made from the code, so they never
drift from it: the content model, field by field, from the JSON Schema that schema.py derives
from the model's type hints and `doc` texts; and every message with its fix, from the
message table. docs/hooks.py puts them into the pages when MkDocs builds the handbook.

A page asks for a chapter with a marker line, e.g. `<!-- reportsite:content-model -->`; its
language is the first folder of the page (zh/ or en/).
"""

from __future__ import annotations

import re
import string
from collections.abc import Callable, Iterator, Mapping
from typing import Any

from .model import Lang
from .problems import MESSAGES
from .schema import SCHEMAS, schema_for

MARKER = re.compile(r"<!-- reportsite:([a-z-]+) -->")

_FILES = {
    "site.schema.json": "content/site.yaml",
    "report.schema.json": "content/reports/<series>/<year>.yaml",
    "glossary.schema.json": "content/glossary.yaml",
}
_WORDS: dict[str, dict[Lang, str]] = {
    "field": {Lang.ZH: "字段", Lang.EN: "field"},
    "type": {Lang.ZH: "类型", Lang.EN: "type"},
    "required": {Lang.ZH: "必填", Lang.EN: "required"},
    "meaning": {Lang.ZH: "说明", Lang.EN: "meaning"},
    "yes": {Lang.ZH: "是", Lang.EN: "yes"},
    "no": {Lang.ZH: "否", Lang.EN: "no"},
    "file": {Lang.ZH: "文件", Lang.EN: "file"},
    "text": {Lang.ZH: "双语文字", Lang.EN: "bilingual text"},
    "string": {Lang.ZH: "文字（单一语言）", Lang.EN: "plain text (one language)"},
    "slug": {
        Lang.ZH: "标识（小写字母、数字、连字符）",
        Lang.EN: "id (lower-case letters, digits, hyphens)",
    },
    "integer": {Lang.ZH: "整数", Lang.EN: "whole number"},
    "number": {Lang.ZH: "数", Lang.EN: "number"},
    "boolean": {Lang.ZH: "true 或 false", Lang.EN: "true or false"},
    "date": {Lang.ZH: "日期 YYYY-MM-DD", Lang.EN: "date YYYY-MM-DD"},
    "null": {Lang.ZH: "可为 null", Lang.EN: "or null"},
    "list": {Lang.ZH: "{} 的列表", Lang.EN: "list of {}"},
    "mapping": {Lang.ZH: "{} → {} 的映射", Lang.EN: "mapping of {} to {}"},
    "choice": {Lang.ZH: "{} 之一", Lang.EN: "one of {}"},
    "colon": {Lang.ZH: "：", Lang.EN: ": "},
    "message": {Lang.ZH: "信息", Lang.EN: "message"},
    "fix": {Lang.ZH: "修改", Lang.EN: "fix"},
    "case": {
        Lang.ZH: "视情况给出，例如最接近的有效名称",
        Lang.EN: "given for the case, such as the closest valid name",
    },
}


def expand(markdown: str, page: str) -> str:
    """A page of the handbook with its chapter markers replaced; page is its path in docs/."""
    if not MARKER.search(markdown):
        return markdown
    lang = Lang(page.partition("/")[0])

    def chapter(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in CHAPTERS:
            known = ", ".join(CHAPTERS)
            raise ValueError(f"{page}: no generated chapter {name!r} (known: {known})")
        return CHAPTERS[name](lang)

    return MARKER.sub(chapter, markdown)


# -- the content model -------------------------------------------------------------------------


def content_model(lang: Lang) -> str:
    """One section per kind of mapping, in the order a file meets them, with a table of its
    fields: name, type, whether it is required, and the model's own description."""
    lines: list[str] = []
    done: set[str] = set()
    for file_name, root in SCHEMAS.items():
        schema = schema_for(root)
        definitions: dict[str, Any] = {**schema["$defs"], root.__name__: schema}
        for name in _reached(root.__name__, definitions):
            if name in done or name == "Text":
                continue
            done.add(name)
            definition = definitions[name]
            lines += [f"### {name}", ""]
            if name == root.__name__:
                colon = _WORDS["colon"][lang]
                lines += [f"{_WORDS['file'][lang]}{colon}`{_FILES[file_name]}`", ""]
            lines += _field_table(definition, lang) + [""]
    return "\n".join(lines)


def _reached(root: str, definitions: Mapping[str, Any]) -> Iterator[str]:
    """The definitions a root refers to, itself first, each before the ones inside it."""
    seen: list[str] = []
    queue = [root]
    while queue:
        name = queue.pop(0)
        if name in seen:
            continue
        seen.append(name)
        yield name
        for prop in definitions[name].get("properties", {}).values():
            queue += _refs(prop)


def _refs(schema: Any) -> Iterator[str]:
    if isinstance(schema, dict):
        if "$ref" in schema:
            yield schema["$ref"].rsplit("/", 1)[1]
        for value in schema.values():
            yield from _refs(value)
    elif isinstance(schema, list):
        for value in schema:
            yield from _refs(value)


def _field_table(definition: Mapping[str, Any], lang: Lang) -> list[str]:
    words = {key: value[lang] for key, value in _WORDS.items()}
    rows = [
        f"| {words['field']} | {words['type']} | {words['required']} | {words['meaning']} |",
        "| --- | --- | --- | --- |",
    ]
    required = set(definition.get("required", ()))
    for name, prop in definition["properties"].items():
        kind = _type(prop, lang)
        need = words["yes"] if name in required else words["no"]
        meaning = _escape(_description(prop.get("description", ""), lang))
        rows.append(f"| `{name}` | {kind} | {need} | {meaning} |")
    return rows


def _description(doc: str, lang: Lang) -> str:
    """The model writes each description as `中文 / English`."""
    zh, _, en = doc.partition(" / ")
    return zh if lang is Lang.ZH else en


def _type(schema: Mapping[str, Any], lang: Lang) -> str:
    words = {key: value[lang] for key, value in _WORDS.items()}
    if "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[1]
        # A link to the table of that kind (MkDocs makes the anchor from the heading).
        return words["text"] if name == "Text" else f"[{name}](#{name.lower()})"
    if "anyOf" in schema:
        (inner,) = [s for s in schema["anyOf"] if s.get("type") != "null"]
        separator = "，" if lang is Lang.ZH else ", "
        return _type(inner, lang) + separator + words["null"]
    if "enum" in schema:
        return words["choice"].format(("、" if lang is Lang.ZH else ", ").join(schema["enum"]))
    kind = schema.get("type")
    if kind == "array":
        return words["list"].format(_type(schema["items"], lang))
    if kind == "object":
        key = _type(schema["propertyNames"], lang)
        return words["mapping"].format(key, _type(schema["additionalProperties"], lang))
    if kind == "string":
        if "pattern" in schema:
            return words["slug"]
        return words["date"] if schema.get("format") == "date" else words["string"]
    return words[str(kind)]


# -- the messages ------------------------------------------------------------------------------


def messages(lang: Lang) -> str:
    """Every message of the table under its code, with its fix; ‹name› stands for what the
    message names in the case at hand (a key, a value, a line)."""
    lines: list[str] = []
    for code, message in MESSAGES.items():
        text = message.zh if lang is Lang.ZH else message.en
        fix = message.fix_zh if lang is Lang.ZH else message.fix_en
        colon = _WORDS["colon"][lang]
        lines += [f"### {code}", "", f"**{_WORDS['message'][lang]}**{colon}{_template(text)}"]
        if fix:
            shown = _WORDS["case"][lang] if _only_field(fix) else _template(fix)
            lines += ["", f"**{_WORDS['fix'][lang]}**{colon}{shown}"]
        lines.append("")
    return "\n".join(lines)


def _template(text: str) -> str:
    parts = []
    for literal, field, _, _ in string.Formatter().parse(text):
        parts.append(_escape(literal))
        if field is not None:
            parts.append(f"‹{field}›")
    return "".join(parts)


def _only_field(text: str) -> bool:
    parsed = list(string.Formatter().parse(text))
    return len(parsed) == 1 and not parsed[0][0] and parsed[0][1] is not None


def _escape(text: str) -> str:
    """Plain text in Markdown (and in a table cell): nothing in it is markup."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return re.sub(r"([\\`*_\[\]|#])", r"\\\1", text)


CHAPTERS: dict[str, Callable[[Lang], str]] = {
    "content-model": content_model,
    "messages": messages,
}
