"""The incremental-build cache: what the last build read and wrote, so the next does only what
changed — and still writes exactly the bytes a build from scratch would.

It is kept beside the output folder (`.site.cache` for `site/`), never inside it. It holds
each report file's digest with its checked outline and problems (and those of `site.yaml` and
the glossary with what they were read as), and for each group of output files (a report's
versions, a series' pages, the site-wide pages, a search shard) the digest of everything they
were made from and the size and time of each file written. A group whose digest is unchanged
and whose files are still as written is linked from the previous site instead of being made
again. It also keeps the compiled templates (render.Compiled). The records and the outputs are
saved in chunks of about 64 each (CHUNK), each a file of its own in a folder beside the cache's
(`.site.cache.d`) named by its digest, so that a save after an edit pickles and writes again
what it changed alone. An output may name chunks of its own there too, read only when it is
made again: the lists of the whole site (render.Entries), a chunk each.

A build that succeeded also leaves a brief of itself (Settled): every entry of the content
folder as listed when it began, its options, its warnings, and every file of the site it left
with its size and time. The file holds that brief apart from the rest (two sections, each with
its own checksum), so the next build can read it alone: if the content folder, the templates
and the site are all as the brief says, nothing changed, and that build is done without
reading the rest of the cache, the reports or the templates (pipeline.py).

A cache that is truncated, corrupt (its checksums), from another version of reportsite (a
digest of its code and of the libraries that shape the output) or for another content folder
is ignored, never trusted: the build then runs from scratch and replaces it. The checksums
guard against damage, not against someone who can write beside the output folder.
"""

from __future__ import annotations

import array
import contextlib
import dataclasses
import datetime as dt
import errno
import functools
import gc
import hashlib
import importlib.util
import io
import operator
import os
import pickle
import re
import stat
import sys
import tempfile
import zlib
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path, PurePath
from types import FunctionType, MemberDescriptorType
from typing import Any, BinaryIO

from .load import real_path
from .model import Report, Site
from .problems import Location, Problem
from .validate import Checked
from .write import Spare, Written, is_own

MAGIC = b"reportsite cache 6\n"
CODE = Path(__file__).resolve().parent
_LIBRARIES = ("jinja2", "markupsafe", "yaml", "markdown", "nh3", "pagefind")
"""The packages that shape the output (by the name they are imported as)."""
CLOCK_SLACK_NS = 2_000_000_000
"""A file changed this close to when it was last read may have kept its time (coarse file
system clocks): such a file is read again rather than trusted by its size and time."""


class Deferred(Report):
    """A report's outline as the cache keeps it: its series and year at hand, the rest
    decoded from its bytes the first time any of it is read. An edit of one report in an
    archive of 10,000 reads every report's record but needs the outlines of one series (its
    pages, the task links between its years); decoding all of them took half of such a build.
    What rules across files need besides series and year, the record keeps apart
    (validate.Checked), and a report's pages find the links to the years around it only when
    they are made (assemble.Around): an outline is decoded when a page shows it.

    What the pages listing every report (home, archive, feeds, sitemap) show of each — its
    titles and disclosure: the date that orders them, the index number — is kept apart too,
    and decoded alone: a report added or retitled makes those pages again, and decoding every
    outline for them took 3.7 s of the 10 s such an edit took at 10,000 reports. The date of
    publication, which orders those lists, is kept at hand besides: ordering the lists by it
    decoded that part of every report (a tenth of a build after a report was retitled at
    10,000 reports).

    So are the digests of both, which the keys of the units showing it cover: looked up in
    the report's record, the records scattered in memory, 10,000 of them took a retitle at
    10,000 reports 0.055 s more (for the key of the pages listing every report, and for the
    archive's list in each language)."""

    __slots__ = ("data", "listed", "_published", "digest", "listed_digest")
    data: bytes
    listed: bytes
    _published: dt.date
    digest: str
    """Of the outline: of data, the bytes the cache keeps it as (the same outline, the same
    bytes; encoding it apart, as outline.digest does, took a tenth of checking a report)."""
    listed_digest: str
    """Of what lists of reports show of it: its series, year and listed. It is all that the
    key of a unit covers of it if the unit's pages showed no more (Output.listed)."""

    @classmethod
    def of(cls, outline: Report) -> Deferred:
        # Compressed (to less than half): every edit reads every report's bytes.
        data = zlib.compress(pickled(outline), 1)
        listed = pickled(_listed(outline))
        shown = f"{outline.series}\0{outline.year}\0".encode() + listed
        return _deferred(
            outline.series,
            outline.year,
            data,
            listed,
            outline.published,
            hashlib.sha256(data).hexdigest(),
            hashlib.sha256(shown).hexdigest(),
        )

    @property
    def published(self) -> dt.date:
        return self._published

    def forget(self) -> None:
        """Back to its bytes: what was decoded of it let go of (to be decoded again if
        asked for)."""
        for delete in _FORGET:
            with contextlib.suppress(AttributeError):  # not decoded
                delete(self)

    def __getattr__(self, name: str) -> Any:
        # Python asks here only for what is not set: any field but series and year until the
        # outline is decoded (and then none), the listed ones until they are.
        if name in _LISTED:
            for put, value in zip(_LISTED.values(), pickle.loads(self.listed), strict=True):
                put(self, value)
            return getattr(self, name)
        if name not in _DECODED:
            raise AttributeError(name)
        outline = pickle.loads(zlib.decompress(self.data))
        for field_name, put in _DECODED.items():
            put(self, getattr(outline, field_name))
        return getattr(outline, name)

    def decoded(self) -> bool:
        """Whether its outline is decoded whole (found out without decoding it)."""
        try:
            _WHOLE(self)
        except AttributeError:
            return False
        return True


