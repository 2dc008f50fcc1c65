"""What the importer's unit tests share: text recognised as a report, located lines, .odt files."""

from __future__ import annotations

import io
import subprocess
import zipfile
from pathlib import Path
from typing import Any

import yaml

from reportsite.editor.importing.lines import Line
from reportsite.editor.importing.recognise import Imported, recognise
from reportsite.editor.importing.sources import read

from .conftest import run_cli

OPENING = "现在，我代表镇人民政府，向大会报告工作，请予审议，并请列席会议的同志提出意见。"


def imported(text: str, name: str = "source.txt") -> tuple[Imported, dict[str, Any]]:
    """The import of text (read as a file called name) and its YAML as data."""
    result = recognise(read(text.encode(), name), series="s", year=2024, schema="x")
    return result, yaml.safe_load(result.yaml)


def import_to(source: Path, folder: Path) -> subprocess.CompletedProcess[str]:
    """`import SOURCE` into folder/o.yaml, as series s, year 2024."""
    return run_cli(
        "import", source, "--series", "s", "--year", "2024", "--out", folder / "o.yaml", cwd=folder
    )


def refusal(folder: Path, name: str, data: bytes) -> str:
    """What the import command says as it refuses the file `name` holding `data`: it fails,
    with no traceback, and writes nothing."""
    source = folder / name
    source.write_bytes(data)
    result = import_to(source, folder)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "未写入任何文件。 / nothing was written." in result.stderr
    assert sorted(p.name for p in folder.iterdir()) == [name]
    return result.stderr


def lines(*texts: str, centred: bool = False) -> list[Line]:
    return [Line(text, number, centred=centred) for number, text in enumerate(texts, 1)]


ODF = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
    'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
    'xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" '
    'xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0" '
    'xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" '
    'xmlns:xlink="http://www.w3.org/1999/xlink" office:version="1.3"'
)


def make_odt(styles: str, automatic: str, body: str) -> bytes:
    """An .odt as LibreOffice writes one: its named styles and fonts in styles.xml, the
    paragraphs' and spans' own (automatic) styles in content.xml."""
    data = io.BytesIO()
    with zipfile.ZipFile(data, "w") as package:
        package.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        package.writestr(
            "styles.xml",
            f"<office:document-styles {ODF}><office:font-face-decls>"
            '<style:font-face style:name="F1" svg:font-family="黑体"/>'
            '<style:font-face style:name="F2" svg:font-family="&apos;楷体_GB2312&apos;"/>'
            '<style:font-face style:name="F3" svg:font-family="Wingdings 2"/>'
            f"</office:font-face-decls><office:styles>{styles}</office:styles>"
            "</office:document-styles>",
        )
        package.writestr(
            "content.xml",
            f"<office:document-content {ODF}><office:automatic-styles>{automatic}"
            f"</office:automatic-styles><office:body><office:text>{body}</office:text>"
            "</office:body></office:document-content>",
        )
    return data.getvalue()
