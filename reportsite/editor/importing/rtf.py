"""Rich Text Format (.rtf) → located lines, as a .docx's are read (word.py): the body's
paragraphs in order, a table's cells one after another, each list's number as the file shows it
(\\listtext, followed as its list says), bold runs kept for lead phrases, outline levels,
heading styles and paragraphs set wholly in 黑体/楷体 marked as headings (styled.py), centred
paragraphs known; the text boxes anchored in a paragraph (\\shptxt) and a WordArt's text after
it; a symbol a field inserts (SYMBOL). Headers, footers, footnotes, comments, field codes,
hidden and deleted text, pictures and objects' data are left out.

Word and WPS save RTF, and office systems export to it ("导出为 RTF", a .doc that is RTF
inside): it was refused, and had to be saved as .docx first.

Text is read as Word reads it ([MS-RTF] 1.9.1): bytes written \\'hh or as they are, in the code
page of the font they are set in (\\fcharset: 134 is GBK) or the document's (\\ansicpg), a
character of two bytes split over both forms (\\'a1B); Unicode (\\uN) with the fallback bytes
that follow it (\\ucN) skipped. A symbol font's bytes are its glyphs (symbols.py)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Final

from .lines import Line
from .numbering import inherited
from .sources import MAX_LINES, Read, SourceError, codec
from .styled import TextRun, styled_lines
from .symbols import in_font, symbol

_TOKEN: Final = re.compile(
    rb"\\([a-zA-Z]{1,32})(-?\d{1,10})? ?"  # a control word, its parameter, its delimiter
    rb"|\\'([0-9a-fA-F]{2})"  # a byte in hex
    rb"|\\(.)"  # a control symbol (\~, \{, \* …; a backslash before a line end is \par)
    rb"|([{}])"
    rb"|[\r\n\x00]+"  # line ends are no text
    rb"|([^\\{}\r\n\x00]+)",
    re.DOTALL,
)
_MAX_DEPTH: Final = 1_000
"""Groups within groups: Word's deepest (a table in a table in a text box) are tens deep."""

_CHARSETS: Final = {
    2: "latin-1", 77: "mac_roman", 128: "cp932", 129: "cp949", 130: "johab", 134: "gb18030",
    136: "cp950", 161: "cp1253", 162: "cp1254", 163: "cp1258", 177: "cp1255", 178: "cp1256",
    186: "cp1257", 204: "cp1251", 222: "cp874", 238: "cp1250", 254: "cp437", 255: "cp850",
}  # fmt: skip
"""A font's \\fcharset → the code page of its bytes ([MS-RTF] 2.1.3.2.4). ANSI (0) and the
default (1) are the document's own (\\ansicpg): a Chinese Word writes GBK text in a Latin font
so. A symbol font's (2) bytes are its glyphs' codes; GB2312's (134) are read as GB18030, which
holds GBK's characters too."""
_DOCUMENT_CODE_PAGES: Final = {"ansi": "cp1252", "mac": "mac_roman", "pc": "cp437", "pca": "cp850"}

_SKIPPED: Final = frozenset(
    "annotation atnauthor bkmkend bkmkstart colortbl comment datastore do doccomm docvar "
    "footer footerf footerl footerr footnote header headerf headerl headerr info "
    "latentstyles nonshppict pict private revtbl rxe "
    "shprslt tc tcn template themedata txe userprops xe colorschememapping".split()
)
"""Destinations whose text is no text of the body: headers and footers (page numbers), notes,
comments, bookmarks' names, pictures, a shape's
picture for older readers (\\shprslt, when its text box is read from \\shpinst) and the
document's tables and properties."""
_LABELS: Final = frozenset(("listtext", "pntext"))
"""The number a list gives a paragraph, as the file shows it (Word 97 and later, Word 6)."""
_ENDS: Final = frozenset(("par", "cell", "nestcell", "sect", "page"))
"""A paragraph's end, a table cell's, a section or page break."""
_ROWS: Final = frozenset(("row", "nestrow"))
"""A table row's end, after its last cell's: no paragraph of its own (as in a .docx)."""
_SHOWN: Final = {
    "tab": "\t", "line": "\n", "emdash": "—", "endash": "–", "lquote": "‘", "rquote": "’",
    "ldblquote": "“", "rdblquote": "”", "bullet": "•", "emspace": " ", "enspace": " ",
    "qmspace": " ",
}  # fmt: skip
_SYMBOLS: Final = {b"~": "\u00a0", b"-": "", b"_": "-"}
"""A non-breaking space, an optional hyphen (no character of the text), a non-breaking
hyphen (as a .doc's is read)."""
_WORDART: Final = "gtextUNICODE"
"""The shape property that holds a WordArt's text."""
_SYMBOL_FIELD: Final = re.compile(
    r'\s*SYMBOL\s+(0x[0-9a-f]+|\d+)(?:.*?\\f\s*"([^"]*)")?', re.IGNORECASE | re.DOTALL
)
"""A field's code that shows a symbol (Insert → Symbol, as Word writes it in RTF: SYMBOL 82
\\f "Wingdings 2" \\s 16), its result left empty: a form's ☑ is one."""


