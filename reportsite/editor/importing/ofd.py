"""OFD files (GB/T 33190-2016, the fixed-layout format Chinese government bodies publish
documents in, as others do PDF) → located lines: each page's text objects and the borders it
draws, laid out into lines and paragraphs as a PDF's are (layout.py).

An OFD file is a zip: OFD.xml names the document (DocRoot), whose Document.xml lists its pages
(each a Content.xml) and its resources (fonts). A text object (TextObject) sets its characters
(TextCode) at a point of its box (Boundary), each after the one before by DeltaX ("g 5 4.2"
is 4.2 five times), in millimetres, y downwards, through its CTM where it has one; its font
is a resource, its weight its own. A page's template (headers, page numbers) is not read, nor
text turned from the line (a seal's, a watermark's). It was refused by name."""

from __future__ import annotations

import io
import math
import posixpath
import zipfile
from collections.abc import Iterator
from typing import Final

from lxml import etree

from ..packages import too_large
from .layout import (
    BOLD_WEIGHT,
    MAX_BOOKMARKS,
    Char,
    LaidLine,
    Outline,
    Rules,
    add_rule,
    check_pages,
    document_lines,
    font_name,
    page_lines,
)
from .officexml import parse
from .sources import Read, SourceError

_POINTS: Final = 72 / 25.4
"""Points in a millimetre: OFD measures in millimetres, the layout in points."""
_A4: Final = (0.0, 0.0, 210.0, 297.0)


def read_ofd(data: bytes, members: list[zipfile.ZipInfo], limit: int) -> Read:
    """The lines of the OFD package `data`, whose members are already listed: refused if
    they are more than `limit` bytes unpacked, or a zip bomb's."""
    found = too_large(members, limit)
    if found is not None:
        raise SourceError("import-zip-bomb", name=found)
    try:
        outline: Outline = {}
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            lines = list(_lines(package, outline))
    except SourceError:
        raise
    except Exception as error:  # zipfile's and zlib's errors on a damaged package
        raise SourceError("import-bad-ofd", detail=str(error) or type(error).__name__) from error
    if not lines:
        raise SourceError("import-scanned", kind="OFD")
    return Read("ofd", document_lines(lines, outline))


def _lines(package: zipfile.ZipFile, outline: Outline) -> Iterator[LaidLine]:
    """The package's pages' lines, in order; its bookmarks put into `outline` on the way."""
    root = _xml(package, "OFD.xml")
    where = next((e.text for e in root.iter() if _name(e) == "DocRoot" and e.text), None)
    if where is None:
        raise SourceError("import-bad-ofd", detail="no DocRoot")
    document_path = where.strip().lstrip("/")
    document = _xml(package, document_path)
    folder = posixpath.dirname(document_path)
    box = _box(_first(document, "PhysicalBox"), _A4)
    fonts = _fonts(package, document, folder)
    listed = [e for e in document.iter() if _name(e) == "Page" and e.get("BaseLoc")]
    pages = [e.get("BaseLoc") for e in listed]
    check_pages(len(pages), "OFD")
    numbers = {page.get("ID"): number for number, page in enumerate(listed)}
    outline.update(_outline(document, numbers))
    for number, location in enumerate(pages):
        page = _xml(package, _resolve(folder, location or ""))
        width, height = _box(_first(page, "PhysicalBox"), box)[2:]
        chars: list[Char] = []
        rules: Rules = ([], [])
        for content in (e for e in page if _name(e) == "Content"):
            for drawn in content.iter():
                if _name(drawn) == "TextObject":
                    chars += _chars(drawn, fonts, height)
                elif _name(drawn) == "PathObject":
                    _rules(drawn, rules, width, height)
        yield from page_lines(chars, rules, height * _POINTS, number)


def _outline(document: etree._Element, numbers: dict[str | None, int]) -> Outline:
    """The document's bookmarks (Outlines: each OutlineElem's title, its level by how deep it
    is, and the page its action goes to, by the page's ID) by page."""
    found: Outline = {}
    roots = [e for e in document.iter() if _name(e) == "Outlines"]
    stack = [(element, 0) for root in roots[:1] for element in reversed(root)]
    for _ in range(MAX_BOOKMARKS):
        if not stack:
            break
        element, level = stack.pop()
        if _name(element) != "OutlineElem":
            continue
        actions = next((child for child in element if _name(child) == "Actions"), None)
        goes = (
            next((e.get("PageID") for e in actions.iter() if _name(e) == "Dest"), None)
            if actions is not None
            else None
        )
        title = element.get("Title") or ""
        if title.strip() and goes in numbers:
            found.setdefault(numbers[goes], []).append((title, level))
        stack += [(child, level + 1) for child in reversed(element)]
    return found


def _xml(package: zipfile.ZipFile, name: str) -> etree._Element:
    try:
        data = package.read(name)
    except KeyError:
        raise SourceError("import-bad-ofd", detail=f"no {name}") from None
    return parse(data, "import-bad-ofd")


def _name(element: etree._Element) -> str:
    """An element's name without its namespace (producers write OFD's with and without)."""
    tag = element.tag
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _first(root: etree._Element, name: str) -> etree._Element | None:
    return next((e for e in root.iter() if _name(e) == name), None)


def _resolve(folder: str, location: str) -> str:
    """A location a document names (relative to its own folder, or to the package's root)."""
    if location.startswith("/"):
        return location.lstrip("/")
    return posixpath.normpath(posixpath.join(folder, location))


