"""The translation round trip through the command line: export, fill as a CAT tool does
(units edited in place), import; the report file keeps its comments and layout."""

from __future__ import annotations

import gc
import io
import os
import pickle
import re
import signal
import stat
import time
import tracemalloc
import xml.etree.ElementTree as ET
import zipfile
import zlib
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook

from reportsite import load as loading
from reportsite import pipeline, progress, validate, workers
from reportsite.cli import main
from reportsite.editor.translate import (
    accepting,
    exchange,
    inplace,
    spreadsheet,
    units,
    writeback,
    xliff,
)
from reportsite.model import walk_texts
from reportsite.problems import ContentError, Location, Problem
from reportsite.validate import PLACEHOLDER, load_corpus

from .conftest import (
    CONTENT,
    REPORT_YAML,
    ROOT,
    TOO_LARGE,
    Golden,
    MakeContent,
    Stages,
    files_up_to,
    run_cli,
    zip_version,
)

NS = "urn:oasis:names:tc:xliff:document:2.0"
SPREADSHEET_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
X = f"{{{NS}}}"
GOLDEN = ROOT / "tests" / "golden" / "translate"
REPORT = Path("content/reports/wayao-renda/2024.yaml")
NMTOKEN = re.compile(r"[\w.\-:]+")
STATES = {"initial", "translated", "reviewed", "final"}

SALUTATION = 'salutation: {zh: 各位代表、同志们：, en: "Fellow Deputies and comrades,"}'
HEADLINE_EN = (
    "  en: Consolidating Foundations to Perform Our Duties Better, Forging Ahead to Improve the "
    "People's Wellbeing\n"
)
MEETING = (
    "meeting: {zh: 镇五届人大五次会议, en: Fifth Session of the Fifth People's Congress of "
    "Wayao Town}"
)
OPENING_EN = (
    "    en: On behalf of the Presidium of the Fifth People's Congress of Wayao Town, I now "
    "present this report on its work for your deliberation.\n"
)
COMMENT = "# 以下为工作回顾。 The review follows.\n"


def make_pending(content: Path) -> str:
    """Four texts of the example made pending in the ways an editor writes them (a plain
    string with a comment, a flow mapping without en, block mappings without en), plus a
    comment line; returns the original text."""
    file = content / "reports" / "wayao-renda" / "2024.yaml"
    original = file.read_text(encoding="utf-8")
    pending = (
        original.replace(SALUTATION, "salutation: 各位代表、同志们：  # 称呼照旧")
        .replace(HEADLINE_EN, "")
        .replace(MEETING, "meeting: {zh: 镇五届人大五次会议}")
        .replace(OPENING_EN, "")
        .replace("review:\n", COMMENT + "review:\n")
    )
    assert all(part in original for part in (SALUTATION, HEADLINE_EN, MEETING, OPENING_EN))
    file.write_text(pending, encoding="utf-8")
    return original


def translated(original: str) -> str:
    """The example after the round trip: as it was, but for the comment line added and the
    salutation that an editor wrote as a plain string, now a bilingual pair on one line, its
    comment after it as the editor spaced it (ruamel's round trip left one space)."""
    return original.replace(
        SALUTATION,
        "salutation: {zh: 各位代表、同志们：, en: 'Fellow Deputies and comrades,'}  # 称呼照旧",
    ).replace("review:\n", COMMENT + "review:\n")


def english_of_the_example() -> dict[str, str]:
    (report,) = load_corpus(CONTENT)[0].reports
    return {path: text.en for path, text in walk_texts(report) if text.en is not None}


def export_translated(tmp_path: Path, changes: dict[str, str] | None = None) -> Path:
    """The pending texts exported and translated with the example's English (or `changes`)."""
    out = tmp_path / "2024.xlf"
    assert run_cli("translate", "export", "--out", out, "-q", cwd=tmp_path).returncode == 0
    english = english_of_the_example()
    fill_xliff(out, lambda path, _: (changes or {}).get(path, english[path]))
    return out


def fill_xliff(file: Path, translate: Callable[[str, str], str | None]) -> None:
    """What a CAT tool does: a <target> written into each unit in place, state translated."""
    ET.register_namespace("", NS)
    tree = ET.parse(file)
    for unit in tree.getroot().iter(f"{X}unit"):
        segment = unit.find(f"{X}segment")
        assert segment is not None
        source = segment.find(f"{X}source")
        assert source is not None and source.text is not None
        translated = translate(unit.get("name", ""), source.text)
        if translated is None:
            continue
        target = segment.find(f"{X}target")
        if target is None:
            target = ET.SubElement(segment, f"{X}target")
        target.text = translated
        segment.set("state", "translated")
        segment.attrib.pop("subState", None)
    tree.write(file, encoding="UTF-8", xml_declaration=True)


def assert_xliff_core(data: bytes) -> ET.Element:
    """The constraints of the XLIFF 2.0 core schema and specification that apply here."""
    root = ET.fromstring(data)
    assert root.tag == f"{X}xliff"
    assert root.get("version") == "2.0"
    assert root.get("srcLang") == "zh-CN" and root.get("trgLang") == "en"
    files = list(root)
    assert files and all(f.tag == f"{X}file" for f in files)
    assert len({f.get("id") for f in files}) == len(files)
    for file in files:
        assert NMTOKEN.fullmatch(file.get("id", ""))
        units = list(file)
        assert units and all(u.tag == f"{X}unit" for u in units)
        assert len({u.get("id") for u in units}) == len(units)
        for unit in units:
            assert NMTOKEN.fullmatch(unit.get("id", ""))
            children = [c.tag for c in unit]
            # notes? then one or more segments, in that order
            assert children[-1] == f"{X}segment"
            assert children.count(f"{X}notes") <= 1
            if children[0] == f"{X}notes":
                notes = unit[0]
                assert len(notes) and all(n.tag == f"{X}note" for n in notes)
            for segment in unit.iter(f"{X}segment"):
                assert [c.tag for c in segment] in ([f"{X}source"], [f"{X}source", f"{X}target"])
                state = segment.get("state", "initial")
                assert state in STATES
                assert state == "initial" or segment.find(f"{X}target") is not None
                sub = segment.get("subState")
                assert sub is None or re.fullmatch(r"[^\s:]+:[^\s:]+", sub)
    return root


def test_golden_xliff_of_the_example(tmp_path: Path, golden: Golden) -> None:
    out = tmp_path / "example.xlf"
    result = run_cli(
        "translate", "export", "--all", "--out", out, "--content", CONTENT, cwd=tmp_path
    )
    assert result.returncode == 0, result.stderr
    data = out.read_bytes()
    golden.check(GOLDEN / "example-all.xlf", data)
    root = assert_xliff_core(data)
    units = list(root.iter(f"{X}unit"))
    assert len(units) == 87
    assert {s.get("state") for s in root.iter(f"{X}segment")} == {"translated"}
    again = run_cli(
        "translate", "export", "--all", "--out", out, "--content", CONTENT, cwd=tmp_path
    )
    assert again.returncode == 0 and out.read_bytes() == data

    pending = run_cli(
        "translate", "export", "--out", tmp_path / "none.xlf", "--content", CONTENT, cwd=tmp_path
    )
    assert pending.returncode == 0
    assert "没有待译文字" in pending.stdout and "nothing to translate" in pending.stdout
    assert not (tmp_path / "none.xlf").exists()


def test_xliff_is_written_a_report_at_a_time() -> None:
    """The whole tree of 1,000 reports' texts was once built before a byte was written:
    440 MB beside the 82 MB it came to."""
    out = io.BytesIO()

    def files() -> Iterator[bytes]:
        for name in ("a", "b"):
            if name == "b":  # the next report begun, the last one is written
                written = out.getvalue().decode()
                assert written.count("<unit ") == 3 and written.endswith("  </file>\n")
            yield xliff.file_xml(
                f"reports/{name}/2024.yaml",
                [
                    units.Unit(
                        f"reports/{name}/2024.yaml", f"opening[{n}]", f"段{n}", None, None, (), ""
                    )
                    for n in range(3)
                ],
            )

    xliff.write_files(files(), "zh-CN", "en", out)
    root = assert_xliff_core(out.getvalue())
    assert [file.get("original") for file in root.iter(f"{X}file")] == [
        "reports/a/2024.yaml",
        "reports/b/2024.yaml",
    ]
    assert [unit.get("name") for unit in root.iter(f"{X}unit")] == [
        "opening[0]",
        "opening[1]",
        "opening[2]",
    ] * 2


