"""The title block: title of record, meeting line, headline (letter-spaced or wrapped over two
lines), subtitle with or without its dash, presenter in its forms, the day the report was
delivered, salutation. What is not recognised is handed back as opening text, never lost."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Final

from .lines import Line, fold

SALUTATION: Final = re.compile(
    r"^(各位(人大|政协)?(代表|委员|同志|领导)|同志们|尊敬的)[^。！？]{0,30}?[:：]?$"
)
# A dash typed as a row of hyphens (-------在…会议上) is the same dash.
_DASH: Final = re.compile(r"^[—–－─━\-]{1,12}\s*")
_DIGIT: Final = r"[\d〇零一二三四五六七八九十XxＸ×*＊]"
# The day may be missing (——2024年1月在…会议上): the line is still the date-and-meeting
# line, and gives no delivery date.
_DATE_MEETING: Final = re.compile(
    rf"^[（(]?\s*({_DIGIT}{{4}})\s*年\s*({_DIGIT}{{1,3}})\s*月\s*(?:({_DIGIT}{{1,3}})\s*日)?\s*[）)]?"
    r"\s*(?:在\s*(.+?)\s*上)?\s*[）)]?$"
)
_AT_DATE: Final = re.compile(
    rf"^在\s*({_DIGIT}{{4}}\s*年\s*{_DIGIT}{{1,3}}\s*月\s*(?:{_DIGIT}{{1,3}}\s*日)?)\s*(?:召开的|举行的)?"
)
"""——在2008年1月19日××镇第十一届人民代表大会第一次会议上: the date after 在, read as if it
stood before it."""
_CHINESE_DIGITS: Final = {c: i for i, c in enumerate("〇一二三四五六七八九")} | {"零": 0}
_MEETING_ONLY: Final = re.compile(
    r"^[（(]?\s*在\s*(.+?(?:会议|大会))\s*上(?:的(?:工作)?(?:报告|讲话))?\s*[）)]?$"
)
"""在…会议上, 在…会议上的报告 on its own line, dashed or not, without a date: the meeting
line, not a subtitle (matched on the folded text: 在…會議上 alike)."""
_MEETING: Final = re.compile(r"(届|次).*(会议|大会)$|^在.+(会议|大会)上$")
_ROLE: Final = re.compile(
    r"(长|主席|主任|书记|委员|秘书长|主席团|常委|代表|局长|县长|镇长|乡长|区长|市长|省长|人大主席"
    r"|苏木达|嘎查达)$"
)
_HAN: Final = "\u3400-\u9fff\U00020000-\U0003134f"
"""Chinese characters, the GB18030-only ones of the extensions (李𫖮) included: names use them."""
_NAME: Final = re.compile(rf"^(?:[{_HAN}]{{2,4}}|[{_HAN}·•．]{{3,16}}|[×XxＸ＊*○]{{2,4}})$")
_ROLE_NAME: Final = re.compile(
    rf"^(.{{1,24}}?(?:长|主席|主任|书记))([{_HAN}]{{2,4}}|[{_HAN}·]{{3,16}}|[×XxＸ*＊○]{{2,4}})$"
)
_LONG_NAME: Final = re.compile(rf"[{_HAN}]{{2,8}}[·•．][{_HAN}·•．]{{1,12}}|[{_HAN}]{{5,8}}")
"""Names of more than four characters: with a middle dot (阿依古丽·吐尔逊), or a Mongolian,
Tibetan or Uyghur name written without one (乌力吉巴雅尔)."""
_TRANSLITERATED: Final = frozenset(
    "乌力吉巴雅尔德格其仁卓玛扎西多洛桑旺堆次央宗拉顿珠达瓦尼平措嘎布琼斯琴高娃那顺木阿坦仓苏和朝鲁图孟额敦毕宝音来赛罕哈特日"
    "勒根呼都兰萨楚伦满白依热合曼买提艾克江古丽努汗别夏帕孜吐逊迪亚肯库拜娜米吾守沙甫不山伊明排塔什洪奥麦卡玉素森凯旦加娅门恩"
    "宁乐庆泰登包道金花陶涛赫舍楞罗确索南才让贡觉泽秋英姆普群培益曲珍赤列单增边土强久美杰晋"
)
"""Characters Mongolian, Tibetan and Uyghur names are written in: a line of five to eight of
them is a name, where a slogan or a wrapped headline (高质量发展新篇章) is not."""
_DRAFT: Final = re.compile(
    r"^[（(]\s*(草案|征求意见稿|审议稿|送审稿|讨论稿|初稿|修改稿|代拟稿|徵求意見稿|審議稿|送審稿|討論稿)\s*[）)]$"
)
"""A draft's status alone on its line under the headline: of the draft, not of the report."""
_NO_NAME: Final = re.compile(r"[（(]?(全文|摘要|草案|目录|附件|简本|全文如下|文字实录)[）)]?")
REPORT_END: Final = re.compile(r"(报告|讲话|工作情况)$")