def _listed(outline: Report) -> tuple[object, ...]:
    return tuple(getattr(outline, name) for name in _LISTED)


def _deferred(
    series: str,
    year: int,
    data: bytes,
    listed: bytes,
    published: dt.date,
    digest: str,
    listed_digest: str,
) -> Deferred:
    made = object.__new__(Deferred)
    _SERIES(made, series)
    _YEAR(made, year)
    _DATA(made, data)
    _LISTED_DATA(made, listed)
    _PUBLISHED(made, published)
    _DIGEST(made, digest)
    _LISTED_DIGEST(made, listed_digest)
    return made


_DECODED = {
    f.name: vars(Report)[f.name].__set__
    for f in dataclasses.fields(Report)
    if f.name not in ("series", "year")
}
"""Each field a Deferred decodes, with its slot's setter (a frozen class's own __setattr__
refuses)."""
_LISTED = {name: _DECODED[name] for name in ("title", "headline", "subtitle", "disclosure")}
"""The fields a Deferred decodes apart from the rest (listed), with their setters."""
_WHOLE = vars(Report)[next(name for name in _DECODED if name not in _LISTED)].__get__
"""Reads a field only the whole outline decodes (set with all the others)."""
_FORGET = [vars(Report)[name].__delete__ for name in _DECODED]
_SERIES = vars(Report)["series"].__set__
_YEAR = vars(Report)["year"].__set__
_DATA = vars(Deferred)["data"].__set__
_LISTED_DATA = vars(Deferred)["listed"].__set__
_PUBLISHED = vars(Deferred)["_published"].__set__
_DIGEST = vars(Deferred)["digest"].__set__
_LISTED_DIGEST = vars(Deferred)["listed_digest"].__set__


@dataclass(frozen=True, slots=True)
class ReportRecord:
    """One report file as the last build read it."""

    stat: tuple[int, int, int]
    """Size, modification time (ns) and inode when it was read."""
    digest: str
    """Of its bytes."""
    context: str
    """What its problems also depend on: its name as shown, the glossary's digest."""
    result: Checked | tuple[Problem, ...]
    """Its outline (Deferred) and problems, or the problems of a file that did not convert."""


class Places(Mapping[str, Location]):
    """A report's places (validate.Checked.places) as the cache keeps them: pickled, decoded
    the first time one is asked for. Only a problem of the rules across files points at one,
    and making the Locations of 10,000 records was a third of reading them (their paths not
    made: UNKEPT_FILE)."""

    __slots__ = ("data", "_places")

    def __init__(self, data: bytes) -> None:
        self.data = data
        self._places: Mapping[str, Location] | None = None

    @classmethod
    def of(cls, places: Mapping[str, Location]) -> Places:
        return places if isinstance(places, Places) else cls(pickled(dict(places)))

    def _decoded(self) -> Mapping[str, Location]:
        if self._places is None:
            self._places = pickle.loads(self.data)
        return self._places

    def __getitem__(self, path: str) -> Location:
        return self._decoded()[path]

    def __iter__(self) -> Iterator[str]:
        return iter(self._decoded())

    def __len__(self) -> int:
        return len(self._decoded())

    def __reduce__(self) -> tuple[type[Places], tuple[bytes]]:
        return Places, (self.data,)


UNKEPT_FILE = Path("file-not-kept")
"""What a report record's Checked.file is, pickled: the file's path is not kept (making
10,000 paths again from their parts was a third of reading the records), and whoever loads a
record knows it and puts it back (with_file)."""


def _unkept_file() -> Path:
    return UNKEPT_FILE


def with_file(record: ReportRecord, path: Path) -> ReportRecord:
    """The record of the report file at path, its result's file being path. Put in place in a
    record just loaded (its file UNKEPT_FILE, it is the loader's alone, and a copy of each of
    10,000 would cost as much as the path saved); a copy where the file was named another way
    (the content folder given as `content`, then by its full path)."""
    result = record.result
    if not isinstance(result, Checked) or result.file is path:
        return record
    if result.file is UNKEPT_FILE:
        _CHECKED_FILE(result, path)
        return record
    if result.file == path:
        return record
    return dataclasses.replace(record, result=dataclasses.replace(result, file=path))


