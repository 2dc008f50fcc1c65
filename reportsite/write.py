"""Stage 5, write: rendered files → a staging folder beside the output, swapped in at the end.

The only stage that touches site/. Until the swap the previous site stays exactly as it was;
if anything fails the staging folder is discarded (or kept as the next one's spare) and site/
is never half-written. Files that did not change are hard links to the previous site's, not
copies. With the cache, the site a swap replaces is kept as a spare that the next staging
folder starts from (Staging), so that an edit does not cost linking every file again.

One build at a time writes an output folder: a lock file beside it (`.site.lock`) is held for
the whole build, and the next build removes what an interrupted one left beside it (its
staging, old-site and work folders, which carry the marker file).
"""

from __future__ import annotations

import array
import contextlib
import ctypes
import os
import shutil
import signal
import stat
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Collection, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import partial
from pathlib import Path, PurePosixPath
from types import TracebackType
from typing import IO

from .load import display_name, real_path, walk
from .problems import ContentError, Location, Problem
from .workers import INTERRUPTS, Ahead, Interrupted, heard

_FILE_MODE = 0o644
_DIR_MODE = 0o755
_WRITE_FLAGS = os.O_WRONLY | os.O_CREAT | getattr(os, "O_BINARY", 0) | getattr(os, "O_CLOEXEC", 0)
MARKER = PurePosixPath(".reportsite")
"""Left in every built site, and put first in every staging and work folder: only a folder
that has it may be replaced or removed by a build."""
_MARKER_TEXT = b"Built by reportsite; the next build replaces this folder whole.\n"
_LEFT_BEHIND = ("staging", "old", "work")
"""The folders a build makes beside the output, `.site.staging-…` and so on."""
LOCK_WAIT = 10.0
"""Seconds a build waits for another one writing the same output folder to finish."""
REMOVERS = 8
"""Threads removing a site's folders side by side (see remove_tree)."""

Written = tuple[str, int, int]
"""A file as written: its path in the site, its size and modification time (ns)."""


@dataclass(frozen=True, slots=True)
class Spare:
    """A spare as a build knew it, for the next one to take in without reading every folder of
    it (_listing): the site the build before it left (its files' paths, joined by NUL), each
    file's inode as that build's look at it found it (-1: not as left), when the folders of
    that site were last changed by the build that made it (a time of the file system's own,
    Staging.marked), and the name it took as a spare."""

    name: str
    paths: str
    inodes: array.array[int]
    marked: int


@contextlib.contextmanager
def locked(out: Path, wait: float | None = None) -> Iterator[None]:
    """Hold the output folder's lock file for the block; wait for another build to let go
    (LOCK_WAIT seconds unless told), or refuse. The operating system lets go of a lock when
    its holder dies, however it dies: a lock file left behind never blocks."""
    wait = LOCK_WAIT if wait is None else wait
    out.parent.mkdir(parents=True, exist_ok=True)
    path = out.parent / f".{out.name}.lock"
    with open(path, "a+b") as handle:
        deadline = time.monotonic() + wait
        while not _try_lock(handle):
            if time.monotonic() >= deadline:
                name = display_name(out)
                args = {"out": name, "seconds": f"{wait:g}"}
                problem = Problem(location=Location(name, 0, 0), code="output-locked", args=args)
                raise ContentError([problem])
            time.sleep(0.05)
        try:
            yield
        finally:
            _unlock(handle)


def _try_lock(handle: IO[bytes]) -> bool:
    try:
        if sys.platform == "win32":
            import msvcrt

            msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
        else:
            import fcntl

            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False
    return True


def _unlock(handle: IO[bytes]) -> None:
    if sys.platform == "win32":
        import msvcrt

        handle.seek(0)
        msvcrt.locking(handle.fileno(), msvcrt.LK_UNLCK, 1)
    else:
        import fcntl

        fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


def scratch(out: Path, kind: str) -> Path:
    """A new hidden folder beside out (`.site.<kind>-…`), marked as a build's own at once."""
    out.parent.mkdir(parents=True, exist_ok=True)
    folder = Path(tempfile.mkdtemp(prefix=f".{out.name}.{kind}-", dir=out.parent))
    try:
        os.chmod(folder, _DIR_MODE)
        (folder / MARKER).write_bytes(_MARKER_TEXT)
        os.chmod(folder / MARKER, _FILE_MODE)
    except BaseException:
        # A full disk, say: not left for the next build to find.
        shutil.rmtree(folder, ignore_errors=True)
        raise
    return folder


