"""Stage 2a, convert: a YAML node tree → model values, walking the model's own type hints.

Strict where YAML 1.1 is lenient: `no` is not text, `010` is not 8, `12:30` is not 750, a
quoted "2024" is not a year. Every problem is collected with its line, column and YAML path,
and the place of every converted value is kept so later rules can point at it.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import difflib
import functools
import re
import types
import typing
from collections.abc import Callable, Iterable, Mapping
from enum import StrEnum
from functools import cache
from typing import Any, Final

import yaml

from .load import Source
from .model import SLUG_PATTERN, Constraint, Text
from .problems import Location, Problem

STR: Final = "tag:yaml.org,2002:str"
NULL: Final = "tag:yaml.org,2002:null"
INT: Final = "tag:yaml.org,2002:int"
FLOAT: Final = "tag:yaml.org,2002:float"
BOOL: Final = "tag:yaml.org,2002:bool"
TIMESTAMP: Final = "tag:yaml.org,2002:timestamp"

_KIND = {
    STR: ("文字", "text"),
    NULL: ("空值", "null (empty)"),
    INT: ("整数", "a number"),
    FLOAT: ("小数", "a number"),
    BOOL: ("布尔值（是/否）", "a boolean (true/false)"),
    TIMESTAMP: ("日期", "a date"),
    "mapping": ("键值映射", "a mapping"),
    "sequence": ("列表", "a list"),
}
_DECIMAL = re.compile(r"-?(?:0|[1-9][0-9]*)")
_NUMBER = re.compile(r"-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?")
_OCTAL = re.compile(r"[-+]?0[0-7_]+")
_SEXAGESIMAL = re.compile(r"[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?")
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_SLUG = re.compile(SLUG_PATTERN)
_MAX_DIGITS = 40
MAX_SLUG = 64
"""Ids become folder names and anchors: file systems refuse names over 255 bytes."""


class Invalid:
    """Stands in for a value that failed; the Problem saying why is already recorded."""


INVALID: Final = Invalid()


def kind_of(node: yaml.Node) -> tuple[str, str]:
    if isinstance(node, yaml.MappingNode):
        return _KIND["mapping"]
    if isinstance(node, yaml.SequenceNode):
        return _KIND["sequence"]
    return _KIND.get(node.tag, ("文字", "text"))


def slug_suggestion(value: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", value.lower()).strip("-")
    return slug or "my-id"


def close_match(word: str, choices: typing.Iterable[str]) -> str | None:
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return close[0] if close else None


def suggestion(word: str, choices: typing.Iterable[str]) -> dict[str, str]:
    """Did-you-mean arguments for the unknown-key style messages."""
    close = close_match(word, choices)
    if close:
        return {
            "suggestion_zh": f"是否应为“{close}”？",
            "suggestion_en": f"did you mean '{close}'?",
        }
    listed = "、".join(sorted(choices))
    return {
        "suggestion_zh": f"可用的有：{listed}",
        "suggestion_en": f"allowed: {', '.join(sorted(choices))}",
    }


At = Callable[[str], Location]
Rule = Callable[[Any, str, At], Iterable[Problem]]
"""A check run on each value of one model type as soon as it converts: (value, path, at)."""

Convert = Callable[["Converter", yaml.Node, str], Any]
"""Converts one node to a value of one type: (converter, node, path)."""


@dataclasses.dataclass(frozen=True, slots=True)
class Plan:
    """How a value of one model type converts, worked out once per type: a report converts
    hundreds of values of a few dozen types, and asking typing about each type again costs
    more than converting the value."""

    convert: Convert
    ruled: type | None
    """The type whose rules apply: an optional value (`Text | None`) follows its type's."""
    nullable: bool
    """Whether `null` is a value here; elsewhere it marks a value still to be filled in."""


@dataclasses.dataclass(frozen=True, slots=True)
class Fields:
    """A dataclass's fields: the plan of each by name, in order, and those without a default."""

    plans: dict[str, Plan]
    required: tuple[str, ...]


