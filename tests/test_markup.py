"""markup.py: text is escaped, inline Markdown rendered and sanitised, figures marked once."""

from __future__ import annotations

from pathlib import Path

import pytest
from markupsafe import escape

from reportsite import markup
from reportsite.markup import block, inline, mark_figures
from reportsite.model import Figure, Text

from .conftest import CONTENT, ROOT, run_cli


def test_plain_text_is_escaped_on_the_fast_path() -> None:
    assert block('甲 < 乙 & "丙"') == "<p>甲 &lt; 乙 &amp; &#34;丙&#34;</p>"


def test_brackets_that_make_no_link_take_the_fast_path(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_markdown(text: str) -> str:
        raise AssertionError(f"converted: {text}")

    monkeypatch.setattr(markup._converter(), "convert", no_markdown)
    assert inline("[DEMO DATA] Work Report (2024) of 【演示】") == (
        "[DEMO DATA] Work Report (2024) of 【演示】"
    )
    assert block("see [1] and [2]; a ] alone") == "<p>see [1] and [2]; a ] alone</p>"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "[a](https://www.gov.cn/)",
            '<a href="https://www.gov.cn/" rel="noopener noreferrer">a</a>',
        ),
        ("[a] [b]", "[a] [b]"),
        ("[a]: https://www.gov.cn/", ""),
    ],
)
def test_brackets_that_may_make_a_link_go_through_markdown(text: str, expected: str) -> None:
    assert inline(text) == expected


MAY_BE_MARKDOWN = {
    "strong": "**重点**",
    "emphasis": "_em_",
    "code": "`code`",
    "escape": "a\\*b",
    "image": "![i](x.png)",
    "heading": "# 标题",
    "quote": "> 引文",
    "quote-indented": "  > 引文",
    "link": "[a](https://www.gov.cn/)",
    "link-after-space": "[a] (x)",
    "reference": "[a][b]",
    "definition": "[a]: https://www.gov.cn/",
    "list": "- 一",
    "list-plus": "+ 一",
    "list-indented": "  - 一",
    "list-numbered": "1. 一",
    "list-bracket": "12) 一",
    "hard-break": "一  \n二",
    "second-line": "一\n二",
}
PLAIN_TEXT = {
    "brackets": "see [1] and [2]; a ] alone",
    "range": "3-5 times",
    "phone": "+86 10",
    "decimal": "1.5 percent",
    "year": "(2024) note",
    "article": "第1.2条",
    "dash": "a - b",
    "signs": "( ) { } = ~ ^ | @ $ % &",
    "exclamation": "谢谢大家!",
    "image-alone": "见![附件]",
    "sharp": "C# and F#",
    "greater": "a > b",
}


@pytest.mark.parametrize("text", MAY_BE_MARKDOWN.values(), ids=MAY_BE_MARKDOWN.keys())
def test_what_may_be_markdown_goes_through_markdown(
    monkeypatch: pytest.MonkeyPatch, text: str
) -> None:
    converted: list[str] = []

    def convert(text: str) -> str:
        converted.append(text)
        return "<p></p>"

    monkeypatch.setattr(markup._converter(), "convert", convert)
    block.__wrapped__(text)
    assert converted, "took the fast path"


@pytest.mark.parametrize("text", PLAIN_TEXT.values(), ids=PLAIN_TEXT.keys())
def test_what_cannot_be_markdown_takes_the_fast_path(
    monkeypatch: pytest.MonkeyPatch, text: str
) -> None:
    """What Markdown would make of it, made without it."""
    made = markup._clean(markup._converter().reset().convert(markup._neutralise_html(text)))

    def no_markdown(text: str) -> str:
        raise AssertionError(f"converted: {text}")

    monkeypatch.setattr(markup._converter(), "convert", no_markdown)
    assert block.__wrapped__(text) == made == f"<p>{escape(text)}</p>"


def test_python_markdown_is_loaded_only_once_a_text_needs_it(tmp_path: Path) -> None:
    """The example report holds no Markdown: its build never imports Python-Markdown, which
    the first text that needs it then gets."""
    code = (
        "import sys\n"
        "from reportsite import cli, markup\n"
        "print(cli.main(sys.argv[1:]), 'markdown' in sys.modules)\n"
        "print(markup.block('**重点**'), 'markdown' in sys.modules)\n"
    )
    out = tmp_path / "site"
    said = run_cli(
        "build",
        "--content",
        CONTENT,
        "--out",
        out,
        "--no-search",
        "-q",
        cwd=ROOT,
        program=("-c", code),
    )
    assert said.stdout.splitlines()[-2:] == ["0 False", "<p><strong>重点</strong></p> True"]
    assert (out / "zh" / "wayao-renda" / "2024" / "index.html").is_file()


def test_inline_markdown_renders() -> None:
    assert inline("**重点** and *em*") == "<strong>重点</strong> and <em>em</em>"
    assert block("- 一\n- 二") == "<ul>\n<li>一</li>\n<li>二</li>\n</ul>"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("[x](javascript:alert(1))", '<p><a rel="noopener noreferrer">x</a></p>'),
        ("[x](data:text/html,hi)", '<p><a rel="noopener noreferrer">x</a></p>'),
        ("<script>alert(1)</script>", "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>"),
        ('<img src=x onerror="alert(1)">', "<p>&lt;img src=x onerror=&#34;alert(1)&#34;&gt;</p>"),
        ("**<b>x</b>**", "<p><strong>&lt;b&gt;x&lt;/b&gt;</strong></p>"),
    ],
)
def test_hostile_markup_comes_out_inert(text: str, expected: str) -> None:
    assert block(text) == expected


def test_safe_links_keep_their_target() -> None:
    assert inline("[政府网](https://www.gov.cn/)") == (
        '<a href="https://www.gov.cn/" rel="noopener noreferrer">政府网</a>'
    )


def _figure(value: int, unit: str, *, approx: bool = False) -> Figure:
    return Figure(
        key="k", value=value, unit=Text(unit, "x"), label=Text("标签", "label"), approx=approx
    )


def test_figures_are_marked_in_chinese_by_their_quotation() -> None:
    html = block("发放宣传材料600余份，解答咨询200余人。")
    marked = mark_figures(
        html, [_figure(600, "份", approx=True), _figure(200, "人", approx=True)], quote=True
    )
    assert marked == (
        '<p>发放宣传材料<data class="figure" value="600">600余份</data>，'
        '解答咨询<data class="figure" value="200">200余人</data>。</p>'
    )


def test_equal_figures_are_each_marked_once_in_english() -> None:
    html = block("5 groups held 5 activities.")
    marked = mark_figures(html, [_figure(5, "个"), _figure(5, "次")], quote=False)
    assert marked == (
        '<p><data class="figure" value="5">5</data> groups held '
        '<data class="figure" value="5">5</data> activities.</p>'
    )


def test_numbers_inside_other_numbers_are_not_marked() -> None:
    marked = mark_figures(block("In 2024, 24 sessions."), [_figure(24, "次")], quote=False)
    assert marked == '<p>In 2024, <data class="figure" value="24">24</data> sessions.</p>'


def test_a_figure_is_marked_where_it_stands_as_text_alone() -> None:
    html = block("In 0.5, 1,5, 15 and 51 cases, [5 groups](https://example.org/5/) met.")
    marked = mark_figures(html, [_figure(5, "个")], quote=False)
    assert marked == (
        "<p>In 0.5, 1,5, 15 and 51 cases, "
        '<a href="https://example.org/5/" rel="noopener noreferrer">'
        '<data class="figure" value="5">5</data> groups</a> met.</p>'
    )
