"""Translations written into a report file's text where they go, without the round trip.

ruamel's round trip (writeback.py) reads the whole file into its own objects and writes it
all out again, twice: a tenth of a second a report, nine tenths of importing translations (at
10,000 reports, most of 13 minutes). Nearly every text a translation goes into is one of a few
shapes, each on its line: `{zh: …}` or `{zh: …, en: …}`, the block mapping `zh: …` / `en: …`,
or the Chinese alone (`text: …`, `- …`), as `import` writes it. Those are edited here as text,
each value put where ruamel would put it and spelt as it would spell it (the spaces before an
end-of-line comment are kept as typed, where ruamel moves the comment); anything else (a text
on several lines, a block scalar, a flow mapping across lines) is left to the round trip. The
file so edited is read again, and kept only if it holds what the round trip would write: at
1,000 reports, 81,500 translations took 58 s to import, and take 8 s, the same files written.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

import yaml
from ruamel.yaml.comments import CommentedMap
from ruamel.yaml.nodes import ScalarNode
from ruamel.yaml.scalarstring import DoubleQuotedScalarString, SingleQuotedScalarString

from ...convert import STR
from ...load import Composed, Loader
from ..yamlio import FLOW_UP_TO, dump, yaml_for

_STEP = re.compile(r"([^.\[\]]+)|\[([0-9]+)\]")
_MAP = yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG
_WRITER = yaml_for()
_LINE_END = re.compile(r"[ \t]*(#[^\n]*)?(?=\n|$)")
"""What may follow a value on its line: spaces, and an end-of-line comment."""
_SHOWN = "\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd"
"""The characters ruamel's emitter writes as they are (allow_unicode: not the line breaks
U+0085, U+2028 and U+2029, the byte order mark, nor past the Basic Multilingual Plane)."""
_PLAIN = re.compile(rf"(?!\.\.\.)(?![ #,\[\]{{}}&*!|>'\"%@`?:-])[{_SHOWN}]+(?<![ :])")
"""A text ruamel's emitter writes plain in block context (Emitter.analyze_scalar), but for
`: ` and ` #` within (_plain): no space at either end, no indicator first, nor `:` last.
Stricter than it where that keeps it short (a first `-`, `?` or `:` is plain to it before a
letter)."""
_FLOW_INDICATORS = frozenset(",[]{}")
"""What ends a value in flow context."""


def translated(
    original: str,
    targets: Mapping[str, str],
    source: str,
    target: str,
    root: yaml.Node | None = None,
) -> Composed | None:
    """original (a report file's text) with the `target` language of the text at each YAML
    path set, and its node tree (read back to verify it), or None where a text is not of a
    shape edited here. root: original's node tree, where the caller composed it already."""
    if any("\n" in text or "\r" in text for text in targets.values()):
        return None  # a literal block, as the round trip writes a text on several lines
    try:
        root = yaml.compose(original, Loader=Loader) if root is None else root
    except yaml.YAMLError:
        return None
    if not isinstance(root, yaml.MappingNode):
        return None
    indent = _mapping_indent(root)
    edits: list[tuple[int, int, str]] = []
    for path, text in targets.items():
        found = _find(root, path)
        if found is None:
            return None
        node, parent = found
        made = _edit(original, node, parent, text, source, target, indent)
        if made is None:
            return None
        edits += made
    edits.sort()
    if any(end > start for (_, end, _), (start, _, _) in zip(edits, edits[1:], strict=False)):
        return None
    pieces, at = [], 0
    for start, end, new in edits:
        pieces += [original[at:start], new]
        at = end
    edited = "".join(pieces) + original[at:]
    tree = _holds(edited, root, targets, source, target)
    return None if tree is None else (edited, tree)


def steps(path: str) -> list[str | int]:
    """A text's YAML path (review.sections[0].title) as keys and indexes."""
    return [name if name else int(index) for name, index in _STEP.findall(path)]


def parent(data: Any, path: str) -> tuple[Any, str | int]:
    """The container of the value at a text's YAML path in data, and its key or index there."""
    *way, last = steps(path)
    container = data
    for step in way:
        container = container[step]
    return container, last


def _find(root: yaml.Node, path: str) -> tuple[yaml.Node, yaml.Node] | None:
    """The node at path, and the node holding it."""
    node, parent = root, root
    for step in steps(path):
        parent = node
        if isinstance(step, str) and isinstance(node, yaml.MappingNode):
            values = [
                v for k, v in node.value if isinstance(k, yaml.ScalarNode) and k.value == step
            ]
            if len(values) != 1:
                return None
            node = values[0]
        elif (
            isinstance(step, int) and isinstance(node, yaml.SequenceNode) and step < len(node.value)
        ):
            node = node.value[step]
        else:
            return None
    return node, parent


def _mapping_indent(root: yaml.MappingNode) -> int | None:
    """How far the file indents a block mapping under its key, as the first one shows (the
    round trip guesses it from the first too)."""
    waiting: list[yaml.Node] = [root]
    while waiting:
        node = waiting.pop()
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                if isinstance(value, yaml.MappingNode) and value.value and not value.flow_style:
                    inner: int = value.value[0][0].start_mark.column
                    return inner - int(key.start_mark.column)
            waiting += reversed([value for _, value in node.value])
        elif isinstance(node, yaml.SequenceNode):
            waiting += reversed(node.value)
    return None


def _one_line(node: yaml.Node) -> bool:
    return node.start_mark.line == node.end_mark.line


def _plain_or_quoted(node: yaml.Node) -> bool:
    """A string on one line, not a block scalar (nor null, nor a number)."""
    return (
        isinstance(node, yaml.ScalarNode)
        and node.tag == STR
        and node.style in (None, "", "'", '"')  # plain is "" as libyaml composes it
        and _one_line(node)
        and node.start_mark.index < node.end_mark.index
    )


def _edit(
    original: str,
    node: yaml.Node,
    parent: yaml.Node,
    text: str,
    source: str,
    target: str,
    indent: int | None,
) -> list[tuple[int, int, str]] | None:
    """The edits (start, end, new text) that set node's `target` text."""
    if isinstance(node, yaml.MappingNode):
        values = {k.value: v for k, v in node.value if isinstance(k, yaml.ScalarNode)}
        flow = bool(node.flow_style)
        if flow and not _one_line(node):
            return None
        if target in values:
            value = values[target]
            if not _plain_or_quoted(value):
                return None
            spelt = _spelt(text, flow, value.style)
            return [(value.start_mark.index, value.end_mark.index, spelt)]
        first = values.get(source)
        if first is None or not _plain_or_quoted(first):
            return None
        if flow:
            return [
                (first.end_mark.index, first.end_mark.index, f", {target}: {_spelt(text, True)}")
            ]
        key = next(k for k, v in node.value if v is first)
        return _line_after(original, first, key.start_mark.column, f"{target}: {_spelt(text)}")
    if not isinstance(node, yaml.ScalarNode) or not _plain_or_quoted(node):
        return None
    # The source text alone: it becomes {source: …, target: …}, its own spelling kept.
    start, end = node.start_mark.index, node.end_mark.index
    if len(node.value) + len(text) <= FLOW_UP_TO:
        first = original[start:end] if node.style else _spelt(node.value, True)
        return [(start, end, f"{{{source}: {first}, {target}: {_spelt(text, True)}}}")]
    if getattr(parent, "flow_style", False):
        return None  # a mapping on several lines inside a flow collection: the round trip's
    if isinstance(parent, yaml.SequenceNode):
        column = node.start_mark.column
        first_line = f"{source}: {original[start:end]}"
    else:
        key = next((k for k, v in parent.value if v is node), None)
        if key is None or indent is None or original[key.end_mark.index] != ":":
            return None
        column = key.start_mark.column + indent
        # From the key's colon: `text:` ends its line, as the round trip writes it.
        start = key.end_mark.index
        first_line = f":\n{' ' * column}{source}: {original[node.start_mark.index : end]}"
    after = _line_after(original, node, column, f"{target}: {_spelt(text)}")
    return None if after is None else [(start, end, first_line), *after]


def _line_after(
    original: str, node: yaml.Node, column: int, line: str
) -> list[tuple[int, int, str]] | None:
    """A line inserted after node's, at column: after its end-of-line comment, before the
    comment lines that followed it (ruamel keeps the first on its key, hands the others on)."""
    rest = _LINE_END.match(original, node.end_mark.index)
    if rest is None:
        return None
    return [(rest.end(), rest.end(), f"\n{' ' * column}{line}")]


def _spelt(text: str, flow: bool = False, style: str | None = None) -> str:
    """text as the round trip spells it in flow or block context: plain, or quoted as ruamel
    quotes (libyaml's writer quotes otherwise: single quotes where ruamel writes double); in
    the quotes of the value it replaces (style), as ruamel keeps them."""
    if not style and _plain(text, flow) and _reads_as_text(text):
        return text
    return _dumped(text, flow, style)


def _plain(text: str, flow: bool) -> bool:
    """Whether ruamel's emitter writes text plain, in flow context or in block context. `: `
    and ` #` are looked for apart: looked for at every character by the expression, they made
    it a twentieth of an import."""
    return (
        _PLAIN.fullmatch(text) is not None
        and ": " not in text
        and " #" not in text
        and (not flow or _FLOW_INDICATORS.isdisjoint(text))
    )


def _reads_as_text(text: str) -> bool:
    """Whether ruamel reads text written plain as a string (not `null`, `2015`, `true`): else
    it quotes it."""
    return bool(_WRITER.resolver.resolve(ScalarNode, text, (True, False)) == STR)


def _dumped(text: str, flow: bool = False, style: str | None = None) -> str:
    """text as ruamel writes it: its emitter looks at every character in Python, half the
    time of an import when every text was spelt so."""
    quoted = {'"': DoubleQuotedScalarString, "'": SingleQuotedScalarString}.get(style or "", str)
    mapping = CommentedMap({"k": quoted(text)})
    if flow:
        mapping.fa.set_flow_style()
    dumped = dump(_WRITER, mapping)
    return dumped[4:-2] if flow else dumped[3:-1]


def _holds(
    edited: str, root: yaml.Node, targets: Mapping[str, str], source: str, target: str
) -> yaml.Node | None:
    """edited's node tree if it reads as the original (root, as composed) with the targets
    set, and nothing else changed; else None."""
    try:
        node = yaml.compose(edited, Loader=Loader)
    except yaml.YAMLError:
        return None
    expected = _Expected(
        {tuple(steps(path)): text for path, text in targets.items()}, source, target
    )
    try:
        return node if node is not None and expected.alike(root, node, ()) else None
    except RecursionError:  # an alias within itself
        return None


_Steps = tuple[str | int | None, ...]
"""A YAML path as keys and indexes (steps); None for a key that is not a string."""


class _Expected:
    """The edited file's tree as it must be: the original's, each text at a path (as steps)
    with its target set. Compared node by node (shape, tags and values: trees alike so
    construct to alike data), not constructed: constructing both took ten times as long, a
    tenth of an import."""

    def __init__(self, texts: dict[_Steps, str], source: str, target: str) -> None:
        self.texts, self.source, self.target = texts, source, target
        self.above = {way[:n] for way in texts for n in range(len(way))}
        """The paths that lead to a text set: only along them are paths followed."""

    def alike(self, was: yaml.Node, now: yaml.Node, at: _Steps) -> bool:
        """Whether now, at the path at, is was as expected."""
        if at in self.texts:
            return self._set(was, now, self.texts[at])
        if at not in self.above:
            return _alike(was, now)
        if type(was) is not type(now) or was.tag != now.tag or len(was.value) != len(now.value):
            return False
        if isinstance(was, yaml.SequenceNode):
            return all(
                self.alike(a, b, (*at, n))
                for n, (a, b) in enumerate(zip(was.value, now.value, strict=True))
            )
        if isinstance(was, yaml.MappingNode):
            return all(
                _alike(key, other) and self.alike(a, b, (*at, _step(key)))
                for (key, a), (other, b) in zip(was.value, now.value, strict=True)
            )
        return bool(was.value == now.value)

    def _set(self, was: yaml.Node, now: yaml.Node, text: str) -> bool:
        """Whether now is the text was (its source alone, or its languages) with its target
        text."""
        given = _by_key(now)
        if given is None:
            return False
        had = {self.source: was} if isinstance(was, yaml.ScalarNode) else _by_key(was)
        if had is None:
            return False
        had.pop(self.target, None)
        put = given.pop(self.target, None)
        return (
            isinstance(put, yaml.ScalarNode)
            and (put.tag, put.value) == (STR, text)
            and given.keys() == had.keys()
            and all(_alike(had[key], given[key]) for key in had)
        )


def _alike(was: yaml.Node, now: yaml.Node) -> bool:
    """Whether two node trees have the same shape, tags and values."""
    if type(was) is not type(now) or was.tag != now.tag:
        return False
    if isinstance(was, yaml.ScalarNode):
        return bool(was.value == now.value)
    if len(was.value) != len(now.value):
        return False
    if isinstance(was, yaml.SequenceNode):
        return all(_alike(a, b) for a, b in zip(was.value, now.value, strict=True))
    return all(
        _alike(key, other) and _alike(a, b)
        for (key, a), (other, b) in zip(was.value, now.value, strict=True)
    )


def _step(key: yaml.Node) -> str | None:
    return key.value if isinstance(key, yaml.ScalarNode) and key.tag == STR else None


def _by_key(node: yaml.Node) -> dict[str, yaml.Node] | None:
    """A plain mapping's values by key, if every key is a string and no two are the same."""
    if not isinstance(node, yaml.MappingNode) or node.tag != _MAP:
        return None
    keyed = {key.value: value for key, value in node.value if _step(key) is not None}
    return keyed if len(keyed) == len(node.value) else None
