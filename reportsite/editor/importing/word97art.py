"""The WordArt of a Word 97–2003 file (.doc): its text is in no story of the document but in
its drawing's shape properties ([MS-ODRAW] gtextUNICODE), which the table stream holds
(OfficeArtContent, at fcDggInfo). The 发文机关标志 of many a red-header template is a WordArt,
and it was lost. Read as records (a header: version and instance, type, length; a container's
records inside it), each shape's id (OfficeArtFSP) with its properties (OfficeArtFOPT), as far
as they can be read."""

from __future__ import annotations

import struct
from collections.abc import Iterator
from typing import Final

_SHAPE: Final = 0xF004
"""OfficeArtSpContainer: one shape's records."""
_SHAPE_ID: Final = 0xF00A
_PROPERTIES: Final = (0xF00B, 0xF121, 0xF122)
"""OfficeArtFSP (its id first), and the primary, secondary and tertiary OfficeArtFOPT."""
_TEXT: Final = 0x00C0
"""gtextUNICODE: the WordArt's text, a complex property (its bytes after the table)."""
_DEPTH: Final = 16
"""Drawings nest groups in groups: deeper than this is a crafted file."""


def wordart(content: bytes) -> dict[int, str]:
    """Each WordArt's text by its shape's id."""
    found: dict[int, str] = {}
    for body in _records(content, 0, len(content), _SHAPE, 0):
        shape: int | None = None
        text = ""
        for kind, instance, start, end in _children(body, 0, len(body)):
            if kind == _SHAPE_ID and end - start >= 4:
                (shape,) = struct.unpack_from("<I", body, start)
            elif kind in _PROPERTIES:
                text = text or _text(body[start:end], instance)
        if shape is not None and text.strip():
            found[shape] = text
    return found


def _records(data: bytes, start: int, end: int, kind: int, depth: int) -> Iterator[bytes]:
    """The bodies of the records of type `kind` in data[start:end], containers looked into."""
    if depth > _DEPTH:
        return
    for found, _, first, last in _children(data, start, end):
        if found == kind:
            yield data[first:last]
        elif data[first - 8] & 0x0F == 0x0F:  # a container
            yield from _records(data, first, last, kind, depth + 1)


def _children(data: bytes, start: int, end: int) -> Iterator[tuple[int, int, int, int]]:
    """Each record in data[start:end]: its type, its instance and its body's bounds."""
    at = start
    while at + 8 <= end:
        version_instance, kind, length = struct.unpack_from("<HHI", data, at)
        # Each drawing of a .doc is led by a byte of its own (dgglbl, whether the main
        # document's or the headers'): a record's type is 0xF000 and up.
        if kind < 0xF000:
            at += 1
            continue
        body = at + 8
        if body + length > end:
            return
        yield kind, version_instance >> 4, body, body + length
        at = body + length


def _text(properties: bytes, count: int) -> str:
    """gtextUNICODE of a properties record of `count` properties (6 bytes each: id with its
    flags, value; a complex property's value its size, its bytes after the table in order)."""
    complex_at = 6 * count
    for index in range(count):
        if 6 * index + 6 > len(properties):
            return ""
        identifier, value = struct.unpack_from("<HI", properties, 6 * index)
        if identifier & 0x8000:  # fComplex
            if identifier & 0x3FFF == _TEXT:
                data = properties[complex_at : complex_at + value]
                return data.decode("utf-16-le", errors="replace").split("\0")[0]
            complex_at += value
    return ""
