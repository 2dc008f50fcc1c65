"""`python build.py new --series ID --year YYYY`: next year's report file, drafted from the
last one of the series (or a minimal skeleton), never over an existing file."""

from __future__ import annotations

import argparse
from collections.abc import Collection
from pathlib import Path

from .. import progress
from ..cli import add_jobs_option, add_site_option, report_problems
from ..convert import suggestion
from ..load import display_name
from ..model import YEAR_RANGE
from ..pipeline import check_content
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
    parser.add_argument("--series", required=True, help="报告系列 / report series id")
    parser.add_argument(
        "--year", required=True, type=int, help="新报告回顾的年度 / the year the report reviews"
    )
    add_site_option(parser)
    add_jobs_option(parser)


def run(args: argparse.Namespace) -> int:
    absent = missing("new", ("ruamel.yaml", "ruamel.yaml"))
    if absent:
        report_problems(absent, out=None)
        return 1

    from .drafting import Drafter
    from .yamlio import dump, yaml_for

    content_dir: Path = args.content
    try:
        # As `check` validates: on every core, the report files unchanged since the last build
        # of the site taken from its cache (at 10,000 reports, on one core, every report held
        # whole, it took 53 s and 1.2 GB).
        checks = check_content(
            content_dir, args.site, jobs=args.jobs, progress=progress.for_command(args.quiet)
        )
        corpus = checks.corpus
    except ContentError as error:
        report_problems(error.problems, out=None)
        return 1
    files = sorted(
        (year, file) for (series, year), file in corpus.files.items() if series == args.series
    )
    earlier = [file for year, file in files if year < args.year]
    # Beside the series' latest report, wherever the editor keeps them; else the usual place.
    folder = files[-1][1].parent if files else content_dir / "reports" / args.series
    target = folder / f"{args.year}.yaml"
    existing = [file for year, file in files if year == args.year]
    problems = _refusals(args, content_dir, corpus.site.series, target, existing)
    if problems:
        report_problems(problems, out=None)
        return 1
    # Whole: validation handed outlines back.
    previous = check_report(earlier[-1], corpus.glossary) if earlier else None
    if isinstance(previous, tuple):  # changed since it was validated
        report_problems(previous, out=None)
        return 1
    drafter = Drafter(args.year, previous.report if previous else None, corpus.site.languages)
    document = drafter.report(args.series)
    document.yaml_set_start_comment(f"{_schema_line(previous.file if previous else None)}\n{GUIDE}")
    text = dump(yaml_for(), document)
    try:
        create_file(target, text.encode("utf-8"))
    except FileExistsError:  # written meanwhile, by another hand
        report_problems([_exists(target, args)], out=None)
        return 1
    except OSError as error:
        report_problems([unwritable(display_name(target), error)], out=None)
        return 1
    count = text.count(PLACEHOLDER)
    base = display_name(previous.file) if previous else None
    if base:
        source_zh, source_en = f"由 {base} 起草", f"drafted from {base}"
    elif files:  # a year before the series' first report
        source_zh, source_en = (
            "骨架：本系列没有更早的报告",
            "a skeleton: the series has no earlier report",
        )
    else:
        source_zh, source_en = "新系列的骨架", "a skeleton for a new series"
    print(
        f"已写入 {display_name(target)}（{source_zh}），{count} 处待填；"
        f"python build.py check 逐一列出。 / wrote {display_name(target)} ({source_en}) "
        f"with {count} place(s) to fill in; python build.py check lists them."
    )
    return 0


def _refusals(
    args: argparse.Namespace,
    content_dir: Path,
    known: Collection[str],
    target: Path,
    existing: list[Path],
) -> list[Problem]:
    problems: list[Problem] = []
    if args.series not in known:
        location = Location(display_name(content_dir / "site.yaml"))
        hint = suggestion(args.series, known)
        problems.append(
            Problem(location=location, code="unknown-series", args={"value": args.series, **hint})
        )
    low, high = YEAR_RANGE
    if not low <= args.year <= high:
        limits = {"value": args.year, "low": low, "high": high}
        problems.append(
            Problem(location=Location(display_name(target)), code="year-range", args=limits)
        )
    if existing or target.exists():
        problems.append(_exists(existing[0] if existing else target, args))
    return problems


def _exists(where: Path, args: argparse.Namespace) -> Problem:
    return Problem(
        location=Location(display_name(where)),
        code="new-exists",
        args={"series": args.series, "year": args.year},
    )


def _schema_line(previous: Path | None) -> str:
    """Last year's schema line when it has one (same folder, same relative path)."""
    if previous is not None:
        first = previous.read_text(encoding="utf-8-sig").split("\n", 1)[0]
        if first.startswith("# yaml-language-server:"):
            return first[2:]
    return SCHEMA_LINE