def test_round_trip_keeps_comments_order_and_layout(example_content: Path, tmp_path: Path) -> None:
    original = make_pending(example_content)
    out = tmp_path / "out" / "2024.xlf"
    result = run_cli(
        "translate",
        "export",
        "--series",
        "wayao-renda",
        "--year",
        "2024",
        "--out",
        out,
        "-q",
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert result.stdout == (
        "已导出 4 条到 out/2024.xlf，其中 0 条取自翻译记忆。 / exported 4 text(s) to out/2024.xlf, "
        "0 pre-filled from the translation memory.\n"
    )
    root = assert_xliff_core(out.read_bytes())
    (file,) = root
    assert file.get("original") == "reports/wayao-renda/2024.yaml"
    assert [u.get("name") for u in file] == ["meeting", "headline", "salutation", "opening[0]"]
    opening = file[3]
    assert [n.text for n in opening.iter(f"{X}note") if n.get("category") == "glossary"] == [
        "主席团 → Presidium",
        "人民代表大会 → people's congress",
    ]
    english = english_of_the_example()
    fill_xliff(out, lambda path, _: english[path])

    imported = run_cli("translate", "import", out, "-q", cwd=tmp_path)
    assert imported.returncode == 0, imported.stderr
    assert imported.stderr == ""
    assert imported.stdout == (
        "wayao-renda/2024: 译文 83/87 → 87/87 条 / translated 83 → 87 of 87 texts (95% → 100%)\n"
        "已导入 4 条译文，0 条未导入。 / imported 4 translation(s), refused 0.\n"
    )
    expected = translated(original)
    assert (example_content / "reports" / "wayao-renda" / "2024.yaml").read_text(
        encoding="utf-8"
    ) == expected

    check = run_cli("check", cwd=tmp_path)
    assert check.returncode == 0 and check.stderr == ""
    assert "translated 87 of 87 texts (100%)" in check.stdout


@pytest.mark.parametrize("mode", [0o644, 0o640], ids=["0644", "0640"])
def test_a_report_written_back_keeps_its_mode(
    example_content: Path, tmp_path: Path, mode: int
) -> None:
    """Written through a temporary file, whose own mode is private (0600): a report written
    back once became unreadable to all but its owner."""
    original = make_pending(example_content)
    report = example_content / "reports" / "wayao-renda" / "2024.yaml"
    report.chmod(mode)
    out = tmp_path / "2024.xlf"
    assert run_cli("translate", "export", "--out", out, "-q", cwd=tmp_path).returncode == 0
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE(out.stat().st_mode) == 0o666 & ~umask  # a new file: as open makes it
    english = english_of_the_example()
    fill_xliff(out, lambda path, _: english[path])
    imported = run_cli("translate", "import", out, "-q", cwd=tmp_path)
    assert imported.returncode == 0, imported.stderr
    assert report.read_text(encoding="utf-8") == translated(original)
    assert stat.S_IMODE(report.stat().st_mode) == mode


@pytest.mark.parametrize("which", [(), ("--all",)], ids=["pending", "all"])
def test_an_export_that_cannot_be_written_is_told_of_and_keeps_the_last(
    example_content: Path, tmp_path: Path, which: tuple[str, ...]
) -> None:
    """Once a traceback, and the last export cut short. The units of all the texts wait
    beside it (spool.py) in more than the file may hold: that is told of the same way."""
    make_pending(example_content)
    out = tmp_path / "2024.xlf"
    out.write_text("the last export", encoding="utf-8")
    result = run_cli(
        "translate",
        "export",
        *which,
        "--out",
        out.name,
        "-q",
        cwd=tmp_path,
        preexec_fn=files_up_to(1000),
    )
    assert (result.returncode, result.stdout) == (1, "")
    assert result.stderr == (
        f"2024.xlf: {TOO_LARGE}"
        "共 1 个错误、0 个警告，涉及 1 个文件。 / 1 error(s), 0 warning(s) in 1 file(s).\n"
    )
    assert out.read_text(encoding="utf-8") == "the last export"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["2024.xlf", "content"]


def test_a_report_that_cannot_be_written_back_is_told_of_and_kept(
    example_content: Path, tmp_path: Path
) -> None:
    """Once a traceback."""
    make_pending(example_content)
    report = example_content / "reports" / "wayao-renda" / "2024.yaml"
    before = report.read_bytes()
    out = tmp_path / "2024.xlf"
    assert run_cli("translate", "export", "--out", out, "-q", cwd=tmp_path).returncode == 0
    english = english_of_the_example()
    fill_xliff(out, lambda path, _: english[path])
    full = run_cli("translate", "import", out, "-q", cwd=tmp_path, preexec_fn=files_up_to(1000))
    assert full.returncode == 1
    assert full.stderr.startswith(f"content/reports/wayao-renda/2024.yaml: {TOO_LARGE}")
    assert full.stdout == (
        "wayao-renda/2024: 译文 83/87 → 83/87 条 / translated 83 → 83 of 87 texts (95% → 95%)\n"
        "已导入 0 条译文，4 条未导入。 / imported 0 translation(s), refused 4.\n"
    )
    assert report.read_bytes() == before
    assert sorted(p.name for p in report.parent.iterdir()) == ["2024.yaml"]


def test_translations_that_cannot_wait_on_disk_are_told_of(
    example_content: Path, tmp_path: Path
) -> None:
    """The units wait in a file beside the reports (spool.py): one that cannot be written
    stops the import before any report is written, and says why."""
    make_pending(example_content)
    before = {file: file.read_bytes() for file in example_content.rglob("*.yaml")}
    out = tmp_path / "all.xlf"
    assert run_cli("translate", "export", "--all", "--out", out, "-q", cwd=tmp_path).returncode == 0
    full = run_cli("translate", "import", out, "-q", cwd=tmp_path, preexec_fn=files_up_to(1000))
    assert (full.returncode, full.stdout) == (1, "")
    assert full.stderr == (
        f"content: {TOO_LARGE}"
        "共 1 个错误、0 个警告，涉及 1 个文件。 / 1 error(s), 0 warning(s) in 1 file(s).\n"
    )
    assert {file: file.read_bytes() for file in example_content.rglob("*.yaml")} == before
    assert sorted(p.name for p in example_content.iterdir()) == [
        "glossary.yaml",
        "reports",
        "site.yaml",
    ]


def test_changed_chinese_is_refused(example_content: Path, tmp_path: Path) -> None:
    make_pending(example_content)
    out = export_translated(tmp_path)
    file = example_content / "reports" / "wayao-renda" / "2024.yaml"
    file.write_text(
        file.read_text(encoding="utf-8").replace("砥砺奋进惠民生", "奋进惠民生"), encoding="utf-8"
    )

    result = run_cli("translate", "import", out, "-q", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr == (
        f"{REPORT}:13:7: 错误 error: headline: reports/wayao-renda/2024.yaml#headline："
        "导出后中文已修改，未导入这条译文 / reports/wayao-renda/2024.yaml#headline: the Chinese "
        "changed since the export; this translation was not imported\n"
        "    修改 fix: 重新导出，翻译修改后的中文 / "
        "export again and translate the changed Chinese\n"
        "共 1 个错误、0 个警告，涉及 1 个文件。 / 1 error(s), 0 warning(s) in 1 file(s).\n"
    )
    assert result.stdout == (
        "wayao-renda/2024: 译文 83/87 → 86/87 条 / translated 83 → 86 of 87 texts (95% → 98%)\n"
        "已导入 3 条译文，1 条未导入。 / imported 3 translation(s), refused 1.\n"
    )
    assert "  zh: 夯基固本强履职 奋进惠民生\nsubtitle:" in file.read_text(encoding="utf-8")


def test_glossary_checked_on_imported_english(example_content: Path, tmp_path: Path) -> None:
    make_pending(example_content)
    off_glossary = {
        "opening[0]": "On behalf of the Bureau of the Fifth People's Congress, I report."
    }
    out = export_translated(tmp_path, off_glossary)
    result = run_cli("translate", "import", out, "-q", cwd=tmp_path)
    assert result.returncode == 0
    assert result.stderr == (
        f"{REPORT}:26:9: 警告 warning: opening[0].en: 中文含术语“主席团”，英文未使用规范译法"
        "“Presidium” / the Chinese uses '主席团' but the English lacks the agreed rendering "
        "'Presidium'\n"
        "共 0 个错误、1 个警告，涉及 1 个文件。 / 0 error(s), 1 warning(s) in 1 file(s).\n"
    )


def test_the_import_checks_the_content_once(
    example_content: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Each report is checked whole with its translations before it is written; the warnings
    they bring and the coverage come of that check. The whole content was checked again
    after writing for them: at 10,000 reports, 15 s of the import's 100 s."""
    make_pending(example_content)
    off_glossary = {
        "opening[0]": "On behalf of the Bureau of the Fifth People's Congress, I report."
    }
    out = export_translated(tmp_path, off_glossary)
    checked: list[Path] = []

    def check_content(content: Path, *args: Any, **kwargs: Any) -> pipeline.Checks:
        checked.append(content)
        return pipeline.check_content(content, *args, **kwargs)

    monkeypatch.setattr(exchange, "check_content", check_content)
    monkeypatch.chdir(tmp_path)
    assert main(["translate", "import", str(out), "-q"]) == 0
    assert checked == [Path("content")]
    assert capsys.readouterr() == (
        "wayao-renda/2024: 译文 83/87 → 87/87 条 / translated 83 → 87 of 87 texts (95% → 100%)\n"
        "已导入 4 条译文，0 条未导入。 / imported 4 translation(s), refused 0.\n",
        f"{REPORT}:26:9: 警告 warning: opening[0].en: 中文含术语“主席团”，英文未使用规范译法"
        "“Presidium” / the Chinese uses '主席团' but the English lacks the agreed rendering "
        "'Presidium'\n"
        "共 0 个错误、1 个警告，涉及 1 个文件。 / 0 error(s), 1 warning(s) in 1 file(s).\n",
    )


@pytest.fixture
def glossary_held(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The number of texts of each report held against the glossary, in turn."""
    counts: list[int] = []

    def glossary_warnings(texts: Any, *args: Any) -> Any:
        counts.append(len(texts))
        return checking(texts, *args)

    checking = validate.glossary_warnings
    monkeypatch.setattr(validate, "glossary_warnings", glossary_warnings)
    return counts


def test_a_report_is_composed_once_as_it_was_and_once_as_it_is_written(
    example_content: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, glossary_held: list[int]
) -> None:
    """The check of a report to write into and the edit share the tree of its text, and the
    check of the file with its translations the tree the edit was verified with: each was
    composed twice, a tenth of an import's processor time; and the edit is verified by
    comparing the trees, not the data made of them (another tenth). Only the file with its
    translations is held against the glossary: the warnings of the file as it was are not
    told."""
    make_pending(example_content)
    out = export_translated(tmp_path)
    glossary_held.clear()  # by the export's check
    report = tmp_path / REPORT
    before = report.read_text(encoding="utf-8")
    composed: list[str] = []  # each text a loader was made to read (yaml.compose, yaml.load)

    def reading(loader: Any, stream: str) -> None:
        composed.append(stream)
        made(loader, stream)

    made: Any = loading.Loader.__init__
    monkeypatch.setattr(loading.Loader, "__init__", reading)
    constructed: list[object] = []  # each tree made into data: none, the edit compares trees

    def construct(loader: Any, node: Any) -> Any:
        constructed.append(node)
        return building(loader, node)

    building: Any = loading.Loader.construct_document
    monkeypatch.setattr(loading.Loader, "construct_document", construct)
    monkeypatch.chdir(tmp_path)
    assert main(["translate", "import", str(out), "-q"]) == 0
    after = report.read_text(encoding="utf-8")
    assert after != before
    # As it was: once by the content's check (which every import makes), once to take.
    assert (composed.count(before), composed.count(after)) == (2, 1)
    assert constructed == []
    assert glossary_held == [87, 87]  # by the content's check, and with the translations


def test_the_export_holds_each_report_against_the_glossary_once(
    example_content: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, glossary_held: list[int]
) -> None:
    """The content's check tells the warnings; the export read each report it exports again
    and held it against the glossary again for nothing (a twentieth of its processor time)."""
    make_pending(example_content)
    monkeypatch.chdir(tmp_path)
    assert main(["translate", "export", "--all", "--out", "2024.xlf", "-q"]) == 0
    assert glossary_held == [87]
    assert len(ET.parse("2024.xlf").getroot().findall(".//{*}unit")) == 87


def test_the_commands_report_what_they_read_and_write(
    example_content: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """At 10,000 reports the export wrote its file, and the import read the translator's,
    for a quarter of a minute each without a word."""
    make_pending(example_content)
    monkeypatch.chdir(tmp_path)
    seen = Stages()
    monkeypatch.setattr(progress, "for_command", lambda quiet: seen)
    assert main(["translate", "export", "--out", "2024.xlf"]) == 0
    assert seen.seen == [
        ("校验 / validate", 1, 1),
        ("导出 / export", 1, 1),
        ("翻译记忆 / translation memory", 1, 1),  # the one report, asked for the four texts
        ("写入 / write", 4, 4),
    ]
    seen.seen.clear()
    fill_xliff(Path("2024.xlf"), lambda path, _: english_of_the_example()[path])
    assert main(["translate", "import", "2024.xlf"]) == 0
    assert seen.seen == [
        ("校验 / validate", 1, 1),
        ("读取 / read", None, 4),
        ("导入 / import", 1, 1),
    ]


def test_translation_memory_prefills(example_content: Path, tmp_path: Path) -> None:
    assert run_cli("new", "--series", "wayao-renda", "--year", "2025", cwd=tmp_path).returncode == 0
    draft = example_content / "reports" / "wayao-renda" / "2025.yaml"
    draft.write_text(draft.read_text(encoding="utf-8").replace(PLACEHOLDER, ""), encoding="utf-8")
    out = tmp_path / "2025.xlf"
    result = run_cli("translate", "export", "--year", "2025", "--out", out, "-q", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "其中 12 条取自翻译记忆" in result.stdout
    root = assert_xliff_core(out.read_bytes())
    units = {u.get("name"): u for u in root.iter(f"{X}unit")}
    task = units["tasks.items[0].text"].find(f"{X}segment")
    assert task is not None
    (report_2024, _) = load_corpus(example_content)[0].reports
    tasks = report_2024.tasks
    assert tasks is not None and tasks.items[0].text is not None
    assert task.get("state") == "initial" and task.get("subState") == "reportsite:memory"
    assert task.findtext(f"{X}target") == tasks.items[0].text.en
    assert [
        n.text
        for n in units["tasks.items[0].text"].iter(f"{X}note")
        if n.get("category") == "memory"
    ] == ["翻译记忆 / translation memory: wayao-renda/2024 tasks.items[0].text"]
    # The section that reports on a task starts from its title: the memory offers its English.
    title = units["review.sections[0].title"].find(f"{X}segment")
    assert title is not None and title.findtext(f"{X}target") == tasks.items[0].title.en
    fresh = units["headline"].find(f"{X}segment")
    assert (
        fresh is not None and fresh.find(f"{X}target") is None and fresh.get("state") == "initial"
    )

    imported = run_cli("translate", "import", out, "-q", cwd=tmp_path)
    assert imported.returncode == 0, imported.stderr
    assert "wayao-renda/2025: 译文 11/40 → 23/40 条" in imported.stdout


def test_a_spreadsheet_of_many_texts_is_written_in_one_pass() -> None:
    """Each row once went over every cell made before it: 24,000 texts took two minutes."""
    texts = [
        units.Unit(f"reports/s/{n}.yaml", "title", f"标题{n}", None, None, (), "")
        for n in range(20_000)
    ]

    def too_long(signum: int, frame: object) -> None:
        raise TimeoutError("writing the spreadsheet took over a minute")

    previous = signal.signal(signal.SIGALRM, too_long)
    signal.alarm(60)
    try:
        spreadsheet.write(texts, "zh", "en", out := io.BytesIO())
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
    rows = load_workbook(out, read_only=True).worksheets[0].iter_rows(values_only=True)
    assert [row[:2] for row in rows][-1] == ("reports/s/19999.yaml#title", "标题19999")


def test_a_spreadsheet_is_packed_once_with_fixed_times(monkeypatch: pytest.MonkeyPatch) -> None:
    """The same texts give the same bytes whenever they are exported. The workbook was once
    saved with the clock's times and then packed again with fixed ones, each part compressed
    twice: an export of 1,000 reports took 14.7 s instead of 11.7."""
    compressing: list[int] = []
    compressor = zlib.compressobj

    def counted(*args: Any, **kwargs: Any) -> Any:
        compressing.append(1)
        return compressor(*args, **kwargs)

    monkeypatch.setattr(zlib, "compressobj", counted)
    monkeypatch.setattr(time, "time", lambda: 2e9)  # a clock in 2033
    texts = [units.Unit("reports/s/2024.yaml", "title", "标题", "Title", None, (), "")]
    spreadsheet.write(texts, "zh", "en", out := io.BytesIO())
    with zipfile.ZipFile(out) as package:
        parts = package.infolist()
        core = package.read("docProps/core.xml").decode()
    assert len(compressing) == len(parts)
    assert {(part.date_time, part.external_attr) for part in parts} == {
        ((1980, 1, 1, 0, 0, 0), 0o600 << 16)
    }
    assert re.findall(r"<dcterms:(\w+)[^>]*>([^<]*)<", core) == [
        ("created", "2000-01-01T00:00:00Z"),
        ("modified", "2000-01-01T00:00:00Z"),
    ]


def test_a_text_that_starts_with_an_equals_sign_stays_text() -> None:
    texts = [units.Unit("reports/s/2024.yaml", "title", "=SUM(A1:A9)", "=1+1", None, (), "")]
    spreadsheet.write(texts, "zh", "en", out := io.BytesIO())
    row = load_workbook(out).worksheets[0][2]
    assert [(cell.value, cell.data_type) for cell in row[:3]] == [
        ("reports/s/2024.yaml#title", "s"),
        ("=SUM(A1:A9)", "s"),
        ("=1+1", "s"),
    ]


def test_a_text_that_looks_like_an_escape_comes_back_as_it_was() -> None:
    """OOXML writes a character a cell cannot hold as _xHHHH_, which Excel reads back as that
    character, and so does the import: a text that holds such a sequence is escaped itself."""
    texts = [
        units.Unit(
            "reports/s/2024.yaml", "title", "附件_x0041_与_x005F_", "A_x000D_B", None, (), ""
        )
    ]
    spreadsheet.write(texts, "zh", "en", out := io.BytesIO())
    row = load_workbook(out).worksheets[0][2]
    assert [cell.value for cell in row[1:3]] == [
        "附件_x005F_x0041_与_x005F_x005F_",
        "A_x005F_x000D_B",
    ]
    (returned,) = spreadsheet.read(out, "x.xlsx", "zh", "en")
    assert isinstance(returned, units.Returned)
    assert (returned.source, returned.target) == ("附件_x0041_与_x005F_", "A_x000D_B")


def test_xlsx_round_trip(example_content: Path, tmp_path: Path) -> None:
    original = make_pending(example_content)
    out = tmp_path / "2024.xlsx"
    result = run_cli("translate", "export", "--out", out, "-q", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    data = out.read_bytes()
    assert (
        run_cli(
            "translate", "export", "--out", tmp_path / "again.xlsx", "-q", cwd=tmp_path
        ).returncode
        == 0
    )
    assert (tmp_path / "again.xlsx").read_bytes() == data
    # Its parts were once stored as they are: an archive's texts weighed five times as much.
    with zipfile.ZipFile(out) as package:
        assert {part.compress_type for part in package.infolist()} == {zipfile.ZIP_DEFLATED}

    book = load_workbook(out)
    sheet = book.worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("id", "zh", "en", "notes", "memory")
    assert [r[0] for r in rows[1:]] == [
        "reports/wayao-renda/2024.yaml#meeting",
        "reports/wayao-renda/2024.yaml#headline",
        "reports/wayao-renda/2024.yaml#salutation",
        "reports/wayao-renda/2024.yaml#opening[0]",
    ]
    english = english_of_the_example()
    for number, row in enumerate(rows[1:], 2):
        # A cell typed with a stray space and line break at its end, as people do.
        sheet.cell(number, 3, english[str(row[0]).partition("#")[2]] + " \n")
    book.save(out)

    imported = run_cli("translate", "import", out, "-q", cwd=tmp_path)
    assert imported.returncode == 0, imported.stderr
    assert "87/87" in imported.stdout
    text = (example_content / "reports" / "wayao-renda" / "2024.yaml").read_text(encoding="utf-8")
    assert text == translated(original)


def test_a_text_returned_twice_is_taken_once_or_refused_if_they_differ(
    example_content: Path, tmp_path: Path
) -> None:
    """A row copied in the spreadsheet, two translators' parts put together: the last of a
    text's translations was taken, and nothing said when they differed."""
    original = make_pending(example_content)
    out = tmp_path / "2024.xlsx"
    assert run_cli("translate", "export", "--out", out, "-q", cwd=tmp_path).returncode == 0
    book = load_workbook(out)
    sheet = book.worksheets[0]
    english = english_of_the_example()
    chinese = {}
    for number, row in enumerate(list(sheet.iter_rows(values_only=True))[1:], 2):
        path = str(row[0]).partition("#")[2]
        sheet.cell(number, 3, english[path])
        chinese[path] = row[1]
    unit = "reports/wayao-renda/2024.yaml#"
    # The same translation, as meant (a space typed after it is not), and another one.
    sheet.append([f"{unit}salutation", chinese["salutation"], f"{english['salutation']} "])
    sheet.append([f"{unit}headline", chinese["headline"], "Another headline"])
    book.save(out)
    result = run_cli("translate", "import", out, "-q", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr == (
        f"{REPORT}:13:3: 错误 error: headline: {unit}headline：译文文件中这段文字有 2 条译文，"
        f"不尽相同，均未导入 / {unit}headline: the translation file holds 2 translations of "
        "this text, not all the same; none was imported\n"
        "    修改 fix: 在译文文件中只保留一条，再导入 / keep one of them in the file and import "
        "it again\n"
        "共 1 个错误、0 个警告，涉及 1 个文件。 / 1 error(s), 0 warning(s) in 1 file(s).\n"
    )
    assert result.stdout == (
        "wayao-renda/2024: 译文 83/87 → 86/87 条 / translated 83 → 86 of 87 texts (95% → 98%)\n"
        "已导入 3 条译文，2 条未导入。 / imported 3 translation(s), refused 2.\n"
    )
    text = (example_content / "reports" / "wayao-renda" / "2024.yaml").read_text(encoding="utf-8")
    assert text == translated(original).replace(f"  en: {english['headline']}\n", "")


def test_wrong_target_language_and_format(example_content: Path, tmp_path: Path) -> None:
    make_pending(example_content)
    out = tmp_path / "2024.xlf"
    run_cli("translate", "export", "--out", out, "-q", cwd=tmp_path)
    out.write_bytes(out.read_bytes().replace(b'trgLang="en"', b'trgLang="fr-FR"'))
    result = run_cli("translate", "import", out, "-q", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr.startswith(
        "2024.xlf:1:1: 错误 error: 译文语言是 fr-FR，而本站的译文语言是 en / "
        "the target language is fr-FR, but this site translates into en\n"
    )
    wrong = run_cli("translate", "export", "--out", tmp_path / "units.txt", cwd=tmp_path)
    assert wrong.returncode == 2
    assert "不支持的文件类型 .txt / unsupported file type .txt" in wrong.stderr


def test_a_notepad_file_keeps_its_bom_and_line_ends(example_content: Path, tmp_path: Path) -> None:
    original = make_pending(example_content)
    file = example_content / "reports" / "wayao-renda" / "2024.yaml"
    file.write_bytes(b"\xef\xbb\xbf" + file.read_bytes().replace(b"\n", b"\r\n"))
    out = export_translated(tmp_path)
    assert run_cli("translate", "import", out, "-q", cwd=tmp_path).returncode == 0
    expected = translated(original)
    assert file.read_bytes() == b"\xef\xbb\xbf" + expected.replace("\n", "\r\n").encode()


def test_bad_units_are_refused_the_others_written(example_content: Path, tmp_path: Path) -> None:
    make_pending(example_content)
    hostile = {"headline": "Forging <script>alert(1)</script> ahead"}
    out = export_translated(tmp_path, hostile)
    out.write_bytes(out.read_bytes().replace(b'name="meeting"', b'name="review.nothing"'))
    result = run_cli("translate", "import", out, "-q", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr == (
        f"{REPORT}:27:3: 错误 error: review.nothing: reports/wayao-renda/2024.yaml#review.nothing："
        "报告中已没有这段文字，未导入 / reports/wayao-renda/2024.yaml#review.nothing: "
        "the report no longer has this text; not imported\n"
        "    修改 fix: 重新导出，翻译现在的文字 / "
        "export again and translate the text as it is now\n"
        f"{REPORT}:13:3: 错误 error: headline.en: 不允许的标记：HTML 标签 / markup not allowed: "
        "raw HTML\n"
        "    修改 fix: 只可使用 Markdown 的粗体、斜体、链接和列表 / "
        "use only Markdown bold, italics, links and lists\n"
        "共 2 个错误、0 个警告，涉及 1 个文件。 / 2 error(s), 0 warning(s) in 1 file(s).\n"
    )
    assert "imported 2 translation(s), refused 2." in result.stdout
    assert "<script>" not in (example_content / "reports/wayao-renda/2024.yaml").read_text(
        encoding="utf-8"
    )


def test_translations_that_would_fail_the_report_are_refused(
    example_content: Path, tmp_path: Path
) -> None:
    """Each text was checked on its own, the report with them never: a lead phrase ending in a
    full stop, a title typed with its number, a character the file may not hold were written
    in, and the build then failed."""
    out = tmp_path / "all.xlf"
    assert run_cli("translate", "export", "--all", "--out", out, "-q", cwd=tmp_path).returncode == 0
    english = english_of_the_example()
    changes = {
        "review.sections[0].items[0].lead": "Constantly heightening political awareness.",
        "review.sections[1].title": "2. Focusing on Central Tasks",
        "review.sections[2].items[1].lead": "Handling deputies' suggestions with results",
        # A zero-width space, as text pasted from the web brings: the file may not hold it.
        "review.heading": "A Review of Our\u200bWork in 2024",
    }
    fill_xliff(out, lambda path, _: changes.get(path, english[path]))
    result = run_cli("translate", "import", out, "-q", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr == (
        f"{REPORT}:28:32: 错误 error: review.heading.en: 含有不可见的控制字符 U+200B / contains "
        "the invisible control character U+200B\n"
        "    修改 fix: 删除该字符（常见于从 Word 粘贴的文本） / delete it (it often comes with "
        "text pasted from Word)\n"
        f"{REPORT}:41:36: 错误 error: review.sections[0].items[0].lead.en: 引领句末尾不要写句号，"
        "生成时自动加上 / leave out the full stop at the end of the lead phrase; it is added "
        "when rendered\n"
        f"{REPORT}:61:13: 错误 error: review.sections[1].title.en: 标题开头不要写编号“2.”，"
        "编号按顺序自动生成 / do not type the numbering '2.'; it is generated from the order\n"
        "    修改 fix: 删去“2.” / delete '2.'\n"
        "共 3 个错误、0 个警告，涉及 1 个文件。 / 3 error(s), 0 warning(s) in 1 file(s).\n"
    )
    assert result.stdout == (
        "wayao-renda/2024: 译文 87/87 → 87/87 条 / translated 87 → 87 of 87 texts "
        "(100% → 100%)\n"
        "已导入 1 条译文，3 条未导入。 / imported 1 translation(s), refused 3.\n"
    )
    text = (example_content / "reports/wayao-renda/2024.yaml").read_text(encoding="utf-8")
    assert "Handling deputies' suggestions with results" in text
    assert "awareness." not in text and "2. Focusing" not in text and "\u200b" not in text
    assert run_cli("check", "-q", cwd=tmp_path).returncode == 0


def test_new_and_translate_work_with_the_processes_jobs_names(
    make_content: MakeContent, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, forked: list[int]
) -> None:
    """They check and read the reports with --jobs processes, as a build does (they took
    every core whatever an editor sharing the machine wanted)."""
    make_content(
        {
            f"test-renda/{year}.yaml": REPORT_YAML.replace("2024", str(year)).replace(
                "lead: {zh: 学习不断深入, en: Study deepened}", "lead: {zh: 学习不断深入}"
            )
            for year in range(2001, 2025)
        }
    )
    monkeypatch.chdir(tmp_path)
    for jobs, pools in (("3", {3}), ("1", set())):  # --jobs 1: no worker at all
        for command in (
            ["translate", "export", "--out", "all.xlf"],  # the memory asked for the lead too
            ["translate", "export", "--all", "--out", "every.xlf"],
            ["translate", "import", "every.xlf"],  # each report takes its units on a worker
            ["new", "--series", "test-renda", "--year", "2025" if jobs == "3" else "2026"],
        ):
            forked.clear()
            assert main([*command, "--jobs", jobs, "-q"]) == 0, command
            assert set(forked) == pools and (forked or not pools), command


def test_check_adds_up_the_coverage_of_an_archive(
    make_content: MakeContent, tmp_path: Path
) -> None:
    """A line a report, and their sum: at 10,000 reports, what is left to translate was 10,000
    lines to add up by hand."""
    pending = REPORT_YAML.replace(
        "lead: {zh: 学习不断深入, en: Study deepened}", "lead: {zh: 学习不断深入}"
    )
    make_content(
        {
            "test-renda/2023.yaml": pending.replace("2024", "2023"),
            "test-renda/2024.yaml": REPORT_YAML,
        }
    )
    result = run_cli("check", "-q", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout == (
        "test-renda/2023: 译文 11/12 条 / translated 11 of 12 texts (91%)\n"
        "test-renda/2024: 译文 12/12 条 / translated 12 of 12 texts (100%)\n"
        "合计：2 份报告，译文 23/24 条，1 份已全部译完 / "
        "in all: 2 report(s); translated 23 of 24 texts (95%); 1 report(s) fully translated\n"
    )


def test_the_import_forks_its_workers_before_it_reads_the_translations(
    make_content: MakeContent, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, forked: list[int]
) -> None:
    """Forked after, each worker held every translation this process had read (700 MB at
    10,000 reports), and this process copied them as it handed them out: 1.7 GB in all. And
    the cycle collector runs seldom meanwhile: at every 700 new objects it went over all the
    translations read so far, again and again (66 s to read 10,000 reports', not 14)."""
    make_content(
        {
            f"test-renda/{year}.yaml": REPORT_YAML.replace("2024", str(year))
            for year in range(2001, 2025)
        }
    )
    monkeypatch.chdir(tmp_path)
    assert main(["translate", "export", "--all", "--out", "all.xlf", "-q"]) == 0
    forked.clear()
    read, forked_before_reading = xliff.read, []

    def reading(*args: Any, **kwargs: Any) -> Any:
        forked_before_reading.append(len(forked))
        assert gc.get_threshold()[0] == pipeline.GC_THRESHOLD
        return read(*args, **kwargs)

    monkeypatch.setattr(xliff, "read", reading)
    assert main(["translate", "import", "all.xlf", "--jobs", "2", "-q"]) == 0
    # The content checked, then the translations taken back: the second pool forked before the
    # read.
    assert (forked_before_reading, len(forked)) == ([2], 2)


def test_a_small_sites_translations_are_taken_back_without_workers(
    make_content: MakeContent, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, forked: list[int]
) -> None:
    """Workers forked for a site of a few reports cost more than they save: none is."""
    make_content()
    monkeypatch.chdir(tmp_path)
    assert main(["translate", "export", "--all", "--out", "all.xlf", "-q"]) == 0
    assert main(["translate", "import", "all.xlf", "--jobs", "2", "-q"]) == 0
    assert forked == []


def test_an_archive_is_exported_and_taken_back_on_every_core(
    make_content: MakeContent, tmp_path: Path
) -> None:
    """Past 20 reports the units are made, and the reports take them back, in worker
    processes; each report is still checked whole before it is written."""
    pending = REPORT_YAML.replace(
        "lead: {zh: 学习不断深入, en: Study deepened}", "lead: {zh: 学习不断深入}"
    )

    def of(year: int) -> str:
        return re.sub("202[45]", lambda found: str(year + int(found[0]) - 2024), pending)

    years = range(2001, 2025)
    make_content({f"test-renda/{year}.yaml": of(year) for year in years})
    out = tmp_path / "all.xlf"
    assert run_cli("translate", "export", "--out", out, "-q", cwd=tmp_path).returncode == 0
    fill_xliff(out, lambda path, _: "Study deepened")
    data = out.read_bytes()
    # Every other report's lead ends in a full stop: refused there, written in the others.
    refused = years[1::2]
    for year in refused:
        head, found, tail = data.partition(f'<file id="reports_test-renda_{year}.yaml"'.encode())
        data = head + found + tail.replace(b"Study deepened<", b"Study deepened.<", 1)
    out.write_bytes(data)
    result = run_cli("translate", "import", out, "-q", cwd=tmp_path)
    assert result.returncode == 1
    problems = [
        f"content/reports/test-renda/{year}.yaml:15:17: 错误 error: "
        "review.sections[0].items[0].lead.en: 引领句末尾不要写句号，生成时自动加上 / leave out "
        "the full stop at the end of the lead phrase; it is added when rendered\n"
        for year in refused
    ]
    problems.append(
        "共 12 个错误、0 个警告，涉及 12 个文件。 / 12 error(s), 0 warning(s) in 12 file(s).\n"
    )
    assert result.stderr == "".join(problems)
    after = {year: "11/12 条 / translated 11 → 11 of 12 texts (91% → 91%)" for year in refused}
    lines = [
        f"test-renda/{year}: 译文 11/12 → "
        f"{after.get(year, '12/12 条 / translated 11 → 12 of 12 texts (91% → 100%)')}\n"
        for year in years
    ]
    lines.append("已导入 12 条译文，12 条未导入。 / imported 12 translation(s), refused 12.\n")
    assert result.stdout == "".join(lines)
    for year in years:
        text = (tmp_path / f"content/reports/test-renda/{year}.yaml").read_text(encoding="utf-8")
        written = "lead: {zh: 学习不断深入, en: Study deepened}" in text
        assert written is (year not in refused)
    assert run_cli("check", "-q", cwd=tmp_path).returncode == 0


def test_units_wait_on_disk_in_whatever_order_the_rows_come(
    make_content: MakeContent,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Held in the command's memory until the reports took them, 10,000 reports' units took
    560 MB: they wait in a temporary file, which nothing is left of, and each report's are read
    back by the worker that takes it, however a translator sorted the rows."""
    content = make_content(
        {
            f"test-renda/{year}.yaml": REPORT_YAML.replace("2024", str(year))
            for year in range(2001, 2025)
        }
    )
    monkeypatch.chdir(tmp_path)
    assert main(["translate", "export", "--all", "--out", "all.xlsx", "-q"]) == 0
    capsys.readouterr()
    book = load_workbook("all.xlsx")
    sheet = book.worksheets[0]
    heading, *rows = sheet.iter_rows(values_only=True)
    # Sorted by the text's place: each report's rows scattered among the others'.
    rows.sort(key=lambda row: str(row[0]).partition("#")[2])
    rows.append(("reports/test-renda/1999.yaml#title", "1999年工作报告", "1999 Work Report"))
    sheet.delete_rows(2, sheet.max_row)
    for row in rows:
        sheet.append([*row[:2], f"{row[2]} (rev)", *row[3:]])
    book.save("all.xlsx")
    listed = sorted(content.iterdir())
    take = exchange._take
    held: list[int] = []

    def taking(*args: Any, **kwargs: Any) -> Any:
        held.append(sum(isinstance(thing, units.Returned) for thing in gc.get_objects()))
        return take(*args, **kwargs)

    monkeypatch.setattr(exchange, "_take", taking)
    assert main(["translate", "import", "all.xlsx", "--jobs", "2", "-q"]) == 1
    assert held == [0]
    assert sorted(content.iterdir()) == listed
    out, err = capsys.readouterr()
    assert err == (
        "all.xlsx:290:3: 错误 error: reports/test-renda/1999.yaml#title：内容文件夹中没有报告文件 "
        "reports/test-renda/1999.yaml / reports/test-renda/1999.yaml#title: the content folder "
        "has no report file reports/test-renda/1999.yaml\n"
        "    修改 fix: 用 --content 指定导出时的内容文件夹 / "
        "name the content folder of the export with --content\n"
        "共 1 个错误、0 个警告，涉及 1 个文件。 / 1 error(s), 0 warning(s) in 1 file(s).\n"
    )
    assert out == "".join(
        f"test-renda/{year}: 译文 12/12 → 12/12 条 / translated 12 → 12 of 12 texts (100% → 100%)\n"
        for year in range(2001, 2025)
    ) + ("已导入 288 条译文，1 条未导入。 / imported 288 translation(s), refused 1.\n")
    report = (content / "reports/test-renda/2013.yaml").read_text(encoding="utf-8")
    assert "title: {zh: 2013年工作报告, en: 2013 Work Report (rev)}" in report
    assert "lead: {zh: 学习不断深入, en: Study deepened (rev)}" in report


def test_texts_beyond_a_sheets_rows_go_on_the_next_sheet(
    make_content: MakeContent,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Excel, WPS and LibreOffice hold 1,048,576 rows a sheet and open a sheet of more without
    the rest: 20,000 reports' texts (1.6 million) were one sheet, and a translator would have
    saved half of them away. The rest go on the next sheet, and the import reads every one."""
    make_content(
        {f"test-renda/{year}.yaml": REPORT_YAML.replace("2024", str(year)) for year in (2023, 2024)}
    )
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(spreadsheet, "ROWS", 10)
    assert main(["translate", "export", "--all", "--out", "all.xlsx", "-q"]) == 0
    capsys.readouterr()
    book = load_workbook("all.xlsx")
    assert [(sheet.title, sheet.max_row) for sheet in book.worksheets] == [
        ("zh-en", 10),
        ("zh-en 2", 10),
        ("zh-en 3", 7),
    ]
    ids = []
    for sheet in book.worksheets:
        assert sheet.freeze_panes == "B2"
        heading, *rows = sheet.iter_rows(values_only=True)
        assert heading == ("id", "zh", "en", "notes", "memory")
        ids += [row[0] for row in rows]
        for number, row in enumerate(rows, 2):
            sheet.cell(number, 3, f"{row[2]} (rev)")
    assert len(ids) == len(set(ids)) == 24
    book.worksheets[1].cell(4, 1, "title")
    book.save("all.xlsx")
    assert main(["translate", "import", "all.xlsx", "-q"]) == 1
    out, err = capsys.readouterr()
    assert err == (
        "all.xlsx[zh-en 2]:4:1: 错误 error: 无法识别的 id“title” / unrecognised id 'title'\n"
        "    修改 fix: 保留导出时的 id / keep the ids as exported\n"
        "共 1 个错误、0 个警告，涉及 1 个文件。 / 1 error(s), 0 warning(s) in 1 file(s).\n"
    )
    assert out == (
        "test-renda/2023: 译文 12/12 → 12/12 条 / translated 12 → 12 of 12 texts (100% → 100%)\n"
        "test-renda/2024: 译文 12/12 → 12/12 条 / translated 12 → 12 of 12 texts (100% → 100%)\n"
        "已导入 23 条译文，0 条未导入。 / imported 23 translation(s), refused 0.\n"
    )


def lacks(where: str, columns: str) -> str:
    """What import says of a workbook whose sheet at `where` lacks the columns."""
    return (
        f"{where}:1:1: 错误 error: 表头缺少列：{columns} / "
        f"the heading row lacks the column(s): {columns}\n"
        "    修改 fix: 保留导出时的表头 / keep the heading row as exported\n"
        "共 1 个错误、0 个警告，涉及 1 个文件。 / 1 error(s), 0 warning(s) in 1 file(s).\n"
    )


def test_a_sheet_of_the_translators_own_is_left_and_told_of(
    example_content: Path, tmp_path: Path
) -> None:
    """A sheet a translator added for notes or terms is not the export's: put first, it made the
    workbook refused for want of the columns; now it is left, and said so unless it is blank,
    even with columns named zh and en (a glossary). A sheet with the id column but not the
    others is the export's with its heading spoilt: refused."""
    original = make_pending(example_content)
    report = example_content / "reports" / "wayao-renda" / "2024.yaml"
    pending = report.read_text(encoding="utf-8")
    out = tmp_path / "2024.xlsx"
    assert run_cli("translate", "export", "--out", out, "-q", cwd=tmp_path).returncode == 0
    book = load_workbook(out)
    english = english_of_the_example()
    sheet = book.worksheets[0]
    for number, row in enumerate(list(sheet.iter_rows(values_only=True))[1:], 2):
        sheet.cell(number, 3, english[str(row[0]).partition("#")[2]])
    terms = book.create_sheet("术语", 0)
    terms.append(["zh", "en"])
    terms.append(["人大", "people's congress"])
    book.create_sheet("Sheet3")
    book.save(out)
    result = run_cli("translate", "import", out, "-q", cwd=tmp_path)
    assert (result.returncode, result.stderr) == (
        0,
        "2024.xlsx[术语]:1:1: 警告 warning: 此工作表的表头没有 id 列，不是导出的译文表，未读取 / "
        "the sheet's heading row has no id column: not a sheet of the export; not read\n"
        "    修改 fix: 若此表中有译文，恢复导出时的表头 / "
        "if the sheet holds translations, give it back the heading row as exported\n"
        "共 0 个错误、1 个警告，涉及 1 个文件。 / 0 error(s), 1 warning(s) in 1 file(s).\n",
    )
    assert "已导入 4 条译文" in result.stdout
    assert report.read_text(encoding="utf-8") == translated(original)

    report.write_text(pending, encoding="utf-8")
    sheet["C1"] = "English"
    book.save(out)
    result = run_cli("translate", "import", out, "-q", cwd=tmp_path)
    assert (result.returncode, result.stdout, result.stderr) == (
        1,
        "",
        lacks("2024.xlsx[zh-en]", "en"),
    )
    assert report.read_text(encoding="utf-8") == pending

    sheet["A1"] = "编号"
    book.save(out)
    result = run_cli("translate", "import", out, "-q", cwd=tmp_path)
    assert (result.returncode, result.stdout, result.stderr) == (
        1,
        "",
        lacks("2024.xlsx[术语]", "id"),
    )


def test_the_export_keeps_its_units_on_disk_until_it_writes_them(
    make_content: MakeContent, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Held until the translation memory had been asked, 10,000 reports' units took 650 MB of
    the export's memory: they wait beside the file they go to, and nothing is left of them."""
    make_content(
        {
            f"test-renda/{year}.yaml": REPORT_YAML.replace("2024", str(year))
            for year in range(2001, 2025)
        }
    )
    monkeypatch.chdir(tmp_path)
    write = xliff.write_files
    held: list[int] = []

    def writing(found: Iterator[bytes], *args: Any) -> None:
        held.append(sum(isinstance(thing, units.Unit) for thing in gc.get_objects()))
        write(found, *args)

    monkeypatch.setattr(xliff, "write_files", writing)
    assert main(["translate", "export", "--all", "--out", "out/all.xlf", "-q"]) == 0
    assert held == [0]
    assert os.listdir("out") == ["all.xlf"]
    data = Path("out/all.xlf").read_bytes()
    assert data.count(b"<unit ") == 288
    assert data.index(b'original="reports/test-renda/2001.yaml"') < data.index(
        b'original="reports/test-renda/2024.yaml"'
    )


def test_the_export_leaves_the_units_to_its_workers(
    make_content: MakeContent, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each worker sends a report's units back pickled as the spool keeps them, and each
    report's <file> is made by the worker that reads its units back: the command unpickled
    every unit only to pickle it again into the spool (a quarter of its time), then made every
    <file> itself (two thirds of it, with the cache of the site)."""
    make_content(
        {
            f"test-renda/{year}.yaml": REPORT_YAML.replace("2024", str(year))
            for year in range(2001, 2025)
        }
    )
    monkeypatch.chdir(tmp_path)
    unpickled: list[int] = []
    setstate = units.Unit.__setstate__  # type: ignore[attr-defined]  # dataclasses adds it

    def counted(unit: units.Unit, state: Any) -> None:
        unpickled.append(1)
        setstate(unit, state)

    made: list[str] = []
    file_xml = xliff.file_xml

    def making(name: str, found: Iterable[units.Unit]) -> bytes:
        made.append(name)
        return file_xml(name, found)

    monkeypatch.setattr(units.Unit, "__setstate__", counted)
    monkeypatch.setattr(xliff, "file_xml", making)
    assert main(["translate", "export", "--all", "--jobs", "2", "--out", "all.xlf", "-q"]) == 0
    assert (unpickled, made) == ([], [])
    data = Path("all.xlf").read_bytes()
    assert data.count(b"<unit ") == 288
    originals = re.findall(rb'original="reports/test-renda/(\d+)\.yaml"', data)
    assert originals == [str(year).encode() for year in range(2001, 2025)]


def test_a_file_not_found_is_told_so(example_content: Path, tmp_path: Path) -> None:
    """Its fix once said to export the file again from the translation tool."""
    result = run_cli("translate", "import", "2024.xlf", "-q", cwd=tmp_path)
    assert (result.returncode, result.stderr) == (
        1,
        "2024.xlf:1:1: 错误 error: 找不到文件 / file not found\n"
        "    修改 fix: 核对文件名与所在文件夹 / check the file's name and folder\n"
        "共 1 个错误、0 个警告，涉及 1 个文件。 / 1 error(s), 0 warning(s) in 1 file(s).\n",
    )


def test_an_xml_bomb_is_refused(example_content: Path, tmp_path: Path) -> None:
    bomb = tmp_path / "bomb.xlf"
    bomb.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">'
        '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>\n'
        f'<xliff xmlns="{NS}" version="2.0" srcLang="zh-CN" trgLang="en">&b;</xliff>\n',
        encoding="utf-8",
    )
    result = run_cli("translate", "import", bomb, "-q", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr == (
        "bomb.xlf:1:1: 错误 error: XLIFF 文件不能含 DOCTYPE 或 ENTITY 声明 / "
        "an XLIFF file may not declare a DOCTYPE or an ENTITY\n"
        "    修改 fix: 用翻译工具重新导出为 XLIFF 2.0 / "
        "export it again from the translation tool as XLIFF 2.0\n"
        "共 1 个错误、0 个警告，涉及 1 个文件。 / 1 error(s), 0 warning(s) in 1 file(s).\n"
    )


@pytest.mark.parametrize("before", [0, (1 << 20) - 4, 1 << 20], ids=["start", "across", "after"])
def test_a_declaration_is_found_wherever_the_reading_cuts_the_file(before: int) -> None:
    """The file is read a megabyte at a time, and a declaration looked for in each piece: one
    that the cut between two pieces runs through is found too."""
    data = (
        b" " * before + b"<!DOCTYPE xliff>"
        b'<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" trgLang="en"/>'
    )
    problem = Problem(location=Location("x.xlf"), code="translate-doctype", args={})
    with pytest.raises(ContentError) as refused:
        list(xliff.read(io.BytesIO(data), "x.xlf", "en"))
    assert refused.value.problems == (problem,)


def test_units_are_read_from_groups_and_segments_as_a_tool_returns_them() -> None:
    """XLIFF 2 lets a tool put units in groups (nested), split a unit's text into segments
    with ignorable whitespace between them, mark up inline codes (<pc>) and drop a unit's name
    (its id stays). A unit without a target is not returned; a <file> without its original
    is told of, and its units go with it."""
    data = f"""<?xml version="1.0" encoding="UTF-8"?>
<xliff xmlns="{NS}" version="2.0" srcLang="zh-CN" trgLang="en-GB">
 <file id="a" original="reports/a/2024.yaml">
  <notes><note category="description">标题</note></notes>
  <group id="g1">
   <group id="g2">
    <unit id="title" name="title">
     <segment state="translated"><source>标题</source><target>Title</target></segment>
    </unit>
   </group>
   <unit id="review.sections.0.items.1.text">
    <segment><source>甲。</source><target>A.</target></segment>
    <ignorable><source> </source></ignorable>
    <segment><source>乙<pc id="1">丙</pc></source><target>B <pc id="1">C</pc></target></segment>
   </unit>
  </group>
  <unit id="lead" name="lead"><segment><source>未译</source></segment></unit>
  <unit id="closing" name="closing">
   <segment><source>结语</source><target> </target></segment>
  </unit>
 </file>
 <file id="nameless">
  <unit id="title" name="title">
   <segment><source>标题</source><target>Title</target></segment>
  </unit>
 </file>
 <file id="b" original="reports/b/2024.yaml">
  <unit id="title" name="title">
   <segment><source>标题</source><target>Heading</target></segment>
  </unit>
 </file>
</xliff>
""".encode()
    whole = Location("x.xlf")
    assert list(xliff.read(io.BytesIO(data), "x.xlf", "en")) == [
        units.Returned("reports/a/2024.yaml", "title", "标题", "Title", whole),
        units.Returned(
            "reports/a/2024.yaml", "review.sections[0].items[1].text", "甲。 乙丙", "A. B C", whole
        ),
        Problem(location=whole, code="translate-no-original", args={"file": "nameless"}),
        units.Returned("reports/b/2024.yaml", "title", "标题", "Heading", whole),
    ]


def test_units_are_let_go_as_they_are_read_in_a_file_of_one_report() -> None:
    """A unit is let go once read, not only a <file>: 20,000 units in one <file> (a tool that
    puts them there, or a file made to) were held whole as a tree of 34 MB while it was read;
    a unit at a time the reading peaks at 9 MB."""
    unit = (
        '<unit id="u{n}" name="review.sections[0].items[{n}].text"><notes><note>说明</note>'
        "</notes><segment><source>{zh}</source><target>{en}</target></segment></unit>\n"
    )
    zh, en = "各项工作稳步推进" * 8, "Work advanced steadily. " * 8
    body = "".join(unit.format(n=n, zh=zh, en=en) for n in range(20_000))
    data = (
        f'<xliff xmlns="{NS}" version="2.0" srcLang="zh-CN" trgLang="en">'
        f'<file id="a" original="reports/a/2024.yaml">{body}</file></xliff>'
    ).encode()
    source = io.BytesIO(data)
    tracemalloc.start()
    try:
        read = sum(1 for _ in xliff.read(source, "x.xlf", "en"))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert read == 20_000
    assert peak < 20 * 1024 * 1024


def test_a_spreadsheet_that_is_a_zip_bomb_is_refused(example_content: Path, tmp_path: Path) -> None:
    """A part of 2.5 MB packed into kilobytes is refused before openpyxl unpacks anything: a
    real spreadsheet's shared strings are read whole (660 MB and half a minute for 0.7 MB)."""
    book = io.BytesIO()
    Workbook().save(book)
    bomb = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(book) as source, zipfile.ZipFile(bomb, "w") as target:
        for part in source.infolist():
            target.writestr(part, source.read(part))
        shared = b"<sst>" + b"<si><t>a</t></si>" * 150_000 + b"</sst>"
        target.writestr("xl/sharedStrings.xml", shared, compress_type=zipfile.ZIP_DEFLATED)
    result = run_cli("translate", "import", bomb, "-q", cwd=tmp_path)
    assert (result.returncode, result.stderr) == (
        1,
        "bomb.xlsx:1:1: 错误 error: 电子表格解压后过大（xl/sharedStrings.xml），拒绝读取 / "
        "the spreadsheet unpacks to too much data (xl/sharedStrings.xml); refused\n"
        "    修改 fix: 用电子表格软件打开后另存为 .xlsx，或重新导出 / "
        "open it in a spreadsheet program and save it as .xlsx, or export it again\n"
        "共 1 个错误、0 个警告，涉及 1 个文件。 / 1 error(s), 0 warning(s) in 1 file(s).\n",
    )


def test_a_formulas_error_is_not_taken_for_a_translation(
    example_content: Path, tmp_path: Path
) -> None:
    """A translation that begins with =, + or - is a formula to a spreadsheet program, and one
    that fails is saved as its error beside it (LibreOffice saves "=- first item" so): #VALUE!
    was imported as the English."""
    original = make_pending(example_content)
    out = tmp_path / "2024.xlsx"
    assert run_cli("translate", "export", "--out", out, "-q", cwd=tmp_path).returncode == 0
    book = load_workbook(out)
    sheet = book.worksheets[0]
    english = english_of_the_example()
    for number, row in enumerate(list(sheet.iter_rows(values_only=True))[1:], 2):
        sheet.cell(number, 3, english[str(row[0]).partition("#")[2]])
    assert sheet["A3"].value == "reports/wayao-renda/2024.yaml#headline"
    sheet["C3"] = "#VALUE!"
    book.save(out)
    failed = b'<c r="C3" s="2" t="e"><f>- first item</f><v>#VALUE!</v></c>'
    out.write_bytes(
        rewritten(
            out.read_bytes(),
            lambda name, data: (
                data.replace(b'<c r="C3" s="2" t="e"><v>#VALUE!</v></c>', failed)
                if name == "xl/worksheets/sheet1.xml"
                else data
            ),
        )
    )
    assert failed in zipfile.ZipFile(out).read("xl/worksheets/sheet1.xml")
    result = run_cli("translate", "import", out, "-q", cwd=tmp_path)
    unit = "reports/wayao-renda/2024.yaml#headline"
    assert (result.returncode, result.stderr) == (
        1,
        f"2024.xlsx:3:3: 错误 error: {unit}：译文单元格是公式出错后的 #VALUE!，不是译文，未导入 / "
        f"{unit}: the target cell holds #VALUE!, a formula's error, not a translation; "
        "not imported\n"
        "    修改 fix: 以 =、+、- 开头的译文，输入时前面加一个英文单引号 '，否则会被当作公式 / "
        "type a ' before a translation that starts with =, + or -, which is otherwise taken "
        "for a formula\n"
        "共 1 个错误、0 个警告，涉及 1 个文件。 / 1 error(s), 0 warning(s) in 1 file(s).\n",
    )
    assert "已导入 3 条译文" in result.stdout
    text = (example_content / "reports" / "wayao-renda" / "2024.yaml").read_text(encoding="utf-8")
    assert text == translated(original).replace(f"  en: {english['headline']}\n", "")


def test_line_ends_come_back_as_the_file_holds_them(example_content: Path, tmp_path: Path) -> None:
    """Excel saves a carriage return in a cell as _x000D_ (OOXML's escape, which openpyxl reads
    as it is): a translation pasted with Windows' line ends was imported with "_x000D_" at the
    end of each line; and a carriage return from XLIFF (&#13;) or a cell was kept in the
    English, written as "\\r" in a flow mapping."""
    original = make_pending(example_content)
    file = example_content / "reports" / "wayao-renda" / "2024.yaml"
    pending = file.read_text(encoding="utf-8")
    english = english_of_the_example()
    meeting, _, town = english["meeting"].partition(" of Wayao")
    xlf = export_translated(tmp_path, {"meeting": f"{meeting}\u2042of Wayao{town}"})
    xlf.write_bytes(xlf.read_bytes().replace("\u2042".encode(), b"&#13;&#10;"))
    result = run_cli("translate", "import", xlf, "-q", cwd=tmp_path)
    assert (result.returncode, result.stderr) == (0, "")
    report = yaml.safe_load(file.read_text(encoding="utf-8"))
    assert report["meeting"]["en"] == f"{meeting}\nof Wayao{town}"
    assert yaml.safe_load(translated(original))["headline"] == report["headline"]

    file.write_text(pending, encoding="utf-8")
    out = tmp_path / "2024.xlsx"
    assert run_cli("translate", "export", "--out", out, "-q", cwd=tmp_path).returncode == 0
    book = load_workbook(out)
    sheet = book.worksheets[0]
    for number, row in enumerate(list(sheet.iter_rows(values_only=True))[1:], 2):
        sheet.cell(number, 3, english[str(row[0]).partition("#")[2]])
    assert [sheet["A3"].value, sheet["A5"].value] == [
        "reports/wayao-renda/2024.yaml#headline",
        "reports/wayao-renda/2024.yaml#opening[0]",
    ]
    first, _, rest = english["opening[0]"].partition(", ")
    sheet["C5"] = f"{first},_x000D_\n{rest}"
    sheet["C3"] = "Consolidating Foundations\rForging Ahead"
    book.save(out)
    result = run_cli("translate", "import", out, "-q", cwd=tmp_path)
    assert (result.returncode, result.stderr) == (0, "")
    report = yaml.safe_load(file.read_text(encoding="utf-8"))
    assert report["opening"][0]["en"] == f"{first},\n{rest}"
    assert report["headline"]["en"] == "Consolidating Foundations\nForging Ahead"


def rewritten(workbook: bytes, change: Callable[[str, bytes], bytes]) -> bytes:
    """The workbook with each part as change makes it of its name and bytes."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(workbook)) as source, zipfile.ZipFile(out, "w") as target:
        for part in source.infolist():
            data = change(part.filename, source.read(part))
            target.writestr(part, data, compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


UNREADABLE = (
    "{name}:1:1: 错误 error: 无法读取：(.+) / cannot be read: \\1\n"
    "    修改 fix: 用翻译工具重新导出（保存）这个文件 / "
    "export \\(save\\) the file again from the translation tool\n"
    "共 1 个错误、0 个警告，涉及 1 个文件。 / 1 error\\(s\\), 0 warning\\(s\\) in 1 file\\(s\\).\n"
)
"""What import says of a workbook it cannot read (a pattern: the detail is the parser's)."""


def test_a_spreadsheet_cut_short_is_refused_whole(example_content: Path, tmp_path: Path) -> None:
    """openpyxl parses a sheet as its rows are read, after the workbook opened: a sheet cut
    short (a download or a copy broken off) was a traceback, half its rows read."""
    make_pending(example_content)
    before = {file: file.read_bytes() for file in example_content.rglob("*.yaml")}
    made = tmp_path / "2024.xlsx"
    assert run_cli("translate", "export", "--out", made, "-q", cwd=tmp_path).returncode == 0
    sheet = "xl/worksheets/sheet1.xml"
    with zipfile.ZipFile(made) as package:
        whole = package.read(sheet)
    kept = whole[: whole.index(b'<row r="3"')]
    # Where expat finds the end: the line, and the column counted from 0.
    line, column = kept.count(b"\n") + 1, len(kept) - kept.rfind(b"\n") - 1
    cut = tmp_path / "cut.xlsx"
    cut.write_bytes(
        rewritten(made.read_bytes(), lambda name, data: kept if name == sheet else data)
    )
    result = run_cli("translate", "import", cut, "-q", cwd=tmp_path)
    detail = f"no element found: line {line}, column {column}"
    assert (result.returncode, result.stdout, result.stderr) == (
        1,
        "",
        f"cut.xlsx:1:1: 错误 error: 无法读取：{detail} / cannot be read: {detail}\n"
        "    修改 fix: 用翻译工具重新导出（保存）这个文件 / "
        "export (save) the file again from the translation tool\n"
        "共 1 个错误、0 个警告，涉及 1 个文件。 / 1 error(s), 0 warning(s) in 1 file(s).\n",
    )
    assert {file: file.read_bytes() for file in example_content.rglob("*.yaml")} == before


def _chart_sheet_alone(workbook: bytes) -> bytes:
    book = Workbook()
    book.create_chartsheet("chart")
    book.remove(book.worksheets[0])
    book.save(out := io.BytesIO())
    return out.getvalue()


@pytest.mark.parametrize(
    ("damage", "detail"),
    [
        (
            lambda workbook: rewritten(
                workbook, lambda name, data: data[:200] if name == "xl/styles.xml" else data
            ),
            "line 1, column 201",
        ),
        (
            lambda workbook: rewritten(
                workbook,
                lambda name, data: (
                    data.replace(b"<is>", b'<is s="1">', 1)
                    if name == "xl/worksheets/sheet1.xml"
                    else data
                ),
            ),
            "unexpected keyword argument 's'",
        ),
        (_chart_sheet_alone, ""),
        (lambda workbook: zip_version(workbook, 226), "zip file version 22.6"),
    ],
    ids=["styles cut short", "a cell of another shape", "a chart sheet alone", "zip version"],
)
def test_a_damaged_spreadsheet_is_refused_and_told_of(
    example_content: Path, tmp_path: Path, damage: Callable[[bytes], bytes], detail: str
) -> None:
    """openpyxl raises what its code meets on a damaged part (lxml's XMLSyntaxError for a part
    cut short, TypeError for an element of another shape, AttributeError for a chart sheet):
    each was a traceback."""
    make_pending(example_content)
    before = {file: file.read_bytes() for file in example_content.rglob("*.yaml")}
    made = tmp_path / "2024.xlsx"
    assert run_cli("translate", "export", "--out", made, "-q", cwd=tmp_path).returncode == 0
    (tmp_path / "bad.xlsx").write_bytes(damage(made.read_bytes()))
    result = run_cli("translate", "import", "bad.xlsx", "-q", cwd=tmp_path)
    assert (result.returncode, result.stdout) == (1, "")
    told = re.fullmatch(UNREADABLE.format(name=r"bad\.xlsx"), result.stderr)
    assert told is not None, result.stderr
    assert detail in told[1]
    assert {file: file.read_bytes() for file in example_content.rglob("*.yaml")} == before


def test_a_workbook_of_no_sheet_lacks_its_columns(example_content: Path, tmp_path: Path) -> None:
    """Its first sheet was taken without asking whether it had one: an IndexError."""
    make_pending(example_content)
    made = tmp_path / "2024.xlsx"
    assert run_cli("translate", "export", "--out", made, "-q", cwd=tmp_path).returncode == 0
    (tmp_path / "none.xlsx").write_bytes(
        rewritten(
            made.read_bytes(),
            lambda name, data: (
                re.sub(rb"<sheet [^>]*/>", b"", data) if name == "xl/workbook.xml" else data
            ),
        )
    )
    result = run_cli("translate", "import", "none.xlsx", "-q", cwd=tmp_path)
    assert (result.returncode, result.stdout, result.stderr) == (
        1,
        "",
        lacks("none.xlsx", "id, zh, en"),
    )


def test_what_openpyxl_warns_of_is_not_printed(example_content: Path, tmp_path: Path) -> None:
    """A workbook written without styles, as some tools write one, is read as any other; the
    warnings openpyxl gives of it ("Workbook contains no stylesheet, using openpyxl's defaults")
    were printed after the path of its source file, with nothing the editor could do."""
    make_pending(example_content)
    made = tmp_path / "2024.xlsx"
    assert run_cli("translate", "export", "--out", made, "-q", cwd=tmp_path).returncode == 0
    bare = f'<styleSheet xmlns="{SPREADSHEET_NS}"/>'.encode()
    plain = rewritten(
        made.read_bytes(), lambda name, data: bare if name == "xl/styles.xml" else data
    )
    (tmp_path / "plain.xlsx").write_bytes(plain)
    result = run_cli("translate", "import", "plain.xlsx", "-q", cwd=tmp_path)
    assert (result.returncode, result.stderr) == (0, "")
    assert (
        result.stdout == "已导入 0 条译文，0 条未导入。 / imported 0 translation(s), refused 0.\n"
    )


@pytest.mark.parametrize("size", ["A1:E3", "A1", "A1:B11"], ids=["rows", "a cell", "columns"])
def test_a_sheet_is_read_whole_whatever_size_it_says_it_has(size: str) -> None:
    """A workbook may say how large its sheet is, and some tools say it wrong: openpyxl reads
    as far as it is told, and a stale size lost rows without a word, a size of one cell or
    of two columns refused the workbook for want of its target column."""
    texts = [
        units.Unit(f"reports/s/{n}.yaml", "title", f"标题{n}", f"Title {n}", None, (), "")
        for n in range(10)
    ]
    spreadsheet.write(texts, "zh", "en", made := io.BytesIO())
    sized = rewritten(
        made.getvalue(),
        lambda name, data: (
            data.replace(b"<sheetViews>", f'<dimension ref="{size}"/><sheetViews>'.encode(), 1)
            if name == "xl/worksheets/sheet1.xml"
            else data
        ),
    )
    read = list(spreadsheet.read(io.BytesIO(sized), "x.xlsx", "zh", "en"))
    assert [(unit.file, unit.target) for unit in read if isinstance(unit, units.Returned)] == [
        (f"reports/s/{n}.yaml", f"Title {n}") for n in range(10)
    ]
    assert len(read) == 10


def test_lines_written_unusually_keep_their_bytes(example_content: Path, tmp_path: Path) -> None:
    """Spellings ruamel would write its own way (~, extra spaces, [ … ]) stay as written."""
    original = make_pending(example_content)
    file = example_content / "reports" / "wayao-renda" / "2024.yaml"
    odd = {
        "  doc_no: null\n": "  doc_no: ~\n",
        "series: wayao-renda\n": "series:    wayao-renda   \n",
        "year: 2024\n": "year: 2024  # 回顾的年度\n",
        "  heading: {zh: 2024年工作回顾, en: A Review of Our Work in 2024}\n": (
            "  heading: { zh: 2024年工作回顾,  en: A Review of Our Work in 2024 }\n"
        ),
    }
    text = file.read_text(encoding="utf-8")
    for usual, unusual in odd.items():
        assert usual in text
        text = text.replace(usual, unusual)
    file.write_text(text, encoding="utf-8")
    out = export_translated(tmp_path)
    assert run_cli("translate", "import", out, "-q", cwd=tmp_path).returncode == 0
    expected = translated(original)
    for usual, unusual in odd.items():
        expected = expected.replace(usual, unusual)
    assert file.read_text(encoding="utf-8") == expected


def test_a_fresh_draft_says_to_fill_its_placeholders_first(
    example_content: Path, tmp_path: Path
) -> None:
    assert run_cli("new", "--series", "wayao-renda", "--year", "2025", cwd=tmp_path).returncode == 0
    out = tmp_path / "2025.xlf"
    result = run_cli("translate", "export", "--year", "2025", "--out", out, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout == (
        "暂无可译文字：29 条仍含“【待填】”，请先填写（python build.py check 逐一列出）；"
        "未写入 2025.xlf / nothing to translate yet: 29 text(s) still hold 【待填】; "
        "write them first (python build.py check lists them); 2025.xlf not written\n"
    )
    assert not out.exists()


def test_the_memory_reads_only_the_reports_that_could_hold_a_text_it_is_asked_for(
    make_content: MakeContent, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Export asks the archive's memory for the texts not yet translated. A report file is
    read only if it holds a translation and could hold one of them (its bytes in the file, or a
    backslash there, which could escape it): holding every report whole took 53 s and 1.2 GB
    at 10,000 reports."""
    sentence = "text: {zh: 全年组织学习6次。, en: We held 6 study sessions.}"

    def dated(year: int, line: str = sentence) -> str:
        text = REPORT_YAML.replace(sentence, line)
        return re.sub("202[45]", lambda found: str(year + int(found[0]) - 2024), text)

    make_content(
        {
            "test-renda/2024.yaml": dated(2024, "text: {zh: 全年组织学习6次。}"),
            "test-renda/2023.yaml": dated(2023, sentence.replace("学习", "培训")),
            "test-renda/2022.yaml": dated(2022),
            "test-renda/2021.yaml": dated(
                2021, 'text: {zh: "全年组织\\u5b66\\u4e606次。", en: Six sessions.}'
            ),
            # Holds the text, but no translation of anything: it is not asked.
            "test-renda/2020.yaml": re.sub(", en: [^}]*", "", dated(2020)),
        }
    )
    read: list[str] = []

    def load_source(path: Path, **options: Any) -> Any:
        read.append(path.name)
        return loading.load_source(path, **options)

    monkeypatch.setattr(units, "load_source", load_source)
    monkeypatch.chdir(tmp_path)
    assert main(["translate", "export", "--year", "2024", "--out", "2024.xlf", "-q"]) == 0
    assert sorted(read) == ["2021.yaml", "2022.yaml", "2024.yaml"]
    (unit,) = assert_xliff_core((tmp_path / "2024.xlf").read_bytes()).iter(f"{X}unit")
    assert unit.findtext(f"{X}segment/{X}target") == "We held 6 study sessions."
    assert [note.text for note in unit.iter(f"{X}note") if note.get("category") == "memory"] == [
        "翻译记忆 / translation memory: test-renda/2022 review.sections[0].items[0].text"
    ]


def test_the_memory_is_asked_for_many_texts_without_sending_them_with_each_report(
    make_content: MakeContent, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Exporting the pending texts of 10,000 reports, each with its own, the memory was asked
    for 800,000 texts: they went to the workers with every eight reports, and each report's
    bytes were looked over for each of them (more than a quarter of an hour, unfinished). The
    workers now inherit them, and past LOOKED_FOR_UP_TO a report is read instead."""
    sentence = "text: {zh: 全年组织学习6次。, en: We held 6 study sessions.}"

    def of(year: int) -> str:
        # Each pair of years has a long text of its own; the first year of a pair translated.
        own = f"全年组织学习6次，第{(year + 1) // 2}组{'学' * 9_000}。"
        english = f", en: Group {(year + 1) // 2} studied 6 times" if year % 2 else ""
        text = REPORT_YAML.replace(sentence, f"text: {{zh: {own}{english}}}")
        return re.sub("202[45]", lambda found: str(year + int(found[0]) - 2024), text)

    make_content({f"test-renda/{year}.yaml": of(year) for year in range(2001, 2025)})
    sent: list[int] = []
    send = workers._Worker.send

    def sending(self: workers._Worker, work: Any) -> None:
        sent.append(len(pickle.dumps(work)))
        send(self, work)

    monkeypatch.setattr(workers._Worker, "send", sending)
    monkeypatch.setattr(units, "LOOKED_FOR_UP_TO", 5)
    monkeypatch.chdir(tmp_path)
    assert main(["translate", "export", "--out", "pending.xlf", "--jobs", "2", "-q"]) == 0
    assert sent and max(sent) < 10_000  # the twelve texts asked for weigh 324 KB
    found = assert_xliff_core(Path("pending.xlf").read_bytes())
    targets = [unit.findtext(f"{X}segment/{X}target") for unit in found.iter(f"{X}unit")]
    assert targets == [f"Group {year // 2} studied 6 times" for year in range(2002, 2025, 2)]


def test_an_archive_without_a_translation_keeps_no_text_for_the_memory(
    make_content: MakeContent, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The memory has nothing to give where no report holds a translation: its texts are not
    kept to ask it (at 10,000 reports, 360 MB)."""
    make_content({"test-renda/2024.yaml": re.sub(", en: [^}]*", "", REPORT_YAML)})
    asked: list[tuple[object, object]] = []
    remember = units.memory

    def memory(reports: Any, wanted: Any, *args: Any, **kwargs: Any) -> units.Memory:
        asked.append((dict(reports), wanted))
        return remember(reports, wanted, *args, **kwargs)

    monkeypatch.setattr(exchange, "memory", memory)
    monkeypatch.chdir(tmp_path)
    assert main(["translate", "export", "--out", "2024.xlf", "-q"]) == 0
    assert asked == [({}, frozenset())]
    assert Path("2024.xlf").read_bytes().count(b"<unit ") == 12


def test_export_and_import_read_the_cache_of_the_site_they_are_told(
    example_content: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Both check every report first, as `check` does, with the cache of site/ or of --site
    (before or after the action): then only the report exported, or written into, is read."""
    assert run_cli("--no-search", "-q", "--out", "public", cwd=tmp_path).returncode == 0
    read: list[str] = []

    def check_report(path: Path, glossary: Any, **options: Any) -> Any:
        read.append(Path(path).name)
        return validate.check_report(path, glossary, **options)

    monkeypatch.setattr(pipeline, "check_report", check_report)
    monkeypatch.setattr(accepting, "check_report", check_report)
    monkeypatch.setattr(units, "check_report", check_report)
    monkeypatch.chdir(tmp_path)
    export = ["export", "--all", "--out", "all.xlf", "-q"]
    assert main(["translate", "--site", "public", *export]) == 0
    assert read == ["2024.yaml"]
    read.clear()
    assert main(["translate", *export]) == 0
    assert read == ["2024.yaml", "2024.yaml"]
    read.clear()
    assert main(["translate", "import", "all.xlf", "--site", "public", "-q"]) == 0
    assert read == ["2024.yaml"]


LONG = (
    "这是一段很长的文字，长到加上译文之后就不能再写在一行里了，所以要写成上下两行的中文和英文，"
    "每种语言各占一行，便于编辑阅读和修改核对。"
)
SHAPES = f"""\
# a comment line
title: {{zh: 标题, en: Title}}
meeting: {{zh: 会议}}
quoted: {{zh: 文字, en: "Old: words"}}
single: {{zh: 文字, en: 'Old words'}}
block:
  zh: 块
  en: Block
pending:
  zh: 待译  # 行尾注释
  # a comment line after it
after: 短文字  # 行尾注释
long: {LONG}
'quoted source': '引号里的文字'
list:
  - 短
  - {LONG}
  - {{zh: 流式}}
nested:
  items:
    - lead: 引领
      text: {LONG}
"""
PATHS = [
    "title",
    "meeting",
    "quoted",
    "single",
    "block",
    "pending",
    "after",
    "long",
    "quoted source",
    "list[0]",
    "list[1]",
    "list[2]",
    "nested.items[0].lead",
    "nested.items[0].text",
]


@pytest.mark.parametrize("path", PATHS)
@pytest.mark.parametrize(
    "english", ["We held it", "Key: value, it's [so] #1", "A long one " * 12, '"Quoted"']
)
def test_a_text_of_each_shape_is_written_in_place_as_the_round_trip_writes_it(
    path: str, english: str
) -> None:
    """Written in the file's text (a third of the time: the round trip read and wrote the
    whole file twice, nine tenths of an import), each translation goes where ruamel's round
    trip puts it, spelt and quoted as it spells it. Only the spaces before an end-of-line
    comment differ: kept as the editor typed them, where the round trip moved the comment."""
    fast = inplace.translated(SHAPES, {path: english}, "zh", "en")
    assert fast is not None
    assert _spaced(fast[0]) == _spaced(writeback.round_trip(SHAPES, {path: english}, "zh", "en"))


def _spaced(text: str) -> str:
    return re.sub(" +#", " #", text)


def test_every_text_at_once_is_written_in_place() -> None:
    english = {path: f"English of {path}" for path in PATHS}
    fast = inplace.translated(SHAPES, english, "zh", "en")
    assert fast is not None
    text, tree = fast
    assert _spaced(text) == _spaced(writeback.round_trip(SHAPES, english, "zh", "en"))
    # The tree the edit was verified with is the edited text's (the check reads it).
    assert yaml.serialize(tree) == yaml.serialize(yaml.compose(text, Loader=loading.Loader))
    assert text.splitlines()[8:14] == [
        "pending:",
        "  zh: 待译  # 行尾注释",
        "  en: English of pending",
        "  # a comment line after it",
        "after: {zh: 短文字, en: English of after}  # 行尾注释",
        "long:",
    ]


ORIGINAL = "title: {zh: 标题}\nlist:\n  - 甲\n  - {zh: 乙, en: B}\nyear: 2024\n"
EDITED = "title: {zh: 标题, en: T}\nlist:\n  - {zh: 甲, en: A}\n  - {zh: 乙, en: B2}\nyear: 2024\n"
"""ORIGINAL with the texts title, list[0] and list[1] set: T, A and B2."""


@pytest.mark.parametrize(
    ("before", "after", "kept"),
    [
        ("", "", True),
        # The same, spelt otherwise: as block mappings, quoted, a text's languages in another
        # order.
        ("title: {zh: 标题, en: T}", "title:\n  zh: 标题\n  en: 'T'", True),
        ("- {zh: 甲, en: A}", '- zh: "甲"\n    en: A', True),
        ("{zh: 乙, en: B2}", "{en: B2, zh: 乙}", True),
        # Something else changed: a value, its type, the order of the entries, an entry more.
        ("2024", "2025", False),
        ("2024", "'2024'", False),
        ("en: T", "en: 1", False),
        ("zh: 甲,", "zh: 甲乙,", False),
        ("B2", "B", False),
        (
            "list:\n  - {zh: 甲, en: A}\n  - {zh: 乙, en: B2}\nyear: 2024\n",
            "year: 2024\nlist:\n  - {zh: 甲, en: A}\n  - {zh: 乙, en: B2}\n",
            False,
        ),
        ("en: T}", "en: T, x: 1}", False),
        ("B2}\n", "B2}\n  - 丙\n", False),
        ("year: 2024\n", "year: 2024\nmore: 1\n", False),
    ],
)
def test_an_edit_is_kept_only_if_it_reads_as_the_original_with_its_texts(
    before: str, after: str, kept: bool
) -> None:
    """The file edited in place is read back and compared with the original, node by node:
    each text set as the round trip would set it, and nothing else changed. Both were
    constructed and compared as data, which took a tenth of an import."""
    edited = EDITED.replace(before, after)
    root = yaml.compose(ORIGINAL, Loader=loading.Loader)
    assert root is not None
    texts = {"title": "T", "list[0]": "A", "list[1]": "B2"}
    tree = inplace._holds(edited, root, texts, "zh", "en")
    assert (tree is not None) == kept
    if tree is not None:
        assert yaml.serialize(tree) == yaml.serialize(yaml.compose(edited, Loader=loading.Loader))


@pytest.mark.parametrize(
    ("document", "english"),
    [
        ("text: {zh: 甲, en: x}\n", "two\nlines"),  # a literal block
        ("text:\n  zh: |\n    块\n", "y"),  # after a block scalar
        ("text: {zh: 甲,\n  en: x}\n", "y"),  # a flow mapping on two lines
        ("text:\n  zh: 甲\n  en: x\n", "no"),  # the round trip's `no`, which reads as false
    ],
)
def test_other_shapes_are_left_to_the_round_trip(document: str, english: str) -> None:
    assert inplace.translated(document, {"text": english}, "zh", "en") is None
    raw = document.encode("utf-8")
    written, composed = writeback.translated(raw, {"text": english}, "zh", "en")
    assert written.decode("utf-8") == writeback.round_trip(document, {"text": english}, "zh", "en")
    assert composed is None


@settings(max_examples=1500, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "We",
                "held",
                "中文",
                "，",
                "：",
                "6",
                " ",
                ": ",
                " #",
                "-",
                ".",
                "...",
                ":",
                "#",
                "?",
                ",",
                "'",
            ]
            + ['"', "[", "}", "&", "!", "|", ">", "%", "@", "`", "\\", "~", "=", "\t", "\x85"]
            + ["\xa0", "\u2028", "\ufeff", "\uffff", "\U0001f600", "null", "2015", "1e3", ".5"]
        ),
        min_size=1,
        max_size=6,
    ).map("".join),
    st.booleans(),
)
def test_a_text_is_spelt_plain_only_where_ruamel_writes_it_plain(text: str, flow: bool) -> None:
    """The in-place edit writes a plain text as it is without asking ruamel's emitter (half
    the time of an import), only where the emitter would write it so."""
    assert inplace._spelt(text, flow) == inplace._dumped(text, flow)


@settings(max_examples=150, deadline=None)
@given(
    st.dictionaries(
        st.sampled_from(PATHS),
        st.lists(
            st.sampled_from(
                [
                    "We",
                    "held",
                    "6",
                    " ",
                    ": ",
                    "#",
                    " #",
                    "'",
                    '"',
                    ",",
                    "[",
                    "]",
                    "{",
                    "}",
                    "-",
                    "?",
                    "!",
                    "&",
                    "*",
                    "|",
                    ">",
                    "%",
                    "@",
                    "`",
                    "\\",
                    "\t",
                    "yes",
                    "null",
                    "~",
                    "0x1F",
                    "1e3",
                    "12:30",
                    "2024-01-01",
                    "“",
                    "中文",
                    "\u00a0",
                    "A long one " * 9,
                ]
            ),
            min_size=1,
            max_size=8,
        ).map("".join),
        min_size=1,
    )
)
def test_in_place_writes_what_the_round_trip_writes_or_leaves_it_to_it(
    english: dict[str, str],
) -> None:
    """Whatever the translations (YAML's indicators, quotes, spaces at either end, words that
    read as another type), the in-place edit writes the round trip's text or none at all."""
    fast = inplace.translated(SHAPES, english, "zh", "en")
    if fast is not None:
        assert _spaced(fast[0]) == _spaced(writeback.round_trip(SHAPES, english, "zh", "en"))


PLAIN_AS_ONE = re.compile(
    rf"(?!\.\.\.)(?![ #,\[\]{{}}&*!|>'\"%@`?:-])(?:(?!: | #)[{inplace._SHOWN}])+(?<![ :])"
)
"""The texts written plain in block context as one expression: no space at either end, no
indicator first, no `: ` nor ` #`, nor `:` last; in flow context, no `,[]{}` either."""


@settings(max_examples=3000, deadline=None)
@given(
    st.text(
        st.sampled_from(list(" :#,[]{}&*!|>'\"%@`?-.aZ1\n\t\u00a0\u2028\u3000中\ufeff\x85")),
        max_size=8,
    ),
    st.booleans(),
)
def test_a_text_is_plain_as_the_one_expression_says(text: str, flow: bool) -> None:
    """`: ` and ` #` are looked for apart from the expression (once a lookahead at every
    character of every text: a twentieth of an import), to the same effect."""
    plain = PLAIN_AS_ONE.fullmatch(text) is not None
    if flow:
        plain = plain and not set(",[]{}") & set(text)
    assert inplace._plain(text, flow) == plain
