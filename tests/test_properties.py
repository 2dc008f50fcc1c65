"""Property-based tests: whatever YAML an editor (or a fuzzer) writes, loading and validating
ends in a report or in problems that each name a file, a line and a column — never in an
exception, and every problem formats into its message."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reportsite.model import Corpus, Glossary, Term, Text
from reportsite.problems import ContentError, Location, Problem, format_problem, format_summary
from reportsite.validate import glossary_warnings, load_corpus

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT / "content"
REPORT = "reports/wayao-renda/2024.yaml"
REAL = (CONTENT / REPORT).read_text(encoding="utf-8")
REAL_SITE = (CONTENT / "site.yaml").read_text(encoding="utf-8")

SETTINGS = settings(
    max_examples=200,
    deadline=dt.timedelta(seconds=10),
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@pytest.fixture(scope="module")
def content(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One content folder per module; each example rewrites the file it is about."""
    folder = tmp_path_factory.mktemp("properties") / "content"
    shutil.copytree(CONTENT, folder)
    return folder


def write(content: Path, name: str, text: str | bytes) -> None:
    path = content / name
    if isinstance(text, str):
        text = text.encode("utf-8", "surrogatepass")
    path.write_bytes(text)


def assert_located_outcome(content: Path) -> None:
    """The property: a Corpus, or a ContentError whose problems are all located."""
    try:
        corpus, warnings = load_corpus(content)
    except ContentError as error:
        problems: tuple[Problem, ...] = error.problems
        assert problems, "a ContentError without problems"
        format_summary(problems, out=None)
    else:
        assert isinstance(corpus, Corpus)
        problems = warnings
    for problem in problems:
        text = format_problem(problem)  # every message template gets its arguments
        where = problem.location
        assert where.file, text
        assert where.line > 0 and where.column > 0, f"not located: {text}"


# -- generated documents -------------------------------------------------------------------------

text = st.text(alphabet=st.characters(codec="utf-8"), max_size=40)
scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(allow_nan=True, allow_infinity=True),
    st.dates(),
    st.datetimes(),
    text,
    st.sampled_from(["zh", "en", "wayao-renda", "2024", "", "~", "<b>x</b>", "[x](javascript:1)"]),
)
keys = st.one_of(
    text,
    st.sampled_from(
        [
            "series",
            "year",
            "disclosure",
            "title",
            "review",
            "tasks",
            "sections",
            "items",
            "zh",
            "en",
            "id",
            "figures",
            "value",
            "unit",
            "key",
            "opening",
            "closing",
            "follows",
        ]
    ),
)
documents = st.recursive(
    scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=5), st.dictionaries(keys, children, max_size=6)
    ),
    max_leaves=40,
)


@SETTINGS
@given(document=documents)
def test_generated_documents_end_in_a_report_or_located_problems(
    content: Path, document: Any
) -> None:
    write(content, REPORT, yaml.safe_dump(document, allow_unicode=True))
    assert_located_outcome(content)


@SETTINGS
@given(document=st.dictionaries(keys, documents, max_size=8))
def test_generated_site_files_end_in_located_problems(content: Path, document: Any) -> None:
    write(content, REPORT, REAL)
    write(content, "site.yaml", yaml.safe_dump(document, allow_unicode=True))
    try:
        assert_located_outcome(content)
    finally:
        write(content, "site.yaml", REAL_SITE)


# -- scalars of every YAML type, put where the real report has a value ---------------------------

YAML_SCALARS = [
    "null", "~", "", "true", "False", "yes", "NO", "on", "off", "y", "n",
    "0", "-0", "+1", "007", "0o17", "0x1F", "0b101", "1_000", "1:30", "190:20:30", "1e3",
    "1.5", ".5", "-.inf", ".NaN", "2024-02-30", "2024-01-01", "2024-01-01T12:00:00Z",
    "2001-12-14 21:59:43.10 -5", '"quoted"', "'single'", '"\\u0000"', '"\\x85"',
    "|\n  block\n  text", ">\n  folded\n  text", "!!binary aGVsbG8=", "!!str 12", "!!int x",
    "!!float 1", "!!bool maybe", "!!timestamp nope", "!!set {a, b}", "!!omap [a: 1]",
    "!!python/object/apply:os.system [ls]", "!custom x", "&anchor x", "*nowhere",
    "[]", "{}", "[a, [b, [c]]]", "{zh: 中文}", "{zh: 中文, en: ''}", "{en: only}",
    "{zh: 1, en: 2}", "? a", "- a", "a: b", "<script>alert(1)</script>", "[x](data:,x)",
    "%", "@x", "`x", "#x", "'unterminated", '"unterminated', "{a: 1", "[1, 2",
]  # fmt: skip


