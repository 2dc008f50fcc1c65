"""The importer on the variants real pages give of forms it already knows: dash-led leads bold
or alone, numbering written twice (（一）、), dashes typed as hyphens, Traditional meeting lines,
a CMS's title element, site names for titles, 文库 file names, news-agency datelines, search
bars and menus, 组配分类 beside 信息分类, 时间 inside a block, five-year part headings."""

from __future__ import annotations

import datetime as dt

import pytest

from reportsite.editor.importing import chrome, disclosure, front
from reportsite.editor.importing.lines import Line, Notes
from reportsite.editor.importing.score import labels, unescape

from .importing import OPENING, imported, lines

TEXT = "全年实施重点项目26个，完成投资12.6亿元，同比增长9%，带动就业1200余人。"


def test_a_dash_led_lead_alone_among_plain_paragraphs_loses_its_dash() -> None:
    text = "\n".join(
        [
            "各位代表：",
            OPENING,
            "一、2023年工作回顾",
            "过去的一年，全镇上下团结一心，较好完成了全年目标任务，经济社会发展稳中有进。",
            f"——坚持项目带动，扩大有效投资。{TEXT}",
            "全镇规上工业产值增长8.1%，新增市场主体320户，民营经济活力持续释放。",
        ]
    )
    assert labels(imported(text)[1])["leads"] == ["坚持项目带动，扩大有效投资"]


def test_a_dash_as_a_copy_types_it_is_a_dash() -> None:
    text = "\n".join(
        [
            "各位代表：",
            OPENING,
            "一、2023年工作回顾",
            f"──坚持项目带动，扩大有效投资。{TEXT}",
            f"--坚持民生优先，办好民生实事。{TEXT}",
        ]
    )
    found = labels(imported(text)[1])
    assert found["leads"] == ["坚持项目带动，扩大有效投资", "坚持民生优先，办好民生实事"]


def test_bold_dash_led_leads_lose_their_dash() -> None:
    text = "\n\n".join(
        [
            "各位代表：",
            OPENING,
            "## 一、2023年工作回顾",
            f"**——聚焦经济运行，加强计划和预算监督。**{TEXT}",
            f"**——聚焦重点项目，开展跟踪视察。**{TEXT}",
        ]
    )
    found = labels(imported(text, "source.md")[1])
    assert found["leads"] == ["聚焦经济运行，加强计划和预算监督", "聚焦重点项目，开展跟踪视察"]


def test_numbering_written_twice_is_the_numbering_of_its_level() -> None:
    text = "\n".join(
        [
            "各位代表:",
            OPENING,
            "一.2023年工作回顾",
            "(一)、经济运行稳中向好",
            TEXT,
            "（二）、民生保障持续加强",
            "（1）、教育事业。新建幼儿园2所，改造校舍1.2万平方米，全镇适龄儿童入学率达到100%。",
            "(2)、医疗卫生。镇卫生院完成标准化改造，家庭医生签约服务覆盖率达到78%，群众满意。",
            "二.2024年工作安排",
            TEXT,
        ]
    )
    result, report = imported(text)
    found = labels(report)
    assert report["salutation"] == "各位代表："
    assert found["headings"] == [
        [1, "2023年工作回顾"],
        [2, "经济运行稳中向好"],
        [2, "民生保障持续加强"],
        [1, "2024年工作安排"],
    ]
    assert found["leads"] == ["教育事业", "医疗卫生"]


@pytest.mark.parametrize(
    ("texts", "meeting"),
    [
        (
            ["-------在**乡第**届人民代表大会第*次会议上的", "讲话"],
            "**乡第**届人民代表大会第*次会议",
        ),
        (["——在青山镇第十八届人民代表大会第四次会议上"], "青山镇第十八届人民代表大会第四次会议"),
        (["在政協第十四屆全國委員會第一次會議上"], "政協第十四屆全國委員會第一次會議"),
    ],
)
def test_a_meeting_line_without_a_date_is_the_meeting_and_no_subtitle(
    texts: list[str], meeting: str
) -> None:
    head = front.read_front(lines("政府工作报告", *texts, "（二00*年*月*日）"), None)
    assert (head.headline, head.meeting, head.subtitle, head.delivered) == (
        "政府工作报告",
        meeting,
        None,
        None,
    )


