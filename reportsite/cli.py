"""The command line: `python build.py [command] …`. The only module of the build that prints.

Exit codes: 0 success, 1 content errors (or warnings under --strict), 2 usage errors.

The build commands (build, check, schema) live here. The editor's commands (import, new,
translate, serve, mkdocs) are a layer beside the build, in `reportsite/editor/`: each module
named in EDITOR_COMMANDS gives `HELP`, `add_arguments(parser)` and `run(args) -> int`, and
imports its third-party libraries inside `run`, so that building a site never needs them.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import os
import signal
import sys
from collections.abc import Callable, Sequence
from functools import partial
from pathlib import Path
from typing import NoReturn

from . import pipeline, progress, workers
from .load import display_name
from .model import Report
from .problems import (
    ContentError,
    Location,
    Problem,
    Severity,
    format_problem,
    format_summary,
)
from .schema import render_schemas

EDITOR_COMMANDS: dict[str, str] = {
    # command: module under reportsite.editor
    "import": "importing.command",
    "new": "newyear",
    "translate": "translate.command",
    "serve": "serve",
    "mkdocs": "mkdocs_export",
}

SITE = Path("site")
"""The output folder by default, and the site whose cache the editor's commands read."""


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="build.py",
        description="把 content/ 生成为静态网站 site/ / build content/ into the static site site/",
        epilog="不写命令即为 build / without a command, build.py builds",
    )
    commands = p.add_subparsers(dest="command", metavar="COMMAND")
    build = commands.add_parser("build", help="生成网站（默认） / build the site (default)")
    add_content_option(build)
    add_build_options(build)
    check = commands.add_parser(
        "check", help="只校验，并统计译文 / validate only, with translation coverage"
    )
    add_content_option(check)
    check.add_argument(
        "--out",
        type=Path,
        default=SITE,
        help="输出文件夹：读取（不写）其上次生成留下的缓存，未改动的报告文件不再读取 / the output "
        "folder: the cache its last build left is read (never written), and report files "
        "unchanged since are not read again",
    )
    add_strict_option(check)
    add_jobs_option(check)
    add_cache_option(check)
    commands.add_parser("schema", help="更新 schema/ / regenerate schema/*.json from the model")
    for name, module in EDITOR_COMMANDS.items():
        editor = importlib.import_module(f"{__package__}.editor.{module}")
        sub = commands.add_parser(name, help=editor.HELP, description=editor.HELP)
        add_content_option(sub)
        editor.add_arguments(sub)
    return p


def add_content_option(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--content", type=Path, default=Path("content"), help="内容文件夹 content folder"
    )
    add_quiet_option(p)


def add_site_option(p: argparse.ArgumentParser, default: object = SITE) -> None:
    """For the editor's commands that check every report: the site whose last build's cache
    they read, as `check --out` does (`--out` names the file they write, where they write one)."""
    p.add_argument(
        "--site",
        type=Path,
        default=default,
        help="网站文件夹：读取（不写）其上次生成留下的缓存，未改动的报告文件不再读取 / the site "
        "folder: the cache its last build left is read (never written), and report files "
        "unchanged since are not read again",
    )


def add_quiet_option(p: argparse.ArgumentParser) -> None:
    p.add_argument("--quiet", "-q", action="store_true", help="不显示进度 / no progress output")


def add_strict_option(p: argparse.ArgumentParser) -> None:
    p.add_argument("--strict", action="store_true", help="警告也算错误 / treat warnings as errors")


def whole_number(least: int, most: int | None = None) -> Callable[[str], int]:
    """An option's type: a whole number of least or more (up to most). --jobs 0 or -1 once ran
    a build in one process without a word, and --port 70000 ended the preview in a traceback."""
    if most is None:
        zh, en = f"{least} 或以上的整数", f"a whole number, {least} or more"
    else:
        zh, en = f"{least} 到 {most} 之间的整数", f"a whole number from {least} to {most}"

    def parse(text: str) -> int:
        try:
            number = int(text)
        except ValueError:
            number = least - 1
        if number < least or (most is not None and number > most):
            raise argparse.ArgumentTypeError(
                f"须为 {zh}，而不是 {text!r} / must be {en}, not {text!r}"
            )
        return number

    return parse