_CHECKED_FILE = vars(Checked)["file"].__set__
_FILE_AT, _PLACES_AT = (
    [f.name for f in dataclasses.fields(Checked)].index(name) for name in ("file", "places")
)


@dataclass(frozen=True, slots=True)
class SettingsRecord:
    """site.yaml or the glossary as the last build read it (a province's site.yaml names a
    thousand series: reading it took 0.1 s of every build)."""

    stat: tuple[int, int, int]
    digest: str
    context: str
    """Its name as shown, which its problems give."""
    value: object
    problems: tuple[Problem, ...]


@dataclass(frozen=True, slots=True)
class Output:
    """A group of output files as the last build wrote them."""

    key: str
    """Digest of everything they were made from."""
    files: Files
    indexed: tuple[str, ...] = ()
    """Of a report's files, the digest of what the search reads of its page in each language
    (search.read_digest, in the order of Lang): a search shard is indexed again in a language
    only where one of those changed."""
    entries: tuple[str, ...] = ()
    """The chunks (put_part) holding the lists of reports its pages made (render.Entries), if
    it keeps them, a list each (pipeline._Run.keep): read only when it is made again."""
    listed: bool = False
    """Whether its key covers, of each report, only what lists show of it
    (Deferred.listed_digest): making them read no more of any (pipeline._Run.listed_only)."""


@dataclass(frozen=True, slots=True)
class Files:
    """Files as written, packed: their paths in the site (joined by NUL, which no path holds)
    and each one's size and modification time (ns) in that order. At 10,000 reports, 74,000
    files: the site a build left, kept as a dictionary, took 0.07 s of every build to pickle and
    load again (the brief is read by every build), and each unit's as tuples 0.03 s to load
    and 0.03 s to gather into the site's."""

    paths: str
    sizes: array.array[int]
    """Size, time, size, time…"""

    @classmethod
    def of(cls, written: Iterable[Written]) -> Files:
        names, sizes = [], array.array("q")
        for name, size, mtime in written:
            names.append(name)
            sizes.append(size)
            sizes.append(mtime)
        return cls("\0".join(names), sizes)

    @classmethod
    def joined(cls, parts: Iterable[Files]) -> Files:
        """The files of each part, in turn."""
        paths, sizes = [], array.array("q")
        for part in parts:
            if part.paths:
                paths.append(part.paths)
                sizes.extend(part.sizes)
        return cls("\0".join(paths), sizes)

    def names(self) -> list[str]:
        return self.paths.split("\0") if self.paths else []


Entry = tuple[str, int, int, int, int]
"""An entry of the content folder: its path in it, mode, size, modification time (ns), inode."""


@dataclass(frozen=True, slots=True)
class Settled:
    """A build that succeeded, in brief: what it was made from and what it left."""

    options: str
    """Digest of its options, the templates and where it ran (names in messages depend on it)."""
    content: tuple[Entry, ...]
    """Every entry of the content folder, listed before anything in it was read."""
    recent: dict[str, str]
    """The digest, as read, of each report file (and site.yaml, the glossary) of that listing
    changed too close to when the build began for its time to be trusted (CLOCK_SLACK_NS): the
    file just edited, which the next build reads again rather than doubt the whole brief. ""
    for such a file the build does not read (an editor's notes): its bytes shape nothing."""
    warnings: tuple[Problem, ...]
    files: int
    reports: int
    site: Site
    """Its site.yaml, as validated."""


@dataclass(slots=True)
class Record:
    code: str
    content: str
    started: int
    """When the build that wrote it began reading the content (time.time_ns())."""
    settled: Settled | None = None
    """Read apart from the rest (load_settled); None when the content cannot be listed (a
    link in it, whose target could change unseen)."""
    left: Files | None = None
    """Every file of the site it left (read with settled: the next build looks them up first)."""
    reports: dict[str, ReportRecord] = field(default_factory=dict)
    outputs: dict[str, Output] = field(default_factory=dict)
    kept: dict[str, tuple[dict[str, Any], str]] = field(default_factory=dict)
    """Each chunk of the records and outputs (_chunks) as loaded or saved, by its first name
    (a report file's or a unit's): what it held, and its name in the chunk folder. A chunk
    whose values are all the very ones it held is neither pickled nor written again."""
    templates: dict[str, bytes] = field(default_factory=dict)
    """The templates compiled (render.Compiled), by Jinja's key."""
    settings: dict[str, SettingsRecord] = field(default_factory=dict)
    """site.yaml and the glossary, by their names in the content folder."""
    seen: dict[str | None, str] = field(default_factory=dict)
    """The digests of site.yaml as each series' pages see it (assemble.seen_digests)."""
    marked: int | None = None
    """When the folders of the site it left were last changed by it (write.Spare.marked)."""
    spare: Spare | None = None
    """The spare it left, as it knew it (read with settled: the next build reads the spare
    while it validates)."""

    @property
    def trusted_before(self) -> int:
        """A file's size, time and inode, as the build found them, tell that it is unchanged
        only if its time is before this: one changed closer to the build may have kept its
        time (CLOCK_SLACK_NS)."""
        return self.started - CLOCK_SLACK_NS


