"""The importer's stages one by one, on the forms real reports give them."""

from __future__ import annotations

import datetime as dt
import io
import struct
import zipfile
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from reportsite.editor.importing import chrome, disclosure, front, numbering, structure, word97
from reportsite.editor.importing import contents as contents_stage
from reportsite.editor.importing.lines import Line, Notes, fold
from reportsite.editor.importing.recognise import full_width, recognise
from reportsite.editor.importing.score import score
from reportsite.editor.importing.sources import read

from .docx_fixture import build_docx, with_chunks
from .importing import OPENING, imported, lines, make_odt


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("（王子恒 党委委员、政法委员、人大主席）", ("王子恒", "党委委员、政法委员、人大主席")),
        ("镇长 王 鹏", ("王鹏", "镇长")),
        ("县人大常委会主任 李 明", ("李明", "县人大常委会主任")),
        ("乡长马 俊", ("马俊", "乡长")),
        ("（才让·东智 镇人大主席）", ("才让·东智", "镇人大主席")),
        ("镇长 ×××", ("×××", "镇长")),
        ("報告人：鎮長 周 偉", ("周偉", "鎮長")),
        ("县长王鹏", ("王鹏", "县长")),
        ("报告人：王鹏", ("王鹏", None)),
        ("政府工作报告", None),
        ("2024年人大主席团工作报告", None),
        ("夯基固本强履职 砥砺奋进惠民生", None),
        ("各位代表、同志们：", None),
    ],
)
def test_presenter_forms(text: str, expected: tuple[str, str | None] | None) -> None:
    assert front.presenter(text) == expected


@pytest.mark.parametrize(
    ("texts", "meeting", "delivered"),
    [
        (
            ["——2024年1月10日在青山镇第十八届人民代表大会第四次会议上"],
            "青山镇第十八届人民代表大会第四次会议",
            dt.date(2024, 1, 10),
        ),
        (
            ["——在河西乡第十八届人民代表大会第四次会议上", "（二〇二四年一月九日）"],
            "河西乡第十八届人民代表大会第四次会议",
            dt.date(2024, 1, 9),
        ),
        (
            ["——20XX年X月X日在XX镇第X届人民代表大会第X次会议上"],
            "XX镇第X届人民代表大会第X次会议",
            None,
        ),
        (["（2024年2月30日）"], None, None),
        (["镇五届人大五次会议"], "镇五届人大五次会议", None),
        (
            ["——2021年1月14日在琼山黎族苗族自治县", "第十五届人民代表大会第七次会议上"],
            "琼山黎族苗族自治县第十五届人民代表大会第七次会议",
            dt.date(2021, 1, 14),
        ),
        (
            ["——在鹤鸣乡第十届人民代表大会", "第五次会议上", "（2024年1月8日）"],
            "鹤鸣乡第十届人民代表大会第五次会议",
            dt.date(2024, 1, 8),
        ),
        (
            ["——2024年1月在鹤鸣乡第十届人民代表大会第五次会议上"],
            "鹤鸣乡第十届人民代表大会第五次会议",
            None,
        ),
    ],
)
def test_meeting_and_delivery_date(
    texts: list[str], meeting: str | None, delivered: dt.date | None
) -> None:
    found = front.read_front(lines("政府工作报告", *texts), None)
    assert (found.meeting, found.delivered, found.headline) == (meeting, delivered, "政府工作报告")
    assert found.subtitle is None


@pytest.mark.parametrize(
    ("texts", "headline", "subtitle"),
    [
        (["政 府 工 作 报 告"], "政府工作报告", None),
        (
            ["宁川县人民代表大会", "常务委员会工作报告"],
            "宁川县人民代表大会常务委员会工作报告",
            None,
        ),
        (
            ["中国人民政治协商会议", "石门县第十一届委员会常务委员会", "工 作 报 告"],
            "中国人民政治协商会议石门县第十一届委员会常务委员会工作报告",
            None,
        ),
        (["青山县人民政府", "政府工作报告"], "政府工作报告", None),
        (
            ["夯基固本强履职", "砥砺奋进惠民生", "——瓦窑镇人民代表大会主席团工作报告"],
            "夯基固本强履职砥砺奋进惠民生",
            "瓦窑镇人民代表大会主席团工作报告",
        ),
        (
            ["夯基固本强履职 砥砺奋进惠民生", "瓦窑镇人民代表大会主席团工作报告"],
            "夯基固本强履职 砥砺奋进惠民生",
            "瓦窑镇人民代表大会主席团工作报告",
        ),
        (
            ["夯基固本强履职 砥砺奋进惠民生", "——瓦窑镇人民代表大会主席团工作报告"],
            "夯基固本强履职 砥砺奋进惠民生",
            "瓦窑镇人民代表大会主席团工作报告",
        ),
    ],
)
def test_headline_and_subtitle(texts: list[str], headline: str, subtitle: str | None) -> None:
    found = front.read_front(lines(*texts), None)
    assert (found.headline, found.subtitle) == (headline, subtitle)


@pytest.mark.parametrize(
    "texts",
    [
        [
            "- 索引号",
            "- 01525771-4/20250829-00001",
            "- 发文机构",
            "- 隆阳区瓦窑镇人民政府",
            "- 公开目录",
            "- 人大建议办理结果",
            "- 文 号",
            "- 浏览量",
            "- 日期",
            "- 2025-08-29",
        ],
        [
            "索 引 号：01525771-4/20250829-00001    发文机构：隆阳区瓦窑镇人民政府",
            "公文目录：人大建议办理结果    文号：    发布日期：2025年08月29日",
        ],
        [
            "| 索引号 | 01525771-4/20250829-00001 | 主题分类 | 人大建议办理结果 |",
            "| 发布机构 | 隆阳区瓦窑镇人民政府 | 公开日期 | 2025-08-29 |",
            "| 文 号 |  | 有 效 性 |  |",
        ],
        [
            "信息索引：",
            "01525771-4/20250829-00001",
            "所属主题：",
            "人大建议办理结果",
            "发布机构：",
            "隆阳区瓦窑镇人民政府",
            "发布日期：",
            "2025-08-29",
            "文号：",
        ],
        [
            "【索引号】01525771-4/20250829-00001 【发布机构】隆阳区瓦窑镇人民政府",
            "【信息分类】人大建议办理结果 【文号】 【发布日期】2025-08-29",
        ],
        [
            "索引号：",
            "01525771-4/20250829-00001",
            "发文机构：",
            "隆阳区瓦窑镇人民政府",
            "公开目录：",
            "人大建议办理结果",
            "发文日期：",
            "2025年08月29日",
            "文号：",
            "（无）",
        ],
        [
            "索 引",
            "01525771-4/20250829-00001",
            "主题分",
            "人大建议办理结果",
            "发布机",
            "隆阳区瓦窑镇人民政府",
            "文 号",
            "发布日",
            "2025-08-29",
        ],
    ],
)
def test_disclosure_forms(texts: list[str]) -> None:
    found = disclosure.find(
        lines(
            *texts,
            "各位代表：",
            "受瓦窑镇第五届人民代表大会主席团委托，由我向大会作工作报告，请予审议，谢谢大家。",
        ),
        Notes(),
    )
    assert found.values == {
        "index_no": "01525771-4/20250829-00001",
        "issuer": "隆阳区瓦窑镇人民政府",
        "catalog": "人大建议办理结果",
        "doc_no": None,
        "published": dt.date(2025, 8, 29),
    }
    assert found.span == (0, len(texts))


def test_an_empty_number_cell_takes_no_title_for_its_value() -> None:
    found = disclosure.find(
        [
            *lines("信息索引：", "011023459/2024-00017", "文号："),
            Line("东湖街道办事处2024年工作报告", 4, heading=1),
            Line("2023年，在市委、市政府的坚强领导下，街道上下团结一心，各项事业高质量发展。", 5),
        ],
        Notes(),
    )
    assert found.values == {"index_no": "011023459/2024-00017", "doc_no": None}
    assert found.span == (0, 3)


def test_a_source_line_under_the_article_is_no_disclosure_block() -> None:
    text = "一年来，镇人大主席团在镇党委的坚强领导下，依法履职、积极作为，较好地完成了各项任务。"
    assert disclosure.find(lines(text, "来源：新和镇人大"), Notes()).values == {}


@pytest.mark.parametrize(
    "text",
    [
        "无障碍浏览 长者模式 简体版",
        "当前位置：首页 > 政务公开 > 政府工作报告",
        "【字体：大 中 小】【打印本页】【关闭窗口】",
        "浏览次数：1236",
        "滇ICP备12345678号",
        "— 1 —",
        "第 2 页 共 4 页",
        "點擊蓝字 关注我们",
        "【列印本頁】【關閉窗口】",
        "上传者：rmkj2019 | 2022-03-11 | 浏览 3284 次",
        "文档格式：DOCX　页数：3页　大小：21KB",
        "展开阅读全文 ↓",
        "免责声明：本站部分内容来源于网络，如有侵权请联系删除。",
        "预览时标签不可点",
        "凤岗发布 2024-01-22 18:06 湖南",
        "来源 | 凤岗县融媒体中心",
        "相关附件：2025年政府工作报告名词解释.pdf",
        "2025年政府工作报告名词解释.pdf",
        "扫一扫在手机打开当前页",
        "[打印] [关闭]",
        "鹤鸣乡第十届人民代表大会第五次会议文件（1）",
        "文件（二）",
        "适老化浏览",
        "適老化瀏覽",
        "无障碍 | 适老化 | 繁體 | English",
        "【用户登录】【注册】",
        "本文来源于网络收集与整理，如有侵权请联系删除",
        "本文来源于网络收集与整理，仅供参考。",
        "【导语】以下是第一范文网的小编为您整理的《2023年桂园街道工作报告》，欢迎阅读！",
        "主办单位：青山县人民政府办公室，承办单位：青山县大数据中心",
        "温馨提示：本文档共4页，可编辑。下载后的文档内容与原文完全一致。",
        "普安县人民政府门户网站",
        "上一篇：关于印发2024年重点工作任务分解的通知，下一篇：无",
        "您好，欢迎来到青山县人民政府门户网站！",
        "（此文档为word格式，可任意编辑修改）",
        "精品文档，欢迎下载，仅供学习参考。",
        "扫描二维码关注“青山发布”微信公众号，获取更多权威资讯。",
        "本站由青山县人民政府办公室主办，青山县大数据中心承办。",
        "页数：4　大小：26.5KB　下载次数：37",
        "永宁县人大常委会工作报告（2024年）.docx",
        # A Word file's distribution note (版记) under the text.
        "抄送：县委办，县人大常委会办公室，县政协办公室。",
        "清水县人民政府办公室　　　　2024年1月5日印发",
    ],
)
def test_chrome_lines(text: str) -> None:
    assert chrome.is_chrome(Line(text, 1))


