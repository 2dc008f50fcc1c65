"""MkDocs hook for a site in Chinese and English (the editors' handbook, and the MkDocs project
`python build.py mkdocs` exports, which carries a copy of this file and of search-zh.js): the
Chinese pages are marked as Chinese, and the search reads Chinese (search-zh.js, beside this
file, in place of the lunr.zh.js of MkDocs' search plugin, which needs jieba and so, in a
browser, indexes nothing). Its configuration: `plugins: [{search: {lang: zh}}]`."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority
from mkdocs.structure.pages import Page

CHINESE = ("zh/", "bilingual/")
"""The folders of Chinese pages (the parallel view's pages are of record in Chinese)."""


def on_post_page(output: str, page: Page, **kwargs: Any) -> str:
    # The theme gives every page its one locale's language: a screen reader would read the
    # Chinese pages with an English voice.
    if page.file.src_uri.startswith(CHINESE):
        return output.replace('<html lang="en"', '<html lang="zh-CN"', 1)
    return output


@event_priority(-100)  # after the search plugin has put its own lunr.zh.js in place
def on_post_build(config: MkDocsConfig, **kwargs: Any) -> None:
    shutil.copyfile(
        Path(__file__).with_name("search-zh.js"), Path(config.site_dir, "search", "lunr.zh.js")
    )
