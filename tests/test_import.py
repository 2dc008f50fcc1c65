"""The import command: every labelled case of the corpus scored, the reference report in its
three formats, exact refusals of hostile sources, a property test that import never crashes,
and import → fill in → check → build end to end."""

from __future__ import annotations

import base64
import io
import re
import shutil
import struct
import subprocess
import sys
import tempfile
import zipfile
from collections.abc import Callable
from pathlib import Path

import olefile
import pytest
import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from reportsite.convert import convert_source
from reportsite.editor.importing.lines import Notes
from reportsite.editor.importing.recognise import Imported, full_width, recognise
from reportsite.editor.importing.score import cases, unescape
from reportsite.editor.importing.sources import Read, SourceError, read
from reportsite.load import load_source
from reportsite.model import Report
from reportsite.problems import Severity, format_problem
from reportsite.validate import RULES

from .conftest import CONTENT, ROOT, SEED, TOO_LARGE, Golden, files_up_to, run_cli, zip_version
from .docx_fixture import with_chunks
from .import_cases import score_case, source_of
from .importing import import_to, imported, make_odt, refusal

FIXTURES = ROOT / "tests" / "fixtures" / "import"
CASES = list(cases(FIXTURES))
REFERENCE = (
    "reference-cms-text", "reference-docx", "reference-doc", "reference-rtf", "reference-pdf",
    "reference-html",
)  # fmt: skip


KNOWN_MISSES: dict[str, str] = {}
"""Cases the importer does not yet read in full, with what it misses."""


@pytest.mark.parametrize(
    "case",
    [
        pytest.param(
            case,
            id=case.name,
            marks=[pytest.mark.xfail(reason=KNOWN_MISSES[case.name], strict=True)]
            if case.name in KNOWN_MISSES
            else [],
        )
        for case in CASES
    ],
)
def test_case_scores(case: Path, tmp_path: Path) -> None:
    result = score_case(case, tmp_path)
    assert result.misses == []
    assert result.points == result.total > 0


def _reference_labels(report: dict[str, object]) -> dict[str, list[object]]:
    from reportsite.editor.importing.score import labels

    def zh(value: object) -> object:
        if isinstance(value, dict) and "zh" in value and len(value) <= 2 and "en" in value:
            return value["zh"]
        if isinstance(value, dict):
            return {k: zh(v) for k, v in value.items()}
        if isinstance(value, list):
            return [zh(v) for v in value]
        return value

    found = labels(zh(report))  # type: ignore[arg-type]
    return {"headings": found["headings"], "leads": found["leads"]}


@pytest.mark.parametrize("case", REFERENCE)
def test_reference_formats_give_the_example_structure(case: str, tmp_path: Path) -> None:

    path = source_of(FIXTURES / case, tmp_path)
    imported = recognise(
        read(path.read_bytes(), path.name), series="wayao-renda", year=2024, schema="x"
    )
    example = yaml.safe_load((CONTENT / "reports" / "wayao-renda" / "2024.yaml").read_text("utf-8"))
    assert _reference_labels(yaml.safe_load(imported.yaml)) == _reference_labels(example)


def _imported(case: Path, scratch: Path) -> tuple[Read, Imported]:
    path = source_of(case, scratch)
    source = read(path.read_bytes(), path.name)
    return source, recognise(source, series="wayao-renda", year=2024, schema="x")


_NUMBERING = re.compile(
    r"^(?:——|[一二三四五六七八九十]+[、．.]|[（(][一二三四五六七八九十\d]+[）)][、．.]?|\d+[.．、])"
)


def _pieces(text: str) -> list[str]:
    """The sentences of a source line, numbering and spaces out, split also where a lead or a
    heading may end: at a colon (产业发展提质增效：…) and at a space between words
    (一、2023年工作回顾　2023年，…)."""
    words = re.split(r"(?<=\S)[\u3000 ]+(?=\S)", text.strip())
    # Numbering opens a piece also inside a line whose breaks were lost.
    return [
        _NUMBERING.sub("", piece)
        for word in words
        for piece in re.split(r"[。！？；：]", re.sub(r"\s", "", word))
    ]


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_every_body_sentence_is_kept(case: Path, tmp_path: Path) -> None:
    """Below the title block, every sentence of the source is in the YAML verbatim, or was
    dropped as chrome and said so."""
    source, imported = _imported(case, tmp_path)
    # Read as the page shows it: ** in a template's placeholders is written \*\* in content.
    text = unescape(re.sub(r"\s", "", imported.yaml))
    dropped = re.sub(r"\s", "", " ".join(d.text for d in imported.notes.dropped))
    body_from = max(imported.front.lines.values(), default=0)
    missing = []
    for line in full_width(list(source.lines), Notes()):
        if line.number <= body_from or line.number in imported.block:
            continue
        for piece in _pieces(line.text):
            if len(piece) >= 6 and piece not in text and piece not in dropped:
                missing.append(piece)
    assert missing == []


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_import_is_valid_content_but_for_what_to_fill(case: Path, tmp_path: Path) -> None:
    """`check` finds nothing in an import but the fields the source did not give."""
    _, imported = _imported(case, tmp_path)
    # The proposed figures too, once the editor uncomments them.
    confirmed = re.sub(r"^(\s*)# (figures:|  - \{key)", r"\1\2", imported.yaml, flags=re.M)
    for text in (imported.yaml, confirmed):
        assert _content_problems(text) <= {"missing-value", "task-empty"}


