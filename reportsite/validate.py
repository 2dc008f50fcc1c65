"""Stage 2, validate: Sources → a Corpus, or every Problem in every file at once.

Structure is checked by `convert.py` against the model; this module adds the rules that need
more than one value: numbering, figures against their text, ids, series, one report per year,
`follows` links to last year's tasks, translation hygiene and the glossary.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Generic, TypeVar

from .convert import INVALID, convert_source, suggestion
from .load import display_name, find_reports, load_source
from .model import (
    YEAR_RANGE,
    Corpus,
    Glossary,
    Lang,
    Report,
    Site,
    format_number,
    walk_texts,
)
from .problems import ContentError, Location, Problem, Severity

T = TypeVar("T")

_NUMBERING_ZH = re.compile(
    r"^\s*([一二三四五六七八九十百]+[、.．]|[（(][一二三四五六七八九十百]+[）)]|[0-9]+[、.．]|[（(][0-9]+[）)])"
)
_NUMBERING_EN = re.compile(r"^\s*((?:[IVXLC]+|[0-9]+)\.|\([0-9a-z]+\))\s")
_DOMAIN = re.compile(r"(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}")
_CJK = re.compile(r"[\u3400-\u9fff]")
_HALF_WIDTH = {",": "，", ":": "：", ";": "；", "(": "（", ")": "）"}
_HALF_WIDTH_IN_ZH = re.compile(r"(?<=[\u3400-\u9fff])[,:;()]|[,:;()](?=[\u3400-\u9fff])")
_RAW_HTML = re.compile(r"<\s*/?\s*[a-zA-Z][^>]*>|<!--")
_BAD_LINK = re.compile(r"\]\(\s*<?\s*(?:javascript|data|vbscript|file)\s*:", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Checked(Generic[T]):
    """A converted value with where its parts came from, for rules that point at them."""

    value: T
    file: str
    places: Mapping[str, Location]

    def at(self, path: str) -> Location:
        while path not in self.places and path:
            path = path.rpartition(".")[0] if "." in path else ""
        return self.places.get(path, Location(self.file, 1, 1))


def load_corpus(content_dir: Path, *, strict: bool = False) -> tuple[Corpus, tuple[Problem, ...]]:
    """Load and validate a content folder. Raises ContentError if any error is found (or,
    when strict, any warning); otherwise returns the corpus and the warnings."""
    problems: list[Problem] = []
    site, site_places = _load_one(content_dir / "site.yaml", Site, problems)
    glossary_file = content_dir / "glossary.yaml"
    glossary = (
        _load_one(glossary_file, Glossary, problems)[0]
        if glossary_file.exists()
        else Glossary(terms=())
    )
    paths, found = find_reports(content_dir / "reports", content_dir)
    problems += found
    if not paths and not found:
        problems.append(
            Problem(
                location=Location(display_name(content_dir / "reports")),
                code="no-reports",
            )
        )
    if isinstance(site, Site):
        problems += check_site(Checked(site, display_name(content_dir / "site.yaml"), site_places))
    checked: list[Checked[Report]] = []
    for path in paths:
        source = load_source(path)
        if isinstance(source, list):
            problems += source
            continue
        report, found, places = convert_source(source, Report)
        problems += found
        if isinstance(report, Report):
            item = Checked(report, source.name, places)
            problems += check_report(item, path)
            checked.append(item)
    if isinstance(site, Site):
        problems += check_corpus(checked, site)
    if isinstance(glossary, Glossary):
        problems += check_glossary(checked, glossary)
    errors = [p for p in problems if p.severity is Severity.ERROR]
    if (
        errors
        or (strict and problems)
        or not isinstance(site, Site)
        or not isinstance(glossary, Glossary)
    ):
        raise ContentError(problems)
    reports = tuple(sorted((c.value for c in checked), key=lambda r: (r.series, r.year)))
    warnings = tuple(sorted(problems, key=Problem.sort_key))
    return Corpus(site=site, reports=reports, glossary=glossary), warnings


def _load_one(
    path: Path, target: type, problems: list[Problem]
) -> tuple[object, Mapping[str, Location]]:
    source = load_source(path)
    if isinstance(source, list):
        problems += source
        return INVALID, {}
    value, found, places = convert_source(source, target)
    problems += found
    return value, places


def _warn(location: Location, code: str, path: str = "", **args: object) -> Problem:
    return Problem(location=location, code=code, path=path, args=args, severity=Severity.WARNING)


def _error(location: Location, code: str, path: str = "", **args: object) -> Problem:
    return Problem(location=location, code=code, path=path, args=args)


def check_site(checked: Checked[Site]) -> Iterable[Problem]:
    site, at = checked.value, checked.at
    if site.languages != (Lang.ZH, Lang.EN):
        yield _error(at("languages"), "languages", "languages")
    if not (site.base_path.startswith("/") and site.base_path.endswith("/")):
        yield _error(at("base_path"), "base-path", "base_path", value=site.base_path)
    if not _DOMAIN.fullmatch(site.domain):
        yield _error(at("domain"), "bad-domain", "domain", value=site.domain)


def check_report(checked: Checked[Report], path: Path) -> Iterable[Problem]:
    report, at = checked.value, checked.at
    low, high = YEAR_RANGE
    if not low <= report.year <= high:
        yield _error(at("year"), "year-range", "year", value=report.year, low=low, high=high)
    if path.stem != str(report.year):
        yield _warn(at("year"), "file-name-year", "year", year=report.year)
    titled = [(f"review.sections[{i}]", s.title) for i, s in enumerate(report.review.sections)]
    if report.tasks:
        titled += [(f"tasks.items[{i}]", t.title) for i, t in enumerate(report.tasks.items)]
    for base, title in titled:
        for lang, pattern in ((Lang.ZH, _NUMBERING_ZH), (Lang.EN, _NUMBERING_EN)):
            match = pattern.match(title.get(lang) or "")
            if match:
                where = f"{base}.title.{lang}"
                yield _error(at(where), "typed-numbering", where, numbering=match.group(1))
    yield from _unique_ids(checked, "review.sections", [s.id for s in report.review.sections])
    if report.tasks:
        yield from _unique_ids(checked, "tasks.items", [t.id for t in report.tasks.items])
    yield from _check_items(checked)
    yield from _check_texts(checked)


def _unique_ids(checked: Checked[Report], base: str, ids: list[str]) -> Iterable[Problem]:
    first: dict[str, int] = {}
    for index, value in enumerate(ids):
        where = f"{base}[{index}].id"
        if value in first:
            line = checked.at(f"{base}[{first[value]}].id").line
            yield _error(checked.at(where), "duplicate-id", where, value=value, first_line=line)
        else:
            first[value] = index


def _check_items(checked: Checked[Report]) -> Iterable[Problem]:
    seen_keys: dict[str, int] = {}
    for s, section in enumerate(checked.value.review.sections):
        for i, item in enumerate(section.items):
            base = f"review.sections[{s}].items[{i}]"
            for lang in Lang:
                lead = item.lead.get(lang) or ""
                if lead.rstrip().endswith(("。", ".", "．")):
                    where = f"{base}.lead.{lang}"
                    yield _error(checked.at(where), "lead-full-stop", where)
            for f, figure in enumerate(item.figures):
                where = f"{base}.figures[{f}]"
                if figure.key in seen_keys:
                    yield _error(
                        checked.at(f"{where}.key"),
                        "duplicate-figure-key",
                        f"{where}.key",
                        value=figure.key,
                        first_line=seen_keys[figure.key],
                    )
                else:
                    seen_keys[figure.key] = checked.at(f"{where}.key").line
                if figure.quote_zh not in item.text.zh:
                    yield _error(
                        checked.at(where),
                        "figure-not-in-text",
                        where,
                        quote=figure.quote_zh,
                    )
                number = format_number(figure.value)
                if item.text.en is not None and number not in item.text.en:
                    yield _warn(checked.at(where), "figure-not-in-english", where, value=number)


def _check_texts(checked: Checked[Report]) -> Iterable[Problem]:
    for path, text in walk_texts(checked.value):
        for lang in Lang:
            value = text.get(lang)
            if value is None:
                continue
            where = f"{path}.{lang}" if text.en is not None else path
            if _RAW_HTML.search(value):
                yield _error(checked.at(where), "unsafe-markup", where, what="HTML")
            if _BAD_LINK.search(value):
                yield _error(
                    checked.at(where),
                    "unsafe-markup",
                    where,
                    what="javascript:/data: link",
                )
        match = _HALF_WIDTH_IN_ZH.search(text.zh)
        if match:
            where = f"{path}.zh" if text.en is not None else path
            char = match.group()
            yield _warn(
                checked.at(where),
                "halfwidth-punctuation",
                where,
                char=char,
                full=_HALF_WIDTH[char],
            )
        if text.en is not None:
            where = f"{path}.en"
            if text.en.strip() == text.zh.strip() and _CJK.search(text.zh):
                yield _warn(checked.at(where), "translation-same", where)
            elif _CJK.search(text.en):
                yield _warn(checked.at(where), "translation-has-chinese", where)


def check_corpus(checked: list[Checked[Report]], site: Site) -> Iterable[Problem]:
    """Rules across files: known series, one report a year, follows links."""
    by_key: dict[tuple[str, int], Checked[Report]] = {}
    for item in checked:
        report = item.value
        if report.series not in site.series:
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
                other=by_key[key].file,
            )
        else:
            by_key[key] = item
    for item in checked:
        yield from _check_follows(item, by_key)


def _check_follows(
    item: Checked[Report], by_key: Mapping[tuple[str, int], Checked[Report]]
) -> Iterable[Problem]:
    report = item.value
    previous = by_key.get((report.series, report.year - 1))
    first_line: dict[str, int] = {}
    for index, section in enumerate(report.review.sections):
        if section.follows is None:
            continue
        where = f"review.sections[{index}].follows"
        args = {
            "series": report.series,
            "year": report.year - 1,
            "value": section.follows,
        }
        if previous is None:
            yield _warn(item.at(where), "follows-no-report", where, **args)
            continue
        task_ids = [t.id for t in previous.value.tasks.items] if previous.value.tasks else []
        if section.follows not in task_ids:
            yield _error(
                item.at(where),
                "follows-unknown",
                where,
                **args,
                **suggestion(section.follows, task_ids),
            )
        elif section.follows in first_line:
            yield _error(
                item.at(where),
                "follows-twice",
                where,
                value=section.follows,
                first_line=first_line[section.follows],
            )
        else:
            first_line[section.follows] = item.at(where).line


def check_glossary(checked: list[Checked[Report]], glossary: Glossary) -> Iterable[Problem]:
    """Warn where the Chinese uses an official term and the English lacks its rendering."""
    for item in checked:
        for path, text in walk_texts(item.value):
            if text.en is None:
                continue
            english = text.en.lower()
            for term in glossary.terms:
                if term.zh in text.zh and not any(
                    form.lower() in english for form in (term.en, *term.variants)
                ):
                    where = f"{path}.en"
                    yield _warn(
                        item.at(where),
                        "glossary",
                        where,
                        term=term.zh,
                        rendering=term.en,
                    )


def translation_coverage(corpus: Corpus) -> list[tuple[Report, int, int]]:
    """Per report: (report, translated texts, all texts) for the check summary."""
    rows = []
    for report in corpus.reports:
        texts = [text for _, text in walk_texts(report)]
        rows.append((report, sum(t.en is not None for t in texts), len(texts)))
    return rows


def pending_paths(report: Report) -> list[str]:
    return [path for path, text in walk_texts(report) if text.en is None]
