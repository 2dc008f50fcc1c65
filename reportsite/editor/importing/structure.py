"""The body of a report as a tree of headings — or, for a document that is no report (tables of
figures), its text as paragraphs. Numbering levels (第一部分 / 一、 / （一） / 1. /
一是), unnumbered part headings, standalone lead sentences heading a section, lead phrases
(bold in Word, or a short first sentence, at the start or after a full stop), headings run
straight into their paragraph, run-on text split at its numbering, paragraphs broken over
lines joined."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field, replace
from typing import Final

from ...validate import NUMBERING_ZH
from .front import squeeze
from .lines import Line, fold

CN: Final = re.compile(r"^([一二三四五六七八九十]{1,3})\s*[、．.]\s*(?=\S)")
# （一）、 and (1)、: a 、 or a stop after the bracket is the same numbering, written twice.
PAREN: Final = re.compile(r"^[（(]\s*([一二三四五六七八九十]{1,3})\s*[）)]\s*[、，,．.]?\s*(?=\S)")
ARABIC: Final = re.compile(r"^(\d{1,2})\s*[.．、](?!\d)\s*(?=\S)")
PAREN_ARABIC: Final = re.compile(r"^[（(]\s*(\d{1,2})\s*[）)]\s*[、，,．.]?\s*(?=\S)")
CIRCLED: Final = re.compile(r"^[①-⑳❶-❿➀-➉⑴-⒇⒈-⒛]\s*(?=\S)")
"""An item numbered ①②③ (in WeChat posts, outside the bold lead): a marker like 一是."""
SUB_ITEM: Final = re.compile(
    r"^(?:[一二三四五六七八九十]{1,3}是|第[一二三四五六七八九十]{1,3}[，,、]?)"
)
_CHAPTER: Final = re.compile(r"^第[一二三四五六七八九十]{1,3}部分[\s：:、，]*")
_PART_WORDS: Final = re.compile(
    r"(工作回顾|工作任务|工作安排|主要任务|主要工作|工作建议|目标任务|重点工作|工作打算|工作思路"
    r"|总体要求|的工作|工作总结|主要目标|自身建设|今后五年|过去五年|工作情况"
    r"|工作计划|存在的(?:主要)?问题|问题(?:和|与)不足|困难和问题)"
)
_PART_ALONE: Final = re.compile(
    r"(?:关于)?(?:(?:\d\d[\dXxＸ×*＊]{2}|[XxＸ×*＊]{4})年度?|今后(?:五年|一个时期)?|下一步|过去(?:一年|五年)|(?:近|本届)?五年(?:来)?|一年来|今年|明年)?的?"
    r"(?:工作的?回顾|工作的?总结|主要工作|重点工作|工作打算|工作安排|工作计划|工作思路|工作建议|主要任务"
    r"|(?:主要)?目标任务|工作任务|主要成效|工作成效|存在的(?:主要)?问题(?:和不足|与不足)?"
    r"|(?:主要)?问题(?:和|与)不足|困难和问题|(?:存在的)?不足和问题)"
)
"""A part heading standing alone without number or year in the words reports use for their
parts (主要工作, 存在的问题, 下一步工作打算): whole, so a section title that merely holds 工作
stays a section."""
_TASK_WORDS: Final = re.compile(r"(任务|安排|打算|计划|建议|重点工作|工作思路|今后|主要目标)")
_YEARISH: Final = re.compile(
    r"^(关于)?(\d\d[\dXxＸ×*＊]{2}|[XxＸ×*＊]{4}|过去|今后|[一二]〇[一二三四五六七八九〇]{2})"
)
_END_PUNCT: Final = "。！？；：”’）)」』…"
_SENTENCE: Final = re.compile(r"[^。！？]*[。！？]")
_MID_LEAD: Final = re.compile(
    r"(?<=[。！？])([^。！？，、；：“”\d我这是的了们其并将]{6,12})。(?=。?[^。！？]{15,})"
    r"|(?<=[。！？])([一二三四五六七八九十]{1,2}是[^。！？，、；：\d]{3,14})[。：](?=。?[^。！？]{15,})"
)
_YEAR_SUBJECT: Final = re.compile(
    r"^(今年|明年|去年|本年|\d{4}\s*年|[一二][〇零][一二三四五六七八九〇零]{2}年)"
)
"""A sentence about the year (今年是“十四五”规划收官之年。) opens a part's intro; a lead
phrase names a field of work, never a year."""
_COLON_LEAD: Final = re.compile(r"^([^。！？，、；：\d]{3,16})：\s*([^：]{15,})$")
_DASH_ITEM: Final = re.compile(r"^(?:[—－─━]{2}|-{2,4})\s*(?=[^\s\d—－─━-])")
"""——, or the dash as a copy types it (──, --): an item's marker."""
_CLOSING_START: Final = re.compile(r"^(各位(人大|政协)?(代表|委员|同志)|同志们)")
_SPLIT_RUN_ON: Final = re.compile(
    r"(?<=[。！？])(?=(?:[一二三四五六七八九十]{1,3}、|[（(][一二三四五六七八九十]{1,3}[）)])\S)"
    r"|(?<=[^，、\s])(?=(?:各位(?:代表|委员)|同志们)[^。，]{0,10}[：:])"
    r"|(?<=各位代表：)(?=\S)|(?<=各位委员：)(?=\S)|(?<=同志们：)(?=\S)"
    r"|(?<=[。！？])(?=各位(?:人大|政协)?(?:代表|委员)[，,])"
)
_PART_RUN_IN: Final = re.compile(
    r"^((?:关于)?(?:\d{4}|过去|今后)[^，。；：\s]{0,16}?"
    + _PART_WORDS.pattern
    + r")(?=[^，。；：\s])"
)
"""A part heading run into its paragraph (一、2022年主要工作2022年以来，…); the paragraph
must hold a sentence, so a heading such as 2025年主要目标任务 is not cut after 主要目标."""
_SPACED_RUN_IN: Final = re.compile(r"^([^，。；：！？、\s]{2,30})\s+(?=\S)(.{10,})$")
"""A heading set off from its paragraph by a (full-width) space alone:
一、2023年工作回顾　2023年，…"""
_INLINE_LIST: Final = re.compile(r"[；;]\s*[（(]?[一二三四五六七八九十]{1,3}[）)、]")
"""（一）…；（二）…: numbering that enumerates inside a running sentence."""
_PARALLEL_COLON: Final = re.compile(r"^([^，。；：:！？、\d“”\s]{4,16})[：:](?=\S)")
_COLON_OPENER: Final = re.compile(
    r"(是|为|如下|包括|有|要|方面|工作|目标|任务|要求|指出|强调|认为|表示|提出|说|到|明确|规定)$"
)
"""A phrase that announces what follows (主要目标是：, 总书记指出：): an intro, not a lead."""


