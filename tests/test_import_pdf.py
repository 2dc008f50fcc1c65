"""PDF files, as Word and WPS save them: their lines made paragraphs as a reader sees them."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reportsite.editor.importing.sources import SourceError, read

from .importing import import_to, refusal
from .pdf_fixture import Rule, Text, make_pdf, width

LEFT, EM = 90, 16
RIGHT = LEFT + 28 * EM  # GB/T 9704: 28 characters a line
"""The text block of the pages made here, and its characters' size (三号)."""


def line(
    y: float, text: str, indent: int = 0, *, font: str = "FangSong_GB2312", mode: int = 0,
    size: float = EM,
) -> Text:  # fmt: skip
    """A line from the left margin, `indent` characters in."""
    return Text(LEFT + indent * EM, y, text, size, font, mode)


def full(y: float, text: str, indent: int = 0, *, font: str = "FangSong_GB2312") -> Text:
    """A line that ends at the right margin, as a justified paragraph's lines but its last."""
    assert indent + width(text) == 28, text
    return line(y, text, indent, font=font)


def centred(y: float, text: str, size: float = EM, *, font: str = "FangSong_GB2312") -> Text:
    return Text((LEFT + RIGHT) / 2 - width(text) * size / 2, y, text, size, font)


def cell(x0: float, x1: float, top: float, bottom: float) -> list[Rule]:
    """A cell's four borders, half a point thick."""
    return [
        Rule(x0, top, x1, top + 0.5),
        Rule(x0, bottom, x1, bottom + 0.5),
        Rule(x0, bottom, x0 + 0.5, top + 0.5),
        Rule(x1, bottom, x1 + 0.5, top + 0.5),
    ]


FULL = "全面贯彻落实党的二十大和二十届三中全会精神，紧紧围绕全镇"

PAGES: list[list[Text | Rule]] = [
    [
        # A header every page repeats, in the top margin.
        centred(800, "瓦窑镇人民政府"),
        centred(720, "政府工作报告", 22, font="SimHei"),
        # A centred paragraph of two lines: its first full, its last centred under it.
        full(680, "——2025年1月8日在石门乡第十八届人民代表大会第五次会议上", font="KaiTi_GB2312"),
        centred(652, "的报告", font="KaiTi_GB2312"),
        Text(LEFT + 11 * EM, 624, "乡长", font="KaiTi_GB2312"),
        Text(LEFT + 14 * EM, 624, "赵文斌", font="KaiTi_GB2312"),
        line(596, "各位代表："),
        full(568, "现在，我代表乡人民政府，向大会报告工作，请予审议，并", indent=2),
        line(540, "请列席人员提出意见。"),
        # A font the file names in GBK's bytes (黑体), as a PDF may.
        line(512, "一、2024年工作回顾", indent=2, font="#BA#DA#CC#E5"),
        # A bold lead as Word draws it in a face with no bold (filled and stroked), and a
        # paragraph whose last line ends at the margin: the next one's indent begins another.
        line(484, "农业生产保持稳定。", indent=2, mode=2),
        Text(LEFT + 11 * EM, 484, "全年粮食播种面积两万亩，总产一万吨"),
        full(456, FULL),
        # A bold face, as its name says.
        line(428, "特色产业加快发展。", indent=2, font="KaiTi_GB2312,Bold"),
        Text(LEFT + 11 * EM, 428, "新发展茶叶种植两千亩。"),
        # Latin text beside Chinese a fifth of a character apart, as Word sets it: no space.
        line(400, "2024", indent=2),
        Text(LEFT + 4 * EM + 3, 400, "年全乡农村常住居民人均可支配收入已达到一万七千余"),
        full(372, FULL),
        line(344, "元。"),
        # A paragraph that goes on over the page's end.
        full(316, "各位代表，在肯定成绩的同时，我们也清醒地看到，全乡的", indent=2),
        full(120, FULL),
        centred(60, "— 1 —"),
    ],
    [
        centred(800, "瓦窑镇人民政府"),
        line(720, "产业基础仍然薄弱。"),
        # A table, its cells in rows: a long number wrapped in its cell is one paragraph.
        *cell(LEFT, LEFT + 100, 690, 640),
        *cell(LEFT + 100, RIGHT, 690, 640),
        Text(LEFT + 5, 670, "索引号", 12, font="SimSun"),
        Text(LEFT + 105, 670, "01525788-", 12, font="SimSun"),
        Text(LEFT + 105, 652, "2/2025-0110-001", 12, font="SimSun"),
        *cell(LEFT, LEFT + 100, 640, 610),
        *cell(LEFT + 100, RIGHT, 640, 610),
        Text(LEFT + 5, 620, "发布日期", 12, font="SimSun"),
        Text(LEFT + 105, 620, "2025年01月10日", 12, font="SimSun"),
        # Quotation marks drawn in another font after the line's other characters, as
        # LibreOffice draws them: read where they stand. A space the file does not draw.
        line(580, "实现", indent=2),
        line(580, "十四五", indent=5),
        line(580, "规划目标任务。", indent=9),
        line(581, "“", indent=4, font="DejaVuSans"),
        line(581, "”", indent=8, font="DejaVuSans"),
        # A full line, then one flush with the margin in a heading's font, then a note in a
        # smaller size: neither goes on the line above.
        full(552, FULL),
        line(524, "二、2025年工作安排", font="SimHei"),
        line(496, "夯基固本强履职", indent=2, font="SimHei"),
        Text(LEFT + 9 * EM + 5, 496, "砥砺奋进惠民生", font="SimHei"),
        full(468, FULL),
        line(444, "注：数据为初步统计数。", size=12),
        # A watermark across the page, turned: no part of any line.
        Text(150, 300, "内部资料注意保存", 48, angle=45),
        centred(60, "— 2 —"),
    ],
]


