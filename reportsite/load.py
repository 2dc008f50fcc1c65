"""Stage 1, load: content files → YAML node trees that remember line and column.

Nothing here knows the schema. It turns bytes into `Source`s and reports what would make
YAML misread the file (bad UTF-8, tabs, control characters, syntax) as located Problems.
"""

from __future__ import annotations

import errno
import os
import re
import stat
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path, PurePath
from typing import Any

import yaml

from .problems import Location, Problem

# The C composer is 2-3× faster; fall back where PyYAML was built without libyaml.
_COMPOSER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class Loader(_COMPOSER):  # type: ignore[misc]  # one of two classes, as PyYAML was built
    """The safe loader, its tags resolved as by PyYAML's resolver less what no safe loader
    uses (tags by a node's path in the document): even the C composer asks this Python method
    for the tag of every node, hundreds of times a report, and PyYAML's own made composing a
    report a sixth slower."""

    def resolve(self, kind: type[yaml.Node], value: str, implicit: tuple[bool, bool]) -> str:
        if kind is yaml.ScalarNode:
            if implicit[0]:
                for tag, pattern in _IMPLICIT.get(value[:1], _ANY_START):
                    if pattern.match(value):
                        return tag
            return _SCALAR
        return _SEQUENCE if kind is yaml.SequenceNode else _MAPPING

    # With no tags by path, nothing to follow the path for: PyYAML's hooks, which the composer
    # calls twice for every node, look for path resolvers that are never there (50 µs of
    # composing a report's 1.2 ms).
    def descend_resolver(self, current_node: yaml.Node | None, current_index: object) -> None:
        pass

    def ascend_resolver(self) -> None:
        pass


_RESOLVER = yaml.resolver.Resolver
_SCALAR, _SEQUENCE = _RESOLVER.DEFAULT_SCALAR_TAG, _RESOLVER.DEFAULT_SEQUENCE_TAG
_MAPPING = _RESOLVER.DEFAULT_MAPPING_TAG
_Resolvers = tuple[tuple[str, re.Pattern[str]], ...]
_ANY_START: _Resolvers = tuple(_RESOLVER.yaml_implicit_resolvers.get(None, []))
_IMPLICIT: dict[str, _Resolvers] = {
    start: (*resolvers, *_ANY_START)
    for start, resolvers in _RESOLVER.yaml_implicit_resolvers.items()
    if start is not None
}
"""The implicit tags a plain scalar may have, with their patterns, by its first character
('' for an empty one), where PyYAML's resolver looks them up."""

MAX_BYTES = 2 * 1024 * 1024
"""A report is about 30 KB; anything near this limit is a mistake, not a report."""

MAX_DEPTH = 1000
"""Levels of nesting: a report needs eight; libyaml's composer crashes in the tens of thousands."""
_DEEP = "nesting too deep"

# libyaml's problem texts, in Chinese for editors; the English original is kept beside them.
_SYNTAX_ZH = {
    "did not find expected ',' or '}'": "缺少“,”或“}”（花括号未闭合，或文字里的逗号冒号要加引号）",
    "did not find expected ',' or ']'": "缺少“,”或“]”（方括号未闭合）",
    "did not find expected key": "找不到下一个键（多半是缩进不一致）",
    "did not find expected '-' indicator": "列表项缺少“- ”（多半是缩进不一致）",
    "mapping values are not allowed here": "这里不能出现“: ”（含冒号的文字要加引号）",
    "could not find expected ':'": "缺少冒号“:”",
    "found unexpected end of stream": "文件意外结束（引号未闭合）",
    "found unknown escape character": "双引号里有无效的转义符“\\”",
    "found undefined alias": "引用了未定义的锚点",
    "found character that cannot start any token": "这个字符不能出现在这里（文字请加引号）",
    "found unexpected ':'": "这里不能出现“:”（文字请加引号）",
    "expected <block end>, but found '<block mapping start>'": "缩进不一致",
    _DEEP: "嵌套层次过深",
}

