"""The same units as a spreadsheet (.xlsx) a translation company can fill without a CAT tool:
a row a text; the id, the source and the target side by side, the notes, and whether the
target came from the translation memory. Columns are found by their heading on import, so a
translator may reorder or add columns."""

from __future__ import annotations

import re
import shutil
import tempfile
import xml.etree.ElementTree as ET
import zipfile
import zlib
from collections.abc import Iterable, Iterator
from typing import BinaryIO

from openpyxl import Workbook, load_workbook
from openpyxl.cell import Cell, WriteOnlyCell
from openpyxl.styles import Alignment, Font
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from ...problems import ContentError, Location, Problem
from ..packages import bomb
from .units import Returned, Unit, term_note

ID, NOTES, MEMORY = "id", "notes", "memory"
WIDTHS = {"A": 34, "B": 60, "C": 60, "D": 40, "E": 24}
_FIXED_TIME = "2000-01-01T00:00:00Z"
_STAMP = re.compile(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms:)")


def write(units: Iterable[Unit], source_code: str, target_code: str, out: BinaryIO) -> None:
    """The units as a workbook into out, row by row: openpyxl's ordinary workbook holds every
    cell, and 1,000 reports' texts took 630 MB."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet(f"{source_code}-{target_code}")
    # What comes before the rows in the sheet's file: set before the first row is written.
    for column, width in WIDTHS.items():
        sheet.column_dimensions[column].width = width
    sheet.freeze_panes = "B2"
    bold = Font(bold=True)
    sheet.append(
        [
            _cell(sheet, heading, font=bold)
            for heading in (ID, source_code, target_code, NOTES, MEMORY)
        ]
    )
    wrap = Alignment(wrap_text=True, vertical="top")
    for unit in units:
        notes = [unit.description] if unit.description else []
        notes += [term_note(term) for term in unit.terms]
        memory = f"翻译记忆 / translation memory: {unit.memory}" if unit.memory else None
        values = [unit.id, unit.source, unit.target, "\n".join(notes) or None, memory]
        sheet.append([_cell(sheet, value, alignment=wrap) for value in values])
    with tempfile.TemporaryFile() as made:
        book.save(made)
        made.seek(0)
        _fixed(made, out)


def _cell(
    sheet: WriteOnlyWorksheet,
    value: str | None,
    *,
    font: Font | None = None,
    alignment: Alignment | None = None,
) -> Cell:
    cell = WriteOnlyCell(sheet, value)
    # Text that starts with = is text here, never a formula.
    if cell.data_type == "f":
        cell.data_type = "s"
    if font is not None:
        cell.font = font
    if alignment is not None:
        cell.alignment = alignment
    return cell


def _fixed(made: BinaryIO, out: BinaryIO) -> None:
    """The workbook made, with its clock readings fixed, into out: the same units give the
    same bytes. Each part is copied a piece at a time; the sheet of 1,000 reports' texts is
    over 100 MB unpacked."""
    with zipfile.ZipFile(made) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            # Compressed as openpyxl compressed it: a ZipInfo of its own is stored, not
            # compressed, and an export of 1,000 reports' texts weighed 114 MB, not 22.
            member = zipfile.ZipInfo(info.filename, (1980, 1, 1, 0, 0, 0))
            member.compress_type = info.compress_type
            if info.filename == "docProps/core.xml":
                stamp = rb"\g<1>" + _FIXED_TIME.encode() + rb"\g<2>"
                target.writestr(member, _STAMP.sub(stamp, source.read(info)))
                continue
            large = info.file_size >= zipfile.ZIP64_LIMIT
            with source.open(info) as part, target.open(member, "w", force_zip64=large) as copy:
                shutil.copyfileobj(part, copy, 1 << 20)


def read(
    source: BinaryIO, name: str, source_code: str, target_code: str
) -> Iterator[Returned | Problem]:
    """The rows that carry a translation, each as it is read, and the problems of rows;
    ContentError for a workbook refused whole. Read from the file as openpyxl unpacks it, not
    held whole (10,000 reports' texts make a workbook of 220 MB)."""
    try:
        with zipfile.ZipFile(source) as package:
            members = package.infolist()
    except (zipfile.BadZipFile, ValueError, OSError):
        members = []  # no package at all: openpyxl says so below
    found = bomb(members)
    if found is not None:
        # openpyxl reads the shared strings whole: 0.7 MB of them took 660 MB and 32 s.
        location = Location(name)
        raise ContentError(
            [Problem(location=location, code="translate-zip-bomb", args={"name": found})]
        )
    try:
        book = load_workbook(source, read_only=True, data_only=True)
    except _UNREADABLE as error:
        raise _unreadable(name, error) from None
    try:
        rows = book.worksheets[0].iter_rows(values_only=True)
        yield from _rows(rows, name, source_code, target_code)
    except _UNREADABLE as error:
        # The sheet is parsed as its rows are read: a part cut short or garbled is found here.
        raise _unreadable(name, error) from None
    finally:
        book.close()


_UNREADABLE = (
    OSError,
    EOFError,
    KeyError,
    ValueError,
    zipfile.BadZipFile,
    zlib.error,
    ET.ParseError,
    InvalidFileException,
)
"""What openpyxl raises for a workbook it cannot read, as it opens it or reads its rows."""


def _unreadable(name: str, error: Exception) -> ContentError:
    detail = str(error) or type(error).__name__
    location = Location(name)
    return ContentError(
        [Problem(location=location, code="translate-unreadable", args={"detail": detail})]
    )


def _rows(
    rows: Iterator[tuple[object, ...]], name: str, source_code: str, target_code: str
) -> Iterator[Returned | Problem]:
    heading = [str(cell).strip() if cell is not None else "" for cell in next(rows, ())]
    missing = [h for h in (ID, source_code, target_code) if h not in heading]
    if missing:
        location = Location(name, 1, 1)
        args = {"columns": ", ".join(missing)}
        raise ContentError([Problem(location=location, code="translate-columns", args=args)])
    at = {h: heading.index(h) for h in (ID, source_code, target_code)}
    for number, row in enumerate(rows, 2):
        cells = [("" if c is None else str(c)) for c in row]
        cells += [""] * (len(heading) - len(cells))
        unit_id, source, target = (cells[at[h]] for h in (ID, source_code, target_code))
        if not unit_id.strip() or not target.strip():
            continue
        file, hash_mark, path = unit_id.partition("#")
        if not hash_mark:
            location = Location(name, number, at[ID] + 1)
            yield Problem(location=location, code="translate-bad-id", args={"unit": unit_id})
            continue
        yield Returned(file, path, source, target, Location(name, number, at[target_code] + 1))