@cache
def plan_of(target: Any) -> Plan:
    """How values of type target convert."""
    return Plan(_converter(target), _ruled_type(target), _nullable(target))


@cache
def fields_of(cls: type) -> Fields:
    """How the fields of the dataclass cls convert."""
    hints = typing.get_type_hints(cls, include_extras=True)
    fields = dataclasses.fields(cls)
    required = tuple(
        f.name
        for f in fields
        if f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING
    )
    return Fields({f.name: plan_of(hints[f.name]) for f in fields}, required)


def _converter(target: Any) -> Convert:
    """The converter of one type, decided here once rather than for every value."""
    origin, args = typing.get_origin(target), typing.get_args(target)
    if origin is typing.Annotated:
        base = _converter(args[0])
        if not _slug_like(args[1:]):
            return base
        return lambda c, node, path: c._slug(node, base(c, node, path), path)
    if origin in (types.UnionType, typing.Union):
        options = [t for t in args if t is not type(None)]
        if options == [int, float]:
            single: Convert = Converter._number
        elif len(options) == 1:
            single = _converter(options[0])
        else:
            raise TypeError(f"no conversion for {target!r}")
        if len(options) == len(args):
            return single
        return lambda c, node, path: None if _is_null(node) else single(c, node, path)
    if origin is tuple:
        item = plan_of(args[0])
        return lambda c, node, path: c._sequence(node, item, path)
    if origin is dict:
        slug_keys, value = _slug_like(typing.get_args(args[0])[1:]), plan_of(args[1])
        return lambda c, node, path: c._dict(node, slug_keys, value, path)
    if target is Text:
        return Converter._text
    if dataclasses.is_dataclass(target):
        cls = typing.cast(type, target)
        return lambda c, node, path: c._dataclass(node, cls, fields_of(cls), path)
    if target is str:
        return Converter._str
    if target is int:
        return lambda c, node, path: c._number(node, path, whole=True)
    if target is bool:
        return Converter._bool
    if target is dt.date:
        return Converter._date
    if isinstance(target, type) and issubclass(target, StrEnum):
        return lambda c, node, path: c._enum(node, target, path)
    raise TypeError(f"no conversion for {target!r}")


