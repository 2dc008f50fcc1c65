"""Stage 2, validate: Sources → a Corpus, or every Problem in every file at once.

Structure is checked by `convert.py` against the model. The rules here run on each part as
soon as it converts (numbering, lead phrases, figures against their text, markup, translation
hygiene), then on whole reports (ids, years), then across files (series, one report a year,
`follows` links to last year's tasks, the glossary).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Final

import yaml
from ahocorasick_rs import AhoCorasick

from . import urls
from .convert import INVALID, At, Rule, convert_source, locate, suggestion
from .load import Source, display_name, find_reports, load_source
from .model import (
    EN,
    YEAR_RANGE,
    ZH,
    Corpus,
    Glossary,
    Item,
    Lang,
    Part,
    Report,
    Section,
    Site,
    Subsection,
    Task,
    Text,
    format_number,
    items_of,
    sections_of,
    walk_texts,
)
from .problems import ContentError, Location, Problem, Severity

NUMBERING_ZH = re.compile(
    r"^\s*([一二三四五六七八九十百]+[、.．]|[（(][一二三四五六七八九十百]+[）)]"
    r"|[0-9]+[、.．]|[（(][0-9]+[）)])"
)
_NUMBERING_EN = re.compile(r"^\s*((?:[IVXLC]+|[0-9]+)\.|\([0-9a-z]+\))\s")
_DOMAIN = re.compile(r"(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}")
_CJK = re.compile(r"[\u3400-\u9fff]")
_LANGS: Final = tuple(Lang)
"""The languages, for the rules on every text: iterating the enum class itself is slower."""
_RESERVED = {
    "reserved_zh": "、".join(sorted(urls.RESERVED)),
    "reserved_en": ", ".join(sorted(urls.RESERVED)),
}
_HALF_WIDTH = {",": "，", ":": "：", ";": "；", "(": "（", ")": "）"}
_HALF_WIDTH_ANY = re.compile(r"[,:;()]")
_HALF_WIDTH_IN_ZH = re.compile(r"(?<=[\u3400-\u9fff])[,:;()]|[,:;()](?=[\u3400-\u9fff])")
_RAW_HTML = re.compile(r"<\s*/?\s*[a-zA-Z!?][^>]*>?")
_BAD_LINK = re.compile(
    r"(?:\]\(|^ {0,3}\[[^\]\n]*\]:)\s*(?:<\s*)?(?:javascript|data|vbscript|file)\s*:"
    r"|<\s*(?:javascript|data|vbscript):",
    re.IGNORECASE | re.MULTILINE,
)
_BRACKET = re.compile(r"\\.|[\[\]]", re.DOTALL)
MAX_TEXT = 10_000
"""Characters in one text: the longest paragraph of a real report has under 2,000."""
MAX_NESTING = 3
"""Levels of [ ] a text may nest."""
MAX_NUMBERED = 99
"""Review sections or tasks in one report: headings are numbered 一、 to 九十九、."""
PLACEHOLDER: Final = "【待填】"
"""Marks what an editor still has to write: inside a text, or in a comment beside a value
that cannot hold it (a date, an id). `check` lists every one left; --strict refuses them."""
_EXCERPT = 24
"""Characters after the mark quoted in the warning: enough to tell the places apart."""


def _warn(location: Location, code: str, path: str = "", **args: object) -> Problem:
    return Problem(location=location, code=code, path=path, args=args, severity=Severity.WARNING)


def _error(location: Location, code: str, path: str = "", **args: object) -> Problem:
    return Problem(location=location, code=code, path=path, args=args)


def _lang_path(text: Text, path: str, lang: Lang) -> str:
    """A plain-string text has no .zh key of its own: point at the string itself."""
    return f"{path}.{lang}" if text.en is not None or lang is EN else path


# -- rules on each part, run as it converts ----------------------------------------------------


def _brackets_ok(value: str) -> bool:
    """Every [ closed by a ] and never nested deeper than MAX_NESTING (escapes skipped)."""
    depth = 0
    for match in _BRACKET.finditer(value):
        if match.group() == "[":
            depth += 1
            if depth > MAX_NESTING:
                return False
        elif match.group() == "]" and depth:
            depth -= 1
    return depth == 0


def text_rules(text: Text, path: str, at: At) -> Iterable[Problem]:
    for lang in _LANGS:
        value = text.get(lang)
        if value is None:
            continue
        # Markdown's time grows faster than the text where [ piles up, and it recurses on
        # nested lists: bound both before anything renders.
        if len(value) > MAX_TEXT:
            where = _lang_path(text, path, lang)
            yield _error(at(where), "long-text", where, length=len(value), limit=MAX_TEXT)
            continue
        # The `in` tests skip, for the many texts without the character, a search that
        # could not match; where a problem stands is worked out only for one found (most
        # texts have none, and a report some hundred and sixty in its two languages).
        if "[" in value and not _brackets_ok(value):
            where = _lang_path(text, path, lang)
            yield _error(at(where), "brackets", where, limit=MAX_NESTING)
        if "<" in value and _RAW_HTML.search(value):
            where = _lang_path(text, path, lang)
            yield _error(at(where), "unsafe-markup", where, what_zh="HTML 标签", what_en="raw HTML")
        if ":" in value and _BAD_LINK.search(value):
            where = _lang_path(text, path, lang)
            yield _error(
                at(where),
                "unsafe-markup",
                where,
                what_zh="javascript:/data: 链接",
                what_en="a javascript: or data: link",
            )
    # Most texts have none of the characters: finding that out is quicker than a search that
    # looks around every character.
    found = _HALF_WIDTH_ANY.search(text.zh)
    match = _HALF_WIDTH_IN_ZH.search(text.zh) if found else None
    if match:
        where = _lang_path(text, path, ZH)
        char = match.group()
        yield _warn(at(where), "halfwidth-punctuation", where, char=char, full=_HALF_WIDTH[char])
    if text.en is not None and _CJK.search(text.zh):
        where = f"{path}.en"
        if text.en.strip() == text.zh.strip():
            yield _warn(at(where), "translation-same", where)
        elif not text.en.isascii() and _CJK.search(text.en):
            yield _warn(at(where), "translation-has-chinese", where)


def _titled_rules(value: Section | Subsection | Task, path: str, at: At) -> Iterable[Problem]:
    yield from _no_typed_numbering(value.title, f"{path}.title", at)


def _no_typed_numbering(title: Text, path: str, at: At) -> Iterable[Problem]:
    for lang, pattern in ((ZH, NUMBERING_ZH), (EN, _NUMBERING_EN)):
        match = pattern.match(title.get(lang) or "")
        if match:
            where = _lang_path(title, path, lang)
            yield _error(at(where), "typed-numbering", where, numbering=match.group(1))


def task_rules(task: Task, path: str, at: At) -> Iterable[Problem]:
    yield from _titled_rules(task, path, at)
    if task.text is None and not task.items:
        yield _error(at(path), "task-empty", path)


def part_rules(part: Part, path: str, at: At) -> Iterable[Problem]:
    yield from _no_typed_numbering(part.heading, f"{path}.heading", at)


def item_rules(item: Item, path: str, at: At) -> Iterable[Problem]:
    for lang in _LANGS:
        lead = (item.lead.get(lang) if item.lead else None) or ""
        if item.lead and lead.rstrip().endswith(("。", ".", "．")):
            where = _lang_path(item.lead, f"{path}.lead", lang)
            yield _error(at(where), "lead-full-stop", where)
    for index, figure in enumerate(item.figures):
        where = f"{path}.figures[{index}]"
        if figure.quote_zh not in item.text.zh:
            yield _error(at(where), "figure-not-in-text", where, quote=figure.quote_zh)
        number = format_number(figure.value)
        if item.text.en is not None and number not in item.text.en:
            yield _warn(at(where), "figure-not-in-english", where, value=number)


def report_rules(report: Report, path: str, at: At) -> Iterable[Problem]:
    low, high = YEAR_RANGE
    if not low <= report.year <= high:
        yield _error(at("year"), "year-range", "year", value=report.year, low=low, high=high)
    numbered = [("review.sections", len(report.review.sections)), ("parts", len(report.parts))]
    numbered += [
        (f"parts[{p}].sections", len(part.sections)) for p, part in enumerate(report.parts)
    ]
    if report.tasks:
        numbered.append(("tasks.items", len(report.tasks.items)))
    for where, count in numbered:
        if count > MAX_NUMBERED:
            yield _error(at(where), "too-many", where, count=count, limit=MAX_NUMBERED)
    sections = sections_of(report)
    yield from _unique(at, [(f"{where}.id", section.id) for where, section in sections])
    yield from _unique(at, [(f"parts[{p}].id", part.id) for p, part in enumerate(report.parts)])
    if report.tasks:
        tasks = report.tasks.items
        yield from _unique(at, [(f"tasks.items[{t}].id", task.id) for t, task in enumerate(tasks)])
    items = items_of(report)
    keys = [
        (f"{where}.figures[{f}]", figure.key)
        for where, item in items
        for f, figure in enumerate(item.figures)
    ]
    first: dict[str, str] = {}
    for where, key in keys:
        if key in first:
            yield _error(
                at(f"{where}.key"),
                "duplicate-figure-key",
                f"{where}.key",
                value=key,
                first_line=at(f"{first[key]}.key").line,
            )
        else:
            first[key] = where


def _unique(at: At, ids: list[tuple[str, str]]) -> Iterable[Problem]:
    """(YAML path, id) pairs: each id used once."""
    first: dict[str, str] = {}
    for where, value in ids:
        if value in first:
            line = at(first[value]).line
            yield _error(at(where), "duplicate-id", where, value=value, first_line=line)
        else:
            first[value] = where


def site_rules(site: Site, path: str, at: At) -> Iterable[Problem]:
    if site.languages != (Lang.ZH, Lang.EN):
        yield _error(at("languages"), "languages", "languages")
    if not (site.base_path.startswith("/") and site.base_path.endswith("/")):
        yield _error(at("base_path"), "base-path", "base_path", value=site.base_path)
    if not _DOMAIN.fullmatch(site.domain):
        yield _error(at("domain"), "bad-domain", "domain", value=site.domain)
    for series_id in site.series:
        if series_id in urls.RESERVED:
            where = f"series.{series_id}"
            yield _error(at(where), "reserved-id", where, value=series_id, **_RESERVED)


RULES: Mapping[type, Rule] = {
    Text: text_rules,
    Section: _titled_rules,
    Task: task_rules,
    Part: part_rules,
    Subsection: _titled_rules,
    Item: item_rules,
    Report: report_rules,
    Site: site_rules,
}


# -- the stage ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Checked:
    """A report checked on its own: the report, where it came from, its problems, and where the
    values that rules across files point at stand in its file."""

    report: Report
    file: Path
    problems: tuple[Problem, ...]
    places: Mapping[str, Location]
    follows: tuple[tuple[str, str], ...]
    """Each `follows` link of its review: where it stands, the task it names."""
    task_ids: tuple[str, ...]
    """The ids of its task items. With follows, all that rules across files read of a report
    besides its series and year: a build may hold reports not yet decoded (cache.Deferred)."""
    coverage: tuple[int, ...]
    """Its texts, then how many of them are translated into each language (translated), for
    `check`, which reads the cache: counted while its paragraphs are at hand (the cache keeps
    an outline)."""

    def at(self, path: str) -> Location:
        return locate(self.places, display_name(self.file), path)

    def translated_into(self, lang: Lang) -> tuple[int, int]:
        """How many of its texts are translated into lang, and how many texts it has."""
        return self.coverage[1 + list(Lang).index(lang)], self.coverage[0]


CheckReports = Callable[[Sequence[Path], Glossary | None], Iterable[Checked | tuple[Problem, ...]]]
"""Checks report files one by one, in any order: a Checked, or the problems of a file that
did not convert. The build passes one that runs on every core and remembers its results."""
ReadSettings = Callable[[Path, type, Path], tuple[object, tuple[Problem, ...]]]
"""Reads site.yaml or the glossary (its path, the type it converts to, the content folder):
the value, or INVALID, and its problems. The build passes one that remembers them."""


def check_reports(
    paths: Sequence[Path], glossary: Glossary | None
) -> Iterator[Checked | tuple[Problem, ...]]:
    """Each report file checked alone, one after the other."""
    for path in paths:
        yield check_report(path, glossary)


def check_report(
    path: Path,
    glossary: Glossary | None,
    *,
    text_places: bool = False,
    data: bytes | Source | None = None,
) -> Checked | tuple[Problem, ...]:
    """Load, convert and check one report file, and the glossary against its English.

    The result keeps where the values that rules across files point at stand in the file;
    with text_places, where every text stands too (the editor's commands write into them).
    With data, that is checked as the file's bytes (load_source), or as the file so parsed."""
    problems: list[Problem] = []
    report, at = _load_one(path, Report, problems, data=data)
    if not isinstance(report, Report):
        return tuple(problems)
    texts = walk_texts(report)
    if glossary is not None:
        problems += glossary_warnings(texts, at, glossary)
    follows = tuple(
        (f"review.sections[{index}].follows", section.follows)
        for index, section in enumerate(report.review.sections)
        if section.follows is not None
    )
    wanted = {"series", "year", *(where for where, _ in follows)}
    if text_places:
        for where, _ in texts:
            wanted.update(f"{where}.{lang.value}" for lang in Lang)
            # The values around it too: a path that no longer exists is shown at its parent.
            wanted.update(where[:n] for n, c in enumerate(where) if c in ".[")
            wanted.add(where)
    places = {where: at(where) for where in sorted(wanted)}
    task_ids = tuple(task.id for task in report.tasks.items) if report.tasks else ()
    counted = translated(texts)
    return Checked(report, path, tuple(problems), places, follows, task_ids, counted)


def read_settings(path: Path, kind: type, content_dir: Path) -> tuple[object, tuple[Problem, ...]]:
    """site.yaml or the glossary, loaded and converted to kind (ReadSettings)."""
    problems: list[Problem] = []
    value, _ = _load_one(path, kind, problems, root=content_dir)
    return value, tuple(problems)


def load_corpus(
    content_dir: Path,
    *,
    strict: bool = False,
    check: CheckReports = check_reports,
    read: ReadSettings = read_settings,
) -> tuple[Corpus, tuple[Problem, ...]]:
    """Load and validate a content folder. Raises ContentError if any error is found (or,
    when strict, any warning); otherwise returns the corpus and the warnings."""
    problems: list[Problem] = []
    site, read_problems = read(content_dir / "site.yaml", Site, content_dir)
    problems += read_problems
    glossary: object = Glossary(terms=())
    if (content_dir / "glossary.yaml").exists():
        glossary, read_problems = read(content_dir / "glossary.yaml", Glossary, content_dir)
        problems += read_problems
    paths, found = find_reports(content_dir / "reports", content_dir)
    problems += found
    if not paths and not found:
        location = Location(display_name(content_dir / "reports"))
        problems.append(Problem(location=location, code="no-reports"))
    checked: list[Checked] = []
    for result in check(paths, glossary if isinstance(glossary, Glossary) else None):
        if isinstance(result, Checked):
            checked.append(result)
            problems += result.problems
        else:
            problems += result
    checked.sort(key=lambda c: c.file)
    if isinstance(site, Site):
        problems += check_corpus(checked, site)
    failed = any(p.severity is Severity.ERROR for p in problems) or (strict and problems)
    if failed or not isinstance(site, Site) or not isinstance(glossary, Glossary):
        raise ContentError(problems)
    checked.sort(key=lambda c: (c.report.series, c.report.year))
    warnings = tuple(sorted(problems, key=Problem.sort_key))
    corpus = Corpus(
        site=site,
        reports=tuple(c.report for c in checked),
        glossary=glossary,
        files={(c.report.series, c.report.year): c.file for c in checked},
    )
    return corpus, warnings


def _load_one(
    path: Path,
    target: type,
    problems: list[Problem],
    *,
    root: Path | None = None,
    data: bytes | Source | None = None,
) -> tuple[object, At]:
    source = data if isinstance(data, Source) else load_source(path, root=root, data=data)
    if isinstance(source, list):
        problems += source
        return INVALID, lambda _: Location(display_name(path))
    value, found, at = convert_source(source, target, RULES)
    problems += found
    problems += placeholders(source)
    return value, at


def placeholders(source: Source) -> Iterator[Problem]:
    """A warning at every placeholder mark left in the file, texts and comments alike."""
    if PLACEHOLDER not in source.text:
        return
    tree = _Positions(source.node)
    for number, line in enumerate(source.text.split("\n"), 1):
        column = line.find(PLACEHOLDER)
        while column >= 0:
            where, node = tree.value_at(number - 1, column)
            # Inside a value, the excerpt ends with it (a flow mapping goes on after it).
            stop = len(line.rstrip())
            if node.end_mark.line == number - 1 and node.end_mark.column > column:
                stop = node.end_mark.column
            end = min(stop, column + len(PLACEHOLDER) + _EXCERPT)
            excerpt = line[column:end].rstrip() + ("…" if stop > end else "")
            location = Location(source.name, number, column + 1)
            yield _warn(location, "placeholder", where, text=excerpt)
            column = line.find(PLACEHOLDER, column + 1)


class _Positions:
    """Finds the value at a place in a YAML node tree, by binary search among the children of
    each node (a file of many marks in one long list must not cost marks × entries)."""

    def __init__(self, root: yaml.Node) -> None:
        self.root = root
        self.children: dict[int, tuple[list[tuple[int, int]], list[tuple[str, yaml.Node]]]] = {}

    def _children(
        self, node: yaml.Node
    ) -> tuple[list[tuple[int, int]], list[tuple[str, yaml.Node]]]:
        if id(node) not in self.children:
            steps: list[tuple[str, yaml.Node]] = []
            if isinstance(node, yaml.MappingNode):
                steps = [(f".{key.value}", value) for key, value in node.value]
            elif isinstance(node, yaml.SequenceNode):
                steps = [(f"[{index}]", item) for index, item in enumerate(node.value)]
            starts = [(child.start_mark.line, child.start_mark.column) for _, child in steps]
            self.children[id(node)] = (starts, steps)
        return self.children[id(node)]

    def value_at(self, line: int, column: int) -> tuple[str, yaml.Node]:
        """The innermost value that starts at or before (line, column), counted from 0, and
        its YAML path: the value a mark in it, or in a comment after it, belongs to."""
        path, node = "", self.root
        while True:  # a loop, not recursion: a hostile file nests up to load.MAX_DEPTH deep
            starts, steps = self._children(node)
            index = bisect.bisect_right(starts, (line, column))
            if not index:
                return path.removeprefix("."), node
            step, node = steps[index - 1]
            path += step


def check_corpus(checked: list[Checked], site: Site) -> Iterable[Problem]:
    """Rules across files: known, unreserved series, one report a year, follows links."""
    by_key: dict[tuple[str, int], Checked] = {}
    for item in checked:
        report = item.report
        if item.file.stem != str(report.year):
            yield _warn(item.at("year"), "file-name-year", "year", year=report.year)
        if report.series in urls.RESERVED:
            yield _error(
                item.at("series"), "reserved-id", "series", value=report.series, **_RESERVED
            )
        elif report.series not in site.series:
            yield _error(
                item.at("series"),
                "unknown-series",
                "series",
                value=report.series,
                **suggestion(report.series, site.series),
            )
        key = (report.series, report.year)
        if key in by_key:
            yield _error(
                item.at("year"),
                "duplicate-report",
                "year",
                series=report.series,
                year=report.year,
                other=display_name(by_key[key].file),
            )
        else:
            by_key[key] = item
    for item in checked:
        yield from _check_follows(item, by_key)


def _check_follows(item: Checked, by_key: Mapping[tuple[str, int], Checked]) -> Iterable[Problem]:
    report = item.report
    previous = by_key.get((report.series, report.year - 1))
    # Where each task is first followed: located only if it is followed again.
    first: dict[str, str] = {}
    for where, task in item.follows:
        args = {"series": report.series, "year": report.year - 1, "value": task}
        if previous is None:
            yield _warn(item.at(where), "follows-no-report", where, **args)
            continue
        if task not in previous.task_ids:
            yield _error(
                item.at(where),
                "follows-unknown",
                where,
                **args,
                **suggestion(task, previous.task_ids),
            )
        elif task in first:
            yield _error(
                item.at(where),
                "follows-twice",
                where,
                value=task,
                first_line=item.at(first[task]).line,
            )
        else:
            first[task] = where


def glossary_warnings(
    texts: Iterable[tuple[str, Text]], at: At, glossary: Glossary
) -> Iterable[Problem]:
    """Warn where the Chinese of a report's texts (walk_texts) uses an official term and the
    English lacks its rendering."""
    held_by, terms = terms_held(glossary), glossary.terms
    # Each term's renderings lower-cased once a report, not once for every text that uses it.
    renderings: dict[int, list[str]] = {}
    for path, text in texts:
        if text.en is None:
            continue
        held = held_by(text.zh)
        if not held:
            continue
        lowered = text.en.lower()
        for number in held:
            term = terms[number]
            forms = renderings.get(number)
            if forms is None:
                forms = renderings[number] = [form.lower() for form in (term.en, *term.variants)]
            for form in forms:
                if form in lowered:
                    break
            else:
                where = f"{path}.en"
                yield _warn(at(where), "glossary", where, term=term.zh, rendering=term.en)


def terms_held(glossary: Glossary) -> Callable[[str], list[int]]:
    """What gives the numbers of the glossary's terms a text holds (its Chinese found in the
    text), in the glossary's order: a term listed twice, twice; one of no Chinese, in every
    text (as `"" in text` has it). Made once for the texts of a report."""
    find, numbers, everywhere = _term_finder(tuple(term.zh for term in glossary.terms))

    def held_by(text: str) -> list[int]:
        found = find(text, overlapping=True)
        if not found:
            return list(everywhere)
        return sorted(
            {number for which, _, _ in found for number in numbers[which]}.union(everywhere)
        )

    return held_by


@lru_cache(maxsize=4)
def _term_finder(
    chinese: tuple[str, ...],
) -> tuple[Callable[..., list[tuple[int, int, int]]], tuple[tuple[int, ...], ...], tuple[int, ...]]:
    """The glossary's terms (their Chinese, in its order) looked for all at once: an
    Aho-Corasick automaton finds every term in a text, overlapping ones too (党委 in 镇党委,
    人大 and 人大代表 where both are terms), in one pass over it whatever the glossary's size.
    Looked for one by one, each term cost a pass over all of a report's Chinese: the check
    took 0.28–0.36 ms a report with the example's 50 terms and 5.1 ms with 1,000; it takes
    0.2 and 0.3–0.4 ms. Given with it: for each term the automaton knows, the numbers of the
    glossary's terms of that Chinese (a glossary may list one twice), and the numbers of any
    term of no Chinese at all, which no automaton takes."""
    distinct = list(dict.fromkeys(zh for zh in chinese if zh))
    numbers: dict[str, list[int]] = {zh: [] for zh in distinct}
    for number, zh in enumerate(chinese):
        if zh:
            numbers[zh].append(number)
    everywhere = tuple(number for number, zh in enumerate(chinese) if not zh)
    if not distinct:
        return (lambda text, overlapping: []), (), everywhere
    finder = AhoCorasick(distinct)
    return finder.find_matches_as_indexes, tuple(tuple(numbers[zh]) for zh in distinct), everywhere


def glossary_change(before: Glossary, now: Glossary) -> frozenset[str] | None:
    """The Chinese of each term the glossary gained, lost or changed (its English or its
    variants): a report that holds none of them is warned as before (glossary_warnings).
    None if the terms it kept are in another order, which is the order of a text's warnings."""
    kept = set(before.terms) & set(now.terms)
    if [t for t in before.terms if t in kept] != [t for t in now.terms if t in kept]:
        return None
    return frozenset(term.zh for term in set(before.terms) ^ set(now.terms))


_NOT_AS_WRITTEN = frozenset("\\'\" \t\n\r\x85\u2028\u2029")
"""What a YAML scalar may hold that is not written so in the file: a backslash's escapes, a
quote doubled or escaped, spaces and line ends from folded lines (NEL and the Unicode line
ends break lines too)."""


def may_hold(data: bytes, strings: Iterable[str]) -> bool:
    """Whether a report file (its bytes, which load reads as UTF-8) could hold one of these
    strings (glossary terms, whole texts) in one of its texts. A scalar's characters stand in
    the file as written but where YAML folds lines, unescapes a backslash or undoubles a quote:
    without a backslash in the file, a string with none of those characters is in a text only
    if it is in the file (and in UTF-8, a string's bytes are found only where it is). One in a
    comment, or in a key, counts too: never wrongly no."""
    if b"\\" in data:
        return True
    return any(not _NOT_AS_WRITTEN.isdisjoint(s) or s.encode() in data for s in strings)


def translated(texts: Iterable[tuple[str, Text]]) -> tuple[int, ...]:
    """How many texts there are (a report's, walk_texts), then how many of them are translated
    into each language (in the order of Lang)."""
    every = [text for _, text in texts]
    return (
        len(every),
        *(len(every) - [text.get(lang) for text in every].count(None) for lang in Lang),
    )
