"""`python build.py mkdocs DIR`: the Markdown twins as an MkDocs project that `mkdocs build
--strict` builds without a warning; and a plain build that never imports mkdocs."""

from __future__ import annotations

import errno
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from reportsite.cli import main
from reportsite.editor import mkdocs_export
from reportsite.write import Staging

from .conftest import (
    CONTENT,
    REPORT_YAML,
    ROOT,
    MakeContent,
    files_up_to,
    run_cli,
    tree_bytes,
    write,
)
from .mkdocs_site import external_requests, mkdocs_build

NO_MKDOCS = """\
import sys

class Refuse:
    def find_spec(self, name, path=None, target=None):
        if name.partition(".")[0] in ("mkdocs", "watchdog"):
            raise ImportError(f"a build imported {name}")
        return None

sys.meta_path.insert(0, Refuse())
sys.argv = ["build.py", *sys.argv[1:]]
from reportsite.cli import main
status = main()
loaded = sorted(m for m in sys.modules if m.partition(".")[0] in ("mkdocs", "watchdog"))
assert not loaded, loaded
raise SystemExit(status)
"""


def test_export_of_the_example_builds_strict(tmp_path: Path) -> None:
    project = tmp_path / "portal"
    result = run_cli("mkdocs", project, "--content", CONTENT, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout == (
        "已写出 portal/mkdocs.yml 与 6 个页面 / wrote portal/mkdocs.yml and 6 pages\n"
        "生成网站 / to build it: mkdocs build -f portal/mkdocs.yml\n"
    )

    config = yaml.safe_load((project / "mkdocs.yml").read_text(encoding="utf-8"))
    assert config["theme"] == {"name": "mkdocs", "highlightjs": False, "navigation_depth": 3}
    # The handbook's own way to pages and search in Chinese, its files copied.
    assert config["hooks"] == ["chinese.py"]
    assert config["plugins"] == [{"search": {"lang": "zh", "min_search_length": 2}}]
    for name in ("chinese.py", "search-zh.js"):
        assert (project / name).read_bytes() == (ROOT / "docs" / name).read_bytes()
    series_zh, series_en = (
        "瓦窑镇人大主席团工作报告",
        ("Work Reports of the Presidium of the Wayao Town People's Congress"),
    )
    assert config["nav"] == [
        {"首页 / Home": "index.md"},
        {
            "中文": [
                {
                    series_zh: [
                        {"历年概览": "zh/wayao-renda/index.md"},
                        {"2024年": "zh/wayao-renda/2024/index.md"},
                    ]
                }
            ]
        },
        {
            "English": [
                {
                    series_en: [
                        {"Overview": "en/wayao-renda/index.md"},
                        {"2024": "en/wayao-renda/2024/index.md"},
                    ]
                }
            ]
        },
        {
            "中英对照 / Parallel text": [
                {f"{series_zh} / {series_en}": [{"2024年": "bilingual/wayao-renda/2024/index.md"}]}
            ]
        },
    ]

    # The pages are the site's own Markdown twins; links to HTML pages now name the twins.
    site = tmp_path / "site"
    assert run_cli("--content", CONTENT, "--out", site, "--no-search", cwd=tmp_path).returncode == 0
    for twin in ("zh/wayao-renda/2024/index.md", "bilingual/wayao-renda/2024/index.md"):
        assert (project / "docs" / twin).read_bytes() == (site / twin).read_bytes()
    series = (site / "zh/wayao-renda/index.md").read_text(encoding="utf-8")
    assert "](2024/index.html#task-mission)" in series
    exported = (project / "docs/zh/wayao-renda/index.md").read_text(encoding="utf-8")
    assert exported == re.sub(r"\]\(2024/index\.html#task-[a-z-]+\)", "](2024/index.md)", series)

    built = mkdocs_build(project, tmp_path / "portal-site")
    assert built.returncode == 0, built.stderr
    assert "WARNING" not in built.stderr
    page = (tmp_path / "portal-site/zh/wayao-renda/2024/index.html").read_text(encoding="utf-8")
    assert page.startswith('<!DOCTYPE html>\n<html lang="zh-CN"')
    english = (tmp_path / "portal-site/en/wayao-renda/2024/index.html").read_text("utf-8")
    assert english.startswith('<!DOCTYPE html>\n<html lang="en"')
    search = tmp_path / "portal-site/search/lunr.zh.js"
    assert search.read_bytes() == (ROOT / "docs" / "search-zh.js").read_bytes()
    assert not external_requests(tmp_path / "portal-site")


def test_export_of_an_archive_links_years_and_builds_strict(tmp_path: Path) -> None:
    demo = tmp_path / "demo"
    made = subprocess.run(
        [sys.executable, str(ROOT / "scripts/demo_archive.py"), str(demo)]
        + ["--bodies", "2", "--years", "2023-2024"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert made.returncode == 0, made.stderr
    project = tmp_path / "portal"
    result = run_cli("mkdocs", project, "--content", demo, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    config = yaml.safe_load((project / "mkdocs.yml").read_text(encoding="utf-8"))
    chinese = config["nav"][1]["中文"]
    assert len(chinese) == 2, "one section per series"
    years = [next(iter(entry)) for entry in next(iter(chinese[0].values()))]
    assert years == ["历年概览", "2024年", "2023年"], "newest first, after the overview"
    # The 2024 review follows the 2023 tasks: the link reaches the 2023 page in MkDocs.
    review = next(project.glob("docs/en/*/2024/index.md")).read_text(encoding="utf-8")
    assert "](../2023/index.md)" in review and "index.html" not in review

    built = mkdocs_build(project, tmp_path / "portal-site")
    assert built.returncode == 0, built.stderr
    assert "WARNING" not in built.stderr


def test_export_replaces_its_own_folder_and_refuses_others(
    make_content: MakeContent, tmp_path: Path
) -> None:
    make_content()
    assert run_cli("mkdocs", "portal", cwd=tmp_path).returncode == 0
    first = tree_bytes(tmp_path / "portal")
    assert run_cli("mkdocs", "portal", cwd=tmp_path).returncode == 0
    assert tree_bytes(tmp_path / "portal") == first, "the same content exports the same files"
    write(
        tmp_path / "content/reports/test-renda/2024.yaml",
        REPORT_YAML.replace("加强学习", "加强理论学习"),
    )
    assert run_cli("mkdocs", "portal", cwd=tmp_path).returncode == 0
    assert "加强理论学习" in (tmp_path / "portal/docs/zh/test-renda/2024/index.md").read_text(
        "utf-8"
    )

    write(
        tmp_path / "content/reports/test-renda/2024.yaml",
        REPORT_YAML.replace("2025-01-10", "2025-02-30"),
    )
    second = tree_bytes(tmp_path / "portal")
    broken = run_cli("mkdocs", "portal", cwd=tmp_path)
    assert broken.returncode == 1
    assert "日期 2025-02-30 不存在" in broken.stderr and "portal 未改动" in broken.stderr
    assert tree_bytes(tmp_path / "portal") == second != first

    write(tmp_path / "mine/notes.md", "# notes\n")
    refused = run_cli("mkdocs", "mine", cwd=tmp_path)
    assert refused.returncode == 1
    assert (
        "mine: 错误 error: 输出文件夹 mine 已有其他内容，不是 reportsite 生成的" in refused.stderr
    )
    assert (tmp_path / "mine/notes.md").read_text(encoding="utf-8") == "# notes\n"


def test_an_export_that_cannot_be_written_is_told_of(
    make_content: MakeContent,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """A folder that cannot be written once ended the export in a traceback."""
    make_content()
    monkeypatch.chdir(tmp_path)

    def full(out: Path) -> Staging:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(out))

    monkeypatch.setattr(mkdocs_export, "Staging", full)
    assert main(["mkdocs", "portal"]) == 1
    assert capsys.readouterr().err == (
        "portal: 错误 error: 无法写入输出文件：No space left on device"
        " / cannot write the output file: No space left on device\n"
        "    修改 fix: 检查磁盘空间，以及其所在文件夹能否写入"
        " / check the free disk space, and that its folder can be written to\n"
        "共 1 个错误、0 个警告，涉及 1 个文件；portal 未改动。"
        " / 1 error(s), 0 warning(s) in 1 file(s); portal was not changed.\n"
    )
    assert not (tmp_path / "portal").exists()


def test_a_full_disk_while_exporting_names_the_folder_named(
    make_content: MakeContent, tmp_path: Path
) -> None:
    """The export builds the site into a temporary folder first, which the message of a full
    disk once named (/tmp/reportsite-mkdocs-…/site)."""
    make_content()
    full = run_cli("mkdocs", "portal", cwd=tmp_path, preexec_fn=files_up_to(1000))
    assert (full.returncode, full.stdout) == (1, "")
    assert full.stderr.splitlines()[0] == (
        "portal: 错误 error: 磁盘空间不足，或文件超出了大小限制（File too large）"
        " / the disk is full, or a file is over the size limit (File too large)"
    )
    assert full.stderr.splitlines()[-1].endswith("; portal was not changed.")
    assert not (tmp_path / "portal").exists()


def test_a_build_never_imports_mkdocs(tmp_path: Path) -> None:
    for args in (["--content", CONTENT, "--out", tmp_path / "site", "--no-search"], ["check"]):
        result = subprocess.run(
            [sys.executable, "-c", NO_MKDOCS, *map(str, args)],
            cwd=ROOT,
            capture_output=True,
            text=True,
            encoding="utf-8",
            timeout=120,
            check=False,
        )
        assert result.returncode == 0, result.stderr


@pytest.mark.parametrize(("nav", "indexing"), [("series", "sections"), ("home", "titles")])
def test_a_large_archive_gets_a_navigation_and_a_search_a_portal_can_hold(
    nav: str,
    indexing: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """MkDocs writes the whole navigation into every page and loads the whole search index into
    the reader's browser: all 3,201 pages of 1,000 reports listed and indexed made a portal of
    1.6 GB (each page 433 KB, the index 251 MB) that took `mkdocs build` 136 s. Past the limits
    (here made small) the navigation lists each series' overview, or the home page alone, and
    search reads titles and headings, or titles alone (at 10,000 reports the headings made an
    index of 98 MB); MkDocs still builds every page, without a warning."""
    monkeypatch.setattr(mkdocs_export, "NAV_ENTRIES", 3 if nav == "series" else 1)
    monkeypatch.setattr(mkdocs_export, "FULL_TEXT_PAGES", 5)
    monkeypatch.setattr(mkdocs_export, "HEADING_PAGES", 6 if indexing == "sections" else 5)
    monkeypatch.chdir(tmp_path)
    assert main(["mkdocs", "portal", "--content", str(CONTENT), "-q"]) == 0
    listed = {
        "series": ("导航只列出各系列的历年概览", "the navigation lists each series' overview only"),
        "home": (
            "导航只列出首页（首页列出全部报告）",
            "the navigation lists the home page only (it lists every report)",
        ),
    }[nav]
    searched = {
        "sections": ("标题与小标题", "titles and headings only"),
        "titles": ("页面标题", "the pages' titles only"),
    }[indexing]
    assert capsys.readouterr().out == (
        "已写出 portal/mkdocs.yml 与 6 个页面 / wrote portal/mkdocs.yml and 6 pages\n"
        f"页面较多：{listed[0]}，搜索只收录{searched[0]}（MkDocs 把整个导航写进每一页，"
        f"把整个搜索索引载入浏览器） / many pages: {listed[1]}, and search indexes {searched[1]}"
        " (MkDocs writes the whole navigation into every page, and loads the whole search index"
        " into the browser)\n"
        "生成网站 / to build it: mkdocs build -f portal/mkdocs.yml\n"
    )
    project = tmp_path / "portal"
    config = yaml.safe_load((project / "mkdocs.yml").read_text(encoding="utf-8"))
    overviews = [
        {"中文": [{"瓦窑镇人大主席团工作报告": "zh/wayao-renda/index.md"}]},
        {
            "English": [
                {
                    "Work Reports of the Presidium of the Wayao Town People's Congress": (
                        "en/wayao-renda/index.md"
                    )
                }
            ]
        },
    ]
    assert config["nav"] == [{"首页 / Home": "index.md"}] + (overviews if nav == "series" else [])
    assert config["plugins"] == [
        {"search": {"lang": "zh", "min_search_length": 2, "indexing": indexing}}
    ]
    assert config["validation"] == {"nav": {"omitted_files": "ignore"}}
    built = mkdocs_build(project, tmp_path / "portal-site")
    assert built.returncode == 0, built.stderr
    assert "WARNING" not in built.stderr and "not included" not in built.stderr
    for page in ("zh", "en", "bilingual"):
        assert (tmp_path / "portal-site" / page / "wayao-renda/2024/index.html").is_file()
    index = yaml.safe_load((tmp_path / "portal-site/search/search_index.json").read_bytes())
    titles = [doc["title"] for doc in index["docs"] if not doc["text"]]
    assert len(titles) == len(index["docs"]), "no page's text"
    heading = "一、坚持党的领导，准确把握人大工作政治方向"
    assert (heading in titles) is (indexing == "sections")
    assert "夯基固本强履职 砥砺奋进惠民生" in titles  # the report's own title
