"""Build the Word files of the import corpus from their YAML specs.

A `.docx` fixture is kept as `source.docx.yaml` so that it can be read and reviewed as
text; the test builds the real file with python-docx. The same spec always gives the same
bytes: the core properties carry fixed dates and the zip members a fixed timestamp.

Spec format (YAML mapping; every key but ``body`` is optional)::

    core:                       # document properties (docProps/core.xml)
      title: 2024年政府工作报告
      author: 党政办
    defaults:                   # run format of every paragraph unless it says otherwise
      font: 仿宋_GB2312          # East Asian font (also used for Latin text)
      size: 三号                 # a Chinese size name (初号…八号, 小一…) or points (16)
    header: 瓦窑镇人民政府        # page header text
    footer: "第 {PAGE} 页"       # page footer text; {PAGE} becomes a PAGE field
    body:
      - 一个字符串就是一个正文段落（默认字体、首行缩进两字）。
      - text: 政府工作报告
        font: 方正小标宋简体
        size: 二号
        align: center           # left | center | right | justify
        indent: 0               # first-line indent in characters (default 2, 0 when centred)
        bold: true
        italic: false
        style: Heading 1        # a built-in Word paragraph style; then only the format keys
                                # the entry states are applied directly (no defaults)
        spacing: 28             # exact line spacing in points
      - runs:                   # a paragraph of several runs (lead phrases in bold)
          - {text: 政治自觉不断强化。, font: 楷体_GB2312, bold: true}
          - 坚决把党的全面领导作为……     # a plain string is a run in the paragraph format
      - text: "第一行\\n第二行"   # a newline inside a text is a soft line break (w:br)
      - page_break: true        # a page break
      - table:                  # a table, rows of cell texts
          - [索引号, 01525771-4/20250829-00001]
          - [发文机构, 隆阳区瓦窑镇人民政府]
        font: 宋体               # optional run format for all cells
        size: 小四
      - text_box:               # a floating text box holding these blocks, as Word 2010
          - 框里的段落             # and later write one (DrawingML, its VML copy in
        text: ''                # mc:Fallback), anchored in a paragraph of the other keys
      - wordart: 青石镇人民政府文件  # a WordArt of Word 97–2003 (VML v:textpath)
      - text: 抓好项目建设        # a paragraph Word numbers itself (numbering, below),
        list: 2                 # at this level of the list (from 1)
    numbering:                  # the document's list, level by level (Word counts and shows
                                # the numbers); `style` links a paragraph style to a level
      - {format: chineseCounting, text: "%1、", suffix: nothing, style: Heading 1}
      - {format: decimal, text: "%2．", start: 1}
"""

from __future__ import annotations

import copy
import datetime as dt
import io
import zipfile
from pathlib import Path
from typing import Any

import yaml
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_LINE_SPACING
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt
from docx.text.paragraph import Paragraph
from docx.text.run import Run
from lxml import etree

FIXED_TIME = dt.datetime(2024, 1, 2, 8, 0, 0)
ZIP_TIME = (2024, 1, 2, 8, 0, 0)

# 字号 names as Word's Chinese UI lists them, in points.
SIZES: dict[str, float] = {
    "初号": 42,
    "小初": 36,
    "一号": 26,
    "小一": 24,
    "二号": 22,
    "小二": 18,
    "三号": 16,
    "小三": 15,
    "四号": 14,
    "小四": 12,
    "五号": 10.5,
    "小五": 9,
    "六号": 7.5,
    "七号": 5.5,
    "八号": 5,
}

ALIGNMENTS: dict[str, WD_ALIGN_PARAGRAPH] = {
    "left": WD_ALIGN_PARAGRAPH.LEFT,
    "center": WD_ALIGN_PARAGRAPH.CENTER,
    "right": WD_ALIGN_PARAGRAPH.RIGHT,
    "justify": WD_ALIGN_PARAGRAPH.JUSTIFY,
}

RUN_KEYS = ("font", "size", "bold", "italic")


