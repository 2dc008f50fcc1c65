"""The importer on further forms real reports take: a disclosure block under the text, names
alone or beyond GBK, a meeting line ending 的报告, draft marks, a page's visible title, headings
set off by a space, colon-closed and ①-numbered leads, enumerations inside a sentence."""

from __future__ import annotations

import datetime as dt

import pytest

from reportsite.editor.importing import chrome, disclosure, front, tables
from reportsite.editor.importing.lines import Notes
from reportsite.editor.importing.recognise import full_width
from reportsite.editor.importing.score import labels
from reportsite.editor.importing.sources import read

from .importing import OPENING, imported, lines


def test_a_disclosure_block_below_the_text_wins_over_the_article_header_above() -> None:
    text = "\n".join(
        [
            "2024年龙潭镇人民政府工作报告",
            "发布时间：2024-02-10　来源：龙潭镇　浏览次数：",
            "各位代表：",
            OPENING,
            "一、2023年工作回顾",
            "2023年，全镇完成地区生产总值19.6亿元，增长6.8%，各项事业取得新进展，群众满意度稳步提高。",
            "索 引 号：000014349/2024-00215",
            "发布机构：龙潭镇人民政府",
            "公开目录：政府工作报告",
            "文　　号：",
            "发布日期：2024年02月10日",
            "浏览量：431",
        ]
    )
    result, report = imported(text)
    assert report["disclosure"] == {
        "index_no": "000014349/2024-00215",
        "issuer": "龙潭镇人民政府",
        "catalog": "政府工作报告",
        "doc_no": None,
        "published": dt.date(2024, 2, 10),
    }
    assert report["title"] == "2024年龙潭镇人民政府工作报告"
    assert "浏览" not in result.yaml and "索引号" not in result.yaml
    assert labels(report)["paragraph_starts"] == [
        "现在，我代表镇人民政府，",
        "2023年，全镇完成地区",
    ]


def test_one_labelled_line_under_the_text_is_no_block_below() -> None:
    text = "一年来，镇人大主席团在镇党委的坚强领导下，依法履职、积极作为，较好地完成了各项任务。"
    found = disclosure.find(lines("发布日期：2024-01-05", text, "来源：新和镇人大"), Notes())
    assert (found.values, found.below) == ({"published": dt.date(2024, 1, 5)}, False)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("代镇长　李𫖮", ("李𫖮", "代镇长")),
        ("哈日淖尔旗人民政府旗长　额尔敦毕力格", ("额尔敦毕力格", "哈日淖尔旗人民政府旗长")),
        ("区长　阿不都热合曼·买买提", ("阿不都热合曼·买买提", "区长")),
        ("苏木达　巴特尔", ("巴特尔", "苏木达")),
        ("镇长：王鹏", ("王鹏", "镇长")),
    ],
)
def test_presenter_forms_beyond_gbk_and_four_characters(
    text: str, expected: tuple[str, str | None]
) -> None:
    assert front.presenter(text) == expected


def test_a_name_outside_gbk_survives_a_gb18030_file() -> None:
    text = f"青石镇2024年政府工作报告\r\n代镇长　李𫖮\r\n各位代表：\r\n{OPENING}\r\n"
    source = read(text.encode("gb18030"), "source.txt")
    assert "代镇长 李𫖮" in [line.text for line in source.lines]


@pytest.mark.parametrize(
    ("name", "presenter"),
    [
        ("乌力吉巴雅尔", ("乌力吉巴雅尔", None)),
        ("阿依古丽·吐尔逊", ("阿依古丽·吐尔逊", None)),
        ("高质量发展新篇章", None),
        ("常务委员会", None),
    ],
)
def test_a_name_alone_on_its_centred_line(
    name: str, presenter: tuple[str, str | None] | None
) -> None:
    found = front.read_front(lines("政府工作报告", name, "各位代表：", centred=True), None)
    assert found.presenter == presenter


def test_a_meeting_line_ending_in_its_report_is_the_meeting() -> None:
    found = front.read_front(
        lines("政府工作报告", "在湄江镇第五届人民代表大会第一次会议上的报告", "2024年1月5日"),
        None,
    )
    assert (found.headline, found.meeting, found.subtitle, found.delivered) == (
        "政府工作报告",
        "湄江镇第五届人民代表大会第一次会议",
        None,
        dt.date(2024, 1, 5),
    )


