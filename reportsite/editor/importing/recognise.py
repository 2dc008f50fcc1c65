"""The stages of an import in order: source lines → chrome dropped → disclosure block → title
block → body structure → YAML text. Pure: no printing, no files."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Final

from ...validate import MAX_TEXT
from . import chrome, contents, disclosure, front, shape, structure, tables
from .emit import Counts, emit
from .lines import Dropped, Line, Notes, fold
from .sources import Read

_HALF = {",": "，", ":": "：", ";": "；", "(": "（", ")": "）", "?": "？", "!": "！"}
_HALF_IN_ZH = re.compile(r"(?<=[\u3400-\u9fff“”、。])[,:;()?!]|[,:;()?!](?=[\u3400-\u9fff“”])")
_HALF_STOP = re.compile(r"(?<=[\u3400-\u9fff”）])\.(?=\s*$|[\u3400-\u9fff“])")
Values = dict[str, str | dt.date | None]
_TAG_START = re.compile(r"<(?=\s*/?\s*[a-zA-Z!?])")


@dataclass(frozen=True, slots=True)
class Imported:
    yaml: str
    counts: Counts
    notes: Notes
    kind: str
    """report, or not-report."""
    front: front.Front
    disclosure: dict[str, str | dt.date | None]
    disclosure_lines: dict[str, int]
    """The source line of each disclosure field."""
    block: frozenset[int]
    """The source lines of the metadata block."""


def full_width(lines: list[Line], notes: Notes) -> list[Line]:
    """Half-width , : ; ( ) ? ! beside Chinese made full-width, and a < that would read as an
    HTML tag (counted for the summary)."""
    out = []
    for line in lines:
        text, count = _HALF_IN_ZH.subn(lambda m: _HALF[m.group()], line.text)
        # Content never holds what reads as an HTML tag: a < before a letter is written ＜.
        # 意见. — a full stop typed half-width after Chinese, where a sentence ends.
        text, stops = _HALF_STOP.subn("。", text)
        count += stops
        text, tags = _TAG_START.subn("＜", text)
        count += tags
        # "(王子恒 …)": a bracket pair opened before Chinese closes in kind.
        text = re.sub(r"（([^（）()]*)\)", r"（\1）", text)
        text = re.sub(r"\(([^（）()]*)）", r"（\1）", text)
        notes.punctuation += count
        out.append(line.with_text(text) if text != line.text else line)
    return out


def _body_start(lines: list[Line]) -> int:
    """The first line of the report's body: the salutation, a numbered heading, a part
    heading or a paragraph."""
    for index, line in enumerate(lines):
        text = line.text
        if front.SALUTATION.match(fold(text)):
            return index + 1
        if structure.CN.match(text) or structure.PAREN.match(text):
            return index
        if (
            len(text) > 45
            and ("，" in text or "。" in text)
            and not text.startswith(("—", "-"))
            and not _title_block_below(lines, index)
        ):
            return index
    return len(lines)


def _title_block_below(lines: list[Line], index: int) -> bool:
    """Whether a salutation follows within a few short lines: the paragraph at `index` stands
    above the title block (a site's description of the file it serves), not in the body."""
    for line in lines[index + 1 : index + 9]:
        if front.SALUTATION.match(fold(line.text)):
            return True
        if len(line.text) > 45 and "。" in line.text or structure.CN.match(line.text):
            return False
    return False


def split_long(lines: list[Line], notes: Notes) -> list[Line]:
    """A paragraph longer than a content text may be (text whose breaks were all lost, with
    no numbering to split at) cut after full stops into paragraphs well within the limit."""
    out: list[Line] = []
    for line in lines:
        if len(line.text) <= MAX_TEXT:
            out.append(line)
            continue
        notes.warnings.append(
            (
                line.number,
                "过长的段落已在句号处分段",
                "an overlong paragraph was split at full stops",
            )
        )
        pieces = [""]
        for sentence in re.findall(r"[^。！？]*[。！？]|[^。！？]+$", line.text):
            if len(pieces[-1]) + len(sentence) > MAX_TEXT // 5 and pieces[-1]:
                pieces.append("")
            pieces[-1] += sentence
        start = 0
        for piece in pieces:
            # A "sentence" with no full stop in reach is cut where the limit falls.
            for cut in range(0, len(piece), MAX_TEXT):
                out.append(line.with_text(piece[cut : cut + MAX_TEXT], start + cut))
            start += len(piece)
    return out


def _metadata(found: disclosure.Disclosure, source: Read) -> tuple[Values, str | None]:
    """The disclosure fields, completed from what a page says of itself; and the title of
    record where the block or the page names it."""
    values = dict(found.values)
    named = values.pop("title", None)
    page_title = source.meta.get("page_title")
    if page_title and _SITE_NAME.search(fold(page_title.split(" ")[0])):
        # <title>潭溪县人民政府信息公开网</title>, <title>…人民政府 政务公开 政府工作报告</title>:
        # the site's name and its columns, not the report's.
        page_title = None
    title = named if isinstance(named, str) else source.meta.get("title") or page_title
    written = values.pop("written", None)
    if values.get("published") is None and isinstance(written, dt.date):
        values["published"] = written  # 成文日期 stands in where no publication date is given
    if "published" not in values and source.meta.get("published"):
        values["published"] = disclosure.parse_date(source.meta["published"])
    if "issuer" not in values and source.meta.get("issuer"):
        values["issuer"] = source.meta["issuer"]
    return values, title


def _below_page_top(
    lines: list[Line], title: str | None, block_before: list[Line], notes: Notes
) -> list[Line]:
    """On a saved page, what stands above the title (or above the metadata block) is the
    site's own: menus, banners, toolbars."""
    key = front.squeeze(title) if title else None
    top = lines[: _body_start(lines)]
    index = next((i for i, line in enumerate(top) if front.squeeze(line.text) == key), None)
    if index is None and key:
        # The page's <title> may add or drop a word: a heading that holds it, or that it holds.
        index = next(
            (
                i
                for i, line in enumerate(top)
                if key in line.text
                or len(line.text) >= 0.7 * len(key)
                and front.squeeze(line.text) in key
            ),
            None,
        )
    cut = lines[:index] if index is not None else block_before
    for line in cut:
        chrome.drop(notes, line)
    gone = {id(line) for line in cut}
    return [line for line in lines if id(line) not in gone]


_SITE_NAME = re.compile(r"(人民政府|人大常委会|政协|网站|门户|网|平台|频道|专栏)$")
_TITLE_WORDS = re.compile(r"\d{4}|[〇一二][〇零一二三四五六七八九]{3}|报告|讲话")


def _visible_title(lines: list[Line]) -> str | None:
    """The article's heading (<h1>/<h2>, else <h3>) above the text of a saved page: the title as the
    reader sees it. It wins over the <title> tag and the meta tags, which often hold the site
    and column names (…人民政府 政务公开 政府工作报告) or, on a Traditional page, the
    Simplified form. A heading that is the site's name is none; a column's name above the
    article (政府工作报告 over 2024年青山镇政府工作报告) gives way to the heading holding it."""
    top = lines[: _body_start(lines)]
    # An <h3> or a div of a title class heads the article where no <h1>/<h2> names a report.
    first = any(line.heading == 1 for line in top if _titled(line))
    chosen: str | None = None
    for line in top:
        text = front.squeeze(line.text)
        if (
            (line.heading == 1 if first else line.heading == 2 or line.titled)
            and _titled(line)
            and (chosen is None or chosen in text)
        ):
            chosen = text
    return chosen


def _as_shown(lines: list[Line], title: str | None) -> str | None:
    """The <title> as the page shows it: on a page served through a Traditional conversion the
    tag keeps the Simplified form (政协…工作报告) while the text reads 政協…工作報告; a line
    above the text that is the title character for character, but for such forms, is it."""
    if title is None:
        return None
    key = fold(front.squeeze(title))
    for line in lines[: _body_start(lines)]:
        text = front.squeeze(line.text)
        same = sum(a == b for a, b in zip(fold(text), key, strict=False))
        if len(text) == len(key) and text != title and same >= 0.6 * len(key):
            return text
    return title


def _title_above_byline(
    lines: list[Line], kept: list[Line], *, toolbar: bool = False
) -> str | None:
    """A page whose heading no element marks: the line naming the report right above the
    article's byline (发布时间：… 来源：…) is its title; on a page copied as text also the one
    above its toolbar (【字体：大 中 小】 【打印】), which stands under the title alone."""
    shown = {id(line) for line in kept}
    for index, line in enumerate(lines[:80]):
        text = front.squeeze(line.text)
        under = lines[index + 1] if index + 1 < len(lines) else None
        if (
            id(line) in shown
            and len(text) <= 60
            and not re.search(r"[。，；]", text)
            and _TITLE_WORDS.search(fold(text))
            and not _SITE_NAME.search(fold(text))
            and (
                chrome.byline_at(lines, index + 1)
                or (toolbar and under is not None and id(under) not in shown)
            )
        ):
            return text
    return None


def _title_under_block(kept: list[Line]) -> str | None:
    """Text copied from a page with its metadata block above: the page's title under the block
    (a notice's, 关于公开征求《…》意见的公告, or the report's name) over the document's own
    headline, both naming the report — two headlines in a row, the first the page's."""
    if len(kept) < 2:
        return None
    first, second = (front.squeeze(line.text) for line in kept[:2])
    if (
        len(first) <= 60
        and not re.search(r"[。，；]", first)
        and _TITLE_WORDS.search(fold(first))
        and not _SITE_NAME.search(fold(first))
        and len(second) <= 30
        and front.REPORT_END.search(fold(second))
        and first != second
    ):
        return first
    return None


def _titled(line: Line) -> bool:
    """Whether a page's heading line can be the article's title: it names a report or a year,
    and is neither chrome nor the site's name."""
    text = fold(front.squeeze(line.text))
    return (
        bool(line.heading or line.titled)
        and len(text) <= 60
        and not text.startswith(("—", "-"))
        and not chrome.is_chrome(line)
        and bool(_TITLE_WORDS.search(text))
        and not _SITE_NAME.search(text)
    )


def _title_twice(lines: list[Line]) -> Line | None:
    """A copied page often gives its title, then chrome, then the document's own headline:
    the first line standing twice is the title of record."""
    if not lines or len(lines[0].text) > 60:
        return None
    first = front.squeeze(lines[0].text)
    return lines[0] if any(front.squeeze(line.text) == first for line in lines[1:12]) else None


def _title_over_byline(lines: list[Line]) -> int | None:
    """A page copied as text (a 文库 page, a WeChat post) opens with its own title — under the
    site's chrome, if any — then the article's byline (时间/作者/来源, the account and date):
    that line is the title of record, and the document's title block follows. It is kept even
    when it names the site's wares (…范文（精选）, 权威发布丨…): it is what the page calls the
    report. Its index, or None."""
    for index, line in enumerate(lines[:4]):
        if index + 2 >= len(lines):
            return None
        if (
            len(line.text) <= 60
            and not re.search(r"[。，；]", line.text)
            and not front.SALUTATION.match(fold(line.text))
            and chrome.byline_at(lines, index + 1)
        ):
            return index
        if not chrome.is_chrome(line):
            return None
    return None


_DAMAGED_SHOWN: Final = 20
"""Damaged lines named one by one in the summary; the rest are counted."""
_ATTACHMENTS_SHOWN: Final = 5


def recognise(source: Read, *, series: str, year: int, schema: str) -> Imported:
    notes = Notes()
    for number in source.damaged[:_DAMAGED_SHOWN]:
        notes.warnings.append(
            (number, "此行有无法识别的字符，已略去", "characters that cannot be read were left out")
        )
    if len(source.damaged) > _DAMAGED_SHOWN:
        more = len(source.damaged) - _DAMAGED_SHOWN
        notes.warnings.append(
            (
                source.damaged[_DAMAGED_SHOWN],
                f"另有 {more} 行有无法识别的字符，已略去",
                f"and on {more} more lines",
            )
        )
    lines = split_long(structure.split_run_on(full_width(list(source.lines), notes)), notes)
    lines = contents.drop_contents(lines, notes)
    found = disclosure.find(lines, notes)
    start, end = found.span
    values, title = _metadata(found, source)
    title_line: Line | None = None
    if (end == start or found.below) and not (source.word or source.format == "html"):
        at = _title_over_byline(lines)
        if at is not None:
            title_line, title = lines[at], lines[at].text
            for line in lines[:at]:
                chrome.drop(notes, line)
            lines = lines[at + 1 :]
            if found.below:
                start, end = start - at - 1, end - at - 1
    before = chrome.strip(lines[:start], notes)
    after = chrome.strip(lines[end:], notes)
    above = end > start and not found.below
    if (
        above
        and before
        and not source.word
        and title is None
        and not _SITE_NAME.search(fold(before[-1].text))
        and (source.format == "html" or _TITLE_WORDS.search(fold(before[-1].text)))
    ):
        # The line standing above the metadata block is the title of record.
        title_line = before.pop()
        title = title_line.text
    if above and not (source.word or source.format == "html"):
        # Text copied from a page: what stands above its metadata block but the title — the
        # site's name in its banner (碌曲县人民政府), a column's menu (南岗镇 / 白石镇) — is the
        # page's top, never a line of the title block.
        for line in before:
            chrome.drop(notes, line)
        before = []
    rest = chrome.drop_notices(before + after, notes)
    if source.format == "html":
        if "title" not in found.values:
            title = _visible_title(rest) or _as_shown(rest, title)
        title = title or _title_above_byline(lines, rest)
        rest = _below_page_top(rest, title, before if above else [], notes)
    elif above and title is None and not source.word:
        title = _title_above_byline(lines, rest, toolbar=True) or _title_under_block(rest)
    if title is None and not source.word:
        title_line = _title_twice(rest)
        if title_line is not None:
            title = title_line.text
            rest = rest[1:]
    body_at = _body_start(rest)
    head = front.read_front(rest[:body_at], title)
    if head.file_name is not None:
        chrome.drop(notes, head.file_name)
    for mark in head.draft:
        notes.dropped.append(Dropped(mark.number, mark.text, "草稿标记", "draft mark"))
    if title_line is not None:
        head.lines["title"] = title_line.number
        if head.headline is None:
            # One line above the metadata block and nothing else: it is the headline too.
            head.headline = front.squeeze(title_line.text)
            head.lines["headline"] = title_line.number
    body = head.leftover + rest[body_at:]
    report = structure.is_report(lines, salutation=head.salutation is not None)
    kind = "report" if report else "not-report"
    if report:
        body = tables.drop_tables(body, notes)
    tree = structure.build(body) if kind == "report" else structure.flat(body)
    front_values: dict[str, str | dt.date | tuple[str, str | None] | None] = {
        "title": head.title,
        "meeting": head.meeting,
        "headline": head.headline,
        "subtitle": head.subtitle,
        "presenter": head.presenter,
        "delivered": head.delivered,
        "salutation": head.salutation,
    }
    text, counts = emit(
        shape.shape(tree),
        schema=schema,
        series=series,
        year=year,
        disclosure=values,
        front=front_values,
    )
    if not (counts.parts or counts.sections or counts.tasks):
        _attached(source, notes)
    block = frozenset(line.number for line in lines[start:end])
    return Imported(text, counts, notes, kind, head, values, dict(found.lines), block)


def _attached(source: Read, notes: Notes) -> None:
    """A page of no report whose report may be a file it links (附件): told of, with where to
    get it (a site often publishes a report so, the page holding a line and the link)."""
    for line, name, address in source.attachments[:_ATTACHMENTS_SHOWN]:
        notes.warnings.append(
            (
                line,
                f"报告全文可能在附件 {name}（{address}）中：请下载该文件后导入",
                f"the report's text may be in the attachment {name} ({address}): "
                "download that file and import it",
            )
        )