def _content_problems(text: str) -> set[str]:
    """The codes of the errors `check` finds in a report file of this text."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "2024.yaml"
        path.write_text(text, encoding="utf-8")
        loaded = load_source(path)
        assert not isinstance(loaded, list), [format_problem(p) for p in loaded]
        _, problems, _ = convert_source(loaded, Report, RULES)
    return {p.code for p in problems if p.severity is Severity.ERROR}


GOLDEN_CASES = ("reference-docx", "town-gov-2023-docx", "county-renda-standing-2023-txt",
                "town-gov-2023-traditional", "not-report-disclosure-annual-txt")  # fmt: skip


@pytest.mark.parametrize("case", GOLDEN_CASES)
def test_golden_imports(case: str, tmp_path: Path, golden: Golden) -> None:
    _, imported = _imported(FIXTURES / case, tmp_path)
    golden.check(ROOT / "tests" / "golden" / "import" / f"{case}.yaml", imported.yaml)


def _zip(members: dict[str, str]) -> bytes:
    data = io.BytesIO()
    with zipfile.ZipFile(data, "w") as package:
        for name, text in members.items():
            package.writestr(name, text)
    return data.getvalue()


def _pictures_alone() -> bytes:
    """A Word file holding a picture (a PNG of one pixel) and no text."""
    import docx

    png = base64.b64decode(
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAAAAAA6fptVAAAACklEQVR4nGNgAAAAAgABSK+kcQAAAABJRU5ErkJggg=="
    )
    document = docx.Document()
    document.add_picture(io.BytesIO(png))
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _odt_of_pictures() -> bytes:
    """An OpenDocument text holding a picture in a paragraph, and no text."""
    return make_odt(
        "",
        "",
        '<text:p><draw:frame><draw:image xlink:href="Pictures/1.png"/></draw:frame></text:p>',
    )


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("empty.txt", b"", "错误 error: 来源文件是空的 / the source is empty"),
        (
            "fake.docx",
            b"not a zip at all",
            "这不是有效的 Word（.docx）文件 / this is not a valid Word (.docx) file",
        ),
        ("garbage.bin", bytes(range(256)) * 50, "来源不是可识别的文字"),
        (
            "old.doc",
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600,
            "Word（.doc）文件已损坏，无法读取",
        ),
        # An RTF file of groups within groups past any Word writes: each group is a state held.
        (
            "deep.rtf",
            b"{\\rtf1 " + b"{" * 5000 + b"}" * 5000 + b"}",
            "RTF 文件已损坏，无法读取（groups nested over 1000 deep） / the RTF file is damaged "
            "and cannot be read (groups nested over 1000 deep)\n"
            "    修改 fix: 用 Word 或 WPS 打开后另存为 .docx / "
            "open it in Word or WPS and save it as .docx",
        ),
        (
            "report.pdf",
            b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<</Type/Catalog/Pages 2 0 R>>\nendobj\n",
            "PDF 文件已损坏，无法读取（not in PDF's format） / the PDF file is damaged and cannot "
            "be read (not in PDF's format)",
        ),
        (
            "template.doc",
            b'<?xml version="1.0"?><!DOCTYPE w:wordDocument [<!ENTITY a "aaaaaaaaaa">]>'
            b'<w:wordDocument xmlns:w="http://schemas.microsoft.com/office/word/2003/wordml">'
            b"<w:body><w:p><w:r><w:t>&a;&a;&a;</w:t></w:r></w:p></w:body></w:wordDocument>",
            "Word XML 文件已损坏，无法读取（DOCTYPE） / "
            "the Word XML file is damaged and cannot be read (DOCTYPE)",
        ),
        (
            "report.odt",
            b"PK\x03\x04" + b"\0" * 200,
            "OpenDocument（.odt）文件已损坏，无法读取（File is not a zip file） / "
            "the OpenDocument (.odt) file is damaged and cannot be read (File is not a zip file)",
        ),
        # An OFD file (GB/T 33190) of no page: no text to read (an OFD of pages is read, as
        # test_import_ofd.py shows).
        (
            "report.ofd",
            _zip(
                {
                    "OFD.xml": '<ofd:OFD xmlns:ofd="http://www.ofdspec.org/2016" Version="1.0">'
                    "<ofd:DocBody><ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody>"
                    "</ofd:OFD>",
                    "Doc_0/Document.xml": '<ofd:Document xmlns:ofd="http://www.ofdspec.org/2016"/>',
                }
            ),
            "OFD 文件中没有文字（多为扫描件，只有页面图像） / the OFD file holds no text (a scan, "
            "most likely: pictures of its pages)",
        ),
        # A zip member of a version Python's zipfile does not read raised NotImplementedError.
        (
            "report.docx",
            zip_version(with_chunks(["各位代表："]), 226),
            "这不是有效的 Word（.docx）文件 / this is not a valid Word (.docx) file",
        ),
        # A scan's pages put into Word as pictures: told of as holding scripts or styles alone.
        (
            "scan.docx",
            _pictures_alone(),
            "Word 文件中没有文字（多为扫描件，只有页面图像） / the Word file holds no text (a "
            "scan, most likely: pictures of its pages)",
        ),
        # The same as Word 97–2003 and OpenDocument files (LibreOffice's .doc of it).
        (
            "scan.doc",
            (FIXTURES.parent / "scan.doc").read_bytes(),
            "Word 文件中没有文字（多为扫描件，只有页面图像） / the Word file holds no text (a "
            "scan, most likely: pictures of its pages)",
        ),
        (
            "scan.odt",
            _odt_of_pictures(),
            "OpenDocument 文件中没有文字（多为扫描件，只有页面图像） / the OpenDocument file "
            "holds no text (a scan, most likely: pictures of its pages)",
        ),
        # A part of another format in a .docx (w:altChunk) that cannot be read.
        (
            "export.docx",
            with_chunks(["导出", ("afchunk.bin", bytes(range(256)) * 50)]),
            "Word 文件中嵌入的 afchunk.bin 无法读取（the source is not readable text (a binary "
            "file, or a broken encoding)） / the afchunk.bin embedded in the Word file cannot be "
            "read (the source is not readable text (a binary file, or a broken encoding))\n"
            "    修改 fix: 用 Word 打开后另存为 .docx（Word 会把它转为正文） / "
            "open it in Word and save it as .docx (Word makes it part of the text)",
        ),
    ],
    ids=[
        "empty",
        "not a zip",
        "binary",
        "damaged .doc",
        "RTF nested too deep",
        "damaged PDF",
        "Word XML of a DTD",
        "damaged .odt",
        "OFD of no page",
        "a zip of an unknown version",
        "Word file of pictures",
        "Word 97 file of pictures",
        "OpenDocument text of pictures",
        "binary in a .docx",
    ],
)
def test_refusals_are_clear(tmp_path: Path, name: str, data: bytes, message: str) -> None:
    assert message in refusal(tmp_path, name, data)


def test_page_of_scripts_is_refused(tmp_path: Path) -> None:
    source = tmp_path / "page.html"
    script = "<script>while(true){document.write('各位代表：')}</script>"
    source.write_text(f"<html><head>{script * 2000}</head><body>{script * 2000}</body></html>")
    out = tmp_path / "o.yaml"
    result = run_cli(
        "import", source, "--series", "s", "--year", "2024", "--out", out, cwd=tmp_path
    )
    assert result.returncode == 1
    assert (
        "page.html: 错误 error: 来源中没有可导入的文字（只有脚本、样式或空白） / "
        "the source holds no text to import (only scripts, styles or blank space)"
    ) in result.stderr
    assert not out.exists()


def test_pasted_text_from_standard_input(tmp_path: Path) -> None:
    out = tmp_path / "2024.yaml"
    pasted = SEED.read_text(encoding="utf-8")
    result = subprocess.run(
        [sys.executable, str(ROOT / "build.py"), "import", "-", "--series", "wayao-renda",
         "--year", "2024", "--out", str(out)],
        input=pasted, capture_output=True, text=True, encoding="utf-8", cwd=tmp_path,
        timeout=120, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("已导入 <stdin> → 2024.yaml / imported <stdin> into 2024.yaml")
    assert "\n  <stdin>:2: 索引号 index_no (disclosure)\n" in result.stdout
    assert "\n  <stdin>:45: 任务 task: 强化使命担当，进一步提高政治站位\n" in result.stdout
    assert "半角标点改为全角 half-width punctuation made full-width: 248" in result.stdout
    report = yaml.safe_load(out.read_text(encoding="utf-8"))
    assert report["review"]["heading"] == "2024年工作回顾"
    assert [t["title"] for t in report["tasks"]["items"]][0] == "强化使命担当，进一步提高政治站位"


def test_text_without_breaks_is_split_at_full_stops(tmp_path: Path) -> None:
    text = ("各项工作稳步推进，" * 40 + "成效明显。") * 100
    imported = recognise(read(text.encode(), "a.txt"), series="s", year=2024, schema="x")
    paragraphs = yaml.safe_load(imported.yaml)["opening"]
    assert "".join(paragraphs) == text
    assert max(map(len, paragraphs)) <= 2000 and len(paragraphs) > 1
    assert imported.notes.warnings == [
        (1, "过长的段落已在句号处分段", "an overlong paragraph was split at full stops")
    ]


def test_markdown_links_keep_their_text_and_lose_their_address() -> None:
    text = '各位代表：[文字](http://a.cn/b "题") ![图](a.png) [a [b](u) [c](d(e)\n'
    source = read(text.encode(), "a.md")
    assert [line.text for line in source.lines] == ["各位代表：文字 图 [a b [c](d(e)"]


def test_a_line_of_brackets_that_never_close_is_read_in_one_pass(tmp_path: Path) -> None:
    # Each "[" was once searched to the end of its line for the end of a link: minutes here.
    line = "[" * 300_000 + "](" * 300_000
    source = tmp_path / "a.md"
    source.write_text(f"各位代表：\n{line}\n", encoding="utf-8")
    out = tmp_path / "o.yaml"
    result = run_cli(
        "import", source, "--series", "s", "--year", "2024", "--out", out, "-q", cwd=tmp_path
    )
    assert result.returncode == 0, result.stderr
    opening = yaml.safe_load(out.read_text(encoding="utf-8"))["opening"]
    assert "".join(opening).replace("\\", "") == line


@pytest.mark.parametrize(
    ("name", "member"), [("bomb.docx", "word/document.xml"), ("bomb.odt", "content.xml")]
)
def test_zip_bomb_is_refused(tmp_path: Path, name: str, member: str) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(member, b"<" + b"a" * 50_000_000)
    source = tmp_path / name
    source.write_bytes(buffer.getvalue())
    result = import_to(source, tmp_path)
    assert result.returncode == 1
    # An .odt was told of as a Word file.
    assert f"{name}: 错误 error: 文件解压后过大（{member}），拒绝读取 / " in result.stderr


def _docx_changed(
    case: str, out: Path, name: str, change: Callable[[bytes], bytes]
) -> tuple[Path, Path]:
    """The case's Word file, and a copy of it at `out` with the part `name` changed."""
    made = source_of(FIXTURES / case, out.parent)
    with zipfile.ZipFile(made) as whole, zipfile.ZipFile(out, "w") as copy:
        for part in whole.infolist():
            data = whole.read(part)
            copy.writestr(part, change(data) if part.filename == name else data)
    return made, out


