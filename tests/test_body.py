"""A report's body is made once per language and reused by every page of the report that shows
it (body.py); the bytes are pinned by the golden pages, this pins the reuse (of its texts and
of its key figures), and that what a chart tells screen readers, made as text, says what its
HTML shows."""

from __future__ import annotations

from collections import Counter

import pytest

from reportsite.assemble import Page, assemble
from reportsite.formatting import HtmlText
from reportsite.model import Figure, Text
from reportsite.pipeline import TEMPLATES
from reportsite.render import Renderer
from reportsite.validate import load_corpus

from .conftest import ROOT


def test_each_text_of_a_report_is_formatted_once_per_language(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    corpus, _ = load_corpus(ROOT / "tests" / "cases" / "shapes")
    (unit,) = [u for u in assemble(corpus) if u.whole is not None]
    made: Counter[tuple[int, str]] = Counter()
    original = HtmlText.item_paragraph

    def counted(self: HtmlText, item: object, lang: str) -> object:
        made[id(item), str(lang)] += 1
        return original(self, item, lang)  # type: ignore[arg-type]

    monkeypatch.setattr(HtmlText, "item_paragraph", counted)
    renderer = Renderer(TEMPLATES)
    pages = [page for page in unit.pages() if isinstance(page, Page)]
    html = [page for page in pages if page.template.endswith(".html")]
    assert {page.template for page in html} == {"report.html", "bilingual.html"}
    for page in html:
        assert renderer.render(page)
    # Every item of the report shows on its Chinese page, its English page and twice in the
    # parallel view, yet each is formatted once in each language.
    assert made and set(made.values()) == {1}
    assert {lang for _, lang in made} == {"zh", "en"}


def test_each_quoted_figure_is_formatted_once_per_language(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The table of key figures shows each figure on the report's page in its language and
    again in the parallel view: its value is made once in each language."""
    corpus, _ = load_corpus(ROOT / "tests" / "cases" / "shapes")
    (unit,) = [u for u in assemble(corpus) if u.whole is not None]
    made: Counter[tuple[int, str, str]] = Counter()
    original = HtmlText.figure_value

    def counted(self: HtmlText, figure: Figure, number: str, lang: str) -> object:
        made[id(figure), number, str(lang)] += 1
        return original(self, figure, number, lang)

    monkeypatch.setattr(HtmlText, "figure_value", counted)
    renderer = Renderer(TEMPLATES)
    pages = [page for page in unit.pages() if isinstance(page, Page)]
    rendered = [renderer.render(page) for page in pages if page.template.endswith(".html")]
    assert sum(page.count(b'class="figures-table"') for page in rendered) == 3
    assert made and set(made.values()) == {1}
    assert {lang for _, _, lang in made} == {"zh", "en"}


def test_pages_of_reports_rendered_in_any_order_are_the_same() -> None:
    """The kept body is of the report being rendered, never the last one's."""
    corpus, _ = load_corpus(ROOT / "tests" / "cases" / "archive")
    pages = [
        page
        for unit in assemble(corpus)
        if unit.whole is not None
        for page in unit.pages()
        if isinstance(page, Page)
    ]
    assert len({page.context["report"] for page in pages}) > 1
    in_order = [Renderer(TEMPLATES).render(page) for page in pages]
    interleaved = Renderer(TEMPLATES)
    shuffled = pages[::2] + pages[1::2]
    again = dict(zip(map(id, shuffled), map(interleaved.render, shuffled), strict=True))
    assert [again[id(page)] for page in pages] == in_order


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("approx", [False, True])
@pytest.mark.parametrize(
    "unit",
    [
        Text("份", "copies"),
        Text("份"),  # the English pending: the Chinese and the pending mark stand in
        Text("*人次*", "person  <times> & more"),  # inline Markdown, runs of spaces, HTML
    ],
)
def test_a_figures_text_is_its_value_with_the_tags_stripped(
    lang: str, approx: bool, unit: Text
) -> None:
    """What a chart tells screen readers of a bar (charts.figure_track) is made as text, as
    stripping the tags of the value beside the bar once gave it."""
    strings = Renderer(TEMPLATES).strings
    # An editor's strings.yaml may put spaces around the mark: striptags leaves one.
    html = HtmlText({**strings, "approx": {"zh": "余", "en": " or more "}})
    figure = Figure(key="copies", value=1234.5, unit=unit, label=Text("份数"), approx=approx)
    for number in ("1234.5", "1,234.5", "-3"):
        value = html.figure_value(figure, number, lang)
        assert html.figure_text(figure, number, lang) == value.striptags()