def test_a_draft_mark_alone_is_left_out_and_on_the_headline_kept() -> None:
    found = front.read_front(lines("政府工作报告", "（征求意见稿）", "各位代表："), None)
    assert (found.headline, found.leftover, [d.text for d in found.draft]) == (
        "政府工作报告",
        [],
        ["（征求意见稿）"],
    )
    found = front.read_front(lines("县人大常委会工作报告（草案）", "各位代表："), None)
    assert (found.headline, found.draft) == ("县人大常委会工作报告（草案）", [])


def test_the_visible_heading_is_the_title_over_the_title_tag_and_meta() -> None:
    page = (
        '<html><head><meta name="ArticleTitle" content="2024年巴音查干旗政府工作报告">'
        "<title>巴音查干旗人民政府 政务公开 政府工作报告</title></head><body>"
        "<h2>2024年巴音查干旗政府工作報告</h2><p>政府工作報告</p><p>各位代表：</p>"
        f"<p>{OPENING}</p></body></html>"
    )
    result, report = imported(page, "source.html")
    assert (report["title"], report["headline"]) == ("2024年巴音查干旗政府工作報告", "政府工作報告")


def test_a_site_name_heading_is_no_title() -> None:
    page = (
        "<html><head><title>2024年青山镇政府工作报告_青山镇人民政府</title></head><body>"
        "<h1>青山镇人民政府</h1><p>2024年青山镇政府工作报告</p><p>政府工作报告</p>"
        f"<p>各位代表：</p><p>{OPENING}</p></body></html>"
    )
    assert imported(page, "source.html")[1]["title"] == "2024年青山镇政府工作报告"


def test_headings_set_off_by_a_space_and_leads_closed_by_a_colon() -> None:
    text = "\n".join(
        [
            "各位代表：",
            OPENING,
            "一、2023年工作回顾　2023年，面对复杂严峻的发展形势，全镇上下苦干实干，圆满完成任务。",
            "产业发展提质增效：全年完成地区生产总值19.6亿元，增长6.8%，带动就业600余人。",
            "项目建设提速推进：实施重点项目23个，完成投资8.7亿元，二级公路建成投用。",
            "二、2024年工作安排　2024年全镇经济社会发展的主要目标是：地区生产总值增长6.5%。",
            "（一）聚焦产业升级 加快构建现代化产业体系。全年新增规模以上企业5家，产值增长8%。",
        ]
    )
    found = labels(imported(text)[1])
    assert found["headings"] == [
        [1, "2023年工作回顾"],
        [1, "2024年工作安排"],
        [2, "聚焦产业升级 加快构建现代化产业体系"],
    ]
    assert found["leads"] == ["产业发展提质增效", "项目建设提速推进"]
    assert found["paragraph_starts"][1:4] == [
        "2023年，面对复杂严峻",
        "全年完成地区生产总值19",
        "实施重点项目23个，完成",
    ]


def test_one_colon_phrase_alone_is_no_lead() -> None:
    text = "\n".join(
        [
            "各位代表：",
            OPENING,
            "一、2023年工作回顾",
            "全镇经济运行良好：全年完成地区生产总值19.6亿元，增长6.8%，带动就业600余人。",
            "2023年，全镇上下苦干实干，圆满完成镇人大确定的各项目标任务，群众满意度稳步提升。",
        ]
    )
    assert labels(imported(text)[1])["leads"] == []


def test_circled_numbers_before_a_bold_lead_are_its_marker() -> None:
    page = (
        "<html><body><p>政府工作报告</p><p>各位代表：</p>"
        f"<p>{OPENING}</p><p><strong>一、2023年工作回顾</strong></p>"
        "<p><strong>（一）经济运行稳中向好</strong></p>"
        "<p>①<strong>抓项目扩投资。</strong>全年实施重点项目108个，完成投资72亿元。</p>"
        "<p>②<strong>抓产业强支撑。</strong>三大特色产业综合产值突破50亿元。</p></body></html>"
    )
    found = labels(imported(page, "source.html")[1])
    assert found["leads"] == ["抓项目扩投资", "抓产业强支撑"]
    assert found["paragraph_starts"][1:] == ["全年实施重点项目108个", "三大特色产业综合产值突破"]