@dataclass(slots=True)
class Para:
    text: str
    line: int
    lead: str | None = None


@dataclass(slots=True)
class Node:
    """A heading and what it holds: paragraphs before its first child, its children."""

    title: str
    line: int
    level: int
    paras: list[Para] = field(default_factory=list)
    children: list[Node] = field(default_factory=list)
    topic: bool = False
    """A numbered part on one field of the year's work: never the tasks, whatever it says."""


@dataclass(slots=True)
class Body:
    root: Node
    parts_numbered: bool
    appendix: list[Para] = field(default_factory=list)
    """What follows the closing address under an appendix's heading (名词解释): paragraphs as
    written, after the closing."""


@dataclass(slots=True)
class _Token:
    kind: str
    """heading:N, para."""
    text: str
    line: int
    lead: str | None = None
    source: str = ""
    """The whole line, numbering and all, for a heading this document has no level for."""
    candidate: tuple[str, str] | None = None
    """(lead, rest) where the first sentence could be a lead if its neighbours have one too."""
    marker: str = ""
    dashed: bool = False
    """Opened by ——, a list marker: its first sentence is a lead even with no neighbour."""


def _ends_sentence(text: str) -> bool:
    return text.endswith(tuple(_END_PUNCT))


def split_run_on(lines: list[Line]) -> list[Line]:
    """A line holding several numbered paragraphs (breaks lost) split at its numbering."""
    out: list[Line] = []
    for line in lines:
        pieces = _SPLIT_RUN_ON.split(line.text)
        if len(pieces) == 1:
            out.append(line)
            continue
        start = 0
        for index, piece in enumerate(pieces):
            if index and _enumerates(piece):
                # …开展视察调研。（一）…；（二）…: the list runs on inside the paragraph.
                last = out.pop()
                out.append(line.with_text(last.text + piece, start - len(last.text)))
            else:
                out.append(line.with_text(piece, start))
            start += len(piece)
    return out


