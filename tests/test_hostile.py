"""Hostile content through the real command line. Each input must end in a clear error that
names the file (and line and column wherever there is one), or in a site whose output is
safely escaped — never a traceback, a hang, a crash, a file written outside the output
folder, or a change to the site built before.

Every case starts from a copy of the example content and a copy of a site built from it.
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
import yaml

from reportsite.load import MAX_BYTES, read_capped
from reportsite.model import walk_texts
from reportsite.validate import load_corpus

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT / "content"
REPORT = "reports/wayao-renda/2024.yaml"
TIMEOUT = 60
"""Seconds a build may take on any input here; the example builds in under one."""

PROBLEM = re.compile(r"^(?P<file>.+?)(?::(?P<line>\d+):(?P<col>\d+))?: (错误 error|警告 warning): ")
UNSAFE = "markup not allowed"
MARKER = "Xq7hostile"
"""In every payload, so the escaped output can be found in the pages."""

# -- running the build ---------------------------------------------------------------------------


def fingerprint(folder: Path) -> dict[str, str]:
    """Every entry under folder: file hashes, link targets, folders; byte-for-byte identity."""
    entries: dict[str, str] = {}
    if not folder.exists():
        return entries
    for path in sorted(folder.rglob("*")):
        name = path.relative_to(folder).as_posix()
        if path.is_symlink():
            entries[name] = "link " + os.readlink(path)
        elif path.is_file():
            entries[name] = hashlib.sha256(path.read_bytes()).hexdigest()
        elif path.is_dir():
            entries[name] = "dir"
        else:
            entries[name] = "special"
    return entries


@dataclass
class Outcome:
    code: int
    stdout: str
    stderr: str

    def problems(self) -> list[re.Match[str]]:
        return [m for m in map(PROBLEM.match, self.stderr.splitlines()) if m]

    def errors_at(self, file: str) -> dict[int, list[str]]:
        """Error lines of one file by line number."""
        out: dict[int, list[str]] = {}
        for match in self.problems():
            if match.group("file").endswith(file) and match.group("line"):
                out.setdefault(int(match.group("line")), []).append(match.string)
        return out


@dataclass
class Workspace:
    """A folder holding content/ (a copy of the example) and site/ (built from it before)."""

    root: Path

    @property
    def content(self) -> Path:
        return self.root / "content"

    @property
    def report(self) -> Path:
        return self.content / REPORT

    def read(self) -> str:
        return self.report.read_text(encoding="utf-8")

    def write(self, text: str | bytes, name: str = REPORT) -> None:
        path = self.content / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if path.is_symlink() or path.is_file():
            path.unlink()
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")

    def outside_site(self) -> dict[str, str]:
        """Every file but the site and, beside it, its cache, lock and spare."""
        beside = ("site", ".site.cache", ".site.lock", ".site.spare-")
        return {k: v for k, v in fingerprint(self.root).items() if not k.startswith(beside)}

    def build(self) -> Outcome:
        """Run `python build.py --content content --out site` and check what must always hold."""
        site = self.root / "site"
        before_site = fingerprint(site)
        before_rest = self.outside_site()
        before_project = sorted(p.name for p in ROOT.iterdir())
        try:
            result = subprocess.run(
                [sys.executable, str(ROOT / "build.py"), "--content", "content", "--out", "site"],
                cwd=self.root,
                capture_output=True,
                timeout=TIMEOUT,
                check=False,
                stdin=subprocess.DEVNULL,
            )
        except subprocess.TimeoutExpired:
            pytest.fail(f"the build hung: still running after {TIMEOUT} s")
        outcome = Outcome(
            result.returncode,
            result.stdout.decode("utf-8", "replace"),
            result.stderr.decode("utf-8", "replace"),
        )
        output = outcome.stdout + outcome.stderr
        assert "Traceback" not in output, output[-3000:]
        assert outcome.code in (0, 1), f"exit {outcome.code} (a crash?)\n{output[-3000:]}"
        after_rest = self.outside_site()
        assert after_rest == before_rest, "the build wrote or changed files outside site/"
        assert sorted(p.name for p in ROOT.iterdir()) == before_project, "wrote into the project"
        if outcome.code == 1:
            assert fingerprint(site) == before_site, "a failed build changed the previous site"
            lines = outcome.stderr.splitlines()
            assert outcome.problems(), f"exit 1 without a problem line:\n{outcome.stderr}"
            for line in lines:
                assert PROBLEM.match(line) or line.startswith(("    ", "共 ")), (
                    f"not shaped FILE:LINE:COL: … : {line!r}"
                )
        else:
            assert_safe_site(site)
        return outcome


@pytest.fixture(scope="module")
def prior_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("prior") / "site"
    result = subprocess.run(
        [sys.executable, str(ROOT / "build.py"), "--content", str(CONTENT), "--out", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return out


@pytest.fixture(scope="module")
def baseline_markup(prior_site: Path) -> set[tuple[str, str]]:
    """(tag, attribute) pairs the example site uses: hostile output may add no others."""
    found: set[tuple[str, str]] = set()
    for page in prior_site.rglob("*.html"):
        found |= Markup(page.read_text(encoding="utf-8")).pairs
    return found


@pytest.fixture
def ws(tmp_path: Path, prior_site: Path) -> Workspace:
    shutil.copytree(CONTENT, tmp_path / "content", symlinks=True)
    shutil.copytree(prior_site, tmp_path / "site", symlinks=True)
    return Workspace(tmp_path)


# -- what safe output is -------------------------------------------------------------------------

MARKDOWN_MARKUP = {
    (tag, attr)
    for tag in ("p", "strong", "em", "a", "ul", "ol", "li", "br", "code")
    for attr in ("", "href", "title", "rel")
}
SAFE_SCHEMES = re.compile(r"^(?:https?|mailto):", re.IGNORECASE)
SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.\-]*):")
C0_AND_SPACE = "".join(map(chr, range(0x21)))


class Markup(HTMLParser):
    """Tags, attributes and text of a page, as a browser would see them."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.pairs: set[tuple[str, str]] = set()
        self.bad: list[str] = []
        self.text: list[str] = []
        self.feed(html)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.pairs.add((tag, ""))
        for name, value in attrs:
            self.pairs.add((tag, name))
            if name.startswith("on"):
                self.bad.append(f"<{tag} {name}={value!r}>")
            if name in ("href", "src", "action", "formaction", "srcset") and value:
                # As a browser reads a URL: outer spaces and controls dropped, tabs and
                # line breaks removed anywhere.
                cleaned = re.sub(r"[\t\n\r]", "", value.strip(C0_AND_SPACE))
                scheme = SCHEME.match(cleaned)
                if scheme and not SAFE_SCHEMES.match(cleaned):
                    self.bad.append(f"<{tag} {name}={value!r}>")
        if tag == "script" and not dict(attrs).get("src"):
            self.bad.append("<script> without src")

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def assert_safe_site(site: Path, baseline: set[tuple[str, str]] | None = None) -> None:
    for page in sorted(site.rglob("*.html")):
        markup = Markup(page.read_text(encoding="utf-8"))
        assert not markup.bad, f"{page.relative_to(site)}: {markup.bad}"
        if baseline is not None:
            extra = markup.pairs - baseline - MARKDOWN_MARKUP
            assert not extra, f"{page.relative_to(site)}: markup from content: {sorted(extra)}"
    for twin in sorted(site.rglob("*.md")):
        text = twin.read_text(encoding="utf-8")
        raw = re.findall(r"(?<!\\)<\s*/?\s*(?:script|img|svg|iframe|a\s|style)\b", text, re.I)
        assert not raw, f"{twin.relative_to(site)}: raw HTML in the Markdown twin: {raw}"


