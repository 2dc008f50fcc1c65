"""The disclosure metadata block (索引号, 发文机构, 公开目录, 文号, 日期) in the forms pages and
copies give it: a label line then a value line, `label：value` pairs run together on one line,
table cells, pipe tables; labels letter-spaced (索 引 号), clipped (索 引), or named by a
synonym (主题分类 for 公开目录, 发布机构 for 发文机构, 发布日期 for 日期)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Final

from .lines import Dropped, Line, Notes, fold

FIELDS: Final = {
    "index_no": ("索引号", "信息索引号", "信息索引", "索取号", "索引"),
    "issuer": ("发文机构", "发布机构", "发文机关", "发布机关", "发文单位", "发布单位", "信息来源"),
    "catalog": (
        "公开目录",
        "公文目录",
        "信息分类",
        "主题分类",
        "所属主题",
        "信息类别",
        "内容分类",
        "所属分类",
        "公开类别",
        "组配分类",
        "分类",
    ),
    "doc_no": ("文号", "发文字号"),
    "published": ("发布日期", "公开日期", "发文日期", "发布时间", "公开时间", "日期", "时间"),
    "title": ("信息名称", "标题", "名称"),
    "written": ("成文日期", "成文时间", "生成日期"),
}
"""Each field's labels, longest first where one contains another."""
IGNORED: Final = (
    "浏览量", "浏览次数", "阅读次数", "访问量", "点击量", "有效性", "主题词", "关键词", "关键字",
    "公开方式", "公开范围", "时效", "生效日期", "废止日期", "体裁分类", "服务对象", "文件编号",
    "统一编号", "公开形式", "来源", "点击数", "点击率", "阅读量", "时效性", "效力状态", "是否有效",
    "生效时间", "失效时间", "废止时间", "内容概述", "内容概要", "摘要", "备注", "载体类型",
)  # fmt: skip
"""Labels of fields the model has no place for: recognised so their value is not taken for
another field's, then dropped."""
INNER: Final = frozenset(("时间", "名称", "分类", "组配分类", "摘要", "备注"))
"""Labels that say what they are only inside a block (时间 of a byline is the page's, 名称 or
摘要 may head a line of text): they never open one."""
WEAK: Final = frozenset(("组配分类", "分类"))
"""Catalog labels that give way to a more specific one in the same block (组配分类 beside
信息分类: the latter is the catalog)."""


def _pattern(label: str) -> str:
    # Letter-spacing puts ordinary or ideographic spaces between the characters.
    return r"[ \u3000]*".join(re.escape(c) for c in label)


_LABELS: Final = sorted(
    [(label, key) for key, labels in FIELDS.items() for label in labels]
    + [(label, "") for label in IGNORED],
    key=lambda pair: -len(pair[0]),
)
_LABEL: Final = re.compile(
    r"(?:^|(?<=[\s|｜:：]))(?:[-*•]\s*)?[【\[]?("
    + "|".join(_pattern(label) for label, _ in _LABELS)
    + r")[ \u3000]*[】\]]?[ \u3000]*(?:[:：]|(?<=[】\]])|(?=[\s|｜])|$)"
)
_BY_LABEL: Final = {label: key for label, key in _LABELS}
_DATE: Final = re.compile(r"(\d{4})\s*[-年/.]\s*(\d{1,2})\s*[-月/.]\s*(\d{1,2})")


@dataclass(slots=True)
class Disclosure:
    """The fields found, as written (a date as a date); a label with no value gives None."""

    values: dict[str, str | dt.date | None] = field(default_factory=dict)
    lines: dict[str, int] = field(default_factory=dict)
    """The source line of each field."""
    span: tuple[int, int] = (0, 0)
    """Index range of the block's lines in the list given."""
    labels: dict[str, str] = field(default_factory=dict)
    """The label that gave each field."""
    below: bool = False
    """The block stands after the text (a CMS that prints it under the article)."""

    def fields(self) -> int:
        """How many fields the model has a place for the block names."""
        return sum(key not in ("title", "written") for key in self.values)


