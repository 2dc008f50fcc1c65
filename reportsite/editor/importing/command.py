"""`python build.py import SOURCE --series ID --year YYYY --out FILE [--force]`: a Word file,
saved web page, Markdown or pasted text (`-`) → a content YAML file, with a short bilingual
summary of what was recognised, what the source lacked and what was dropped, each with its
source line. Writes nothing but --out, and that atomically."""

from __future__ import annotations

import argparse
import os
import re
import sys
from pathlib import Path

from ... import progress
from ...problems import Location, Problem, format_problem
from ..files import replace_file

HELP = (
    "把 Word、PDF、网页或文本导入为报告 YAML / "
    "import a Word file, PDF, web page or text as report YAML"
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "source",
        help="来源文件（.docx .doc .rtf .odt .pdf .ofd .html .mht .txt .md），- 为标准输入 / "
        "source file (.docx .doc .rtf .odt .pdf .ofd .html .mht .txt .md), - for stdin",
    )
    parser.add_argument("--series", required=True, help="报告系列标识 / series id")
    parser.add_argument("--year", required=True, type=int, help="所回顾的年度 / year under review")
    parser.add_argument(
        "--out", required=True, type=Path, help="写入的 YAML 文件 / YAML file to write"
    )
    parser.add_argument(
        "--force", action="store_true", help="覆盖已有文件 / replace an existing file"
    )


def _fail(where: str, code: str, **args: object) -> int:
    problem = Problem(location=Location(where, 0, 0), code=code, args=args)
    print(format_problem(problem), file=sys.stderr)
    print("未写入任何文件。 / nothing was written.", file=sys.stderr)
    return 1


def run(args: argparse.Namespace) -> int:
    from ...convert import MAX_SLUG
    from ...load import display_name
    from ...model import SLUG_PATTERN, YEAR_RANGE
    from ...pipeline import PROJECT_ROOT
    from .recognise import recognise
    from .sources import SourceError, read, read_bytes
    from .summary import summary

    out: Path = args.out
    out_name = display_name(out)
    if not re.fullmatch(SLUG_PATTERN, args.series) or len(args.series) > MAX_SLUG:
        return _fail("--series", "import-bad-series", value=args.series)
    low, high = YEAR_RANGE
    if not low <= args.year <= high:
        return _fail("--year", "year-range", value=args.year, low=low, high=high)
    if out.is_dir():
        return _fail(out_name, "import-out-folder")
    if out.exists() and not args.force:
        return _fail(out_name, "import-exists")
    name = "<stdin>" if args.source == "-" else display_name(Path(args.source))
    shown = progress.for_command(args.quiet)
    # Three steps: reading (a large Word file takes seconds), recognising, writing.
    with progress.stage(shown, "导入", "import", 3) as step:
        try:
            data, file_name = read_bytes(args.source)
            source = read(data, file_name)
            step.advance()
            schema = os.path.relpath(PROJECT_ROOT / "schema" / "report.schema.json", out.parent)
            imported = recognise(
                source, series=args.series, year=args.year, schema=schema.replace(os.sep, "/")
            )
            step.advance()
        except SourceError as error:
            return _fail(name, error.code, **error.args_)
        except RecursionError:
            return _fail(name, "import-not-text")
        try:
            replace_file(out, imported.yaml.encode("utf-8"))
        except OSError as error:
            return _fail(out_name, "unwritable", detail=error.strerror or str(error))
        step.advance()
    if not args.quiet:
        print(summary(imported, name, out_name, source, args))
    return 0