def page_text(site: Path, page: str) -> str:
    return "".join(Markup((site / page).read_text(encoding="utf-8")).text)


# -- editing YAML as data ------------------------------------------------------------------------

_STEP = re.compile(r"([^.\[\]]+)|\[(\d+)\]")


def text_paths(content: Path) -> list[str]:
    """YAML paths of every bilingual text of the report, from the model itself."""
    corpus, _ = load_corpus(content)
    (report,) = [r for r in corpus.reports if (r.series, r.year) == ("wayao-renda", 2024)]
    return [path for path, _ in walk_texts(report)]


def locate(data: Any, path: str) -> tuple[Any, str | int]:
    """The container holding the value at path, and its key."""
    steps: list[str | int] = [name if name else int(index) for name, index in _STEP.findall(path)]
    for step in steps[:-1]:
        data = data[step]
    return data, steps[-1]


def inject_texts(data: Any, paths: list[str], payload: Callable[[str], str]) -> None:
    """Rewrite every text at paths (both languages of a bilingual one) with payload(old)."""
    for path in paths:
        parent, key = locate(data, path)
        value = parent[key]
        if isinstance(value, dict):
            for lang in ("zh", "en"):
                if isinstance(value.get(lang), str):
                    value[lang] = payload(value[lang])
        else:
            parent[key] = payload(value)


def dump(data: Any) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100_000)