@pytest.mark.parametrize(
    "text",
    [
        "（三）深化政务公开",
        "推进政务服务“一网通办”，办件量增长30%。",
        "各位代表：",
        "政府工作报告",
        "2024年工作回顾",
        "（2025年1月8日）",
        "2025年政府工作报告",
    ],
)
def test_report_lines_are_no_chrome(text: str) -> None:
    assert not chrome.is_chrome(Line(text, 1))


# Body sentences and headings that name what toolbars, menus and footers name: chrome words
# inside the report's own text never make it chrome.
BODY_WITH_CHROME_WORDS = [
    "幸福养老扎实推进。新建社区老年食堂4家，完成适老化改造210户。",
    "（五）扎实推进适老化改造",
    "推进适老化改造",
    "无障碍环境建设",
    "优化企业注册登录流程",
    "擦亮中华老字号品牌",
    "建立容错纠错机制",
    "强化技术支持",
    "严厉打击侵权假冒",
    "收集整理群众意见建议120条，全部转交办理。",
    "群众扫描二维码即可查询办事进度。",
    "购置高分辨率遥感影像，完成全镇地籍调查。",
    "建成无障碍设施32处，城市无障碍环境持续改善。",
    "推行证照打印“就近办”，群众办事少跑腿。",
    "关闭退出落后产能企业6家，腾出用能空间。",
    "开设政府网站首页“我要留言”专栏，回复群众诉求1200件。",
    "完善资金来源渠道，撬动社会资本投入3.2亿元。",
    "政务公开专栏浏览量突破50万人次，群众满意度持续提升。",
    "实现不动产登记证明网上下载，办结时间压缩至1个工作日。",
    "组织“身边的好人”分享会12场，凝聚向上向善力量。",
    "推广“扫一扫”亮码经营，二维码覆盖全部商户。",
    "开通政务服务“掌上登录”，注册用户新增2.3万人。",
    "“青山发布”公众号推送信息860条，全年访问量增长35%。",
    "新增工会会员1200名，上传就业岗位信息3600条。",
    "二是加强技术支持，联系电话24小时有人值守。",
    "开展公共英语（English）口语培训班6期。",
    "设立意见纠错平台，整改问题41个。",
    "审议意见及时抄送县政府，办理情况纳入督查。",
    "《清水县乡村振兴规划》于2024年1月5日印发实施。",
]


@pytest.mark.parametrize("text", BODY_WITH_CHROME_WORDS)
def test_body_sentences_with_chrome_words_are_kept(text: str) -> None:
    assert not chrome.is_chrome(Line(text, 1))


def test_body_sentences_with_chrome_words_survive_the_strip() -> None:
    notes = Notes()
    kept = chrome.strip(lines("各位代表：", *BODY_WITH_CHROME_WORDS), notes)
    assert [line.text for line in kept] == ["各位代表：", *BODY_WITH_CHROME_WORDS]
    assert notes.dropped == []


@pytest.mark.parametrize(
    ("texts", "joined"),
    [
        (["县十八届人大二次会议期间代表提", "出的126件建议全部办结，代表满意率达97.6%。"], True),
        (["街道工作还存在一些短板：经济发展后劲不足；", "老旧小区管理难度较大。"], True),
        (
            [
                "短板依然存在：经济发展后劲不足；",
                "产业发展稳中提质。全镇粮食种植面积稳定在5.1万亩。",
            ],
            False,
        ),
        (["2023年工作回顾", "2023年，全镇经济社会保持了平稳健康发展。"], False),
        (["聚焦党建引领，提升基层治理效能", "深化“红色物业”建设，推动党组织覆盖所有小区。"], False),
        (["（一）规范代表建议办理", "县十八届人大二次会议期间代表提出的建议全部办结。"], False),
        # A PDF's text cut at the page's width, wherever the line ends.
        (
            [
                "工业经济稳中有进。新增规模以上工业企业5家，规上工业产值突",
                "破40亿元，入驻企业18家。",
            ],
            True,
        ),
        (
            ["同时，我们也清醒地看到，全镇经济总量仍然偏小，产业层次不够", "高，公共服务有差距。"],
            True,
        ),
        (
            ["2024年全镇经济社会发展的主要预期目标是：地区生产总值增长6%", "左右，收入增长5%。"],
            True,
        ),
        (
            [
                "一年来，我们坚持项目为王，不断壮大实体经济",
                "全镇新开工亿元以上项目12个，完成固定资产投资46.8亿元，增长11.2%，工业投资占比过半。",
            ],
            False,
        ),
    ],
)
def test_sentences_broken_over_lines_are_joined(texts: list[str], joined: bool) -> None:
    assert (len(structure.join_broken(lines(*texts))) == 1) is joined


def test_a_soft_line_break_inside_a_sentence_is_joined() -> None:
    wrapped = [
        Line("镇五届人大四次会议以来，镇人大主席团在镇党委的坚强", 7),
        Line("领导和县人大常委会的精心指导下，认真履行法定职责。", 7),
    ]
    assert [line.text for line in structure.join_broken(wrapped)] == [
        "镇五届人大四次会议以来，镇人大主席团在镇党委的坚强领导和县人大常委会的精心指导下，"
        "认真履行法定职责。"
    ]


def test_page_numbers_cut_into_text_are_dropped_and_said() -> None:
    notes = Notes()
    kept = chrome.strip(lines("加大执法检查力度，— 3 —集中力量开展执法检查。"), notes)
    assert [line.text for line in kept] == ["加大执法检查力度，集中力量开展执法检查。"]
    assert [(d.line, d.text, d.why_en) for d in notes.dropped] == [(1, "— 3 —", "page number")]


BODY_HEADINGS = (
    "一、2024年工作回顾",
    "（一）坚持党的领导，准确把握人大工作政治方向",
    "二、2025年工作安排",
)
"""The headings of the text below each table of contents (the entries' titles)."""
BELOW = (
    "各位代表：",
    OPENING,
    BODY_HEADINGS[0],
    "一年来，我们完成了各项目标任务。",
    BODY_HEADINGS[1],
    "坚持党的全面领导。",
    BODY_HEADINGS[2],
    "全年目标如下。",
)


@pytest.mark.parametrize(
    ("above", "contents"),
    [
        # A Word file's TOC field, its tab read as a space.
        (
            ["政府工作报告"],
            [
                "目 录",
                *(f"{title} {page}" for title, page in zip(BODY_HEADINGS, "125", strict=True)),
            ],
        ),
        # A PDF's, its heading a picture: leader dots to the page; an entry wrapped before it.
        (
            ["政府工作报告", "——2025年1月8日在石门乡第十八届人民代表大会第五次会议上"],
            [
                "一、2024年工作回顾……………………1",
                "（一）坚持党的领导，准确把握人大",
                "工作政治方向………………2",
                "二、2025年工作安排.......5",
            ],
        ),
        # A page's list of its headings, no pages.
        (["政府工作报告"], ["目 录", *BODY_HEADINGS]),
    ],
    ids=["word", "pdf", "page"],
)
def test_a_table_of_contents_is_left_out(above: list[str], contents: list[str]) -> None:
    """Its entries made parts and sections of the report's headings twice over, a page number
    in each (一、2024年工作回顾 2); its lines are left out, and said so."""
    notes = Notes()
    source = lines(*above, *contents, *BELOW)
    kept = contents_stage.drop_contents(source, notes)
    assert [line.text for line in kept] == [*above, *BELOW]
    assert [(d.text, d.why_zh, d.why_en) for d in notes.dropped] == [
        (text, "目录", "table of contents") for text in contents
    ]


def test_a_page_s_list_of_headings_without_numbers_is_left_out() -> None:
    """Its entries are the page's headings (<h2>), which bear no numbers."""
    source = [
        Line("目录", 1),
        Line("工作回顾", 2),
        Line("工作安排", 3),
        Line("工作回顾", 4, heading=1),
        Line("一年来，我们完成了各项目标任务。", 5),
        Line("工作安排", 6, heading=1),
    ]
    assert contents_stage.drop_contents(source, Notes()) == source[3:]


@pytest.mark.parametrize(
    "texts",
    [
        # A page's menu under a 目录 link: its lines stand below again, but as no heading.
        ["目录", "首页", "政府工作报告", "政府工作报告", "首页"],
        # Lines ending in figures, no 目录 line and no leader dots.
        ["全年新增就业 500", "城镇登记失业率 3", "全年新增就业 500人"],
        # Leader dots to a number, whose titles no line below begins.
        ["附件一……………5", "附件二……………7", "各位代表："],
        # One entry is no table of contents.
        ["目录", "一、2024年工作回顾 2", "一、2024年工作回顾"],
    ],
    ids=["menu", "figures", "elsewhere", "one"],
)
def test_lines_like_a_table_of_contents_are_kept(texts: list[str]) -> None:
    notes = Notes()
    assert contents_stage.drop_contents(lines(*texts), notes) == lines(*texts)
    assert notes.dropped == []


def test_a_word_table_of_contents_makes_no_parts() -> None:
    """A Word file's table of contents as Word writes it — a content control holding the TOC
    field, each entry a link to its heading with its page (a PAGEREF field) after a tab — is
    left out whole, and the headings below make the parts and sections."""
    import docx
    from docx.oxml import parse_xml

    namespace = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'

    def entry(title: str, page: int, field: str = "") -> str:
        anchor = f"_Toc{page}{len(title)}"
        return (
            f'<w:p><w:pPr><w:pStyle w:val="TOC1"/></w:pPr>{field}'
            f'<w:hyperlink w:anchor="{anchor}"><w:r><w:t>{title}</w:t></w:r><w:r><w:tab/></w:r>'
            '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve">'
            f' PAGEREF {anchor} \\h </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/>'
            f'</w:r><w:r><w:t>{page}</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>'
            "</w:hyperlink></w:p>"
        )

    toc = (
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve">'
        ' TOC \\o "1-2" \\h \\z \\u </w:instrText></w:r><w:r>'
        '<w:fldChar w:fldCharType="separate"/></w:r>'
    )
    entries = [
        entry(BODY_HEADINGS[0], 1, toc),
        entry(BODY_HEADINGS[1], 2),
        entry(BODY_HEADINGS[2], 5),
    ]
    document = docx.Document()
    document.add_paragraph("政府工作报告")
    for text in BELOW:
        document.add_paragraph(text, style="Heading 1" if text in BODY_HEADINGS else None)
    control: Any = parse_xml(
        f'<w:sdt {namespace}><w:sdtPr><w:docPartObj><w:docPartGallery w:val="Table of'
        ' Contents"/></w:docPartObj></w:sdtPr><w:sdtContent><w:p><w:r><w:t>目　录</w:t></w:r>'
        f'</w:p>{"".join(entries)}<w:p><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>'
        "</w:sdtContent></w:sdt>"
    )
    document.paragraphs[0]._p.addnext(control)
    out = io.BytesIO()
    document.save(out)
    result = recognise(read(out.getvalue(), "a.docx"), series="s", year=2024, schema="x")
    report = yaml.safe_load(result.yaml)
    assert report["review"]["heading"] == "2024年工作回顾"
    assert report["tasks"]["heading"] == "2025年工作安排"
    assert "parts" not in report
    assert [(d.line, d.text) for d in result.notes.dropped] == [
        (2, "目 录"),
        (3, f"{BODY_HEADINGS[0]} 1"),
        (4, f"{BODY_HEADINGS[1]} 2"),
        (5, f"{BODY_HEADINGS[2]} 5"),
    ]


