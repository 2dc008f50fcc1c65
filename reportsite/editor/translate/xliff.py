"""XLIFF 2.0, the exchange format CAT tools (Trados, memoQ, OmegaT) open: one <file> a report,
one <unit> a text, its notes (what the field is, the glossary terms, a translation memory
match), one <segment> that the tool must not split (canResegment="no").

Segment states: initial without a target (to translate); initial with a target and the
subState reportsite:memory (pre-filled from the translation memory, to confirm); translated
(the text already had a translation, exported with --all).
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, fields
from typing import BinaryIO, cast
from xml.sax.saxutils import quoteattr

from ...problems import ContentError, Location, Problem
from .units import Returned, Unit, term_note

NS = "urn:oasis:names:tc:xliff:document:2.0"
_NAMESPACES = (NS, "urn:oasis:names:tc:xliff:document:2.2")
MEMORY = "reportsite:memory"
_NOT_NAME = re.compile(r"[^\w.\-]")
_INDEX = re.compile(r"\.([0-9]+)(?=\.|$)")


def nmtoken(path: str) -> str:
    """An XML name token for a YAML path (ids in XLIFF may not hold [ ] or /)."""
    return _NOT_NAME.sub("_", path.replace("[", ".").replace("]", ""))


def path_of(token: str) -> str:
    """The YAML path back from a unit id, for a tool that dropped the unit's name."""
    return _INDEX.sub(r"[\1]", token)


def write_files(files: Iterable[bytes], source_lang: str, target_lang: str, out: BinaryIO) -> None:
    """The <file>s, each as file_xml makes it of a report's units, as XLIFF into out, a
    report's <file> at a time: the tree of 1,000 reports' texts took 440 MB beside the 82 MB
    it came to. Its elements are written unqualified, in the namespace the root declares as
    the default."""
    out.write(
        f'<?xml version="1.0" encoding="UTF-8"?>\n<xliff xmlns="{NS}" version="2.0" '
        f"srcLang={quoteattr(source_lang)} trgLang={quoteattr(target_lang)} "
        f'xml:space="preserve">\n'.encode()
    )
    for made in files:
        out.write(made)
    out.write(b"</xliff>\n")


def file_xml(name: str, units: Iterable[Unit]) -> bytes:
    """The <file> of a report file's units, as write_files writes it."""
    attributes = {"id": nmtoken(name), "original": name, "canResegment": "no"}
    element = ET.Element("file", attributes)
    for unit in units:
        _unit(element, unit)
    ET.indent(element, space="  ", level=1)
    return f"  {ET.tostring(element, encoding='unicode')}\n".encode()


def _unit(file: ET.Element, unit: Unit) -> None:
    element = ET.SubElement(file, "unit", {"id": nmtoken(unit.path), "name": unit.path})
    notes = [("description", unit.description)] if unit.description else []
    notes += [("glossary", term_note(term)) for term in unit.terms]
    if unit.memory:
        notes.append(("memory", f"翻译记忆 / translation memory: {unit.memory}"))
    if notes:
        holder = ET.SubElement(element, "notes")
        for category, text in notes:
            ET.SubElement(holder, "note", {"category": category}).text = text
    state = {"state": "initial"}
    if unit.memory:
        state["subState"] = MEMORY
    elif unit.target is not None:
        state["state"] = "translated"
    segment = ET.SubElement(element, "segment", state)
    ET.SubElement(segment, "source").text = unit.source
    if unit.target is not None:
        ET.SubElement(segment, "target").text = unit.target


