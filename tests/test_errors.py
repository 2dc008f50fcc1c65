"""Exact error texts for each class of bad input, and that a failed build keeps the old site.

The expected texts live in tests/golden/errors/<case>.txt (pytest --update-golden rewrites them).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import REPORT_YAML, ROOT, Golden, MakeContent, files_up_to, run_cli, tree_bytes

R = REPORT_YAML
GOLDEN = ROOT / "tests" / "golden" / "errors"

CASES: dict[str, dict[str, str | bytes]] = {
    "duplicate-key": {
        "test-renda/2024.yaml": R.replace("year: 2024\n", "year: 2024\nyear: 2023\n")
    },
    "unknown-key": {"test-renda/2024.yaml": R.replace("  published:", "  publishd:")},
    "yaml-boolean": {"test-renda/2024.yaml": R.replace("en: Study deepened}", "en: no}")},
    "octal": {"test-renda/2024.yaml": R.replace("value: 6", "value: 010")},
    "sexagesimal": {"test-renda/2024.yaml": R.replace("en: We will keep studying.}", "en: 12:30}")},
    "number-as-text": {
        "test-renda/2024.yaml": R.replace(
            "{zh: 继续学习, en: Keep Studying}", "{zh: 2025, en: Keep Studying}"
        )
    },
    "quoted-year": {"test-renda/2024.yaml": R.replace("year: 2024", 'year: "2024"')},
    "tab": {"test-renda/2024.yaml": R.replace("  index_no:", "\tindex_no:")},
    "not-utf8": {"test-renda/2024.yaml": R.encode("gb18030")},
    "impossible-date": {"test-renda/2024.yaml": R.replace("2025-01-10", "2025-02-30")},
    "bad-date": {"test-renda/2024.yaml": R.replace("2025-01-10", "2025/01/10")},
    "unknown-series": {
        "test-renda/2024.yaml": R.replace("series: test-renda", "series: test-rend")
    },
    "two-reports": {"test-renda/2024.yaml": R, "test-renda/2024-copy.yaml": R},
    "not-slug": {"test-renda/2024.yaml": R.replace("- id: first", "- id: First Section")},
    "typed-numbering": {"test-renda/2024.yaml": R.replace("{zh: 加强学习,", "{zh: 一、加强学习,")},
    "lead-full-stop": {
        "test-renda/2024.yaml": R.replace("{zh: 学习不断深入,", "{zh: 学习不断深入。,")
    },
    "figure-not-in-text": {"test-renda/2024.yaml": R.replace("value: 6", "value: 7")},
    "missing-key": {
        "test-renda/2024.yaml": R.replace("  catalog: {zh: 工作报告, en: Work Reports}\n", "")
    },
    "syntax": {
        "test-renda/2024.yaml": R.replace(
            "title: {zh: 2024年工作报告, en: 2024 Work Report}",
            "title: {zh: 2024年工作报告, en: 2024 Work Report",
        )
    },
    "alias": {
        "test-renda/2024.yaml": R.replace(
            "  issuer: {zh: 测试镇人民政府, en: People's Government of Test Town}",
            "  issuer: &who {zh: 测试镇人民政府, en: People's Government of Test Town}",
        ).replace("  catalog: {zh: 工作报告, en: Work Reports}", "  catalog: *who")
    },
    "raw-html": {
        "test-renda/2024.yaml": R.replace(
            "en: We held 6 study sessions.}", "en: We held 6 <script>alert(1)</script> sessions.}"
        )
    },
    "javascript-link": {
        "test-renda/2024.yaml": R.replace(
            "      text: {zh: 继续加强学习。, en: We will keep studying.}",
            "      text:\n        zh: 继续加强学习。\n"
            "        en: We will [keep](javascript:alert(1)) studying.",
        )
    },
    "duplicate-id": {
        "test-renda/2024.yaml": R.replace(
            "    - id: study\n",
            "    - id: study\n      title: {zh: 甲, en: A}\n"
            "      text: {zh: 甲。, en: A.}\n    - id: study\n",
        )
    },
    "follows-unknown": {
        "test-renda/2024.yaml": R,
        "test-renda/2025.yaml": R.replace("year: 2024", "year: 2025").replace(
            "    - id: first\n", "    - id: first\n      follows: studdy\n"
        ),
    },
    "control-char": {"test-renda/2024.yaml": R.replace("全年组织学习", "全年\x0b组织学习")},
    # Ones YAML refuses itself (a C1 control, a non-character): once a syntax error at 1:1.
    "control-char-yaml": {
        "test-renda/2024.yaml": R.replace("全年组织学习", "全年\x9b组织\uffff学习")
    },
    # Written as escapes, in a key and in values: the NUL and U+FFFF once reached the feeds.
    "control-escape": {
        "test-renda/2024.yaml": R.replace("text: {zh: 全年组织学习", 'text: {zh: "全年\\0组织学习')
        .replace("6次。, en: We", '6次。", en: We')
        .replace("  sections:\n", '  "sec\\u200Btions":\n')
        .replace("text: {zh: 继续加强学习。", 'text: {zh: "继续\\uFFFF加强学习。"')
        .replace("en: We will keep studying.}", 'en: "We will keep \\u202Estudying."}')
    },
    # A page would show "held 6" as "6 dleh"; the file, the search and the data as typed.
    "bidi-mark": {
        "test-renda/2024.yaml": R.replace("held 6", "\u202eheld 6\u202c").replace(
            "全年组织学习", "全年\u2067组织学习"
        )
    },
    "empty": {"test-renda/2024.yaml": ""},
    "reserved-series": {"test-renda/2024.yaml": R.replace("series: test-renda", "series: search")},
}


@pytest.mark.parametrize("case", CASES)
def test_error_text(case: str, make_content: MakeContent, tmp_path: Path, golden: Golden) -> None:
    make_content(CASES[case])
    result = run_cli("check", cwd=tmp_path)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    golden.check(GOLDEN / f"{case}.txt", result.stderr)


@pytest.fixture(scope="module")
def previous_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A good site built once, copied into place before each failing build."""
    folder = tmp_path_factory.mktemp("previous")
    result = run_cli("--out", folder / "site", cwd=ROOT)
    assert result.returncode == 0, result.stderr
    return folder / "site"