def build_docx(spec: Path, out: Path) -> None:
    """Write the Word file described by the YAML spec `spec` to `out`."""
    data = yaml.safe_load(spec.read_text(encoding="utf-8"))
    if not isinstance(data, dict) or not isinstance(data.get("body"), list):
        raise ValueError(f"{spec}: a mapping with a `body` list is required")
    document = Document()
    defaults: dict[str, Any] = {"font": "仿宋_GB2312", "size": "三号"}
    defaults.update(data.get("defaults") or {})
    _set_core(document, data.get("core") or {})
    section = document.sections[0]
    if "header" in data:
        _fill_line(section.header.paragraphs[0], str(data["header"]), defaults)
    if "footer" in data:
        _fill_line(section.footer.paragraphs[0], str(data["footer"]), defaults)
    if "numbering" in data:
        _add_numbering(document, data["numbering"])
    for block in data["body"]:
        _add_block(document, block, defaults)
    buffer = io.BytesIO()
    document.save(buffer)
    out.write_bytes(_fixed_zip(buffer.getvalue()))


def _set_core(document: Any, core: dict[str, Any]) -> None:
    props = document.core_properties
    props.author = str(core.get("author", ""))
    props.last_modified_by = str(core.get("author", ""))
    props.title = str(core.get("title", ""))
    props.created = FIXED_TIME
    props.modified = FIXED_TIME
    props.last_printed = FIXED_TIME
    props.revision = 1


def _add_block(document: Any, block: Any, defaults: dict[str, Any]) -> None:
    if isinstance(block, str):
        block = {"text": block}
    if not isinstance(block, dict):
        raise ValueError(f"body entry must be a string or a mapping, not {block!r}")
    if block.get("page_break"):
        document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        return
    if "text_box" in block:
        _add_text_box(document, block, defaults)
        return
    if "wordart" in block:
        document.add_paragraph().add_run()._r.append(_shape(WORDART, text=str(block["wordart"])))
        return
    # A styled paragraph takes its look from the style, plus whatever the block states itself.
    base = {} if block.get("style") else defaults
    fmt = {**base, **{k: block[k] for k in RUN_KEYS if k in block}}
    if "table" in block:
        _add_table(document, block["table"], fmt)
        return
    paragraph = document.add_paragraph(style=block.get("style"))
    align = block.get("align", "justify")
    paragraph.alignment = ALIGNMENTS[align]
    indent = block.get("indent", 0 if align == "center" else 2)
    pf = paragraph.paragraph_format
    if indent:
        pf.first_line_indent = Pt(_points(fmt.get("size", defaults["size"])) * indent)
    if "spacing" in block:
        pf.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        pf.line_spacing = Pt(float(block["spacing"]))
    if "list" in block:
        _number(paragraph._p.get_or_add_pPr(), int(block["list"]) - 1)
    runs = block.get("runs", [block.get("text", "")])
    for run_spec in runs:
        if isinstance(run_spec, str):
            run_spec = {"text": run_spec}
        run_fmt = {**fmt, **{k: run_spec[k] for k in RUN_KEYS if k in run_spec}}
        _add_text(paragraph, str(run_spec.get("text", "")), run_fmt)


NAMESPACES = (
    'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    ' xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"'
    ' xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"'
    ' xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"'
    ' xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"'
    ' xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office"'
    ' xmlns:w10="urn:schemas-microsoft-com:office:word"'
)

