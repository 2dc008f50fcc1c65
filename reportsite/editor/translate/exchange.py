"""Export and import, as the command runs them: which reports, which file format, what is
printed. The formats are xliff.py and spreadsheet.py; what goes out is units.py; what a
report takes back, accepting.py, written in by writeback.py; the units wait in spool.py."""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from functools import partial
from pathlib import Path

from ... import progress
from ...cli import report_problems
from ...load import display_name
from ...model import Glossary, Lang
from ...pipeline import Checks, Cores, check_content, cores, on_every_core
from ...problems import ContentError, Location, Problem, Severity, unwritable
from ..files import replace_file, replacing
from . import spreadsheet, xliff
from .accepting import Taken, take
from .spool import Run, Spool, units
from .units import (
    Found,
    Memory,
    Returned,
    Unit,
    memory,
    recalled,
    relative,
    report_units,
)

FORMATS = (".xlf", ".xliff", ".xlsx")


def _content(args: argparse.Namespace) -> Checks | None:
    """The content validated as `check` validates it: on every core, the report files
    unchanged since the last build of the site (--site) taken from its cache; its reports
    outlines."""
    try:
        return check_content(
            args.content, args.site, jobs=args.jobs, progress=progress.for_command(args.quiet)
        )
    except ContentError as error:
        report_problems(error.problems, out=None)
        return None


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
    # The units wait beside the file they go to (spool.py), in the nearest folder of its path
    # that exists (nothing is made before there is something to write), until the translation
    # memory has been asked of the texts without a translation.
    beside = next(folder for folder in args.out.absolute().parents if folder.is_dir())
    try:
        with contextlib.closing(Spool[Unit](beside, args.out)) as spool:
            return _export(args, content, files, (source, target), spool)
    except ContentError as error:
        report_problems(error.problems, out=None)
        return 1


def _export(
    args: argparse.Namespace,
    content: Checks,
    files: Sequence[Path],
    languages: tuple[Lang, Lang],
    spool: Spool[Unit],
) -> int:
    # Only a report holding a translation can give one: when none has any, the memory has
    # nothing to give, and the texts without a translation are not kept to ask it (at 10,000
    # reports, 360 MB).
    holding = {
        (report.series, report.year): content.corpus.files[(report.series, report.year)]
        for report, done, _ in content.coverage
        if done
    }
    untranslated, held, problems = _spooled(args, content, files, languages, spool, holding)
    if problems:
        report_problems(problems, out=None)
        return 1
    shown = progress.for_command(args.quiet)
    wanted = frozenset(untranslated)
    remembered = memory(holding, wanted, languages, jobs=args.jobs, progress=shown)
    name = display_name(args.out)
    if not spool.count and held:
        # A fresh draft of `new` is all placeholders: say why nothing goes out, and what to do.
        print(
            f"暂无可译文字：{held} 条仍含“【待填】”，请先填写（python build.py check 逐一列出）；"
            f"未写入 {name} / nothing to translate yet: {held} text(s) still hold 【待填】; "
            f"write them first (python build.py check lists them); {name} not written"
        )
        return 0
    if not spool.count:
        print(f"没有待译文字，未写入 {name} / nothing to translate; {name} not written")
        return 0
    source, target = languages
    try:
        with (
            replacing(args.out) as out,
            progress.stage(shown, "写入", "write", spool.count) as writing,
        ):
            if args.out.suffix.lower() == ".xlsx":
                found = _counted((recalled(unit, remembered) for unit in spool), writing)
                spreadsheet.write(found, source.value, target.value, out)
            else:
                made = _files_made(spool, remembered, args.jobs, writing)
                xliff.write_files(made, source.html_lang, target.html_lang, out)
    except OSError as error:
        report_problems([unwritable(name, error)], out=None)
        return 1
    filled = sum(count for text, count in untranslated.items() if text in remembered)
    print(
        f"已导出 {spool.count} 条到 {name}，其中 {filled} 条取自翻译记忆"
        f"{f'；{held} 条含“【待填】”，未导出' if held else ''}。 / "
        f"exported {spool.count} text(s) to {name}, {filled} pre-filled from the "
        f"translation memory{f'; {held} still holding 【待填】 left out' if held else ''}."
    )
    return 0


