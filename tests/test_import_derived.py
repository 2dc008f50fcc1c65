"""Every labelled case as real reports also arrive (tests/import_derived.py): a saved page
copied out of the browser as text, text hard-wrapped at 28–36 characters, numbered headings
with and without their full stop. Each variant keeps its case's labels and must score at
least THRESHOLD of them; the importer's weak spots on such text are pinned down below."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml

from reportsite.editor.importing.score import labels, score

from .conftest import ROOT
from .import_derived import Derive, copied_page, hard_wrapped, variants
from .importing import imported

FOLDER = ROOT / "tests" / "fixtures" / "import"
THRESHOLD = 0.85
"""Of the case's labels. A copy loses what only the markup said (a table's cells, an <h1>'s
rank), a hard wrap what only the line breaks said; what is left must still come out."""


def _score(case: Path, text: str) -> float:
    expected = yaml.safe_load((case / "expected.yaml").read_text(encoding="utf-8"))
    made, data = imported(text)
    result = score(expected, data, made.yaml, made.kind)
    return result.points / max(result.total, 1)


@pytest.mark.parametrize(
    ("case", "derive", "text"),
    [pytest.param(*v, id=f"{v[0].name}-{v[1].__name__}") for v in variants(FOLDER)],
)
def test_a_variant_scores_at_least_the_threshold(case: Path, derive: Derive, text: str) -> None:
    assert _score(case, text) >= THRESHOLD


def test_the_variants_cover_every_form_they_derive() -> None:
    kinds = {derive.__name__ for _, derive, _ in variants(FOLDER)}
    assert kinds == {
        "copied_page",
        "wrapped-28",
        "wrapped-30",
        "wrapped-32",
        "wrapped-36",
        "headings-stopped",
        "headings-bare",
    }


def test_a_copy_is_the_page_as_read_and_a_wrap_cuts_prose_at_its_width() -> None:
    page = copied_page(FOLDER / "town-gov-2024-html-toolbar")
    assert page is not None
    assert "青岗镇2024年政府工作报告\n【字体：大 中 小】" in page
    assert "<" not in page
    wrapped = hard_wrapped(30)(FOLDER / "template-fanwen-placeholder-txt")
    assert wrapped is not None
    assert "一、一年来,我们致力于农业稳镇、工业强镇,发展基础进一步夯实\n\n" in wrapped
    assert max(len(line) for line in wrapped.splitlines() if "," in line) == 30


BODY = [
    "各位代表：",
    "现在，我代表镇人民政府，向大会报告工作，请予审议，并请列席会议的同志提出意见。",
    "一、2023年工作回顾",
    "（一）坚持项目带动不动摇，持续扩大有效投资规模和效益",
    "全年实施重点项目26个，完成投资12.6亿元，同比增长9%，带动就业1200余人，新开工项目5个。",
    "（二）民生保障持续加强",
    "全年民生支出2.3亿元，占一般公共预算支出的78%，新建幼儿园2所，改造校舍1.2万平方米。",
]


@pytest.mark.parametrize("blank", [False, True])
def test_a_heading_as_wide_as_the_wrap_is_not_joined_to_the_next_line(blank: bool) -> None:
    width = len(BODY[3])
    lines = [p[i : i + width] for p in BODY for i in range(0, len(p), width)]
    _, report = imported(("\n\n" if blank else "\n").join(lines))
    assert labels(report)["headings"] == [
        [1, "2023年工作回顾"],
        [2, "坚持项目带动不动摇，持续扩大有效投资规模和效益"],
        [2, "民生保障持续加强"],
    ]


BLOCK = [
    "索引号：11530923015283741P/2024-0012",
    "发布机构：永宁县人民政府办公室",
    "文号：永政办函〔2024〕3号",
]
TITLE_BLOCK = ["政府工作报告", "——2024年1月10日在永宁县第十八届人民代表大会第三次会议上"]


@pytest.mark.parametrize(
    ("top", "under", "title"),
    [
        (
            ["永宁县人民政府", "首页 > 政务公开 > 征求意见"],
            ["关于公开征求《2024年永宁县政府工作报告（征求意见稿）》意见的公告"],
            "关于公开征求《2024年永宁县政府工作报告（征求意见稿）》意见的公告",
        ),
        (
            ["碌曲县人民政府", "首页 > 政务公开 > 乡镇公开"],
            ["尕海镇2024年政府工作报告", "发布时间：2025-02-10 11:26:37 信息来源：尕海镇"],
            "尕海镇2024年政府工作报告",
        ),
        (
            ["永宁县人民政府"],
            ["永宁县2024年政府工作报告", "【字体：大 中 小】 【打印本页】 【关闭窗口】"],
            "永宁县2024年政府工作报告",
        ),
        (
            ["乡镇之窗", "南岗镇", "白石镇", "河桥乡"],
            ["南岗镇2022年政府工作报告", "发布时间：2023-03-02 来源：南岗镇"],
            "南岗镇2022年政府工作报告",
        ),
    ],
    ids=["notice-title", "title-over-byline", "title-over-toolbar", "column-menu"],
)
def test_site_and_column_lines_of_a_copied_page_stay_out_of_the_headline(
    top: list[str], under: list[str], title: str
) -> None:
    _, report = imported("\n".join([*top, *BLOCK, *under, *TITLE_BLOCK, *BODY]))
    assert (report["title"], report["headline"]) == (title, "政府工作报告")
    assert not any(line in str(report["opening"]) for line in top)


@pytest.mark.parametrize(
    "byline",
    ["时间：2024-01-05 09:12 来源：永宁县融媒体中心", "时间：2024-01-05 作者：李明"],
    ids=["source", "author"],
)
def test_a_byline_under_the_block_is_not_absorbed_into_it(byline: str) -> None:
    _, report = imported("\n".join([*BLOCK, byline, *TITLE_BLOCK, *BODY]))
    assert report["disclosure"] == {
        "index_no": "11530923015283741P/2024-0012",
        "issuer": "永宁县人民政府办公室",
        "catalog": None,
        "doc_no": "永政办函〔2024〕3号",
        "published": None,
    }
    assert byline not in str(report)


def test_a_metadata_table_copied_with_tabs_keeps_its_cells() -> None:
    rows = [
        "索 引\t011529251/2024-00007\t发布机\t哈日淖尔旗人民政府办公室",
        "主题分\t综合政务/政府工作报告\t文　号\t",
        "发布日\t2024年01月15日\t有 效 性\t有效",
    ]
    _, report = imported("\n".join([*rows, *TITLE_BLOCK, *BODY]))
    assert report["disclosure"] == {
        "index_no": "011529251/2024-00007",
        "issuer": "哈日淖尔旗人民政府办公室",
        "catalog": "综合政务/政府工作报告",
        "doc_no": None,
        "published": dt.date(2024, 1, 15),
    }


def test_a_part_heading_spaced_off_from_an_intro_cut_at_its_colon() -> None:
    text = "\n".join(
        [
            *BODY[:3],
            "过去的一年，全镇上下团结一心，较好完成了全年目标任务。",
            "二、下一步工作计划　2024年全镇经济社会发展的主要目标是：",
            "地区生产总值增长6.5%，农村居民人均可支配收入增长8%。重",
            "点抓好五个方面工作：",
            "（一）壮大特色产业。扩大沃柑、百香果种植规模，力争特色水果种",
            "植面积达到5万亩，培育区级以上农业龙头企业2家。",
        ]
    )
    found = labels(imported(text)[1])
    assert found["headings"] == [
        [1, "2023年工作回顾"],
        [1, "下一步工作计划"],
        [2, "壮大特色产业"],
    ]
    assert found["paragraph_starts"][2] == "2024年全镇经济社会发"
