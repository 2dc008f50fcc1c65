"""Symbols a Word file inserts as a font's glyph (w:sym, Insert → Symbol) rather than as text:
a character code and the font it is drawn from. In a Unicode font the code is the character.
The symbol fonts have no Unicode of their own — their codes are those of 8-bit fonts, which
Word writes moved into the private use area (F020–F0FF) — so their glyphs are read as the
Unicode characters that show them: every glyph of Symbol (Adobe's Symbol encoding, as
Unicode's mapping of it has it; Windows' Symbol adds € at A0), and of Wingdings and Wingdings 2
the bullets, boxes and marks that documents use (a form's ☑ and □, a ✓ in a table). Any other
glyph of a symbol font, and a private-use code of any font, is left out: it shows nothing
anywhere but in that font."""

from __future__ import annotations

import re
from typing import Final

_SYMBOL: Final = dict(
    zip(
        [*range(0x20, 0x7F), *range(0xA0, 0xF0), *range(0xF1, 0xFF)],
        " !∀#∃%&∋()∗+,−./0123456789:;<=>?"
        "≅ΑΒΧΔΕΦΓΗΙϑΚΛΜΝΟΠΘΡΣΤΥςΩΞΨΖ[∴]⊥_"
        "‾αβχδεφγηιϕκλμνοπθρστυϖωξψζ{|}∼"
        "€ϒ′≤⁄∞ƒ♣♦♥♠↔←↑→↓°±″≥×∝∂•÷≠≡≈…⏐⎯↵"
        "ℵℑℜ℘⊗⊕∅∩∪⊃⊇⊄⊂⊆∈∉∠∇®©™∏√⋅¬∧∨⇔⇐⇑⇒⇓"
        "◊〈®©™∑⎛⎜⎝⎡⎢⎣⎧⎨⎩⎪"
        "〉∫⌠⎮⌡⎞⎟⎠⎤⎥⎦⎫⎬⎭",
        strict=True,
    )
)
_WINGDINGS: Final = {
    0x6C: "●", 0x6D: "❍", 0x6E: "■", 0x6F: "□", 0x71: "❑", 0x72: "❒", 0x73: "⬧",
    0x74: "⧫", 0x75: "◆", 0x76: "❖", 0x77: "⬥", 0xA1: "○", 0xA7: "▪", 0xA8: "◻",
    0xAB: "★", 0xD8: "➢", 0xFB: "✗", 0xFC: "✓", 0xFD: "☒", 0xFE: "☑",
}  # fmt: skip
_WINGDINGS_2: Final = {0x4F: "✗", 0x50: "✓", 0x52: "☑", 0x53: "☒", 0xA3: "□"}
_GLYPH: Final = re.compile("[\x21-\xff\uf020-\uf0ff]")
"""A character a symbol font draws as a glyph: a code of one byte, or Word's private-use one
(a space is a space in every font)."""
_FONTS: Final = {"symbol": _SYMBOL, "wingdings": _WINGDINGS, "wingdings 2": _WINGDINGS_2}
_SYMBOL_FONTS: Final = frozenset((*_FONTS, "wingdings 3", "webdings", "marlett", "mt extra"))


def symbol(font: str, code: int) -> str:
    """The character a w:sym of this font (w:font) and code (w:char) shows; "" if none."""
    name = font.strip().lower()
    glyphs = _FONTS.get(name)
    if name in _SYMBOL_FONTS:
        glyph = code - 0xF000 if 0xF020 <= code <= 0xF0FF else code
        if glyph == 0x20:
            return " "
        return glyphs.get(glyph, "") if glyphs is not None else ""
    if 0xD800 <= code <= 0xF8FF or not 0x20 <= code <= 0x10FFFF:  # surrogates, private use
        return ""
    return chr(code)


def symbol_font(font: str) -> bool:
    """Whether the font is a symbol font, whose glyphs no character code of their own says."""
    return font.strip().lower() in _SYMBOL_FONTS


def in_font(font: str, text: str) -> str:
    """Text typed in a font as it shows: in a symbol font, each character of one byte (and the
    private-use code Word moves it to) is that font's glyph — typing R in Wingdings 2 makes ☑,
    the well-known way to a ticked box, and the file holds "R"; other characters (Chinese text
    takes the East Asian font) and text in any other font are as they are."""
    if not symbol_font(font):
        return text
    return "".join(
        symbol(font, ord(character)) if _GLYPH.match(character) else character for character in text
    )


def inserted(font: str | None, char: str | None) -> str:
    """The character a w:sym shows, from its attributes as written (w:char in hex)."""
    try:
        return symbol(font or "", int(char or "", 16))
    except ValueError:
        return ""
