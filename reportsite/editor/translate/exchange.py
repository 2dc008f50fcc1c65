"""Export and import, as the command runs them: which reports, which file format, what is
printed. The formats are xliff.py and spreadsheet.py; writing back is writeback.py."""

from __future__ import annotations

import argparse
import dataclasses
from collections import defaultdict
from collections.abc import Sequence
from functools import partial
from pathlib import Path

from ... import progress
from ...cli import report_problems
from ...load import display_name
from ...model import Glossary, Lang, Text, walk_texts
from ...pipeline import Checks, check_content, on_every_core
from ...problems import ContentError, Location, Problem, Severity, unwritable
from ...validate import Checked, check_report, text_rules
from ..files import replacing
from . import spreadsheet, xliff
from .units import Found, Returned, Unit, memory, recalled, relative, report_units
from .writeback import write_translations

FORMATS = (".xlf", ".xliff", ".xlsx")


def _content(args: argparse.Namespace) -> Checks | None:
    """The content validated as `check` validates it: on every core, the report files
    unchanged since the last build of the site (--site) taken from its cache; its reports
    outlines."""
    try:
        return check_content(args.content, args.site, progress=progress.for_command(args.quiet))
    except ContentError as error:
        report_problems(error.problems, out=None)
        return None


def _whole(files: Sequence[Path], glossary: Glossary) -> list[Checked] | None:
    """The reports of these files whole, with where each text stands (the editor writes
    into them), read on every core; None, and why said, if one changed since validated."""
    read = list(on_every_core(partial(check_report, glossary=glossary, text_places=True), files))
    problems = [problem for result in read if isinstance(result, tuple) for problem in result]
    if problems:
        report_problems(problems, out=None)
        return None
    return [result for result in read if isinstance(result, Checked)]


def _prepare(file: Path, args: argparse.Namespace) -> tuple[Checks, Lang, Lang] | int:
    """The content validated and its (source, target) languages, or the exit status of a
    refusal."""
    if file.suffix.lower() not in FORMATS:
        location = Location(display_name(file))
        suffix = {"suffix": file.suffix or "—"}
        problem = Problem(location=location, code="translate-format", args=suffix)
        report_problems([problem], out=None)
        return 2
    content = _content(args)
    if content is None:
        return 1
    languages = content.corpus.site.languages
    return content, languages[0], languages[-1]


def export(args: argparse.Namespace) -> int:
    prepared = _prepare(args.out, args)
    if isinstance(prepared, int):
        return prepared
    content, source, target = prepared
    corpus = content.corpus
    files = [
        file
        for (series, year), file in sorted(corpus.files.items())
        if args.series in (None, series) and args.year in (None, year)
    ]
    if not files:
        which = " ".join(
            f"{flag} {value}"
            for flag, value in (("--series", args.series), ("--year", args.year))
            if value is not None
        )
        location = Location(display_name(args.content / "reports"))
        report_problems(
            [Problem(location=location, code="translate-no-report", args={"which": which})],
            out=None,
        )
        return 1
    read = partial(
        report_units,
        content_dir=args.content,
        glossary=corpus.glossary,
        languages=(source, target),
        everything=args.everything,
    )
    found: list[Unit] = []
    held = 0
    problems: list[Problem] = []
    with progress.stage(progress.for_command(args.quiet), "导出", "export", len(files)) as stage:
        for result in on_every_core(read, files):
            if isinstance(result, Found):
                found += result.units
                held += result.held
            else:
                problems += result
            stage.advance()
    if problems:
        report_problems(problems, out=None)
        return 1
    wanted = frozenset(unit.source for unit in found if unit.target is None)
    remembered = memory(corpus.files, wanted, (source, target))
    found = [recalled(unit, remembered) for unit in found]
    if not found and held:
        # A fresh draft of `new` is all placeholders: say why nothing goes out, and what to do.
        print(
            f"暂无可译文字：{held} 条仍含“【待填】”，请先填写（python build.py check 逐一列出）；"
            f"未写入 {args.out} / nothing to translate yet: {held} text(s) still hold 【待填】; "
            f"write them first (python build.py check lists them); {args.out} not written"
        )
        return 0
    if not found:
        print(f"没有待译文字，未写入 {args.out} / nothing to translate; {args.out} not written")
        return 0
    try:
        with replacing(args.out) as out:
            if args.out.suffix.lower() == ".xlsx":
                spreadsheet.write(found, source.value, target.value, out)
            else:
                xliff.write(found, source.html_lang, target.html_lang, out)
    except OSError as error:
        report_problems([unwritable(display_name(args.out), error)], out=None)
        return 1
    filled = sum(u.memory is not None for u in found)
    print(
        f"已导出 {len(found)} 条到 {args.out}，其中 {filled} 条取自翻译记忆"
        f"{f'；{held} 条含“【待填】”，未导出' if held else ''}。 / "
        f"exported {len(found)} text(s) to {args.out}, {filled} pre-filled from the "
        f"translation memory{f'; {held} still holding 【待填】 left out' if held else ''}."
    )
    return 0


