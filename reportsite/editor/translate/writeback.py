"""Translations written into a report file in place: only the values that change are touched;
comments, key order, quoting and layout stay as they were. Written into the file's text where
its texts allow (inplace.py), otherwise by ruamel.yaml's round trip."""

from __future__ import annotations

import codecs
import difflib
from collections.abc import Mapping
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import LiteralScalarString
from ruamel.yaml.tokens import CommentToken

from ...load import Composed
from ..yamlio import bilingual, dump, load
from . import inplace


def translated(
    raw: bytes,
    targets: Mapping[str, str],
    source: str,
    target: str,
    composed: Composed | None = None,
) -> tuple[bytes, Composed | None]:
    """A report file's bytes with the `target` language of the text at each YAML path set,
    and their text and node tree where they were composed on the way (checking them need not
    compose them again). composed: the file's text and tree, where the caller has them."""
    # A file saved by Notepad (BOM, CRLF) is written back the way it came.
    original = raw.decode("utf-8-sig").replace("\r\n", "\n")
    root = composed[1] if composed and composed[0] == original else None
    edited = inplace.translated(original, targets, source, target, root)
    text = round_trip(original, targets, source, target) if edited is None else edited[0]
    if text == original:
        return raw, None
    newline = "\r\n" if b"\r\n" in raw else "\n"
    bom = raw.startswith(codecs.BOM_UTF8)
    return text.replace("\n", newline).encode("utf-8-sig" if bom else "utf-8"), edited


def round_trip(original: str, targets: Mapping[str, str], source: str, target: str) -> str:
    """translated's work by ruamel's round trip: for a text of any shape, at a tenth of a
    second a report."""
    data, yaml = load(original)
    normal = dump(yaml, data)
    for path, translation in targets.items():
        container, key = inplace.parent(data, path)
        value = _scalar(translation)
        current = container[key]
        if isinstance(current, CommentedMap):
            if target in current:
                current[target] = value
            else:
                current.insert(list(current).index(source) + 1, target, value)
                _hand_on(current, source, target)
        else:
            container[key] = _bilingual(container, key, current, {source: current, target: value})
    return _untouched_kept(original, normal, dump(yaml, data))


def _untouched_kept(original: str, normal: str, edited: str) -> str:
    """The edited text, with every line the edits did not touch exactly as the editor wrote it.

    ruamel writes some spellings its own way (`~` as null, `key:   value` with one space); the
    lines of `normal` (the file written back unchanged) stand line for line for the original's,
    so the lines that `edited` keeps from `normal` are taken from the original instead.
    """
    if not original.endswith("\n"):
        original += "\n"
    before, canonical, after = (_lines(t) for t in (original, normal, edited))
    if len(before) != len(canonical):
        return edited  # ruamel moved lines: no line-for-line correspondence to rely on
    merged: list[str] = []
    matcher = difflib.SequenceMatcher(None, canonical, after, autojunk=False)
    for tag, start, end, new_start, new_end in matcher.get_opcodes():
        merged += before[start:end] if tag == "equal" else after[new_start:new_end]
    return "".join(merged)


def _lines(text: str) -> list[str]:
    """Lines with their line feeds; only a line feed ends one (not U+0085 or U+2028)."""
    parts = text.split("\n")
    return [part + "\n" for part in parts[:-1]] + ([parts[-1]] if parts[-1] else [])


def _bilingual(container: Any, key: str | int, current: Any, texts: dict[str, Any]) -> Any:
    """A plain string (the source text alone) becomes {source: …, target: …}, keeping the
    source scalar, and so its quoting, as it was."""
    mapping = CommentedMap(texts)
    if bilingual({k: str(v) for k, v in texts.items()}).fa.flow_style():
        mapping.fa.set_flow_style()  # one line: the comments after it stay where they were
        return mapping
    # On several lines: the end-of-line comment stays on the first, the comment lines that
    # followed the string follow the mapping.
    slot = 0 if isinstance(container, CommentedSeq) else 2
    entry = container.ca.items.pop(key, None)
    token = entry[slot] if entry else None
    if token is not None:
        first, second = list(texts)
        eol, rest = _split(token)
        if eol:
            mapping.ca.items[first] = [None, None, eol, None]
        if rest:
            mapping.ca.items[second] = [None, None, rest, None]
    return mapping


def _hand_on(mapping: CommentedMap, before: str, after: str) -> None:
    """Comment lines that followed the value of `before` now follow the value inserted after
    it (ruamel keeps them on the key they came after)."""
    entry = mapping.ca.items.get(before)
    if not entry or entry[2] is None:
        return
    eol, rest = _split(entry[2])
    if rest is None:
        return
    entry[2] = eol
    if not any(entry):
        del mapping.ca.items[before]
    mapping.ca.items[after] = [None, None, rest, None]


def _split(token: CommentToken) -> tuple[CommentToken | None, CommentToken | None]:
    """A comment token as (its end-of-line comment, the comment lines after it)."""
    head, newline, tail = token.value.partition("\n")
    eol = CommentToken(head + newline, token.start_mark, None) if head.strip() else None
    if eol is not None:
        eol.column = token.column
    rest = CommentToken("\n" + tail, token.start_mark, None) if tail else None
    return eol, rest


def _scalar(text: str) -> str:
    """A text with line breaks (a Markdown list) as a literal block, as an editor writes it."""
    return LiteralScalarString(text) if "\n" in text else text