@pytest.mark.parametrize("heading", ["名词解释", "附件", "附：名词解释", "附 录"])
def test_an_appendix_after_the_closing_address_stays_after_it(heading: str) -> None:
    """Its numbered terms were read as items of the last task, and the closing address above
    them with them; they follow the closing address in the closing, as written. The same
    heading before the closing address is text of the report."""
    terms = [
        "1.规模以上工业企业：年主营业务收入2000万元及以上的工业企业。",
        "2.十件民生实事：县政府每年承诺办理的民生实事。",
    ]
    closing = "各位代表，新的一年任务艰巨。让我们团结一心，为建设美丽清水而努力奋斗！"
    text = "\n".join(
        [
            "各位代表：",
            OPENING,
            "一、2023年工作回顾",
            "全年完成了各项目标任务。",
            "二、2024年工作安排",
            "（一）聚力产业升级",
            "新培育规模以上工业企业10家以上。",
            heading,
            "（二）聚力民生改善",
            "持续办好十件民生实事。",
            closing,
            heading,
            *terms,
        ]
    )
    _, report = imported(text)
    assert report["closing"] == [closing, heading, *terms]
    first, second = report["tasks"]["items"]
    assert first["items"] == [{"text": heading.replace(" ", "")}]
    assert (second["text"], "items" in second) == ("持续办好十件民生实事。", False)


def test_half_width_punctuation_beside_chinese_is_made_full_width() -> None:
    notes = Notes()
    (line,) = full_width(lines("(王子恒 党委委员)各位代表,同志们:PM2.5<35, a<b"), notes)
    assert line.text == "（王子恒 党委委员）各位代表，同志们：PM2.5<35, a＜b"
    assert notes.punctuation == 5


def test_traditional_characters_are_read_as_written() -> None:
    assert fold("無障礙瀏覽 發布機構 鎮長") == "无障碍浏览 发布机构 镇长"
    assert len(fold("龍泉鎮2023年政府工作報告")) == len("龍泉鎮2023年政府工作報告")


@pytest.mark.parametrize("suffix", [".docx", ".doc", ".odt"])
def test_a_word_character_style_s_bold_and_font_are_read(suffix: str) -> None:
    """A run's character style (w:rStyle: Strong, a 要点 style of a template) sets it in bold
    or in 黑体: its bold and font were not read, so a lead phrase in such a style was plain
    text and a heading in 黑体 by such a style no heading. A run's own bold still wins. The
    same document as LibreOffice 7.4 saves it as .doc (sprmCIstd, a character style of the
    style sheet) and .odt (a span's named style) in tests/fixtures/character-styles.*."""
    import io

    import docx
    from docx.enum.style import WD_STYLE_TYPE
    from docx.oxml.ns import qn

    from .conftest import ROOT

    document = docx.Document()
    lead = document.styles.add_style("要点", WD_STYLE_TYPE.CHARACTER)
    lead.font.bold = True
    heading = document.styles.add_style("小标题字", WD_STYLE_TYPE.CHARACTER)
    heading.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), "黑体")
    paragraph = document.add_paragraph()
    paragraph.add_run("加强领导。", style="要点")
    paragraph.add_run("全年完成。")
    document.add_paragraph().add_run("一、总体要求", style="小标题字")
    document.add_paragraph().add_run("不加粗", style="要点").bold = False
    out = io.BytesIO()
    document.save(out)
    data = out.getvalue()
    if suffix != ".docx":
        data = (ROOT / "tests" / "fixtures" / f"character-styles{suffix}").read_bytes()
    assert [(line.text, line.bold, line.heading) for line in read(data, f"a{suffix}").lines] == [
        ("加强领导。全年完成。", ((0, 5),), 0),
        ("一、总体要求", (), 1),
        ("不加粗", (), 0),
    ]


@pytest.mark.parametrize("suffix", [".docx", ".doc", ".odt"])
def test_a_word_paragraph_s_outline_level_makes_it_a_heading(suffix: str) -> None:
    """An outline level (大纲级别) set on a paragraph of the body's look, no heading style, is
    how many offices mark a template's title lines: Word's navigation pane lists them, and they
    were read as body text. A paragraph's own level, else its style's or that of the style it
    is based on (a template's title style based on heading 1); its own body-text level (9)
    makes a heading style's paragraph none. The same document as LibreOffice 7.4 saves it as
    .doc (sprmPOutLvl) and .odt (text:h) in tests/fixtures/outline-levels.*."""
    import docx
    from docx.enum.style import WD_STYLE_TYPE
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    from .conftest import ROOT

    def outline(paragraph: Any, level: int) -> None:
        element = OxmlElement("w:outlineLvl")
        element.set(qn("w:val"), str(level))
        paragraph._p.get_or_add_pPr().append(element)

    document = docx.Document()
    title = document.styles.add_style("报告标题", WD_STYLE_TYPE.PARAGRAPH)
    title.base_style = document.styles["Heading 1"]
    outline(document.add_paragraph("总体要求"), 0)
    outline(document.add_paragraph("稳增长"), 1)
    document.add_paragraph("工作回顾", style="报告标题")
    outline(document.add_paragraph("不是标题", style="Heading 1"), 9)
    document.add_paragraph("正文。")
    out = io.BytesIO()
    document.save(out)
    data = out.getvalue()
    if suffix != ".docx":
        data = (ROOT / "tests" / "fixtures" / f"outline-levels{suffix}").read_bytes()
    assert [(line.text, line.heading) for line in read(data, f"a{suffix}").lines] == [
        ("总体要求", 1),
        ("稳增长", 2),
        ("工作回顾", 1),
        ("不是标题", 0),
        ("正文。", 0),
    ]


def test_a_word_run_of_a_character_style_the_file_lacks_is_read() -> None:
    """A run may name a character style the file does not hold (deleted since), in a file
    with no default character style either: the file was refused as damaged."""
    import io

    import docx
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    document = docx.Document()
    run = document.add_paragraph().add_run("加强领导。")
    named: Any = OxmlElement("w:rStyle")
    named.set(qn("w:val"), "NoSuchStyle")
    run._r.get_or_add_rPr().insert(0, named)
    for style in list(document.styles.element.iterchildren(qn("w:style"))):
        if style.get(qn("w:type")) == "character":
            document.styles.element.remove(style)
    out = io.BytesIO()
    document.save(out)
    assert [(line.text, line.bold) for line in read(out.getvalue(), "a.docx").lines] == [
        ("加强领导。", ())
    ]


def test_word_text_in_links_and_tracked_changes_is_read_in_order() -> None:
    import io

    import docx
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    def run(text: str, tag: str = "w:t") -> Any:
        element, inner = OxmlElement("w:r"), OxmlElement(tag)
        inner.text = text
        element.append(inner)
        return element

    document = docx.Document()
    paragraph = document.add_paragraph("依托")
    element: Any = paragraph._p
    link = OxmlElement("w:hyperlink")
    link.append(run("云南省人大代表履职平台"))
    element.append(link)
    paragraph.add_run("系统，")
    for tag, text, kind in (
        ("w:del", "删去的字", "w:delText"),
        ("w:ins", "将代表信息公开。", "w:t"),
        # A sentence moved is its text at both places, where it was and where it went: it
        # was read at neither, and lost.
        ("w:moveFrom", "移走的句子。", "w:t"),
        ("w:moveTo", "移来的句子。", "w:t"),
    ):
        change = OxmlElement(tag)
        change.set(qn("w:id"), "1")
        change.set(qn("w:author"), "起草组")
        change.append(run(text, kind))
        element.append(change)
    document.sections[0].footer.paragraphs[0].text = "第 1 页"
    data = io.BytesIO()
    document.save(data)
    assert [line.text for line in read(data.getvalue(), "x.docx").lines] == [
        "依托云南省人大代表履职平台系统，将代表信息公开。移来的句子。"
    ]


def test_word_paragraphs_in_content_controls_and_nested_tables_are_read() -> None:
    import io

    import docx
    from docx.oxml import OxmlElement

    document = docx.Document()
    document.add_paragraph("镇五届人大五次会议")
    body: Any = document.element.body
    control, content = OxmlElement("w:sdt"), OxmlElement("w:sdtContent")
    inner: Any = document.add_paragraph("夯基固本强履职 砥砺奋进惠民生")._p
    content.append(inner)  # moved from the body into the content control
    control.append(content)
    body.insert(1, control)
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "索引号"
    table.cell(0, 1).add_table(rows=1, cols=1).cell(0, 0).text = "01525771-4/20250829-00001"
    document.add_paragraph("各位代表：")
    data = io.BytesIO()
    document.save(data)
    assert [line.text for line in read(data.getvalue(), "x.docx").lines] == [
        "镇五届人大五次会议",
        "夯基固本强履职 砥砺奋进惠民生",
        "索引号",
        "01525771-4/20250829-00001",
        "各位代表：",
    ]


def test_word_text_boxes_and_wordart_are_read_after_their_paragraph(tmp_path: Path) -> None:
    spec = tmp_path / "spec.yaml"
    spec.write_text(
        """
body:
- wordart: 石门乡人民政府文件
- text: 十件民生实事全部办结（见专栏）。
  text_box:
  - {text: 专栏  十件民生实事完成情况, font: 黑体}
  - table: [[道路硬化, 8.6公里]]
- {text: 二、2025年工作安排, font: 黑体}
""",
        encoding="utf-8",
    )
    build_docx(spec, tmp_path / "x.docx")
    found = read((tmp_path / "x.docx").read_bytes(), "x.docx").lines
    # Each box once (Word writes it twice, the second for readers without DrawingML), and its
    # caption in 黑体 no heading: a box is outside the document's outline.
    assert [(line.number, line.text, line.heading) for line in found] == [
        (2, "石门乡人民政府文件", 0),
        (3, "十件民生实事全部办结（见专栏）。", 0),
        (4, "专栏 十件民生实事完成情况", 0),
        (5, "道路硬化", 0),
        (6, "8.6公里", 0),
        (7, "二、2025年工作安排", 1),
    ]