def import_file(args: argparse.Namespace) -> int:
    path: Path = args.file
    prepared = _prepare(path, args)
    if isinstance(prepared, int):
        return prepared
    content, source, target = prepared
    returned, problems = _read(path, source, target)
    if not returned and problems:
        report_problems(problems, out=None)
        return 1
    named = {relative(file, args.content): file for file in content.corpus.files.values()}
    whole = _whole(
        sorted({named[u.file] for u in returned if u.file in named}), content.corpus.glossary
    )
    if whole is None:
        return 1
    by_file = {relative(c.file, args.content): c for c in whole}
    accepted: dict[str, dict[str, str]] = defaultdict(dict)
    texts: dict[str, dict[str, Text]] = {}
    refused = 0
    with progress.stage(progress.for_command(args.quiet), "导入", "import", len(returned)) as stage:
        for unit in returned:
            found = _accept(unit, by_file, texts, (source, target), accepted)
            refused += bool(found)
            problems += found
            stage.advance()
    before = [
        (by_file[file].report, *by_file[file].translated_into(target)) for file in sorted(accepted)
    ]
    for file, targets in sorted(accepted.items()):
        try:
            write_translations(by_file[file].file, targets, source.value, target.value)
        except OSError as error:  # the file is as it was: written whole or not at all
            problems.append(unwritable(display_name(by_file[file].file), error))
            refused += len(targets)
            del accepted[file]
    after = _content(args)
    if after is None:
        return 1
    # The warnings the new translations brought (glossary, Chinese left in the English…).
    written = {(display_name(by_file[f].file), p) for f, paths in accepted.items() for p in paths}
    problems += [
        w
        for w in after.warnings
        if any(w.location.file == f and _within(w.path, p) for f, p in written)
    ]
    report_problems(problems, out=None)
    now = {(report.series, report.year): done for report, done, _ in after.coverage}
    for report, done, total in before:
        done_after = now[(report.series, report.year)]
        print(
            f"{report.series}/{report.year}: 译文 {done}/{total} → {done_after}/{total} 条 / "
            f"translated {done} → {done_after} of {total} texts "
            f"({100 * done // total}% → {100 * done_after // total}%)"
        )
    count = sum(len(paths) for paths in accepted.values())
    print(
        f"已导入 {count} 条译文，{refused} 条未导入。 / "
        f"imported {count} translation(s), refused {refused}."
    )
    return 1 if refused or any(p.severity is Severity.ERROR for p in problems) else 0


def _read(path: Path, source: Lang, target: Lang) -> tuple[list[Returned], list[Problem]]:
    name = display_name(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:  # a name mistyped, most often: not the translation tool's doing
        return [], [Problem(location=Location(name), code="translate-missing")]
    except OSError as error:
        detail = error.strerror or str(error)
        return [], [
            Problem(location=Location(name), code="translate-unreadable", args={"detail": detail})
        ]
    if path.suffix.lower() == ".xlsx":
        return spreadsheet.read(data, name, source.value, target.value)
    return xliff.read(data, name, target.html_lang)


def _accept(
    unit: Returned,
    by_file: dict[str, Checked],
    texts: dict[str, dict[str, Text]],
    languages: tuple[Lang, Lang],
    accepted: dict[str, dict[str, str]],
) -> list[Problem]:
    """Problems that refuse the unit; none when it is accepted (recorded in `accepted`)."""
    source, target = languages
    checked = by_file.get(unit.file)
    if checked is None:
        args = {"unit": unit.id, "file": unit.file}
        return [Problem(location=unit.where, code="translate-unknown-file", args=args)]
    if unit.file not in texts:
        texts[unit.file] = dict(walk_texts(checked.report))
    text = texts[unit.file].get(unit.path)
    args = {"unit": unit.id}
    if text is None:
        location = checked.at(unit.path)
        return [
            Problem(location=location, code="translate-unknown-path", path=unit.path, args=args)
        ]
    if text.get(source) != unit.source:
        # At the source text itself; the path named is the text's, as the export named it.
        location = checked.at(f"{unit.path}.{source.value}")
        return [
            Problem(location=location, code="translate-source-changed", path=unit.path, args=args)
        ]
    # A space or line break a tool or a spreadsheet cell added around the text is not meant.
    translated = unit.target.strip() if unit.source == unit.source.strip() else unit.target
    if text.get(target) == translated:
        return []
    candidate = dataclasses.replace(text, **{target.value: translated})
    errors = [
        p for p in text_rules(candidate, unit.path, checked.at) if p.severity is Severity.ERROR
    ]
    if not errors:
        accepted[unit.file][unit.path] = translated
    return errors


def _within(path: str, text_path: str) -> bool:
    return path == text_path or path.startswith((f"{text_path}.", f"{text_path}["))