def test_an_enumeration_inside_a_sentence_makes_no_sub_sections() -> None:
    text = "\n".join(
        [
            "各位代表：",
            OPENING,
            "一、聚焦中心大局，增强监督实效",
            "围绕全镇重点工作开展视察调研。（一）组织代表视察综合治理项目，提出建议5条；"
            "（二）对义务教育均衡发展开展专题调研，形成调研报告1篇。这些建议均已转交镇政府研究办理。",
        ]
    )
    found = labels(imported(text)[1])
    assert found["headings"] == [[2, "聚焦中心大局，增强监督实效"]]
    assert found["leads"] == ["围绕全镇重点工作开展视察调研"]
    assert found["paragraph_starts"][-1] == "（一）组织代表视察综合治"


def test_a_numbered_heading_with_commas_is_not_joined_to_its_paragraph() -> None:
    text = "\n".join(
        [
            "各位代表：",
            OPENING,
            "20XX年工作回顾",
            "一、一年来，我们致力于农业稳镇、工业强镇，发展基础进一步夯实",
            "农业农村经济稳中有升。全年发放各类惠农补贴XXX万元，粮食播种面积稳定在X万亩，生猪出栏X万头。",
        ]
    )
    found = labels(imported(text)[1])
    assert found["headings"] == [
        [1, "20XX年工作回顾"],
        [2, "一年来，我们致力于农业稳镇、工业强镇，发展基础进一步夯实"],
    ]


def test_a_half_width_full_stop_after_chinese_is_made_full_width() -> None:
    notes = Notes()
    (line,) = full_width(lines("请列席会议的同志提出意见.下面，PM2.5下降3.2%."), notes)
    assert line.text == "请列席会议的同志提出意见。下面，PM2.5下降3.2%."
    assert notes.punctuation == 1


def test_notes_on_replying_and_attached_files_under_the_text_are_chrome() -> None:
    notes = Notes()
    kept = chrome.drop_notices(
        lines(
            "各位代表，新的一年，使命催人奋进。",
            "意见反馈方式：请于2024年1月12日前将意见发送至 office@example.gov.cn。",
            "联系电话：0871-1234567",
            "1.桂园街道2023年重点工作完成情况表.xlsx",
        ),
        notes,
    )
    assert [line.text for line in kept] == ["各位代表，新的一年，使命催人奋进。"]
    assert [d.line for d in notes.dropped] == [2, 3, 4]


def test_a_column_heading_above_the_article_heading_gives_way_to_it() -> None:
    page = (
        "<html><head><title>青山镇人民政府</title></head><body>"
        "<h2>政府工作报告</h2><h1>2024年青山镇政府工作报告</h1><p>政府工作报告</p>"
        f"<p>各位代表：</p><p>{OPENING}</p></body></html>"
    )
    assert imported(page, "source.html")[1]["title"] == "2024年青山镇政府工作报告"


@pytest.mark.parametrize(("name", "presenter"), [("张勇", ("张勇", None)), ("（全文）", None)])
def test_a_name_alone_under_the_meeting_line_of_a_plain_copy(
    name: str, presenter: tuple[str, str | None] | None
) -> None:
    meeting = "——2024年1月10日在青山镇第十八届人民代表大会第四次会议上"
    found = front.read_front(lines("政府工作报告", meeting, name, "各位代表："), None)
    assert (found.presenter, found.meeting) == (presenter, "青山镇第十八届人民代表大会第四次会议")


def test_a_pipe_table_below_a_short_text_is_the_disclosure_and_takes_no_title() -> None:
    text = "\n\n".join(
        [
            "# 政府工作报告",
            "各位代表：",
            OPENING,
            "## 一、2023年工作回顾",
            "2023年，全镇完成地区生产总值19.6亿元，增长6.8%。",
            "【打印】【关闭】",
            "| 索引号 | 000014349/2024-00215 | 发布机构 | 青山镇人民政府 |\n|---|---|---|---|\n"
            "| 公开目录 | 政府工作报告 | 发布日期 | 2024-02-10 |",
        ]
    )
    result, report = imported(text, "source.md")
    assert (report["disclosure"]["issuer"], report["disclosure"]["published"]) == (
        "青山镇人民政府",
        dt.date(2024, 2, 10),
    )
    assert report["title"] is None
    assert labels(report)["paragraph_starts"][-1] == "2023年，全镇完成地区"