def _counted(units: Iterable[Unit], stage: progress.Stage) -> Iterator[Unit]:
    for unit in units:
        yield unit
        stage.advance()


_remembered: Memory = {}
"""The memory asked, for the workers that make the XLIFF's <file>s (_file_made): forked with
it, they are not sent it with each task, which would pickle a province's memory a thousand
times."""


def _files_made(
    spool: Spool[Unit], remembered: Memory, jobs: int | None, stage: progress.Stage
) -> Iterator[bytes]:
    """Each report's <file> of XLIFF, in the spool's order, made on every core: made in the
    command alone, they took two thirds of its time with the cache of the site (1,000 reports:
    3.3–3.6 s, now 2.6–2.8 s)."""
    global _remembered
    _remembered = remembered
    try:
        made = partial(_file_made, fd=spool.fd)
        for data, count in on_every_core(made, list(spool.runs.items()), jobs=jobs):
            yield data
            stage.advance(count)
    finally:
        _remembered = {}


def _file_made(report: tuple[str, list[Run]], *, fd: int) -> tuple[bytes, int]:
    """In a worker: a report's <file>, its units read from the spool (fd) with what the memory
    gives them, and how many they are."""
    name, runs = report
    found = [recalled(unit, _remembered) for unit in units(fd, runs)]
    return xliff.file_xml(name, found), len(found)


def _spooled(
    args: argparse.Namespace,
    content: Checks,
    files: Sequence[Path],
    languages: tuple[Lang, Lang],
    spool: Spool[Unit],
    holding: Mapping[tuple[str, int], Path],
) -> tuple[Counter[str], int, list[Problem]]:
    """The units of the files into the spool, made on every core: how many of them have each
    source text without a translation (if any report is holding one), how many texts were
    held back for their placeholders, and the problems of the files that changed since they
    were checked."""
    read = partial(
        report_units,
        content_dir=args.content,
        glossary=content.corpus.glossary,
        languages=languages,
        everything=args.everything,
        untranslated=bool(holding),
    )
    untranslated: Counter[str] = Counter()
    held = 0
    problems: list[Problem] = []
    with progress.stage(progress.for_command(args.quiet), "导出", "export", len(files)) as stage:
        for result in on_every_core(read, files, jobs=args.jobs):
            if isinstance(result, Found):
                if result.count:
                    spool.add_run(result.file, result.run, result.count)
                untranslated.update(result.untranslated)
                held += result.held
            else:
                problems += result
            stage.advance()
    spool.flush()
    return untranslated, held, problems


def import_file(args: argparse.Namespace) -> int:
    prepared = _prepare(args.file, args)
    if isinstance(prepared, int):
        return prepared
    content, source, target = prepared
    try:
        read = _read_and_take(args, content, source, target)
    except ContentError as error:
        report_problems(error.problems, out=None)
        return 1
    problems, refused, taken = read
    problems += [problem for result in taken.values() for problem in result.problems]
    refused += sum(result.refused for result in taken.values())
    # The warnings the new translations brought (glossary, Chinese left in the English…).
    warnings = [warning for result in taken.values() for warning in result.warnings]
    problems += sorted(warnings, key=Problem.sort_key)
    report_problems(problems, out=None)
    key_of = {file: key for key, file in content.corpus.files.items()}
    for file, result in taken.items():
        if result.coverage is None:
            continue
        (series, year), (done, done_after, total) = key_of[file], result.coverage
        print(
            f"{series}/{year}: 译文 {done}/{total} → {done_after}/{total} 条 / "
            f"translated {done} → {done_after} of {total} texts "
            f"({100 * done // total}% → {100 * done_after // total}%)"
        )
    count = sum(result.written for result in taken.values())
    print(
        f"已导入 {count} 条译文，{refused} 条未导入。 / "
        f"imported {count} translation(s), refused {refused}."
    )
    return 1 if refused or any(p.severity is Severity.ERROR for p in problems) else 0