@pytest.mark.parametrize(
    "text",
    [
        "——在2024年1月10日青山镇第十八届人民代表大会第四次会议上",
        "——在2024年1月10日召开的青山镇第十八届人民代表大会第四次会议上",
    ],
)
def test_a_date_after_at_is_the_delivery_date(text: str) -> None:
    head = front.read_front(lines("政府工作报告", text), None)
    assert (head.meeting, head.delivered, head.subtitle) == (
        "青山镇第十八届人民代表大会第四次会议",
        dt.date(2024, 1, 10),
        None,
    )


def test_a_placeholder_presenter_glued_to_the_role() -> None:
    assert front.presenter("镇长***") == ("***", "镇长")


@pytest.mark.parametrize(
    "text",
    [
        "靈感範文站",
        "公务员之家",
        "搜索位置: 匹配度: 排序:",
        "资源描述：",
        "友情链接： 中国政府网 省政府网",
        "导语：乡政府工作报告一文来源于网友上传，不代表本站观点，欢迎参考。",
        "新华社北京3月11日电",
        "新華社北京3月11日電",
        "信息公开首页 | 信息公开指南 | 信息公开目录 | 依申请公开 | 信息公开年报",
        "网站首页",
        "政民互动",
        "跳转到主要内容区域",
        "今日天气：晴 12℃",
        "走进青山",
        "依申请公开",
    ],
)
def test_chrome_of_real_pages(text: str) -> None:
    assert chrome.is_chrome(Line(text, 1))


@pytest.mark.parametrize(
    "text",
    ["| 指标 | 单位 | 完成值 | 增长 |", "新华社报道了我镇的做法。", "（三）优化政务服务"],
)
def test_lines_like_chrome_that_are_not(text: str) -> None:
    assert not chrome.is_chrome(Line(text, 1))


def test_a_dateline_opening_a_paragraph_is_cut_and_said() -> None:
    notes = Notes()
    kept = chrome.strip(lines(f"新华社北京3月5日电 {OPENING}"), notes)
    assert [line.text for line in kept] == [OPENING]
    assert [(d.text, d.why_en) for d in notes.dropped] == [("新华社北京3月5日电", "dateline")]


@pytest.mark.parametrize(
    "rows",
    [
        ("组配分类: 政府工作报告", "信息分类: 计划总结"),
        ("信息分类: 计划总结", "组配分类: 政府工作报告"),
    ],
)
def test_the_information_class_is_the_catalog_beside_a_cross_index(rows: tuple[str, str]) -> None:
    found = disclosure.find(
        lines("索引号: 003129766/202401-00021", *rows, "时间: 2024-01-15", "内容概述:", OPENING),
        Notes(),
    )
    assert found.values == {
        "index_no": "003129766/202401-00021",
        "catalog": "计划总结",
        "published": dt.date(2024, 1, 15),
    }
    assert found.span == (0, 5)


def test_a_time_line_opens_no_block() -> None:
    found = disclosure.find(lines("时间：2024-01-05 作者：党政办", OPENING), Notes())
    assert found.values == {}


def test_a_cms_title_element_wins_over_a_site_name_title_tag() -> None:
    page = (
        "<html><head><title>潭溪县人民政府信息公开网</title></head><body>"
        "<div class='logo'>潭溪县人民政府信息公开网</div>"
        "<table><tr><td>索引号: 003129766/202401-00021</td><td>内容概述: </td></tr></table>"
        "<div class='wztit'>潭溪县2024年政府工作报告</div><p>政 府 工 作 报 告</p>"
        f"<p>各位代表：</p><p>{OPENING}</p></body></html>"
    )
    report = imported(page, "source.html")[1]
    assert (report["title"], report["headline"]) == ("潭溪县2024年政府工作报告", "政府工作报告")


def test_an_h3_heading_is_the_title_where_no_h1_names_the_report() -> None:
    page = (
        "<html><head><title>政协全国委员会常务委员会工作报告</title></head><body>"
        "<h1>聚焦全國兩會</h1><h3>政協全國委員會常務委員會工作報告</h3>"
        "<p>中國人民政治協商會議全國委員會常務委員會工作報告</p>"
        f"<p>各位委員：</p><p>{OPENING}</p></body></html>"
    )
    assert imported(page, "source.html")[1]["title"] == "政協全國委員會常務委員會工作報告"