@dataclass(slots=True)
class Front:
    title: str | None = None
    meeting: str | None = None
    headline: str | None = None
    subtitle: str | None = None
    presenter: tuple[str, str | None] | None = None
    """(name, role); the role None where the source names no post."""
    delivered: dt.date | None = None
    salutation: str | None = None
    lines: dict[str, int] = field(default_factory=dict)
    leftover: list[Line] = field(default_factory=list)
    """Lines of the title block that are none of these: they go to the opening."""
    draft: list[Line] = field(default_factory=list)
    """A draft mark standing alone ((征求意见稿)): left out, and said so."""
    file_name: Line | None = None
    """A 文库 file's name above the headline (人民代表大会乡长政府工作报告 over
    青塘乡…政府工作报告): the site's, left out."""


def squeeze(text: str) -> str:
    """Layout spaces out: 政 府 工 作 报 告 → 政府工作报告, 2 0 2 3 年工作回顾 → 2023年工作回顾;
    a space between two phrases (夯基固本强履职 砥砺奋进惠民生) stays."""
    tokens = text.split(" ")
    if sum(len(token) == 1 for token in tokens) < 2:
        return text
    out = tokens[0]
    for previous, token in zip(tokens, tokens[1:], strict=False):
        out += token if len(previous) == 1 or len(token) == 1 else " " + token
    return out


def presenter(text: str) -> tuple[str, str | None] | None:
    """(name, role) from （王子恒 党委委员、政法委员、人大主席）, 镇长 王 鹏, 报告人：…"""
    inner = re.sub(r"^[（(]\s*|\s*[）)]$", "", text)
    named = re.match(r"^(报告人|主讲人)[:：]\s*", fold(inner))
    inner = inner[named.end() :] if named else inner
    # 镇长：王鹏 — a colon between the role and the name stands for the space.
    inner = re.sub(r"^([^：:]{1,24}?(?:长|主席|主任|书记|苏木达|嘎查达))\s*[：:]\s*", r"\1 ", inner)
    if len(inner) > 60 or "。" in inner or "，" in inner:
        return None
    tokens = inner.split()
    if len(tokens) == 1 and len(inner) <= 14:
        alone = _ROLE_NAME.match(fold(inner))
        if alone and len(alone.group(2)) <= 4 and not re.search(r"\d|年|工作", inner):
            return inner[alone.end(1) :], inner[: alone.end(1)]  # 镇长王鹏
        if named and _NAME.match(inner):  # 报告人：王鹏
            return inner, None
    if len(tokens) < 2:
        return None
    joined = fold("".join(tokens))
    glued = _ROLE_NAME.match(joined)
    if glued and not _ROLE.search(fold(tokens[0])) and len(tokens[0]) > len(glued.group(1)):
        # 乡长马 俊: the role runs into the name.
        cut = len(glued.group(1))
        text = "".join(tokens)
        return text[cut:], text[:cut]
    first = tokens[0]
    if _ROLE.search(fold(first)):
        name = "".join(tokens[1:])
        if _NAME.match(name):
            return name, first
        return None
    last = tokens[-1]
    if _ROLE.search(fold(last)) or "、" in last:
        name = "".join(tokens[:-1])
        if _NAME.match(name):
            return name, last
    return None


def _number(text: str) -> int | None:
    """2024, 〇九, 二〇二四, 十二, 二十八 → the number; None for a placeholder (XX)."""
    if text.isdigit():
        return int(text)
    if "十" in text:
        tens, _, ones = text.partition("十")
        high = _CHINESE_DIGITS.get(tens, -1) if tens else 1
        low = _CHINESE_DIGITS.get(ones, -1) if ones else 0
        return None if high < 0 or low < 0 else high * 10 + low
    digits = [_CHINESE_DIGITS.get(c) for c in text]
    if any(d is None for d in digits):
        return None
    return int("".join(str(d) for d in digits))