class Appended:
    """Pieces of data end to end in one file (of a work folder), each found again by its key:
    on some disks creating a file costs more than writing it (here 0.05–1 ms), and a build
    keeps one such piece for each report it checks."""

    def __init__(self, file: Path) -> None:
        self.file = file
        self.where: dict[str, tuple[int, int]] = {}
        """Each key's offset and length in the file."""
        self._handle: int | None = None
        self._size = 0

    def put(self, key: str, data: bytes) -> None:
        if self._handle is None:
            flags = os.O_WRONLY | os.O_CREAT | os.O_APPEND | getattr(os, "O_BINARY", 0)
            self._handle = os.open(self.file, flags, _FILE_MODE)
        _write_all(self._handle, data)
        self.where[key] = (self._size, len(data))
        self._size += len(data)

    def get(self, key: str) -> bytes | None:
        """The data put under key, or None if none was."""
        where = self.where.get(key)
        if where is None:
            return None
        with open(self.file, "rb") as file:
            file.seek(where[0])
            return file.read(where[1])

    def close(self) -> None:
        """Stop putting (what was put can still be got): before forking processes that get."""
        if self._handle is not None:
            os.close(self._handle)
            self._handle = None


def _write_all(handle: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(handle, view) :]


def beside(out: Path, path: str) -> bool:
    """Whether path is in out or in one of what builds keep beside it."""
    relative = os.path.relpath(os.path.abspath(path), os.path.abspath(out.parent))
    return is_own(out.name, relative.split(os.sep, 1)[0])


def is_own(out: str, name: str) -> bool:
    """Whether a name in the output folder's parent is the output folder's (named out) or one
    of what builds keep beside it (`.site.…`)."""
    return name == out or name.startswith(f".{out}.")


def remove_leftovers(out: Path, *, reuse: bool = False) -> None:
    """Remove what interrupted builds of out left beside it; call with the lock held, when no
    other build of out can be running. Only folders proven a build's own go: the right name
    and the marker inside (or nothing at all inside: killed before the marker was written).
    With reuse, and no spare beside out, a staging folder or an old site is kept as the spare
    instead: nothing of such a spare is trusted (it has not the name the last build knew a
    spare by: Staging), and one a build was killed while
    making mostly shares the live site's files, which the next build then need not link again
    (at 10,000 reports, the build after a `kill -9` took 7 s, not 1.5)."""
    for kind in _LEFT_BEHIND:
        for folder in sorted(out.parent.glob(f".{_glob_escape(out.name)}.{kind}-*")):
            if folder.is_symlink() or not folder.is_dir():
                continue
            marked = (folder / MARKER).is_file()
            if not marked and any(folder.iterdir()):
                continue
            if reuse and marked and kind != "work" and _spare(out) is None:
                os.replace(folder, _fresh_name(out, "spare"))
                continue
            remove_tree(folder)


def remove_tree(folder: Path) -> None:
    """Remove a built site (or what is left of one). On some file systems removing a folder
    waits on the disk for milliseconds, and a site has thousands of them: the folders two
    levels down are removed side by side, by threads that mostly wait."""
    branches = [branch.path for top in _folders_in(str(folder)) for branch in _folders_in(top.path)]
    with ThreadPoolExecutor(REMOVERS) as pool:
        for _ in pool.map(partial(shutil.rmtree, ignore_errors=True), branches):
            pass
    # The marker last: stopped halfway (Ctrl-C, kill -9), the removal leaves a folder that the
    # next build can still tell for its own and remove, not one it must leave for ever.
    with os.scandir(folder) as entries:
        for entry in entries:
            if entry.name == MARKER.name:
                continue
            if entry.is_dir(follow_symlinks=False):
                shutil.rmtree(entry.path)
            else:
                os.unlink(entry.path)
    (folder / MARKER).unlink(missing_ok=True)
    folder.rmdir()


def _folders_in(folder: str) -> list[os.DirEntry[str]]:
    try:
        with os.scandir(folder) as entries:
            return [entry for entry in entries if entry.is_dir(follow_symlinks=False)]
    except OSError:
        return []