def value_slots(text: str) -> list[tuple[int, int]]:
    """(start, end) offsets of every scalar value in the real report."""
    slots = []

    def walk(node: yaml.Node) -> None:
        if isinstance(node, yaml.ScalarNode):
            slots.append((node.start_mark.index, node.end_mark.index))
        elif isinstance(node, yaml.SequenceNode):
            for child in node.value:
                walk(child)
        elif isinstance(node, yaml.MappingNode):
            for _, child in node.value:
                walk(child)

    root = yaml.compose(text, Loader=yaml.SafeLoader)
    assert root is not None
    walk(root)
    return slots


SLOTS = value_slots(REAL)


@SETTINGS
@given(
    replacements=st.lists(
        st.tuples(st.sampled_from(SLOTS), st.sampled_from(YAML_SCALARS)), min_size=1, max_size=4
    )
)
def test_any_scalar_anywhere_ends_in_a_report_or_located_problems(
    content: Path, replacements: list[tuple[tuple[int, int], str]]
) -> None:
    text = REAL
    for (start, end), scalar in sorted(set(replacements), reverse=True):
        if end <= len(text):
            text = text[:start] + scalar + text[end:]
    write(content, REPORT, text)
    assert_located_outcome(content)


# -- random edits of the real file ---------------------------------------------------------------

NOISE = st.text(
    alphabet=st.sampled_from(list(":-?[]{},#&*!|>'\"%@` \t\n\r\x00\x85\u2028\ufeff中a1")),
    min_size=1,
    max_size=6,
)


@st.composite
def edits(draw: st.DrawFn) -> str:
    text = REAL
    for _ in range(draw(st.integers(min_value=1, max_value=4))):
        kind = draw(st.sampled_from(["insert", "delete", "duplicate", "indent", "truncate"]))
        at = draw(st.integers(min_value=0, max_value=len(text)))
        if kind == "insert":
            text = text[:at] + draw(NOISE) + text[at:]
        elif kind == "delete":
            text = text[:at] + text[at + draw(st.integers(min_value=1, max_value=200)) :]
        elif kind == "duplicate":
            lines = text.split("\n")
            i = draw(st.integers(min_value=0, max_value=len(lines) - 1))
            lines.insert(i, lines[i])
            text = "\n".join(lines)
        elif kind == "indent":
            lines = text.split("\n")
            i = draw(st.integers(min_value=0, max_value=len(lines) - 1))
            lines[i] = " " * draw(st.integers(min_value=0, max_value=9)) + lines[i].lstrip()
            text = "\n".join(lines)
        else:
            text = text[:at]
    return text


@SETTINGS
@given(text=edits())
def test_edited_real_report_ends_in_a_report_or_located_problems(content: Path, text: str) -> None:
    write(content, REPORT, text)
    assert_located_outcome(content)


@SETTINGS
@given(data=st.binary(max_size=300), at=st.integers(min_value=0, max_value=len(REAL)))
def test_bytes_spliced_into_the_real_report(content: Path, data: bytes, at: int) -> None:
    raw = REAL.encode("utf-8")
    write(content, REPORT, raw[:at] + data + raw[at:])
    assert_located_outcome(content)


_HANZI = st.text(alphabet="甲乙丙丁", max_size=3)
_TERM = st.builds(
    Term,
    zh=_HANZI,
    en=st.sampled_from(["alpha", "Beta", "gamma"]),
    variants=st.lists(st.sampled_from(["ALPHA", "delta"]), max_size=2).map(tuple),
)
_TEXT = st.builds(
    Text,
    zh=st.text(alphabet="甲乙丙丁戊\0", min_size=1, max_size=12),
    en=st.one_of(st.none(), st.sampled_from(["", "alpha", "the beta", "Gamma delta", "none"])),
)


@SETTINGS
@given(terms=st.lists(_TERM, max_size=8), texts=st.lists(_TEXT, max_size=6))
def test_glossary_warnings_are_those_of_each_term_looked_for_in_each_text(
    terms: list[Term], texts: list[Text]
) -> None:
    """Every term found in every text, however they overlap (甲乙 and 乙丙 in 甲乙丙, 甲 and 甲乙
    at one place), a term listed twice, and a term of no Chinese (str.find finds it anywhere):
    as looking for each term in each text finds them, in the texts' order and each text's
    terms in the glossary's."""
    walked = [(f"t[{number}]", text) for number, text in enumerate(texts)]
    expected = [
        (f"{where}.en", term.zh)
        for where, text in walked
        if text.en is not None
        for term in terms
        if term.zh in text.zh
        and not any(form.lower() in text.en.lower() for form in (term.en, *term.variants))
    ]
    warned = glossary_warnings(
        walked, lambda where: Location("r.yaml", 1, 1), Glossary(terms=tuple(terms))
    )
    assert [(problem.path, problem.args["term"]) for problem in warned] == expected