def parse_date(text: str) -> dt.date | None:
    match = _DATE.search(text)
    if not match:
        return None
    try:
        return dt.date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    except ValueError:
        return None


def _labels(text: str) -> list[re.Match[str]]:
    return list(_LABEL.finditer(fold(text)))


def _value(text: str) -> str:
    return re.sub(r"^[\s|｜:：\-]+|[\s|｜]+$", "", text).strip()


def find(lines: list[Line], notes: Notes, limit: int = 80) -> Disclosure:
    """The disclosure block standing before the report's text (among the first `limit` lines,
    above the first full paragraph) or after it; the caller drops lines[span] from the text.
    A 来源 line under the article is no block: a block names at least one field the model
    has. Where a page has both an article header above (发布时间：… 来源：…) and a block below
    the text, the block naming more fields is the disclosure."""
    text_at = next(
        (i for i, line in enumerate(lines) if len(line.text) > 20 and "。" in line.text),
        len(lines),
    )
    above, above_notes = _block_from(lines, range(min(limit, text_at)))
    text_end = next(
        (
            i
            for i in range(len(lines) - 1, -1, -1)
            if len(lines[i].text) > 20 and "。" in lines[i].text
        ),
        None,
    )
    if text_end is not None:
        below, below_notes = _block_from(lines, range(text_end + 1, len(lines)))
        # One labelled line under the text (来源：…, 发布时间：…) is a byline, no block.
        if below.fields() >= 2 and below.fields() > above.fields():
            below.below = True
            notes.dropped += below_notes.dropped
            return below
    notes.dropped += above_notes.dropped
    return above


def _block_from(lines: list[Line], where: range) -> tuple[Disclosure, Notes]:
    """The block starting at the first label line in `where`, with what it dropped."""
    start = next((i for i in where if _starts_with_label(lines[i].text)), None)
    mine = Notes()
    if start is None:
        return Disclosure(), mine
    found = _parse(lines, start, mine)
    if any(key != "title" for key in found.values):
        return found, mine
    return Disclosure(), Notes()


def _parse(lines: list[Line], start: int, notes: Notes) -> Disclosure:
    found = Disclosure()
    pending: tuple[str, int] | None = None
    index = start
    while index < len(lines):
        line = lines[index]
        text = _unclip_cells(line.text)
        matches = _labels(text) if len(text) < 300 else []
        if found.fields() >= 2 and pending is None and _byline(text, matches):
            break  # the article's header line under the block: chrome, no field of it
        clipped = _clipped(text) if not matches else None
        # 有 效 性 / 有效: under a label, a word the label begins with is its value.
        if clipped is not None and not (pending is not None and pending[0] == clipped):
            if pending is not None:
                _store(found, pending, None, notes, line.number)
            pending = (clipped, line.number)
            index += 1
            continue
        if not matches:
            if pending is None:
                break
            if (
                line.heading
                or line.titled
                or not _plausible(_BY_LABEL.get(pending[0], ""), _value(text))
            ):
                # An empty last field: the line after it is the document's, not a value.
                _store(found, pending, None, notes, pending[1])
                pending = None
                break
            _store(found, pending, _value(text), notes, line.number)
            pending = None
            index += 1
            continue
        before = _value(text[: matches[0].start()])
        if pending is not None:
            _store(found, pending, before or None, notes, line.number)
            pending = None
        for i, match in enumerate(matches):
            end = matches[i + 1].start() if i + 1 < len(matches) else len(text)
            value = _value(text[match.end() : end])
            label = re.sub(r"[ \u3000]", "", match.group(1))
            if pending is not None:
                _store(found, pending, None, notes, pending[1])  # two labels in a row
                pending = None
            if value:
                _store(found, (label, line.number), value, notes, line.number)
            else:
                pending = (label, line.number)
        if pending is not None and (len(matches) > 1 or "|" in text or "｜" in text):
            # A row of a table or of pairs: an empty cell is an empty field, not a cue to
            # take the next line as its value.
            _store(found, pending, None, notes, line.number)
            pending = None
        index += 1
    if pending is not None:
        _store(found, pending, None, notes, pending[1])
    found.span = (start, index)
    return found