def _glob_escape(name: str) -> str:
    return "".join(f"[{c}]" if c in "*?[" else c for c in name)


def check_output(out: Path, protected: Iterable[tuple[Path, str, str]]) -> None:
    """Refuse an output folder whose replacement would lose anything but a previous build:
    one that is or contains a protected folder (zh and en names given), lies inside the
    content or templates, is not a folder or lies under a file, is a link that loops, or holds
    files no build of ours left there."""
    target = real_path(out)
    loops = ("是循环的链接", "is a link that loops")
    reason = loops if target is None else _risk(target, protected)
    if reason:
        name = display_name(out)
        args = {"out": name, "relation_zh": reason[0], "relation_en": reason[1]}
        raise ContentError(
            [Problem(location=Location(name, 0, 0), code="unsafe-output", args=args)]
        )


def _risk(target: Path, protected: Iterable[tuple[Path, str, str]]) -> tuple[str, str] | None:
    """What replacing the real output folder target would put at risk (check_output)."""
    for path, zh, en in protected:
        guarded = real_path(path)
        if guarded is None:  # a loop holds nothing; the build tells of it where it reads it
            continue
        if guarded.is_relative_to(target):
            return (f"包含或就是{zh}", f"is or contains the {en}")
        if target.is_relative_to(guarded) and path.name in ("content", "templates"):
            return (f"位于{zh}之内", f"is inside the {en}")
    if target.exists() and not target.is_dir():
        return ("不是文件夹", "is not a folder")
    above = next(folder for folder in target.parents if folder.exists())
    if not above.is_dir():
        name = display_name(above)
        return (f"位于 {name} 之下，而它不是文件夹", f"lies under {name}, which is not a folder")
    if target.is_dir() and any(target.iterdir()) and not (target / MARKER).is_file():
        return ("已有其他内容，不是 reportsite 生成的", "holds files reportsite did not build")
    return None


