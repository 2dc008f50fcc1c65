"""The same units as a spreadsheet (.xlsx) a translation company can fill without a CAT tool:
a row a text; the id, the source and the target side by side, the notes, and whether the
target came from the translation memory. Columns are found by their heading on import, so a
translator may reorder or add columns."""

from __future__ import annotations

import datetime
import re
import warnings
import zipfile
from collections.abc import Iterable, Iterator
from typing import IO, TYPE_CHECKING, BinaryIO, Literal, cast

from openpyxl import Workbook, load_workbook
from openpyxl.cell import Cell, WriteOnlyCell
from openpyxl.styles import Alignment, Font
from openpyxl.utils.escape import unescape
from openpyxl.worksheet._read_only import ReadOnlyWorksheet
from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from openpyxl.writer.excel import ExcelWriter

from ...problems import ContentError, Location, Problem, Severity
from ..packages import bomb
from .units import Returned, Unit, term_note

if TYPE_CHECKING:  # the stubs' name for what a workbook's sheets are; openpyxl has none
    from openpyxl.workbook.workbook import _WorksheetLike

# What openpyxl warns of as it reads a workbook (no styles of its own, a part it leaves out)
# does not change the rows read, and the editor can do nothing about it: not printed.
warnings.filterwarnings("ignore", category=UserWarning, module=r"openpyxl\.")

ID, NOTES, MEMORY = "id", "notes", "memory"
WIDTHS = {"A": 34, "B": 60, "C": 60, "D": 40, "E": 24}
_FIXED_TIME = datetime.datetime(2000, 1, 1)
"""The workbook's time of making and of saving, whenever it is made."""
_PART_TIME = (1980, 1, 1, 0, 0, 0)
"""Each part's time in the package: the earliest a zip file can hold."""
_PART_MODE = 0o600 << 16
"""Each part's permissions in the package: zipfile's for a part written from bytes."""
_ESCAPE = re.compile(r"_x[0-9A-Fa-f]{4}_")
ERRORS = frozenset(
    "#BLOCKED! #BUSY! #CALC! #CONNECT! #DIV/0! #ERROR! #FIELD! #GETTING_DATA #N/A #NAME? #NULL! "
    "#NUM! #PYTHON! #REF! #SPILL! #UNKNOWN! #VALUE!".split()
)
"""What a cell holds whose formula failed, as Excel, WPS, LibreOffice and Google Sheets save it.
A translation that begins with =, + or - can be taken for a formula (a Markdown list item,
"- …"), and a formula that fails is saved as its error: #VALUE! was imported as a translation."""
ROWS = 1_048_576
"""The most rows a sheet holds in Excel, WPS and LibreOffice: the heading and a text a row
beyond it, and the rest of the texts go on the next sheet. (More on one sheet, and Excel
opens the file without them, and saves it so.)"""


def write(units: Iterable[Unit], source_code: str, target_code: str, out: BinaryIO) -> None:
    """The units as a workbook into out, row by row (openpyxl's ordinary workbook holds every
    cell, and 1,000 reports' texts took 630 MB), on as many sheets as they need (ROWS)."""
    book = Workbook(write_only=True)
    book.properties.created = book.properties.modified = _FIXED_TIME
    sheets = 1
    sheet, wrapped = _sheet(book, source_code, target_code, sheets)
    rows = 1
    for unit in units:
        if rows == ROWS:
            sheets += 1
            sheet, wrapped = _sheet(book, source_code, target_code, sheets)
            rows = 1
        notes = [unit.description] if unit.description else []
        notes += [term_note(term) for term in unit.terms]
        memory = f"翻译记忆 / translation memory: {unit.memory}" if unit.memory else None
        values = (unit.id, unit.source, unit.target, "\n".join(notes) or None, memory)
        _append(sheet, wrapped, values)
        rows += 1
    # Not book.save, which stamps the workbook with the clock: saved as it does, into a package
    # that stamps each part with one fixed time (_Package), the same units give the same bytes.
    ExcelWriter(book, _Package(out, "w", zipfile.ZIP_DEFLATED, allowZip64=True)).save()