def add_build_options(p: argparse.ArgumentParser, *, out: bool = True) -> None:
    """The options of a build, shared with the editor commands that build (serve)."""
    if out:
        p.add_argument("--out", type=Path, default=SITE, help="输出文件夹 output folder")
    add_strict_option(p)
    add_jobs_option(p)
    p.add_argument(
        "--no-search",
        dest="search",
        action="store_false",
        help="不生成搜索索引 / skip the search index (Pagefind)",
    )
    add_cache_option(p)


def add_jobs_option(p: argparse.ArgumentParser, default: object = None) -> None:
    p.add_argument(
        "--jobs",
        type=whole_number(1),
        default=default,
        metavar="N",
        help="用 N 个进程（默认用全部 CPU） / work with N processes (default: every core)",
    )


def add_cache_option(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--no-cache",
        dest="cache",
        action="store_false",
        help="从头开始，不读也不写增量缓存 / from scratch, neither reading nor writing the "
        "incremental-build cache",
    )


def run() -> NoReturn:
    """The command line as a program (build.py, `python -m reportsite`, `reportsite`): main,
    then the process ends there. Python's own ending would go over the build's million objects
    for cycles and free them one by one (a tenth of a second at 10,000 reports) after every
    file is written and every message said; a Ctrl-C in that moment even ended a finished
    build by the signal."""
    status = main()
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):  # a reader gone, a stream closed
            stream.flush()
    os._exit(status)


def main(argv: Sequence[str] | None = None) -> int:
    hook = sys.unraisablehook
    sys.unraisablehook = partial(_unraisable, hook)
    try:
        status = _command(argv)
        # Flushed here, where a reader that has gone away can still be answered quietly.
        sys.stdout.flush()
    except BrokenPipeError:
        # The reader stopped early (`… | head`): the rest of the output is not wanted. Python
        # would flush again at exit and complain, so stdout now leads nowhere.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    finally:
        sys.unraisablehook = hook
    return status


def _unraisable(
    hook: Callable[[sys.UnraisableHookArgs], object], lost: sys.UnraisableHookArgs
) -> None:
    """An interrupt Python could not raise (workers.interrupt) is acted on as noted, not
    printed with a traceback; anything else as Python would."""
    if not isinstance(lost.exc_value, workers.Interrupted):
        hook(lost)


def _command(argv: Sequence[str] | None) -> int:
    arguments = list(sys.argv[1:] if argv is None else argv)
    # `python build.py` and `python build.py --out x` mean build, as they always have.
    if not arguments or (arguments[0].startswith("-") and arguments[0] not in ("-h", "--help")):
        arguments.insert(0, "build")
    args = parser().parse_args(arguments)
    workers.heard.clear()
    if hasattr(signal, "SIGTERM"):
        signal.signal(signal.SIGTERM, workers.interrupt)
    # Ctrl-C noted as SIGTERM is (workers.interrupt); left alone where it is ignored (a
    # background job's), and where another handler was given it.
    if signal.getsignal(signal.SIGINT) is signal.default_int_handler:
        signal.signal(signal.SIGINT, workers.interrupt)
    # Chinese messages must reach a Windows console or a pipe intact whatever its code page.
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(encoding="utf-8", errors="replace")
    try:
        os.getcwd()
    except FileNotFoundError:  # a terminal left in a folder since deleted: once a traceback
        _say_of(".", "cwd-gone")
        return 1
    if args.command == "schema":
        return write_schemas(pipeline.PROJECT_ROOT / "schema")
    if args.command in EDITOR_COMMANDS:
        module = importlib.import_module(f"{__package__}.editor.{EDITOR_COMMANDS[args.command]}")
        try:
            status: int = module.run(args)
        except KeyboardInterrupt as interrupt:
            # What they write is written whole or not at all (editor/files.py, Staging).
            words = (args.command, getattr(args, "action", None))
            _say_of(" ".join(word for word in words if word), "command-interrupted")
            return 128 + _signal_of(interrupt)
        return status
    built: pipeline.BuildResult | None = None
    try:
        if args.command == "check":
            checks = pipeline.check_content(
                args.content,
                args.out,
                strict=args.strict,
                jobs=args.jobs,
                use_cache=args.cache,
                progress=progress.for_command(args.quiet),
            )
            report_problems(checks.warnings, out=None)
            for report, done, total in checks.coverage:
                print(
                    f"{report.series}/{report.year}: 译文 {done}/{total} 条 / "
                    f"translated {done} of {total} texts ({100 * done // total}%)"
                )
            _coverage_in_all(checks.coverage)
        else:
            # Interrupts that come once the site is in place stay held back until the build
            # is reported (pipeline.build): from then on the site is the new one, whenever
            # one comes (see below).
            with contextlib.ExitStack() as finishing:
                built = pipeline.build(
                    args.content,
                    args.out,
                    strict=args.strict,
                    search=args.search,
                    jobs=args.jobs,
                    use_cache=args.cache,
                    progress=progress.for_command(args.quiet),
                    finishing=finishing,
                )
                report_built(built, args.out)
            if built.interrupts:
                return _late(args.out, built.interrupts[0])
    except (ContentError, workers.WorkerEnded) as error:
        if workers.heard:
            # Lost (workers.interrupt), the interrupt that reached the workers or Pagefind too
            # is why they ended: it is what the editor is told.
            return _interrupted(args, built, workers.heard[0])
        if isinstance(error, workers.WorkerEnded):
            _say_of(getattr(args, "out", args.content), "worker-ended", code=error.code)
        else:
            report_problems(error.problems, out=None if args.command == "check" else args.out)
        return 1
    except KeyboardInterrupt as interrupt:
        return _interrupted(args, built, _signal_of(interrupt))
    return 0