def test_a_word_file_s_chunks_of_other_formats_are_read_in_their_place() -> None:
    """An "export to Word" puts the page's HTML in an otherwise empty .docx as a w:altChunk,
    and a merge of documents a .docx in a .docx, which Word converts when it opens the file:
    the import found no text. Each is read where it stands, as the source it is (a page's
    bold and headings kept, an RTF's), a paragraph a line; a chunk inside a chunk is not
    followed, and an empty one adds nothing."""
    page = "<html><body><h2>一、工作回顾</h2><p><b>农业稳定。</b>粮食总产1万吨。</p></body></html>"
    merged = with_chunks(["合并进来的文件", ("inner.htm", "<p>块中之块</p>".encode())])
    rtf = rb"{\rtf1\ansi\ansicpg936 \'b8\'bd\'bc\'fe\par}"
    source = with_chunks(
        [
            "政府工作报告",
            ("a.htm", page.encode()),
            ("b.docx", merged),
            ("c.htm", b" "),
            ("d.rtf", rtf),
            "结尾",
        ]
    )
    assert [
        (line.text, line.number, line.bold, line.heading) for line in read(source, "x.docx").lines
    ] == [
        ("政府工作报告", 1, (), 0),
        ("一、工作回顾", 2, (), 1),
        ("农业稳定。粮食总产1万吨。", 3, ((0, 5),), 0),
        ("合并进来的文件", 4, (), 0),
        ("附件", 6, (), 0),
        ("结尾", 7, (), 0),
    ]


def test_word_s_own_numbering_is_shown_as_word_counts_it() -> None:
    """A paragraph Word numbers itself holds no number in its text: a report whose headings a
    template's multilevel list numbers lost its 一、 and （一）. Counted as LibreOffice shows
    the same file, and Word (which alone honours isLgl): a level starts again under a higher
    one, a level skipped over counts as shown once, an instance that overrides a level's
    start starts it again and the others go on, a style's numbering is its paragraphs' unless
    one takes it away (numId 0), a level's text shows the levels above in their own format (in
    digits if it says isLgl), and a bullet shows nothing."""
    import docx
    from docx.oxml import parse_xml

    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    document = docx.Document()
    levels = "".join(
        f'<w:lvl w:ilvl="{n}"><w:start w:val="1"/><w:numFmt w:val="{kind}"/>{legal}'
        f'<w:suff w:val="{suffix}"/><w:lvlText w:val="{text}"/></w:lvl>'
        for n, (kind, legal, text, suffix) in enumerate(
            [("chineseCounting", "", "%1、", "nothing"),
             ("chineseCounting", "", "（%2）", "nothing"),
             ("decimal", "<w:isLgl/>", "%1.%3", "tab"), ("bullet", "", "\uf0b7", "tab")]
        )
    )  # fmt: skip
    numbering = document.part.numbering_part.element
    numbering.find(f"{{{w[9:-1]}}}num").addprevious(
        parse_xml(f'<w:abstractNum {w} w:abstractNumId="70">{levels}</w:abstractNum>')
    )
    for number, override in ((70, ""), (71, '<w:startOverride w:val="5"/>')):
        numbering.append(
            parse_xml(
                f'<w:num {w} w:numId="{number}"><w:abstractNumId w:val="70"/>'
                f'<w:lvlOverride w:ilvl="1">{override}</w:lvlOverride></w:num>'
            )
        )
    styled = document.styles["Heading 1"].element.get_or_add_pPr().get_or_add_numPr()
    styled.get_or_add_numId().val = 70
    for n, (level, number) in enumerate(
        [(1, 70), (0, 70), (2, 70), (1, 70), (2, 70), (0, 70), (2, 70), (2, 70), (1, 70),
         (1, 71), (1, 71), (1, 70), (3, 70), (None, 70), (None, 0)]
    ):  # fmt: skip
        paragraph = document.add_paragraph(f"项{n}", "Heading 1" if level is None else None)
        if level is not None or number == 0:
            properties: Any = paragraph._p.get_or_add_pPr()
            numbered = properties.get_or_add_numPr()
            numbered.get_or_add_numId().val = number
            numbered.get_or_add_ilvl().val = level or 0
    data = io.BytesIO()
    document.save(data)
    assert [line.text for line in read(data.getvalue(), "x.docx").lines] == [
        "（一）项0", "二、项1", "2.1 项2", "（二）项3", "2.1 项4", "三、项5", "3.1 项6",
        "3.2 项7", "（二）项8", "（五）项9", "（六）项10", "（七）项11", "项12", "四、项13",
        "项14",
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("kind", "counts", "shown"),
    [
        ("chineseCounting", (1, 10, 11, 20, 99), "一 十 十一 二十 九十九"),
        ("chineseCountingThousand", (101, 110, 1010), "一百零一 一百一十 一千零一十"),
        ("ideographDigital", (2025,), "二〇二五"),
        ("chineseLegalSimplified", (1, 10, 15), "壹 壹拾 壹拾伍"),
        ("ideographTraditional", (1, 10, 11), "甲 癸 甲"),
        ("decimalEnclosedCircle", (1, 20, 21), "① ⑳ 21"),
        ("decimalFullWidth", (7, 12), "７ １２"),
        ("upperRoman", (4, 1994), "IV MCMXCIV"),
        ("lowerLetter", (1, 27), "a aa"),
    ],
)  # fmt: skip
def test_word_s_number_formats(kind: str, counts: tuple[int, ...], shown: str) -> None:
    assert " ".join(numbering._format(count, kind) for count in counts) == shown


def test_word_symbols_are_read_as_the_characters_they_show() -> None:
    """Insert → Symbol puts a font's glyph in a run (w:sym), which python-docx does not read:
    a form's ☑ and □ (Wingdings 2), a ≥ of Symbol, a ★ of a Chinese font were lost; a ☑ typed
    as R in Wingdings 2 was read as "R". A symbol font's glyph is read as the character that
    shows it; one no character shows is left out."""
    import docx
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    document = docx.Document()
    paragraph = document.add_paragraph()
    for text, font, char in (
        ("公开方式：", "Wingdings 2", "F052"),
        ("主动公开", "Wingdings 2", "F0A3"),
        ("依申请公开；PM2.5", "Symbol", "F0A3"),
        ("35微克", "宋体", "2605"),
        ("", "Wingdings", "F021"),  # a pencil, which documents do not use: no character
        ("", "Webdings", "F06E"),
        ("", "Arial", "E001"),  # private use: nothing shows it elsewhere
        ("", "Wingdings", "zz"),
    ):
        run: Any = paragraph.add_run(text)._r
        shown = OxmlElement("w:sym")
        shown.set(qn("w:font"), font)
        shown.set(qn("w:char"), char)
        run.append(shown)
    # Typed in the font, as the well-known way to a ticked box has it: R in Wingdings 2.
    typed = document.add_paragraph()
    for typed_text, typed_font in (
        ("是否公开：", None),
        ("R ", "Wingdings 2"),  # a space is a space in every font
        ("是 ", None),
        ("\uf0a3否", "Wingdings 2"),
        ("a值", "Symbol"),
    ):
        typed.add_run(typed_text).font.name = typed_font
    data = io.BytesIO()
    document.save(data)
    assert [line.text for line in read(data.getvalue(), "x.docx").lines] == [
        "公开方式：☑主动公开□依申请公开；PM2.5≤35微克★",
        "是否公开：☑ 是 □否α值",
    ]
    # A symbol a .doc or an .odt holds as its private-use code, whose font is not read.
    assert [line.text for line in read("是否公开：\uf052是".encode(), "x.txt").lines] == [
        "是否公开：是"
    ]


def test_a_wechat_account_above_the_time_of_its_post_is_dropped() -> None:
    notes = Notes()
    kept = chrome.strip(
        lines("权威发布丨2024年凤岗县政府工作报告", "凤岗发布", "2024-01-22 18:06"), notes
    )
    assert [line.text for line in kept] == ["权威发布丨2024年凤岗县政府工作报告"]
    assert [d.text for d in notes.dropped] == ["凤岗发布", "2024-01-22 18:06"]


def test_precision_counts_what_no_label_asks_for_and_recall_does_not() -> None:
    expected = {"kind": "report", "headings": [[1, "工作回顾"]], "paragraph_starts": ["一年来"]}
    report = {
        "opening": ["一年来", "出的126件建议"],
        "review": {"heading": "工作回顾", "sections": [{"title": "多出的标题"}]},
    }
    result = score(expected, report, "", "report")
    assert (result.points, result.total, result.misses) == (3, 3, [])
    assert (result.right, result.found) == (2, 4)
    assert result.extras == ["headings: [2, '多出的标题']", "paragraph_starts: 出的126件建议"]


def test_a_lead_after_yi_shi_may_close_with_a_colon() -> None:
    found = structure.tokens(
        lines(
            "一是强化理论武装：坚持常委会党组理论学习中心组学习制度，全年集中学习12次。"
            "二是坚持请示报告：全年向县委请示报告重大事项15件，确保正确方向。",
            "一是抓投资，二是促消费：经济运行总体平稳，主要指标好于预期。",
        )
    )
    assert [(t.lead, t.text[:6]) for t in found] == [
        ("一是强化理论武装", "坚持常委会党"),
        ("二是坚持请示报告", "全年向县委请"),
        (None, "一是抓投资，"),
    ]


def test_an_item_broken_by_a_page_end_at_a_full_stop_goes_on() -> None:
    kept = chrome.strip(
        lines(
            "项目建设加速推进。全年实施重点项目16个，完成投资4.2亿元。",
            "乡村振兴扎实推进。巩固拓展脱贫攻坚成果，守住了不发生规模性返贫的底线。",
            "第 2 页 共 4 页",
            "完成村庄规划编制8个，改造农村户厕680座。",
            "民生事业全面发展。新增城镇就业530人，城乡居民医保参保率达98.3%。",
            "各位代表，过去一年的成绩来之不易。",
        ),
        Notes(),
    )
    found = structure.tokens(kept)
    assert [t.lead for t in found] == [
        "项目建设加速推进",
        "乡村振兴扎实推进",
        "民生事业全面发展",
        None,
    ]
    assert found[1].text == (
        "巩固拓展脱贫攻坚成果，守住了不发生规模性返贫的底线。完成村庄规划编制8个，改造农村户厕680座。"
    )