def lines_holding(text: str, needle: str, *, under: tuple[str, ...] = ()) -> set[int]:
    """Lines where a scalar holding needle starts, as the validator reports them; with under,
    only the values of those keys."""
    found: set[int] = set()

    def walk(node: yaml.Node, key: str = "") -> None:
        if isinstance(node, yaml.ScalarNode):
            if needle in node.value and (not under or key in under):
                found.add(node.start_mark.line + 1)
        elif isinstance(node, yaml.SequenceNode):
            for child in node.value:
                walk(child)
        elif isinstance(node, yaml.MappingNode):
            for key_node, child in node.value:
                walk(child, getattr(key_node, "value", ""))

    root = yaml.compose(text, Loader=yaml.SafeLoader)
    assert root is not None
    walk(root)
    return found


# -- script and event handlers in every text field -----------------------------------------------

HTML_PAYLOADS = [
    f"<script>alert('{MARKER}')</script>",
    f"<img src=x onerror=alert('{MARKER}')>",
    f'<a href="#" onclick="alert(1)">{MARKER}</a>',
    f"<svg/onload=alert('{MARKER}')>",
    f"<iframe src=javascript:alert('{MARKER}')>",
    f"</p><p style='x'>{MARKER}",
    f"<!-- {MARKER} -->",
    f"< script >{MARKER}</ script >",
    f"<SCRIPT SRC=//evil.example/{MARKER}.js></SCRIPT>",
]
LINK_PAYLOADS = [
    f"[{MARKER}](javascript:alert(1))",
    f"[{MARKER}]( JaVaScRiPt:alert(1))",
    f"[{MARKER}](<javascript:alert(1)>)",
    f"[{MARKER}](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    f"![{MARKER}](data:image/png;base64,iVBORw0KGgo=)",
    f"[{MARKER}](vbscript:msgbox(1))",
    f"<javascript:alert('{MARKER}')>",
]


@pytest.mark.parametrize("payload", HTML_PAYLOADS + LINK_PAYLOADS)
def test_markup_in_every_report_text_is_a_located_error(ws: Workspace, payload: str) -> None:
    paths = text_paths(ws.content)
    data = yaml.safe_load(ws.read())
    inject_texts(data, paths, lambda old: f"{old[:8]}{payload}{old[8:]}")
    text = dump(data)
    ws.write(text)
    outcome = ws.build()
    assert outcome.code == 1
    expected = lines_holding(text, MARKER)
    assert len(expected) >= len(paths)
    reported = {
        line
        for line, messages in outcome.errors_at("2024.yaml").items()
        if any(UNSAFE in message for message in messages)
    }
    missed = sorted(expected - reported)
    assert not missed, f"no unsafe-markup error on lines {missed}\n{outcome.stderr[:3000]}"


@pytest.mark.parametrize("payload", [HTML_PAYLOADS[0], HTML_PAYLOADS[1], LINK_PAYLOADS[0]])
def test_markup_in_every_site_text_is_a_located_error(ws: Workspace, payload: str) -> None:
    site_yaml = ws.content / "site.yaml"
    data = yaml.safe_load(site_yaml.read_text(encoding="utf-8"))

    def walk(value: Any) -> Any:
        if isinstance(value, dict):
            keep = ("languages", "base_path", "domain")
            return {k: (v if k in keep else walk(v)) for k, v in value.items()}
        if isinstance(value, list):
            return [walk(v) for v in value]
        return f"{value}{payload}" if isinstance(value, str) else value

    data = {**walk(data), "series": {k: walk(v) for k, v in data["series"].items()}}
    text = dump(data)
    site_yaml.write_text(text, encoding="utf-8")
    outcome = ws.build()
    assert outcome.code == 1
    expected = lines_holding(text, MARKER, under=("zh", "en"))
    assert len(expected) >= 10
    reported = {
        line
        for line, messages in outcome.errors_at("site.yaml").items()
        if any(UNSAFE in message for message in messages)
    }
    missed = sorted(expected - reported)
    assert not missed, f"no unsafe-markup error on lines {missed}\n{outcome.stderr[:3000]}"


PLAIN_FIELDS = ["index_no", "doc_no"]
ESCAPED = f"\"'><script>alert('{MARKER}')</script><img src=x onerror=alert(1)>{{{{7*7}}}}"


@pytest.mark.parametrize("field", PLAIN_FIELDS)
def test_markup_in_plain_fields_is_escaped_or_refused(ws: Workspace, field: str) -> None:
    data = yaml.safe_load(ws.read())
    data["disclosure"][field] = ESCAPED
    ws.write(dump(data))
    outcome = ws.build()
    if outcome.code == 1:
        assert outcome.errors_at("2024.yaml"), outcome.stderr
        return
    text = page_text(ws.root / "site", "zh/wayao-renda/2024/index.html")
    assert ESCAPED in text, f"{field} is not shown as the text that was written"