class Staging:
    """A context manager: files written inside go to a hidden sibling of `out`; a clean exit
    swaps it into place, an exception discards it.

    With reuse, the site a swap replaces is kept beside the output as a spare
    (`.site.spare-…`) instead of being removed, and the next staging starts from it: a file
    that is still the very file of the current site (the same inode: both are links to it)
    stays, every other file is replaced or removed. An edit then costs what it changed, not
    linking every file of the site again and removing the old site's. No file of the spare is
    ever written in place — it may be the same file as one of the live site — only removed
    and made anew; and from the moment it is taken it is named as a staging folder, so an
    interrupted build leaves it for the next one to remove."""

    def __init__(
        self,
        out: Path,
        *,
        reuse: bool = False,
        ahead: Ahead | None = None,
        known: Spare | None = None,
    ) -> None:
        self.out = out
        self.reuse = reuse
        self.ahead = ahead
        """Where the spare's listing is made while the build goes on (see take_in)."""
        self.known = known
        """The spare as the last build knew it, if it did (_listing)."""
        self.marked: int | None = None
        """Once the site is complete: when its folders were last changed (Spare.marked)."""
        self.kept_as: str | None = None
        """Once swapped in: the name the site it replaced took as a spare, if it was kept."""
        self.root = Path()
        self.count = 0
        self._written: set[str] = set()
        self._folders: set[str] = set()
        self.loose: list[Written] = []
        """The files put in place outside the units the cache keeps (put): the marker, the
        static files, the search's list of shards."""
        self.present: dict[str, int] = {}
        """The files of the spare this staging began as, by inode."""
        self._present_folders: set[str] = set()
        self._only_needed = False
        """Whether every folder of the spare holds a file of it, at some depth (_listing)."""
        self._spare: Path | None = None
        """The spare this staging began as, by its name then (which it takes back if the build
        fails: no new name to make, which a full disk would refuse)."""
        self._spare_listing: Callable[[], _Listing] | None = None
        """The spare's listing being made, until take_in."""

    def __enter__(self) -> Staging:
        spare = self._spare = _spare(self.out) if self.reuse else None
        if spare is None:
            self.root = scratch(self.out, "staging")
        else:
            self.root = _fresh_name(self.out, "staging")
            os.replace(spare, self.root)
            try:
                # A marker of its own, put in place whole: the folder is never without one.
                new = self.root / f"{MARKER}.new"
                new.unlink(missing_ok=True)
                new.write_bytes(_MARKER_TEXT)
                os.chmod(new, _FILE_MODE)
                os.replace(new, self.root / MARKER)
            except BaseException:
                os.replace(self.root, spare)  # a full disk, say: the spare it was
                raise
            known = self.known if self.known and self.known.name == spare.name else None
            self._spare_listing = (self.ahead or Ahead(1)).run(_listing, str(self.root), known)
        info = os.stat(self.root / MARKER)
        self.loose.append((MARKER.as_posix(), info.st_size, info.st_mtime_ns))
        self._written.add(MARKER.as_posix())
        self.count = 1
        return self

    def take_in(self) -> None:
        """Take in the spare's listing, made while the build went on: call it before the
        first file is written or linked (and before forking workers that write)."""
        if self._spare_listing is not None:
            self.present, self._present_folders, self._only_needed = self._spare_listing()
            self._spare_listing = None
            self.present.pop(MARKER.as_posix(), None)

    def _taken_in(self) -> None:
        if self._spare_listing is not None:
            # Writing into a spare not yet listed could not tell its files from ours.
            raise RuntimeError("Staging.take_in was not called before writing")

    def write(self, path: PurePosixPath, data: bytes) -> Written:
        """Write one file; it counts once claimed (workers write, the parent claims)."""
        name = path.as_posix()
        target = self._target(name)
        # Made anew, never written into: a spare's file could be a link to the live site's.
        # Plain descriptors: Python's file objects cost three more system calls a file.
        flags = _WRITE_FLAGS | (os.O_EXCL if self.reuse else os.O_TRUNC)
        handle = os.open(target, flags, _FILE_MODE)
        try:
            _write_all(handle, data)
            info = os.fstat(handle)
        finally:
            os.close(handle)
        if stat.S_IMODE(info.st_mode) != _FILE_MODE:
            # A umask like 077 would lock the web server out: the file gets its mode outright.
            os.chmod(target, _FILE_MODE)
        return name, info.st_size, info.st_mtime_ns

    def put(self, path: PurePosixPath, data: bytes) -> None:
        """Write and claim one file that belongs to no unit (loose)."""
        written = self.write(path, data)
        self.claim([written[0]])
        self.loose.append(written)

    def link(self, previous: Path, names: Iterable[str], inodes: Iterable[int]) -> None:
        """Take files unchanged from the previous site (whose inodes are given): hard links,
        or copies where the file system has none (a copy keeps the time the cache knows the
        file by). A spare's link to the very same file is kept as it is (after an edit, nearly
        every file of the site)."""
        self._taken_in()
        present = self.present
        for name, inode in zip(names, inodes, strict=True):
            if present.get(name) == inode:
                continue
            target = self._target(name)
            source = os.path.join(previous, name)
            try:
                os.link(source, target)
            except OSError:
                shutil.copy2(source, target)

    def clear(self, folder: PurePosixPath) -> None:
        """Remove what the spare held under folder, for another program to write there."""
        shutil.rmtree(self.root.joinpath(*folder.parts), ignore_errors=True)

    def _target(self, name: str) -> str:
        """Where the file of a site path goes, its folders made. Plain strings: a warm build
        places every file of the site, and path objects cost more than the linking."""
        self._taken_in()
        parts = name.split("/")
        if not name or name.startswith("/") or ".." in parts or "" in parts:
            # Paths come from urls.py and validated ids; reaching this is a programming error.
            raise ValueError(f"refusing to write {name}")
        target = os.path.join(self.root, *parts)
        if self.present or self._present_folders:
            self._make_way(parts, target)
        folder = os.path.dirname(target)
        if folder not in self._folders:
            if not os.path.isdir(folder):
                os.makedirs(folder, exist_ok=True)
                # mkdir's mode is the umask's (077 would lock the web server out, 002 open
                # the site to a group): unless it gave the leaf, and so every folder just
                # made, the mode of the site's folders, they get theirs outright.
                if stat.S_IMODE(os.stat(folder).st_mode) != _DIR_MODE:
                    for depth in range(1, len(parts)):
                        os.chmod(os.path.join(self.root, *parts[:depth]), _DIR_MODE)
            self._folders.add(folder)
        return target

    def _make_way(self, parts: list[str], target: str) -> None:
        """Remove what the spare holds where this file goes: the file there, a folder of
        that name, a file where one of its folders goes. (Workers do this side by side, so
        what another already removed is no error.)"""
        for depth in range(1, len(parts) + 1):
            prefix = "/".join(parts[:depth])
            if self.present.pop(prefix, None) is not None:
                with contextlib.suppress(FileNotFoundError):
                    os.unlink(os.path.join(self.root, *parts[:depth]))
        name = "/".join(parts)
        if name in self._present_folders:
            shutil.rmtree(target, ignore_errors=True)
            self._present_folders.discard(name)

    def claim(self, names: Collection[str]) -> None:
        """Count files written (by this process or a worker); two pages on one path is a
        programming error."""
        # As sets, not name by name: a warm build claims every file of the site.
        fresh = set(names)
        if len(fresh) < len(names) or not fresh.isdisjoint(self._written):
            seen, twice = set(self._written), []
            for name in names:
                if name in seen:
                    twice.append(name)
                seen.add(name)
            raise ValueError(f"two pages claim {', '.join(sorted(twice))}")
        self._written |= fresh
        self.count += len(fresh)

    def copy_tree(self, source: Path, into: PurePosixPath) -> None:
        for path in sorted(source.rglob("*")):
            if path.is_file():
                relative = PurePosixPath(path.relative_to(source).as_posix())
                self.put(into / relative, path.read_bytes())

    def adopt(self, folder: PurePosixPath) -> list[Written]:
        """Take in the files another program wrote under folder (the search index): they are
        claimed, get the permissions of ours (as do the folders it made on its way there), and
        are swapped in with the rest."""
        base = self.root.joinpath(*folder.parts)
        written = []
        above = [self.root.joinpath(*folder.parts[:depth]) for depth in range(1, len(folder.parts))]
        for path in [*above, base, *sorted(base.rglob("*"))] if base.is_dir() else []:
            os.chmod(path, _DIR_MODE if path.is_dir() else _FILE_MODE)
            if path.is_file():
                info = path.stat()
                name = path.relative_to(self.root).as_posix()
                written.append((name, info.st_size, info.st_mtime_ns))
        self.claim([name for name, _, _ in written])
        return written

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        if kind is not None:
            self._discard()
            return
        try:
            self._prune()
            self.marked = _file_system_time(self.root)
            self.kept_as = _swap(self.root, self.out, keep=self.reuse)
        except BaseException:
            # A file that could not be removed, a rename refused: the site is as it was.
            if self.root.exists():
                self._discard()
            raise

    def _discard(self) -> None:
        # What a staging folder holds is trusted only where its folders' times say nothing
        # changed (_listing), so a failed build's that began as the spare is the spare again;
        # one begun empty goes (a build that failed validation wrote nothing in it).
        if self._spare is not None:
            os.replace(self.root, self._spare)
        else:
            shutil.rmtree(self.root, ignore_errors=True)

    def _prune(self) -> None:
        """Remove what the spare held that this build did not place: its other files, and
        the folders left without any."""
        self._taken_in()
        removed = self.present.keys() - self._written
        for name in removed:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(os.path.join(self.root, *name.split("/")))
        if self._only_needed and not removed:
            # Each of the spare's folders holds one of its files, and every one of those this
            # build placed anew or left in place (or removed on its way to a file below it):
            # no folder is left without files. (After an edit at 10,000 reports, working out
            # the folders of 74,000 files took 0.03 s of every build.)
            return
        needed = _with_those_above(name.rpartition("/")[0] for name in self._written)
        for name in sorted(self._present_folders - needed, key=len):
            shutil.rmtree(os.path.join(self.root, *name.split("/")), ignore_errors=True)