def _date(year: str, month: str, day: str | None) -> dt.date | None:
    """The date as written; None for a placeholder, a month without its day or an impossible
    date (never invented)."""
    if day is None:
        return None
    numbers = [_number(part) for part in (year, month, day)]
    if None in numbers:
        return None
    try:
        return dt.date(*numbers)  # type: ignore[arg-type]
    except ValueError:
        return None


def _name_only(line: Line, text: str, placed: bool) -> str | None:
    """张  勇: a presenter named without a role, known by its layout spaces, its centring or its
    place (`placed`: under the subtitle or the meeting line, where a plain copy keeps no
    centring)."""
    squeezed = squeeze(text)
    shown = line.centred or placed
    if _LONG_NAME.fullmatch(squeezed):
        letters = [c for c in squeezed if c not in "·•．"]
        foreign = sum(c not in _TRANSLITERATED for c in letters)
        if foreign <= (len(letters) // 3 if "·" in squeezed else 0):
            return squeezed if shown or "·" in squeezed else None
        return None
    if not re.fullmatch(rf"[{_HAN}·]{{2,4}}", squeezed) or _ROLE.search(fold(squeezed)):
        return None
    if REPORT_END.search(fold(squeezed)) or _NO_NAME.fullmatch(squeezed):
        return None
    return squeezed if (" " in text or shown) else None


def _meeting_text(text: str) -> str:
    match = re.match(r"^在\s*(.+?)\s*上$", text)
    return match.group(1) if match else text


def read_front(lines: list[Line], title: str | None) -> Front:
    """The title block from the lines before the salutation or the first paragraph."""
    front = Front(title=title)
    rest: list[Line] = []
    lines = _join_date_meeting(lines)
    repeated: list[Line] = []
    for line in lines:
        text = line.text.replace(":", "：") if SALUTATION.match(fold(line.text)) else line.text
        plain = _DASH.sub("", text)
        date = _DATE_MEETING.match(_AT_DATE.sub(r"\1在", plain))
        placed = bool({"subtitle", "meeting"} & front.lines.keys())
        meeting_only = _MEETING_ONLY.match(fold(plain))
        if _DRAFT.match(text) and front.salutation is None:
            front.draft.append(line)
        elif SALUTATION.match(fold(text)) and front.salutation is None:
            front.salutation = text
            front.lines["salutation"] = line.number
        elif date and front.delivered is None:
            front.delivered = _date(date[1], date[2], date[3])
            front.lines["delivered"] = line.number
            if date[4]:
                front.meeting = squeeze(date[4])
                front.lines["meeting"] = line.number
        elif meeting_only and front.meeting is None:
            front.meeting = squeeze(plain[meeting_only.start(1) : meeting_only.end(1)])
            front.lines["meeting"] = line.number
        elif front.presenter is None and presenter(text):
            front.presenter = presenter(text)
            front.lines["presenter"] = line.number
        elif front.presenter is None and rest and (name := _name_only(line, text, placed)):
            front.presenter = (name, None)
            front.lines["presenter"] = line.number
        elif _DASH.match(text) and front.subtitle is None and plain:
            front.subtitle = squeeze(plain)
            front.lines["subtitle"] = line.number
        elif (
            front.meeting is None
            and not front.headline
            and _MEETING.search(fold(plain))
            and len(plain) < 40
            and not REPORT_END.search(fold(plain))
        ):
            front.meeting = squeeze(_meeting_text(plain))
            front.lines["meeting"] = line.number
        elif title is not None and squeeze(text) == squeeze(title) and not repeated:
            repeated.append(line)  # the page's own heading of the title of record
        else:
            rest.append(line)
    # …unless the document has no other headline: then that line is its headline too.
    _headline(front, rest or repeated)
    return front


def _join_date_meeting(lines: list[Line]) -> list[Line]:
    """——2021年1月14日在琼山黎族苗族自治县 / 第十五届人民代表大会第七次会议上: a date-and-meeting
    line (or a meeting line) wrapped over two lines (a narrow page, a soft break in Word) read
    as one."""
    out: list[Line] = []
    for line in lines:
        if out:
            joined = out[-1].text + line.text
            previous = _DASH.sub("", out[-1].text)
            whole = _DASH.sub("", joined)
            if (
                not _DATE_MEETING.match(previous)
                and not _MEETING_ONLY.match(fold(previous))
                and re.match(rf"^[（(]?\s*({_DIGIT}{{4}}\s*年.*)?在", previous)
                and (_DATE_MEETING.match(whole) or _MEETING_ONLY.match(fold(whole)))
            ):
                out[-1] = out[-1].with_text(joined)
                continue
        out.append(line)
    return out


def _prose(text: str) -> bool:
    """A sentence, not a headline: it ends with a full stop, or runs long with commas."""
    return len(text) >= 15 and text.endswith("。") or len(text) > 45 and "，" in text


_SITE_WORDS: Final = re.compile(r"(网|网站|门户|平台|频道|专栏|之窗|动态|热点|专题)$")
"""A site's or a column's name: never the first line of a wrapped headline."""


def _headline_piece(text: str) -> bool:
    return (
        len(text) <= 30
        and " " not in text
        and not re.search(r"[，。；：！？、]", text)
        and not _SITE_WORDS.search(fold(text))
    )


def _headline(front: Front, rest: list[Line]) -> None:
    """The headline and a subtitle without its dash from the unassigned lines, in order."""
    # A paragraph above the title block (a site's note on the file) heads nothing: it stays
    # text, as the opening's first lines.
    prose = []
    while rest and _prose(rest[0].text):
        prose.append(rest.pop(0))
    front.leftover = prose
    if not rest:
        return
    first = rest.pop(0)
    headline = squeeze(first.text)
    banner: list[Line] = []
    if (
        rest
        and REPORT_END.search(fold(rest[0].text))
        and len(rest[0].text) <= 40
        and (headline[-2:] == squeeze(rest[0].text)[:2] or _SITE_WORDS.search(fold(headline)))
    ):
        # 青山县人民政府 / 政府工作报告: the body's name (or the site's) over the headline (a
        # page's banner) neither wraps into it nor is it: it stays text, the headline is the
        # next line.
        banner, first = [first], rest.pop(0)
        headline = squeeze(first.text)
    if (
        rest
        and front.title is None
        and REPORT_END.search(fold(headline))
        and REPORT_END.search(fold(rest[0].text))
        and _headline_piece(headline)
        and _headline_piece(squeeze(rest[0].text))
    ):
        # Two names of a report in a row, no byline under the first: the first is the name a
        # 文库 gave the file it serves, the second the document's own headline.
        front.file_name, first = first, rest.pop(0)
        headline = squeeze(first.text)
    front.lines["headline"] = first.number
    if (
        rest
        and len(headline) <= 30
        and " " not in headline
        and not REPORT_END.search(fold(headline))
    ):
        # 宁川县人民代表大会 / 常务委员会工作报告, or 中国人民政治协商会议 / ××县委员会常务委员会 /
        # 工作报告: one headline wrapped over two or three lines, the last saying what it is.
        for count in (1, 2):
            wrapped = [squeeze(line.text) for line in rest[:count]]
            if (
                len(wrapped) == count
                and REPORT_END.search(fold(wrapped[-1]))
                and all(_headline_piece(piece) for piece in wrapped)
                and not any(REPORT_END.search(fold(piece)) for piece in wrapped[:-1])
                and (rest[0].number == first.number or not front.subtitle)
            ):
                headline += "".join(wrapped)
                del rest[:count]
                break
    below = front.lines.get("subtitle", front.lines.get("meeting", 0))
    if (
        rest
        and _headline_piece(headline)
        and not REPORT_END.search(fold(headline))
        and _headline_piece(squeeze(rest[0].text))
        and not REPORT_END.search(fold(rest[0].text))
        and (rest[0].number == first.number or first.number < rest[0].number < below)
    ):
        # 夯基固本强履职 / 砥砺奋进惠民生 over the subtitle: a motto headline in two lines.
        headline += squeeze(rest.pop(0).text)
    front.headline = headline
    if (
        rest
        and front.subtitle is None
        and REPORT_END.search(fold(rest[0].text))
        and len(rest[0].text) <= 40
    ):
        line = rest.pop(0)
        front.subtitle = squeeze(line.text)
        front.lines["subtitle"] = line.number
    front.leftover = prose + banner + rest