@dataclass(slots=True)
class _Font:
    name: str = ""
    """As written, with the ";" that ends it and what may follow."""
    code_page: str | None = None

    @property
    def named(self) -> str:
        return self.name.split(";")[0].strip()


@dataclass(slots=True)
class _State:
    """What a group holds, and gives the groups within it."""

    destination: str = "body"
    """body, label (a list's number), skip, fonts, styles, name (a shape property's),
    wordart, code (a field's)."""
    opened: str = ""
    """What this group began, ended with it: box (a text box's story), label, name, wordart,
    code."""
    starred: bool = False
    uc: int = 1
    font: int = 0
    """The font of Latin text; of the bytes' code page, `coded`."""
    east_font: int | None = None
    coded: int = 0
    target: str = ""
    """Which text a font or bold that follows is of, as Word writes a run: Chinese text's
    after \\dbch, Latin text's after \\loch or \\ltrch, right-to-left and high-ANSI text's
    after \\rtlch and \\hich (not read)."""
    bold: bool = False
    hidden: bool = False
    style: int = 0
    centred: bool = False
    outline: int | None = None
    """The paragraph's own outline level (\\outlinelevel; from 0, 9 body text)."""
    listed: int = 0
    """The list (\\ls) and level (\\ilvl) of the paragraph's number."""
    level: int = 0
    before_upr: str = ""
    """The destination around \\upr, whose Unicode version (\\ud) is read in its place."""

    def within(self) -> _State:
        """The state a group within this one begins with (made field by field: a file of a
        million groups took dataclasses.replace seconds)."""
        return _State(
            destination=self.destination,
            uc=self.uc,
            font=self.font,
            east_font=self.east_font,
            coded=self.coded,
            target=self.target,
            bold=self.bold,
            hidden=self.hidden,
            style=self.style,
            centred=self.centred,
            outline=self.outline,
            listed=self.listed,
            level=self.level,
            before_upr=self.before_upr,
        )


@dataclass(slots=True)
class _Paragraph:
    runs: tuple[TextRun, ...]
    style: str
    outline: int | None
    centred: bool
    boxed: bool


@dataclass(slots=True)
class _Story:
    """The main document's or a text box's paragraphs, as they are read."""

    runs: list[TextRun] = field(default_factory=list)
    run: list[str] = field(default_factory=list)
    """The text of the run being read, of the same bold and font throughout: `formatted`."""
    formatted: tuple[bool, str] = (False, "")
    paragraphs: list[_Paragraph] = field(default_factory=list)
    boxes: list[_Paragraph] = field(default_factory=list)
    """The paragraphs of text boxes anchored in the paragraph being read, to follow it."""

    def end_run(self) -> None:
        if self.run:
            self.runs.append(TextRun("".join(self.run), *self.formatted))
            self.run.clear()

    def end_paragraph(self) -> tuple[TextRun, ...]:
        self.end_run()
        runs = tuple(self.runs)
        self.runs.clear()
        return runs