_CONTROL_CHARS = "".join(
    chr(c) for c in (*range(0x20), 0x7F, 0x200B, 0x2028, 0x2029, 0xFEFF) if chr(c) not in "\t\n\r"
)
"""Control characters but tab and line ends, zero-width space, Unicode line ends, a stray BOM."""
_CONTROL = re.compile(f"[{re.escape(_CONTROL_CHARS)}]")
_BIDI_CHARS = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
"""The marks that change the order text is shown in: with U+202E a page shows 1000 where the
file, the search and the data say 0001."""
_BIDI = re.compile(f"[{_BIDI_CHARS}]")
_TAB_INDENT = re.compile(r"^ *\t", re.MULTILINE)
_REFUSED_BY_YAML = r"\x80-\x84\x86-\x9f\ufffe\uffff"
"""Characters YAML may not hold (C1 controls but NEL, two non-characters) and _CONTROL leaves."""
_REFUSED = re.compile(f"[{_REFUSED_BY_YAML}]")
_NOT_HELD = re.compile(f"[{re.escape(_CONTROL_CHARS)}{_BIDI_CHARS}{_REFUSED_BY_YAML}]")
"""What no value may hold, however written."""
_UNPRINTABLE = re.compile(rf"[\x00-\x1f\x7f-\x9f\u2028\u2029{_BIDI_CHARS}\ud800-\udfff]")


@dataclass(frozen=True, slots=True)
class Source:
    """One content file, parsed."""

    name: str
    """The file as the person typed or sees it, e.g. content/reports/wayao-renda/2024.yaml."""
    path: Path
    node: yaml.Node
    text: str
    """The decoded text, for rules that read what the node tree drops (comments)."""

    def location(self, node: yaml.Node) -> Location:
        mark = node.start_mark
        return Location(self.name, mark.line + 1, mark.column + 1)


def display_name(path: PurePath) -> str:
    """A path relative to the working folder when it is inside it, as editors expect."""
    return display_names([path])[0]


def display_names(paths: Iterable[PurePath]) -> list[str]:
    """display_name of each path. A build names every report file (its problems' context),
    and an incremental build of a large archive does little else: the working folder is
    looked up once, and each file is named from its folder's name, worked out once for the
    thousands of files in the same few folders (at 10,000 reports in 1,000 folders, 0.013 to
    0.016 s, against 0.036 to 0.046 s naming them one by one through os.path). The folders
    resolved, not the file itself: a link is named as the editor sees it."""
    cwd = os.getcwd()
    folders: dict[str, str | None] = {}
    names = []
    for path in paths:
        text = str(path)
        if os.altsep is None:
            # What precedes the last separator is what os.path.dirname reads of a path.
            cut = text.rfind(os.sep) + 1
            at, base = text[:cut], text[cut:]
        else:  # drives, and two separators: as os.path splits them
            at, base = os.path.dirname(text), os.path.basename(text)
        if at in folders:
            folder = folders[at]
        else:
            try:
                folder = _folder_name(os.path.dirname(text), cwd)
            except RecursionError:  # nested deeper than Python recurses (once a traceback)
                folder = None
            folders[at] = folder
        # Outside the working folder (or in a folder that cannot be resolved): named as given,
        # as as_posix would name it (a path's text, whose parts only the separator joins).
        name = folder + base if folder is not None and base else text.replace(os.sep, "/")
        # A name holding a line break or an escape sequence must not forge or garble a
        # message line.
        names.append(_UNPRINTABLE.sub(_escaped, name))
    return names


def _escaped(found: re.Match[str]) -> str:
    return repr(found.group())[1:-1]


@lru_cache(maxsize=4096)
def _folder_name(folder: str, cwd: str) -> str | None:
    """A folder's real path in cwd's, as its files' names begin ("" for cwd itself); None
    when it is not inside."""
    parent, name = os.path.split(folder)
    if name and name not in (".", "..") and parent and parent != folder:
        # A folder that is no link is named from its parent's name (one look at it, and
        # strings: at 10,000 reports, naming their 1,000 folders through paths took 0.027 s
        # of every build, this 0.005 s).
        above = _folder_name(parent, cwd)
        if not os.path.islink(os.path.join(cwd, folder)):
            if above is not None:
                return f"{above}{name}/"
            # Where its parent is, which is not in the working folder: nor is it, unless it
            # is the working folder itself. (Resolved anew, the folders of an archive outside
            # the working folder took naming its 10,000 files from 0.024 s to 0.04 s.)
            if name != _working(cwd).name:
                return None
    try:
        inside = _resolved(Path(cwd, folder)).relative_to(_working(cwd)).as_posix()
    except (ValueError, OSError, RuntimeError):  # outside the folder, or a link that loops
        return None
    return "" if inside == "." else inside + "/"