def _signal_of(interrupt: KeyboardInterrupt) -> int:
    """The signal that stopped a command: Ctrl-C unless workers.interrupt said otherwise."""
    return interrupt.signal if isinstance(interrupt, workers.Interrupted) else signal.SIGINT


def _interrupted(args: argparse.Namespace, built: pipeline.BuildResult | None, number: int) -> int:
    """Said of an interrupt that stopped the command, and the signal's exit status."""
    if built is not None:
        return _late(args.out, number)
    _say_of(getattr(args, "out", args.content), "interrupted")
    return 128 + number


def _coverage_in_all(coverage: Sequence[tuple[Report, int, int]]) -> None:
    """The sum of the coverage lines, where there are several: what is left to translate in
    an archive of thousands of reports, which no one adds up line by line."""
    if len(coverage) < 2:
        return
    done, total = sum(c[1] for c in coverage), sum(c[2] for c in coverage)
    whole = sum(c[1] == c[2] for c in coverage)
    print(
        f"合计：{len(coverage)} 份报告，译文 {done}/{total} 条，{whole} 份已全部译完 / "
        f"in all: {len(coverage)} report(s); translated {done} of {total} texts "
        f"({100 * done // total}%); {whole} report(s) fully translated"
    )


def _late(out: Path, number: int) -> int:
    """Interrupted once the new site was in place: said, and the signal's exit status."""
    _say_of(out, "interrupted-late", severity=Severity.WARNING)
    return 128 + number


def _say_of(
    out: Path | str, message: str, *, severity: Severity = Severity.ERROR, **args: object
) -> None:
    """A message (its code) about a whole, named with no line: the build of out (its folder),
    or a command (its words)."""
    name = display_name(out) if isinstance(out, Path) else out
    where = Location(name, 0, 0)
    problem = Problem(location=where, code=message, args={"out": name, **args}, severity=severity)
    print(format_problem(problem), file=sys.stderr)


def report_built(result: pipeline.BuildResult, out: Path) -> None:
    """A build's warnings, then what it wrote."""
    report_problems(result.warnings, out=None)
    name = display_name(out)
    print(
        f"已生成 {result.files} 个文件到 {name}/（{result.reports} 份报告） / "
        f"wrote {result.files} files to {name}/ ({result.reports} report(s))",
        flush=True,
    )


def report_problems(problems: Sequence[Problem], *, out: Path | None) -> None:
    for problem in problems:
        print(format_problem(problem), file=sys.stderr)
    if problems:
        named = None if out is None else display_name(out)
        print(format_summary(problems, out=named), file=sys.stderr)


def write_schemas(folder: Path) -> int:
    folder.mkdir(exist_ok=True)
    for name, text in render_schemas().items():
        (folder / name).write_text(text, encoding="utf-8", newline="\n")
        print(f"wrote {folder.name}/{name}")
    return 0