def test_a_word_file_damaged_inside_is_refused(tmp_path: Path) -> None:
    """python-docx reads a part as it is asked for it, after the file opened: a style of a
    type it does not know (one of the damaged parts' errors) came out as a traceback."""
    _, odd = _docx_changed(
        "county-cppcc-2024-docx",
        tmp_path / "odd.docx",
        "word/styles.xml",
        lambda data: data.replace(b'w:type="table"', b'w:type="chart"'),
    )
    result = import_to(odd, tmp_path)
    assert (result.returncode, result.stdout) == (1, "")
    assert result.stderr == (
        "odd.docx: 错误 error: Word 文件已损坏，无法读取（ValueError） / "
        "the Word file is damaged and cannot be read (ValueError)\n"
        "    修改 fix: 用 Word 打开后另存为 .docx / open it in Word and save it as .docx\n"
        "未写入任何文件。 / nothing was written.\n"
    )
    assert not (tmp_path / "o.yaml").exists()


def test_a_word_file_aligned_in_the_words_of_iso_29500_is_read(tmp_path: Path) -> None:
    """LibreOffice saves "Office Open XML Text" with ISO 29500's alignments (start, end for
    left, right), on which python-docx raises: such a file was refused as damaged. Read as the
    same file aligned left and right."""

    def aligned(data: bytes) -> bytes:
        assert data.count(b'<w:jc w:val="left"/>') == 2
        data = data.replace(b'<w:jc w:val="left"/>', b'<w:jc w:val="start"/>', 1)
        return data.replace(b'<w:jc w:val="left"/>', b'<w:jc w:val="end"/>')

    made, iso = _docx_changed(
        "town-presidium-docx-softbreak", tmp_path / "iso.docx", "word/document.xml", aligned
    )
    _imported_alike(iso, made, tmp_path)


