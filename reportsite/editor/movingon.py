"""Numbers moved on by some years: the year in a title or heading, and the session of the
congress a report is delivered at (第五次会议 → 第六次会议, Fifth Session → Sixth Session).

The term of the congress (五届, Fifth People's Congress) is left alone: it changes once in
five years, on a date no report records.
"""

from __future__ import annotations

import re

from ..formatting import chinese_number

_DIGITS = "零一二三四五六七八九"
_SESSION_ZH = re.compile(r"([一二三四五六七八九十]+|[0-9]+)(?=次会议)")
_YEAR = re.compile(r"(?<![0-9])[0-9]{4}(?![0-9])")
_UNITS = "first second third fourth fifth sixth seventh eighth ninth".split()
_TEENS = (
    "tenth eleventh twelfth thirteenth fourteenth fifteenth sixteenth seventeenth eighteenth "
    "nineteenth"
).split()
_TENS = "twenty thirty forty fifty sixty seventy eighty ninety".split()
_TENS_ORDINAL = [tens[:-1] + "ieth" for tens in _TENS]
_ORDINAL_EN = re.compile(r"\b([A-Za-z]+(?:-[A-Za-z]+)?|[0-9]+(?:st|nd|rd|th))(?=\s+[Ss]ession\b)")


def read_chinese_number(text: str) -> int:
    if "十" not in text:
        return _DIGITS.index(text)
    head, _, tail = text.partition("十")
    return (_DIGITS.index(head) if head else 1) * 10 + (_DIGITS.index(tail) if tail else 0)


def ordinal_word(value: int) -> str:
    """1 → first, 21 → twenty-first (1 to 99)."""
    if value < 10:
        return _UNITS[value - 1]
    if value < 20:
        return _TEENS[value - 10]
    tens, units = divmod(value, 10)
    return _TENS_ORDINAL[tens - 2] if not units else f"{_TENS[tens - 2]}-{_UNITS[units - 1]}"


_ORDINALS = {ordinal_word(n): n for n in range(1, 100)}


def _ordinal_suffix(value: int) -> str:
    if value % 100 in (11, 12, 13):
        return "th"
    return {1: "st", 2: "nd", 3: "rd"}.get(value % 10, "th")


def _same_case(word: str, like: str) -> str:
    if like.isupper():
        return word.upper()
    if like[:1].isupper():
        parts = word.split("-")
        capitalised = all(p[:1].isupper() for p in like.split("-"))
        return "-".join(p.capitalize() if capitalised or i == 0 else p for i, p in enumerate(parts))
    return word


def move_on(text: str, years: int, *, first_year: int) -> str:
    """The text with the years first_year and first_year + 1 and the session moved on by
    `years`; any other number (1949, 75周年) is left as written."""

    def year(match: re.Match[str]) -> str:
        value = int(match.group())
        return str(value + years) if value in (first_year, first_year + 1) else match.group()

    def session_zh(match: re.Match[str]) -> str:
        written = match.group(1)
        if written.isdigit():
            return str(int(written) + years)
        value = read_chinese_number(written) + years
        return chinese_number(value) if 0 < value < 100 else written

    def session_en(match: re.Match[str]) -> str:
        written = match.group(1)
        if written[0].isdigit():
            value = int(written[:-2]) + years
            return f"{value}{_ordinal_suffix(value)}"
        number = _ORDINALS.get(written.lower())
        if number is None or not 0 < number + years < 100:
            return written
        return _same_case(ordinal_word(number + years), written)

    text = _YEAR.sub(year, text)
    text = _SESSION_ZH.sub(session_zh, text)
    return _ORDINAL_EN.sub(session_en, text)
