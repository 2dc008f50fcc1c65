"""`new`: next year's report drafted from the last one, its placeholders listed by `check`."""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

import pytest

from reportsite import cache, pipeline, validate
from reportsite.cli import main
from reportsite.editor import newyear
from reportsite.editor.files import create_file
from reportsite.editor.movingon import move_on, ordinal_word
from reportsite.formatting import chinese_number
from reportsite.validate import PLACEHOLDER, load_corpus

from .conftest import (
    REPORT_YAML,
    ROOT,
    SITE_YAML,
    TOO_LARGE,
    Golden,
    MakeContent,
    files_up_to,
    run_cli,
)

GOLDEN = ROOT / "tests" / "golden" / "new"
EXAMPLE = Path("content/reports/wayao-renda")


def test_new_year_from_the_example(example_content: Path, tmp_path: Path, golden: Golden) -> None:
    result = run_cli("new", "--series", "wayao-renda", "--year", "2025", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    draft = tmp_path / EXAMPLE / "2025.yaml"
    text = draft.read_text(encoding="utf-8")
    assert result.stdout == (
        f"已写入 {EXAMPLE}/2025.yaml（由 {EXAMPLE}/2024.yaml 起草），31 处待填；"
        f"python build.py check 逐一列出。 / wrote {EXAMPLE}/2025.yaml (drafted from "
        f"{EXAMPLE}/2024.yaml) with 31 place(s) to fill in; python build.py check lists them.\n"
    )
    golden.check(GOLDEN / "wayao-renda-2025.yaml", text)
    assert text.startswith("# yaml-language-server: $schema=../../../schema/report.schema.json\n")

    last, new = load_corpus(example_content)[0].reports
    assert (new.title.zh, new.title.en) == (
        "2025年人大主席团工作报告",
        "2025 Work Report of the Presidium of the Town People's Congress",
    )
    assert new.meeting is not None
    assert (new.meeting.zh, new.meeting.en) == (
        "镇五届人大六次会议",
        "Sixth Session of the Fifth People's Congress of Wayao Town",
    )
    assert (new.review.heading.zh, new.review.heading.en) == (
        "2025年工作回顾",
        "A Review of Our Work in 2025",
    )
    assert new.tasks is not None and last.tasks is not None
    assert (new.tasks.heading.zh, new.tasks.heading.en) == ("2026年工作任务", "Our Tasks for 2026")
    assert new.disclosure.published.isoformat() == "2026-08-29"
    # One review section per task of last year, linked to it: plan against delivery works.
    assert [(s.id, s.follows) for s in new.review.sections] == [
        (t.id, t.id) for t in last.tasks.items
    ]
    assert [s.title.zh for s in new.review.sections] == [
        f"{PLACEHOLDER}{t.title.zh}" for t in last.tasks.items
    ]


def test_new_year_validates_as_check_does_with_the_cache_of_site(
    example_content: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`new` refuses while the content has errors, so it validates every report: as `check`
    does, the files unchanged since the last build of site/ (or of --site) taken from its
    cache. Only the report drafted from is read, whole (a province's 10,000 reports were each
    read whole, on one core: 53 s and 1.2 GB; with the cache, under a second), and not held
    against the glossary again: validation told its warnings."""
    assert run_cli("--no-search", "-q", cwd=tmp_path).returncode == 0
    read: list[str] = []
    held: list[str] = []  # those read with the glossary

    def check_report(path: Path, glossary: Any, **options: Any) -> Any:
        read.append(Path(path).as_posix())
        held.extend([Path(path).as_posix()] if glossary else [])
        return validate.check_report(path, glossary, **options)

    monkeypatch.setattr(pipeline, "check_report", check_report)
    monkeypatch.setattr(newyear, "check_report", check_report)
    monkeypatch.chdir(tmp_path)
    assert main(["new", "--series", "wayao-renda", "--year", "2025", "-q"]) == 0
    assert (read, held) == ([f"{EXAMPLE}/2024.yaml"], [])
    cache.path_for(tmp_path / "site").unlink()
    read.clear()
    assert main(["new", "--series", "wayao-renda", "--year", "2026", "-q"]) == 0
    assert read == [f"{EXAMPLE}/2024.yaml", f"{EXAMPLE}/2025.yaml", f"{EXAMPLE}/2025.yaml"]
    assert held == [f"{EXAMPLE}/2024.yaml", f"{EXAMPLE}/2025.yaml"]
    # A site built elsewhere is named; its cache knows 2026, which site/'s never did.
    assert run_cli("--no-search", "-q", "--out", "public", cwd=tmp_path).returncode == 0
    read.clear()
    assert main(["new", "--series", "wayao-renda", "--year", "2027", "--site", "public"]) == 0
    assert read == [f"{EXAMPLE}/2026.yaml"]


def test_check_lists_every_placeholder(
    example_content: Path, tmp_path: Path, golden: Golden
) -> None:
    run_cli("new", "--series", "wayao-renda", "--year", "2025", cwd=tmp_path)
    result = run_cli("check", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    golden.check(GOLDEN / "check-wayao-renda-2025.txt", result.stderr)
    warnings = [line for line in result.stderr.splitlines() if ": 警告 warning: " in line]
    assert len(warnings) == 31
    assert all("尚待填写：【待填】" in line for line in warnings)
    assert "follows" not in result.stderr

    strict = run_cli("check", "--strict", cwd=tmp_path)
    assert strict.returncode == 1
    assert strict.stderr.endswith(
        "共 0 个错误、31 个警告，涉及 1 个文件。 / 0 error(s), 31 warning(s) in 1 file(s).\n"
    )
    refused = run_cli("--strict", "--no-search", "--out", tmp_path / "site", cwd=tmp_path)
    assert refused.returncode == 1
    assert not (tmp_path / "site").exists()
    built = run_cli("--no-search", "--out", tmp_path / "site", cwd=tmp_path)
    assert built.returncode == 0, built.stderr
    page = tmp_path / "site" / "zh" / "wayao-renda" / "2025" / "index.html"
    assert "2025年人大主席团工作报告" in page.read_text(encoding="utf-8")
    # Plan against delivery: last year's page says each task is reported on in the draft.
    last = tmp_path / "site" / "zh" / "wayao-renda" / "2024" / "index.html"
    assert last.read_text(encoding="utf-8").count('class="cross-year progress-reported"') == 4


def test_placeholders_found_in_texts_and_comments(
    make_content: MakeContent, tmp_path: Path
) -> None:
    report = (
        REPORT_YAML.replace(
            "  published: 2025-01-10", f"  published: 2025-01-10  # {PLACEHOLDER}公开日期"
        )
        .replace("{zh: 2024年工作报告,", f"{{zh: {PLACEHOLDER}2024年工作报告,")
        .replace("    - id: first\n", f"    - id: first  # {PLACEHOLDER}锚点\n")
        .replace(
            "      title: {zh: 继续学习, en: Keep Studying}",
            f"      title: {PLACEHOLDER}一段很长很长很长很长很长很长很长很长很长很长很长的标题",
        )
    )
    make_content({"test-renda/2024.yaml": report})
    result = run_cli("check", cwd=tmp_path)
    assert result.returncode == 0
    file = "content/reports/test-renda/2024.yaml"
    fix = (
        "\n    修改 fix: 填写实际内容后删去“【待填】” / "
        "write the real content, then delete 【待填】\n"
    )
    assert result.stderr == (
        f"{file}:7:28: 警告 warning: disclosure.published: 尚待填写：【待填】公开日期 / "
        f"still to be filled in: 【待填】公开日期{fix}"
        f"{file}:8:13: 警告 warning: title.zh: 尚待填写：【待填】2024年工作报告 / "
        f"still to be filled in: 【待填】2024年工作报告{fix}"
        f"{file}:12:20: 警告 warning: review.sections[0].id: 尚待填写：【待填】锚点 / "
        f"still to be filled in: 【待填】锚点{fix}"
        f"{file}:26:14: 警告 warning: tasks.items[0].title: "
        f"尚待填写：【待填】一段很长很长很长很长很长很长很长很长很长很长很长… / "
        f"still to be filled in: 【待填】一段很长很长很长很长很长很长很长很长很长很长很长…{fix}"
        "共 0 个错误、4 个警告，涉及 1 个文件。 / 0 error(s), 4 warning(s) in 1 file(s).\n"
    )


def test_never_overwrites(example_content: Path, tmp_path: Path) -> None:
    existing = tmp_path / EXAMPLE / "2024.yaml"
    before = existing.read_bytes()
    result = run_cli("new", "--series", "wayao-renda", "--year", "2024", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr == (
        f"{EXAMPLE}/2024.yaml:1:1: 错误 error: 已有 wayao-renda 的 2024 年报告，不会覆盖 / "
        "a 2024 report of wayao-renda already exists; it is not overwritten\n"
        "    修改 fix: 直接编辑这个文件，或换一个年度 / edit that file, or choose another year\n"
        "共 1 个错误、0 个警告，涉及 1 个文件。 / 1 error(s), 0 warning(s) in 1 file(s).\n"
    )
    assert existing.read_bytes() == before
    every = run_cli("new", "--all", "--year", "2024", cwd=tmp_path)  # the one series: left
    assert (every.returncode, every.stderr) == (0, "")
    assert every.stdout == (
        "已起草 0 份报告；1 个系列已有 2024 年报告，未改动。 / drafted 0 report(s); 1 series "
        "already had a 2024 report, left as it was.\n"
    )
    assert existing.read_bytes() == before

    first = run_cli("new", "--series", "wayao-renda", "--year", "2025", cwd=tmp_path)
    assert first.returncode == 0
    draft = tmp_path / EXAMPLE / "2025.yaml"
    draft.write_text(draft.read_text(encoding="utf-8") + "# 已开始编辑\n", encoding="utf-8")
    edited = draft.read_bytes()
    again = run_cli("new", "--series", "wayao-renda", "--year", "2025", cwd=tmp_path)
    assert again.returncode == 1
    assert "已有 wayao-renda 的 2025 年报告，不会覆盖" in again.stderr
    assert draft.read_bytes() == edited


def test_a_draft_cut_short_by_a_full_disk_is_not_left_behind(
    example_content: Path, tmp_path: Path
) -> None:
    """Once half a draft was left, and the next `new` refused it as a report that exists."""
    args = ("new", "--series", "wayao-renda", "--year", "2025")
    full = run_cli(*args, cwd=tmp_path, preexec_fn=files_up_to(4096))
    assert (full.returncode, full.stdout) == (1, "")
    assert full.stderr == (
        f"{EXAMPLE}/2025.yaml: {TOO_LARGE}"
        "共 1 个错误、0 个警告，涉及 1 个文件。 / 1 error(s), 0 warning(s) in 1 file(s).\n"
    )
    assert sorted(p.name for p in (tmp_path / EXAMPLE).iterdir()) == ["2024.yaml"]
    assert run_cli(*args, cwd=tmp_path).returncode == 0
    assert PLACEHOLDER in (tmp_path / EXAMPLE / "2025.yaml").read_text(encoding="utf-8")


def test_a_draft_takes_its_name_only_once_written_whole(
    example_content: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The name was once claimed by an empty file, then filled: `new` killed between the two
    left an empty report, which the next `new` refused as one that exists."""
    draft = tmp_path / EXAMPLE / "2025.yaml"
    seen: list[bool] = []
    chmod = os.chmod

    def watched(path: str, mode: int) -> None:  # the last step before the file is named
        seen.append(draft.exists())
        chmod(path, mode)

    monkeypatch.setattr(os, "chmod", watched)
    monkeypatch.chdir(tmp_path)
    assert main(["new", "--series", "wayao-renda", "--year", "2025", "-q"]) == 0
    assert seen == [False]
    assert PLACEHOLDER in draft.read_text(encoding="utf-8")
    assert sorted(p.name for p in draft.parent.iterdir()) == ["2024.yaml", "2025.yaml"]


def test_a_draft_on_a_file_system_without_links(
    example_content: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """FAT and some network shares have no hard links: the draft is written all the same,
    and a report that exists is still never overwritten."""

    def no_links(source: str, target: str) -> None:
        raise PermissionError(1, "Operation not permitted")

    monkeypatch.setattr(os, "link", no_links)
    monkeypatch.chdir(tmp_path)
    args = ["new", "--series", "wayao-renda", "--year", "2025", "-q"]
    assert main(args) == 0
    draft = tmp_path / EXAMPLE / "2025.yaml"
    written = draft.read_bytes()
    assert PLACEHOLDER in written.decode("utf-8")
    assert main(args) == 1
    with pytest.raises(FileExistsError):
        create_file(draft, b"another hand's")
    assert draft.read_bytes() == written
    assert sorted(p.name for p in draft.parent.iterdir()) == ["2024.yaml", "2025.yaml"]


def test_skeleton_for_a_series_without_reports(
    make_content: MakeContent, tmp_path: Path, golden: Golden
) -> None:
    site = SITE_YAML + (
        "  test-zhengfu:\n"
        "    name: {zh: 测试镇政府工作报告, en: Work Reports of the Test Town Government}\n"
        "    body: {zh: 测试镇人民政府, en: People's Government of Test Town}\n"
    )
    make_content(site=site)
    result = run_cli("new", "--series", "test-zhengfu", "--year", "2025", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "新系列的骨架" in result.stdout and "a skeleton for a new series" in result.stdout
    skeleton = tmp_path / "content" / "reports" / "test-zhengfu" / "2025.yaml"
    golden.check(GOLDEN / "skeleton-2025.yaml", skeleton.read_text(encoding="utf-8"))
    check = run_cli("check", cwd=tmp_path)
    assert check.returncode == 0, check.stderr
    count = skeleton.read_text(encoding="utf-8").count(PLACEHOLDER)
    assert check.stderr.count("尚待填写") == count > 0
    assert run_cli("check", "--strict", cwd=tmp_path).returncode == 1


def test_a_year_before_the_first_report_is_a_skeleton_of_the_series(
    example_content: Path, tmp_path: Path
) -> None:
    """It was called a skeleton for a new series, of a series that had reports."""
    result = run_cli("new", "--series", "wayao-renda", "--year", "2023", cwd=tmp_path)
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout == (
        f"已写入 {EXAMPLE}/2023.yaml（骨架：本系列没有更早的报告），8 处待填；"
        "python build.py check 逐一列出。 / "
        f"wrote {EXAMPLE}/2023.yaml (a skeleton: the series has no earlier report) "
        "with 8 place(s) to fill in; python build.py check lists them.\n"
    )


def test_new_year_from_a_report_of_every_shape(tmp_path: Path) -> None:
    """A government work report (numbered parts, sub-sections, an extra part, task sub-items,
    a delivery date) drafts into a report that checks, with every invented id distinct."""
    content = Path(shutil.copytree(ROOT / "tests" / "cases" / "shapes", tmp_path / "content"))
    result = run_cli("new", "--series", "test-zhengfu", "--year", "2024", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    check = run_cli("check", cwd=tmp_path)
    assert check.returncode == 0, check.stderr
    draft = (content / "reports" / "test-zhengfu" / "2024.yaml").read_text(encoding="utf-8")
    assert check.stderr.count("尚待填写") == draft.count(PLACEHOLDER) > 0
    last, new = load_corpus(content)[0].reports
    assert new.numbering is last.numbering
    assert new.delivered is not None and last.delivered is not None
    assert new.delivered.year == last.delivered.year + 1
    assert "delivered: " + new.delivered.isoformat() + f"  # {PLACEHOLDER}" in draft
    assert new.tasks is not None and last.tasks is not None
    assert [s.follows for s in new.review.sections] == [t.id for t in last.tasks.items]
    assert run_cli("--no-search", cwd=tmp_path).returncode == 0


def test_unknown_series_is_refused(make_content: MakeContent, tmp_path: Path) -> None:
    make_content()
    result = run_cli("new", "--series", "test-rend", "--year", "2025", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr == (
        "content/site.yaml:1:1: 错误 error: 系列“test-rend”未在 site.yaml 中定义 / "
        "series 'test-rend' is not defined in site.yaml\n"
        "    修改 fix: 是否应为“test-renda”？ / did you mean 'test-renda'?\n"
        "共 1 个错误、0 个警告，涉及 1 个文件。 / 1 error(s), 0 warning(s) in 1 file(s).\n"
    )
    assert not (tmp_path / "content" / "reports" / "test-rend").exists()


def _series(name: str) -> str:
    return (
        f"  {name}:\n"
        f"    name: {{zh: {name}工作报告, en: Work Reports of {name}}}\n"
        f"    body: {{zh: {name}机关, en: Body {name}}}\n"
    )


def _drafted(root: Path, path: Path, base: str) -> str:
    """What `new` says of a draft it wrote (base: the report it is drafted from)."""
    count = (root / path).read_text(encoding="utf-8").count(PLACEHOLDER)
    zh, en = (
        (f"由 {base} 起草", f"drafted from {base}")
        if base
        else ("新系列的骨架", "a skeleton for a new series")
    )
    return (
        f"已写入 {path}（{zh}），{count} 处待填；python build.py check 逐一列出。 / "
        f"wrote {path} ({en}) with {count} place(s) to fill in; python build.py check lists them.\n"
    )


def test_every_series_is_drafted_at_once_but_those_with_the_years_report(
    make_content: MakeContent, tmp_path: Path
) -> None:
    """A province's year begins with a draft for every body: one `new` at a time validated the
    whole content each time (at 10,000 reports, 14 s a draft, four hours for a thousand)."""
    site = SITE_YAML + _series("test-zhengfu") + _series("test-dangwei")
    content = make_content(
        {
            "test-renda/2024.yaml": REPORT_YAML,
            "test-dangwei/2025.yaml": REPORT_YAML.replace("2024", "2025").replace(
                "series: test-renda", "series: test-dangwei"
            ),
        },
        site=site,
    )
    kept = (content / "reports/test-dangwei/2025.yaml").read_bytes()
    result = run_cli("new", "--all", "--year", "2025", cwd=tmp_path)
    assert (result.returncode, result.stderr) == (0, "")
    renda, zhengfu = (
        Path(f"content/reports/{name}/2025.yaml") for name in ("test-renda", "test-zhengfu")
    )
    assert result.stdout == (
        _drafted(tmp_path, renda, "content/reports/test-renda/2024.yaml")
        + _drafted(tmp_path, zhengfu, "")
        + "已起草 2 份报告；1 个系列已有 2025 年报告，未改动。 / drafted 2 report(s); 1 series "
        "already had a 2025 report, left as it was.\n"
    )
    assert (content / "reports/test-dangwei/2025.yaml").read_bytes() == kept
    assert run_cli("check", cwd=tmp_path).returncode == 0


def test_series_named_together_are_refused_together(
    make_content: MakeContent, tmp_path: Path
) -> None:
    """One series misspelt among several: nothing is drafted, and the command says why."""
    make_content(site=SITE_YAML + _series("test-zhengfu"))
    args = ("new", "--series", "test-renda", "--series", "test-zhengfu", "--year", "2025")
    result = run_cli(*args[:3], "--series", "test-zhengf", *args[3:], cwd=tmp_path)
    assert (result.returncode, result.stdout) == (1, "")
    assert result.stderr == (
        "content/site.yaml:1:1: 错误 error: 系列“test-zhengf”未在 site.yaml 中定义 / "
        "series 'test-zhengf' is not defined in site.yaml\n"
        "    修改 fix: 是否应为“test-zhengfu”？ / did you mean 'test-zhengfu'?\n"
        "共 1 个错误、0 个警告，涉及 1 个文件。 / 1 error(s), 0 warning(s) in 1 file(s).\n"
    )
    assert sorted(p.name for p in (tmp_path / "content/reports").iterdir()) == ["test-renda"]
    result = run_cli(*args, cwd=tmp_path)
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout.endswith(
        "已起草 2 份报告；0 个系列已有 2025 年报告，未改动。 / drafted 2 report(s); 0 series "
        "already had a 2025 report, left as it was.\n"
    )
    again = run_cli(*args, cwd=tmp_path)  # named, a report of the year is refused, as alone
    assert again.returncode == 1 and again.stderr.count("不会覆盖") == 2


def test_many_drafts_are_made_on_every_core(
    make_content: MakeContent, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, forked: list[int]
) -> None:
    names = [f"test-s{number:02}" for number in range(24)]
    make_content(
        {
            f"{name}/2024.yaml": REPORT_YAML.replace("series: test-renda", f"series: {name}")
            for name in names
        },
        site=SITE_YAML + "".join(_series(name) for name in names),
    )
    monkeypatch.chdir(tmp_path)
    forked.clear()
    assert main(["new", "--all", "--year", "2025", "--jobs", "2", "-q"]) == 0
    assert forked == [2, 2]  # the content checked, then the drafts made
    drafts = sorted(Path("content/reports").glob("*/2025.yaml"))
    assert [draft.parent.name for draft in drafts] == ["test-renda", *names]  # its skeleton
    assert all(PLACEHOLDER in draft.read_text(encoding="utf-8") for draft in drafts)


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ("镇五届人大五次会议", "镇五届人大六次会议"),
        ("第五届人民代表大会第九次会议", "第五届人民代表大会第十次会议"),
        ("第19次会议", "第20次会议"),
        ("2025年工作任务", "2026年工作任务"),
        ("2024年是新中国成立75周年（1949年）", "2025年是新中国成立75周年（1949年）"),
        (
            "Fifth Session of the Fifth People's Congress",
            "Sixth Session of the Fifth People's Congress",
        ),
        ("Twenty-First Session", "Twenty-Second Session"),
        ("the ninth session", "the tenth session"),
        ("3rd Session", "4th Session"),
        ("Our Tasks for 2025", "Our Tasks for 2026"),
    ],
)
def test_numbers_move_on(before: str, after: str) -> None:
    assert move_on(before, 1, first_year=2024) == after


def test_number_words() -> None:
    assert [chinese_number(n) for n in (1, 10, 11, 20, 99)] == [
        "一",
        "十",
        "十一",
        "二十",
        "九十九",
    ]
    assert [ordinal_word(n) for n in (1, 12, 20, 21, 99)] == [
        "first",
        "twelfth",
        "twentieth",
        "twenty-first",
        "ninety-ninth",
    ]


def test_a_mark_deep_in_a_hostile_file_is_located(
    make_content: MakeContent, tmp_path: Path
) -> None:
    depth = 990  # just inside load.MAX_DEPTH
    make_content({"test-renda/2024.yaml": f"title: {'[' * depth}{PLACEHOLDER}{']' * depth}\n"})
    result = run_cli("check", cwd=tmp_path)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    mark = (
        f"content/reports/test-renda/2024.yaml:1:{depth + 8}: 警告 warning: title{'[0]' * depth}: "
    )
    assert mark in result.stderr