# A text box as Word 2016 saves one: the DrawingML shape, and the same box in VML for readers
# that know no DrawingML.
TEXT_BOX = """<mc:AlternateContent {ns}><mc:Choice Requires="wps"><w:drawing>
<wp:anchor distT="0" distB="0" distL="114300" distR="114300" simplePos="0"
 relativeHeight="251659264" behindDoc="0" locked="0" layoutInCell="1" allowOverlap="1">
<wp:simplePos x="0" y="0"/><wp:positionH relativeFrom="column"><wp:posOffset>0</wp:posOffset>
</wp:positionH><wp:positionV relativeFrom="paragraph"><wp:posOffset>0</wp:posOffset>
</wp:positionV><wp:extent cx="5274310" cy="792480"/><wp:effectExtent l="0" t="0" r="0" b="0"/>
<wp:wrapTopAndBottom/><wp:docPr id="{id}" name="文本框 {id}"/><wp:cNvGraphicFramePr/>
<a:graphic><a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">
<wps:wsp><wps:cNvSpPr txBox="1"/><wps:spPr><a:xfrm><a:off x="0" y="0"/>
<a:ext cx="5274310" cy="792480"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom>
</wps:spPr><wps:txbx><w:txbxContent/></wps:txbx><wps:bodyPr rot="0" vert="horz" wrap="square"
 anchor="t" anchorCtr="0"><a:noAutofit/></wps:bodyPr></wps:wsp></a:graphicData></a:graphic>
</wp:anchor></w:drawing></mc:Choice><mc:Fallback><w:pict><v:shapetype id="_x0000_t202"
 coordsize="21600,21600" o:spt="202" path="m,l,21600r21600,l21600,xe"><v:stroke
 joinstyle="miter"/><v:path gradientshapeok="t" o:connecttype="rect"/></v:shapetype><v:shape
 id="文本框 {id}" o:spid="_x0000_s10{id}" type="#_x0000_t202"
 style="position:absolute;margin-left:0;margin-top:0;width:415.3pt;height:62.4pt;z-index:{id}">
<v:textbox><w:txbxContent/></v:textbox><w10:wrap type="topAndBottom"/></v:shape></w:pict>
</mc:Fallback></mc:AlternateContent>"""

# A WordArt as Word 97–2003 made one (kept so in a .docx in compatibility mode): the shape's
# type, whose own v:textpath has no text, and the shape.
WORDART = """<w:pict {ns}><v:shapetype id="_x0000_t136" coordsize="21600,21600" o:spt="136"
 adj="10800" path="m@7,l@8,m@5,21600l@6,21600e"><v:path textpathok="t" o:connecttype="custom"/>
<v:textpath on="t" fitshape="t"/></v:shapetype><v:shape id="艺术字 1" type="#_x0000_t136"
 style="position:absolute;margin-left:0;margin-top:0;width:425pt;height:60pt" fillcolor="red"
 stroked="f"><v:textpath style="font-family:&quot;方正小标宋简体&quot;;font-size:36pt"
 string="{text}"/><w10:wrap type="topAndBottom"/></v:shape></w:pict>"""


LIST = 90
"""The ids of the spec's list (abstract numbering and numbering), past the template's own."""


def _add_numbering(document: Any, levels: list[dict[str, Any]]) -> None:
    """The list of these levels, and the paragraph styles linked to them."""
    defined = "".join(
        f'<w:lvl w:ilvl="{number}"><w:start w:val="{level.get("start", 1)}"/>'
        f'<w:numFmt w:val="{level["format"]}"/><w:suff w:val="{level.get("suffix", "tab")}"/>'
        f'<w:lvlText w:val="{level["text"]}"/></w:lvl>'
        for number, level in enumerate(levels)
    )
    numbering = document.part.numbering_part.element
    # The schema's order: every abstract numbering before the first numbering.
    numbering.find(qn("w:num")).addprevious(
        etree.fromstring(
            f'<w:abstractNum {NAMESPACES} w:abstractNumId="{LIST}">{defined}</w:abstractNum>'
        )
    )
    numbering.append(
        etree.fromstring(
            f'<w:num {NAMESPACES} w:numId="{LIST}"><w:abstractNumId w:val="{LIST}"/></w:num>'
        )
    )
    for number, level in enumerate(levels):
        if "style" in level:
            _number(document.styles[level["style"]].element.get_or_add_pPr(), number)


def _number(properties: Any, level: int) -> None:
    """Give a paragraph's (or a style's) properties the list's level, in its place among
    them."""
    numbered = properties.get_or_add_numPr()
    numbered.get_or_add_ilvl().val = level
    numbered.get_or_add_numId().val = LIST


def _shape(template: str, **values: object) -> Any:
    return etree.fromstring(template.format(ns=NAMESPACES, **values))


