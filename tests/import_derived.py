"""Variants of the labelled import cases as real reports arrive: a saved page copied out of the
browser as plain text, plain text hard-wrapped at a narrow page's width, numbered headings with
and without their closing full stop. Each keeps the case's labels (expected.yaml), so a variant
scores on the same terms as its case."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path

from reportsite.editor.importing.sources import decode

Derive = Callable[[Path], "str | None"]

_SKIP = ("script", "style", "noscript", "template", "head", "select", "button", "textarea")
_BLOCK = frozenset(
    "p div h1 h2 h3 h4 h5 h6 li tr table br section article ul ol dl dd dt header footer "
    "aside main blockquote pre hr center form caption figure figcaption address nav".split()
)
_RUN_ON = re.compile(
    r"[。.](?:[一二三四五六七八九十]{1,3}、|[（(][一二三四五六七八九十]{1,3}[）)][^，,；;。]{2,30}[。.])"
)
"""A heading run on after a full stop: a text whose breaks were lost already. Cut at a
width it would hold no break that says where a heading or a paragraph begins."""
_PROSE = re.compile(r"[，,。]")
_HEADING = re.compile(
    r"^[ 　]*(?:[一二三四五六七八九十]{1,3}、|[（(][一二三四五六七八九十]{1,3}[）)])"
)


def _source(case: Path, suffix: str) -> str | None:
    path = case / f"source.{suffix}"
    return decode(path.read_bytes())[0] if path.is_file() else None


def copied_page(case: Path) -> str | None:
    """A saved page as a browser's copy of the whole page gives it: one line per block, cells
    of a row side by side with a tab, hidden and scripted parts left out."""
    html = _source(case, "html")
    if html is None:
        return None
    import lxml.html
    from lxml import etree

    root = lxml.html.document_fromstring(re.sub(r"^\s*<\?xml[^>]*>", "", html))
    etree.strip_elements(root, *_SKIP, etree.Comment, with_tail=False)
    for hidden in root.xpath("//*[@style or @hidden]"):
        style = hidden.get("style", "").replace(" ", "").lower()
        if hidden.get("hidden") is not None or "display:none" in style:
            hidden.drop_tree()
    parts: list[str] = []

    def walk(element: etree._Element) -> None:
        tag = element.tag if isinstance(element.tag, str) else ""
        if tag in _BLOCK:
            parts.append("\n")
        elif tag in ("td", "th"):
            parts.append("\t")
        parts.append(element.text or "")
        for child in element:
            walk(child)
            parts.append(child.tail or "")
        if tag in _BLOCK:
            parts.append("\n")

    walk(root)
    text = re.sub(r"[ \t\r\f\v\xa0]*\n[ \t\r\f\v\xa0\n]*", "\n", "".join(parts))
    return "\n".join(line.strip(" \t") for line in text.strip().split("\n")) + "\n"


def hard_wrapped(width: int) -> Derive:
    """Plain text with every line of the report's prose (a line holding a comma or a full
    stop) cut at `width` characters, as text copied out of a PDF or an e-mail leaves it."""

    def derive(case: Path) -> str | None:
        text = _source(case, "txt")
        if text is None or _RUN_ON.search(text):
            return None
        out: list[str] = []
        for line in text.splitlines():
            if not _PROSE.search(line):  # a toolbar or a metadata line is no page's text
                out.append(line)
                continue
            out.extend(line[i : i + width] for i in range(0, len(line), width))
        return "\n".join(out) + "\n"

    derive.__name__ = f"wrapped-{width}"
    return derive


def headings_stopped(stop: bool) -> Derive:
    """Plain text whose numbered heading lines (no full stop inside; no entry of a table of
    contents, leader dots to its page on the line or the next) all end in `。` or all end
    without one."""

    def derive(case: Path) -> str | None:
        text = _source(case, "txt")
        if text is None:
            return None
        out: list[str] = []
        lines = text.splitlines()
        for line, following in zip(lines, [*lines[1:], ""], strict=True):
            body = line.rstrip("。 　")
            entry = "…" in body + following
            if _HEADING.match(line) and "。" not in body and not entry and len(body) <= 40:
                line = body + ("。" if stop else "")
            out.append(line)
        return "\n".join(out) + "\n"

    derive.__name__ = "headings-stopped" if stop else "headings-bare"
    return derive


DERIVES: tuple[Derive, ...] = (
    copied_page,
    *(hard_wrapped(width) for width in (28, 30, 32, 36)),
    headings_stopped(True),
    headings_stopped(False),
)


def variants(folder: Path) -> Iterator[tuple[Path, Derive, str]]:
    """Every case with every variant that applies to its source, and the variant's text."""
    for case in sorted(p for p in folder.iterdir() if (p / "expected.yaml").is_file()):
        for derive in DERIVES:
            text = derive(case)
            if text is not None:
                yield case, derive, text