@lru_cache(maxsize=16)
def _working(cwd: str) -> Path:
    """The working folder's real path (_resolved), by its text: asked for once for each
    folder outside it (a path object made and hashed for each was half of naming 1,000 such
    folders, 0.0045 s)."""
    return _resolved(Path(cwd))


@lru_cache(maxsize=4096)
def _resolved(folder: Path) -> Path:
    """An absolute folder's real path (a relative one's depends on the working folder, which
    this memo is not keyed by): thousands of files are named from the same few folders, and
    their folders from the same few parents. A folder that is no link is where its parent
    really is (one look at it, where resolving looks at every folder of the path again)."""
    name = folder.name
    if name and name != ".." and folder.parent != folder and not folder.is_symlink():
        return _resolved(folder.parent) / name
    return folder.resolve()


def find_reports(reports_dir: Path, content_dir: Path) -> tuple[list[Path], list[Problem]]:
    """Every *.yaml under reports_dir, sorted; refuses what is not a plain file inside content."""
    paths: list[Path] = []
    problems: list[Problem] = []
    if not reports_dir.is_dir():
        return paths, problems
    root = content_dir.resolve()
    kind = _link_out(reports_dir, root)
    if kind:
        return paths, [
            Problem(location=Location(display_name(reports_dir)), code="not-a-file", args=kind)
        ]
    for entry in walk(str(reports_dir)):
        # As os.path.splitext reads a name's suffix (none for ".yaml", a hidden file), in a
        # tenth of its time (0.0055 s of 10,000 reports' names).
        name = entry.name
        if not name.endswith((".yaml", ".yml")) or name.lstrip(".") in ("yaml", "yml"):
            continue
        path = _path(entry.path)
        kind = _unsafe_kind(entry, path, root)
        if kind:
            problems.append(
                Problem(location=Location(display_name(path)), code="not-a-file", args=kind)
            )
        else:
            paths.append(path)
    return paths, problems


@lru_cache(maxsize=65536)
def _path(text: str) -> Path:
    """A report file's path object: the preview finds the same files build after build, and
    the one made for the last build is taken (at 10,000 reports, making them took 0.05 s of
    every rebuild, and each new one is worked out again wherever it is named or compared)."""
    return Path(text)


def walk(folder: str) -> Iterator[os.DirEntry[str]]:
    """Everything under folder, each folder's entries by name and followed by what it holds
    (the order of sorted paths); links to folders are listed, not followed. The listing tells
    each entry's kind, so an archive of ten thousand files costs no call per file. The folders
    being gone through are kept in a list, not in recursive calls: folders nested a thousand
    deep once ended a build in a RecursionError."""
    open_folders = [_listed(folder)]
    while open_folders:
        entry = next(open_folders[-1], None)
        if entry is None:
            open_folders.pop()
            continue
        yield entry
        if entry.is_dir(follow_symlinks=False):
            open_folders.append(_listed(entry.path))


def _listed(folder: str) -> Iterator[os.DirEntry[str]]:
    try:
        with os.scandir(folder) as listing:
            return iter(sorted(listing, key=lambda entry: entry.name))
    except OSError:  # unreadable, or gone meanwhile: as if empty, as pathlib's glob has it
        return iter(())


def real_path(path: Path) -> Path | None:
    """path with every symbolic link on it followed, or None where they loop: Python 3.13's
    resolve() leaves a loop as it finds it, where 3.11's and 3.12's raise RuntimeError."""
    try:
        real = path.resolve()
    except RuntimeError:
        return None
    try:
        os.stat(real)
    except OSError as error:
        if error.errno == errno.ELOOP:
            return None
    return real


_LOOP = {"kind": "循环的链接 / a link that loops"}


def _link_out(path: Path, root: Path) -> dict[str, str] | None:
    real = real_path(path)
    if real is None:
        return _LOOP
    if not real.is_relative_to(root):
        return {"kind": "指向内容文件夹之外的链接 / a link out of the content folder"}
    return None


def _unsafe_kind(entry: os.DirEntry[str], path: Path, root: Path) -> dict[str, str] | None:
    kind = _link_out(path, root) if entry.is_symlink() else None
    if kind:
        return kind
    try:
        if entry.is_dir():
            return {"kind": "文件夹 / a directory"}
        if not entry.is_file():
            return {"kind": "特殊文件 / a special file"}
    except OSError as error:  # a link whose target cannot be looked at
        return _unreadable(error)
    return None