def _spaced_run_in(after: str) -> bool:
    """Whether what follows the space of a numbered line is its paragraph: it holds a sentence,
    and is no second phrase of a two-phrase heading (聚焦产业升级 加快构建现代化产业体系。), or
    it announces what follows (2024年…的主要目标是：, the rest cut off by a hard wrap)."""
    if len(after) > 10 and after.endswith("：") and _COLON_OPENER.search(after[:-1]):
        return True
    if not re.search(r"[，。；！？]", after):
        return False
    clause = re.match(r"[^。！？：]*", after)
    phrase = clause.group() if clause else after
    return "，" in phrase or len(phrase) > 16 or phrase == after


def _enumerates(piece: str) -> bool:
    """A piece opened by numbering whose next number follows a ； in the same sentence."""
    numbered = _numbering(piece)
    if not numbered or numbered[0] not in ("cn", "paren"):
        return False
    sentence = re.match(r"[^。！？]*", piece)
    return bool(sentence and _INLINE_LIST.search(sentence.group()))


def _numbering(text: str) -> tuple[str, re.Match[str]] | None:
    for name, pattern in (
        ("cn", CN),
        ("paren", PAREN),
        ("arabic", ARABIC),
        ("paren-arabic", PAREN_ARABIC),
    ):
        match = pattern.match(text)
        if match:
            if name == "arabic" and re.match(r"^\d{1,2}\s*[.．](\d|$)", text):
                return None
            return name, match
    return None


def _all_bold(line: Line) -> bool:
    """A line set wholly in bold: in a Word file or a page, how a heading without a number
    shows."""
    covered = sum(b - a for a, b in line.bold)
    return bool(line.bold) and covered >= len(line.text.replace(" ", ""))


def _part_heading(line: Line) -> bool:
    text = line.text
    if len(text) > 25 or any(c in text for c in "，。；！？"):
        return False
    if _PART_ALONE.fullmatch(fold(text).rstrip("：:")):
        return True
    return bool(_PART_WORDS.search(fold(text)) and (_YEARISH.match(text) or line.heading == 1))


_FRAGMENT_END: Final = re.compile(r"[的和与及对把被将为提在了是向从以由并等所之其]$")
"""What ends a line broken inside a sentence (…期间代表提 / 出的126件…), never a heading."""


def _broken_off(previous: Line, line: Line) -> bool:
    """Whether `previous` stops in the middle of a sentence that `line` goes on with: a long
    line without its full stop, a clause ended by a comma or a semicolon (a page broken there),
    or a short piece of a sentence — a Word paragraph wrapped by a soft line break, or a
    piece that stops on a word no heading ends with."""
    text = previous.text
    if _ends_sentence(text) and not text.endswith("；"):
        return False
    if text.endswith("；"):
        # …有待优化； / 老旧小区管理…: a list of shortcomings runs on; a new lead starts anew.
        return not SUB_ITEM.match(line.text) and _first_sentence(line.text) is None
    if text.endswith(("，", "、")):
        return True
    if len(text) >= 15 and re.search(r"[。！？].", text) and not previous.heading:
        # 工业经济稳中有进。新增…规上工业产值突 / 破40亿元…: a line holding a full sentence and
        # stopping short of the next one's end is a paragraph cut at the page's width.
        return not _numbering(line.text) and not SUB_ITEM.match(line.text)
    if (
        len(text) >= 20
        and re.search(r"[，；、：]", text)
        and not (previous.heading or previous.centred or _all_bold(previous))
        and _width(line.text) <= _width(text) + 6
    ):
        # 同时，我们也清醒地看到，…产业层次不够 / 高，…: a clause cut at the page's width (the
        # line after is no wider, give or take the punctuation a PDF squeezes).
        return True
    if len(text) >= 30:
        return bool(re.search("[，。]", text + line.text[:1]))
    piece = (
        len(text) >= 8
        and not previous.heading
        and not previous.centred
        and not _all_bold(previous)
        and not _numbering(text)
        and not _part_heading(previous)
    )
    if piece and previous.number == line.number and "，" in text:
        return True  # one paragraph of the source, wrapped mid-sentence (a soft line break)
    return piece and bool(_FRAGMENT_END.search(text) and re.search("[，。]", line.text))


