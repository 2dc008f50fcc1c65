"""Make small PDF files for the import's tests, each character where the test puts it.

Text is set in CID fonts that the file names but does not embed (as a PDF may), encoded as
UCS-2 through Adobe's UniGB-UCS2-H CMap, so a reader maps every character to Unicode without a
ToUnicode table; each Chinese character is one em wide, each ASCII one half of one. An
`unmapped` font (Identity-H, no ToUnicode) says nothing of the characters it draws. Table
borders are thin filled rectangles, as Word and LibreOffice draw them. The same arguments
always give the same bytes."""

from __future__ import annotations

import math
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass

A4: tuple[int, int] = (595, 842)


@dataclass(frozen=True)
class Text:
    """A run of text: where its baseline begins, its size, font, render mode (2: filled and
    stroked, Word's bold of a face that has none) and the angle it is turned by (degrees)."""

    x: float
    y: float
    text: str
    size: float = 16
    font: str = "FangSong_GB2312"
    mode: int = 0
    angle: float = 0


@dataclass(frozen=True)
class Rule:
    """A filled rectangle: a table's border when thin."""

    x0: float
    y0: float
    x1: float
    y1: float


def width(text: str) -> float:
    """The text's width in ems, as the fonts here set it."""
    return sum(0.5 if character.isascii() else 1 for character in text)


def make_pdf(
    pages: list[list[Text | Rule]],
    unmapped: Collection[str] = (),
    outline: Sequence[tuple[str, int, int]] = (),
) -> bytes:
    """A PDF of A4 pages, each drawing its texts and rules in the order given; its `outline`
    the bookmarks (title, level 0 or 1, page) Word makes of its headings, a level 1 bookmark
    under the level 0 one before it."""
    fonts = sorted({item.font for page in pages for item in page if isinstance(item, Text)})
    objects: list[str] = []

    def add(body: str) -> int:
        objects.append(body)
        return len(objects)

    references = {}
    for name in fonts:
        ordering = "Identity" if name in unmapped else "GB1"
        encoding = "Identity-H" if name in unmapped else "UniGB-UCS2-H"
        descriptor = add(
            f"<< /Type /FontDescriptor /FontName /{name} /Flags 6 /FontBBox [0 -120 1000 880]"
            " /ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 700 /StemV 80 >>"
        )
        descendant = add(
            f"<< /Type /Font /Subtype /CIDFontType0 /BaseFont /{name} /CIDSystemInfo"
            f" << /Registry (Adobe) /Ordering ({ordering}) /Supplement 0 >>"
            f" /FontDescriptor {descriptor} 0 R /DW 1000 /W [1 95 500] >>"
        )
        references[name] = add(
            f"<< /Type /Font /Subtype /Type0 /BaseFont /{name} /Encoding /{encoding}"
            f" /DescendantFonts [{descendant} 0 R] >>"
        )
    parent = len(objects) + 2 * len(pages) + 1
    kids = []
    resources = " ".join(f"/F{fonts.index(name)} {references[name]} 0 R" for name in fonts)
    for page in pages:
        stream = "".join(_drawn(item, fonts) for item in page)
        content = add(f"<< /Length {len(stream)} >>\nstream\n{stream}endstream")
        kids.append(
            add(
                f"<< /Type /Page /Parent {parent} 0 R /MediaBox [0 0 {A4[0]} {A4[1]}]"
                f" /Contents {content} 0 R /Resources << /Font << {resources} >> >> >>"
            )
        )
    listed = " ".join(f"{kid} 0 R" for kid in kids)
    add(f"<< /Type /Pages /Kids [{listed}] /Count {len(kids)} >>")
    outlines = _outline(outline, kids, len(objects) + 1, add) if outline else ""
    catalog = add(f"<< /Type /Catalog /Pages {parent} 0 R{outlines} >>")
    out = bytearray(b"%PDF-1.7\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n{body}\nendobj\n".encode()
    table = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    out += (
        f"trailer\n<< /Size {len(objects) + 1} /Root {catalog} 0 R >>\n"
        f"startxref\n{table}\n%%EOF\n".encode()
    )
    return bytes(out)


def _outline(
    items: Sequence[tuple[str, int, int]], kids: list[int], root: int, add: Callable[[str], int]
) -> str:
    """The outline's objects (from number `root`: the outline, then its items in order), and
    the catalog's entry naming it."""
    numbers = {index: root + 1 + index for index in range(len(items))}
    parents: dict[int, int] = {}
    children: dict[int, list[int]] = {-1: []}
    for index, (_, level, _) in enumerate(items):
        above = max((at for at in children if at >= 0 and items[at][1] == 0), default=-1)
        owner = above if level and above >= 0 else -1
        parents[index] = owner
        children[owner].append(index)
        children[index] = []

    def number(index: int) -> int:
        return root if index < 0 else numbers[index]

    def links(index: int) -> str:
        kin = children[parents[index]]
        at = kin.index(index)
        found = f" /Prev {number(kin[at - 1])} 0 R" if at else ""
        return found + (f" /Next {number(kin[at + 1])} 0 R" if at + 1 < len(kin) else "")

    def kids_of(index: int) -> str:
        own = children[index]
        if not own:
            return ""
        return f" /First {number(own[0])} 0 R /Last {number(own[-1])} 0 R /Count {len(own)}"

    add(f"<< /Type /Outlines{kids_of(-1)} >>")
    for index, (title, _, page) in enumerate(items):
        named = "FEFF" + title.encode("utf-16-be").hex().upper()
        add(
            f"<< /Title <{named}> /Parent {number(parents[index])} 0 R{links(index)}"
            f"{kids_of(index)} /Dest [{kids[page]} 0 R /XYZ null null null] >>"
        )
    return f" /Outlines {root} 0 R /PageMode /UseOutlines"


def _drawn(item: Text | Rule, fonts: list[str]) -> str:
    if isinstance(item, Rule):
        return f"{item.x0} {item.y0} {item.x1 - item.x0} {item.y1 - item.y0} re f\n"
    font = fonts.index(item.font)
    codes = item.text.encode("utf-16-be").hex()
    cos, sin = math.cos(math.radians(item.angle)), math.sin(math.radians(item.angle))
    turned = f"{cos:.4f} {sin:.4f} {-sin:.4f} {cos:.4f}"
    return (
        f"BT /F{font} {item.size} Tf {item.mode} Tr {turned} {item.x} {item.y} Tm <{codes}> Tj ET\n"
    )