class Converter:
    """Converts one Source; collects Problems and the location of every value by YAML path.

    `rules` run on every value of their type that converts cleanly, so a mistake elsewhere in
    the file does not hide the problems inside the parts that did convert.
    """

    def __init__(self, source: Source, rules: Mapping[type, Rule] | None = None) -> None:
        self.source = source
        self.rules = rules or {}
        self.problems: list[Problem] = []
        self.places: dict[str, yaml.Mark] = {}
        """Where each converted value starts, by YAML path; made a Location only when asked."""
        self._visited: set[int] = set()

    def at(self, path: str) -> Location:
        return locate_mark(self.places, self.source.name, path)

    def convert(self, node: yaml.Node, plan: Plan, path: str) -> Any:
        # The composer turns an alias into a second reference to the anchored node: seeing a
        # node twice is how an alias shows, and refusing it keeps alias bombs harmless.
        seen = id(node)
        if seen in self._visited:
            self._problem(node, "alias", path)
            return INVALID
        self._visited.add(seen)
        self.places[path] = node.start_mark
        value = plan.convert(self, node, path)
        rule = self.rules.get(plan.ruled) if plan.ruled is not None else None
        if rule is not None and value is not INVALID and value is not None:
            self.problems += rule(value, path, self.at)
        return value

    # -- helpers -----------------------------------------------------------------------------

    def _problem(self, node: yaml.Node, code: str, path: str, **args: object) -> None:
        self.problems.append(
            Problem(location=self.source.location(node), code=code, path=path, args=args)
        )

    def _mapping_pairs(
        self, node: yaml.Node, path: str
    ) -> list[tuple[str, yaml.Node, yaml.Node]] | None:
        """Key, key node and value node of each pair of a mapping (the key node, so a problem
        with the key points at the key); duplicate and non-text keys reported and dropped."""
        if not isinstance(node, yaml.MappingNode):
            zh, en = kind_of(node)
            self._problem(node, "expected-mapping", path, got_zh=zh, got_en=en)
            return None
        pairs: list[tuple[str, yaml.Node, yaml.Node]] = []
        first: dict[str, yaml.Node] = {}
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
            if not isinstance(key, str):
                zh, en = kind_of(key_node)
                self._problem(
                    key_node,
                    "expected-text",
                    path,
                    value="key",
                    raw="key",
                    got_zh=zh,
                    got_en=en,
                )
                continue
            if key in first:
                self._problem(
                    key_node,
                    "duplicate-key",
                    join(path, key),
                    key=key,
                    first_line=first[key].start_mark.line + 1,
                )
                continue
            first[key] = key_node
            pairs.append((key, key_node, value_node))
        return pairs

    def _dataclass(self, node: yaml.Node, cls: type, fields: Fields, path: str) -> Any:
        pairs = self._mapping_pairs(node, path)
        if pairs is None:
            return INVALID
        values: dict[str, Any] = {}
        failed = False
        misspelt: set[str] = set()
        for key, key_node, value_node in pairs:
            field = fields.plans.get(key)
            if field is None:
                misspelt.add(close_match(key, fields.plans) or "")
                hint = suggestion(key, fields.plans)
                self._problem(key_node, "unknown-key", join(path, key), key=key, **hint)
                failed = True
                continue
            if not field.nullable and _unfilled(value_node):
                # `null` in a required field is how an import marks what its source lacked.
                self._problem(value_node, "missing-value", join(path, key), key=key)
                misspelt.add(key)  # said once, as not filled in; not again as missing
                failed = True
                continue
            value = self.convert(value_node, field, join(path, key))
            failed |= value is INVALID
            values[key] = value
        for name in fields.required:
            # A typo such as `titel:` already says what is missing; saying it twice is noise.
            if name not in values and name not in misspelt:
                self._problem(node, "missing-key", path, key=name)
                failed = True
        return INVALID if failed else cls(**values)

    def _text(self, node: yaml.Node, path: str) -> Text | Invalid:
        if isinstance(node, yaml.ScalarNode):
            zh = self._str(node, path)
            if isinstance(zh, str) and not zh.strip():
                self._problem(node, "empty-text", path)
                return INVALID
            return INVALID if isinstance(zh, Invalid) else Text(zh)
        if not isinstance(node, yaml.MappingNode):
            zh_kind, en_kind = kind_of(node)
            self._problem(node, "expected-bilingual", path, got_zh=zh_kind, got_en=en_kind)
            return INVALID
        plain = self._plain_text(node, path)
        if plain is not None:
            return plain
        value = self._dataclass(node, Text, fields_of(Text), path)
        if not isinstance(value, Text):
            return INVALID
        if not value.zh.strip():
            self._problem(node, "empty-text", join(path, "zh"))
            return INVALID
        # An empty English string is how an editor writes "not yet": the same as null.
        return Text(value.zh) if value.en == "" else value

    def _plain_text(self, node: yaml.MappingNode, path: str) -> Text | None:
        """The Text of `{zh: …, en: …}` holding two texts, the Chinese not blank, as _dataclass
        makes it (None for any other mapping, which it converts): two thirds of a report's
        mappings are such texts (87 of 127 in the example report), and made here, not as any
        dataclass is, converting a report takes a quarter less time (605 → 459 µs)."""
        pairs = node.value
        if len(pairs) != 2:
            return None
        (zh_key, zh), (en_key, en) = pairs
        if not (
            zh_key.value == "zh"
            and en_key.value == "en"
            and zh.tag == STR
            and en.tag == STR
            and isinstance(zh, yaml.ScalarNode)
            and isinstance(en, yaml.ScalarNode)
            and zh.value.strip()
        ):
            return None
        visited = self._visited
        if id(zh) in visited or id(en) in visited or zh is en:
            return None  # an alias: refused as _dataclass refuses it
        visited.add(id(zh))
        visited.add(id(en))
        self.places[join(path, "zh")] = zh.start_mark
        self.places[join(path, "en")] = en.start_mark
        return Text(zh.value, en.value or None)

    def _str(self, node: yaml.Node, path: str) -> str | Invalid:
        if not isinstance(node, yaml.ScalarNode) or node.tag != STR:
            zh, en = kind_of(node)
            raw = node.value if isinstance(node, yaml.ScalarNode) else "…"
            if isinstance(node, yaml.ScalarNode) and node.tag == NULL and raw in ("", "~"):
                self._problem(node, "empty-text", path)
            else:
                self._problem(
                    node,
                    "expected-text",
                    path,
                    value=raw,
                    raw=raw,
                    got_zh=zh,
                    got_en=en,
                )
            return INVALID
        return typing.cast(str, node.value)

    def _number(self, node: yaml.Node, path: str, *, whole: bool = False) -> int | float | Invalid:
        """A plain decimal number (a whole one if `whole`); YAML 1.1's other readings refused."""
        value = node.value if isinstance(node, yaml.ScalarNode) else "…"
        tags = (INT,) if whole else (INT, FLOAT)
        if len(value) > _MAX_DIGITS:
            # No count has this many digits, and Python will not read or print them quickly.
            code = "expected-integer" if whole else "expected-number"
            self._problem(node, code, path, value=value[:_MAX_DIGITS] + "…")
            return INVALID
        if isinstance(node, yaml.ScalarNode) and node.tag in tags:
            if _DECIMAL.fullmatch(value):
                return int(value)
            if _NUMBER.fullmatch(value) and not whole:
                return float(value)
            if node.tag == INT:
                return self._misread_number(node, value, path, whole)
        if isinstance(node, yaml.ScalarNode) and node.tag == STR and _NUMBER.fullmatch(value):
            self._problem(node, "quoted-number", path, value=f'"{value}"')
        else:
            self._problem(
                node, "expected-integer" if whole else "expected-number", path, value=value
            )
        return INVALID

    def _misread_number(self, node: yaml.Node, value: str, path: str, whole: bool) -> Invalid:
        read = yaml.safe_load(value)
        if _OCTAL.fullmatch(value):
            self._problem(node, "leading-zero", path, value=value, octal=read)
        elif _SEXAGESIMAL.fullmatch(value):
            self._problem(node, "sexagesimal", path, value=value, read=read)
        else:
            self._problem(
                node, "expected-integer" if whole else "expected-number", path, value=value
            )
        return INVALID

    def _bool(self, node: yaml.Node, path: str) -> bool | Invalid:
        if (
            isinstance(node, yaml.ScalarNode)
            and node.tag == BOOL
            and node.value in ("true", "false")
        ):
            return bool(node.value == "true")
        self._problem(node, "expected-boolean", path, value=getattr(node, "value", "…"))
        return INVALID

    def _date(self, node: yaml.Node, path: str) -> dt.date | Invalid:
        value = node.value if isinstance(node, yaml.ScalarNode) else "…"
        if not isinstance(node, yaml.ScalarNode) or not _ISO_DATE.fullmatch(value):
            self._problem(node, "expected-date", path, value=value)
            return INVALID
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            self._problem(node, "impossible-date", path, value=value)
            return INVALID

    def _enum(self, node: yaml.Node, enum: type[StrEnum], path: str) -> StrEnum | Invalid:
        value = node.value if isinstance(node, yaml.ScalarNode) else "…"
        choices = [member.value for member in enum]
        if isinstance(node, yaml.ScalarNode) and node.tag == STR and value in choices:
            return enum(value)
        self._problem(node, "expected-choice", path, value=value, choices=", ".join(choices))
        return INVALID

    def _sequence(self, node: yaml.Node, item: Plan, path: str) -> tuple[Any, ...] | Invalid:
        if not isinstance(node, yaml.SequenceNode):
            zh, en = kind_of(node)
            self._problem(node, "expected-list", path, got_zh=zh, got_en=en)
            return INVALID
        values = [self.convert(child, item, f"{path}[{i}]") for i, child in enumerate(node.value)]
        return INVALID if any(v is INVALID for v in values) else tuple(values)

    def _dict(
        self, node: yaml.Node, slug_keys: bool, value_plan: Plan, path: str
    ) -> dict[str, Any] | Invalid:
        pairs = self._mapping_pairs(node, path)
        if pairs is None:
            return INVALID
        result: dict[str, Any] = {}
        failed = False
        for key, key_node, value_node in pairs:
            if slug_keys and self._slug(key_node, key, join(path, key)) is INVALID:
                failed = True
            value = self.convert(value_node, value_plan, join(path, key))
            failed |= value is INVALID
            result[key] = value
        return INVALID if failed else result

    def _slug(self, node: yaml.Node, value: Any, path: str) -> Any:
        """value, if a string fit for an id (Constraint.SLUG, FIGURE_KEY); INVALID if not."""
        if value is INVALID or value is None:
            return value
        if len(value) > MAX_SLUG:
            self._problem(node, "long-id", path, value=value[:MAX_SLUG] + "…", limit=MAX_SLUG)
            return INVALID
        if not _SLUG.fullmatch(value):
            self._problem(
                node,
                "not-slug",
                path,
                value=value,
                suggestion=slug_suggestion(value),
            )
            return INVALID
        return value