def _sheet(
    book: Workbook, source_code: str, target_code: str, number: int
) -> tuple[WriteOnlyWorksheet, list[Cell]]:
    """The workbook's sheet of that number with its heading row, and the cells its rows are
    written with."""
    title = f"{source_code}-{target_code}" + (f" {number}" if number > 1 else "")
    sheet = book.create_sheet(title)
    # What comes before the rows in the sheet's file: set before the first row is written.
    for column, width in WIDTHS.items():
        sheet.column_dimensions[column].width = width
    sheet.freeze_panes = "B2"
    headings = [_cell(sheet, font=Font(bold=True)) for _ in WIDTHS]
    _append(sheet, headings, (ID, source_code, target_code, NOTES, MEMORY))
    wrapped = [_cell(sheet, alignment=Alignment(wrap_text=True, vertical="top")) for _ in WIDTHS]
    return sheet, wrapped


def _cell(
    sheet: WriteOnlyWorksheet, *, font: Font | None = None, alignment: Alignment | None = None
) -> Cell:
    cell = WriteOnlyCell(sheet)
    if font is not None:
        cell.font = font
    if alignment is not None:
        cell.alignment = alignment
    return cell


def _append(sheet: WriteOnlyWorksheet, cells: list[Cell], values: Iterable[str | None]) -> None:
    """A row of the values, in cells styled once for every row: the sheet writes a row as it
    is appended, and a cell made and styled for each value took a sixth of an export."""
    for cell, value in zip(cells, values, strict=True):
        # Text that looks like an escape of OOXML's (_x0041_) is escaped itself (_x005F_
        # stands for the underscore): as it is, a spreadsheet program would show the character
        # it stands for, and the import (_text) would read it so.
        if value is not None and "_x" in value:
            value = _ESCAPE.sub(r"_x005F\g<0>", value)
        cell.value = value
        # Text that starts with = is text here, never a formula.
        if cell.data_type == "f":
            cell.data_type = "s"
    sheet.append(cells)


class _Package(zipfile.ZipFile):
    """A package whose parts carry one fixed time, not the clock's (zipfile stamps a part given
    by name with it, and one copied from a file, as openpyxl's sheet is, with the file's time
    and permissions). The workbook was once saved with the clock's times, then copied part by
    part with fixed ones: unpacked and packed again, and an export of 1,000 reports took 14.7 s
    instead of 11.7."""

    def open(
        self,
        name: str | zipfile.ZipInfo,
        mode: Literal["r", "w"] = "r",
        pwd: bytes | None = None,
        *,
        force_zip64: bool = False,
    ) -> IO[bytes]:
        # Every part is written through here, by writestr and by write alike.
        if mode == "w" and isinstance(name, zipfile.ZipInfo):
            name.date_time = _PART_TIME
            name.external_attr = _PART_MODE
        return super().open(name, mode, pwd, force_zip64=force_zip64)


def read(
    source: BinaryIO, name: str, source_code: str, target_code: str
) -> Iterator[Returned | Problem]:
    """The rows that carry a translation, each as it is read, and the problems of rows;
    ContentError for a workbook refused whole. Read from the file as openpyxl unpacks it, not
    held whole (10,000 reports' texts make a workbook of 220 MB)."""
    try:
        with zipfile.ZipFile(source) as package:
            members = package.infolist()
    except Exception:  # no package, or none zipfile reads (NotImplementedError for a version)
        members = []  # openpyxl says so below
    found = bomb(members)
    if found is not None:
        # openpyxl reads the shared strings whole: 0.7 MB of them took 660 MB and 32 s.
        location = Location(name)
        raise ContentError(
            [Problem(location=location, code="translate-zip-bomb", args={"name": found})]
        )
    try:
        book = load_workbook(source, read_only=True, data_only=True)
    except Exception as error:  # a damaged workbook, whatever openpyxl raised (_parsed)
        raise _unreadable(name, error) from None
    try:
        yield from _sheets(book, name, (ID, source_code, target_code))
    finally:
        book.close()