@dataclass(frozen=True, slots=True)
class Saved:
    """A cache as a build saved it, for a caller that builds again in the same process (the
    preview): the next build takes the record as it is instead of reading the file again
    (at 10,000 reports, a tenth to a sixth of a rebuild after an edit), as long as the file
    is still the one saved. The record is the very one the build saved; the next build only
    reads it."""

    stat: tuple[int, int, int]
    """The file's size, modification time (ns) and inode once saved."""
    record: Record


def path_for(out: Path) -> Path:
    """`.site.cache` beside `site/`: outside what is published."""
    return out.parent / f".{out.name}.cache"


@functools.cache
def code_digest() -> str:
    """Of the reportsite code and the libraries that shape the output, as this process first
    found them: the code it runs. A `serve` left running while reportsite's files are edited
    still runs the code it loaded, and its caches must not be taken for the new code's (the
    next `build` would take pages the old code made).

    A library counts by the size, time and inode of the file its package is loaded from
    (`__init__.py`): another version installed is another file there. Its version, read
    through importlib.metadata, took every build 13 ms importing that module and the email
    parser it reads package metadata with (of 0.19 s for a build with nothing to do at 1,000
    reports). The same version installed again may be another file too: its cache is then
    ignored, never wrongly trusted."""
    h = hashlib.sha256(sys.version.encode())
    for library in _LIBRARIES:
        spec = importlib.util.find_spec(library)
        try:
            found = file_stat(Path(spec.origin)) if spec is not None and spec.origin else None
        except OSError:
            found = None
        shown = " ".join(map(str, found)) if found else "-"
        h.update(f"{library} {shown}\n".encode())
    for source in sorted(CODE.rglob("*.py")):
        h.update(source.relative_to(CODE).as_posix().encode() + b"\0" + source.read_bytes())
    return h.hexdigest()


def from_memory(file: Path, saved: Saved | None, *, code: str, content: str) -> Record | None:
    """saved's record, if file is still the one saved (its size, time and inode) and the
    record is of this code and content folder; None if not, when the file is to be read."""
    if saved is None:
        return None
    try:
        now = file_stat(file)
    except OSError:
        return None
    record = saved.record
    if now != saved.stat or record.code != code or record.content != content:
        return None
    return record


def load(file: Path, *, code: str, content: str, settled: Record | None = None) -> Record | None:
    """The record in file (and its chunks), or None if there is none that can be trusted.
    settled: what load_settled gave for the same file, whose first section is then not
    unpickled again."""
    try:
        with _open_regular(file) as stream:
            head = _section(stream)
            body = _section(stream) if head is not None else None
            if body is None or stream.read(1):
                return None
    except OSError:
        return None
    record = settled if settled is not None else _trusted(head, code, content)
    if record is None:
        return None
    folder = chunk_folder(file)
    reports: dict[str, ReportRecord] = {}
    outputs: dict[str, Output] = {}
    kept: dict[str, tuple[dict[str, Any], str]] = {}
    try:
        with _collector_paused():
            report_chunks, output_chunks, templates, settings, seen = pickle.loads(body)
            for chunks, into in ((report_chunks, reports), (output_chunks, outputs)):
                for name in chunks:
                    data = _read_regular(folder / name)
                    if hashlib.sha256(data).hexdigest() != name:
                        return None
                    chunk = pickle.loads(data)
                    into.update(chunk)
                    kept[next(iter(chunk))] = (chunk, name)
    except Exception:  # noqa: BLE001 — a chunk missing or unpicklable: a record not to trust
        return None
    if not all(isinstance(part, dict) for part in (templates, settings, seen)):
        return None
    record.reports, record.outputs, record.templates = reports, outputs, templates
    record.settings, record.seen, record.kept = settings, seen, kept
    return record


def renamed(record: ReportRecord, context: str) -> ReportRecord | None:
    """The record of a file whose name as messages show it is all that changed of what its
    problems depend on (the build run from another working folder, which names files relative
    to it): its problems and places named anew, as checking it again would, instead of checking
    10,000 reports again (41 s). None if more changed, or if a problem could hold the old name
    anywhere but in where it points (its arguments)."""
    old, _, depends = record.context.partition("\0")
    new, _, now = context.partition("\0")
    result = record.result
    checked, problems = (result, result.problems) if isinstance(result, Checked) else (None, result)
    places: Mapping[str, Location] = checked.places if checked is not None else {}
    named = [problem.location for problem in problems] + list(places.values())
    if depends != now or any(location.file != old for location in named):
        return None
    if any(old in str(problem.args) for problem in problems):
        return None
    moved = tuple(
        dataclasses.replace(p, location=dataclasses.replace(p.location, file=new)) for p in problems
    )
    if checked is None:
        return dataclasses.replace(record, context=context, result=moved)
    where = {path: dataclasses.replace(place, file=new) for path, place in places.items()}
    named_anew = dataclasses.replace(checked, problems=moved, places=where)
    return dataclasses.replace(record, context=context, result=named_anew)