def join_broken(lines: list[Line]) -> list[Line]:
    """A paragraph broken in mid-sentence (a copied page, a page footer cut in) joined."""
    out: list[Line] = []
    end = 0  # the source line the last joined line ends on
    alone = _headings_alone(lines)
    for line in lines:
        if out:
            previous = out[-1]
            # A blank line (not cut-out chrome) between the two: the source ended a paragraph.
            blank = line.number > end + 1 and not line.after_break
            if (
                _broken_off(previous, line)
                and not _numbering(line.text)
                and not _part_heading(line)
                and not line.heading
                and not _heading_above(previous, line, blank or _kind(previous) in alone)
            ):
                offset = len(previous.text)
                spans = previous.bold + tuple((a + offset, b + offset) for a, b in line.bold)
                out[-1] = replace(previous, text=previous.text + line.text, bold=spans)
                end = line.number
                continue
        out.append(line)
        end = line.number
    return out


def _kind(line: Line) -> str | None:
    numbered = _numbering(line.text)
    return numbered[0] if numbered else None


def _headings_alone(lines: list[Line]) -> set[str]:
    """The numbering series (一、, （一）) whose headings stand on lines of their own, short and
    without punctuation: in that series a line without a full stop is a heading too, even one
    as wide as the page that a hard-wrapped text cuts every paragraph at."""
    return {
        kind
        for line in lines
        if (kind := _kind(line)) in ("cn", "paren")
        and len(line.text) <= 20
        and not re.search(r"[，。；：,;:]", line.text)
    }


def _heading_above(previous: Line, line: Line, apart: bool) -> bool:
    """一、一年来，我们致力于…，发展基础进一步夯实 above a longer paragraph: a numbered heading
    holding commas, not a line wrapped at the page's width (a wrapped line is as long as the
    line after it, or longer). A heading as wide as the width a text is hard-wrapped at is
    told apart otherwise (`apart`): by the blank line under it, or by its series' other
    headings standing alone."""
    numbered = _numbering(previous.text)
    return (
        numbered is not None
        and numbered[0] in ("cn", "paren")
        and "。" not in previous.text
        and not previous.text.endswith(("，", "、", "；"))
        and (apart or _width(line.text) > _width(previous.text) + 2)
    )


def _width(text: str) -> int:
    """Columns a line takes on a page: a Chinese character two, a digit or a letter one (a
    wrapped line fills the page's width; the line after it is no wider)."""
    return sum(1 if ord(c) < 0x2E80 else 2 for c in text)


def _lead(line: Line, text: str, offset: int) -> tuple[str | None, str]:
    """(lead, rest) of a paragraph: a bold opening, or a short first sentence without commas."""
    bold = [(a - offset, b - offset) for a, b in line.bold if b - offset > 0]
    if bold and bold[0][0] <= 0 and bold[0][1] < len(text):
        end = bold[0][1]
        lead, rest = text[:end], text[end:]
        while rest and rest[0] in "。：:．.":
            lead, rest = lead + rest[0], rest[1:]
        lead = lead.rstrip("。：:．. ")
        if lead and rest.strip():
            return lead, rest.strip()
    if line.bold:
        return None, text
    first = _first_sentence(text)
    if first and not re.search(r"[，,；;：:]", first[0]):
        return first
    return None, text