def test_a_file_name_above_the_headline_is_left_out() -> None:
    text = "\n".join(["人民代表大会乡长政府工作报告", "青塘乡政府工作报告", "各位代表：", OPENING])
    result, report = imported(text)
    assert report["headline"] == "青塘乡政府工作报告"
    assert "人民代表大会乡长政府工作报告" not in result.yaml


def test_a_placeholder_year_heads_a_part() -> None:
    text = "\n".join(["各位代表：", OPENING, "200*年政府工作回顾", "一、狠抓特色产业", TEXT])
    assert labels(unescape(imported(text)[1]))["headings"] == [
        [1, "200*年政府工作回顾"],
        [2, "狠抓特色产业"],
    ]


def test_a_five_year_review_heading_is_a_part() -> None:
    text = "\n".join(
        [
            "各位代表：",
            OPENING,
            "五年工作的回顾",
            "一、坚持党的领导，确保正确方向",
            TEXT,
            "三、一年来，我们致力于改善民生、促进和谐，群众生活进一步提高",
            "全年发放城乡低保金610万元，新增城镇就业380人，新农合参合率达98.6%。",
        ]
    )
    assert labels(imported(text)[1])["headings"] == [
        [1, "五年工作的回顾"],
        [2, "坚持党的领导，确保正确方向"],
        [2, "一年来，我们致力于改善民生、促进和谐，群众生活进一步提高"],
    ]


def test_a_note_above_the_title_block_leaves_the_block_whole() -> None:
    page = (
        "<html><body><div>资源描述：</div>"
        "<div>该报告全面总结了2023年镇人大主席团的工作情况，共计5页，适合乡镇人大工作者参考使用。</div>"
        "<p>青山镇人大主席团工作报告</p>"
        "<p>——2024年1月10日在青山镇第十八届人民代表大会第四次会议上</p>"
        f"<p>镇人大主席　李 明</p><p>各位代表：</p><p>{OPENING}</p>"
        "<div>友情链接：</div><div>中国政府网</div><div>省人大常委会</div></body></html>"
    )
    result, report = imported(page, "source.html")
    assert (report["headline"], report["meeting"], report["presenter"]) == (
        "青山镇人大主席团工作报告",
        "青山镇第十八届人民代表大会第四次会议",
        {"name": "李明", "role": "镇人大主席"},
    )
    assert report["opening"][0].startswith("该报告全面总结了")
    assert "资源描述" not in result.yaml and "省人大常委会" not in result.yaml


@pytest.mark.parametrize(
    "heading",
    [
        "<p align=center><b>政協全國委員會常務委員會工作報告</b></p>",
        "<div class='bt'>政協全國委員會常務委員會工作報告</div>",
    ],
)
def test_a_traditional_page_keeps_its_title_as_shown_over_a_simplified_tag(heading: str) -> None:
    page = (
        "<html><head><title>政协全国委员会常务委员会工作报告_中国政协网</title></head><body>"
        f"<h1>中国政协网</h1>{heading}<p>中國人民政治協商會議全國委員會常務委員會工作報告</p>"
        f"<p>各位委員：</p><p>{OPENING}</p></body></html>"
    )
    assert imported(page, "source.html")[1]["title"] == "政協全國委員會常務委員會工作報告"


def test_a_value_that_begins_its_label_is_no_clipped_label() -> None:
    found = disclosure.find(
        lines(
            "索 引 号", "011529251/2024-00007", "有 效 性", "有效", "哈日淖尔旗2024年政府工作报告"
        ),
        Notes(),
    )
    assert (found.values, found.span) == ({"index_no": "011529251/2024-00007"}, (0, 4))


def test_the_line_above_the_byline_is_the_title_where_no_element_marks_it() -> None:
    page = (
        "<html><head><title>哈日淖尔旗人民政府 政务公开 政府工作报告</title></head><body>"
        "<p>哈日淖尔旗2024年政府工作报告</p><p>发布时间：2024-01-15 16:42 来源：旗政府办</p>"
        f"<p>政 府 工 作 报 告</p><p>各位代表：</p><p>{OPENING}</p></body></html>"
    )
    report = imported(page, "source.html")[1]
    assert (report["title"], report["headline"]) == ("哈日淖尔旗2024年政府工作报告", "政府工作报告")


def test_a_site_name_is_no_first_line_of_a_wrapped_headline() -> None:
    head = front.read_front(lines("潭溪县人民政府信息公开网", "政府工作报告"), None)
    assert head.headline == "政府工作报告"