def _word97_streams(
    pieces: list[tuple[str, bool]],
    main: int,
    header: int = 0,
    shapes: tuple[tuple[int, int], ...] = (),
    boxes: tuple[tuple[int, int], ...] = (),
    runs: tuple[tuple[int, int, bytes], ...] = (),
    fonts: tuple[str, ...] = (),
    paragraphs: tuple[tuple[int, int, bytes], ...] = (),
    lists: tuple[bytes, bytes, bytes, bytes] = (b"", b"", b"", b""),
    drawings: bytes = b"",
) -> tuple[bytes, bytes]:
    """A WordDocument stream and its table stream as Word 97 writes them, no more: a file
    information block, the pieces' text (one byte a character where compressed) and a piece
    table (after a Prc, as a fast save leaves one) whose main document is `main` characters,
    followed by `header` characters of headers and the text box story; the main document's
    shapes (anchor, shape id) and the text boxes (their length, shape id), a spare one after
    them; the runs' properties (the first piece's characters from, to, and their grpprl) on a
    page of their own, and the fonts' table; the paragraphs' likewise, the lists (PlfLst,
    the levels after it, PlfLfo, the style sheet), and the drawings (OfficeArtContent)."""
    document = bytearray(4096)
    struct.pack_into("<HH", document, 0, 0xA5EC, 0x00C1)
    struct.pack_into("<H", document, 0x0A, 0x0200)
    struct.pack_into("<H", document, 32, 14)  # csw, then FibRgW97
    struct.pack_into("<H", document, 62, 22)  # cslw, then FibRgLw97: ccpText is its fourth
    story = sum(len(text) for text, _ in pieces) - main - header
    struct.pack_into("<4i", document, 64 + 12, main, 0, header, 0)  # ccpText, ccpFtn, ccpHdd
    struct.pack_into("<i", document, 64 + 36, story)  # ccpTxbx
    struct.pack_into("<H", document, 152, 93)  # cbRgFcLcb, then FibRgFcLcb97
    positions, descriptors, at, cp = [0], b"", 1024, 0
    for text, compressed in pieces:
        data = text.encode("cp1252" if compressed else "utf-16-le")
        document[at : at + len(data)] = data
        descriptors += struct.pack("<HIH", 0, (at * 2) | 0x40000000 if compressed else at, 0)
        at += len(data) + 16
        cp += len(text)
        positions.append(cp)
    plc = struct.pack(f"<{len(positions)}I", *positions) + descriptors
    clx = b"\x01" + struct.pack("<h", 2) + b"\x00\x00" + b"\x02" + struct.pack("<I", len(plc))
    table = bytes(64) + clx + plc
    struct.pack_into("<II", document, 0x01A2, 64, len(clx) + len(plc))
    spa = struct.pack(f"<{len(shapes) + 1}i", *(cp for cp, _ in shapes), main)
    spa += b"".join(struct.pack("<i22x", shape) for _, shape in shapes)
    ends = [sum(length for length, _ in boxes[:n]) for n in range(len(boxes) + 2)]
    txbx = struct.pack(f"<{len(ends)}i", *ends[:-1], ends[-2] + 1)
    txbx += b"".join(struct.pack("<iiHii4x", 1, 0, 0, 0, shape) for _, shape in boxes)
    txbx += struct.pack("<iiHii4x", 0, 0, 1, 0, 0)
    bins = _word97_page(document, 7, runs, 1)
    paragraph_bins = _word97_page(document, 6, paragraphs, 13)
    ffn = [bytes(39) + f"{name}\0".encode("utf-16-le") for name in fonts]
    names = struct.pack("<HH", len(fonts), 0) + b"".join(bytes([len(f)]) + f for f in ffn)
    lst, levels, lfo, styles = lists
    parts = (
        (1, styles), (12, bins), (13, paragraph_bins), (15, names), (40, spa), (50, drawings),
        (56, txbx), (73, lst),
    )  # fmt: skip
    for index, plcf in parts:
        struct.pack_into("<II", document, 154 + 8 * index, len(table), len(plcf))
        table += plcf
    table += levels  # a list's levels follow PlfLst, outside its size
    struct.pack_into("<II", document, 154 + 8 * 74, len(table), len(lfo))
    return bytes(document), table + lfo


