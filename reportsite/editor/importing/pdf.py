"""PDF files → located lines: each page's characters as PDFium places them (pypdfium2), with
their boxes, fonts, weights and render modes, and the thin lines the page draws, laid out into
lines and paragraphs by layout.py. Bold is a bold face, or Word's bold of a face that has none
(宋体, 仿宋), drawn by filling and stroking; text turned (a watermark across the page, a stamp)
is no line's.

Government bodies publish many reports as PDF, saved from Word or WPS: it was refused, and
the editor had to copy its text out page by page. A PDF of scanned pages holds no text, and
one whose fonts do not say which characters they draw cannot be read: both are told of."""

from __future__ import annotations

import math
from typing import Any, Final

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
from .sources import Read, SourceError

_PASSWORD: Final = 4
"""FPDF_ERR_PASSWORD: the file is encrypted with a password to open it."""
_ERRORS: Final = {3: "not in PDF's format", 5: "encrypted in a way PDFium does not read"}
"""What PDFium's other errors when it opens a file say (FPDF_ERR_FORMAT, FPDF_ERR_SECURITY)."""
_TURNED: Final = 0.05
"""The sine of a character's angle beyond which it is turned, not set on a line (3 degrees)."""
_FILL_STROKE: Final = 2
"""The text render mode of Word's bold in a face with no bold of its own (宋体, 仿宋)."""


def read_pdf(data: bytes) -> Read:
    import pypdfium2 as pdfium

    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as error:
        code = getattr(error, "err_code", None)
        if code == _PASSWORD:
            raise SourceError("import-pdf-password") from error
        detail = _ERRORS.get(code or 0, "PDFium cannot open it")
        raise SourceError("import-bad-pdf", detail=detail) from error
    damaged = 0
    pages = len(document)
    try:
        check_pages(pages, "PDF")
        outline = _outline(document)
        lines: list[LaidLine] = []
        for number in range(pages):
            try:
                page = document[number]
            except pdfium.PdfiumError:
                damaged += 1  # a page the file cannot give: the others are read
                continue
            try:
                lines += page_lines(_chars(page, number), _rules(page), page.get_height(), number)
            finally:
                page.close()
    finally:
        document.close()
    if damaged and damaged == pages:
        raise SourceError("import-bad-pdf", detail="no page can be read")
    if not lines:
        raise SourceError("import-scanned", kind="PDF")
    return Read("pdf", document_lines(lines, outline))


def _outline(document: Any) -> Outline:
    """The document's bookmarks by the page each goes to (none that goes to no page)."""
    import itertools

    import pypdfium2 as pdfium

    found: Outline = {}
    try:
        for bookmark in itertools.islice(document.get_toc(), MAX_BOOKMARKS):
            destination = bookmark.get_dest()
            page = destination.get_index() if destination is not None else None
            title = bookmark.get_title() or ""
            if page is not None and title.strip():
                found.setdefault(page, []).append((title, bookmark.level))
    except pdfium.PdfiumError:
        pass  # a damaged outline: the headings are known by their look alone
    return found


def _chars(page: Any, number: int) -> list[Char]:
    """The characters the page draws but spaces, each with its box, size, font and boldness;
    refused if most have no Unicode the file says."""
    import ctypes

    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    try:
        text = page.get_textpage()
    except pdfium.PdfiumError:
        return []  # a page whose text PDFium cannot lay out: read as one that has none
    handle = text.raw
    name = ctypes.create_string_buffer(256)
    flags = ctypes.c_int()
    box = raw.FS_RECTF()
    x, y = ctypes.c_double(), ctypes.c_double()
    found: list[Char] = []
    unmapped = 0
    fonts: dict[bytes, tuple[str, bool]] = {}
    try:
        for index in range(raw.FPDFText_CountChars(handle)):
            code = raw.FPDFText_GetUnicode(handle, index)
            # Spaces are read from where the characters stand (_runs), whether the file draws
            # them (Word) or not (LibreOffice, and the spaces PDFium makes up).
            if not 0x20 < code < 0x110000 or chr(code).isspace():
                continue
            if raw.FPDFText_HasUnicodeMapError(handle, index) == 1:
                unmapped += 1
                continue
            # Text turned (a watermark across the page, a stamp) is no line's.
            if abs(math.sin(raw.FPDFText_GetCharAngle(handle, index))) > _TURNED:
                continue
            if not raw.FPDFText_GetLooseCharBox(handle, index, ctypes.byref(box)):
                continue
            raw.FPDFText_GetCharOrigin(handle, index, ctypes.byref(x), ctypes.byref(y))
            raw.FPDFText_GetFontInfo(handle, index, name, len(name), ctypes.byref(flags))
            named = fonts.get(name.value)
            if named is None:
                named = fonts[name.value] = _font(name.value)
            font, bold_face = named
            obj = raw.FPDFText_GetTextObject(handle, index)
            bold = (
                bold_face
                or raw.FPDFText_GetFontWeight(handle, index) >= BOLD_WEIGHT
                or bool(obj)
                and raw.FPDFTextObj_GetTextRenderMode(obj) == _FILL_STROKE
            )
            size = raw.FPDFText_GetFontSize(handle, index)
            found.append(Char(chr(code), box.left, box.right, y.value, size, font, bold))
    finally:
        text.close()
    if unmapped > len(found):
        raise SourceError("import-pdf-unmapped", page=number + 1)
    return found


def _font(name: bytes) -> tuple[str, bool]:
    """A font's name as layout.font_name reads it, a name of GBK's bytes read as such."""
    text = name.decode("utf-8", errors="replace")
    if any(byte >= 0x80 for byte in name):
        try:
            text = name.decode("gb18030")
        except UnicodeDecodeError:
            pass
    return font_name(text)


def _rules(page: Any) -> Rules:
    """The thin lines the page draws, as a table's borders are."""
    import ctypes

    import pypdfium2.raw as raw

    rules: Rules = ([], [])
    left, bottom, right, top = (ctypes.c_float() for _ in range(4))
    for index in range(raw.FPDFPage_CountObjects(page.raw)):
        obj = raw.FPDFPage_GetObject(page.raw, index)
        if raw.FPDFPageObj_GetType(obj) != raw.FPDF_PAGEOBJ_PATH:
            continue
        if not raw.FPDFPageObj_GetBounds(
            obj, ctypes.byref(left), ctypes.byref(bottom), ctypes.byref(right), ctypes.byref(top)
        ):
            continue
        add_rule(rules, left.value, bottom.value, right.value, top.value)
    return rules
