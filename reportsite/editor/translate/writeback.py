"""Translations written into a report file in place: only the values that change are touched;
comments, key order, quoting and layout stay as they were (ruamel.yaml round trip)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from ruamel.yaml.comments import CommentedMap
from ruamel.yaml.scalarstring import LiteralScalarString

from ..yamlio import bilingual, dump, load, write_text

_STEP = re.compile(r"([^.\[\]]+)|\[([0-9]+)\]")


def write_translations(file: Path, targets: Mapping[str, str], source: str, target: str) -> bool:
    """Set the `target` language of the text at each YAML path; True if the file changed."""
    original = file.read_text(encoding="utf-8-sig")
    data, yaml = load(original)
    for path, translated in targets.items():
        container, key = _parent(data, path)
        value = _scalar(translated)
        current = container[key]
        if isinstance(current, CommentedMap):
            if target in current:
                current[target] = value
            else:
                current.insert(list(current).index(source) + 1, target, value)
        else:
            # A plain string is the source text alone: it becomes {source: …, target: …},
            # keeping the source scalar (and so its quoting) as it was.
            mapping = bilingual({source: str(current), target: translated})
            replacement = CommentedMap()
            replacement.update({source: current, target: value})
            if mapping.fa.flow_style():
                replacement.fa.set_flow_style()
            container[key] = replacement
    text = dump(yaml, data)
    if text == original:
        return False
    write_text(file, text)
    return True


def _parent(data: Any, path: str) -> tuple[Any, str | int]:
    steps: list[str | int] = [name if name else int(index) for name, index in _STEP.findall(path)]
    node = data
    for step in steps[:-1]:
        node = node[step]
    return node, steps[-1]


def _scalar(text: str) -> str:
    """A text with line breaks (a Markdown list) as a literal block, as an editor writes it."""
    return LiteralScalarString(text) if "\n" in text else text