def _read_and_take(
    args: argparse.Namespace, content: Checks, source: Lang, target: Lang
) -> tuple[list[Problem], int, dict[Path, Taken]]:
    """The problems of the translator's file, the units refused for naming no report of the
    content, and what each report took; ContentError for a file refused whole, or where the
    units cannot wait (spool.py)."""
    # The workers are forked before the translations are read: forked after, they held the
    # 700 MB of 10,000 reports' translations, which this process then copied page by page as
    # it handed them out (1.7 GB in all). They read the units from the spool, opened before.
    with (
        contextlib.closing(Spool[Returned](args.content, args.content)) as spool,
        cores(args.jobs, len(content.corpus.files)) as where,
    ):
        with progress.stage(progress.for_command(args.quiet), "读取", "read", None) as stage:
            problems = _read(args.file, source, target, spool, stage)
        if not spool.count and problems:
            raise ContentError(problems)
        named = {relative(file, args.content): file for file in content.corpus.files.values()}
        unknown = _of_unknown_files(spool, named)
        tasks = [(named[name], runs) for name, runs in sorted(spool.runs.items()) if name in named]
        taken = _take(tasks, content.corpus.glossary, (source, target), args.quiet, where, spool)
    return problems + unknown, len(unknown), taken


def _of_unknown_files(spool: Spool[Returned], named: Mapping[str, Path]) -> list[Problem]:
    """A problem for each unit of a report file the content does not have."""
    return [
        Problem(
            location=unit.where,
            code="translate-unknown-file",
            args={"unit": unit.id, "file": unit.file},
        )
        for name, runs in spool.runs.items()
        if name not in named
        for unit in units(spool.fd, runs)
    ]


def _take(
    tasks: Sequence[tuple[Path, list[Run]]],
    glossary: Glossary,
    languages: tuple[Lang, Lang],
    quiet: bool,
    where: Cores,
    spool: Spool[Returned],
) -> dict[Path, Taken]:
    """What each report file takes of its units, worked out on every core, and the file
    written with them here, as each comes (a file that cannot be written refuses them)."""
    take_one = partial(_take_spooled, fd=spool.fd, glossary=glossary, languages=languages)
    taken: dict[Path, Taken] = {}
    with progress.stage(progress.for_command(quiet), "导入", "import", len(tasks)) as stage:
        for (file, _), result in zip(tasks, where.map(take_one, tasks), strict=True):
            if result.data is not None:
                try:
                    replace_file(file, result.data)
                except OSError as error:  # the file is as it was: written whole or not at all
                    result = result.unwritten(unwritable(display_name(file), error))
            taken[file] = dataclasses.replace(result, data=None)
            stage.advance()
    return taken


def _take_spooled(
    task: tuple[Path, list[Run]], *, fd: int, glossary: Glossary, languages: tuple[Lang, Lang]
) -> Taken:
    file, runs = task
    return take((file, units(fd, runs)), glossary=glossary, languages=languages)


def _read(
    path: Path, source: Lang, target: Lang, spool: Spool[Returned], stage: progress.Stage
) -> list[Problem]:
    """The units of the translator's file into the spool (a unit read, a step of stage);
    the problems of its parts. ContentError for a file refused whole."""
    name = display_name(path)
    problems: list[Problem] = []
    try:
        with path.open("rb") as file:
            if path.suffix.lower() == ".xlsx":
                read = spreadsheet.read(file, name, source.value, target.value)
            else:
                read = xliff.read(file, name, target.html_lang)
            for found in read:
                if isinstance(found, Problem):
                    problems.append(found)
                else:
                    spool.append(found)
                    stage.advance()
    except FileNotFoundError:  # a name mistyped, most often: not the translation tool's doing
        raise ContentError([Problem(location=Location(name), code="translate-missing")]) from None
    except OSError as error:
        detail = error.strerror or str(error)
        args = {"detail": detail}
        problem = Problem(location=Location(name), code="translate-unreadable", args=args)
        raise ContentError([problem]) from None
    spool.flush()
    return problems