def test_a_strict_open_xml_word_file_is_read(tmp_path: Path) -> None:
    """Word's "Strict Open XML Document" (ISO/IEC 29500 Strict, which Word also saves in place
    of the ordinary .docx once a field is updated) writes a .docx's elements in other
    namespaces (http://purl.oclc.org/ooxml/…), and its relationships' types so too:
    python-docx found no document in it, and it was refused as damaged. Read as the same
    file in the ordinary namespaces: its lists, styles and all."""
    made = source_of(FIXTURES / "district-gov-2024-auto-numbered-docx", tmp_path)
    strict = tmp_path / "strict.docx"
    ordinary = re.compile(rb"http://schemas\.openxmlformats\.org/(\w+)/2006/(\w+)")
    with zipfile.ZipFile(made) as whole, zipfile.ZipFile(strict, "w") as copy:
        for part in whole.infolist():
            data = whole.read(part)
            if part.filename.endswith((".xml", ".rels")):
                data = ordinary.sub(rb"http://purl.oclc.org/ooxml/\1/\2", data)
            copy.writestr(part, data)
    with zipfile.ZipFile(strict) as package:
        assert b"purl.oclc.org/ooxml/officeDocument/relationships/officeDocument" in (
            package.read("_rels/.rels")
        )
    _imported_alike(strict, made, tmp_path)


def test_a_word_file_with_a_relationship_to_no_part_is_read(tmp_path: Path) -> None:
    """A relationship whose target the package does not hold — Target="NULL", as add-ins
    leave an image's, or an internal link's "#_top" not marked external — made python-docx
    raise ("There is no item named 'word/NULL' in the archive"), and the file was refused as
    damaged; Word opens it, the relationship taken as absent. Read as the file without them;
    a link to the outside, which no part holds either, is no such relationship."""
    kinds = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

    def dangling(data: bytes) -> bytes:
        added = (
            f'<Relationship Id="rId90" Type="{kinds}/image" Target="NULL"/>'
            f'<Relationship Id="rId91" Type="{kinds}/hyperlink" Target="#_top"/>'
            f'<Relationship Id="rId92" Type="{kinds}/hyperlink" Target="http://www.gov.cn/" '
            'TargetMode="External"/>'
        )
        return data.replace(b"</Relationships>", added.encode() + b"</Relationships>")

    made, broken = _docx_changed(
        "reference-docx", tmp_path / "broken.docx", "word/_rels/document.xml.rels", dangling
    )
    _imported_alike(broken, made, tmp_path)


