"""The command line: `python build.py [build|check|schema] …`. The only module that prints.

Exit codes: 0 success, 1 content errors (or warnings under --strict), 2 usage errors.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from . import pipeline
from .problems import ContentError, Problem, format_problem, format_summary
from .schema import render_schemas
from .validate import translation_coverage

COMMANDS = ("build", "check", "schema")


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="build.py",
        description="把 content/ 生成为静态网站 site/ / build content/ into the static site site/",
    )
    p.add_argument(
        "command",
        nargs="?",
        default="build",
        choices=COMMANDS,
        help="build（默认 default）, check（只校验 validate only）, schema（更新 schema/）",
    )
    p.add_argument(
        "--content", type=Path, default=Path("content"), help="内容文件夹 content folder"
    )
    p.add_argument("--out", type=Path, default=Path("site"), help="输出文件夹 output folder")
    p.add_argument("--strict", action="store_true", help="警告也算错误 / treat warnings as errors")
    p.add_argument(
        "--jobs",
        type=int,
        default=None,
        metavar="N",
        help="用 N 个进程生成（默认用全部 CPU） / render with N processes (default: every core)",
    )
    p.add_argument(
        "--no-search",
        dest="search",
        action="store_false",
        help="不生成搜索索引 / skip the search index (Pagefind)",
    )
    return p


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    # Chinese messages must reach a Windows console or a pipe intact whatever its code page.
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(encoding="utf-8", errors="replace")
    if args.command == "schema":
        return write_schemas(pipeline.PROJECT_ROOT / "schema")
    try:
        if args.command == "check":
            corpus, warnings = pipeline.check(args.content, strict=args.strict)
            report_problems(warnings, out=None)
            for report, done, total in translation_coverage(corpus):
                print(
                    f"{report.series}/{report.year}: 译文 {done}/{total} 条 / "
                    f"translated {done} of {total} texts ({100 * done // total}%)"
                )
        else:
            result = pipeline.build(
                args.content, args.out, strict=args.strict, search=args.search, jobs=args.jobs
            )
            report_problems(result.warnings, out=None)
            reports = len(result.corpus.reports)
            print(
                f"已生成 {result.files} 个文件到 {args.out}/（{reports} 份报告） / "
                f"wrote {result.files} files to {args.out}/ ({reports} report(s))"
            )
    except ContentError as error:
        report_problems(error.problems, out=None if args.command == "check" else args.out)
        return 1
    return 0


def report_problems(problems: Sequence[Problem], *, out: Path | None) -> None:
    for problem in problems:
        print(format_problem(problem), file=sys.stderr)
    if problems:
        print(format_summary(problems, out=out), file=sys.stderr)


def write_schemas(folder: Path) -> int:
    folder.mkdir(exist_ok=True)
    for name, text in render_schemas().items():
        (folder / name).write_text(text, encoding="utf-8", newline="\n")
        print(f"wrote {folder.name}/{name}")
    return 0