@pytest.mark.parametrize("case", CASES)
def test_failed_build_keeps_previous_site(
    case: str, make_content: MakeContent, tmp_path: Path, previous_site: Path
) -> None:
    make_content(CASES[case])
    out = tmp_path / "site"
    shutil.copytree(previous_site, out)
    before = tree_bytes(out)
    result = run_cli("--out", out, cwd=tmp_path)
    assert result.returncode == 1
    assert "site was not changed" in result.stderr
    assert tree_bytes(out) == before
    # No staging or work folder is left; the lock file stays (removing it would let two
    # builds each hold a lock of their own), and a failed build writes no cache.
    assert sorted(p.name for p in tmp_path.iterdir()) == [".site.lock", "content", "site"]


FULL = (
    "site: 错误 error: 磁盘空间不足，或文件超出了大小限制（File too large） / the disk is full, or"
    " a file is over the size limit (File too large)\n"
    "    修改 fix: 腾出磁盘空间后再运行（新网站完成之前，旧网站一直保留） / free disk space and"
    " run again (the old site is kept until the new one is complete)\n"
    "共 1 个错误、0 个警告，涉及 1 个文件；site 未改动。 / 1 error(s), 0 warning(s) in 1 file(s);"
    " site was not changed.\n"
)


@pytest.mark.skipif(sys.platform != "linux", reason="file size limits are POSIX; SIGXFSZ Linux's")
@pytest.mark.parametrize("limit", [16, 4096], ids=["at-once", "later"])
@pytest.mark.parametrize("options", [[], ["--no-cache"]], ids=["cache", "no-cache"])
def test_a_disk_that_fills_up_keeps_the_site_and_says_so(
    options: list[str], limit: int, make_content: MakeContent, tmp_path: Path
) -> None:
    """A file the build cannot write in full (a full disk, here a file size limit, which the
    kernel enforces the same way) stops it with a message, not a traceback; the site, the
    spare and the cache are as they were. At once: the first file a build writes (the mark
    of its own folders) is refused; later: a page."""
    make_content()
    assert run_cli("--out", "site", "--no-search", *options, cwd=tmp_path).returncode == 0
    (tmp_path / "content" / "reports" / "test-renda" / "2024.yaml").write_text(
        R.replace("全年组织学习6次", "全年组织培训6次"), "utf-8"
    )
    before = _beside(tmp_path)

    full = files_up_to(limit)
    result = run_cli("--out", "site", "--no-search", *options, cwd=tmp_path, preexec_fn=full)
    assert (result.returncode, result.stdout, result.stderr) == (1, "", FULL)
    assert _beside(tmp_path) == before


def _beside(folder: Path) -> dict[str, object]:
    """The site, the lock and the cache, byte for byte, and whether there is a spare (a build
    that started from it may have written into it: what it holds is never trusted)."""
    return {
        p.name: tree_bytes(p) if p.is_dir() else p.read_bytes()
        for p in folder.iterdir()
        if ".spare-" not in p.name
    } | {"spare": any(folder.glob(".site.spare-*"))}