def _unreadable(error: OSError | RuntimeError) -> dict[str, str]:
    if getattr(error, "errno", None) == errno.ELOOP:  # the file, or a folder on its path
        return _LOOP
    detail = getattr(error, "strerror", None) or str(error)
    return {"kind": f"无法读取 / cannot be read: {detail}"}


Composed = tuple[str, yaml.Node]
"""A text and the node tree Loader composed of it."""


def load_source(
    path: Path,
    *,
    root: Path | None = None,
    data: bytes | None = None,
    composed: Composed | None = None,
) -> Source | list[Problem]:
    """Read and parse one file; a list of Problems if it cannot be read as clean YAML.

    With root (the content folder), a symbolic link that leads out of it is refused too.
    With data, that is parsed as the file's bytes (read_source): what an editor's command
    read, or is about to write into it, checked before it is. With composed, the text data
    decodes to is not composed again if it is composed's (the command composed it already)."""
    if data is None:
        read = read_source(path, root=root)
        if isinstance(read, list):
            return read
        data = read
    return _parsed(display_name(path), path, data, composed)


def read_source(path: Path, *, root: Path | None = None) -> bytes | list[Problem]:
    """A file's bytes, as load_source reads them, or why they cannot be."""
    name = display_name(path)
    kind = _link_out(path, root.resolve()) if root is not None and path.is_symlink() else None
    if kind:
        return [Problem(location=Location(name), code="not-a-file", args=kind)]
    try:
        # Only a regular file is read, and never more than the limit: a FIFO would block
        # forever and a link to /dev/zero would never end.
        info = path.stat()
        if stat.S_ISDIR(info.st_mode):
            kind = {"kind": "文件夹 / a directory"}
        elif not stat.S_ISREG(info.st_mode):
            kind = {"kind": "特殊文件 / a special file"}
        if kind:
            return [Problem(location=Location(name), code="not-a-file", args=kind)]
        if info.st_size > MAX_BYTES:
            return [_too_large(name, info.st_size)]
        return read_capped(path)
    except FileNotFoundError:
        return [Problem(location=Location(name), code="missing-file")]
    except (OSError, RuntimeError) as error:
        return [Problem(location=Location(name), code="not-a-file", args=_unreadable(error))]


def _too_large(name: str, size: int) -> Problem:
    return Problem(
        location=Location(name), code="too-large", args={"size": size, "limit": MAX_BYTES}
    )


def _parsed(
    name: str, path: Path, data: bytes, composed: Composed | None
) -> Source | list[Problem]:
    if len(data) > MAX_BYTES:  # grown past the limit as it was read, or about to be written so
        return [_too_large(name, len(data))]
    text_or_problem = _decode(name, data)
    if isinstance(text_or_problem, Problem):
        return [text_or_problem]
    text = text_or_problem
    problems: list[Problem] = []
    # A search for one character is many times faster than a regular expression over a whole
    # report, and nearly every file has neither: the expressions run only to locate what is there.
    if "\t" in text:
        problems += _find(name, text, _TAB_INDENT, "tab-indent", lambda m: {}, at_end=True)
    if any(char in text for char in _CONTROL_CHARS):
        problems += _find(name, text, _CONTROL, "control-char", _char)
    if any(char in text for char in _BIDI_CHARS):
        problems += _find(name, text, _BIDI, "bidi-mark", _char)
    if problems:
        return problems
    deep = _too_deep(name, text, data)
    if deep:
        return [deep]
    try:
        node = (
            composed[1] if composed and composed[0] == text else yaml.compose(text, Loader=Loader)
        )
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        return [_syntax_problem(name, line, column, error.problem or str(error))]
    except yaml.YAMLError as error:
        # YAML refuses a few characters more than the search above looks for; each was told
        # of as a syntax error at 1:1, with a fix about indentation and quotes.
        refused = list(_find(name, text, _REFUSED, "control-char", _char))
        return refused or [_syntax_problem(name, 1, 1, str(error))]
    except RecursionError:
        return [_syntax_problem(name, 1, 1, _DEEP)]
    if node is None:
        return [Problem(location=Location(name, 1, 1), code="empty-file")]
    # A double-quoted value can write a control character as an escape (\x00, \u200B, \uFFFF),
    # which neither the search of the text above nor YAML's reading sees: a NUL so written
    # reached the feeds, and no XML reader would read them. Only a file holding a backslash
    # can hold one.
    escaped = list(_escaped_controls(name, node)) if "\\" in text else []
    if escaped:
        return escaped
    return Source(name, path, node, text)