def load_settled(file: Path, *, code: str, content: str) -> Record | None:
    """The record in file without its reports, outputs, templates and settings (its first
    section only, which is small), or None if there is none that can be trusted."""
    try:
        with _open_regular(file) as stream:
            return _trusted(_section(stream), code, content)
    except OSError:
        return None


def _open_regular(file: Path) -> BinaryIO:
    """file opened for reading, if it is a regular file (OSError if not): anything may stand
    in the cache's place, and a FIFO there once held a build up for ever (a link to a device
    would give it endless bytes)."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    handle = os.open(file, flags)
    if not stat.S_ISREG(os.fstat(handle).st_mode):
        os.close(handle)
        raise OSError(errno.EINVAL, "not a regular file", str(file))
    return os.fdopen(handle, "rb")


def _read_regular(file: Path) -> bytes:
    with _open_regular(file) as stream:
        return stream.read()


def _section(stream: BinaryIO) -> bytes | None:
    """The next section: a line `<sha256> <length>`, then its bytes; None if damaged."""
    if stream.tell() == 0 and stream.read(len(MAGIC)) != MAGIC:
        return None
    checksum, _, length = stream.readline(100).strip().partition(b" ")
    if not length.isdigit():
        return None
    payload = stream.read(int(length))
    if hashlib.sha256(payload).hexdigest().encode() != checksum:
        return None
    return payload


def _trusted(head: bytes | None, code: str, content: str) -> Record | None:
    try:
        record = pickle.loads(head) if head is not None else None
    except Exception:  # noqa: BLE001 — anything unpicklable is a record not to trust
        return None
    if not isinstance(record, Record) or record.code != code or record.content != content:
        return None
    return record


_SAVING = ".tmp"
"""How the file save writes before it takes file's place ends (`.site.cache.XXXXXXXX.tmp`)."""


def save(file: Path, record: Record, waiting: Path | None = None) -> Saved:
    """Write the chunks of record that the cache it replaces does not name (record.kept), and
    take in those of its parts (put_part) that wait in the folder `waiting`; then replace file
    whole, so that an interrupted save leaves the previous cache or none; then remove the
    chunks neither this cache nor the one it replaced names."""
    folder = chunk_folder(file)
    try:
        folder.mkdir()
    except FileExistsError:
        # A name of the build's own (write.is_own): anything but a folder there goes, and a
        # link is never written through.
        if folder.is_symlink() or not folder.is_dir():
            folder.unlink()
            folder.mkdir()
    # The parts this build made (put_part) are moved whole: one half-written stays in the
    # work folder, which goes with it.
    named = {name for output in record.outputs.values() for name in output.entries}
    if waiting is not None:
        for name in named:
            with contextlib.suppress(FileNotFoundError):  # one the last build made
                os.replace(waiting / name, folder / name)
    present = set(os.listdir(folder))
    # What the replaced cache names is whole (load checked it, or save wrote it): any other
    # chunk file may be what a killed save left half-written, and is written again. The
    # parts this one names are checked when read (get_part).
    whole = ({name for _, name in record.kept.values()} | named) & present
    kept: dict[str, tuple[dict[str, Any], str]] = {}
    parts: list[list[str]] = []
    with _collector_paused():
        for values in (record.reports, record.outputs):
            names = []
            for chunk in _chunks(values):
                first = next(iter(chunk))
                old = record.kept.get(first)
                if old is not None and old[1] in whole and _holds(old[0], chunk):
                    name = old[1]
                else:
                    data = pickled(chunk)
                    name = hashlib.sha256(data).hexdigest()
                    if name not in whole:
                        # Under its final name at once: no cache names it before the index
                        # that does is in place.
                        (folder / name).write_bytes(data)
                        whole.add(name)
                kept[first] = (chunk, name)
                names.append(name)
            parts.append(names)
    # As load would make it (a record kept in memory is as good as the file: Saved).
    record.kept = kept
    body = (*parts, record.templates, record.settings, record.seen)
    written = _replace(file, _head(record), _sectioned(pickled(body)))
    # The chunks the replaced cache named stay until the next save: a `check` that read its
    # index meanwhile (it takes no lock) still finds them.
    for name in present - whole:
        if _CHUNK_NAME.fullmatch(name):
            with contextlib.suppress(OSError):
                os.unlink(folder / name)
    return Saved(written, record)


def rebrief(file: Path, record: Record) -> tuple[int, int, int]:
    """Write record's brief (its first section: _head) in place of the one in file, the rest
    of file as it is; file's size, time and inode once written. Raises OSError if file cannot
    be read or written, ValueError if its first section is damaged."""
    with _open_regular(file) as stream:
        if _section(stream) is None:
            raise ValueError(f"{file}: damaged")
        rest = stream.read()
    return _replace(file, _head(record), rest)