def _imported_alike(source: Path, made: Path, folder: Path) -> None:
    """The import of source succeeds, and writes what the import of made writes."""
    result = import_to(source, folder)
    assert result.returncode == 0, result.stderr
    imported = (folder / "o.yaml").read_text(encoding="utf-8")
    (folder / "o.yaml").unlink()
    assert import_to(made, folder).returncode == 0
    assert imported == (folder / "o.yaml").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("suffix", "kind"),
    [
        (".dotx", b"openxmlformats-officedocument.wordprocessingml.template.main+xml"),
        (".docm", b"ms-word.document.macroEnabled.main+xml"),
        (".dotm", b"ms-word.template.macroEnabledTemplate.main+xml"),
    ],
)
def test_a_word_template_or_a_document_with_macros_is_read(
    tmp_path: Path, suffix: str, kind: bytes
) -> None:
    """A template (.dotx, .dotm) and a document with macros (.docm: a red-header template's
    macros make one) are .docx packages whose main part has another content type: python-docx
    refused them, and the import said the file was damaged."""
    document = b"openxmlformats-officedocument.wordprocessingml.document.main+xml"
    made, other = _docx_changed(
        "reference-docx",
        tmp_path / f"report{suffix}",
        "[Content_Types].xml",
        lambda data: data.replace(document, kind),
    )
    _imported_alike(other, made, tmp_path)


def _word97(change: Callable[[bytearray], None], tmp_path: Path) -> Path:
    """The reference report's .doc with its WordDocument stream changed in place."""
    doc = tmp_path / "changed.doc"
    shutil.copy(FIXTURES / "reference-doc" / "source.doc", doc)
    with olefile.OleFileIO(str(doc), write_mode=True) as package:
        stream = bytearray(package.openstream("WordDocument").read())
        change(stream)
        package.write_stream("WordDocument", bytes(stream))
    return doc


def _flags(stream: bytearray, set_: int) -> None:
    struct.pack_into("<H", stream, 0x0A, struct.unpack_from("<H", stream, 0x0A)[0] | set_)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            lambda stream: _flags(stream, 0x0100),
            "这个 Word 文件设有打开密码 / this Word file is protected by a password\n"
            "    修改 fix: 在 Word 或 WPS 中取消密码后另存为 .docx / "
            "remove the password in Word or WPS and save it as .docx\n",
        ),
        (
            lambda stream: struct.pack_into("<H", stream, 2, 0x0068),
            "这是 Word 95 或更早版本的文件 / this is a file of Word 95 or earlier\n"
            "    修改 fix: 用 Word 或 WPS 打开后另存为 .docx / "
            "open it in Word or WPS and save it as .docx\n",
        ),
        (
            lambda stream: struct.pack_into("<H", stream, 0, 0x1234),
            "这不是可以读取的 Word 文件（可能是 Excel、PowerPoint 或其他程序的文件） / "
            "this is no Word document that can be read (an Excel, PowerPoint or other file?)\n"
            "    修改 fix: 用制作它的程序打开后另存为 .docx / "
            "open it in the program that made it and save it as .docx\n",
        ),
        (
            # The piece table said to lie beyond the table stream.
            lambda stream: struct.pack_into("<I", stream, 0x01A2, 0x7FFFFFF0),
            "Word（.doc）文件已损坏，无法读取（piece table out of the file） / "
            "the Word (.doc) file is damaged and cannot be read (piece table out of the file)\n"
            "    修改 fix: 用 Word 或 WPS 打开后另存为 .docx / "
            "open it in Word or WPS and save it as .docx\n",
        ),
    ],
    ids=["password", "Word 95", "not Word", "piece table lost"],
)
def test_a_doc_file_that_cannot_be_read_is_told_of(
    change: Callable[[bytearray], None], message: str, tmp_path: Path
) -> None:
    result = import_to(_word97(change, tmp_path), tmp_path)
    assert (result.returncode, result.stdout) == (1, "")
    assert result.stderr == (
        f"changed.doc: 错误 error: {message}未写入任何文件。 / nothing was written.\n"
    )


def test_a_docx_with_a_password_is_told_of(tmp_path: Path) -> None:
    """A .docx with a password is a compound file holding the package encrypted
    (EncryptedPackage) and how (EncryptionInfo): it was told of as no Word file. Made here from
    the reference's .doc, its two streams renamed in the compound file's directory."""
    data = bytearray((FIXTURES / "reference-doc" / "source.doc").read_bytes())
    for old, new in (("WordDocument", "EncryptedPackage"), ("1Table", "EncryptionInfo")):
        at = data.index(f"{old}\0".encode("utf-16-le"))  # a directory entry's name, 64 bytes
        name = f"{new}\0".encode("utf-16-le")
        data[at : at + 64] = name.ljust(64, b"\0")
        struct.pack_into("<H", data, at + 64, len(name))
    source = tmp_path / "report.docx"
    source.write_bytes(bytes(data))
    result = import_to(source, tmp_path)
    assert (result.returncode, result.stdout) == (1, "")
    assert result.stderr == (
        "report.docx: 错误 error: 这个 Word 文件设有打开密码 / this Word file is protected by a "
        "password\n    修改 fix: 在 Word 或 WPS 中取消密码后另存为 .docx / remove the password "
        "in Word or WPS and save it as .docx\n未写入任何文件。 / nothing was written.\n"
    )