def test_every_problem_in_every_file_at_once(make_content: MakeContent, tmp_path: Path) -> None:
    make_content({name: files["test-renda/2024.yaml"] for name, files in _three_broken()})
    result = run_cli("check", cwd=tmp_path)
    located = [line for line in result.stderr.splitlines() if ": 错误 error: " in line]
    assert [line.split(":")[0].rsplit("/", 1)[1] for line in located] == [
        "2021.yaml",
        "2022.yaml",
        "2023.yaml",
    ]
    assert result.stderr.endswith(
        "共 3 个错误、0 个警告，涉及 3 个文件。 / 3 error(s), 0 warning(s) in 3 file(s).\n"
    )


def _three_broken() -> list[tuple[str, dict[str, str | bytes]]]:
    picks = [("2021", "tab"), ("2022", "impossible-date"), ("2023", "typed-numbering")]
    return [
        (
            f"test-renda/{year}.yaml",
            {
                "test-renda/2024.yaml": str(CASES[case]["test-renda/2024.yaml"]).replace(
                    "year: 2024", f"year: {year}"
                )
            },
        )
        for year, case in picks
    ]


def test_bom_and_crlf_are_accepted(make_content: MakeContent, tmp_path: Path) -> None:
    make_content({"test-renda/2024.yaml": b"\xef\xbb\xbf" + R.replace("\n", "\r\n").encode()})
    result = run_cli("check", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""


def test_a_reader_that_stops_early_gets_no_traceback(tmp_path: Path) -> None:
    """`python build.py check | head -0`: the reader is gone before the first line."""
    read, write = os.pipe()
    os.close(read)
    try:
        result = subprocess.run(
            [sys.executable, str(ROOT / "build.py"), "check", "--content", str(ROOT / "content")],
            cwd=tmp_path,
            stdout=write,
            stderr=subprocess.PIPE,
            text=True,
            encoding="utf-8",
            timeout=120,
            check=False,
        )
    finally:
        os.close(write)
    assert result.stderr == ""
    assert result.returncode == 1


@pytest.mark.parametrize("program", [[str(ROOT / "build.py")], ["-m", "reportsite"]])
def test_what_the_program_says_reaches_a_pipe_whole(program: list[str]) -> None:
    """The program ends without Python's own ending (cli.run), which would have written out
    what the streams still held: into a pipe, standard output is buffered (no
    PYTHONUNBUFFERED), so what it says must be written out before."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}
    result = run_cli("check", "--content", ROOT / "content", cwd=ROOT, env=env, program=program)
    assert (result.returncode, result.stderr) == (0, "")
    expected = "wayao-renda/2024: 译文 87/87 条 / translated 87 of 87 texts (100%)\n"
    assert result.stdout == expected


def test_a_glossary_term_is_warned_of_in_each_text_whose_english_lacks_it(
    make_content: MakeContent, tmp_path: Path
) -> None:
    """Once for each text that uses a term and lacks its rendering, in the file's order, and a
    text's terms in the glossary's: a term twice in a text warned of once; none where the
    rendering or a variant is used, in any case; none for a term the report does not use, nor
    for one found only across two texts (the end of a lead and the start of its text)."""
    glossary = (
        "terms:\n"
        "  - {zh: 学习, en: study}\n"
        "  - {zh: 全年, en: over the year, variants: [all year]}\n"
        "  - {zh: 工作, en: work}\n"
        "  - {zh: 代表, en: deputies}\n"
        "  - {zh: 深入全年, en: across}\n"
    )
    report = R.replace(
        "text: {zh: 全年组织学习6次。, en: We held 6 study sessions.}",
        "text: {zh: 全年组织学习6次，学习全年不断。, en: We held 6 sessions.}",
    ).replace(
        "text: {zh: 继续加强学习。, en: We will keep studying.}",
        "text: {zh: 全年继续加强学习。, en: We will keep studying All Year.}",
    )
    make_content({"test-renda/2024.yaml": report}, glossary=glossary)
    result = run_cli("check", "-q", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    file = "content/reports/test-renda/2024.yaml"
    assert result.stderr == (
        f"{file}:16:44: 警告 warning: review.sections[0].items[0].text.en: 中文含术语“学习”，"
        "英文未使用规范译法“study” / the Chinese uses '学习' but the English lacks the agreed "
        "rendering 'study'\n"
        f"{file}:16:44: 警告 warning: review.sections[0].items[0].text.en: 中文含术语“全年”，"
        "英文未使用规范译法“over the year” / the Chinese uses '全年' but the English lacks the "
        "agreed rendering 'over the year'\n"
        f"{file}:23:32: 警告 warning: tasks.heading.en: 中文含术语“工作”，英文未使用规范译法"
        "“work” / the Chinese uses '工作' but the English lacks the agreed rendering 'work'\n"
        "共 0 个错误、3 个警告，涉及 1 个文件。 / 0 error(s), 3 warning(s) in 1 file(s).\n"
    )