def test_markup_in_site_strings_is_escaped_or_refused(ws: Workspace) -> None:
    site_yaml = ws.content / "site.yaml"
    data = yaml.safe_load(site_yaml.read_text(encoding="utf-8"))
    for key in ("site_id_code", "icp", "police_filing"):
        data["publisher"][key] = ESCAPED
    data["column"]["type"] = ESCAPED
    site_yaml.write_text(dump(data), encoding="utf-8")
    outcome = ws.build()
    if outcome.code == 1:
        assert outcome.errors_at("site.yaml"), outcome.stderr
        return
    assert ESCAPED in page_text(ws.root / "site", "zh/index.html")


# Markdown the validator may let through: the output must then be harmless.
SLIPPERY = [
    f"[{MARKER}][r]\n\n[r]: javascript:alert(1)",
    f"[{MARKER}](&#106;avascript:alert(1))",
    f"[{MARKER}](java&#x09;script:alert(1))",
    f"[{MARKER}](java\tscript:alert(1))",
    f'[{MARKER}](https://example.com/" onclick="alert(1))',
    f"[{MARKER}](#x' onmouseover='alert(1))",
    f"&lt;script&gt;alert('{MARKER}')&lt;/script&gt;",
    f"{MARKER} {{{{ 7*7 }}}} {{% raw %}} ${{7*7}}",
    f"{MARKER} 1 < 2 > 0 & \"quoted\" 'single' `code`",
    f"**{MARKER}** _x_ `<b>` \\<b\\>",
    f"{MARKER}\u202etxt.exe",
]


@pytest.mark.parametrize("payload", SLIPPERY)
def test_slippery_markdown_is_refused_or_harmless(
    ws: Workspace, payload: str, baseline_markup: set[tuple[str, str]]
) -> None:
    data = yaml.safe_load(ws.read())
    data["review"]["sections"][0]["items"][0]["text"]["zh"] += payload
    data["review"]["sections"][0]["items"][0]["text"]["en"] += payload
    data["opening"][0] = payload
    ws.write(dump(data))
    outcome = ws.build()
    if outcome.code == 1:
        assert outcome.errors_at("2024.yaml"), outcome.stderr
        return
    assert_safe_site(ws.root / "site", baseline_markup)
    assert MARKER in page_text(ws.root / "site", "zh/wayao-renda/2024/index.html")


def test_template_syntax_in_content_is_shown_literally(ws: Workspace) -> None:
    data = yaml.safe_load(ws.read())
    data["opening"][0] = {"zh": "模板{{ 7*7 }}与{% if true %}真{% endif %}。", "en": "{{ 7*7 }}"}
    ws.write(dump(data))
    outcome = ws.build()
    assert outcome.code == 0, outcome.stderr
    text = page_text(ws.root / "site", "zh/wayao-renda/2024/index.html")
    assert "模板{{ 7*7 }}与{% if true %}真{% endif %}。" in text


# -- ids and years -------------------------------------------------------------------------------

BAD_IDS = [
    "../../evil",
    "..",
    "a/b",
    "a\\b",
    "/etc",
    "Wayao",
    "a b",
    "a..b",
    ".hidden",
    "-lead",
    "trail-",
    "a--b",
    "%2e%2e",
    "ｗａｙａｏ",
    "wayao\u200b",
    "a:b",
    "a?b#c",
    "",
    "x" * 300,
    "-".join(["abc"] * 100),
]


@pytest.mark.parametrize("bad", BAD_IDS, ids=repr)
def test_odd_series_id_is_a_located_error(ws: Workspace, bad: str) -> None:
    site_yaml = ws.content / "site.yaml"
    site_yaml.write_text(
        site_yaml.read_text(encoding="utf-8").replace(
            "  wayao-renda:\n", f"  {json.dumps(bad)}:\n"
        ),
        encoding="utf-8",
    )
    ws.write(ws.read().replace("series: wayao-renda", f"series: {json.dumps(bad)}"))
    outcome = ws.build()
    assert outcome.code == 1
    assert outcome.errors_at("site.yaml") or outcome.errors_at("2024.yaml"), outcome.stderr


@pytest.mark.parametrize("bad", ["../evil", "a/b", "A", "a b", "x\u202e"], ids=repr)
def test_odd_section_and_task_ids_are_located_errors(ws: Workspace, bad: str) -> None:
    text = ws.read().replace("- id: party-leadership", f"- id: {json.dumps(bad)}", 1)
    text = text.replace("- id: mission", f"- id: {json.dumps(bad)}", 1)
    ws.write(text)
    outcome = ws.build()
    assert outcome.code == 1
    assert len(outcome.errors_at("2024.yaml")) >= 1, outcome.stderr