def test_a_doc_renamed_docx_is_read_as_a_doc(tmp_path: Path) -> None:
    """A .doc given the name .docx (by hand, or by a site's download) was refused as no
    Word file: told by its content, it is read."""
    renamed = tmp_path / "report.docx"
    shutil.copy(FIXTURES / "reference-doc" / "source.doc", renamed)
    result = import_to(renamed, tmp_path)
    assert result.returncode == 0, result.stderr
    assert "headline: 夯基固本强履职 砥砺奋进惠民生" in (tmp_path / "o.yaml").read_text("utf-8")


def _flat_opc(docx: Path) -> bytes:
    """A Word file as Word saves it as "Word XML Document" (Flat OPC): each part of the package
    a pkg:part, an XML part's element in pkg:xmlData, another's bytes in pkg:binaryData (base64),
    its content type beside it; [Content_Types].xml no part of its own."""
    from lxml import etree

    pkg = "http://schemas.microsoft.com/office/2006/xmlPackage"
    root = etree.Element(f"{{{pkg}}}package", nsmap={"pkg": pkg})
    with zipfile.ZipFile(docx) as package:
        types = etree.fromstring(package.read("[Content_Types].xml"))
        ct = "{http://schemas.openxmlformats.org/package/2006/content-types}"
        overrides = {e.get("PartName"): e.get("ContentType") for e in types.iter(f"{ct}Override")}
        defaults = {e.get("Extension"): e.get("ContentType") for e in types.iter(f"{ct}Default")}
        for member in package.namelist():
            if member == "[Content_Types].xml":
                continue
            name = f"/{member}"
            kind = overrides.get(name) or defaults[member.rpartition(".")[2]]
            assert kind is not None
            part = etree.SubElement(root, f"{{{pkg}}}part")
            part.set(f"{{{pkg}}}name", name)
            part.set(f"{{{pkg}}}contentType", kind)
            data = package.read(member)
            if member.endswith((".xml", ".rels")):
                etree.SubElement(part, f"{{{pkg}}}xmlData").append(etree.fromstring(data))
            else:
                binary = etree.SubElement(part, f"{{{pkg}}}binaryData")
                binary.text = base64.b64encode(data).decode("ascii")
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def test_a_word_xml_document_is_read_as_the_word_file_it_holds(tmp_path: Path) -> None:
    """Word's "Word XML Document" (Flat OPC) holds a .docx's parts in one XML file, and template
    systems write it and name it .doc: it was read as text, markup and all. Put back into a
    package, it is read as the .docx, bold, fonts and styles and all."""
    made = source_of(FIXTURES / "reference-docx", tmp_path)
    flat = tmp_path / "report.doc"
    flat.write_bytes(_flat_opc(made))
    assert import_to(flat, tmp_path).returncode == 0
    imported = (tmp_path / "o.yaml").read_text(encoding="utf-8")
    (tmp_path / "o.yaml").unlink()
    assert import_to(made, tmp_path).returncode == 0
    assert imported == (tmp_path / "o.yaml").read_text(encoding="utf-8")


def test_a_page_saved_as_doc_is_read_as_a_page(tmp_path: Path) -> None:
    """Sites and office systems save pages (and RTF) under the name .doc: told by its content,
    the page is read as a page. Every .doc was refused, whatever it held."""
    page = tmp_path / "report.doc"
    shutil.copy(FIXTURES / "reference-html" / "source.html", page)
    result = import_to(page, tmp_path)
    assert result.returncode == 0, result.stderr
    imported = (tmp_path / "o.yaml").read_text(encoding="utf-8")
    (tmp_path / "o.yaml").unlink()
    html = tmp_path / "report.html"
    page.rename(html)
    assert import_to(html, tmp_path).returncode == 0
    assert imported == (tmp_path / "o.yaml").read_text(encoding="utf-8")


def test_a_character_left_out_is_told_of_in_the_summary(tmp_path: Path) -> None:
    """A byte of a GBK page damaged in a download is left out of the import: the editor is
    told on which line, to look at it in the page."""
    whole = (FIXTURES / "county-cppcc-html-gbk" / "source.html").read_bytes()
    at = whole.index("各位委员".encode("gb18030")) + 4
    source = tmp_path / "page.html"
    source.write_bytes(whole[:at] + b"\xff" + whole[at:])
    result = import_to(source, tmp_path)
    assert result.returncode == 0, result.stderr
    line = whole[:at].count(b"\n") + 1
    assert (
        f"page.html:{line}: 警告 warning: 此行有无法识别的字符，已略去 / "
        "characters that cannot be read were left out\n"
    ) in result.stdout