def read(source: BinaryIO, name: str, target_lang: str) -> Iterator[Returned | Problem]:
    """The units that carry a translation, each once it is whole, and the problems of parts of
    the file; ContentError for a file refused whole. The file is read and parsed a piece at a
    time, each unit let go once read, and each <file>: the tree of 1,000 reports' texts took
    440 MB, and the bytes of 10,000 reports' 820 MB."""
    whole = Location(name)
    tags: _Tags | None = None
    file: ET.Element | None = None  # the last <file> begun
    original: str | None = None  # the report file it names
    unit: tuple[ET.Element, str] | None = None  # the last unit begun in a <file> that names one
    try:
        for element in _starts(source):
            if tags is None:
                wrong = _not_for(element, whole, target_lang)
                if wrong is not None:
                    raise ContentError([wrong])
                tags = _Tags.of(element.tag[1:].partition("}")[0])
                continue
            if element.tag != tags.unit and element.tag != tags.file:
                continue
            # The unit begun before is whole: a unit holds no unit and no <file>.
            if unit is not None:
                yield from _returned(*unit, tags, whole)
                unit = None
            if element.tag == tags.unit:
                unit = (element, original) if original else None
                continue
            if file is not None:
                file.clear()
            file, original = element, element.get("original")
            if not original:
                yield _problem(whole, "translate-no-original", file=element.get("id", "?"))
        if unit is not None and tags is not None:
            yield from _returned(*unit, tags, whole)
    except _Declared:
        raise ContentError([_problem(whole, "translate-doctype")]) from None
    except ET.ParseError as error:
        line, column = error.position
        location = Location(name, line, column + 1)
        problem = _problem(location, "translate-unreadable", detail=str(error))
        raise ContentError([problem]) from None


class _Declared(Exception):
    """The file declares a document type or an entity."""


def _starts(source: BinaryIO) -> Iterator[ET.Element]:
    """Each element as the parser begins it, the file read a piece at a time. A unit is whole
    once the next unit or <file> begins or the parser is closed: asking for the starts of
    elements alone, not their ends as well, takes a fifth off the reading. Each piece is
    looked over before it is parsed: XLIFF has no document type, and a declared entity is the
    way of XML bombs (_Declared)."""
    parser: ET.XMLPullParser[ET.Element] = ET.XMLPullParser(events=("start",))
    # Asked for starts alone, the parser gives an element with each.
    events = cast(Callable[[], Iterator[tuple[str, ET.Element]]], parser.read_events)
    end = b""  # the last bytes of the piece before: a mark may straddle two pieces
    while piece := source.read(1 << 20):
        looked = end + piece
        if b"<!DOCTYPE" in looked or b"<!ENTITY" in looked:
            raise _Declared
        end = piece[-8:]
        parser.feed(piece)
        for _, element in events():
            yield element
    parser.close()
    for _, element in events():
        yield element


@dataclass(frozen=True, slots=True)
class _Tags:
    """The names of the elements read, in the namespace of the file's root."""

    file: str
    unit: str
    segment: str
    ignorable: str
    source: str
    target: str

    @classmethod
    def of(cls, namespace: str) -> _Tags:
        return cls(*(f"{{{namespace}}}{field.name}" for field in fields(cls)))


def _not_for(root: ET.Element, whole: Location, target_lang: str) -> Problem | None:
    """Why a file whose root element is this is not XLIFF 2 into the target language."""
    namespace = root.tag[1:].partition("}")[0] if root.tag.startswith("{") else ""
    if namespace not in _NAMESPACES or not root.get("version", "").startswith("2."):
        return _problem(whole, "translate-not-xliff")
    language = root.get("trgLang", "")
    if language.split("-")[0].lower() != target_lang.split("-")[0].lower():
        return _problem(whole, "translate-language", got=language or "—", expected=target_lang)
    return None


def _returned(unit: ET.Element, original: str, tags: _Tags, whole: Location) -> Iterator[Returned]:
    """The unit as returned, if it carries a translation; the unit let go."""
    path = unit.get("name") or path_of(unit.get("id", ""))
    source, target = [], []
    for part in unit:
        if part.tag == tags.segment or part.tag == tags.ignorable:
            original_text = _text(part.find(tags.source)) or ""
            translated = _text(part.find(tags.target))
            if translated is None and part.tag == tags.ignorable:
                translated = original_text  # whitespace between segments
            source.append(original_text)
            target.append(translated or "")
    unit.clear()
    if "".join(target).strip():
        yield Returned(original, path, "".join(source), "".join(target), whole)


def _text(element: ET.Element | None) -> str | None:
    return None if element is None else "".join(element.itertext())


def _problem(location: Location, code: str, **args: object) -> Problem:
    return Problem(location=location, code=code, args=args)
