"""MkDocs hook of the handbook: the chapters made from the code (the content model, the
messages) are put into their pages at build time, so they never drift from it. (Its Chinese,
in the pages and the search: chinese.py.)"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from mkdocs.structure.pages import Page

# `mkdocs build` from a fresh clone, without `pip install -e .`, still finds the package.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from reportsite import handbook  # noqa: E402


def on_page_markdown(markdown: str, page: Page, **kwargs: Any) -> str:
    return handbook.expand(markdown, page.file.src_uri)
