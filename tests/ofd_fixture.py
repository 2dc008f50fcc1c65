"""Make small OFD files (GB/T 33190) for the import's tests, of the same pages as
`pdf_fixture.make_pdf` makes: the same texts and rules, given in points from the bottom of an
A4 page, written as OFD writes them — in millimetres from the top, each text a TextObject whose
box's top left its TextCode is set from, the advance of each character after the first in
DeltaX (compressed "g n v" where the advances are alike), bold drawn by stroking
(Stroke="true"), a turned text through its CTM, a rule a thin filled PathObject. Each page
has a template holding text that no reader of the report sees as its own (a header).

Converters from PDF write text otherwise (`form`), as their files in public OFD readers'
repositories show: each character a TextObject of its own at its place, in groups
(PageBlock) within groups, its size and point scaled by a CTM of 0.05 (易转换's); or each
run in points, a CTM of 0.3528 turning them into millimetres and its translation taking the
box's corner off again, y the negative of a PDF's (as libofd's sample of a converted page)."""

from __future__ import annotations

import io
import math
import zipfile
from collections.abc import Sequence

from .pdf_fixture import A4, Rule, Text, width

NS = 'xmlns:ofd="http://www.ofdspec.org/2016"'
MM = 25.4 / 72
"""Millimetres in a point."""


def make_ofd(
    pages: list[list[Text | Rule]],
    stroked: dict[int, list[Rule]] | None = None,
    form: str = "objects",
    outline: Sequence[tuple[str, int, int]] = (),
) -> bytes:
    """An OFD package of A4 pages; the `stroked` rectangles of a page (by its index) are drawn
    as stroked paths, their four sides one path, as some producers draw a table's cells. Its
    text in `form`: "objects" (a run a TextObject), "characters" or "points" (as above); its
    `outline` the bookmarks (title, level 0 or 1, page) as make_pdf takes them, OutlineElems
    whose action goes to the page by its ID."""
    fonts = sorted({item.font for page in pages for item in page if isinstance(item, Text)})
    height = A4[1] * MM
    files: dict[str, str] = {
        "OFD.xml": f'<ofd:OFD {NS} Version="1.0" DocType="OFD"><ofd:DocBody>'
        "<ofd:DocInfo><ofd:DocID>0</ofd:DocID></ofd:DocInfo>"
        "<ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>",
        "Doc_0/PublicRes.xml": f'<ofd:Res {NS} BaseLoc="Res"><ofd:Fonts>'
        + "".join(
            f'<ofd:Font ID="{index + 1}" FontName="{_unicode(name)}"/>'
            for index, name in enumerate(fonts)
        )
        + "</ofd:Fonts></ofd:Res>",
        "Doc_0/Tpls/Tpl_0/Content.xml": f'<ofd:Page {NS}><ofd:Content><ofd:Layer ID="900">'
        '<ofd:TextObject ID="901" Boundary="20 5 100 8" Font="1" Size="4">'
        '<ofd:TextCode X="0" Y="4" DeltaX="g 3 4">模板中</ofd:TextCode></ofd:TextObject>'
        "</ofd:Layer></ofd:Content></ofd:Page>",
    }
    listed = "".join(
        f'<ofd:Page ID="{number + 1}" BaseLoc="Pages/Page_{number}/Content.xml"/>'
        for number in range(len(pages))
    )
    files["Doc_0/Document.xml"] = (
        f"<ofd:Document {NS}><ofd:CommonData><ofd:MaxUnitID>999</ofd:MaxUnitID>"
        f"<ofd:PageArea><ofd:PhysicalBox>0 0 {A4[0] * MM:.3f} {height:.3f}</ofd:PhysicalBox>"
        "</ofd:PageArea><ofd:PublicRes>PublicRes.xml</ofd:PublicRes>"
        '<ofd:TemplatePage ID="800" BaseLoc="Tpls/Tpl_0/Content.xml"/></ofd:CommonData>'
        f"<ofd:Pages>{listed}</ofd:Pages>{_outline(outline)}</ofd:Document>"
    )
    for number, page in enumerate(pages):
        drawn = [_object(item, fonts, height, form) for item in page]
        drawn += [_stroked(rule, height) for rule in (stroked or {}).get(number, [])]
        files[f"Doc_0/Pages/Page_{number}/Content.xml"] = (
            f'<ofd:Page {NS}><ofd:Template TemplateID="800"/><ofd:Content><ofd:Layer ID="1">'
            '<ofd:PageBlock ID="5"><ofd:PageBlock ID="6">'
            + "".join(drawn)
            + "</ofd:PageBlock></ofd:PageBlock></ofd:Layer></ofd:Content></ofd:Page>"
        )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as package:
        for name, content in files.items():
            info = zipfile.ZipInfo(name, (2024, 1, 2, 8, 0, 0))
            package.writestr(info, content)
    return out.getvalue()