def _numbers(text: str | None) -> list[float]:
    """A list of numbers as OFD writes one, "g n v" standing for v n times."""
    words = (text or "").split()
    found: list[float] = []
    at = 0
    try:
        while at < len(words):
            if words[at] == "g" and at + 2 < len(words):
                count = min(int(float(words[at + 1])), 10_000)
                found += [float(words[at + 2])] * max(count, 0)
                at += 3
            else:
                found.append(float(words[at]))
                at += 1
    except (ValueError, OverflowError):
        raise SourceError("import-bad-ofd", detail=f"not numbers: {(text or '')[:40]!r}") from None
    return found


def _box(element: etree._Element | None, default: tuple[float, ...]) -> tuple[float, ...]:
    values = _numbers(element.text if element is not None else None)
    return tuple(values[:4]) if len(values) >= 4 else default


def _fonts(
    package: zipfile.ZipFile, document: etree._Element, folder: str
) -> dict[str, tuple[str, bool]]:
    """Each font resource's name (as layout.font_name reads it) and boldness, by its ID."""
    fonts: dict[str, tuple[str, bool]] = {}
    for resource in document.iter():
        if _name(resource) not in ("PublicRes", "DocumentRes") or not resource.text:
            continue
        try:
            res = _xml(package, _resolve(folder, resource.text.strip()))
        except SourceError:
            continue  # a resource file missing: its fonts' names are not known
        for font in res.iter():
            if _name(font) == "Font" and font.get("ID"):
                name, bold = font_name(font.get("FontName") or font.get("FamilyName") or "")
                fonts[font.get("ID") or ""] = (name, bold or font.get("Bold") == "true")
    return fonts


def _chars(text: etree._Element, fonts: dict[str, tuple[str, bool]], height: float) -> list[Char]:
    """A text object's characters, in points, y upwards; none if it is turned."""
    x0, y0, *_ = _numbers(text.get("Boundary")) + [0.0, 0.0]
    a, b, c, d, tx, ty = _matrix(text)
    if abs(b) > 1e-3 * abs(a) or abs(c) > 1e-3 * abs(d) or text.get("CharDirection", "0") != "0":
        return []  # turned from the line: a seal's text, a watermark
    scale = math.hypot(a, b) or 1.0
    size = float(text.get("Size") or 0) * scale
    font, bold = fonts.get(text.get("Font") or "", ("", False))
    weight = float(text.get("Weight") or 400)
    bold = bold or weight >= BOLD_WEIGHT or text.get("Stroke") == "true"
    found: list[Char] = []
    for code in (e for e in text if _name(e) == "TextCode"):
        characters = code.text or ""
        deltas = _numbers(code.get("DeltaX"))
        rises = _numbers(code.get("DeltaY"))
        x, y = float(code.get("X") or 0), float(code.get("Y") or 0)
        for index, character in enumerate(characters):
            if index:
                x += deltas[index - 1] if index - 1 < len(deltas) else 0.0
                y += rises[index - 1] if index - 1 < len(rises) else 0.0
            if character.isspace():
                continue
            advance = deltas[index] if index < len(deltas) else size / scale
            page_x = x0 + a * x + c * y + tx
            page_y = y0 + b * x + d * y + ty
            found.append(
                Char(
                    character,
                    page_x * _POINTS,
                    (page_x + advance * scale) * _POINTS,
                    (height - page_y) * _POINTS,
                    size * _POINTS,
                    font,
                    bold,
                )
            )
    return found


def _rules(path: etree._Element, rules: Rules, width: float, height: float) -> None:
    """The borders a path object draws: its straight strokes (a table's cell as a rectangle
    too), or itself where it is a thin filled box; not a box round the whole page."""
    x0, y0, w, h = (_numbers(path.get("Boundary")) + [0.0] * 4)[:4]
    if w >= 0.8 * width and h >= 0.8 * height:
        return
    a, b, c, d, tx, ty = _matrix(path)

    def placed(x: float, y: float) -> tuple[float, float]:
        return _points(x0 + a * x + c * y + tx, y0 + b * x + d * y + ty, height)

    if path.get("Stroke") == "false":
        add_rule(rules, *_points(x0, y0, height), *_points(x0 + w, y0 + h, height))
        return
    data = next((e.text for e in path if _name(e) == "AbbreviatedData"), None) or ""
    words = data.split()
    start = current = (0.0, 0.0)
    at = 0
    sizes = {"M": 2, "S": 2, "L": 2, "Q": 4, "B": 6, "A": 7, "C": 0}
    while at < len(words):
        command = words[at]
        count = sizes.get(command)
        if count is None or at + count >= len(words) + (count == 0):
            break
        try:
            values = [float(v) for v in words[at + 1 : at + 1 + count]]
        except ValueError:
            break
        at += 1 + count
        if command in ("M", "S"):
            start = current = (values[0], values[1])
            continue
        end = start if command == "C" else (values[-2], values[-1]) if values else current
        if command in ("L", "C"):
            add_rule(rules, *placed(*current), *placed(*end))
        current = end


def _matrix(drawn: etree._Element) -> tuple[float, ...]:
    """An object's CTM (a b c d e f: its coordinates into its box's), else none's."""
    values = _numbers(drawn.get("CTM"))
    return tuple(values[:6]) if len(values) >= 6 else (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


def _points(x: float, y: float, height: float) -> tuple[float, float]:
    """A point of a page in millimetres, y downwards → in points, y upwards."""
    return x * _POINTS, (height - y) * _POINTS