def test_a_table_of_figures_in_the_text_is_left_out_and_said() -> None:
    notes = Notes()
    cells = ["指标", "2023年完成", "同比增长（%）", "地区生产总值（亿元）", "526.8", "6.1"]
    body = lines("主要经济指标完成情况如下：", *cells, "全年新增市场主体1200户。")
    kept = tables.drop_tables(body, notes)
    assert [line.text for line in kept] == [
        "主要经济指标完成情况如下：",
        "全年新增市场主体1200户。",
    ]
    assert notes.warnings == [
        (2, "表格已略去，请手工录入", "a table was left out: enter it by hand")
    ]
    assert [d.text for d in notes.dropped] == cells


@pytest.mark.parametrize(
    "texts",
    [
        ["产业发展", "城乡建设", "民生保障", "社会治理", "生态环境", "政府建设"],
        ["指标", "2023年完成", "同比增长", "一、2023年工作回顾", "（一）经济运行", "完成"],
        [f"{n}.新建村级幼儿园{n}所" for n in range(1, 8)],
    ],
)
def test_short_lines_without_figures_or_with_headings_are_no_table(texts: list[str]) -> None:
    assert len(tables.drop_tables(lines(*texts), Notes())) == len(texts)


def test_a_pipe_table_in_the_text_is_left_out() -> None:
    rows = ["| 指标 | 2023年完成 | 增长 |", "|---|---|---|", "| 地区生产总值 | 146.2亿元 | 5.9% |"]
    kept = tables.drop_tables(lines("全年主要指标如下：", *rows), Notes())
    assert [line.text for line in kept] == ["全年主要指标如下："]


@pytest.mark.parametrize("marks", ["①②", "❶❷", "⑴⑵", "⒈⒉"])
def test_numbered_signs_before_a_plain_lead_are_its_marker(marks: str) -> None:
    text = "\n".join(
        [
            "各位代表：",
            OPENING,
            "一、2023年工作回顾",
            f"{marks[0]}抓项目扩投资。全年实施重点项目108个，完成投资72亿元，快速通道开工建设。",
            f"{marks[1]}抓产业强支撑。三大特色产业综合产值突破50亿元，竹木产业园新入驻企业6家。",
        ]
    )
    found = labels(imported(text)[1])
    assert found["leads"] == ["抓项目扩投资", "抓产业强支撑"]
    assert found["paragraph_starts"][1:] == ["全年实施重点项目108个", "三大特色产业综合产值突破"]


def test_a_line_opening_an_enumeration_in_one_sentence_is_no_heading() -> None:
    text = "\n".join(
        [
            "各位代表：",
            OPENING,
            "一、聚焦中心大局，增强监督实效",
            "一年来，主席团围绕全镇重点工作开展视察调研：",
            "（一）组织代表视察综合治理项目，提出建议5条；（二）对义务教育均衡发展开展专题调研。",
            "二、密切联系群众，发挥代表作用",
            "主席团坚持定期接待选民，全年组织代表接待选民12次，收集意见建议46条。",
        ]
    )
    found = labels(imported(text)[1])
    assert found["headings"] == [
        [2, "聚焦中心大局，增强监督实效"],
        [2, "密切联系群众，发挥代表作用"],
    ]
    assert found["paragraph_starts"][2] == "（一）组织代表视察综合治"


def test_two_quotations_opened_by_who_said_it_are_no_leads() -> None:
    text = "\n".join(
        [
            "各位代表：",
            OPENING,
            "一、2023年工作回顾",
            "习近平总书记指出：“发展是第一要务，人才是第一资源，创新是第一动力。”我们牢记嘱托。",
            "我们深刻认识到：只有坚持不懈抓项目、强产业，才能推动全镇经济持续健康发展。",
        ]
    )
    assert labels(imported(text)[1])["leads"] == []
