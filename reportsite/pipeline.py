"""The conductor: load → validate → assemble → render → write, then the search index over
what was written, in that order.

The library never prints: it returns values or raises ContentError; cli.py talks to people.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from . import urls
from .assemble import assemble
from .model import Corpus
from .problems import Problem
from .render import Renderer
from .search import index as index_search
from .validate import load_corpus
from .write import Staging, check_output

PROJECT_ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = PROJECT_ROOT / "templates"


@dataclass(frozen=True, slots=True)
class BuildResult:
    corpus: Corpus
    warnings: tuple[Problem, ...]
    files: int


def check(content: Path, *, strict: bool = False) -> tuple[Corpus, tuple[Problem, ...]]:
    """Validate only; raises ContentError listing every error (and warning, if strict)."""
    return load_corpus(content, strict=strict)


def build(
    content: Path,
    out: Path,
    *,
    strict: bool = False,
    search: bool = True,
    templates: Path = TEMPLATES,
) -> BuildResult:
    """Build content/ into out/, replacing it whole only if every page rendered (and, unless
    search is False, the search index was built)."""
    # Refuse a dangerous output folder before doing any work, and validate everything before
    # the first page is written: a bad report must not cost the editor the previous site.
    check_output(
        out,
        (
            (content, "内容文件夹", "content folder"),
            (templates, "模板文件夹", "templates folder"),
            (PROJECT_ROOT, "项目文件夹", "project folder"),
            (Path.cwd(), "当前文件夹", "current folder"),
        ),
    )
    corpus, warnings = load_corpus(content, strict=strict)
    renderer = Renderer(templates)
    with Staging(out) as staging:
        for item in assemble(corpus):
            staging.write(item.path, renderer.render(item))
        staging.copy_tree(templates / "static", urls.STATIC)
        if search:
            index_search(staging.root, urls.PAGEFIND)
            staging.adopt(urls.PAGEFIND)
    return BuildResult(corpus, warnings, staging.count)