def _slug_like(extras: Iterable[Any]) -> bool:
    """Whether Annotated's extras make a string an id (asked once for each type, not for
    each id: a report has dozens)."""
    return any(extra in (Constraint.SLUG, Constraint.FIGURE_KEY) for extra in extras)


def _ruled_type(target: Any) -> type | None:
    """The type whose rules apply: an optional value (`Text | None`) follows its type's."""
    if typing.get_origin(target) in (types.UnionType, typing.Union):
        options = [t for t in typing.get_args(target) if t is not type(None)]
        if len(options) == 1:
            target = options[0]
    return target if isinstance(target, type) else None


def join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def convert_source(
    source: Source, target: type, rules: Mapping[type, Rule] | None = None
) -> tuple[Any, list[Problem], At]:
    """Convert a whole file to `target`; INVALID with its Problems where it does not fit."""
    converter = Converter(source, rules)
    value = converter.convert(source.node, plan_of(target), "")
    # The places alone outlive the conversion, not the converter: it holds the file's whole
    # node tree (a mark holds its line and column, not the tree).
    return value, converter.problems, functools.partial(locate_mark, converter.places, source.name)


def _is_null(node: yaml.Node) -> bool:
    return isinstance(node, yaml.ScalarNode) and node.tag == NULL


def _unfilled(node: yaml.Node) -> bool:
    return isinstance(node, yaml.ScalarNode) and node.tag == NULL and node.value == "null"


def _nullable(target: Any) -> bool:
    if typing.get_origin(target) is typing.Annotated:
        target = typing.get_args(target)[0]
    return typing.get_origin(target) in (types.UnionType, typing.Union) and type(
        None
    ) in typing.get_args(target)


def locate(places: Mapping[str, Location], file: str, path: str) -> Location:
    """Where the value at path (or its nearest enclosing value) stands in the file."""
    return places.get(_nearest(places, path), Location(file, 1, 1))


def locate_mark(marks: Mapping[str, yaml.Mark], file: str, path: str) -> Location:
    """locate, among the marks where converted values start."""
    mark = marks.get(_nearest(marks, path))
    if mark is None:
        return Location(file, 1, 1)
    return Location(file, mark.line + 1, mark.column + 1)


def _nearest(places: Mapping[str, object], path: str) -> str:
    """path, or the path of its nearest enclosing value that has a place."""
    while path not in places and path:
        path = path[: max(path.rfind("."), path.rfind("["), 0)]
    return path