def test_a_pdf_is_read_into_paragraphs_as_a_reader_sees_them() -> None:
    """A PDF as Word saves it: its lines joined into the paragraphs they are (a paragraph
    begins indented, centred, in another size or heading font, or after a line that stops
    short; it goes on over a page's end), a table's cells read in rows, each cell a paragraph,
    characters read where they stand, spaces where they stand apart, bold drawn by stroking
    kept, a paragraph wholly in 黑体 or 楷体 a heading; not a header every page repeats, a
    page's number, nor a watermark's turned text. It was refused."""
    source = read(make_pdf(PAGES), "report.pdf")
    assert (source.format, source.word) == ("pdf", True)
    assert [
        (line.text, line.number, line.bold, line.heading, line.centred) for line in source.lines
    ] == [
        ("政府工作报告", 1, (), 1, True),
        ("——2025年1月8日在石门乡第十八届人民代表大会第五次会议上的报告", 2, (), 2, True),
        ("乡长 赵文斌", 3, (), 2, True),
        ("各位代表：", 4, (), 0, False),
        (
            "现在，我代表乡人民政府，向大会报告工作，请予审议，并请列席人员提出意见。",
            5,
            (),
            0,
            False,
        ),
        ("一、2024年工作回顾", 6, (), 1, False),
        (f"农业生产保持稳定。全年粮食播种面积两万亩，总产一万吨{FULL}", 7, ((0, 9),), 0, False),
        ("特色产业加快发展。新发展茶叶种植两千亩。", 8, ((0, 9),), 0, False),
        (f"2024年全乡农村常住居民人均可支配收入已达到一万七千余{FULL}元。", 9, (), 0, False),
        (
            f"各位代表，在肯定成绩的同时，我们也清醒地看到，全乡的{FULL}产业基础仍然薄弱。",
            10,
            (),
            0,
            False,
        ),
        ("索引号", 11, (), 0, False),
        ("01525788-2/2025-0110-001", 12, (), 0, False),
        ("发布日期", 13, (), 0, False),
        ("2025年01月10日", 14, (), 0, False),
        ("实现“十四五”规划目标任务。", 15, (), 0, False),
        (FULL, 16, (), 0, False),
        ("二、2025年工作安排", 17, (), 1, False),
        ("夯基固本强履职 砥砺奋进惠民生", 18, (), 1, False),
        (FULL, 19, (), 0, False),
        ("注：数据为初步统计数。", 20, (), 0, False),
    ]


