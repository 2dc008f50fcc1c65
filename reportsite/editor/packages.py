"""Office files — Word's .docx, a spreadsheet's .xlsx — are zip packages. Each is looked over
before a library unpacks it, so that a zip bomb is refused before anything is unpacked."""

from __future__ import annotations

import zipfile
from collections.abc import Sequence
from typing import Final

MAX_RATIO: Final = 200
"""Unpacked to packed size of one member: XML packs about 10:1; a bomb packs 1000:1."""
MAX_MEMBERS: Final = 5000


def too_large(members: Sequence[zipfile.ZipInfo], limit: int) -> str | None:
    """What makes the package too large to unpack (bomb's answer, or how many members there
    are when together they are over `limit` bytes), or None."""
    found = bomb(members)
    if found is None and sum(member.file_size for member in members) > limit:
        found = f"{len(members)} members"
    return found


def bomb(members: Sequence[zipfile.ZipInfo]) -> str | None:
    """What makes the package a zip bomb (a member's name, or how many there are), or None.
    The sizes are those the package declares: unpacking stops at them (zipfile checks)."""
    if len(members) > MAX_MEMBERS:
        return f"{len(members)} members"
    for member in members:
        ratio = member.file_size / max(member.compress_size, 1)
        if member.file_size > 1_000_000 and ratio > MAX_RATIO:
            return member.filename
    return None