ATTACHED = """<!DOCTYPE html>
<!-- saved from url=(0048)https://www.qingshan.gov.cn/xxgk/zfgzbg/t1.html -->
<html><head><meta charset="utf-8"><title>2024年青山县政府工作报告_青山县人民政府</title></head>
<body><div class="nav">首页 &gt; 政府信息公开 &gt; 政府工作报告</div>
<table class="xxgk"><tr><td>索引号：</td><td>11530923015283741P/2024-0012</td>
<td>发布机构：</td><td>青山县人民政府办公室</td></tr></table>
<h1>2024年青山县政府工作报告</h1>
<div class="content"><p>2024年青山县政府工作报告全文见附件。</p>
<p>附件：<a href="../P020240125536104729881.docx">2024年青山县政府工作报告.docx</a></p></div>
</body></html>"""


def test_a_page_whose_report_is_its_attachment_says_where_to_get_it(tmp_path: Path) -> None:
    """A site often publishes a report as a file the page links (附件), the page holding a line:
    the import wrote an empty report and dropped the link as page chrome, without a word."""
    source = tmp_path / "page.html"
    source.write_text(ATTACHED, encoding="utf-8")
    result = import_to(source, tmp_path)
    assert result.returncode == 0, result.stderr
    assert (
        "page.html:9: 警告 warning: 报告全文可能在附件 2024年青山县政府工作报告.docx"
        "（https://www.qingshan.gov.cn/xxgk/P020240125536104729881.docx）中：请下载该文件后导入 / "
        "the report's text may be in the attachment 2024年青山县政府工作报告.docx "
        "(https://www.qingshan.gov.cn/xxgk/P020240125536104729881.docx): download that file "
        "and import it\n"
    ) in result.stdout
    # A page that holds the report and links its Word file too: no word of it.
    page = (FIXTURES / "reference-html" / "source.html").read_text(encoding="utf-8")
    linked = page.replace("</body>", '<a href="/a.docx">全文下载</a></body>')
    source.write_text(linked, encoding="utf-8")
    (tmp_path / "o.yaml").unlink()
    result = import_to(source, tmp_path)
    assert result.returncode == 0, result.stderr
    assert "附件" not in result.stdout


def test_large_file_is_refused(tmp_path: Path) -> None:
    source = tmp_path / "big.txt"
    source.write_bytes(b"a" * (50 * 1024 * 1024))
    result = import_to(source, tmp_path)
    assert result.returncode == 1
    assert "来源文件过大（52428800 字节，上限 20971520 字节）" in result.stderr


def test_existing_output_needs_force(tmp_path: Path) -> None:
    out = tmp_path / "o.yaml"
    out.write_text("keep", encoding="utf-8")
    args = ("import", SEED, "--series", "s", "--year", "2024", "--out", out)
    result = run_cli(*args, cwd=tmp_path)
    assert result.returncode == 1 and out.read_text(encoding="utf-8") == "keep"
    assert "输出文件已存在，未覆盖 / the output file exists and was not replaced" in result.stderr
    assert run_cli(*args, "--force", cwd=tmp_path).returncode == 0
    assert out.stat().st_mode & 0o644 == 0o644  # an ordinary file, not a private temporary
    assert sorted(p.name for p in tmp_path.iterdir()) == ["o.yaml"]


def test_an_import_that_cannot_be_written_is_told_of_and_keeps_the_file(tmp_path: Path) -> None:
    out = tmp_path / "o.yaml"
    out.write_text("keep", encoding="utf-8")
    args = ("import", SEED, "--series", "s", "--year", "2024", "--out", out, "--force", "-q")
    result = run_cli(*args, cwd=tmp_path, preexec_fn=files_up_to(1000))
    assert (result.returncode, result.stdout) == (1, "")
    assert result.stderr == f"o.yaml: {TOO_LARGE}未写入任何文件。 / nothing was written.\n"
    assert out.read_text(encoding="utf-8") == "keep"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["o.yaml"]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.one_of(
        st.binary(max_size=3000),
        st.text(max_size=3000).map(lambda t: t.encode("utf-8")),
        st.lists(
            st.sampled_from(
                [
                    "<p>",
                    "</p>",
                    "<script>",
                    "一、",
                    "（一）",
                    "各位代表：",
                    "<b>",
                    "。",
                    "索引号",
                    "\n",
                    "x",
                ]
            ),
            max_size=200,
        ).map(lambda p: "".join(p).encode()),
    ),
    st.sampled_from(["a.txt", "a.html", "a.md", "a.docx"]),
)
# Once found at random: a bold line that is a number alone (一、) became a section titled 一、.
@example("ကက\u0800<p><b>一、".encode(), "a.txt")
# And: lines of one sentence opening alike (一、一、。) were taken for headings, titled 一、一、.
@example("一、一、。一、一、<。".encode(), "a.txt")
# And: a C1 control or a non-character was written as an escape, which check refuses.
@example("各位代表：\n一、加强\x9b学习\n全年组织学习6次，较上年增加2次\uffff。\n".encode(), "a.txt")
def test_import_never_crashes(data: bytes, name: str) -> None:
    try:
        imported = recognise(read(data, name), series="s", year=2024, schema="x")
    except SourceError:
        return
    assert _content_problems(imported.yaml) <= {"missing-value", "task-empty"}


