"""`python build.py new --series ID --year YYYY`: next year's report file, drafted from the
last one of the series (or a minimal skeleton), never over an existing file. `--series` again
for more series, or `--all` for every series without the year's report: a province's year
begins with a thousand drafts, which one at a time took 14 s each (the content validated for
each) at 10,000 reports."""

from __future__ import annotations

import argparse
from collections.abc import Collection
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from .. import progress
from ..cli import add_jobs_option, add_site_option, report_problems
from ..convert import suggestion
from ..load import display_name
from ..model import YEAR_RANGE, Corpus, Lang
from ..pipeline import check_content, on_every_core
from ..problems import ContentError, Location, Problem, unwritable
from ..validate import PLACEHOLDER, check_report
from .files import create_file
from .needs import missing

HELP = "从上一年报告起草新一年报告 / draft next year's report from the last one"

SCHEMA_LINE = "yaml-language-server: $schema=../../../schema/report.schema.json"
GUIDE = (
    "搜索“待填”，逐处填写后删去标记；python build.py check 列出尚未填写之处。\n"
    "Search for 待填, write each place and delete its mark; python build.py check lists those left."
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    which = parser.add_mutually_exclusive_group(required=True)
    which.add_argument(
        "--series",
        action="append",
        help="报告系列，可写多次 / report series id (again for more series)",
    )
    which.add_argument(
        "--all",
        dest="every",
        action="store_true",
        help="site.yaml 中的每个系列，已有该年度报告的不动 / every series of site.yaml; "
        "one that has the year's report already is left as it is",
    )
    parser.add_argument(
        "--year", required=True, type=int, help="新报告回顾的年度 / the year the report reviews"
    )
    add_site_option(parser)
    add_jobs_option(parser)


@dataclass(frozen=True, slots=True)
class _Draft:
    """A report to draft: its series, its file, the series' last report before it, if any,
    and whether the series has any report."""

    series: str
    target: Path
    previous: Path | None
    has_reports: bool


def run(args: argparse.Namespace) -> int:
    absent = missing("new", ("ruamel.yaml", "ruamel.yaml"))
    if absent:
        report_problems(absent, out=None)
        return 1
    try:
        # As `check` validates: on every core, the report files unchanged since the last build
        # of the site taken from its cache (at 10,000 reports, on one core, every report held
        # whole, it took 53 s and 1.2 GB).
        checks = check_content(
            args.content, args.site, jobs=args.jobs, progress=progress.for_command(args.quiet)
        )
    except ContentError as error:
        report_problems(error.problems, out=None)
        return 1
    corpus = checks.corpus
    names = list(corpus.site.series) if args.every else list(dict.fromkeys(args.series))
    drafts, problems, kept = _planned(args, corpus, names)
    if problems:
        report_problems(problems, out=None)
        return 1
    draft = partial(_drafted, year=args.year, languages=corpus.site.languages)
    written = 0
    with progress.stage(progress.for_command(args.quiet), "起草", "draft", len(drafts)) as stage:
        for plan, made in zip(drafts, on_every_core(draft, drafts, jobs=args.jobs), strict=True):
            stage.advance()
            if isinstance(made, tuple):  # its last report changed since it was validated
                problems += made
                continue
            try:
                create_file(plan.target, made.encode("utf-8"))
            except FileExistsError:  # written meanwhile, by another hand
                problems.append(_exists(plan.target, plan.series, args.year))
                continue
            except OSError as error:
                problems.append(unwritable(display_name(plan.target), error))
                continue
            written += 1
            print(_written(plan, made.count(PLACEHOLDER)))
    report_problems(problems, out=None)
    if args.every or len(names) > 1:
        print(
            f"已起草 {written} 份报告；{kept} 个系列已有 {args.year} 年报告，未改动。 / "
            f"drafted {written} report(s); {kept} series already had a {args.year} report, "
            "left as it was."
        )
    return 1 if problems else 0


def _planned(
    args: argparse.Namespace, corpus: Corpus, names: list[str]
) -> tuple[list[_Draft], list[Problem], int]:
    """The reports to draft, the problems that refuse the command, and how many series `--all`
    leaves as they are, their report of the year already there."""
    drafts: list[_Draft] = []
    problems: list[Problem] = []
    kept = 0
    of_series: dict[str, list[tuple[int, Path]]] = {}
    for (series, year), file in sorted(corpus.files.items()):
        of_series.setdefault(series, []).append((year, file))
    for series in names:
        files = of_series.get(series, [])
        earlier = [file for year, file in files if year < args.year]
        # Beside the series' latest report, wherever the editor keeps them; else the usual place.
        folder = files[-1][1].parent if files else args.content / "reports" / series
        target = folder / f"{args.year}.yaml"
        existing = [file for year, file in files if year == args.year]
        if args.every and (existing or target.exists()):
            kept += 1
            continue
        year_told = any(problem.code == "year-range" for problem in problems)
        problems += _refusals(args, series, corpus.site.series, target, existing, year_told)
        drafts.append(_Draft(series, target, earlier[-1] if earlier else None, bool(files)))
    return drafts, problems, kept


def _drafted(plan: _Draft, *, year: int, languages: tuple[Lang, ...]) -> str | tuple[Problem, ...]:
    """In a worker: the draft's text, or the problems of the series' last report, changed
    since it was validated."""
    from .drafting import Drafter
    from .yamlio import dump, yaml_for

    # Whole: validation handed outlines back. Its warnings were told by validation: no glossary.
    previous = check_report(plan.previous, None) if plan.previous else None
    if isinstance(previous, tuple):
        return previous
    drafter = Drafter(year, previous.report if previous else None, languages)
    document = drafter.report(plan.series)
    document.yaml_set_start_comment(f"{_schema_line(plan.previous)}\n{GUIDE}")
    return dump(yaml_for(), document)


def _written(plan: _Draft, count: int) -> str:
    name = display_name(plan.target)
    base = display_name(plan.previous) if plan.previous else None
    if base:
        source_zh, source_en = f"由 {base} 起草", f"drafted from {base}"
    elif plan.has_reports:  # a year before the series' first report
        source_zh, source_en = (
            "骨架：本系列没有更早的报告",
            "a skeleton: the series has no earlier report",
        )
    else:
        source_zh, source_en = "新系列的骨架", "a skeleton for a new series"
    return (
        f"已写入 {name}（{source_zh}），{count} 处待填；"
        f"python build.py check 逐一列出。 / wrote {name} ({source_en}) "
        f"with {count} place(s) to fill in; python build.py check lists them."
    )


def _refusals(
    args: argparse.Namespace,
    series: str,
    known: Collection[str],
    target: Path,
    existing: list[Path],
    year_told: bool,
) -> list[Problem]:
    """Why the report of a series cannot be drafted (the year's range told once)."""
    problems: list[Problem] = []
    if series not in known:
        location = Location(display_name(args.content / "site.yaml"))
        hint = suggestion(series, known)
        problems.append(
            Problem(location=location, code="unknown-series", args={"value": series, **hint})
        )
    low, high = YEAR_RANGE
    if not low <= args.year <= high and not year_told:
        limits = {"value": args.year, "low": low, "high": high}
        problems.append(
            Problem(location=Location(display_name(target)), code="year-range", args=limits)
        )
    if existing or target.exists():
        problems.append(_exists(existing[0] if existing else target, series, args.year))
    return problems


def _exists(where: Path, series: str, year: int) -> Problem:
    return Problem(
        location=Location(display_name(where)),
        code="new-exists",
        args={"series": series, "year": year},
    )


def _schema_line(previous: Path | None) -> str:
    """Last year's schema line when it has one (same folder, same relative path)."""
    if previous is not None:
        first = previous.read_text(encoding="utf-8-sig").split("\n", 1)[0]
        if first.startswith("# yaml-language-server:"):
            return first[2:]
    return SCHEMA_LINE