def _escaped_controls(name: str, root: yaml.Node) -> Iterator[Problem]:
    """A problem at each value (or key) that holds a character no value may hold, in document
    order. The nodes are gone through with a list, not by recursion, each once (aliases share
    one)."""
    waiting: list[yaml.Node] = [root]
    seen: set[int] = set()
    while waiting:
        node = waiting.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, yaml.ScalarNode):
            found = _NOT_HELD.search(node.value)
            if found:
                mark = node.start_mark
                location = Location(name, mark.line + 1, mark.column + 1)
                char = f"U+{ord(found.group()):04X}"
                yield Problem(location=location, code="control-escape", args={"char": char})
        elif isinstance(node, yaml.SequenceNode):
            waiting += reversed(node.value)
        elif isinstance(node, yaml.MappingNode):
            waiting += reversed([part for pair in node.value for part in pair])


def read_capped(path: Path) -> bytes:
    """A file's bytes, never more than MAX_BYTES + 1 (a file over the limit is refused, not
    read whole). Asked for as many bytes as the file holds, not for the limit: for the limit,
    Python makes a buffer of 2 MiB for every file and shrinks it again, which was three fifths
    of the time to read a report of 47 KB (55 µs)."""
    with path.open("rb") as file:
        size = min(os.fstat(file.fileno()).st_size, MAX_BYTES)
        data = file.read(size + 1)
        if len(data) > size:  # grown since: read on, never past the limit
            data += file.read(MAX_BYTES + 1 - len(data))
    return data


def _too_deep(name: str, text: str, data: bytes) -> Problem | None:
    """Nesting deeper than MAX_DEPTH, located, before libyaml's composer recurses into it:
    tens of thousands of levels crash the C composer (no RecursionError, a segfault). data
    is the file's bytes, text what they decode to."""
    # Each level opens with one of these characters, so a file with few of them is shallow;
    # only the rare others are parsed a second time, as events, which does not recurse.
    # Counted in the UTF-8, where no other character holds their bytes: one pass over it took
    # half the time of five over the text (28 µs against 55 for a report).
    if len(data) - len(data.translate(None, b"[{-:?")) <= MAX_DEPTH:
        return None
    depth = 0
    try:
        for event in yaml.parse(text, Loader=Loader):
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    mark = event.start_mark
                    line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
                    return _syntax_problem(name, line, column, _DEEP)
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
    except yaml.YAMLError:
        return None  # compose reports it, located
    return None


def _syntax_problem(name: str, line: int, column: int, detail: str) -> Problem:
    return Problem(
        location=Location(name, line, column),
        code="yaml-syntax",
        args={"detail": detail, "detail_zh": _SYNTAX_ZH.get(detail, detail)},
    )


def _decode(name: str, data: bytes) -> str | Problem:
    """UTF-8 with an optional BOM; CRLF and lone CR line ends become LF (Word and Notepad)."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        before = data[: error.start]
        line = before.count(b"\n") + 1
        column = len(before[before.rfind(b"\n") + 1 :].decode("utf-8", "replace")) + 1
        return Problem(
            location=Location(name, line, column),
            code="not-utf8",
            args={"byte": f"0x{data[error.start]:02X}"},
        )
    if "\r" not in text:  # most files: spare two scans of the whole text
        return text
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _char(found: re.Match[str]) -> Mapping[str, object]:
    return {"char": f"U+{ord(found.group()):04X}"}


def _find(
    name: str,
    text: str,
    pattern: re.Pattern[str],
    code: str,
    args: Callable[[re.Match[str]], Mapping[str, object]],
    *,
    at_end: bool = False,
) -> Iterator[Problem]:
    for match in pattern.finditer(text):
        offset = match.end() - 1 if at_end else match.start()
        line = text.count("\n", 0, offset) + 1
        column = offset - (text.rfind("\n", 0, offset) + 1) + 1
        yield Problem(location=Location(name, line, column), code=code, args=args(match))
