"""MkDocs hook of the handbook: the chapters made from the code (the content model, the
messages) are put into their pages at build time, so they never drift from it."""

from __future__ import annotations

from typing import Any

from mkdocs.structure.pages import Page

from reportsite import handbook


def on_page_markdown(markdown: str, page: Page, **kwargs: Any) -> str:
    return handbook.expand(markdown, page.file.src_uri)