def _first_sentence(text: str, *, commas: bool = False) -> tuple[str, str] | None:
    """A first sentence short enough to be a lead phrase, without its 。, and the rest; with
    `commas`, one of a dash-led item, which may hold 、 and two phrases."""
    sentence = _SENTENCE.match(text)
    if not sentence:
        return None
    first = sentence.group()
    # The full stop closing the lead is the model's to write: a doubled one (理论武装持续深化。。)
    # goes with it, so the text never opens with a 。.
    body, rest = first[:-1], text[len(first) :].lstrip("。．. \u3000")
    if (
        3 <= len(body) <= (30 if commas else 24)
        and len(rest) > len(first)
        and not re.search(r"\d|[；;：:]" if commas else r"\d|[；;：:、]", body)
        and body.count("，") <= (2 if commas else 1)
        and not _CLOSING_START.match(fold(body))
        and not _YEAR_SUBJECT.match(body)
    ):
        return body, rest
    return None


def _colon_lead(text: str) -> tuple[str, str] | None:
    """产业发展提质增效：全年…: a short phrase closed by a colon, and the rest; a lead only
    where its neighbours open alike (重点抓好五个方面工作： is an intro, not a lead)."""
    match = _PARALLEL_COLON.match(text)
    if not match:
        return None
    body, rest = match.group(1), text[match.end() :]
    if (
        len(rest) < 15
        or _COLON_OPENER.search(body)
        or _YEAR_SUBJECT.match(body)
        or _CLOSING_START.match(fold(body))
    ):
        return None
    return body, rest


def _mid_leads(line: Line, text: str, offset: int) -> list[tuple[str, int]]:
    """Paragraph texts starting at the lead phrases standing after a full stop: bold ones, or
    in plain text a short sentence of a lead's make (招商引资成效明显。) followed by more."""
    cuts = []
    for a, b in line.bold:
        a, b = a - offset, b - offset
        if 0 < a < len(text) and text[a - 1] in "。！？；" and b < len(text):
            cuts.append(a)
    if not line.bold:
        cuts += [m.start() for m in _MID_LEAD.finditer(text)]
    pieces = []
    start = 0
    for cut in sorted(set(cuts)):
        pieces.append((text[start:cut], start))
        start = cut
    pieces.append((text[start:], start))
    return pieces