def _head(record: Record) -> Record:
    """The first section of record's file: what load_settled reads."""
    return Record(
        record.code,
        record.content,
        record.started,
        record.settled,
        record.left,
        marked=record.marked,
        spare=record.spare,
    )


def _sectioned(payload: bytes) -> bytes:
    """A section as _section reads it."""
    return f"{hashlib.sha256(payload).hexdigest()} {len(payload)}\n".encode() + payload


def _replace(file: Path, head: Record, rest: bytes) -> tuple[int, int, int]:
    """Write file anew, head as its first section and rest after it, through a temporary file
    that then takes its place: interrupted, it leaves the previous file (remove_leftovers the
    temporary one). Its size, time and inode once written."""
    handle, temporary = tempfile.mkstemp(prefix=f"{file.name}.", suffix=_SAVING, dir=file.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(MAGIC)
            stream.write(_sectioned(pickled(head)))
            stream.write(rest)
            stream.flush()
            info = os.fstat(stream.fileno())
        os.replace(temporary, file)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return info.st_size, info.st_mtime_ns, info.st_ino


def chunk_folder(file: Path) -> Path:
    """Where the chunks of the cache in file are kept, each in a file named by its digest
    (`.site.cache.d`): a save writes the few chunks an edit changed, not all of them again
    (at 10,000 reports, 44 MB; writing them was 0.15–0.6 s of every edit)."""
    return file.with_name(f"{file.name}.d")


def put_part(folder: Path, value: object) -> str:
    """Keep value in folder, as a chunk for the cache's folder (save takes it in) that the
    cache names but does not read with the rest (Output.entries): its name, the digest of
    its bytes. folder is the build's work folder: nothing of a build that fails is kept."""
    data = pickled(value)
    name = hashlib.sha256(data).hexdigest()
    (folder / name).write_bytes(data)
    return name


def get_part(file: Path, name: str) -> object:
    """What put_part kept under name, or None if it is gone or not what was kept (or there
    is no name)."""
    if not name:
        return None
    try:
        data = _read_regular(chunk_folder(file) / name)
        if hashlib.sha256(data).hexdigest() != name:
            return None
        with _collector_paused():
            return pickle.loads(data)
    except Exception:  # noqa: BLE001 — missing or unpicklable: made again instead
        return None


_CHUNK_NAME = re.compile("[0-9a-f]{64}")


CHUNK = 64
"""About how many records, or outputs, a chunk holds (_chunks). Every build that reads the
cache opens every chunk: at 10,000 reports, 16 a chunk made 1,340 files, and reading them
took 0.017 s more than the 340 of 64 a chunk (0.145–0.150 s against 0.162–0.170 s). A save
after an edit pickles the chunks it changed (one of an edited report's record, 250 KB), and
took as long with either (0.043–0.046 s)."""


def _chunks(values: Mapping[str, Any]) -> Iterator[dict[str, Any]]:
    """values in chunks, by name: each ends after a name whose checksum CHUNK divides, so that
    adding or removing a name changes its own chunk alone. An edit at 10,000 reports changes
    a few of 21,000 records and outputs: every save pickled all the outputs again (0.1 s; the
    records were kept as bytes one by one, and each, loaded, looked up its classes anew)."""
    chunk: dict[str, Any] = {}
    for name in sorted(values):
        chunk[name] = values[name]
        if zlib.crc32(name.encode()) % CHUNK == 0:
            yield chunk
            chunk = {}
    if chunk:
        yield chunk


def _holds(old: Mapping[str, Any], chunk: Mapping[str, Any]) -> bool:
    """Whether a chunk as loaded or saved (old) holds the very values of chunk."""
    return old.keys() == chunk.keys() and all(old[name] is v for name, v in chunk.items())


def remove_leftovers(file: Path) -> None:
    """Remove what a save killed halfway (`kill -9`) left beside file: the temporary files save
    makes (5 MB each at 10,000 reports), known by their name and by holding a cache's first
    bytes or nothing yet. Anything else of such a name is not this program's to remove. (The
    chunks it wrote before, which no cache names, the next save removes.) Call it with the
    output folder's lock held, when no other build of it can be saving."""
    for entry in os.scandir(file.parent):
        if not (entry.name.startswith(f"{file.name}.") and entry.name.endswith(_SAVING)):
            continue
        with contextlib.suppress(OSError):
            if entry.is_file(follow_symlinks=False):
                with open(entry.path, "rb") as stream:
                    begins = stream.read(len(MAGIC))
                if MAGIC.startswith(begins):
                    os.unlink(entry.path)


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """Python's cycle collector off while a million small objects are made: it would go over
    all of them again and again as they pile up (at 10,000 reports, more than half the time
    of loading the cache), and pickles make no cycles for it to find. Made, they are frozen
    out of its sight for the rest of the build (pipeline.build lets go at its end): left
    young, its next passes would go over every one of them in whatever the build does next."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if enabled:
            gc.enable()


def pickled(value: object) -> bytes:
    """value pickled as this module's records are: its dataclasses rebuilt by a function made
    for each (_Pickler), several times quicker to load than by default."""
    buffer = io.BytesIO()
    _Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL).dump(value)
    return buffer.getvalue()


class _Pickler(pickle.Pickler):
    """Pickles a frozen dataclass with slots as a call of a function made for its class
    (_builder) with its field values. By default its state is restored by a function that
    looks up the class's fields again for every object (dataclasses._dataclass_setstate):
    with hundreds of thousands of small objects (10,000 reports' outlines and problems) that
    took most of the time a build spent reading the cache, and any general function that
    sets the fields one by one in a loop still takes twice as long as one written for the
    class. The function itself is pickled as the class it is for, once per pickle."""

    def reducer_override(self, obj: object) -> Any:  # a reduction or NotImplemented
        kind = type(obj)
        reduce = _REDUCTIONS.get(kind)
        if reduce is None:
            reduce = _REDUCTIONS[kind] = _reduction(kind)
        return reduce(obj)


def _reduction(kind: type) -> Callable[[Any], Any]:
    """How _Pickler reduces an object of a type, worked out once for the type: it is asked
    of every object pickled but strings, numbers and plain containers (some two hundred a
    report, whose outline, record and whole report are pickled as it is checked), and
    working it out for each object took two thirds of pickling an outline."""
    if kind is Deferred:
        fields = operator.attrgetter(
            "series", "year", "data", "listed", "published", "digest", "listed_digest"
        )
        return lambda obj: (_deferred, fields(obj))
    if kind is type(UNKEPT_FILE):
        # The very object again when loaded; any other path as pickle has it.
        return lambda obj: (_unkept_file, ()) if obj is UNKEPT_FILE else NotImplemented
    if kind is FunctionType:
        return lambda obj: (_builder, (_BUILT_BY[obj],)) if obj in _BUILT_BY else NotImplemented
    names = _fields(kind)
    if names is None:
        return lambda obj: NotImplemented
    build = _builder(kind)
    if not names:
        return lambda obj: (build, ())
    values = operator.attrgetter(*names)
    if kind is Checked:

        def checked(obj: Checked) -> tuple[Callable[..., Any], tuple[object, ...]]:
            kept = list(values(obj))
            kept[_FILE_AT] = UNKEPT_FILE
            kept[_PLACES_AT] = Places.of(obj.places)
            return build, tuple(kept)

        return checked
    if len(names) == 1:  # attrgetter of one name gives the value itself
        return lambda obj: (build, (values(obj),))
    return lambda obj: (build, values(obj))


_REDUCTIONS: dict[type, Callable[[Any], Any]] = {}


def _fields(kind: type) -> tuple[str, ...] | None:
    """The fields of a dataclass with slots (no __dict__ to restore), or None."""
    if kind not in _FIELDS:
        slots = dataclasses.is_dataclass(kind) and "__slots__" in vars(kind)
        _FIELDS[kind] = tuple(f.name for f in dataclasses.fields(kind)) if slots else None
    return _FIELDS[kind]


def _builder(kind: type) -> Callable[..., Any]:
    """A function that makes an object of a dataclass with slots from its field values, as
    its __init__ would but without defaults or checks: `new(kind)`, then each field set
    through its slot's own setter (which bypasses a frozen class's __setattr__, as dataclasses
    does in __init__, and is quicker than object.__setattr__, which looks the slot up)."""
    if kind not in _BUILDERS:
        names = _fields(kind)
        if names is None:
            raise pickle.UnpicklingError(f"not a dataclass with slots: {kind!r}")
        scope: dict[str, Any] = {"new": object.__new__, "put": object.__setattr__, "kind": kind}
        lines = ["    made = new(kind)"]
        for number, name in enumerate(names):
            slot = next((vars(k)[name] for k in kind.__mro__ if name in vars(k)), None)
            if isinstance(slot, MemberDescriptorType):
                scope[f"set{number}"] = slot.__set__
                lines.append(f"    set{number}(made, v{number})")
            else:  # a field that is no slot: a base class without slots keeps it in __dict__
                lines.append(f"    put(made, {name!r}, v{number})")
        values = ", ".join(f"v{number}" for number in range(len(names)))
        source = "\n".join([f"def build({values}):", *lines, "    return made"])
        exec(source, scope)  # noqa: S102 — the source is made from field names
        _BUILDERS[kind] = scope["build"]
        _BUILT_BY[scope["build"]] = kind
    return _BUILDERS[kind]


_FIELDS: dict[type, tuple[str, ...] | None] = {}
_BUILDERS: dict[type, Callable[..., Any]] = {}
_BUILT_BY: dict[object, type] = {}


def file_stat(path: Path) -> tuple[int, int, int]:
    info = path.stat()
    return info.st_size, info.st_mtime_ns, info.st_ino


def file_digest(path: Path) -> str:
    with path.open("rb") as file:
        return hashlib.file_digest(file, "sha256").hexdigest()


Found = dict[str, int]
"""The files of a site the last build left (Record.left), each by its path in it: its inode, or -1
where it is no longer a regular file of the size and time that build wrote it with."""


def look_up(site: str, left: Files) -> array.array[int]:
    """Each file of left in site: its inode if it is as left, -1 if not (gone, no longer a
    regular file, or of another size or time), one after the other (Found, by left's names).
    Looked up by name, the files the last build left are found without reading the site's
    folders, which took more of the time than looking at each file (at 10,000 reports, 0.44 s
    instead of 0.78); compared here, on the other core, and handed back as numbers, they cost
    the build nothing but putting them by name (a dictionary of their sizes, times and inodes
    took 0.06 s of every edit at 10,000 reports to make, and the names 0.02 s to send). A build
    with nothing to do asks whether every one is as left (-1 in none), and holds_only whether
    the site holds nothing else."""
    looked = array.array("q")
    prefix = os.path.join(site, "")  # joined by hand: os.path.join took a seventh of the time
    sizes = iter(left.sizes)
    for name, size, mtime in zip(left.names(), sizes, sizes, strict=True):
        try:
            info = os.stat(prefix + name, follow_symlinks=False)
        except OSError:  # gone, or a folder on its way is: not there to take
            looked.append(-1)
            continue
        as_left = info.st_size == size and info.st_mtime_ns == mtime
        looked.append(info.st_ino if as_left and stat.S_ISREG(info.st_mode) else -1)
    return looked


def inodes(found: Found, names: Iterable[str]) -> list[int] | None:
    """The inode of each file, if every one is still in the site as it was written (nobody
    edited the output); None if not."""
    result = [found.get(name, -1) for name in names]
    return None if -1 in result else result


def listing(folder: Path, out: Path) -> tuple[Entry, ...] | None:
    """Every entry under folder, in a fixed order, with its mode, size, time and inode; None
    if one is a symbolic link (what it points to could change while it stays the same). The
    output folder, if it is inside, is left out, and so is what builds keep beside it (this
    cache, the lock, the spare): every build changes them, and they are no content."""
    built = _built_in(folder, out)
    entries: list[Entry] = []
    pending = [("", str(folder))]
    try:
        while pending:
            prefix, path = pending.pop()
            with os.scandir(path) as found:
                for entry in sorted(found, key=lambda e: e.name):
                    if built(prefix, entry.name):
                        continue
                    info = entry.stat(follow_symlinks=False)
                    if stat.S_ISLNK(info.st_mode):
                        return None
                    name = prefix + entry.name
                    if stat.S_ISDIR(info.st_mode):
                        entries.append((name, info.st_mode, 0, 0, 0))
                        pending.append((name + "/", entry.path))
                    else:
                        size, mtime, inode = info.st_size, info.st_mtime_ns, info.st_ino
                        entries.append((name, info.st_mode, size, mtime, inode))
    except OSError:  # unreadable: validation will say what, and nothing is proved
        return None
    return tuple(entries)


def _built_in(folder: Path, out: Path) -> Callable[[str, str], bool]:
    """Whether an entry of folder's listing (the prefix of names in its folder, its name) is
    the output folder or one of what a build keeps beside it (`.site.…`)."""
    real_out, real_folder = real_path(out), real_path(folder)
    if real_out is None or real_folder is None or not real_out.is_relative_to(real_folder):
        return lambda prefix, name: False  # outside, or a loop: nothing in folder is
    inside = real_out.relative_to(real_folder)
    where = "" if inside.parent == PurePath(".") else f"{inside.parent.as_posix()}/"
    return lambda prefix, name: prefix == where and is_own(inside.name, name)


def holds_only(site: Path, names: set[str]) -> bool:
    """Whether site holds a regular file of each of these names and nothing else: no other
    file, no link, no empty folder (a build makes folders only for files). Read from its
    folders' listings alone: whether each file is as written, look_up tells."""
    seen = 0
    pending = [("", str(site))]
    try:
        while pending:
            prefix, path = pending.pop()
            empty = True
            with os.scandir(path) as found:
                for entry in found:
                    empty = False
                    if entry.is_dir(follow_symlinks=False):
                        pending.append((f"{prefix}{entry.name}/", entry.path))
                    elif entry.is_file(follow_symlinks=False) and prefix + entry.name in names:
                        seen += 1
                    else:
                        return False
            if empty:
                return False
    except OSError:
        return False
    return seen == len(names)


def key(*parts: str | Iterable[str]) -> str:
    """A digest of strings, in order."""
    h = hashlib.sha256()
    for part in parts:
        for text in [part] if isinstance(part, str) else part:
            h.update(text.encode())
            h.update(b"\0")
    return h.hexdigest()


def digest_tree(folder: Path) -> str:
    """Of every file in folder, names and bytes."""
    h = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            h.update(path.relative_to(folder).as_posix().encode() + b"\0")
            h.update(hashlib.sha256(path.read_bytes()).digest())
    return h.hexdigest()