class _Reader:
    def __init__(self) -> None:
        self.state = _State()
        self.stack: list[_State] = []
        self.fonts: dict[int, _Font] = {}
        self.font_entry = 0
        self.styles: dict[int, str] = {}
        self.outlines: dict[int, int] = {}
        self.based: dict[int, int] = {}
        """Each style's outline level and the style it is based on (\\sbasedon)."""
        self.style_outlines: dict[int, tuple[int, int]] | None = None
        """Each style's outline level, its own or along the styles it is based on: worked
        out at the first paragraph, the style sheet being read."""
        self.style_entry: int | None = 0
        self.default_font = 0
        self.code_page = "cp1252"
        self.stories = [_Story()]
        self.lines: list[Line] = []
        self.number = 0
        self.pending = bytearray()
        self.high_surrogate = 0
        self.skip = 0
        """Fallback bytes still to be skipped after a \\uN."""
        self.captured: list[str] = []
        """A shape property's name or WordArt's text, as it is read."""
        self.property_name = ""
        self.symbol_shown = False
        """The field being read is a symbol's, already shown: its result is not read."""
        self.follows: dict[int, list[int]] = {}
        """What follows each list's number, by its id and level (\\levelfollow: 0 a tab, 1 a
        space, 2 nothing)."""
        self.instances: dict[int, int] = {}
        """Each list instance's (\\ls) list id."""
        self.list_read: list[int] = []
        self.list_named = 0

    def read(self, data: bytes) -> tuple[Line, ...]:
        at, size = 0, len(data)
        while at < size:
            token = _TOKEN.match(data, at)
            if token is None:  # a lone backslash at the end
                break
            at = token.end()
            word, parameter, hexadecimal, symbol, brace, text = token.groups()
            if text is not None:
                self._bytes(text)
            elif hexadecimal is not None:
                self._bytes(bytes((int(hexadecimal, 16),)))
            elif word is not None:
                at = self._word(word.decode("ascii"), parameter, data, at)
            elif symbol is not None:
                self._symbol(symbol)
            elif brace == b"{":
                self._open()
            elif brace == b"}":
                self._close()
                if not self.stack:
                    break  # the document's group has ended: what follows is no part of it
        self._flush()
        while self.stack:
            self._close()
        self._end_paragraph()
        return tuple(self.lines)

    # -- groups ---------------------------------------------------------------------------

    def _open(self) -> None:
        self._flush()
        self.skip = 0
        if len(self.stack) >= _MAX_DEPTH:
            raise SourceError("import-bad-rtf", detail=f"groups nested over {_MAX_DEPTH} deep")
        self.stack.append(self.state)
        self.state = self.state.within()
        if self.state.destination == "styles":
            self.style_entry = 0  # an entry without \s is the default style's (Normal)

    def _close(self) -> None:
        self._flush()
        self.skip = 0
        if not self.stack:
            return  # a brace too many: the file's end, as Word reads it
        opened = self.state.opened
        if opened == "box":
            if self.stories[-1].runs or self.stories[-1].run:
                self._end_paragraph()
            box = self.stories.pop()
            self.stories[-1].boxes.extend(box.paragraphs + box.boxes)
        self.state = self.stack.pop()
        if opened == "name":
            self.property_name = "".join(self.captured).strip()
        elif opened == "label":
            label = "".join(self.captured)
            if any(character.isalnum() for character in label):  # a bullet shows none
                self.stories[-1].end_run()
                self.stories[-1].runs.append(TextRun(label))
        elif opened == "wordart":
            runs = (TextRun("".join(self.captured)),)
            self.stories[-1].boxes.append(_Paragraph(runs, "", None, False, True))
        elif opened == "code":
            field = _SYMBOL_FIELD.match("".join(self.captured))
            if field is not None and self.state.destination == "body":
                code, font = field.groups()
                latin = self.fonts.get(self.state.font)
                named = font if font is not None else latin.named if latin is not None else ""
                number = int(code, 16) if code[:2].lower() == "0x" else int(code)
                self._text(symbol(named, number), glyph=True)
                self.symbol_shown = True

    # -- control words --------------------------------------------------------------------

    def _word(self, word: str, parameter: bytes | None, data: bytes, at: int) -> int:
        """Act on a control word; where reading goes on (past \\bin's bytes)."""
        self._flush()
        value = int(parameter) if parameter is not None else None
        state = self.state
        if word == "u":
            self._unicode(value or 0)
            return at
        if self.skip:
            self.skip -= 1  # a control word in a \uN's fallback counts as one of its bytes
            return at
        if word == "bin":
            return at + max(value or 0, 0)
        starred, state.starred = state.starred, False
        if state.destination == "skip":
            if word == "ud" and state.before_upr:
                state.destination = state.before_upr
            return at
        if word in _SKIPPED or word == "upr":
            state.before_upr = state.destination if word == "upr" else ""
            state.destination = "skip"
        elif word in _LABELS:
            state.destination, state.opened = "label", "label"
            self.captured = []
        elif word == "fonttbl":
            state.destination = "fonts"
        elif word in ("listtable", "listoverridetable"):
            state.destination = word
        elif word == "stylesheet":
            state.destination = "styles"
        elif word == "shptxt" and state.opened != "box":  # a story a group, if named twice
            state.destination, state.opened = "body", "box"
            self.stories.append(_Story())
        elif word == "sn":
            state.destination, state.opened = "name", "name"
            self.captured = []
        elif word == "fldinst":
            state.destination, state.opened = "code", "code"
            self.captured = []
            self.symbol_shown = False
        elif word == "fldrslt" and self.symbol_shown:
            state.destination, self.symbol_shown = "skip", False
        elif word == "sv":
            wordart = self.property_name == _WORDART and state.destination == "body"
            state.destination = "wordart" if wordart else "skip"
            state.opened = "wordart" if wordart else ""
            self.captured = []
        elif word in ("shpinst", "ud", "fldrslt", "sp", "shp", "field", "result"):
            pass  # destinations whose text (or whose groups' text) is read
        elif starred:
            state.destination = "skip"  # a destination this reader does not know
        else:
            self._property(word, value)
        return at

    def _property(self, word: str, value: int | None) -> None:
        state = self.state
        on = value != 0
        if word in _ENDS or word in _ROWS:
            story = self.stories[-1]
            if state.destination == "body" and (word in _ENDS or story.runs or story.run):
                self._end_paragraph()
        elif word in _SHOWN:
            self._text(_SHOWN[word])
        elif word == "f" and state.destination == "fonts":
            self.font_entry = value or 0
            self.fonts.setdefault(self.font_entry, _Font())
        elif word in ("f", "af"):
            if word == "f":
                state.coded = value or 0  # \\f alone says the bytes' code page, as Word reads it
            if state.target == "dbch":
                state.east_font = value or 0
            elif state.target not in ("rtlch", "hich"):
                state.font = value or 0
        elif word in ("fcharset", "cpg") and state.destination == "fonts":
            font = self.fonts.setdefault(self.font_entry, _Font())
            code_page = _CHARSETS.get(value or 0) if word == "fcharset" else f"cp{value}"
            font.code_page = code_page and codec(code_page)
        elif word == "s" and state.destination == "styles":
            self.style_entry = value or 0
        elif word in ("ds", "ts") and state.destination == "styles":
            self.style_entry = None  # a section's or a table's style: no paragraph's
        elif word in ("outlinelevel", "sbasedon") and state.destination == "styles":
            if self.style_entry is not None:
                entries = self.outlines if word == "outlinelevel" else self.based
                entries[self.style_entry] = value or 0
        elif word == "outlinelevel":
            state.outline = value or 0
        elif word in ("b", "ab"):
            if state.target not in ("rtlch", "hich"):
                state.bold = on
        elif word in ("loch", "hich", "dbch", "rtlch", "ltrch"):
            state.target = word
        elif word in ("v", "deleted"):
            state.hidden = on
        elif word == "plain":
            state.bold = state.hidden = False
            state.font = state.coded = self.default_font
            state.east_font = None
        elif word == "pard":
            state.style, state.centred, state.listed, state.level = 0, False, 0, 0
            state.outline = None
        elif word in ("list", "listlevel", "levelfollow", "listid", "ls", "ilvl"):
            self._list(word, value or 0)
        elif word == "s":
            state.style = value or 0
        elif word in ("qc", "ql", "qr", "qj", "qd", "qt"):
            state.centred = word == "qc"
        elif word == "uc":
            state.uc = max(value or 0, 0)
        elif word == "deff":
            self.default_font = state.font = state.coded = value or 0
        elif word == "ansicpg" and value:
            self.code_page = codec(f"cp{value}") or self.code_page
        elif word in _DOCUMENT_CODE_PAGES:
            self.code_page = _DOCUMENT_CODE_PAGES[word]

    def _list(self, word: str, value: int) -> None:
        """The lists' table and their instances', as far as what follows a number goes; and
        the paragraph's list and level."""
        state = self.state
        if state.destination == "listtable":
            if word == "list":
                self.list_read = []
            elif word == "listlevel":
                self.list_read.append(0)
            elif word == "levelfollow" and self.list_read:
                self.list_read[-1] = value
            elif word == "listid":
                self.follows[value] = self.list_read
        elif state.destination == "listoverridetable":
            if word == "listid":
                self.list_named = value
            elif word == "ls":
                self.instances[value] = self.list_named
        elif word == "ls":
            state.listed = value
        elif word == "ilvl":
            state.level = value

    def _follow(self) -> int:
        """What follows the paragraph's number: 0 a tab, 1 a space, 2 nothing."""
        levels = self.follows.get(self.instances.get(self.state.listed, -1), [])
        return levels[self.state.level] if 0 <= self.state.level < len(levels) else 0

    def _symbol(self, symbol: bytes) -> None:
        if symbol == b"*":
            self._flush()
            self.state.starred = True
        elif symbol in b"\\{}":
            self._bytes(symbol)
        elif symbol in b"\r\n":
            self._word("par", None, b"", 0)
        elif symbol in _SYMBOLS:
            self._flush()
            if self.skip:
                self.skip -= 1
            else:
                self._text(_SYMBOLS[symbol])

    def _unicode(self, value: int) -> None:
        self.skip = self.state.uc
        if not -0x8000 <= value <= 0xFFFF:
            return  # no UTF-16 unit: a damaged file
        code = value + 0x10000 if value < 0 else value
        if 0xD800 <= code < 0xDC00:
            self.high_surrogate = code
            return
        if 0xDC00 <= code < 0xE000 and self.high_surrogate:
            code = 0x10000 + ((self.high_surrogate - 0xD800) << 10) + (code - 0xDC00)
        self.high_surrogate = 0
        if not 0xD800 <= code < 0xE000:
            self._text(chr(code))

    # -- text -----------------------------------------------------------------------------

    def _bytes(self, data: bytes) -> None:
        if self.state.destination == "skip":
            return  # a picture's data, mostly: not decoded to be dropped
        if self.skip:
            taken = min(self.skip, len(data))
            self.skip -= taken
            data = data[taken:]
        self.pending += data

    def _flush(self) -> None:
        """Decode the bytes read since the last control word, in their font's code page."""
        if not self.pending:
            return
        data = bytes(self.pending)
        self.pending.clear()
        if self.state.destination == "fonts":
            code_page = self.fonts.setdefault(self.font_entry, _Font()).code_page
        else:
            font = self.fonts.get(self.state.coded)
            code_page = font.code_page if font is not None else None
        self._text(data.decode(code_page or self.code_page, errors="replace"))

    def _text(self, text: str, glyph: bool = False) -> None:
        """Route text to where its group puts it; `glyph`: a symbol already read as the
        character it shows."""
        state = self.state
        destination = state.destination
        if destination == "skip" or state.hidden and destination == "body":
            return
        if destination == "body":
            font = self.fonts.get(state.font)
            latin = font.named if font is not None else ""
            east = self.fonts.get(state.east_font if state.east_font is not None else state.font)
            formatted = (state.bold, east.named if east is not None else "")
            story = self.stories[-1]
            if formatted != story.formatted:
                story.end_run()
                story.formatted = formatted
            story.run.append(text if glyph else in_font(latin, text))
        elif destination == "fonts":
            font = self.fonts.setdefault(self.font_entry, _Font())
            font.name += text
        elif destination == "styles":
            if self.style_entry is not None:
                self.styles[self.style_entry] = self.styles.get(self.style_entry, "") + text
        elif destination in ("label", "name", "wordart", "code"):
            self.captured.append(text)

    # -- paragraphs -----------------------------------------------------------------------

    def _outline(self) -> int | None:
        """The paragraph's outline level: its own, else its style's, or that of the style it
        is based on, and so on."""
        if self.state.outline is not None:
            return self.state.outline
        if self.style_outlines is None:
            own = {style: (outline, None) for style, outline in self.outlines.items()}
            self.style_outlines = inherited(own, self.based)
        found = self.style_outlines.get(self.state.style)
        return found[0] if found is not None else None

    def _end_paragraph(self) -> None:
        story = self.stories[-1]
        style = self.styles.get(self.state.style, "").split(";")[0].strip()
        boxed = len(self.stories) > 1
        runs = story.end_paragraph()
        follow = self._follow()
        if follow:
            # LibreOffice writes a tab after every number it writes out, whatever its list says
            # follows the number (Word writes what the list says).
            after = " " if follow == 1 else ""
            runs = tuple(
                replace(run, text=run.text.rstrip("\t") + after)
                if run.font is None and run.text.endswith("\t")
                else run
                for run in runs
            )
        paragraph = _Paragraph(runs, style, self._outline(), self.state.centred, boxed)
        if boxed:
            story.paragraphs += [paragraph, *story.boxes]
            story.boxes.clear()
            return
        for each in (paragraph, *story.boxes):
            self.number += 1
            if self.number > MAX_LINES:
                raise SourceError("import-too-many-lines", limit=MAX_LINES)
            self.lines.extend(
                styled_lines(
                    each.runs,
                    self.number,
                    style=each.style,
                    outline=each.outline,
                    centred=each.centred,
                    boxed=each.boxed,
                )
            )
        story.boxes.clear()


def read_rtf(data: bytes) -> Read:
    return Read("rtf", _Reader().read(data))
