"""Word's automatic numbering: the number a paragraph shows before its text, which is no text
of the paragraph (it is kept in numbering.xml and counted as the document is laid out). A
report whose 一、 parts and （一） sections Word numbers itself — a multilevel list of a template,
a heading style linked to one — was imported without them, so its headings went unrecognised.

Counted as Word counts ([ISO/IEC 29500-1] 17.9): a list is an abstract numbering, whatever
w:num instances name it, so numbering goes on across them unless an instance overrides a
level's start; a level starts again when a level above it is used (or as its w:lvlRestart
says), and a level skipped over (a 1. under 一、 with no （一） between) counts as shown once;
a paragraph's numbering is its own w:numPr, or its style's (through w:basedOn). A bullet
shows no number and is left out. Checked against LibreOffice, which counts as Word does. A
.docx's lists and Word 2003 XML's (the same model, its elements named otherwise: Dialect) are
read here; a .doc's are read by word97lists.py into the same Numbering."""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from dataclasses import dataclass, field
from typing import Any, Final, TypeVar

Style = TypeVar("Style", bound=Hashable)
"""A style's name in the XML, or its number in a .doc's style sheet."""
Instance = TypeVar("Instance")

_LEVELS: Final = 9
_LONGEST: Final = 255
"""The longest text a level's number may have (Word's own are a few characters): a file
whose levels say more is no document's, and each of its paragraphs would carry it."""
_DIGITS: Final = "〇一二三四五六七八九"
_LEGAL: Final = "零壹贰叁肆伍陆柒捌玖"
_LEGAL_TRADITIONAL: Final = "零壹貳參肆伍陸柒捌玖"
_STEMS: Final = "甲乙丙丁戊己庚辛壬癸"
_BRANCHES: Final = "子丑寅卯辰巳午未申酉戌亥"
_CIRCLED: Final = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
_ROMAN: Final = (
    (1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
    (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"),
)  # fmt: skip
_SUFFIXES: Final = {"tab": " ", "space": " ", "nothing": ""}
"""What follows the number (w:suff): a tab, as a line's text shows it, is a space."""
NFC_FORMATS: Final = (
    "decimal upperRoman lowerRoman upperLetter lowerLetter ordinal cardinalText ordinalText hex "
    "chicago ideographDigital japaneseCounting aiueo iroha decimalFullWidth decimalHalfWidth "
    "japaneseLegal japaneseDigitalTenThousand decimalEnclosedCircle decimalFullWidth2 "
    "aiueoFullWidth irohaFullWidth decimalZero bullet ganada chosung decimalEnclosedFullstop "
    "decimalEnclosedParen decimalEnclosedCircleChinese ideographEnclosedCircle "
    "ideographTraditional ideographZodiac ideographZodiacTraditional taiwaneseCounting "
    "ideographLegalTraditional taiwaneseCountingThousand taiwaneseDigital chineseCounting "
    "chineseLegalSimplified chineseCountingThousand"
).split()
"""A level's number format by its number, as a .doc and Word 2003 XML give it ([MS-OSHARED]
MSONFC, in ST_NumberFormat's order); 255 is none."""


@dataclass(frozen=True, slots=True)
class Dialect:
    """How a kind of Word XML names the lists: their elements and the attributes of their ids."""

    namespace: str
    list: str
    list_id: str
    instance: str
    instance_id: str
    source: str
    """The element of an instance that names its list."""
    numbered: str
    """The element of a paragraph's (or a style's) properties that names its instance."""
    format: str
    """The element of a level that gives its format: by name (numFmt) or number (nfc)."""


OOXML: Final = Dialect(
    "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}",
    "abstractNum", "abstractNumId", "num", "numId", "abstractNumId", "numPr", "numFmt",
)  # fmt: skip
WORDML: Final = Dialect(
    "{http://schemas.microsoft.com/office/word/2003/wordml}",
    "listDef", "listDefId", "list", "ilfo", "ilst", "listPr", "nfc",
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class Level:
    """A level of a list: its first number, the format of its numbers, its text ("%1、", each
    %N the number of level N), and what follows the text."""

    start: int = 1
    format: str = "decimal"
    text: str = ""
    restart: int | None = None
    """The (one-based) level whose use starts this one again; None: any level above it."""
    legal: bool = False
    """Every number in the text written in digits (w:isLgl)."""
    suffix: str = " "


@dataclass(slots=True)
class Numbering:
    """A document's lists, and how far each has counted."""

    lists: dict[str, dict[int, Level]] = field(default_factory=dict)
    """Each abstract numbering's levels."""
    instances: dict[str, tuple[str, dict[int, Level], dict[int, int]]] = field(default_factory=dict)
    """Each w:num: its abstract numbering, the levels it defines anew, the starts it sets."""
    styles: dict[str, tuple[str, int]] = field(default_factory=dict)
    """The numbering (w:num, level) each paragraph style gives."""
    counts: dict[str, list[int | None]] = field(default_factory=dict)
    started: set[str] = field(default_factory=set)
    """The w:num instances whose start overrides have been applied."""
    dialect: Dialect = OOXML

    @classmethod
    def of(cls, numbering: Any, styles: Any, dialect: Dialect = OOXML) -> Numbering:
        """From the elements that hold the lists (a .docx's numbering part, Word 2003 XML's
        w:lists) and the styles, in that kind of XML (either may be None)."""
        w = dialect.namespace
        found = cls(dialect=dialect)
        if numbering is not None:
            for abstract in numbering.iterchildren(f"{w}{dialect.list}"):
                found.lists[_val(abstract, dialect.list_id, w)] = _levels(abstract, dialect)
            for instance in numbering.iterchildren(f"{w}{dialect.instance}"):
                source = instance.find(f"{w}{dialect.source}")
                levels: dict[int, Level] = {}
                starts: dict[int, int] = {}
                for override in instance.iterchildren(f"{w}lvlOverride"):
                    level = _int(_val(override, "ilvl", w), 0)
                    start = override.find(f"{w}startOverride")
                    if start is not None:
                        starts[level] = _int(_val(start, "val", w), 1)
                    redefined = override.find(f"{w}lvl")
                    if redefined is not None:
                        levels[level] = _level(redefined, dialect)
                abstract_id = _val(source, "val", w) if source is not None else ""
                found.instances[_val(instance, dialect.instance_id, w)] = (
                    abstract_id,
                    levels,
                    starts,
                )
        if styles is not None:
            found.styles = _style_numbering(styles, dialect)
        return found

    def label(self, paragraph: Any) -> str:
        """The number the paragraph (a w:p element) shows, with what follows it; "" if none.
        Counts it: call once for each paragraph, in document order."""
        return self.shown(*self._numbered(paragraph))

    def shown(self, number_id: str | None, level: int) -> str:
        """The number a paragraph of this list instance and level shows, with what follows
        it; "" if none. Counts it."""
        instance = self.instances.get(number_id) if number_id is not None else None
        if number_id is None or instance is None or not 0 <= level < _LEVELS:
            return ""
        abstract_id, redefined, starts = instance
        levels = {**self.lists.get(abstract_id, {}), **redefined}
        counts = self.counts.setdefault(abstract_id, [None] * _LEVELS)
        if number_id not in self.started:
            self.started.add(number_id)
            for at, start in starts.items():
                if 0 <= at < _LEVELS:
                    counts[at] = start - 1
        for above in range(level):  # a level skipped over counts as shown, as Word has it
            if counts[above] is None:
                counts[above] = levels.get(above, Level()).start
        own = levels.get(level, Level())
        current = counts[level]
        counts[level] = own.start if current is None else current + 1
        for deeper in range(level + 1, _LEVELS):
            restart = levels.get(deeper, Level()).restart
            if restart is None or level + 1 <= restart:
                counts[deeper] = None
        if own.format in ("bullet", "none") or not own.text or len(own.text) > _LONGEST:
            return ""
        shown = own.text
        for at in range(_LEVELS):
            if f"%{at + 1}" in shown:
                that = levels.get(at, Level())
                count = counts[at] if counts[at] is not None else that.start
                written = _format(count or 0, "decimal" if own.legal else that.format)
                shown = shown.replace(f"%{at + 1}", written)
        return shown + own.suffix

    def _numbered(self, paragraph: Any) -> tuple[str | None, int]:
        w = self.dialect.namespace
        properties = paragraph.find(f"{w}pPr")
        numbered = (
            properties.find(f"{w}{self.dialect.numbered}") if properties is not None else None
        )
        style = properties.find(f"{w}pStyle") if properties is not None else None
        named = _val(style, "val", w) if style is not None else ""
        number_id, level = self.styles.get(named, (None, 0))
        if numbered is not None:
            own_id, own_level = _given(numbered, self.dialect)
            number_id = own_id if own_id is not None else number_id
            level = own_level if own_level is not None else level
        # numId 0 takes away the numbering a style gives.
        return (None if number_id in (None, "0") else number_id), level


def _levels(abstract: Any, dialect: Dialect) -> dict[int, Level]:
    w = dialect.namespace
    return {
        _int(_val(level, "ilvl", w), 0): _level(level, dialect)
        for level in abstract.iterchildren(f"{w}lvl")
    }


def _level(level: Any, dialect: Dialect) -> Level:
    w = dialect.namespace

    def value(name: str) -> str | None:
        element = level.find(f"{w}{name}")
        return None if element is None else _val(element, "val", w)

    restart = value("lvlRestart")
    legal = level.find(f"{w}isLgl")
    kind = value(dialect.format) or "decimal"
    if kind.isdigit():  # a number's format by its number (nfc)
        number = _int(kind, len(NFC_FORMATS))
        kind = NFC_FORMATS[number] if number < len(NFC_FORMATS) else "none"
    return Level(
        start=_int(value("start"), 1),
        format=kind,
        text=value("lvlText") or "",
        restart=None if restart is None else _int(restart, 0),
        legal=legal is not None and _val(legal, "val", w) not in ("0", "false", "off"),
        suffix=_SUFFIXES.get((value("suff") or "tab").lower(), " "),
    )


def _style_numbering(styles: Any, dialect: Dialect) -> dict[str, tuple[str, int]]:
    """Each paragraph style's numbering, its own or that of the style it is based on (a
    chain followed as far as it goes without coming back on itself)."""
    w = dialect.namespace
    own = {
        _val(numbered.getparent().getparent(), "styleId", w): _given(numbered, dialect)
        for numbered in styles.iterfind(f"{w}style/{w}pPr/{w}{dialect.numbered}")
    }
    if not own:  # most documents: no style is numbered, and the styles are not gone over
        return {}
    based = {
        _val(parent.getparent(), "styleId", w): _val(parent, "val", w)
        for parent in styles.iterfind(f"{w}style/{w}basedOn")
    }
    return inherited(own, based)


def inherited(
    own: Mapping[Style, tuple[Instance | None, int | None]], based: Mapping[Style, Style]
) -> dict[Style, tuple[Instance, int]]:
    """Each style's list instance and level: its own, each where it gives none that of the
    style it is based on, and so on (a chain followed as far as it goes without coming back on
    itself); only the styles that come to an instance. (A .doc's outline levels are found so
    too, as instances without a level: word97formatting.py.)"""
    found: dict[Style, tuple[Instance, int]] = {}
    for name in {*own, *based}:
        instance: Instance | None = None
        level: int | None = None
        seen: set[Style] = set()
        at: Style | None = name
        while at is not None and at not in seen:
            seen.add(at)
            there_instance, there_level = own.get(at, (None, None))
            instance = instance if instance is not None else there_instance
            level = level if level is not None else there_level
            at = based.get(at)
        if instance is not None:
            found[name] = (instance, level or 0)
    return found


def _given(numbered: Any, dialect: Dialect) -> tuple[str | None, int | None]:
    """The list instance and level a paragraph's (or a style's) numbering names, each None
    where it names none."""
    w = dialect.namespace
    number_id = numbered.find(f"{w}{dialect.instance_id}")
    level = numbered.find(f"{w}ilvl")
    return (
        None if number_id is None else _val(number_id, "val", w),
        None if level is None else _int(_val(level, "val", w), 0),
    )


def _val(element: Any, name: str, namespace: str) -> str:
    return str(element.get(f"{namespace}{name}") or "")


def _int(text: str | None, default: int) -> int:
    try:
        return int(text or "")
    except ValueError:
        return default


def _format(number: int, kind: str) -> str:
    """A count written as a level's w:numFmt writes it (those Chinese documents use, and the
    common others; any other in digits)."""
    if number <= 0:
        return str(number)
    if kind in ("chineseCounting", "chineseCountingThousand", "japaneseCounting",
                "taiwaneseCounting", "taiwaneseCountingThousand", "koreanCounting"):  # fmt: skip
        return _chinese(number)
    if kind == "chineseLegalSimplified":
        return _chinese(number, _LEGAL, "拾佰仟")
    if kind == "ideographLegalTraditional":
        return _chinese(number, _LEGAL_TRADITIONAL, "拾佰仟")
    if kind == "ideographDigital":
        return "".join(_DIGITS[int(digit)] for digit in str(number))
    if kind == "ideographTraditional":
        return _STEMS[(number - 1) % len(_STEMS)]
    if kind == "ideographZodiac":
        return _BRANCHES[(number - 1) % len(_BRANCHES)]
    if kind in ("decimalEnclosedCircle", "decimalEnclosedCircleChinese") and number <= 20:
        return _CIRCLED[number - 1]
    if kind in ("decimalFullWidth", "decimalFullWidth2"):
        return "".join(chr(ord(digit) + 0xFEE0) for digit in str(number))
    if kind == "decimalZero":
        return f"{number:02d}"
    if kind in ("upperLetter", "lowerLetter") and number <= 26 * 26:
        letter = chr(ord("A") + (number - 1) % 26) * ((number - 1) // 26 + 1)
        return letter if kind == "upperLetter" else letter.lower()
    if kind in ("upperRoman", "lowerRoman") and number < 4000:
        roman = ""
        for value, letters in _ROMAN:
            count, number = divmod(number, value)
            roman += letters * count
        return roman if kind == "upperRoman" else roman.lower()
    return str(number)


def _chinese(number: int, digits: str = _DIGITS, units: str = "十百千") -> str:
    """1 一, 10 十, 11 十一, 101 一百零一, 1010 一千零一十 (below 10,000; larger in digits)."""
    if number >= 10_000:
        return str(number)
    parts: list[str] = []
    zero = False
    for power in (3, 2, 1, 0):
        digit = number // 10**power % 10
        if digit == 0:
            zero = bool(parts)
            continue
        if zero:
            parts.append("零")
            zero = False
        leading_ten = power == 1 and digit == 1 and not parts and digits is _DIGITS
        parts.append(("" if leading_ten else digits[digit]) + (units[power - 1] if power else ""))
    return "".join(parts)
