"""`python build.py serve`: build the site, serve it on this computer under its base_path, and
rebuild and reload the open page whenever the content, the templates or site.yaml change.

The server is mkdocs' live-reload server (see preview.py, imported only when serve runs, so a
plain build never needs mkdocs). It builds into a preview folder, not the site/ that is
uploaded, so proofreading never replaces what the editor publishes.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from .. import cli

HELP = (
    "预览：生成网站并在本机浏览，修改后自动重新生成并刷新页面 / "
    "preview: build, serve on this computer, rebuild and reload the page on every change"
)

HOST = "127.0.0.1"
"""This computer only: a preview is not for the network."""
DEFAULT_PORT = 8000
DEFAULT_OUT = Path("site-preview")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    cli.add_build_options(parser, out=False)
    parser.add_argument(
        "--out",
        type=Path,
        default=DEFAULT_OUT,
        help=(
            f"预览用的输出文件夹（默认 {DEFAULT_OUT}，不是要上传的 site） / "
            f"output folder of the preview (default {DEFAULT_OUT}, not the site/ you upload)"
        ),
    )
    parser.add_argument(
        "--port",
        type=cli.whole_number(0, 65535),
        default=DEFAULT_PORT,
        metavar="N",
        help=(
            f"端口（默认 {DEFAULT_PORT}；0 为任一空闲端口） / "
            f"port (default {DEFAULT_PORT}; 0: any free port)"
        ),
    )


def run(args: argparse.Namespace) -> int:
    from .preview import Preview, serve

    preview = Preview(
        args.content,
        args.out,
        strict=args.strict,
        search=args.search,
        jobs=args.jobs,
        use_cache=args.cache,
        quiet=args.quiet,
    )
    return serve(preview, HOST, args.port)
