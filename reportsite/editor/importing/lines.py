"""The value every stage of the import passes on: a line of the source, with where it was."""

from __future__ import annotations

from dataclasses import dataclass, field, replace


@dataclass(frozen=True, slots=True)
class Line:
    """One paragraph of the source as the reader sees it."""

    text: str
    number: int
    """Its line in the source (for a Word file: its paragraph number), for the summary."""
    bold: tuple[tuple[int, int], ...] = ()
    """Character spans the source set in bold (Word runs, <strong>, **…**): lead phrases."""
    heading: int = 0
    """1 or 2 where the format marks a heading (a Word heading style or 黑体/楷体 font, <h2>,
    a Markdown #); 0 otherwise."""
    centred: bool = False
    titled: bool = False
    """A saved page's class marks it as the article's heading (<div class="wztit">)."""
    after_break: bool = False
    """Page chrome (a page footer, a 文库 marker) was cut out just above it: a page ended."""

    def with_text(self, text: str, start: int = 0) -> Line:
        """The same line holding text that begins at `start` of the old text."""
        spans = tuple(
            (max(a - start, 0), min(b - start, len(text)))
            for a, b in self.bold
            if b - start > 0 and a - start < len(text)
        )
        return replace(self, text=text, bold=spans)


@dataclass(frozen=True, slots=True)
class Dropped:
    """Something left out of the YAML, and why, for the summary."""

    line: int
    text: str
    why_zh: str
    why_en: str


@dataclass(slots=True)
class Notes:
    """What the stages tell the editor: dropped lines and warnings, in source order."""

    dropped: list[Dropped] = field(default_factory=list)
    warnings: list[tuple[int, str, str]] = field(default_factory=list)
    """(line, 中文, English)."""
    punctuation: int = 0
    """Half-width punctuation marks made full-width."""


_TRADITIONAL = str.maketrans(
    "無礙瀏覽長簡體當頁務開鄉鎮報號發佈機構錄類題詞點擊閱讀數間時責編輯權關閉掃網標識碼備辦單屆會議顧區縣處導載電話聯繫紀錯糾"
    "們來見謝聞護訪問負審轉應對動態專欄參與實進經濟總結設過後劃計彙據隊員協黨團書記將並這個為臺證頭鄰級屬視頻圖訊啟業產農歲幾鬥興擬築強壯條歷勞預籤檔聲適範華語搜庫資術員傳熱兩題",
    "无碍浏览长简体当页务开乡镇报号发布机构录类题词点击阅读数间时责编辑权关闭扫网标识码备办单届会议顾区县处导载电话联系纪错纠"
    "们来见谢闻护访问负审转应对动态专栏参与实进经济总结设过后划计汇据队员协党团书记将并这个为台证头邻级属视频图讯启业产农岁几斗兴拟筑强壮条历劳预签档声适范华语搜库资术员传热两题",
)


def fold(text: str) -> str:
    """Text for recognising labels, chrome and keywords: the Traditional characters they use
    read as Simplified, one character for one, so positions stay those of the original. What
    is written to the YAML is always the original (Traditional text is kept as written)."""
    return text.translate(_TRADITIONAL)