BAD_YEARS = [
    "../2024",
    "2024/../../x",
    '"2024"',
    "2024.0",
    "0x7E8",
    "0o3750",
    "2_024",
    "+2024",
    "-2024",
    "02024",
    "99999",
    "1e3",
    ".inf",
    ".nan",
    "２０２４",
    "2024-01-01",
    "null",
    "~",
    "true",
    "[2024]",
    "{a: 2024}",
    "!!str 2024",
    "!!python/object:os.system ls",
    "1" + "0" * 5000,
    "1" + ":00" * 3000,
    "1" + ":00" * 200_000,
    "0" + "7" * 100_000,
]


@pytest.mark.parametrize("bad", BAD_YEARS, ids=lambda b: b[:20])
def test_odd_year_is_a_located_error(ws: Workspace, bad: str) -> None:
    text = ws.read()
    line = text[: text.index("year: 2024\n")].count("\n") + 1
    ws.write(text.replace("year: 2024\n", f"year: {bad}\n", 1))
    outcome = ws.build()
    assert outcome.code == 1
    assert line in outcome.errors_at("2024.yaml"), outcome.stderr[:3000]


def test_odd_figure_values_are_located_errors(ws: Workspace) -> None:
    text = ws.read()
    assert "value: 6\n" in text
    for bad in ("1" + "0" * 5000, "1" + ":00" * 100_000, "0" + "7" * 50_000):
        ws.write(text.replace("value: 6\n", f"value: {bad}\n", 1))
        outcome = ws.build()
        assert outcome.code == 1
        assert outcome.errors_at("2024.yaml"), outcome.stderr[:3000]


# -- YAML bombs, size, nesting -------------------------------------------------------------------


def laughs(levels: int = 9, width: int = 10) -> str:
    lines = ['a0: &a0 ["lol"]']
    for i in range(1, levels + 1):
        refs = ", ".join(f"*a{i - 1}" for _ in range(width))
        lines.append(f"a{i}: &a{i} [{refs}]")
    return "\n".join(lines)


@pytest.mark.parametrize(
    "make",
    [
        lambda t: t + "\nbomb:\n" + "\n".join("  " + line for line in laughs().split("\n")),
        lambda t: laughs() + "\n" + t,
        lambda t: t.replace("opening:\n", "opening: &o\n", 1) + "\nclosing: *o\n",
        lambda t: t.replace(
            "salutation:", "x: &s {zh: 各位代表, en: Deputies}\nsalutation: *s\n_salutation:", 1
        ),
        lambda t: t + "\nloop: &l [*l]\n",
        lambda t: t + "\nm: &m {a: 1}\nn:\n  <<: *m\n",
        lambda t: t.replace("series: wayao-renda", "series: *undefined", 1),
    ],
    ids=["bomb-unknown-key", "bomb-top", "alias-list", "alias-text", "recursive", "merge", "undef"],
)
def test_yaml_aliases_are_refused_quickly(ws: Workspace, make: Callable[[str], str]) -> None:
    ws.write(make(ws.read()))
    outcome = ws.build()
    assert outcome.code == 1
    assert outcome.errors_at("2024.yaml"), outcome.stderr[:3000]


def test_a_very_large_file_is_refused(ws: Workspace) -> None:
    ws.write(ws.read() + "# " + "很" * 1_200_000 + "\n")
    outcome = ws.build()
    assert outcome.code == 1
    assert "2024.yaml" in outcome.stderr and ("too large" in outcome.stderr), outcome.stderr


@pytest.mark.parametrize(
    ("size", "told"),
    [(47_000, 47_000), (47_000, 8_000), (MAX_BYTES, 0), (MAX_BYTES + 5, 8_000), (0, 0)],
    ids=["as-told", "grown", "grown-to-limit", "grown-past-limit", "empty"],
)
def test_a_file_is_read_whole_up_to_a_byte_past_the_limit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, size: int, told: int
) -> None:
    """Read to the size the file was found to have, and on if it has grown since (told is
    what looking at it said), but never more than one byte past the limit."""
    file = tmp_path / "2024.yaml"
    data = os.urandom(size)
    file.write_bytes(data)
    real = os.fstat

    def looked_at(fd: int) -> os.stat_result:
        found = real(fd)
        return os.stat_result((*found[:6], told, *found[7:10]))

    monkeypatch.setattr(os, "fstat", looked_at)
    assert read_capped(file) == data[: MAX_BYTES + 1]