_Listing = tuple[dict[str, int], set[str], bool]
"""A spare's files by inode, its folders, and whether every one of those holds one of those
files at some depth."""


def _listing(root: str, known: Spare | None = None) -> _Listing:
    """A spare's files by inode (no stat: the folder listing gives both) and its folders;
    anything but files and folders goes at once. (Made by another process, as the build
    reads the cache and validates: see Staging.take_in.) Whether every folder holds a file is
    known only where none was read but the top folder, and none found there was new: every
    folder is then one the last build knew as holding its files (_Listing).

    With what the last build knew of it (known), a folder the file system says was last
    changed before its site was complete holds the files that site was left with: any entry
    made, removed or renamed in a folder sets the folder's change time to the file system's
    clock, which the site's time was read from too (and which no program can set back, as it
    can a modification time). Such a folder is looked at (one stat), not read; only the
    others are, and what they hold that the last build did not know of. At 10,000 reports:
    34,000 folders, 0.16 s instead of 0.33–0.45. A file written into in place keeps its
    inode, and so counts as the file it was: the look at the live site, which shares it, finds
    it changed. The spare's top folder has been renamed since, and is always read."""
    files: dict[str, int] = {}
    folders: set[str] = set()
    unread = [""]
    prefix = os.path.join(root, "")
    all_known = False
    if known is not None:
        names = known.paths.split("\0") if known.paths else []
        parents = [name.rpartition("/")[0] for name in names]
        recorded = _with_those_above(set(parents))
        unchanged: set[str] = set()
        for folder in recorded:
            try:
                info = os.stat(prefix + folder, follow_symlinks=False)
            except OSError:
                continue  # gone: the folder that held it changed, and is read
            if stat.S_ISDIR(info.st_mode):
                folders.add(folder)
                if info.st_ctime_ns < known.marked:
                    unchanged.add(folder)
                else:
                    unread.append(folder)
        all_known = len(unchanged) == len(recorded)
        if all_known:  # all but the top folder, after most builds
            files = dict(zip(names, known.inodes, strict=True))
            for name, parent in zip(names, parents, strict=True):
                if not parent:
                    del files[name]
        else:
            files = {
                name: inode
                for name, inode, parent in zip(names, known.inodes, parents, strict=True)
                if parent in unchanged
            }
    while unread:
        folder = unread.pop()
        with os.scandir(prefix + folder) as entries:
            for entry in entries:
                name = f"{folder}/{entry.name}" if folder else entry.name
                # Files first: a site has twice as many files as folders.
                if entry.is_file(follow_symlinks=False):
                    files[name] = entry.inode()
                elif entry.is_dir(follow_symlinks=False):
                    if name not in folders:  # one the last build knew of is looked at above
                        folders.add(name)
                        unread.append(name)
                else:
                    os.unlink(entry.path)
    return files, folders, all_known and len(unchanged) == len(folders)