BODY = "全年地区生产总值增长百分之六，一般公共预算收入增长百分之"
WRAPPED = (
    "（一）产业发展稳步推进，现代农业提质增效，乡村旅游持续升",
    "温，特色产业不断发展壮大，农民收入稳步增长，集体经济持续",
)
BOOKMARKED: list[list[Text | Rule]] = [
    [full(700, BODY), line(670, "一、工作回顾")],
    [
        full(700, BODY),
        line(670, "对过去一年工作回顾"),
        full(640, BODY),
        line(610, "一、工作回顾"),
        line(580, "现在，我代表镇人民政府。", 2),
        full(550, WRAPPED[0]),
        full(520, WRAPPED[1]),
        line(490, "全年完成目标。"),
        full(460, BODY),
        line(430, "一、工作回顾"),
        full(400, BODY),
        line(370, "（二）民生"),
        line(340, "（二）民生保障有力有效"),
    ],
]
BOOKMARKS = [("工作回顾", 0, 1), ("".join(WRAPPED), 1, 1), ("（二） 民生保障有力有效", 1, 1)]
"""Pages with headings of the body's look, and the bookmarks that name them (page 1's; a
space after a number, as LibreOffice writes its titles)."""


def test_a_pdf_s_bookmarks_mark_its_headings() -> None:
    """Word and LibreOffice make a PDF's bookmarks of its headings (its outline). A heading of
    the body's look, not indented, after a full line, was run on into the paragraph before:
    the bookmark that names it (its title without the number drawn before it) makes it a
    paragraph and a heading of the bookmark's level, and the next line begins another; a title
    wrapped over two lines is one heading. The same words on a page the bookmark does not go
    to, once more on its page, after words that are no heading's number, or a title's first
    words running on a line, are body text."""
    lines = read(make_pdf(BOOKMARKED, outline=BOOKMARKS), "report.pdf").lines
    assert [(line.text, line.heading) for line in lines] == [
        (BODY + "一、工作回顾", 0),
        (BODY + "对过去一年工作回顾", 0),
        (BODY, 0),
        ("一、工作回顾", 1),
        ("现在，我代表镇人民政府。", 0),
        ("".join(WRAPPED), 2),
        ("全年完成目标。", 0),
        (BODY + "一、工作回顾", 0),
        (BODY + "（二）民生", 0),
        ("（二）民生保障有力有效", 2),
    ]


def across(x0: float, x1: float, y: float) -> Rule:
    """A rule across, half a point thick."""
    return Rule(x0, y, x1, y + 0.5)


def cells(y: float, *texts: tuple[float, str]) -> list[Text]:
    """A table's line: each text where its column begins (points from the left margin), 五号."""
    return [Text(LEFT + x, y, text, 12, "SimSun") for x, text in texts]


COLUMNS = (0, 120, 220, 330)
OPEN_TABLE: list[Text | Rule] = [
    full(700, FULL),
    line(672, "主要指标完成情况如下："),
    # A 三线表: a rule above, one under the header (drawn a cell at a time, as Word draws a
    # cell's border), one below; no rules down. Its header wraps in two columns, a name in
    # the first.
    across(LEFT, RIGHT, 655),
    *cells(640, (5, "指标名称"), (125, "单位"), (225, "2024年"), (335, "同比增长")),
    *cells(626, (229, "完成"), (335, "（%）")),
    *(
        across(LEFT + a, LEFT + b, 620)
        for a, b in zip(COLUMNS, (*COLUMNS[1:], RIGHT - LEFT), strict=True)
    ),
    *cells(605, (5, "地区生产总值"), (125, "亿元"), (225, "125.6"), (335, "6.2")),
    *cells(590, (5, "社会消费品零售总"), (125, "亿元"), (225, "52.1"), (335, "6.9")),
    *cells(576, (5, "额")),
    across(LEFT, RIGHT, 568),
    line(540, "注：数据为初步统计数。", 2),
    full(512, FULL[:26], 2),
    line(484, "全年完成目标。"),
    # Rules above and below lines of the body (版记's: 抄送 and 印发, the office and the date
    # apart), one of them set apart: no table.
    across(LEFT, RIGHT, 200),
    line(180, "抄送：县人大常委会办公室，县政协办公室。", 1),
    across(LEFT, RIGHT, 170),
    line(150, "县人民政府办公室", 1),
    line(150, "2025年1月5日印发", 19),
    across(LEFT, RIGHT, 140),
]
OPEN_TABLE_OF_ONE_ROW: list[Text | Rule] = [
    # Rules above and below the page's text (a header's and a footer's), one line of it set
    # apart: no table.
    across(LEFT, RIGHT, 780),
    centred(750, "工作报告"),
    line(722, "乡长", 11),
    line(722, "赵文斌", 14),
    line(694, "各位代表："),
    full(666, FULL[:26], 2),
    line(638, "请予审议。"),
    # A table of a header and one row, each between two rules.
    across(LEFT, RIGHT, 620),
    *cells(605, (5, "项目"), (125, "金额（万元）")),
    across(LEFT, RIGHT, 598),
    *cells(583, (5, "合计"), (125, "100")),
    across(LEFT, RIGHT, 576),
    line(548, "全年完成目标。", 2),
    across(LEFT, RIGHT, 100),
]