HUGE_TEXTS = {
    "long-plain": "很长的文字。" * 100_000,
    "brackets": "[" * 1_500_000,
    "images": "![a" * 400_000,
    "links": "[a](" * 400_000,
    "quotes": ">" * 1_500_000,
    "emphasis": "*_[" * 400_000,
    "line-breaks": "\n" * 400_000 + "x",
    "nested-lists": "".join("  " * i + "- a\n" for i in range(1_200)),
    "nested-quotes": "".join("> " * i + "a\n" for i in range(1_200)),
}


@pytest.mark.parametrize("body", HUGE_TEXTS.values(), ids=HUGE_TEXTS.keys())
def test_one_huge_text_ends_quickly(ws: Workspace, body: str) -> None:
    data = yaml.safe_load(ws.read())
    data["opening"][0] = {"zh": "受瓦窑镇" + body, "en": "Text."}
    text = dump(data)
    assert len(text.encode()) < 2 * 1024 * 1024
    ws.write(text)
    ws.build()


MANY = {"brackets": "[" * 9_000, "images": "![a" * 3_000, "emphasis": "*_[" * 3_000}


@pytest.mark.parametrize("chunk", MANY.values(), ids=MANY.keys())
def test_many_large_texts_end_quickly(ws: Workspace, chunk: str) -> None:
    """Python-Markdown takes time that grows with the square of unclosed [ in a text."""
    data = yaml.safe_load(ws.read())
    count = 1_900_000 // len(chunk.encode())
    data["opening"] = [{"zh": "受瓦窑镇" + chunk, "en": "Text."} for _ in range(count)]
    text = dump(data)
    assert len(text.encode()) < 2 * 1024 * 1024
    ws.write(text)
    ws.build()


DEEP = [
    "extra: " + "[" * 500_000 + "]" * 500_000,
    "extra: " + "[" * 500_000,
    "extra: " + "{a: " * 300_000 + "}" * 300_000,
    "extra:\n  " + "- " * 400_000 + "x",
    "extra:\n" + "".join(" " * i + "- \n" for i in range(1, 1500)),
    "opening: " + "[" * 10_000 + "]" * 10_000,
    "extra: " + "[" * 30_000 + "]" * 30_000,
]


@pytest.mark.parametrize("tail", DEEP, ids=lambda t: repr(t[:12]) + str(len(t)))
def test_deep_nesting_is_a_located_error(ws: Workspace, tail: str) -> None:
    text = ws.read()
    if tail.startswith("opening:"):
        text = re.sub(r"(?m)^opening:\n(?:  .*\n)+", "", text)
    ws.write(text + "\n" + tail + "\n")
    outcome = ws.build()
    assert outcome.code == 1
    assert outcome.errors_at("2024.yaml"), outcome.stderr[:3000]


def test_many_sections_and_tasks_do_not_break_the_build(ws: Workspace) -> None:
    data = yaml.safe_load(ws.read())
    section = data["review"]["sections"][1]
    task = data["tasks"]["items"][0]
    data["review"]["sections"] += [{**section, "id": f"extra-{i}"} for i in range(110)]
    data["tasks"]["items"] += [{**task, "id": f"task-{i}"} for i in range(110)]
    ws.write(dump(data))
    outcome = ws.build()
    if outcome.code == 1:
        assert outcome.errors_at("2024.yaml"), outcome.stderr[:3000]


# -- bytes that are not clean text ---------------------------------------------------------------


def _garbage(seed: int, size: int = 4096) -> bytes:
    return random.Random(seed).randbytes(size)


BAD_BYTES: list[tuple[str, Callable[[bytes], bytes]]] = [
    ("random", lambda b: _garbage(1)),
    ("random-after-text", lambda b: b[:2000] + _garbage(2)),
    ("png", lambda b: b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + _garbage(3, 200)),
    ("nul", lambda b: b.replace("受瓦窑镇".encode(), "受\x00瓦窑镇".encode(), 1)),
    ("controls", lambda b: b.replace(b"year: 2024", b"year: 2024\x1b[2J\x07", 1)),
    ("latin1", lambda b: b.replace("受瓦窑镇".encode(), "受瓦窑镇".encode("gb18030"), 1)),
    ("utf16", lambda b: b.decode("utf-8").encode("utf-16")),
    ("surrogate", lambda b: b.replace(b"year: 2024", b"year: 2024 # \xed\xa0\x80", 1)),
    ("overlong", lambda b: b.replace(b"series:", b"series\xc0\xaf:", 1)),
    ("truncated", lambda b: b + "受".encode()[:2]),
    ("bom-middle", lambda b: b.replace(b"year:", "\ufeffyear:".encode(), 1)),
    ("line-separator", lambda b: b.replace("受瓦窑镇".encode(), "受\u2028瓦窑镇".encode(), 1)),
    ("bidi-override", lambda b: b.replace("受瓦窑镇".encode(), "受\u202e瓦窑镇".encode(), 1)),
]