def _with_those_above(folders: Iterable[str]) -> set[str]:
    """These folders of a site (by their paths in it) and every folder they are in, the
    site's own ("") left out."""
    found: set[str] = set()
    for folder in folders:
        while folder and folder not in found:
            found.add(folder)
            folder = folder.rpartition("/")[0]
    return found


def _file_system_time(folder: Path) -> int | None:
    """The time the file system gives what changes now in folder (a new file's change time),
    where folders' change times can be trusted to follow what is made and removed in them and
    a file's inode to last: POSIX (on Windows the same field is when a file was made), and a
    file system with hard links (FAT has none, and numbers its files anew as it reads them).
    None elsewhere."""
    if os.name != "posix":
        return None
    try:
        handle, name = tempfile.mkstemp(dir=folder)
    except OSError:  # a full disk, say: the site is complete all the same
        return None
    try:
        os.link(name, f"{name}.link")
        os.unlink(f"{name}.link")
        return os.fstat(handle).st_ctime_ns
    except OSError:
        return None
    finally:
        os.close(handle)
        os.unlink(name)


def _fresh_name(out: Path, kind: str) -> Path:
    """A name beside out (`.site.<kind>-…`) that nothing has."""
    name = Path(tempfile.mkdtemp(prefix=f".{out.name}.{kind}-", dir=out.parent))
    os.rmdir(name)
    return name


def _spare(out: Path) -> Path | None:
    """The spare site beside out, if there is one that is a build's own (marked); others
    proven a build's own are removed."""
    found = [
        folder
        for folder in sorted(out.parent.glob(f".{_glob_escape(out.name)}.spare-*"))
        if not folder.is_symlink() and folder.is_dir() and (folder / MARKER).is_file()
    ]
    for extra in found[1:]:
        remove_tree(extra)
    return found[0] if found else None