def tokens(lines: list[Line]) -> list[_Token]:
    """Each line as headings and paragraphs (with their leads), in order."""
    found: list[_Token] = []
    for line in lines:
        if len(line.text) <= 40 and squeeze(line.text) != line.text:
            # 工 作 回 顾: layout spaces are no part of a heading.
            line = replace(line, text=squeeze(line.text), bold=())
        text = line.text
        numbered = _numbering(text)
        if numbered:
            name, match = numbered
            rest = text[match.end() :]
            if NUMBERING_ZH.match(rest) or _enumerates(text):
                # 一、一、… is no heading a model title can hold (numbers are generated);
                # （一）…；（二）…。 is a list running in one sentence, no heading.
                found += _paras(line, text, 0)
                continue
            spaced = _SPACED_RUN_IN.match(rest) if name in ("cn", "paren") else None
            if spaced and _spaced_run_in(spaced.group(2)):
                found.append(_Token(f"heading:{name}", spaced.group(1), line.number, source=text))
                found += _paras(line, spaced.group(2), len(text) - len(spaced.group(2)))
                continue
            sentence = re.match(r"^([^。！？：]{2,60})[。！？：](.*)$", rest)
            run_in = _PART_RUN_IN.match(fold(rest)) if name == "cn" else None
            run_on = run_in is not None and re.search(r"[，。；！？]", rest[run_in.end(1) :])
            if run_in and run_on and (not sentence or len(sentence.group(1)) > run_in.end(1)):
                # 一、2022年主要工作2022年以来，…: a part heading run into its paragraph.
                cut = len(run_in.group(1))
                found.append(_Token("heading:cn", rest[:cut], line.number, source=text))
                found += _paras(line, rest[cut:], len(text) - len(rest) + cut)
                continue
            if name in ("cn", "paren"):
                if sentence and sentence.group(2).strip():
                    found.append(
                        _Token(
                            f"heading:{name}",
                            sentence.group(1),
                            line.number,
                            source=text[: match.end() + sentence.end(1) + 1],
                        )
                    )
                    found += _paras(
                        line, sentence.group(2).strip(), len(text) - len(sentence.group(2).strip())
                    )
                elif len(rest) <= 60:
                    found.append(
                        _Token(f"heading:{name}", rest.rstrip("。"), line.number, source=text)
                    )
                else:
                    found += _paras(line, text, 0)
                continue
            if not sentence and len(rest) <= 40:
                found.append(_Token(f"heading:{name}", rest.rstrip("。"), line.number, source=text))
                continue
        chapter = _CHAPTER.match(text)
        if chapter and text[chapter.end() :].strip():
            # 第一部分 2023年工作回顾: a part, its own numbering left to the model.
            found.append(_Token("heading:part", text[chapter.end() :].strip(), line.number))
            continue
        if _part_heading(line):
            found.append(_Token("heading:part", line.text, line.number))
            continue
        style = line.heading or (2 if _all_bold(line) else 0)
        if style and len(text) <= 40 and not _ends_sentence(text.rstrip("。")):
            found.append(_Token(f"heading:style{style}", text.rstrip("。"), line.number))
            continue
        found += _paras(line, text, 0)
    for token in found:
        if token.kind.startswith("heading") and not _words(token.text):
            # Numbering with no words after it heads nothing: it stays text, as written.
            token.kind, token.text = "para", token.source or token.text
    breaks = {line.number for line in lines if line.after_break}
    return _across_pages(_parallel_leads(_lead_sentences(found)), breaks)


def _words(text: str) -> str:
    """What a heading says besides its numbering (一、, （二）, 3.) and punctuation."""
    numbering = NUMBERING_ZH.match(text)
    return re.sub(r"[\W_]", "", text[numbering.end() :] if numbering else text)


def _across_pages(found: list[_Token], breaks: set[int]) -> list[_Token]:
    """A paragraph without a lead, just under a page's end, between two lead items (a 文库
    page broken at a full stop): the rest of the item above, not a paragraph of its own."""
    out: list[_Token] = []
    for index, token in enumerate(found):
        following = found[index + 1] if index + 1 < len(found) else None
        if (
            out
            and token.line in breaks
            and token.kind == "para"
            and token.lead is None
            and not token.marker
            and not _CLOSING_START.match(fold(token.text))
            and out[-1].kind == "para"
            and out[-1].lead is not None
            and following is not None
            and following.kind == "para"
            and following.lead is not None
        ):
            out[-1].text += token.text
            continue
        out.append(token)
    return out


def _paras(line: Line, text: str, offset: int) -> list[_Token]:
    out = []
    for piece, start in _mid_leads(line, text, offset):
        dash = _DASH_ITEM.match(piece)
        if dash:
            # ——坚持围绕中心、服务大局，加强经济工作监督。…: a dash opens a lead phrase that
            # may hold commas (bold or not); the dash is a list marker, dropped like numbering.
            skip = dash.end()
            lead, rest = _lead(line, piece[skip:], offset + start + skip)
            if lead is not None and line.bold:
                out.append(_Token("para", rest, line.number, lead))
                continue
            token = _Token("para", piece, line.number)
            token.candidate = _first_sentence(piece[skip:], commas=True)
            token.dashed = token.candidate is not None
            out.append(token)
            continue
        marker = (
            SUB_ITEM.match(piece)
            or ARABIC.match(piece)
            or PAREN_ARABIC.match(piece)
            or CIRCLED.match(piece)
        )
        skip = marker.end() if marker else 0
        lead, rest = _lead(line, piece[skip:], offset + start + skip)
        colon = _COLON_LEAD.match(piece[skip:]) if SUB_ITEM.match(piece) else None
        if lead is None and colon:
            # 一是强化理论武装：坚持…: after 一是, a short phrase closed by a colon is the lead.
            lead, rest = colon.group(1), colon.group(2)
        if lead is not None:
            out.append(_Token("para", rest, line.number, piece[:skip] + lead))
        else:
            token = _Token("para", piece, line.number)
            if not line.bold:
                token.candidate = _first_sentence(piece[skip:]) or _colon_lead(piece[skip:])
                token.marker = piece[:skip]
            out.append(token)
    return out