def _add_text_box(document: Any, block: dict[str, Any], defaults: dict[str, Any]) -> None:
    """A paragraph of the block's other keys, with a text box holding the blocks of
    `text_box`: each made in the body as it would be there, then moved into the box."""
    _add_block(document, {k: v for k, v in block.items() if k != "text_box"}, defaults)
    body = document.element.body
    anchor = body[-2]  # the body's last child is its section properties
    box = _shape(TEXT_BOX, id=len(body))
    choice, fallback = box.iter(qn("w:txbxContent"))
    for inner in block["text_box"]:
        _add_block(document, inner, defaults)
        choice.append(body[-2])
    fallback.extend(copy.deepcopy(child) for child in choice)
    run = OxmlElement("w:r")
    run.append(box)
    anchor.append(run)


def _add_table(document: Any, rows: list[list[Any]], fmt: dict[str, Any]) -> None:
    width = max(len(row) for row in rows)
    table = document.add_table(rows=len(rows), cols=width)
    table.style = "Table Grid"
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            cell_paragraph = table.cell(r, c).paragraphs[0]
            _add_text(cell_paragraph, "" if value is None else str(value), fmt)


def _add_text(paragraph: Paragraph, text: str, fmt: dict[str, Any]) -> None:
    for number, line in enumerate(text.split("\n")):
        run = paragraph.add_run()
        if number:
            run.add_break(WD_BREAK.LINE)
        run.add_text(line)
        _format_run(run, fmt)


def _fill_line(paragraph: Paragraph, text: str, fmt: dict[str, Any]) -> None:
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    before, marker, after = text.partition("{PAGE}")
    _add_text(paragraph, before, fmt)
    if marker:
        _add_page_field(paragraph.add_run())
        _add_text(paragraph, after, fmt)


def _add_page_field(run: Run) -> None:
    """Append a PAGE field (begin, instruction, separate, cached result, end) to `run`."""
    element: Any = run._r
    for kind, tag, text in (
        ("begin", "w:fldChar", None),
        (None, "w:instrText", " PAGE "),
        ("separate", "w:fldChar", None),
        (None, "w:t", "1"),
        ("end", "w:fldChar", None),
    ):
        child = OxmlElement(tag)
        if kind is not None:
            child.set(qn("w:fldCharType"), kind)
        if text is not None:
            child.set(qn("xml:space"), "preserve")
            child.text = text
        element.append(child)


def _format_run(run: Run, fmt: dict[str, Any]) -> None:
    if "font" in fmt:
        run.font.name = str(fmt["font"])
        run._r.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), str(fmt["font"]))
    if "size" in fmt:
        run.font.size = Pt(_points(fmt["size"]))
    if "bold" in fmt:
        run.font.bold = bool(fmt["bold"])
    if "italic" in fmt:
        run.font.italic = bool(fmt["italic"])


def _points(size: Any) -> float:
    if isinstance(size, str):
        return SIZES[size] if size in SIZES else float(size)
    return float(size)


def _fixed_zip(data: bytes) -> bytes:
    """Rewrite the package with a fixed timestamp on every member."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=ZIP_TIME)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            target.writestr(fixed, source.read(info.filename))
    return out.getvalue()


def with_chunks(paragraphs: list[str | tuple[str, bytes]]) -> bytes:
    """A .docx of these paragraphs, where a (name, bytes) is a part of another format held in
    its place (w:altChunk)."""
    document = Document()
    for paragraph in paragraphs:
        if isinstance(paragraph, str):
            document.add_paragraph(paragraph)
            continue
        name, blob = paragraph
        part = Part(PackURI(f"/word/{name}"), "text/html", blob, document.part.package)
        chunk = OxmlElement("w:altChunk")
        chunk.set(qn("r:id"), document.part.relate_to(part, RELATIONSHIP_TYPE.A_F_CHUNK))
        document.element.body.insert(len(document.element.body) - 1, chunk)
    data = io.BytesIO()
    document.save(data)
    return data.getvalue()