@pytest.mark.parametrize("mutate", [m for _, m in BAD_BYTES], ids=[n for n, _ in BAD_BYTES])
def test_bytes_that_are_not_clean_utf8_text(
    ws: Workspace, mutate: Callable[[bytes], bytes]
) -> None:
    ws.write(mutate(ws.report.read_bytes()))
    outcome = ws.build()
    if outcome.code == 1:
        assert outcome.errors_at("2024.yaml"), outcome.stderr[:3000]


@pytest.mark.parametrize("name", ["site.yaml", "glossary.yaml"])
def test_garbage_in_site_and_glossary(ws: Workspace, name: str) -> None:
    ws.write(_garbage(7), name)
    outcome = ws.build()
    assert outcome.code == 1
    assert outcome.errors_at(name), outcome.stderr[:3000]


DOCUMENTS = [
    "",
    "# only a comment\n",
    "---\n",
    "--- a\n--- b\n",
    "just text\n",
    "- a list\n",
    "!!binary aGVsbG8=\n",
    "? complex\n: key\n",
    "[a, b]: c\n",
    "%YAML 1.1\n---\na: 1\n",
    "%TAG ! tag:evil.example,2024:\n---\n!x a: 1\n",
    "a: !!python/name:os.system\n",
    "a: b: c\n",
    "'unterminated\n",
    "a:\n\t- b\n",
]


@pytest.mark.parametrize("document", DOCUMENTS, ids=repr)
def test_odd_documents(ws: Workspace, document: str) -> None:
    ws.write(document)
    outcome = ws.build()
    assert outcome.code == 1
    assert any(m.group("file").endswith("2024.yaml") for m in outcome.problems()), outcome.stderr


# -- files that are not plain files inside the content folder ------------------------------------


def _outside(ws: Workspace) -> Path:
    """A valid report outside the content folder: reading it through a link is refused."""
    outside = ws.root / "outside"
    outside.mkdir(exist_ok=True)
    report = outside / "2025.yaml"
    report.write_text(ws.read().replace("year: 2024", "year: 2025"), encoding="utf-8")
    return report


def _replace(ws: Workspace, name: str) -> Path:
    path = ws.content / name
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    elif path.exists() or path.is_symlink():
        path.unlink()
    return path


def _link(name: str, target: str | Callable[[Workspace], Path]) -> Callable[[Workspace], None]:
    def make(ws: Workspace) -> None:
        to = target if isinstance(target, str) else target(ws)
        _replace(ws, name).symlink_to(to)

    return make


def _fifo(name: str) -> Callable[[Workspace], None]:
    return lambda ws: os.mkfifo(_replace(ws, name))


def _folder(name: str) -> Callable[[Workspace], None]:
    return lambda ws: _replace(ws, name).mkdir()


def _reports_out(ws: Workspace) -> Path:
    (ws.root / "outside" / "wayao-renda").mkdir(parents=True)
    shutil.copy(ws.report, ws.root / "outside" / "wayao-renda" / "2024.yaml")
    return ws.root / "outside"


NEW = "reports/wayao-renda/2025.yaml"
KINDS: list[tuple[str, Callable[[Workspace], None], str | None]] = [
    ("report-folder", _folder(NEW), "2025.yaml"),
    ("report-link-passwd", _link(NEW, "/etc/passwd"), "2025.yaml"),
    ("report-link-zero", _link(NEW, "/dev/zero"), "2025.yaml"),
    ("report-link-out", _link(NEW, _outside), "2025.yaml"),
    ("report-link-out-relative", _link(NEW, "../../../outside/2025.yaml"), "2025.yaml"),
    ("report-link-loop", _link(NEW, "2025.yaml"), "2025.yaml"),
    ("report-link-dangling", _link(NEW, "missing.yaml"), "2025.yaml"),
    ("report-fifo", _fifo(NEW), "2025.yaml"),
    ("site-fifo", _fifo("site.yaml"), "site.yaml"),
    ("site-link-zero", _link("site.yaml", "/dev/zero"), "site.yaml"),
    ("site-folder", _folder("site.yaml"), "site.yaml"),
    ("site-link-out", _link("site.yaml", _outside), "site.yaml"),
    ("site-link-loop", _link("site.yaml", "site.yaml"), "site.yaml"),
    ("glossary-link-urandom", _link("glossary.yaml", "/dev/urandom"), "glossary.yaml"),
    ("glossary-fifo", _fifo("glossary.yaml"), "glossary.yaml"),
    ("reports-link-out", _link("reports", _reports_out), "reports"),
    ("series-folder-link-root", _link("reports/evil", "/"), None),
]