def test_a_table_ruled_across_only_is_read_cell_by_cell() -> None:
    """A table drawn with rules across and none down (a 三线表) was read a row a line, its
    cells spaced, the lines run into one paragraph: it is read as a table drawn with borders
    is, cell by cell, row by row, a cell's text wrapped over two lines one paragraph. Rules
    about the body's lines make no table of them, nor of one line set apart."""
    lines = read(make_pdf([OPEN_TABLE, OPEN_TABLE_OF_ONE_ROW]), "report.pdf").lines
    assert [line.text for line in lines] == [
        FULL + "主要指标完成情况如下：",
        "指标名称",
        "单位",
        "2024年完成",
        "同比增长（%）",
        "地区生产总值",
        "亿元",
        "125.6",
        "6.2",
        "社会消费品零售总额",
        "亿元",
        "52.1",
        "6.9",
        "注：数据为初步统计数。",
        FULL[:26] + "全年完成目标。",
        "抄送：县人大常委会办公室，县政协办公室。",
        "县人民政府办公室 2025年1月5日印发",
        "工作报告",
        "乡长 赵文斌",
        "各位代表：",
        FULL[:26] + "请予审议。",
        "项目",
        "金额（万元）",
        "合计",
        "100",
        "全年完成目标。",
    ]


def test_a_table_ruled_across_only_goes_on_over_pages() -> None:
    """A table over three pages has its rule above on the first and its rule below on the
    last, and none on the page between: its rows are read there too, and the pages' number and
    header are left out as on every page. They were read a row a line."""
    header = centred(800, "瓦窑镇人民政府")
    rows = [
        *cells(700, (5, "指标{0}"), (125, "亿元"), (225, "{0}.5"), (335, "{0}.1")),
        *cells(680, (5, "指标{1}"), (125, "万元"), (225, "{1}.5"), (335, "{1}.1")),
    ]

    def numbered(first: int, y: float) -> list[Text | Rule]:
        return [
            Text(text.x, text.y - 700 + y, text.text.format(first, first + 1), text.size, text.font)
            for text in rows
        ]

    pages: list[list[Text | Rule]] = [
        [
            header,
            full(720, FULL),
            line(692, "各项指标如下："),
            across(LEFT, RIGHT, 670),
            *numbered(1, 650),
            centred(60, "— 1 —"),
        ],
        [header, *numbered(3, 700), centred(60, "— 2 —")],
        [
            header,
            *numbered(5, 700),
            across(LEFT, RIGHT, 665),
            line(640, "全年完成目标。", 2),
            centred(60, "— 3 —"),
        ],
    ]
    lines = read(make_pdf(pages), "report.pdf").lines
    assert [line.text for line in lines] == [
        FULL + "各项指标如下：",
        *(
            text
            for number in range(1, 7)
            for text in (
                f"指标{number}",
                "亿元" if number % 2 else "万元",
                f"{number}.5",
                f"{number}.1",
            )
        ),
        "全年完成目标。",
    ]


