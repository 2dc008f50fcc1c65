"""`python build.py translate export|import`: the texts out to a translator, their
translations back into the report files."""

from __future__ import annotations

import argparse
from pathlib import Path

from ...cli import add_jobs_option, add_site_option, report_problems
from ..needs import missing

HELP = "翻译往返：导出与导入 XLIFF 或 xlsx / translation round trip through XLIFF or xlsx"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_site_option(parser)
    add_jobs_option(parser)
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    export = actions.add_parser(
        "export", help="导出待译文字 / write the texts awaiting translation to a file"
    )
    export.add_argument("--series", help="只导出此系列 / only this series")
    export.add_argument("--year", type=int, help="只导出此年度 / only this year")
    export.add_argument(
        "--all",
        dest="everything",
        action="store_true",
        help="也导出已有译文的文字 / also the texts already translated",
    )
    export.add_argument(
        "--out", type=Path, required=True, help="输出文件 .xlf/.xliff/.xlsx / the file to write"
    )
    imported = actions.add_parser("import", help="把译文写回报告 / write translations back")
    imported.add_argument("file", type=Path, help="译好的 .xlf/.xliff/.xlsx / the translated file")
    for sub in (export, imported):
        # Also after the action (translate export --content DIR); SUPPRESS keeps a value
        # given before it (translate --content DIR export) from being reset to the default.
        # --site and --jobs likewise.
        sub.add_argument(
            "--content", type=Path, default=argparse.SUPPRESS, help="内容文件夹 content folder"
        )
        sub.add_argument(
            "--quiet",
            "-q",
            action="store_true",
            default=argparse.SUPPRESS,
            help="不显示进度 / no progress output",
        )
        add_site_option(sub, default=argparse.SUPPRESS)
        add_jobs_option(sub, default=argparse.SUPPRESS)


def run(args: argparse.Namespace) -> int:
    absent = missing("translate", ("ruamel.yaml", "ruamel.yaml"), ("openpyxl", "openpyxl"))
    if absent:
        report_problems(absent, out=None)
        return 1

    from ...pipeline import collecting_seldom
    from .exchange import export, import_file

    with collecting_seldom():
        return export(args) if args.action == "export" else import_file(args)
