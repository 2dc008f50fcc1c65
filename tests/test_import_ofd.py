"""OFD files (GB/T 33190), as government bodies publish documents: read as a PDF of the same
pages is."""

from __future__ import annotations

from pathlib import Path

import pytest

from reportsite.editor.importing.sources import read

from .importing import refusal
from .ofd_fixture import make_ofd
from .pdf_fixture import Rule, Text, make_pdf
from .test_import_pdf import (
    BOOKMARKED,
    BOOKMARKS,
    LEFT,
    OPEN_TABLE,
    OPEN_TABLE_OF_ONE_ROW,
    PAGES,
    RIGHT,
)


def test_an_ofd_file_is_read_as_the_pdf_of_its_pages() -> None:
    """The same pages as an OFD writes them — millimetres from the top, characters set from
    a text object's box by their advances, bold by stroking, a turned text through its CTM,
    a template's text on every page — give the same lines as their PDF: paragraphs over a
    page's end, headings by font, bold leads, a table's cells, a page's number and a repeated
    header left out. It was refused."""
    source = read(make_ofd(PAGES), "report.ofd")
    assert (source.format, source.word) == ("ofd", True)
    assert source.lines == read(make_pdf(PAGES), "report.pdf").lines
    assert "模板中" not in "".join(line.text for line in source.lines)


@pytest.mark.parametrize("form", ["characters", "points"])
def test_an_ofd_converted_from_a_pdf_is_read_as_the_pdf(form: str) -> None:
    """The same pages as converters from PDF write them: each character a text object of its
    own scaled by its CTM, or runs set in points through a CTM that turns them into
    millimetres and takes their box's corner off."""
    assert read(make_ofd(PAGES, form=form), "report.ofd").lines == (
        read(make_pdf(PAGES), "report.pdf").lines
    )


def test_an_ofd_table_ruled_across_only_is_read_as_the_pdf_s() -> None:
    pages = [OPEN_TABLE, OPEN_TABLE_OF_ONE_ROW]
    lines = read(make_ofd(pages), "report.ofd").lines
    assert lines == read(make_pdf(pages), "report.pdf").lines
    assert "指标名称" in [line.text for line in lines]


def test_an_ofd_s_outline_marks_its_headings_as_a_pdf_s_bookmarks_do() -> None:
    """An OFD's outline (OutlineElem, nested, each going to a page by its ID) names its
    headings as a PDF's bookmarks do: the same pages read alike."""
    assert read(make_ofd(BOOKMARKED, outline=BOOKMARKS), "report.ofd").lines == (
        read(make_pdf(BOOKMARKED, outline=BOOKMARKS), "report.pdf").lines
    )


def test_an_ofd_table_drawn_as_stroked_rectangles_is_read_cell_by_cell() -> None:
    """A table whose cells are stroked rectangles (a path's four sides), not thin boxes; and a
    frame round the whole page, which is no table's."""
    cells = [
        Rule(LEFT, 640, LEFT + 100, 690),
        Rule(LEFT + 100, 640, RIGHT, 690),
        Rule(LEFT, 610, LEFT + 100, 640),
        Rule(LEFT + 100, 610, RIGHT, 640),
    ]
    texts: list[Text | Rule] = [item for item in PAGES[1] if isinstance(item, Text)]
    pages = [PAGES[0], texts]
    frame = Rule(5, 5, 590, 837)
    assert read(make_ofd(pages, {0: [frame], 1: [*cells, frame]}), "report.ofd").lines == (
        read(make_pdf(PAGES), "report.pdf").lines
    )


def test_characters_an_ofd_sets_below_one_another_are_lines_apart() -> None:
    """A TextCode's characters each after the one before by DeltaX and DeltaY: here the last
    two a line below the first five."""
    ns = 'xmlns:ofd="http://www.ofdspec.org/2016"'
    page = (
        f'<ofd:Page {ns}><ofd:Content><ofd:Layer ID="1"><ofd:TextObject ID="2" Font="1" '
        'Boundary="30 40 150 30" Size="5.6444"><ofd:TextCode X="0" Y="5.6444" '
        'DeltaX="g 4 5.6444 -22.5776 5.6444" DeltaY="g 4 0 10 0">各位代表：现在</ofd:TextCode>'
        "</ofd:TextObject></ofd:Layer></ofd:Content></ofd:Page>"
    )
    data = _replaced(
        make_ofd([[Text(90, 700, "各位代表：")]]), "Doc_0/Pages/Page_0/Content.xml", page
    )
    assert [line.text for line in read(data, "report.ofd").lines] == ["各位代表：", "现在"]


def _replaced(data: bytes, name: str, content: str | None) -> bytes:
    """The package with its member `name` replaced by `content`, or left out (None)."""
    import io
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as package:
        for member in source.infolist():
            if member.filename != name:
                package.writestr(member, source.read(member))
            elif content is not None:
                package.writestr(member, content)
    return out.getvalue()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            make_ofd([[Rule(100, 100, 500, 700)]]),
            "OFD 文件中没有文字（多为扫描件，只有页面图像） / the OFD file holds no text (a scan, "
            "most likely: pictures of its pages)",
        ),
        (
            _replaced(make_ofd(PAGES), "Doc_0/Document.xml", None),
            "OFD 文件已损坏，无法读取（no Doc_0/Document.xml） / the OFD file is damaged and "
            "cannot be read (no Doc_0/Document.xml)",
        ),
        (
            make_ofd([[]] * 1_001),
            "OFD 文件有 1001 页，超过 1000 页 / the OFD file has 1001 pages, more than 1000",
        ),
    ],
    ids=["scanned", "damaged", "too many pages"],
)
def test_an_ofd_file_that_cannot_be_read_is_told_of(
    tmp_path: Path, data: bytes, message: str
) -> None:
    assert message in refusal(tmp_path, "report.ofd", data)