def _parallel_leads(found: list[_Token]) -> list[_Token]:
    """Short first sentences with a comma (集聚一流企业，锻造工业“主引擎”。) are leads where two
    paragraphs or more in a row open alike; one alone is just a sentence."""
    run: list[_Token] = []
    for token in [*found, _Token("end", "", 0)]:
        if token.kind == "para" and (token.candidate or token.lead is not None):
            run.append(token)
            continue
        parallel = sum(1 for t in run if t.candidate) >= 2 or any(t.lead for t in run)
        for member in run:
            if member.candidate and member.lead is None and (parallel or member.dashed):
                member.lead = member.marker + member.candidate[0]
                member.text = member.candidate[1]
        run = []
    return found


def _lead_sentences(found: list[_Token]) -> list[_Token]:
    """Short paragraphs of one sentence, standing alone and opening alike (一年来，我们…。),
    head their sections — unless numbered (一、…。), which no model title holds (tokens)."""
    alone = [
        t
        for t in found
        if t.kind == "para"
        and t.lead is None
        and len(t.text) <= 40
        and t.text.endswith("。")
        and t.text.count("。") == 1
        and not NUMBERING_ZH.match(t.text)
    ]
    # The intro right under a heading is no heading itself.
    after_heading = {
        id(found[i + 1]) for i, t in enumerate(found[:-1]) if t.kind.startswith("heading")
    }
    alone = [t for t in alone if id(t) not in after_heading]
    openings = Counter(t.text[:3] for t in alone)
    for token in alone:
        if openings[token.text[:3]] >= 2:
            token.kind = "heading:sentence"
            token.source = token.text
            token.text = token.text[:-1].lstrip("—–－-")
    return found


_UNDER: Final = -1
"""A heading level taken from the heading above it."""


def _levels(found: list[_Token]) -> tuple[dict[str, int], bool]:
    """The level (1 part, 2 section, 3 sub-section) of each kind of heading in this document,
    and whether its parts are numbered. Levels follow the model, not the numeral."""
    kinds = {t.kind for t in found}
    cn = [t for t in found if t.kind == "heading:cn"]
    part_like = [bool(_PART_WORDS.search(fold(t.text))) for t in cn]
    common = {"heading:part": 1, "heading:style1": 1, "heading:style2": 2, "heading:sentence": 2}
    if "heading:part" in kinds or "heading:style1" in kinds and not cn:
        # 2024年工作回顾 / 一、… / （一）…: unnumbered parts, numbered sections.
        # With no 一、 level between, （一） heads the sections of those parts.
        return common | {"heading:cn": 2, "heading:paren": 3 if cn else 2}, False
    if cn and not part_like[0] and any(part_like):
        # 一、…三、（the year's work by topic）四、2024年工作任务: one series of numbered parts,
        # the first heading the review, the tasks numbered on after the topics (the model's
        # `parts` numbering gives the same 一、–四、 back; an unheaded review would need a heading
        # the source does not have).
        for token, is_part in zip(cn, part_like, strict=True):
            token.kind = "heading:part-cn" if is_part else "heading:topic"
        levels = {"heading:topic": 1, "heading:part-cn": 1, "heading:paren": 2}
        return common | levels | {"heading:arabic": 3, "heading:paren-arabic": 3}, True
    if "heading:paren" in kinds or any(part_like):
        # 一、2023年工作回顾 / （一）… / 1.…: numbered parts.
        numbered = {"heading:cn": 1, "heading:paren": 2, "heading:arabic": 3}
        return common | numbered | {"heading:paren-arabic": 3}, True
    # 一、… only: the sections of an unheaded review.
    return common | {"heading:cn": 2, "heading:paren": 3, "heading:arabic": 3}, False