_BYLINE_LABELS: Final = frozenset(("时间", "发布时间", "日期", "来源", "浏览次数"))
_BYLINE_SOURCE: Final = re.compile(r"\s(来源|作者|编辑)\s*[：:]")


def _byline(text: str, matches: list[re.Match[str]]) -> bool:
    """时间：… 来源：… (作者：…): the article's header line, a date and where the text came from
    on one line — a byline, never a row of the disclosure block."""
    labels = [re.sub(r"[ \u3000]", "", match.group(1)) for match in matches]
    return (
        bool(labels)
        and labels[0] in ("时间", "发布时间", "日期")
        and all(label in _BYLINE_LABELS for label in labels)
        and bool(_BYLINE_SOURCE.search(fold(text)))
    )


def _unclip_cells(text: str) -> str:
    """| 索 引 | 0115…/2024-00007 | 发布机 | …办公室 |: a row of a table whose cells clipped
    their labels, each such cell given its whole label."""
    if "|" not in text or len(text) >= 300:
        return text
    cells = text.split("|")
    whole = [
        label if cell.strip() and not _labels(cell) and (label := _clipped(cell)) else cell
        for cell in cells
    ]
    return " | ".join(cell.strip() for cell in whole).strip() if whole != cells else text


def _clipped(text: str) -> str | None:
    """A label cut short by a narrow table cell (主题分, 发布机): the one label it begins."""
    short = re.sub(r"[\s\u3000:：|｜]", "", fold(text))
    if not 2 <= len(short) <= 4:
        return None
    whole = {label for label, _ in _LABELS if label.startswith(short) and label != short}
    keys = {_BY_LABEL[label] for label in whole}
    return min(whole, key=len) if len(keys) == 1 else None


_NONE = re.compile(r"^[（(【\[]?\s*(?:[无無暂]|暂无|空)\s*[）)】\]]?$|^[—–－\-/／]+$")
"""A value that says the field is empty: 无, （无）, 暂无, —."""


def _plausible(key: str, value: str) -> bool:
    """Whether a line standing under a label can be its value (a list or a column of cells)."""
    if key in ("published", "written"):
        return parse_date(value) is not None
    if key == "doc_no":
        # 江政发〔2024〕3号, [2024]1号, 第12号, 无: a year in brackets or a number; a title that
        # merely holds a year (the <h1> under an empty 文号 cell) is none.
        return len(value) <= 40 and bool(
            re.search(r"[〔\[［（(]\s*\d{4}\s*[〕\]］）)]|\d+\s*号$", value) or _NONE.match(value)
        )
    if key == "index_no":
        return bool(re.search(r"\d", value)) and len(value) <= 60
    return len(value) <= 40 and not re.search(r"[。！？]|(届|次).*(会议|大会)$", fold(value))


def _starts_with_label(text: str) -> bool:
    match = _LABEL.match(fold(text).lstrip("|｜ \u3000"))
    if not match or len(text) >= 300:
        return False
    return re.sub(r"[ \u3000]", "", match.group(1)) not in INNER


def _store(
    found: Disclosure, label: tuple[str, int], value: str | None, notes: Notes, line: int
) -> None:
    name, label_line = label
    key = _BY_LABEL.get(name, "")
    if not key:
        notes.dropped.append(
            Dropped(label_line, name, "无对应字段的公开信息", "metadata without a field")
        )
        return
    if key in found.values and found.labels.get(key) not in WEAK:
        return
    if key in ("published", "written"):
        found.values[key] = parse_date(value) if value else None
    else:
        found.values[key] = None if not value or _NONE.match(value) else value
    found.lines[key] = label_line
    found.labels[key] = name
