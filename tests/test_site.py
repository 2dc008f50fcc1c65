"""End to end through the command line: the example builds into the layout of DESIGN.md,
every link resolves, two builds are identical, and the text of record is complete."""

from __future__ import annotations

import json
import os
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import jsonschema
import pytest

from .conftest import CONTENT, ROOT, SEED, run_cli, tree_bytes

CJK = re.compile(r"[\u3400-\u9fff]")


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("example") / "site"
    result = run_cli("--out", out, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    return out


class Page(HTMLParser):
    """The parts of a page these tests look at: links, ids, lang, alternates and text."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.ids: set[str] = set()
        self.lang = ""
        self.alternates: dict[str, str] = {}
        self.text: list[str] = []
        self._skip = 0
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "html":
            self.lang = a.get("lang", "")
        if tag in ("script", "style", "head"):
            self._skip += 1
        if "id" in a:
            self.ids.add(a["id"])
        for name in ("href", "src"):
            if name in a and not (tag == "link" and a.get("rel") == "alternate"):
                self.links.append(a[name])
        if tag == "link" and a.get("rel") == "alternate" and "hreflang" in a:
            self.alternates[a["hreflang"]] = a["href"]

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style", "head"):
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.text.append(data)


def pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def test_layout(site: Path) -> None:
    expected = [
        "index.html",
        "404.html",
        "zh/index.html",
        "en/index.html",
        "zh/wayao-renda/index.html",
        "en/wayao-renda/index.html",
        "zh/wayao-renda/2024/index.html",
        "zh/wayao-renda/2024/index.md",
        "en/wayao-renda/2024/index.html",
        "en/wayao-renda/2024/index.md",
        "bilingual/wayao-renda/2024/index.html",
        "bilingual/wayao-renda/2024/index.md",
        "data/wayao-renda/2024.json",
    ]
    for name in expected:
        assert (site / name).is_file(), name


def test_every_internal_link_resolves(site: Path) -> None:
    broken = []
    for path in pages(site):
        page = Page(path.read_text("utf-8"))
        for link in page.links + list(page.alternates.values()):
            assert not link.startswith(("/", "http:", "https:", "//")), f"{path}: {link}"
            target, _, fragment = link.partition("#")
            file = (path.parent / target).resolve() if target else path
            if not file.is_file():
                broken.append(f"{path.relative_to(site)} → {link}")
            elif fragment and file.suffix == ".html":
                if fragment not in Page(file.read_text("utf-8")).ids:
                    broken.append(f"{path.relative_to(site)} → {link} (no such id)")
    assert broken == []


def test_languages_and_alternates(site: Path) -> None:
    for lang, html_lang in (("zh", "zh-CN"), ("en", "en")):
        for path in (site / lang).rglob("*.html"):
            page = Page(path.read_text("utf-8"))
            assert page.lang == html_lang, path
            assert set(page.alternates) == {"zh-CN", "en", "x-default"}, path
            # Each version lists itself among its alternates.
            assert page.alternates[html_lang] == "index.html" or path.name == "index.html"


def test_two_builds_are_identical(site: Path, tmp_path: Path) -> None:
    again = tmp_path / "again"
    result = run_cli("--out", again, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    assert tree_bytes(again) == tree_bytes(site)


def test_rebuild_replaces_the_previous_site(site: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    shutil.copytree(site, out)
    (out / "stale.html").write_text("old")
    result = run_cli("--out", out, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    assert tree_bytes(out) == tree_bytes(site)
    # Beside the site only its cache, lock and spare stay: no staging or old site.
    beside = sorted(p.name for p in tmp_path.iterdir())
    assert [name for name in beside if not name.startswith(".site.spare-")] == [
        ".site.cache",
        ".site.cache.d",
        ".site.lock",
        "site",
    ]
    assert len(beside) == 5


def test_report_json_follows_schema_and_is_fully_translated(site: Path) -> None:
    schema = json.loads((ROOT / "schema" / "report.schema.json").read_text("utf-8"))
    data = json.loads((site / "data" / "wayao-renda" / "2024.json").read_text("utf-8"))
    jsonschema.Draft202012Validator(schema).validate(data)
    texts = list(_texts(data))
    assert len(texts) > 80
    for text in texts:
        assert text["en"], text
        assert text["en"] != text["zh"], text
        assert not CJK.search(text["en"]) or text["zh"] == "5·02", text


def _texts(value: object) -> list[dict[str, str]]:
    if isinstance(value, dict):
        if set(value) == {"zh", "en"}:
            return [value]
        return [t for item in value.values() for t in _texts(item)]
    if isinstance(value, list):
        return [t for item in value for t in _texts(item)]
    return []


FULL_WIDTH = str.maketrans({",": "，", ":": "：", ";": "；", "(": "（", ")": "）"})
# The view counter (浏览量) of the source CMS is filled at run time; a static page has none.
NOT_OF_RECORD = {"浏览量"}


def seed_sentences() -> list[str]:
    lines = [line.removeprefix("- ") for line in SEED.read_text("utf-8").splitlines()]
    text = "\n".join(line.translate(FULL_WIDTH) for line in lines if line not in NOT_OF_RECORD)
    # The seed breaks one paragraph mid-sentence after "力度，"; sentences end at 。！!？ or a line.
    sentences = re.split(r"(?<=[。！!？])|\n", text.replace("力度，\n", "力度，"))
    return [s.strip() for s in sentences if s.strip()]


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_chinese_page_holds_every_seed_sentence(site: Path) -> None:
    page = _squash("".join(Page((site / "zh/wayao-renda/2024/index.html").read_text()).text))
    sentences = seed_sentences()
    assert len(sentences) == 96
    missing = [s for s in sentences if _squash(s) not in page]
    assert missing == []


@pytest.mark.parametrize(
    "out", ["content", ".", "content/site", "..", str(ROOT / "templates"), str(ROOT)]
)
def test_refuses_dangerous_output_folders(out: str, tmp_path: Path) -> None:
    project = tmp_path / "project"
    shutil.copytree(CONTENT, project / "content")
    before = tree_bytes(tmp_path)
    result = run_cli("--out", out, cwd=project)
    assert result.returncode == 1
    assert "refusing to write" in result.stderr
    assert tree_bytes(tmp_path) == before


@pytest.mark.parametrize("command", ["build", "check"])
def test_a_link_that_loops_as_the_content_or_output_folder_is_told_of(
    command: str, tmp_path: Path
) -> None:
    """Python 3.11's Path.resolve() raises RuntimeError at a loop (a traceback, once) and
    3.13's returns the loop as it finds it: on either, the editor is told the same."""
    shutil.copytree(CONTENT, tmp_path / "content")
    (tmp_path / "site").symlink_to("site")
    (tmp_path / "looped").symlink_to("looped")
    checked = run_cli(command, "--out", "site", cwd=tmp_path)
    if command == "build":
        assert checked.returncode == 1
        assert checked.stderr.splitlines()[0] == (
            "site: 错误 error: 输出文件夹 site 是循环的链接，拒绝写入"
            " / refusing to write to site: it is a link that loops"
        )
    else:  # a check writes nothing there
        assert checked.returncode == 0, checked.stderr
    looped = run_cli(command, "--content", "looped", "--out", "out", cwd=tmp_path)
    assert looped.returncode == 1
    kind = "循环的链接 / a link that loops"
    assert looped.stderr.splitlines()[2] == (
        f"looped/site.yaml:1:1: 错误 error: 这不是普通文件（{kind}）"
        f" / this is not a regular file ({kind})"
    )
    assert not (tmp_path / "out").exists()


JOBS = ("1 或以上的整数", "a whole number, 1 or more")


@pytest.mark.parametrize(
    ("command", "option", "values", "wanted"),
    [
        ("build", "--jobs", ("0", "-1", "two"), JOBS),
        ("check", "--jobs", ("0", "-1", "two"), JOBS),
        ("serve", "--jobs", ("0",), JOBS),
        ("new", "--jobs", ("0",), JOBS),
        ("mkdocs", "--jobs", ("0",), JOBS),
        ("translate export", "--jobs", ("-1",), JOBS),
        ("translate import", "--jobs", ("two",), JOBS),
        (
            "serve",
            "--port",
            ("70000", "-1"),
            ("0 到 65535 之间的整数", "a whole number from 0 to 65535"),
        ),
    ],
)
def test_a_number_out_of_range_is_refused_with_the_reason(
    command: str, option: str, values: tuple[str, ...], wanted: tuple[str, str], tmp_path: Path
) -> None:
    """--jobs 0 or -1 once ran the build in one process without a word, and --port 70000
    built the preview, then ended in a traceback."""
    zh, en = wanted
    for value in values:
        result = run_cli(*command.split(), option, value, cwd=tmp_path)
        assert result.returncode == 2
        assert result.stderr.splitlines()[-1] == (
            f"build.py {command}: error: argument {option}: 须为 {zh}，而不是 '{value}'"
            f" / must be {en}, not '{value}'"
        )
    assert list(tmp_path.iterdir()) == []


def test_check_takes_jobs_as_a_build_does(tmp_path: Path) -> None:
    shutil.copytree(CONTENT, tmp_path / "content")
    result = run_cli("check", "--jobs", "1", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "wayao-renda/2024: 译文 87/87 条 / translated 87 of 87 texts (100%)" in result.stdout


def test_the_output_folder_is_named_as_its_problems_name_it(tmp_path: Path) -> None:
    """A line break in --out's name was printed as it was, making a line of its own; and
    `./site/../site` was named so where a problem with it names `site`."""
    shutil.copytree(CONTENT, tmp_path / "content")
    for out, named in (
        ("./site/../site", "site"),
        (str(tmp_path / "site"), "site"),
        ("a\nb", "a\\nb"),
    ):
        result = run_cli("--no-search", "-q", "--out", out, cwd=tmp_path)
        assert result.stdout == (
            f"已生成 28 个文件到 {named}/（1 份报告） / wrote 28 files to {named}/ (1 report(s))\n"
        )
    (tmp_path / "content" / "site.yaml").write_text("title: [", encoding="utf-8")
    result = run_cli("--no-search", "-q", "--out", "a\nb", cwd=tmp_path)
    assert result.stderr.splitlines()[-1] == (
        "共 1 个错误、0 个警告，涉及 1 个文件；a\\nb 未改动。 / "
        "1 error(s), 0 warning(s) in 1 file(s); a\\nb was not changed."
    )


def test_a_working_folder_since_deleted_is_told_of(tmp_path: Path) -> None:
    """A terminal left in a folder that was deleted (the project unpacked again) once gave a
    traceback of Path.cwd()."""
    gone = tmp_path / "gone"
    gone.mkdir()
    for command in (["--no-search"], ["check"], ["new", "--series", "s", "--year", "2025"]):
        result = run_cli(*command, cwd=gone, preexec_fn=lambda: os.rmdir(gone))
        assert result.returncode == 1
        assert result.stderr == (
            ".: 错误 error: 当前文件夹已不存在（已被删除或移走） / the current folder no longer"
            " exists (deleted or moved)\n"
            "    修改 fix: 用 cd 进入项目文件夹后再运行 / cd into the project's folder and run the"
            " command again\n"
        )
        gone.mkdir()


def test_refuses_an_output_folder_under_a_file(tmp_path: Path) -> None:
    """Once a file error, naming the file but with the fix 'check the permissions'."""
    (tmp_path / "notes.txt").write_text("keep")
    result = run_cli("--out", "notes.txt/public/site", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr.splitlines()[0] == (
        "notes.txt/public/site: 错误 error: 输出文件夹 notes.txt/public/site 位于 notes.txt"
        " 之下，而它不是文件夹，拒绝写入 / refusing to write to notes.txt/public/site: it lies"
        " under notes.txt, which is not a folder"
    )
    assert [p.name for p in tmp_path.iterdir()] == ["notes.txt"]


def test_refuses_a_folder_it_did_not_build(tmp_path: Path) -> None:
    out = tmp_path / "documents"
    out.mkdir()
    (out / "thesis.docx").write_text("precious")
    result = run_cli("--out", out, cwd=ROOT)
    assert result.returncode == 1
    assert "holds files reportsite did not build" in result.stderr
    assert (out / "thesis.docx").read_text() == "precious"