_APPENDIX: Final = re.compile(
    r"(?:附[：:]?)?(?:名词(?:术语)?(?:解释|注释)|注释|附录|附件\d*)[：:]?"
)
"""The heading of what a report adds after its closing address: 名词解释, 附件, 附录."""


def build(lines: list[Line]) -> Body:
    """The heading tree of the body; an appendix after the closing address apart."""
    lines, appendix = _appendix(lines)
    found = tokens(join_broken(lines))
    levels, parts_numbered = _levels(found)
    root = Node("", 0, 0)
    stack = [root]
    above = 0
    for token in found:
        level = levels.get(token.kind, 0) if token.kind.startswith("heading") else 0
        if level == _UNDER:
            level = min(above + 1, 3)
        elif level:
            above = level
        if not level:
            # A heading of a level this document has no place for stays a paragraph, as written.
            stack[-1].paras.append(Para(token.source or token.text, token.line, token.lead))
            continue
        while stack[-1].level >= level:
            stack.pop()
        node = Node(token.text, token.line, level, topic=token.kind == "heading:topic")
        stack[-1].children.append(node)
        stack.append(node)
    return Body(root, parts_numbered, appendix)


def _appendix(lines: list[Line]) -> tuple[list[Line], list[Para]]:
    """The lines before a report's appendix (名词解释 and the like: its heading, alone on its
    line, after the closing address), and the appendix's lines as paragraphs. Its numbered
    terms (1.规模以上工业企业：…) were read as items of the last task, and the closing address
    with them."""
    closed = False
    for index, line in enumerate(lines):
        text = fold(line.text)
        if closed and _APPENDIX.fullmatch(re.sub(r"\s+", "", text)):
            return lines[:index], [Para(line.text, line.number) for line in lines[index:]]
        # The closing address, not the salutation (各位代表：).
        closed = closed or bool(_CLOSING_START.match(text) and not text.endswith(("：", ":")))
    return lines, []


_NUMERIC_CELL = re.compile(r"[\d.,%\s/-]+")


def _numeric_row(text: str) -> bool:
    cells = [c.strip() for c in re.split(r"[|｜]", text) if c.strip()]
    if len(cells) > 1:
        return sum(bool(_NUMERIC_CELL.fullmatch(c)) for c in cells) * 2 >= len(cells)
    return bool(_NUMERIC_CELL.fullmatch(text))


def is_report(all_lines: list[Line], *, salutation: bool) -> bool:
    """False for an annual disclosure report (政府信息公开工作年度报告) and the like: tables of
    figures under 一、 rows, no salutation — no work report, not to be forced into its shape."""
    # What the document calls itself stands above its first paragraph, under a page's chrome
    # however much of it a copy keeps.
    top = next((i for i, line in enumerate(all_lines[:30]) if _prose_line(line.text)), 30)
    head = " ".join(fold(line.text) for line in all_lines[: max(top, 6)])
    if re.search(r"信息公开(工作)?年度报告|年度报告表", head) and not salutation:
        return False
    numeric = sum(_numeric_row(line.text) for line in all_lines)
    return salutation or numeric < 5 or numeric * 5 < len(all_lines)


def _prose_line(text: str) -> bool:
    return len(text) > 40 and "。" in text


def flat(lines: list[Line]) -> Body:
    """The text of a document that is no report: paragraphs in order, no headings."""
    return Body(Node("", 0, 0, [Para(line.text, line.number) for line in lines]), False)


def is_task_part(title: str) -> bool:
    return bool(_TASK_WORDS.search(fold(title)))


def is_closing(para: Para) -> bool:
    return para.lead is None and bool(_CLOSING_START.match(fold(para.text)))