def _object(item: Text | Rule, fonts: list[str], height: float, form: str = "objects") -> str:
    if isinstance(item, Rule):
        x0, y0 = item.x0 * MM, height - item.y1 * MM
        return (
            f'<ofd:PathObject ID="2" Boundary="{x0:.3f} {y0:.3f} '
            f'{(item.x1 - item.x0) * MM:.3f} {(item.y1 - item.y0) * MM:.3f}" Stroke="false" '
            f'Fill="true"><ofd:AbbreviatedData>M 0 0 L 1 0 L 1 1 L 0 1 C'
            "</ofd:AbbreviatedData></ofd:PathObject>"
        )
    if form == "characters" and not item.angle:
        return _characters(item, fonts, height)
    if form == "points" and not item.angle:
        return _points(item, fonts, height)
    size = item.size * MM
    advances = [size * width(character) for character in item.text]
    deltas = (
        f"g {len(advances) - 1} {advances[0]:.4f}"
        if len(set(advances[:-1])) == 1 and len(advances) > 1
        else " ".join(f"{advance:.4f}" for advance in advances[:-1])
    )
    top = height - item.y * MM - size
    turned = ""
    if item.angle:
        cos, sin = math.cos(math.radians(item.angle)), math.sin(math.radians(item.angle))
        turned = f' CTM="{cos:.4f} {sin:.4f} {-sin:.4f} {cos:.4f} 0 0"'
    stroke = ' Stroke="true"' if item.mode == 2 else ""
    return (
        f'<ofd:TextObject ID="3" Boundary="{item.x * MM:.4f} {top:.4f} '
        f'{width(item.text) * size:.4f} {size * 1.2:.4f}" Font="{fonts.index(item.font) + 1}"'
        f' Size="{size:.4f}"{stroke}'
        f'{turned}><ofd:TextCode X="0" Y="{size:.4f}" DeltaX="{deltas}">{_escaped(item.text)}'
        "</ofd:TextCode></ofd:TextObject>"
    )


def _characters(item: Text, fonts: list[str], height: float) -> str:
    """Each character a TextObject, boxed where it stands, its Size and TextCode in the units
    of a CTM of 0.05."""
    size = item.size * MM
    stroke = ' Stroke="true"' if item.mode == 2 else ""
    drawn = []
    x = item.x * MM
    for character in item.text:
        advance = size * width(character)
        drawn.append(
            f'<ofd:TextObject ID="3" Boundary="{x:.4f} {height - item.y * MM - size:.4f} '
            f'{advance:.4f} {size:.4f}" Size="{size / 0.05:.4f}" CTM="0.05 0 0 0.05 0 0" '
            f'Fill="true" Font="{fonts.index(item.font) + 1}"{stroke}>'
            '<ofd:FillColor Value="0 0 0"/>'
            '<ofd:CGTransform GlyphCount="1" CodeCount="1" CodePosition="0"><ofd:Glyphs>1'
            f'</ofd:Glyphs></ofd:CGTransform><ofd:TextCode X="0" Y="{size / 0.05:.4f}">'
            f"{_escaped(character)}</ofd:TextCode></ofd:TextObject>"
        )
        x += advance
    return "".join(drawn)


def _points(item: Text, fonts: list[str], height: float) -> str:
    """A run in points: its characters set from the page's corner as a PDF sets them, y
    negated, through a CTM that scales points into millimetres and takes the box's corner
    off."""
    scale = 25.4 / 72
    size = item.size * MM
    x0, y0 = item.x * MM, height - item.y * MM - size
    deltas = " ".join(f"{item.size * width(character):.3f}" for character in item.text[:-1])
    weight = ' Weight="700"' if item.mode == 2 else ""
    return (
        f'<ofd:TextObject ID="3" Boundary="{x0:.4f} {y0:.4f} {width(item.text) * size:.4f} '
        f'{size * 1.2:.4f}" CTM="{scale:.6f} 0 0 {scale:.6f} {-x0:.4f} {height - y0:.4f}" '
        f'Font="{fonts.index(item.font) + 1}" Size="{item.size}" Stroke="false" Fill="true"'
        f'{weight}><ofd:TextCode X="{item.x}" '
        f'Y="{-item.y}" DeltaX="{deltas}">{_escaped(item.text)}</ofd:TextCode></ofd:TextObject>'
    )


def _outline(items: Sequence[tuple[str, int, int]]) -> str:
    """The Outlines element of these bookmarks, a level 1 one inside the level 0 one before."""
    if not items:
        return ""

    def element(title: str, page: int) -> str:
        return (
            f'<ofd:OutlineElem Title="{_escaped(title)}"><ofd:Actions><ofd:Action Event="CLICK">'
            f'<ofd:Goto><ofd:Dest Type="XYZ" PageID="{page + 1}" Left="0" Top="0"/></ofd:Goto>'
            "</ofd:Action></ofd:Actions>"
        )

    written = ""
    open_item = False
    for title, level, page in items:
        if level == 0:
            written += "</ofd:OutlineElem>" if open_item else ""
            written += element(title, page)
            open_item = True
        else:
            written += element(title, page) + "</ofd:OutlineElem>"
    written += "</ofd:OutlineElem>" if open_item else ""
    return f"<ofd:Outlines>{written}</ofd:Outlines>"


def _stroked(rule: Rule, height: float) -> str:
    """A rectangle's four sides as one stroked path, drawn at twice its size and halved by
    its CTM."""
    w, h = (rule.x1 - rule.x0) * MM, (rule.y1 - rule.y0) * MM
    return (
        f'<ofd:PathObject ID="4" Boundary="{rule.x0 * MM:.3f} {height - rule.y1 * MM:.3f} '
        f'{w:.3f} {h:.3f}" CTM="0.5 0 0 0.5 0 0" LineWidth="0.4"><ofd:AbbreviatedData>M 0 0 '
        f"L {2 * w:.3f} 0 L {2 * w:.3f} {2 * h:.3f} L 0 {2 * h:.3f} C</ofd:AbbreviatedData>"
        "</ofd:PathObject>"
    )


def _unicode(name: str) -> str:
    """A font's name as OFD writes it, in Unicode: a PDF's name of GBK's bytes (#BA#DA…)
    decoded."""
    if not name.startswith("#"):
        return name
    return bytes.fromhex(name.replace("#", "")).decode("gbk")


def _escaped(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