def test_a_table_of_contents_is_read_an_entry_a_line() -> None:
    """Its entries run their leader dots to the margin, as a full line of a paragraph does, and
    were run into one paragraph with the line after them; each is a line, left out of the
    report as a table of contents (contents.py)."""

    def entry(y: float, title: str, page: str) -> Text:
        return full(y, title + "." * int(2 * (28 - width(title) - width(page))) + page)

    page: list[Text | Rule] = [
        centred(720, "目录", font="SimHei"),
        entry(690, "一、2024年工作回顾", "1"),
        entry(662, "二、2025年工作安排", "12"),
        line(634, "各位代表："),
        full(606, FULL),
    ]
    assert [line.text for line in read(make_pdf([page]), "report.pdf").lines] == [
        "目录",
        "一、2024年工作回顾" + "." * 37 + "1",
        "二、2025年工作安排" + "." * 36 + "12",
        "各位代表：",
        FULL,
    ]


def _encrypted(data: bytes) -> bytes:
    import io

    import pypdf

    writer = pypdf.PdfWriter(clone_from=pypdf.PdfReader(io.BytesIO(data)))
    writer.encrypt("密码", algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


REPORT = make_pdf([[line(700, "各位代表：")]])


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            _encrypted(REPORT),
            "PDF 文件设有打开密码 / the PDF file has a password to open it\n"
            "    修改 fix: 在 PDF 阅读器中输入密码后另存一份不设密码的 PDF，或改用同一报告的 Word "
            "文件 / open it in a PDF reader with its password and save a copy without one, or "
            "import the report's Word file instead",
        ),
        (
            make_pdf([[Rule(100, 100, 500, 700)], []]),
            "PDF 文件中没有文字（多为扫描件，只有页面图像） / the PDF file holds no text (a scan, "
            "most likely: pictures of its pages)",
        ),
        (
            make_pdf([[line(700, "各位代表：")], [line(700, "各位代表：", font="X")]], {"X"}),
            "PDF 文件第 2 页的字体未说明所绘为何字，文字无法读取 / the fonts on page 2 of the PDF "
            "file do not say which characters they draw: its text cannot be read",
        ),
        (
            make_pdf([[]] * 1_001),
            "PDF 文件有 1001 页，超过 1000 页 / the PDF file has 1001 pages, more than 1000",
        ),
    ],
    ids=["password", "scanned", "fonts without Unicode", "too many pages"],
)
def test_a_pdf_that_cannot_be_read_is_told_of(tmp_path: Path, data: bytes, message: str) -> None:
    assert message in refusal(tmp_path, "report.pdf", data)


_TEXTS = st.builds(
    Text,
    x=st.floats(-50, 650, allow_nan=False),
    y=st.floats(-50, 900, allow_nan=False),
    text=st.text(alphabet="各位代表，2024年（一）“”—— AZaz。", min_size=1, max_size=30),
    size=st.sampled_from([8, 12, 16, 22, 0.5, 200]),
    font=st.sampled_from(["SimHei", "KaiTi_GB2312", "FangSong_GB2312", "Bold", "X"]),
    mode=st.sampled_from([0, 2]),
)
_RULES = st.builds(
    Rule,
    x0=st.floats(0, 600, allow_nan=False),
    y0=st.floats(0, 850, allow_nan=False),
    x1=st.floats(0, 600, allow_nan=False),
    y1=st.floats(0, 850, allow_nan=False),
)


@given(st.lists(st.lists(st.one_of(_TEXTS, _RULES), max_size=25), min_size=1, max_size=3))
@settings(max_examples=60, deadline=None)
def test_pdf_never_crashes(pages: list[list[Text | Rule]]) -> None:
    try:
        lines = read(make_pdf(pages, unmapped={"X"}), "x.pdf").lines
    except SourceError as error:
        assert error.code in ("import-scanned", "import-pdf-unmapped", "import-no-text")
        return
    assert all(line.text == line.text.strip() and line.number >= 1 for line in lines)


def test_a_pdf_is_imported_through_the_command_line(tmp_path: Path) -> None:
    """The summary says what its line numbers count: a PDF's paragraphs."""
    source = tmp_path / "report.pdf"
    source.write_bytes(make_pdf(PAGES))
    result = import_to(source, tmp_path)
    assert result.returncode == 0, result.stderr
    assert "（PDF 文件的行号为段落序号 / line numbers of a PDF file count its paragraphs）" in (
        result.stdout
    )
    assert "report.pdf:1: 主标题 headline" in result.stdout
    assert "乡长" in (tmp_path / "o.yaml").read_text(encoding="utf-8")
