"""Stage 5, write: rendered files → a staging folder beside the output, swapped in at the end.

The only stage that touches site/. Until the swap the previous site stays exactly as it was;
if anything fails the staging folder is removed and site/ is never half-written.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterable
from pathlib import Path, PurePosixPath
from types import TracebackType

from .load import display_name
from .problems import ContentError, Location, Problem

_FILE_MODE = 0o644
_DIR_MODE = 0o755
MARKER = PurePosixPath(".reportsite")
"""Left in every built site: only a folder that has it may be replaced by the next build."""


def check_output(out: Path, protected: Iterable[tuple[Path, str, str]]) -> None:
    """Refuse an output folder whose replacement would lose anything but a previous build:
    one that is or contains a protected folder (zh and en names given), lies inside the
    content or templates, is not a folder, or holds files no build of ours left there."""
    target = out.resolve()
    reason = None
    for path, zh, en in protected:
        guarded = path.resolve()
        if guarded.is_relative_to(target):
            reason = (f"包含或就是{zh}", f"is or contains the {en}")
        elif target.is_relative_to(guarded) and path.name in ("content", "templates"):
            reason = (f"位于{zh}之内", f"is inside the {en}")
        if reason:
            break
    else:
        if target.exists() and not target.is_dir():
            reason = ("不是文件夹", "is not a folder")
        elif target.is_dir() and any(target.iterdir()) and not (target / MARKER).is_file():
            reason = (
                "已有其他内容，不是 reportsite 生成的",
                "holds files reportsite did not build",
            )
    if reason:
        name = display_name(out)
        args = {"out": name, "relation_zh": reason[0], "relation_en": reason[1]}
        raise ContentError(
            [Problem(location=Location(name, 0, 0), code="unsafe-output", args=args)]
        )


class Staging:
    """A context manager: files written inside go to a hidden sibling of `out`; a clean exit
    swaps it into place, an exception discards it."""

    def __init__(self, out: Path) -> None:
        self.out = out
        self.root = Path()
        self.count = 0
        self._written: set[PurePosixPath] = set()

    def __enter__(self) -> Staging:
        self.out.parent.mkdir(parents=True, exist_ok=True)
        self.root = Path(tempfile.mkdtemp(prefix=f".{self.out.name}.staging-", dir=self.out.parent))
        os.chmod(self.root, _DIR_MODE)
        return self

    def write(self, path: PurePosixPath, data: bytes) -> None:
        if path.is_absolute() or ".." in path.parts or path in self._written:
            # Paths come from urls.py and validated ids; reaching this is a programming error.
            raise ValueError(f"refusing to write {path}")
        self._written.add(path)
        target = self.root.joinpath(*path.parts)
        if not target.parent.is_dir():
            target.parent.mkdir(parents=True, exist_ok=True)
            # mkdir's mode is masked by the umask (077 would lock the web server out): the
            # folders just made get theirs outright, as the files do, whoever builds.
            folder = target.parent
            while folder != self.root:
                os.chmod(folder, _DIR_MODE)
                folder = folder.parent
        target.write_bytes(data)
        os.chmod(target, _FILE_MODE)
        self.count += 1

    def claim(self, paths: Iterable[PurePosixPath]) -> None:
        """Count files that worker processes wrote through their copies of this staging."""
        for path in paths:
            if path in self._written:
                raise ValueError(f"two pages claim {path}")
            self._written.add(path)
            self.count += 1

    def copy_tree(self, source: Path, into: PurePosixPath) -> None:
        for path in sorted(source.rglob("*")):
            if path.is_file():
                relative = PurePosixPath(path.relative_to(source).as_posix())
                self.write(into / relative, path.read_bytes())

    def adopt(self, folder: PurePosixPath) -> None:
        """Take in the files another program wrote under folder (the search index): they are
        counted, get the permissions of ours, and are swapped in with the rest."""
        base = self.root.joinpath(*folder.parts)
        for path in [base, *sorted(base.rglob("*"))] if base.is_dir() else []:
            os.chmod(path, _DIR_MODE if path.is_dir() else _FILE_MODE)
            if path.is_file():
                self._written.add(PurePosixPath(path.relative_to(self.root).as_posix()))
                self.count += 1

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        if kind is not None:
            shutil.rmtree(self.root, ignore_errors=True)
            return
        self.write(MARKER, b"Built by reportsite; the next build replaces this folder whole.\n")
        _swap(self.root, self.out)


def _swap(staged: Path, out: Path) -> None:
    # A directory cannot be renamed over a non-empty one, so the old site steps aside first;
    # between the two renames is the only moment without a site/, and it is two syscalls long.
    old = None
    if out.exists():
        old = Path(tempfile.mkdtemp(prefix=f".{out.name}.old-", dir=out.parent))
        os.rmdir(old)
        os.replace(out, old)
    try:
        os.replace(staged, out)
    except OSError:
        if old is not None:
            os.replace(old, out)
        shutil.rmtree(staged, ignore_errors=True)
        raise
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