@pytest.mark.parametrize(("make", "named"), [k[1:] for k in KINDS], ids=[k[0] for k in KINDS])
@pytest.mark.parametrize("warm", [False, True], ids=["cold", "warm"])
def test_files_that_are_not_plain_files_in_the_content_folder(
    ws: Workspace, make: Callable[[Workspace], None], named: str | None, warm: bool
) -> None:
    if warm:
        # The plain file a build read and keeps in its cache, replaced since.
        assert ws.build().code == 0
    make(ws)
    outcome = ws.build()
    if named is None:
        return  # followed or not, it must not hang, crash or escape: checked in build()
    assert outcome.code == 1, outcome.stdout
    assert any(m.group("file").endswith(named) for m in outcome.problems()), outcome.stderr


@pytest.mark.parametrize("name", [NEW, "site.yaml"])
def test_a_link_that_loops_is_told_as_one_on_every_python(ws: Workspace, name: str) -> None:
    """Python 3.13's Path.resolve() leaves a loop as it finds it where 3.11's raises: the
    report's loop once surfaced as a file error of the whole site, naming no file."""
    _link(name, Path(name).name)(ws)
    kind = "循环的链接 / a link that loops"
    assert ws.build().stderr.splitlines()[:2] == [
        f"content/{name}:1:1: 错误 error: 这不是普通文件（{kind}）"
        f" / this is not a regular file ({kind})",
        "    修改 fix: 内容文件必须是内容文件夹中的普通 .yaml 文件"
        " / a content file must be a regular .yaml file inside the content folder",
    ]


def test_folders_nested_deeper_than_python_recurses(tmp_path: Path) -> None:
    """Folders a thousand deep under reports/ once ended a build in a RecursionError, going
    through them and naming the report found at the bottom."""
    content = Path(shutil.copytree(CONTENT, tmp_path / "content"))
    top = folder = content / "reports"
    for _ in range(1200):
        folder = folder / "x"
        folder.mkdir()
    try:
        report = (content / REPORT).read_text(encoding="utf-8")
        (folder / "2023.yaml").write_text(report.replace("year: 2024", "year: 2023"), "utf-8")
        built = subprocess.run(
            [sys.executable, str(ROOT / "build.py"), "--no-search"],
            cwd=tmp_path,
            capture_output=True,
            text=True,
            timeout=TIMEOUT,
            check=False,
        )
        assert built.returncode == 0, built.stderr[-2000:]
        assert (tmp_path / "site" / "zh" / "wayao-renda" / "2023" / "index.html").is_file()
    finally:  # shutil.rmtree, and so pytest's cleaning up, recurse as deep: bottom up here
        while folder != top:
            for file in folder.iterdir():
                file.unlink()
            folder.rmdir()
            folder = folder.parent


ODD_NAMES = [
    "2024 ✓.yaml",
    "..yaml",
    "-x.yaml",
    "a:1:2.yaml",
    "new\nline.yaml",
    " .yaml",
    "%00.yaml",
]


@pytest.mark.parametrize("name", ODD_NAMES, ids=repr)
def test_odd_report_file_names(ws: Workspace, name: str) -> None:
    text = ws.read()
    ws.report.unlink()
    ws.write(text, f"reports/wayao-renda/{name}")
    outcome = ws.build()
    for line in outcome.stderr.splitlines():
        assert PROBLEM.match(line) or line.startswith(("    ", "共 ")), repr(line)


# -- output folders ------------------------------------------------------------------------------


@pytest.mark.parametrize("out", ["content", "content/reports", ".", "content/../content", "busy"])
def test_dangerous_output_folders_are_refused(ws: Workspace, out: str) -> None:
    (ws.root / "busy").mkdir()
    (ws.root / "busy" / "notes.txt").write_text("not a site", encoding="utf-8")
    before = fingerprint(ws.root)
    result = subprocess.run(
        [sys.executable, str(ROOT / "build.py"), "--content", "content", "--out", out],
        cwd=ws.root,
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        check=False,
    )
    assert result.returncode == 1, result.stdout
    assert "Traceback" not in result.stderr
    assert fingerprint(ws.root) == before


def test_a_failed_build_leaves_no_staging_folder(ws: Workspace) -> None:
    ws.write("year: [\n")
    ws.build()
    # The lock file stays beside the site (removing it would let two builds each lock one).
    leftovers = [p.name for p in ws.root.iterdir() if p.name.startswith(".site")]
    assert leftovers == [".site.lock"]