def _sheets(
    book: Workbook, name: str, columns: tuple[str, str, str]
) -> Iterator[Returned | Problem]:
    """The rows of every sheet of the export (one of more than ROWS texts has several), known
    by the id column of its heading row. Another sheet (the translator's notes, a glossary of
    zh and en) is not read, and said so unless it is blank; a sheet with the id column but not
    the others is the export's with its heading spoilt, and refused; so is a workbook with no
    sheet of the export, for what its first sheet lacks."""
    many = len(book.worksheets) > 1
    first: tuple[str, list[str]] = (name, list(columns))
    ours = False
    others: list[str] = []
    for number, sheet in enumerate(book.worksheets):
        where = f"{name}[{sheet.title}]" if many else name
        rows = _parsed(sheet, where)
        heading = [_text(cell).strip() for cell in next(rows, ())]
        missing = [column for column in columns if column not in heading]
        if not number:
            first = (where, missing)
        if ID not in heading:
            if any(heading) or any(_text(cell).strip() for row in rows for cell in row):
                others.append(where)
            continue
        if missing:
            raise _lacking(where, missing)
        ours = True
        id_at, source_at, target_at = (heading.index(column) for column in columns)
        yield from _rows(rows, where, id_at, source_at, target_at)
    if not ours:
        raise _lacking(*first)
    for where in others:
        yield Problem(
            location=Location(where),
            code="translate-sheet-unread",
            args={"column": ID},
            severity=Severity.WARNING,
        )


def _text(cell: object) -> str:
    """A cell's value as text. Excel saves a carriage return as _x000D_ (OOXML's escape of a
    character), which openpyxl leaves as it is: a translation pasted with Windows' line ends
    was imported with "_x000D_" at the end of each line."""
    text = "" if cell is None else str(cell)
    # Looked for first: openpyxl's unescape compiles its pattern at every call.
    return unescape(text) if "_x" in text else text


def _lacking(where: str, missing: list[str]) -> ContentError:
    args = {"columns": ", ".join(missing)}
    return ContentError([Problem(location=Location(where), code="translate-columns", args=args)])


def _parsed(sheet: _WorksheetLike, where: str) -> Iterator[tuple[object, ...]]:
    """The sheet's rows as openpyxl parses them, one at a time; ContentError for a sheet it
    cannot read. Whatever openpyxl raises on the way is taken to mean that: the parts of a
    workbook cut short or garbled made it raise, as it opened them or read the rows, lxml's
    XMLSyntaxError, TypeError, IndexError and AttributeError as well as the errors of zip
    files and XML, and each came out as a traceback."""
    # The size a sheet says it has is not trusted: read only as far as a stale one said, 8 rows
    # of 10 were taken without a word, and a size of one column refused the workbook for want
    # of its target column. (A read-only workbook's sheets are ReadOnlyWorksheets.)
    cast(ReadOnlyWorksheet, sheet).reset_dimensions()
    rows = sheet.iter_rows(values_only=True)
    while True:
        try:
            row = next(rows, None)
        except Exception as error:  # the sheet is parsed as its rows are read
            raise _unreadable(where, error) from None
        if row is None:
            return
        yield row


def _unreadable(name: str, error: Exception) -> ContentError:
    detail = str(error) or type(error).__name__
    location = Location(name)
    return ContentError(
        [Problem(location=location, code="translate-unreadable", args={"detail": detail})]
    )


def _rows(
    rows: Iterator[tuple[object, ...]], where: str, id_at: int, source_at: int, target_at: int
) -> Iterator[Returned | Problem]:
    """The rows below the heading: a Returned for each that carries a translation, a Problem
    for each that cannot be one."""
    for number, row in enumerate(rows, 2):
        width = len(row)  # as far as the sheet gives its cells, not always to the heading's end
        unit_id = _text(row[id_at]) if id_at < width else ""
        target = _text(row[target_at]) if target_at < width else ""
        if not unit_id.strip() or not target.strip():
            continue
        source = _text(row[source_at]) if source_at < width else ""
        file, hash_mark, path = unit_id.partition("#")
        if not hash_mark:
            location = Location(where, number, id_at + 1)
            yield Problem(location=location, code="translate-bad-id", args={"unit": unit_id})
            continue
        location = Location(where, number, target_at + 1)
        if target.strip() in ERRORS:
            args = {"unit": unit_id, "error": target.strip()}
            yield Problem(location=location, code="translate-formula-error", args=args)
            continue
        yield Returned(file, path, source, target, location)