@pytest.mark.parametrize(
    ("series", "wide", "hint"),
    [
        ("wayao-renda", False, "系列 series wayao-renda: 已在 site.yaml 中 / defined in site.yaml"),
        ("wayao-renda", True, "系列 series wayao-renda: 已在 site.yaml 中 / defined in site.yaml"),
        ("renda", True, "系列 renda 尚未在 content/site.yaml 中定义"),
    ],
)
def test_the_series_hint_reads_site_yaml_as_the_build_does(
    tmp_path: Path, series: str, wide: bool, hint: str
) -> None:
    """At four spaces' indent, a series site.yaml named was said not to be there yet."""
    content = tmp_path / "content"
    content.mkdir()
    site = (CONTENT / "site.yaml").read_text(encoding="utf-8")
    if wide:  # the series block at four spaces' indent, its keys at eight
        head, series_key, block = site.partition("\nseries:\n")
        block = re.sub(r"(?m)^( +)(?=wayao-renda:|name:|body:)", lambda m: m.group(1) * 2, block)
        site = head + series_key + block
    (content / "site.yaml").write_text(site, encoding="utf-8")
    out = tmp_path / "2024.yaml"
    result = run_cli(
        "import", SEED, "--series", series, "--year", "2024", "--out", out, cwd=tmp_path
    )
    assert result.returncode == 0, result.stderr
    assert hint in result.stdout


def test_a_page_s_invisible_characters_are_dropped_not_made_spaces() -> None:
    """A page's source often holds &#8203;: each became a space inside Chinese words (加强 学习),
    and the same character typed into a report is refused by check. Marks that reverse the
    order text is shown in are dropped too."""
    page = (
        "<html><body><h1>2024年工作报告</h1><p>各位代表：</p><p>一、加强&#8203;学习</p>"
        "<p>全年&#xFEFF;组织&#8203;学习&#x202E;6次&#x202C;。</p></body></html>"
    )
    result, data = imported(page, "page.html")
    (section,) = data["review"]["sections"]
    assert (section["title"], section["intro"]) == ("加强学习", ["全年组织学习6次。"])
    assert _content_problems(result.yaml) <= {"missing-value"}


def test_import_check_build_end_to_end(tmp_path: Path) -> None:
    import shutil

    content = Path(shutil.copytree(CONTENT, tmp_path / "content"))
    (content / "reports" / "wayao-renda" / "2024.yaml").unlink()
    out = content / "reports" / "wayao-renda" / "2024.yaml"
    docx = tmp_path / "report.docx"
    from tests.docx_fixture import build_docx

    build_docx(FIXTURES / "reference-docx" / "source.docx.yaml", docx)
    result = run_cli(
        "import",
        docx,
        "--series",
        "wayao-renda",
        "--year",
        "2024",
        "--out",
        out,
        "--content",
        content,
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    assert "原文缺少 lacking" in result.stdout
    checked = run_cli("check", "--content", content, cwd=tmp_path)
    assert checked.returncode == 1
    assert (
        "disclosure.index_no: 必填项“index_no”尚未填写 / "
        "the required field 'index_no' is not filled in yet" in checked.stderr
    )
    text = out.read_text(encoding="utf-8")
    fills = {
        "index_no": "01525771-4/20250829-00001",
        "issuer": "隆阳区瓦窑镇人民政府",
        "catalog": "人大建议办理结果",
        "published": "2025-08-29",
        "title": "2024年人大主席团工作报告",
    }
    for key, value in fills.items():
        text = re.sub(
            rf"^(\s*){key}: null  # .*$", rf"\g<1>{key}: {value}", text, count=1, flags=re.M
        )
    out.write_text(text, encoding="utf-8")
    assert run_cli("check", "--content", content, cwd=tmp_path).returncode == 0
    site = tmp_path / "site"
    built = run_cli("--content", content, "--out", site, "--no-search", cwd=tmp_path)
    assert built.returncode == 0, built.stderr
    page = (site / "zh" / "wayao-renda" / "2024" / "index.html").read_text(encoding="utf-8")
    plain = re.sub(r"<[^>]+>", "", page)
    source_text = SEED.read_text(encoding="utf-8").split("各位代表、同志们:", 1)[1]
    for sentence in re.findall(
        r"[^。！？\n]+[。！？]",
        source_text.replace(",", "，")
        .replace(":", "：")
        .replace(";", "；")
        .replace("(", "（")
        .replace(")", "）"),
    ):
        assert sentence.strip() in plain, sentence


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--series", "Wayao", "--year", "2024", "--out", "o.yaml"),
         "--series: 错误 error: 系列标识“Wayao”只能含小写字母、数字和单个连字符 / "
         "the series id 'Wayao' may contain only lower-case letters, digits and single hyphens"),
        (("--series", "s", "--year", "20244", "--out", "o.yaml"),
         "--year: 错误 error: 年度 20244 不在 1949–2100 之间 / "
         "the year 20244 is not between 1949 and 2100"),
        (("--series", "s", "--year", "2024", "--out", "."),
         ".: 错误 error: --out 是一个文件夹；请给出要写入的 YAML 文件 / "
         "--out is a folder; name the YAML file to write"),
    ],
)  # fmt: skip
def test_arguments_are_checked_first(tmp_path: Path, args: tuple[str, ...], message: str) -> None:
    result = run_cli("import", SEED, *args, cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr.splitlines()[0] == message
    assert list(tmp_path.iterdir()) == []