def _word97_page(
    document: bytearray, number: int, runs: tuple[tuple[int, int, bytes], ...], entry: int
) -> bytes:
    """A page of runs' properties (of characters, entries of one byte; of paragraphs, of 13,
    their properties led by the paragraph's style, istd) written as page `number` of the
    stream, for the first piece's characters (from, to); its bin table."""
    page, free = bytearray(512), 511
    page[511] = len(runs)
    for index, (first, last, grpprl) in enumerate(runs):
        struct.pack_into("<II", page, 4 * index, 1024 + 2 * first, 1024 + 2 * last)
        if entry == 1:
            data = bytes([len(grpprl)]) + grpprl
        elif len(grpprl) % 2:  # its size in words, less a byte
            data = bytes([(len(grpprl) + 1) // 2]) + grpprl
        else:  # or, 0 and its size in words
            data = bytes([0, len(grpprl) // 2]) + grpprl
        free = (free - len(data)) // 2 * 2
        page[free : free + len(data)] = data
        page[4 * (len(runs) + 1) + entry * index] = free // 2
    document[512 * number : 512 * (number + 1)] = page
    return struct.pack("<III", 1024, 1024 + 2 * (runs[-1][1] if runs else 0), number)


def test_a_word_97_file_is_read_piece_by_piece() -> None:
    """The text of a .doc is found through its piece table: pieces of two bytes a character and
    of one, fields shown as Word shows them (their result, nested fields too), a table's cells
    one after another, a soft line break, and nothing after the main document (a footer)."""
    pieces = [
        ("各位代表：\r（王子恒\u3000党委委员）\x0b第二行\r", False),
        ("PM2.5 \x13 PAGE \x145\x15 caf\xe9\r", True),
        ('索引号\x07001\x07\x07\x13 HYPERLINK "x" \x14链接\x13 REF a \x15文字\x15\r第 1 页', False),
    ]
    main = sum(len(text) for text, _ in pieces) - len("第 1 页")
    text = word97._text(*_word97_streams(pieces, main))
    assert [(line.text, line.number) for line in word97._lines(text)] == [
        ("各位代表：", 1),
        ("（王子恒 党委委员）", 2),
        ("第二行", 2),
        ("PM2.5 5 café", 3),
        ("索引号", 4),
        ("001", 5),
        ("链接文字", 7),
    ]


def test_a_word_97_text_box_is_read_after_its_paragraph() -> None:
    """A .doc keeps its text boxes' text in a story of its own after the main document's and
    the headers', and where each is anchored in the shapes' table: the box that holds the
    cover's title was lost. Each box is read after the paragraph (or table cell) its shape is
    anchored in, once if two shapes name it; an empty box, and a shape with no box (a WordArt
    or a picture), add nothing."""
    main = "封面\r各位代表：\r索引号\x07001\x07\x07结束\r"
    boxes = ("政府工作报告\r——2025年1月8日\r", "\r", "专栏\r")
    pieces = [(main, False), ("Page 1\r", True), ("".join(boxes), False)]
    shapes = ((0, 1030), (3, 1027), (0, 1028), (0, 1028), (len("封面\r各位代表：\r索"), 1029))
    ids = tuple(zip(map(len, boxes), (1028, 1027, 1029), strict=True))
    text = word97._text(*_word97_streams(pieces, len(main), 7, shapes, ids))
    assert [(line.text, line.number) for line in word97._lines(text)] == [
        ("封面", 1),
        ("政府工作报告", 2),
        ("——2025年1月8日", 3),
        ("各位代表：", 4),
        ("索引号", 5),
        ("专栏", 6),
        ("001", 7),
        ("结束", 9),
    ]


def test_a_word_97_wordart_is_read_after_its_paragraph() -> None:
    """A WordArt's text (a red-header template's 发文机关标志) is in no story of a .doc but in
    its shape's properties in the drawings (gtextUNICODE, a complex property, after another
    one); it was lost. Read after the paragraph its shape is anchored in, as a .docx's is; a
    shape that is a text box too is read as its box."""
    main = "封面\r各位代表：\r"

    def record(kind: int, body: bytes, instance: int = 0, container: bool = False) -> bytes:
        return (
            struct.pack("<HHI", instance << 4 | (0xF if container else 2), kind, len(body)) + body
        )

    def shape(shape_id: int, text: str) -> bytes:
        name = "Picture 1\0".encode("utf-16-le")
        art = f"{text}\0".encode("utf-16-le")
        properties = struct.pack(
            "<HIHIHI", 0x0080, 5, 0x8000 | 0x0380, len(name), 0x8000 | 0x00C0, len(art)
        )
        return record(
            0xF004,
            record(0xF00A, struct.pack("<II", shape_id, 0xA00))
            + record(0xF00B, properties + name + art, instance=3)
            + record(0xF122, b""),  # more properties, none of them text
            container=True,
        )

    group = record(
        0xF003, shape(1026, "城关镇人民政府文件") + shape(1027, "框中字"), container=True
    )
    drawings = record(0xF000, b"", container=True) + b"\x00" + record(0xF002, group, container=True)
    pieces = [(main, False), ("框\r", False)]
    streams = _word97_streams(
        pieces, len(main), 0, ((0, 1026), (3, 1027)), ((2, 1027),), drawings=drawings
    )
    assert [(line.text, line.number) for line in word97._lines(word97._text(*streams))] == [
        ("封面", 1),
        ("城关镇人民政府文件", 2),
        ("各位代表：", 3),
        ("框", 4),
    ]


def test_a_word_97_symbol_is_read_from_its_run() -> None:
    """A .doc keeps a symbol inserted with Insert → Symbol as "(" in its text, the font and the
    character in the run's properties (sprmCSymbol), and one typed in a symbol font as typed,
    the font in the properties (sprmCRgFtc0): both were imported as they are in the text."""
    text = "公开方式：(主动公开R依申请公开\r"
    symbol = struct.pack("<HHH", 0x6A09, 0, 0xF0B3)  # font 0 (Symbol), ≥
    typed = struct.pack("<HH", 0x4A4F, 1)  # font 1 (Wingdings 2)
    chinese = struct.pack("<HH", 0x4A4F, 2) + struct.pack("<HB", 0x0835, 1)  # 宋体, bold
    streams = _word97_streams(
        [(text, False)],
        len(text),
        runs=((0, 5, chinese), (5, 6, symbol), (6, 10, b""), (10, 11, typed)),
        fonts=("Symbol", "Wingdings 2", "宋体"),
    )
    assert [line.text for line in word97._lines(word97._text(*streams))] == [
        "公开方式：≥主动公开☑依申请公开"
    ]


def test_a_word_97_list_s_numbers_are_shown() -> None:
    """A .doc's lists (PlfLst and their levels, PlfLfo) and the paragraphs in them (sprmPIlfo,
    sprmPIlvl, or their style's): the numbers Word shows, which the text does not hold, were
    lost. An instance that starts a level again at 5 goes on from there; a paragraph whose
    style gives a list takes it unless it takes it away (sprmPIlfo 0)."""
    text = "回顾\r工业\r农业\r民生\r部署\r结语\r"
    marks = [index for index, character in enumerate(text) if character == "\r"]
    lst = struct.pack("<Hi4x", 1, 100) + struct.pack("<9H", *[0x0FFF] * 9) + bytes(2)
    levels = b""
    for nfc, shown in [(37, "\x00、"), (37, "（\x01）"), *[(0, "")] * 7]:  # chineseCounting
        levels += struct.pack("<iBB9sB8xBBBB", 1, nfc, 0, bytes(9), 2, 0, 0, 0, 0)
        levels += struct.pack("<H", len(shown)) + shown.encode("utf-16-le")
    lfo = struct.pack("<i", 2) + struct.pack("<i8xBBBB", 100, 0, 0, 0, 0)
    lfo += struct.pack("<i8xBBBB", 100, 1, 0, 0, 0)
    lfo += struct.pack("<i", 0) + struct.pack("<i", 0) + struct.pack("<iI", 5, 0x11)
    # The style sheet: a header (two styles, a base of 10 bytes), no style 0, and style 1 a
    # paragraph style (stk 1, no base, two UPXs) named 标题 whose paragraphs are in list 1.
    styles = struct.pack("<HHH14x", 18, 2, 10) + struct.pack("<H", 0)
    style = struct.pack("<HHHHH", 1, 0xFFF1, 0x0012, 0, 0) + struct.pack("<H", 2)
    style += "标题\0".encode("utf-16-le") + struct.pack("<HH", 9, 1)  # its paragraphs' UPX
    style += struct.pack("<HBHHxH", 0x260A, 0, 0x460B, 1, 0)  # padded; no UPX of runs
    styles += struct.pack("<H", len(style)) + style
    properties = [
        struct.pack("<HHBHH", 0, 0x260A, level, 0x460B, instance)
        for level, instance in [(0, 1), (1, 1), (1, 1), (1, 2)]
    ] + [struct.pack("<H", 1), struct.pack("<HHH", 1, 0x460B, 0)]
    paragraphs = [
        (start, end + 1, grpprl)
        for start, end, grpprl in zip(
            [0, *[mark + 1 for mark in marks[:-1]]], marks, properties, strict=True
        )
    ]
    streams = _word97_streams(
        [(text, False)],
        len(text),
        paragraphs=tuple(paragraphs),
        lists=(lst, levels, lfo, styles),
    )
    assert [line.text for line in word97._lines(word97._text(*streams))] == [
        "一、回顾",
        "（一）工业",
        "（二）农业",
        "（五）民生",
        "二、部署",
        "结语",
    ]


def test_a_word_97_file_s_formatting_is_read_as_a_docx_s() -> None:
    """A .doc's bold runs, its fonts and its paragraphs' styles and alignment, which were not
    read (its lines were text alone): a run bold of its own (sprmCFBold 1) or by its
    paragraph style, but not where it is the other way from its style (0x81); a paragraph
    wholly in 黑体 or 楷体 (sprmCRgFtc1, the East Asian text's font, else sprmCRgFtc0) a
    heading, not one of two fonts; a heading style (known by its sti, whatever its name) and a
    centred paragraph (sprmPJc)."""
    paragraphs = [
        "一、总体情况",
        "（一）稳增长",
        "加强领导。全年完成目标。",
        "黑体和宋体",
        "标题居中，不加粗",
    ]
    text = "".join(f"{paragraph}\r" for paragraph in paragraphs)
    ends = [text.index("\r", sum(len(p) + 1 for p in paragraphs[:n])) for n in range(5)]
    starts = [0, *[end + 1 for end in ends[:-1]]]
    # 黑体 as the ASCII text's font (sprmCRgFtc0: a run that names no other), 楷体 as the
    # East Asian text's
    font = struct.pack("<HH", 0x4A4F, 1), struct.pack("<HH", 0x4A50, 2)
    bold = struct.pack("<HB", 0x0835, 1)
    other_way = struct.pack("<HB", 0x0835, 0x81)
    runs = (  # one after another, as a page of runs has them
        (starts[0], starts[1], font[0]),
        (starts[1], starts[2], font[1]),
        (starts[2], starts[2] + 5, bold),
        (starts[2] + 5, starts[3], struct.pack("<HB", 0x0835, 0x80)),  # as its style: not bold
        (starts[3], starts[3] + 2, font[0]),
        (starts[3] + 2, starts[4], b""),
        (starts[4], starts[4] + 4, other_way),
        (starts[4] + 4, len(text), b""),
    )
    # The style sheet: style 1 a paragraph style (stk 1, no base, two UPXs) of sti 2 (heading
    # 2) whatever its name, its characters bold.
    styles = struct.pack("<HHH14x", 18, 2, 10) + struct.pack("<H", 0)
    style = struct.pack("<HHHHH", 2, 0xFFF1, 0x0002, 0, 0) + struct.pack("<H", 3)
    style += "小标题\0".encode("utf-16-le") + struct.pack("<HHHB", 5, 1, 0x2461, 0)  # left
    style += b"\0" + struct.pack("<H", 3) + bold + b"\0"  # each UPX padded
    styles += struct.pack("<H", len(style)) + style
    properties = [b"\0\0"] * 4 + [struct.pack("<HHB", 1, 0x2461, 1)]
    streams = _word97_streams(
        [(text, False)],
        len(text),
        runs=runs,
        fonts=("宋体", "黑体", "楷体_GB2312"),
        paragraphs=tuple(zip(starts, [end + 1 for end in ends], properties, strict=True)),
        lists=(b"", b"", b"", styles),
    )
    assert [
        (line.text, line.bold, line.heading, line.centred)
        for line in word97._lines(word97._text(*streams))
    ] == [
        ("一、总体情况", (), 1, False),
        ("（一）稳增长", (), 2, False),
        ("加强领导。全年完成目标。", ((0, 5),), 0, False),
        ("黑体和宋体", (), 0, False),
        ("标题居中，不加粗", ((4, 8),), 2, True),
    ]


WORDML = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<?mso-application progid="Word.Document"?>
<w:wordDocument xmlns:w="http://schemas.microsoft.com/office/word/2003/wordml"
 xmlns:wx="http://schemas.microsoft.com/office/word/2003/auxHint"
 xmlns:aml="http://schemas.microsoft.com/aml/2001/core" xmlns:v="urn:schemas-microsoft-com:vml">
<w:lists><w:listDef w:listDefId="0"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:nfc w:val="37"/>
<w:lvlText w:val="%1、"/><w:suff w:val="Nothing"/></w:lvl></w:listDef>
<w:list w:ilfo="1"><w:ilst w:val="0"/></w:list></w:lists>
<w:styles><w:style w:type="paragraph" w:styleId="Heading1"><w:pPr><w:listPr>
<w:ilfo w:val="1"/></w:listPr></w:pPr></w:style></w:styles>
<w:body><wx:sect>
<w:p><w:r><w:t>各位代表：</w:t></w:r><w:r><w:pict><v:shapetype><v:textpath on="t"/></v:shapetype>
<v:shape><v:textpath string="艺术字"/></v:shape></w:pict></w:r></w:p>
<w:p><w:r><w:t>依托</w:t></w:r><w:hlink w:dest="http://x"><w:r><w:t>履职平台</w:t></w:r></w:hlink>
<aml:annotation w:type="Word.Deletion"><aml:content><w:r><w:delText>删去的字</w:delText></w:r>
</aml:content></aml:annotation><aml:annotation w:type="Word.Insertion"><aml:content><w:r>
<w:t>系统，</w:t></w:r></aml:content></aml:annotation><aml:annotation w:type="Word.Comment">
<aml:content><w:p><w:r><w:t>批注的话</w:t></w:r></w:p></aml:content></aml:annotation>
<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> DATE </w:instrText></w:r>
<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>2025年</w:t></w:r>
<w:r><w:fldChar w:fldCharType="end"/></w:r><w:r><w:br/><w:t>第二行</w:t><w:tab/><w:t>续</w:t>
<w:sym w:font="Wingdings" w:char="F0FC"/></w:r>
<w:r><w:pict><v:shape><v:textbox><w:txbxContent><w:p><w:r><w:t>文本框</w:t></w:r></w:p>
</w:txbxContent></v:textbox></v:shape></w:pict></w:r></w:p>
<w:tbl><w:tr><w:tc><w:p><w:r><w:t>索引号</w:t></w:r></w:p></w:tc>
<w:tc><w:p><w:r><w:t>001</w:t></w:r></w:p></w:tc></w:tr></w:tbl>
<w:p><w:pPr><w:pStyle w:val="Heading1"/></w:pPr><w:r><w:t>工作回顾</w:t></w:r></w:p>
<w:p><w:pPr><w:listPr><w:ilvl w:val="0"/><w:ilfo w:val="1"/></w:listPr></w:pPr><w:r>
<w:t>今后打算</w:t></w:r></w:p>
<w:sectPr><w:hdr w:type="odd"><w:p><w:r><w:t>页眉</w:t></w:r></w:p></w:hdr>
<w:ftr w:type="odd"><w:p><w:r><w:t>第 1 页</w:t></w:r></w:p></w:ftr></w:sectPr>
</wx:sect></w:body></w:wordDocument>"""


def test_a_word_2003_xml_file_is_read_as_word_shows_it() -> None:
    """Word 2003 XML, as Word saves it and template systems write it (named .doc): its body's
    paragraphs and table cells, runs in links and insertions, a field's result and a soft
    break, a WordArt's and a text box's text after their paragraph, the number a list gives
    (its own, or its style's); not deleted text, a comment, a field's code, a header or a
    footer. It was read as text, markup and all."""
    source = read(WORDML.encode(), "report.doc")
    assert (source.format, source.word) == ("wordml", True)
    assert [(line.text, line.number) for line in source.lines] == [
        ("各位代表：", 1),
        ("艺术字", 2),
        ("依托履职平台系统，2025年", 3),
        ("第二行 续✓", 3),
        ("文本框", 4),
        ("索引号", 5),
        ("001", 6),
        ("一、工作回顾", 7),
        ("二、今后打算", 8),
    ]


def test_a_word_2003_xml_file_s_formatting_is_read_as_a_docx_s() -> None:
    """Word 2003 XML's bold runs, fonts, symbols, styles and centring, which were not read (its
    lines were text alone), as the .docx reader reads them: a run's bold its own (w:b, or
    w:val="off" against its style), else its character style's, else its paragraph style's;
    its font its own or its character style's (w:fareast, else w:ascii); a paragraph wholly
    in 黑体 or 楷体 a heading (not in a text box), or of a heading style or an outline level
    (its own, else its style's, or that of the style it is based on, and so on: a style's own
    was read alone); its alignment its own, else its style's; a symbol typed in a symbol font
    as the character it shows."""
    document = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:wordDocument xmlns:w="http://schemas.microsoft.com/office/word/2003/wordml"
 xmlns:v="urn:schemas-microsoft-com:vml"><w:styles>
<w:style w:type="paragraph" w:styleId="1"><w:name w:val="heading 1"/><w:rPr><w:b/></w:rPr>
</w:style><w:style w:type="paragraph" w:styleId="a5"><w:name w:val="Title"/><w:pPr>
<w:jc w:val="center"/></w:pPr></w:style><w:style w:type="character" w:styleId="a6">
<w:name w:val="Strong"/><w:rPr><w:b/><w:rFonts w:fareast="仿宋_GB2312"/></w:rPr></w:style>
<w:style w:type="character" w:styleId="a7"><w:name w:val="小标题"/><w:rPr>
<w:rFonts w:fareast="楷体_GB2312"/></w:rPr></w:style><w:style w:type="paragraph" w:styleId="a8">
<w:name w:val="要点"/><w:pPr><w:outlineLvl w:val="1"/></w:pPr></w:style>
<w:style w:type="paragraph" w:styleId="a9"><w:name w:val="二级要点"/><w:basedOn w:val="a8"/>
</w:style><w:style w:type="paragraph" w:styleId="b1"><w:name w:val="正文要点"/>
<w:basedOn w:val="a9"/><w:pPr><w:outlineLvl w:val="9"/></w:pPr></w:style></w:styles><w:body>
<w:p><w:pPr><w:pStyle w:val="a5"/></w:pPr><w:r><w:t>政府工作报告</w:t></w:r></w:p>
<w:p><w:pPr><w:jc w:val="center"/></w:pPr><w:r><w:rPr><w:rFonts w:fareast="楷体_GB2312"/>
</w:rPr><w:t>（一）稳增长</w:t></w:r></w:p>
<w:p><w:r><w:rPr><w:rStyle w:val="a7"/></w:rPr><w:t>（二）促改革</w:t></w:r></w:p>
<w:p><w:pPr><w:outlineLvl w:val="1"/></w:pPr><w:r><w:t>（三）抓落实</w:t></w:r></w:p>
<w:p><w:pPr><w:pStyle w:val="a9"/></w:pPr><w:r><w:t>（四）保民生</w:t></w:r></w:p>
<w:p><w:pPr><w:pStyle w:val="b1"/></w:pPr><w:r><w:t>不是标题。</w:t></w:r></w:p>
<w:p><w:r><w:rPr><w:rFonts w:ascii="黑体" w:h-ansi="黑体"/></w:rPr><w:t>一、总体要求</w:t></w:r>
</w:p>
<w:p><w:r><w:rPr><w:b/></w:rPr><w:t>加强领导。</w:t></w:r><w:r><w:rPr><w:rStyle w:val="a6"/>
</w:rPr><w:t>狠抓落实。</w:t></w:r><w:r><w:t>全年完成。</w:t></w:r></w:p>
<w:p><w:pPr><w:pStyle w:val="1"/></w:pPr><w:r><w:t>二、</w:t></w:r><w:r><w:rPr>
<w:b w:val="off"/></w:rPr><w:t>部署</w:t></w:r></w:p>
<w:p><w:r><w:t>公开方式：</w:t></w:r><w:r><w:rPr><w:rFonts w:ascii="Wingdings 2"
 w:h-ansi="Wingdings 2"/></w:rPr><w:t>R</w:t></w:r><w:r><w:t>主动公开</w:t></w:r><w:r><w:pict>
<v:shape><v:textbox><w:txbxContent><w:p><w:r><w:rPr><w:rFonts w:fareast="黑体"/></w:rPr>
<w:t>专栏</w:t></w:r></w:p></w:txbxContent></v:textbox></v:shape></w:pict></w:r></w:p>
</w:body></w:wordDocument>"""
    assert [
        (line.text, line.bold, line.heading, line.centred)
        for line in read(document.encode(), "report.doc").lines
    ] == [
        ("政府工作报告", (), 0, True),
        ("（一）稳增长", (), 2, True),
        ("（二）促改革", (), 2, False),
        ("（三）抓落实", (), 2, False),
        ("（四）保民生", (), 2, False),
        ("不是标题。", (), 0, False),
        ("一、总体要求", (), 1, False),
        ("加强领导。狠抓落实。全年完成。", ((0, 10),), 0, False),
        ("二、部署", ((0, 2),), 1, False),
        ("公开方式：☑主动公开", (), 0, False),
        ("专栏", (), 0, False),
    ]


@pytest.mark.parametrize(
    ("head", "address"),
    [
        ('<base href="https://a.gov.cn/x/">', "https://a.gov.cn/x/f/b.docx"),
        ('<link rel="canonical" href="https://a.gov.cn/y/t.html">', "https://a.gov.cn/y/f/b.docx"),
        ('<meta property="og:url" content="https://a.gov.cn/z/">', "https://a.gov.cn/z/f/b.docx"),
        ('<base href="/relative/">', "f/b.docx"),  # no address of the web: as the link says
    ],
)
def test_a_page_s_attachments_are_read_with_where_they_are(head: str, address: str) -> None:
    page = f"<html><head>{head}</head><body><p>正文</p>\n<a href='f/b.docx?v=2'>附件</a>"
    page += "<a href='f/c.html'>链接</a></body></html>"
    found = read(page.encode(), "page.html").attachments
    assert found == ((2, "附件", address.replace("b.docx", "b.docx?v=2")),)
    # An MHTML part says where the page was.
    from email.mime.multipart import MIMEMultipart
    from email.mime.text import MIMEText

    mhtml, part = MIMEMultipart("related"), MIMEText(page.replace(head, ""), "html", "utf-8")
    part["Content-Location"] = "https://a.gov.cn/m/p.html"
    mhtml.attach(part)
    assert read(mhtml.as_bytes(), "a.mht").attachments[0][2] == "https://a.gov.cn/m/f/b.docx?v=2"
    # A document shown in a frame, by a PDF viewer.
    frame = "<p>正文</p><iframe src='/pdfjs/web/viewer.html?file=%2Fupload%2F2024.pdf'></iframe>"
    assert read(frame.encode(), "page.html").attachments == ((1, "2024.pdf", "/upload/2024.pdf"),)


def test_a_page_in_one_file_is_read_from_its_html_part() -> None:
    """MHTML as Word writes "Single File Web Page" (and systems write it as .doc, pictures and
    all): the page's part in GB2312, base64 here, after a picture's part; read as the page."""
    from email.mime.image import MIMEImage
    from email.mime.multipart import MIMEMultipart
    from email.mime.text import MIMEText

    mhtml = MIMEMultipart("related")
    mhtml.attach(MIMEImage(b"GIF89a\x01\x00\x01\x00\x00\x00\x00;", "gif"))
    page = "<html><body><h1>工作报告</h1><p>各位代表：</p></body></html>"
    mhtml.attach(MIMEText(page, "html", "gb2312"))
    source = read(mhtml.as_bytes(), "report.doc")
    assert source.format == "html"
    assert [line.text for line in source.lines] == ["工作报告", "各位代表："]


@pytest.mark.parametrize(
    ("case", "encoding", "words"),
    [("reference-html", "utf-8", "各位代表"), ("county-cppcc-html-gbk", "gb18030", "各位委员")],
)
@pytest.mark.parametrize("damage", [b"\xff", b"\x80"])
def test_a_page_with_a_byte_damaged_is_read_but_for_it(
    case: str, encoding: str, words: str, damage: bytes
) -> None:
    """A byte damaged in a download or a copy (or a line of another encoding put into a page)
    made the page refused as no text: UTF-8 ruled out at the first byte that is none, and
    GBK by charset-normalizer. The page is read, that character left out."""
    from .conftest import ROOT

    whole = (ROOT / "tests" / "fixtures" / "import" / case / "source.html").read_bytes()
    at = whole.index(words.encode(encoding)) + len(words[:2].encode(encoding))
    damaged = whole[:at] + damage + whole[at:]
    lines = [line.text for line in read(damaged, "page.html").lines]
    assert lines == [line.text for line in read(whole, "page.html").lines]
    # and the line told of (it was left out without a word)
    assert read(damaged, "page.html").damaged == (whole[:at].count(b"\n") + 1,)
    assert read(whole, "page.html").damaged == ()


def test_lines_with_characters_left_out_are_named_twenty_at_most() -> None:
    line = "第{}段，全年完成地区生产总值一百亿元，增长百分之六\ufffd。\n"
    text = "".join(line.format(number) for number in range(1, 26))
    imported = recognise(read(text.encode(), "a.txt"), series="s", year=2024, schema="x")
    assert imported.notes.warnings[19:] == [
        (20, "此行有无法识别的字符，已略去", "characters that cannot be read were left out"),
        (21, "另有 5 行有无法识别的字符，已略去", "and on 5 more lines"),
    ]


ODT_CONTENT = """<?xml version="1.0" encoding="UTF-8"?>
<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
 xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"
 xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" office:version="1.3">
<office:body><office:text>
<text:tracked-changes><text:changed-region text:id="c1"><text:deletion>
<text:p>删去的字</text:p></text:deletion></text:changed-region></text:tracked-changes>
<text:h text:outline-level="1">一、2024年工作回顾</text:h>
<text:p>依托<!-- 注释 --><text:a xlink:href="http://x" xmlns:xlink="http://www.w3.org/1999/xlink">履职<text:span
>平台</text:span></text:a>系统，<text:change text:change-id="c1"/>王<text:s text:c="2"/>鹏<text:note
><text:note-citation>1</text:note-citation><text:note-body><text:p>脚注</text:p></text:note-body
></text:note><office:annotation><text:p>批注的话</text:p></office:annotation
><text:line-break/>第二行<text:tab/>续<draw:frame><draw:text-box><text:p>文本框</text:p>
</draw:text-box></draw:frame></text:p>
<text:list><text:list-item><text:h text:outline-level="2">（一）列表项</text:h></text:list-item>
</text:list>
<table:table><table:table-row><table:table-cell><text:p>索引号</text:p></table:table-cell>
<table:table-cell><text:p>001</text:p></table:table-cell></table:table-row></table:table>
</office:text></office:body></office:document-content>"""


def test_an_opendocument_text_is_read_as_it_shows() -> None:
    """LibreOffice's own format (.odt), and that of the suites built on it, was refused as no
    Word file: its headings (their outline level marked, as a Word file's heading styles are)
    and paragraphs, list items and table cells are read, spans, links, spaces and breaks as
    shown, a text box after its paragraph; not what tracked changes deleted, a note, a comment
    (nor an XML comment)."""
    data = io.BytesIO()
    with zipfile.ZipFile(data, "w") as package:
        package.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        package.writestr("content.xml", ODT_CONTENT, compress_type=zipfile.ZIP_DEFLATED)
    source = read(data.getvalue(), "report.odt")
    assert (source.format, source.word) == ("odt", True)
    assert [(line.text, line.number, line.heading) for line in source.lines] == [
        ("一、2024年工作回顾", 1, 1),
        ("依托履职平台系统，王 鹏", 2, 0),
        ("第二行 续", 2, 0),
        ("文本框", 3, 0),
        ("（一）列表项", 4, 2),
        ("索引号", 5, 0),
        ("001", 6, 0),
    ]


def test_an_opendocument_text_s_formatting_is_read_as_a_docx_s() -> None:
    """An .odt's bold, fonts and centring, which were not read (its lines were text alone):
    a span's bold (over the span it is in, and the paragraph's own), else its paragraph
    style's parent's (a named style's); the font of its East Asian text (over the span's it
    is in) by its font face's family; a paragraph set wholly in 黑体 or 楷体 a heading, but
    not in a text box; a centred paragraph; a symbol font's glyphs (typed, or where LibreOffice
    moves them) as the characters they show (☑), as in a .docx."""

    def style(name: str, family: str, text: str = "", paragraph: str = "", parent: str = "") -> str:
        return (
            f'<style:style style:name="{name}" style:family="{family}"'
            f' style:parent-style-name="{parent}"><style:paragraph-properties {paragraph}/>'
            f"<style:text-properties {text}/></style:style>"
        )

    bold = 'fo:font-weight="bold" style:font-weight-asian="bold"'
    data = make_odt(
        style("Lead", "paragraph", text=bold),
        style("P1", "paragraph", paragraph='fo:text-align="center"', parent="Standard")
        + style("P2", "paragraph", parent="Lead")
        + style("T1", "text", text='style:font-name-asian="F1"')
        + style("T2", "text", text=bold)
        + style("T3", "text", text='style:font-weight-asian="normal"')
        + style("T4", "text", text='style:font-name-asian="F2"')
        + style("T5", "text", text='fo:font-size="16pt"')
        + style("T6", "text", text='style:font-name="F3"'),
        '<text:p text:style-name="P1"><text:span text:style-name="T1">总体要求</text:span>'
        '</text:p><text:p><text:span text:style-name="T2">加强领导。</text:span>全年完成。</text:p>'
        '<text:p text:style-name="P2">全部加粗<text:span text:style-name="T3">不加粗</text:span>'
        '</text:p><text:p><text:span text:style-name="T4">（一）楷体<text:span text:style-name'
        '="T2">加粗</text:span></text:span></text:p><text:p><text:span text:style-name="T4">'
        '<text:span text:style-name="T5">（二）楷体小标题</text:span></text:span></text:p><text:p>'
        '<text:span text:style-name="T2"><text:span text:style-name="T5">加粗</text:span>'
        '</text:span>不加粗</text:p><text:p><text:span text:style-name="T1">黑体'
        "</text:span>宋体<draw:frame><draw:text-box><text:p><text:span text:style-name="
        '"T1">专栏</text:span></text:p></draw:text-box></draw:frame></text:p><text:p>公开方式：'
        '<text:span text:style-name="T6">R</text:span>主动公开<text:span text:style-name="T6">'
        "\uf052</text:span>依申请公开</text:p>",
    )
    assert [
        (line.text, line.bold, line.heading, line.centred)
        for line in read(data, "report.odt").lines
    ] == [
        ("总体要求", (), 1, True),
        ("加强领导。全年完成。", ((0, 5),), 0, False),
        ("全部加粗不加粗", ((0, 4),), 0, False),
        ("（一）楷体加粗", ((5, 7),), 0, False),
        ("（二）楷体小标题", (), 2, False),
        ("加粗不加粗", ((0, 2),), 0, False),
        ("黑体宋体", (), 0, False),
        ("专栏", (), 0, False),
        ("公开方式：☑主动公开☑依申请公开", (), 0, False),
    ]


def test_an_opendocument_text_s_list_numbers_are_shown() -> None:
    """The numbers an .odt's lists and outline put before paragraphs, which the text does not
    hold, were lost. Headings outside lists numbered by the outline's style; a list's items
    by its style's levels (a suffix; two levels shown; what follows the number; bullets none),
    the first paragraph of an item only, a list header none; a list going on from the last
    of its style (continue-numbering) or from the one it names (continue-list), starting
    again otherwise, or where an item says (start-value); a number written beside the text
    (text:number) read only where the style gives none."""

    def level(kind: str, number: int, attributes: str, followed: str = "nothing") -> str:
        return (
            f'<text:{kind} text:level="{number}" {attributes}><style:list-level-properties>'
            f'<style:list-level-label-alignment text:label-followed-by="{followed}"/>'
            f"</style:list-level-properties></text:{kind}>"
        )

    chinese = 'style:num-format="一, 二, 三, ..."'
    styles = (
        '<text:outline-style style:name="Outline">'
        + level("outline-level-style", 1, f'{chinese} style:num-suffix="、"')
        + level("outline-level-style", 2, f'{chinese} style:num-prefix="（" style:num-suffix="）"')
        + '</text:outline-style><text:list-style style:name="L1">'
        + level("list-level-style-number", 1, 'style:num-format="1" style:num-suffix="．"')
        + level(
            "list-level-style-number", 2, 'style:num-format="1" text:display-levels="2"', "space"
        )
        + level("list-level-style-bullet", 3, 'text:bullet-char="•"')
        + "</text:list-style>"
    )

    def items(*texts: str, start: str = "") -> str:
        return "".join(
            f"<text:list-item{start}><text:p>{text}</text:p></text:list-item>" for text in texts
        )

    body = (
        '<text:h text:outline-level="1">总体</text:h><text:h text:outline-level="2">产业</text:h>'
        '<text:list xml:id="a" text:style-name="L1">'
        + items("甲")
        + "<text:list-item><text:p>乙</text:p><text:p>乙续</text:p><text:list>"
        + items("乙一")
        + "<text:list-item><text:list>"
        + items("要点")
        + "</text:list></text:list-item></text:list></text:list-item>"
        "<text:list-header><text:p>不编号</text:p></text:list-header></text:list><text:p>中间</text:p>"
        '<text:list text:style-name="L1" text:continue-numbering="true">'
        + items("丙")
        + '</text:list><text:list text:style-name="L1">'
        + items("戊", start=' text:start-value="5"')
        + '</text:list><text:list text:style-name="L1" text:continue-list="a">'
        + items("<text:number>9.</text:number>丁")
        + '</text:list><text:list text:style-name="None">'
        + items("<text:number>（甲）</text:number>己")
        + '</text:list><text:h text:outline-level="2">民生</text:h>'
        '<text:h text:outline-level="1">部署</text:h>'
    )
    assert [line.text for line in read(make_odt(styles, "", body), "report.odt").lines] == [
        "一、总体",
        "（一）产业",
        "1．甲",
        "2．乙",
        "乙续",
        "2.1 乙一",
        "要点",
        "不编号",
        "中间",
        "3．丙",
        "5．戊",
        "4．丁",
        "（甲）己",
        "（二）民生",
        "二、部署",
    ]


def test_an_opendocument_text_s_outlandish_counts_are_read_as_ones() -> None:
    """Counts no document writes — spaces by the thousand-digit number, a superscript digit
    (which Python calls a digit but cannot read as a number), a list level of none — raised
    out of the reader instead of being read as what they could be."""
    body = (
        f'<text:p>王<text:s text:c="{"9" * 5000}"/>鹏<text:s text:c="²"/>同志</text:p>'
        '<text:list text:style-name="L"><text:list-item text:start-value="²"><text:p>甲</text:p>'
        "</text:list-item></text:list>"
    )
    styles = (
        '<text:list-style style:name="L"><text:list-level-style-number text:level="²" '
        f'style:num-format="1" text:display-levels="{"9" * 5000}" style:num-suffix="．"/>'
        "</text:list-style>"
    )
    assert [line.text for line in read(make_odt(styles, "", body), "report.odt").lines] == [
        "王 鹏 同志",
        "1． 甲",
    ]


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(" \u3000\u00a0\t\x01\x0b\u200b\ufeff\uf052甲乙a")))
def test_a_line_s_places_are_those_of_its_text(text: str) -> None:
    """The line a paragraph's text is cleaned into, and where each place of the text went in
    it: the same line as clean() makes, the places in order and within it."""
    from reportsite.editor.importing.sources import clean, cleaned_places

    line, places = cleaned_places(text)
    assert line == clean(text)
    assert len(places) == len(text) + 1
    assert places == sorted(places) and all(0 <= place <= len(line) for place in places)
    for index, character in enumerate(text):
        if character in "甲乙a":
            assert line[places[index]] == character


def test_bold_spans_are_measured_on_the_line_not_the_runs() -> None:
    """A paragraph's bold spans were measured on its runs' text and given to its cleaned line
    unchanged: two spaces made one, a picture's character dropped, and each span after them
    covered the wrong characters (强领导。全 for 加强领导。)."""
    from reportsite.editor.importing.styled import TextRun, styled_lines

    runs = [
        TextRun("（一）"),
        TextRun("  "),
        TextRun("加强领导。", True),
        TextRun("全年\x01完成。"),
        TextRun("狠抓落实。", True),
        TextRun("\n\u3000\u3000第二行", True),
    ]
    assert [[line.text[a:b] for a, b in line.bold] for line in styled_lines(runs, 1)] == [
        ["加强领导。", "狠抓落实。"],
        ["第二行"],
    ]


def test_a_page_s_bold_spans_are_measured_on_its_line() -> None:
    """A page's paragraph as its source is laid out — a line end and indentation inside it, a
    run of spaces — is one line with single spaces, and its bold spans were measured on the
    source's text: 年 完成。 was taken for the lead and the second span was empty."""
    page = (
        "<html><body><p>（一）\n      <strong>加强领导。</strong>全年   完成。<b>狠抓落实。</b>"
        "</p></body></html>"
    )
    (line,) = read(page.encode(), "a.html").lines
    assert (line.text, [line.text[a:b] for a, b in line.bold]) == (
        "（一） 加强领导。全年 完成。狠抓落实。",
        ["加强领导。", "狠抓落实。"],
    )


def test_markdown_bold_spans_after_an_escape_are_measured_on_the_line() -> None:
    """A Markdown line's backslash escapes are taken out after its bold spans were measured:
    every span after an escape was off by its backslash (狠抓落实 for 狠抓落实。)."""
    (line,) = read("**加强领导。**全年\\*完成。**狠抓落实。**".encode(), "a.md").lines
    assert (line.text, [line.text[a:b] for a, b in line.bold]) == (
        "加强领导。全年*完成。狠抓落实。",
        ["加强领导。", "狠抓落实。"],
    )
