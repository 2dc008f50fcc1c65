"""MkDocs hook of the handbook: the chapters made from the code (the content model, the
messages) are put into their pages at build time, so they never drift from it; the Chinese
pages are marked as Chinese, and the search reads Chinese (search-zh.js)."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority
from mkdocs.structure.pages import Page

# `mkdocs build` from a fresh clone, without `pip install -e .`, still finds the package.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from reportsite import handbook  # noqa: E402


def on_page_markdown(markdown: str, page: Page, **kwargs: Any) -> str:
    return handbook.expand(markdown, page.file.src_uri)


def on_post_page(output: str, page: Page, **kwargs: Any) -> str:
    # The theme gives every page its one locale's language: a screen reader would read the
    # Chinese pages with an English voice.
    if page.file.src_uri.startswith("zh/"):
        return output.replace('<html lang="en"', '<html lang="zh-CN"', 1)
    return output


@event_priority(-100)  # after the search plugin has put its own lunr.zh.js in place
def on_post_build(config: MkDocsConfig, **kwargs: Any) -> None:
    shutil.copyfile(
        Path(__file__).with_name("search-zh.js"), Path(config.site_dir, "search", "lunr.zh.js")
    )