@contextlib.contextmanager
def interrupts_held() -> Iterator[list[int]]:
    """Ctrl-C and SIGTERM noted inside the block, not acted on: it gives the list of those
    that came. (Only the main thread handles signals: elsewhere none reach the block.) One
    that came before it and was lost (workers.interrupt) is raised as it enters."""
    came: list[int] = []
    if threading.current_thread() is not threading.main_thread():
        yield came
        return
    if heard:
        raise Interrupted(heard[0])
    previous = {}
    try:
        for number in INTERRUPTS:
            previous[number] = signal.signal(number, lambda number, frame: came.append(number))
        yield came
    finally:
        for number, handler in previous.items():
            signal.signal(number, signal.SIG_DFL if handler is None else handler)


def keep_spare(out: Path, *, renew: bool) -> Spare | None:
    """Give the next build a spare to start from that is mostly the site it will change: when
    there is none (after a first build, no old site stepped aside) or, with renew (the build
    made most of the site anew), when the spare is the old site, sharing few of its files.
    The spare is then hard links to every file of the site: a few seconds at 10,000 reports,
    which spares the next edit removing and linking them all itself. Where the file system
    has no hard links, a spare would be of no use and none is made.

    The spare made, as the next build can take it in without reading its folders (Spare:
    after a build from scratch at 10,000 reports, reading them all kept the next edit waiting
    0.1 s); None if none was made, or its time cannot be taken."""
    found = _spare(out)
    if not out.is_dir() or (found is not None and not renew):
        return None
    if found is not None:
        remove_tree(found)
    spare = scratch(out, "spare")
    names: list[str] = []
    inodes = array.array("q")
    # Where the file system's time is not taken (_file_system_time), no inode is of use: on
    # Windows each one is a call of its own.
    timed = os.name == "posix"
    prefix = os.path.join(out, "")
    for entry in walk(str(out)):  # a folder before what it holds
        name = entry.path[len(prefix) :].replace(os.sep, "/")
        into = os.path.join(spare, name)
        if entry.is_dir(follow_symlinks=False):
            os.mkdir(into)
            os.chmod(into, _DIR_MODE)
            continue
        if name == MARKER.as_posix():
            continue
        try:
            os.link(entry.path, into)
        except OSError:
            remove_tree(spare)
            return None
        if timed:
            names.append(name)
            inodes.append(entry.inode())  # the site's file's: a link is the very file
    marked = _file_system_time(spare) if timed else None
    return Spare(spare.name, "\0".join(names), inodes, marked) if marked is not None else None


def _swap(staged: Path, out: Path, *, keep: bool) -> str | None:
    """Put staged in out's place; with keep, the old site stays as the spare: its name, if so."""
    # The old site carries the marker, so wherever the build dies below, the next build can
    # tell it for its own and remove (or reuse) it.
    if not out.exists():
        os.replace(staged, out)
        return None
    if _exchange(staged, out):
        # One step, never a moment without a site/: the old one is where the staging was.
        old = staged
        if keep:
            try:
                old = _fresh_name(out, "spare")
                os.replace(staged, old)
            except OSError:
                # The new site is in place: whatever fails from here fails the build no more.
                old, keep = staged, False
    else:
        # A directory cannot be renamed over a non-empty one, so the old site steps aside
        # first; between the two renames, two system calls long, there is no site/.
        old = _fresh_name(out, "spare" if keep else "old")
        os.replace(out, old)
        try:
            os.replace(staged, out)
        except OSError:
            os.replace(old, out)
            remove_tree(staged)
            raise
    if keep:
        return old.name
    with contextlib.suppress(OSError):
        remove_tree(old)
    return None


_AT_FDCWD = -100
_RENAME_EXCHANGE = 2


def _exchange(first: Path, second: Path) -> bool:
    """Swap two folders in one step (Linux's renameat2, RENAME_EXCHANGE); False where the
    system, its C library or the file system cannot."""
    if sys.platform != "linux":
        return False
    renameat2 = getattr(ctypes.CDLL(None, use_errno=True), "renameat2", None)
    if renameat2 is None:  # a C library older than glibc 2.28
        return False
    first_name, second_name = os.fsencode(first), os.fsencode(second)
    return bool(renameat2(_AT_FDCWD, first_name, _AT_FDCWD, second_name, _RENAME_EXCHANGE) == 0)
