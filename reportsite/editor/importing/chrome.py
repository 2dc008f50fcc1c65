"""Page chrome: what a saved page or a 文库 copy carries around the report, recognised and
dropped, each with its source line for the summary.

Chrome is known by what it says (toolbars, breadcrumbs, counters, filing numbers, page
numbers), not by where it stands, so the same rules serve a saved page, text copied out of one
and a Word file with page footers cut into its text.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Final

from .lines import Dropped, Line, Notes, fold

# Whole lines that are page furniture. Only short lines are tested: a sentence of the report
# that happens to name 首页 or 打印 is long, and stays.
_SHORT: Final = 60
# What only chrome says, even in a sentence: filing numbers, copyright, 文库 notices and
# watermarks (本文来源于网络收集与整理，仅供参考。), field labels of a byline or a footer.
_NOTICE: Final = re.compile(
    r"ICP备|公网安备|网站标识码|版权所有|Copyright|©|javascript:|第\s*\d+\s*位访客"
    r"|(最佳|建议)[^。]{0,16}分辨率|分辨率[^。，]{0,10}(浏览|显示)"
    r"|本文由|本文档|本文(来源|来自|转自|选自)|来源于网络|网络(收集|整理)|(收集|整理)[于自]网络"
    r"|仅供(参考|学习|预览|交流)|网友上传|(会员|用户)(上传)?分享|(会员|用户)上传|不代表本站"
    r"|^导语\s*[：:]|更多相关|免费在线阅读|如有侵权|侵权.{0,8}删除|免责声明|温馨提示|转载请注明|下载后"
    r"|^(本站|本网站?)(由|所|部分|内容|发布|信息)|关注.{0,12}(公众号|微信号|视频号|抖音号)"
    r"|(长按|扫描|扫码)[^，。]{0,10}关注|长按[^，。]{0,6}识别|更多(资讯|精彩|内容)请|点击(上方|下方)"
    r"|可(任意)?编辑修改|[Ww][Oo][Rr][Dd]\s*(格式|版|文档)|优质文档|专业整理|欢迎下载|下载可编辑"
    r"|上一篇|下一篇|上一条|下一条|往期推荐|推荐阅读|欢迎(来到|光临)"
    r"|范文网|文库网|小编|为您(整理|收集|分享|推荐)|欢迎(阅读|下载|访问|转载)|【导语】"
    r"|展开阅读全文|预览时标签不可点|文档格式\s*[：:]|页数\s*[：:]\s*\d|大小\s*[：:]\s*\d|下载次数"
    r"|(^|[\s|｜丨])(主办|承办|技术支持|联系电话|来源|作者|编辑|责任编辑|审核|校对|发布时间"
    r"|发布日期|浏览次数|点击数)(单位)?\s*[：:]"
    # A document's distribution note at its foot (版记, GB/T 9704): who else receives it
    # (a list of offices, commas and all), and which office printed it when.
    r"|^(抄送|抄报)\s*[：:]|\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日\s*印发$"
)
# Words of toolbars, menus, counters and footers. They are chrome only on a line made of
# chrome: a sentence of the report may well say 适老化改造, 无障碍环境 or 首页 (see _prose).
_FURNITURE: Final = re.compile(
    # Toolbar words that are also words of the report (适老化改造, 无障碍环境, 注册登记) count
    # only as a whole item of a bar: 适老化浏览, 无障碍 | 长者模式, 【登录】.
    r"(^|[\s|｜/【\[])(无障碍|适老化|长者|关怀|老年|读屏|盲人)(浏览|阅读|模式|版|服务|通道|专区)?"
    r"(?=$|[\s|｜/】\]])"
    r"|长者模式|关怀版|老年模式|繁體|简体版|手机版|网站地图|English"
    r"|(^|[\s|｜/【\[])(用户|个人|法人|单位)?(登录|注册|退出)(?=$|[\s|｜/】\]])|返回顶部|返回首页|设为首页|加入收藏|收藏本页|智能问答|扫一扫|二维码|分享到|分享："
    r"|【\s*(打印|列印)|【\s*关闭|(打印|列印)本页|打印此页|关闭窗口|字号\s*[：:]|【\s*字号|字号\s*[大中小]|字体[：:]|【\s*[大中小]\s*】"
    r"|^\W*[大中小]\s*[大中小]\s*[大中小]\W*$|上一篇|下一篇|相关链接|相关文章|相关阅读|责任编辑"
    r"|^(来源|作者|编辑|审核|校对|初审|复审|终审|摄影|记者|通讯员|供稿|稿源|发布时间|发布日期|时间)\s*[：:]|(作者|点击|来源)\s*[：:]|分隔线|浏览(量|次数)|阅读(量|次数)|点击(量|数|率)"
    r"|访问量|当前位置|现在的位置|当前的位置|所在位置|主办单位|承办单位"
    r"|技术支持\s*[：:]|联系电话|联系我们|网站纠错|^邮编"
    r"|^首\s*页|首页\s*[>»›/]|下载文档|下载本文|文库|范文|精品文档|上传|VIP|会员|公众号|素材库|https?://|www\."
    r"|点击蓝字|关注我们|往期推荐|阅读原文|^(分享|收藏|在看|点赞|赞|原创)(\s|$)"
    r"|(我要|在线)(纠错|找错)|纠错\s*[：:]|^纠错$"
    r"|^第\s*\d+\s*页|共\s*\d+\s*页|^[\W_]*$"
    # 文库 download pages: file facts, fold-out buttons, the description's label.
    r"|展开全文|^资源描述\s*[：:]?$"
    # A skip link, the weather in the banner.
    r"|跳转到主要内容|跳到主要内容|今日天气|^天气\s*[：:]|^今天是"
    # A site's search bar.
    r"|搜索位置|匹配度\s*[：:]|^排序\s*[：:]|站内搜索|高级搜索"
    # A news agency's dateline alone above the text (新华社北京3月11日电).
    r"|^(新华社|中新社|中国新闻社|人民网|新华网|央视网|本报|本网)[\u3400-\u9fff]{0,8}"
    r"\d{1,2}月\d{1,2}日(电|讯)$"
    # A footer's list of other sites.
    r"|^友情链接"
    # WeChat posts: the follow prompt.
    r"|微信扫一扫|长按识别|识别二维码|继续滑动看下一个|向上滑动看下一个|轻触阅读原文"
    r"|轻点两下取消|写留言|推荐阅读|^[-—\s]*END[-—\s]*$"
    r"|^(来源|作者|编辑|责编|审核|校对|监制|统筹|出品|排版|美编|初审|复审|终审|记者|通讯员)\s*[|｜丨]"
    # Government article pages: more counters, tools and notices.
    r"|分享至|阅读数|访问次数|发布(者|人)\s*[：:]|护眼模式|视力保护|网站声明|隐私(声明|政策)"
    r"|访客|关于我们|浏览器|^主办\s*[：:]|^承办\s*[：:]|打印(正文|文章)|附件下载"
    r"|^相关(解读|政策|稿件|新闻|信息)"
    r"|(浏览|阅读|点击)\s*[：:]\s*\d|^(地址|通讯地址|传真|电子邮箱|邮箱|电话)\s*[：:]"
    # The tag a meeting's papers carry on top (…第五次会议文件（1）, 大会材料之二, 文件（二）):
    # a page header.
    r"|(会议|大会|^)(文件|材料)\s*(之\s*[一二三四五六七八九十\d]+|[（(]\s*[一二三四五六七八九十\d]+\s*[）)])?$"
    # A site's name standing alone in its banner (普安县人民政府门户网站), and the names of
    # the sites that serve reports as 范文 (靈感範文站, 公务员之家).
    r"|^[\u3400-\u9fff]{2,24}(门户网站|政府网站|官方网站|政府网|政务网|信息网|公开网|新闻网|网站|官网)$"
    r"|^[\u3400-\u9fff\d]{2,12}(文章站|资料站|文档网|资料网|作文网|文秘网|公文网)$"
    r"|公务员之家|文秘帮|道客巴巴|豆丁网|原创力文档|学习啦|语文迷|瑞文网|出国留学网|应届毕业生网"
    # A bar of tools alone: [打印] [关闭], 收藏 | 分享 | 返回顶部.
    r"|^[\W_]*((打印|关闭|收藏|分享|返回|保存|下载|复制链接|微信|微博|QQ空间|QQ|默认|[大中小])[\W_]*){2,}$"
    # Attachments listed under an article, and their file names.
    r"|^(相关)?附件\s*[：:\d]|\.(pdf|docx?|xlsx?|wps|ofd|zip|rar|txt)\s*$",
    re.IGNORECASE,
)
_CJK: Final = re.compile(r"[\u3400-\u9fff]")
_NUMBERED: Final = re.compile(
    r"^(?:[一二三四五六七八九十]{1,3}[、是]|[（(][一二三四五六七八九十\d]{1,3}[）)]"
    r"|\d{1,2}[.．、](?!\d)|第[一二三四五六七八九十]{1,3}[，、])\s*[\u3400-\u9fff]{4}"
)


def _prose(text: str) -> bool:
    """Whether a line reads as the report's own text: a numbered heading or item, or words
    running into a sentence (ten characters and more, with a comma or a full stop). Chrome
    is short and made of chrome; a toolbar has no sentences."""
    if _NUMBERED.match(text):
        return True
    return len(_CJK.findall(text)) >= 10 and bool(re.search(r"[，。！？；]", text))


def _furniture(text: str) -> bool:
    return bool(_NOTICE.search(text)) or (bool(_FURNITURE.search(text)) and not _prose(text))


# Page numbers and markers cut into running text (a Word or 文库 page footer).
_INLINE: Final = re.compile(
    r"[—–－-]{1,2}\s+\d{1,3}\s+[—–－-]{1,2}"
    r"|第\s*\d{1,3}\s*页(?:\s*[，,/]?\s*共\s*\d{1,3}\s*页)?"
    r"|\s*\d{1,3}\s*/\s*\d{1,3}\s*页"
    r"|(?:本文|本文档|更多[^。，]{0,6})(?:来自|来源于|下载于|由)[^。，]{0,12}(?:文库|范文网|www\.[\w.-]+)"
)
_DATELINE: Final = re.compile(
    r"^(?:新[华華]社|中新社|中國新聞社|中国新闻社)[\u3400-\u9fff]{0,8}\d{1,2}月\d{1,2}日[电電讯訊]"
    r"(?:\s*[（(]记者[^）)]{1,30}[）)])?\s*"
)
"""A news agency's dateline opening the first paragraph (新华社北京3月5日电 各位代表：…)."""
_PAGE_NUMBER: Final = re.compile(r"^[—–－\-\s]*\d{1,3}[—–－\-\s]*$")
# Where the article ends on a page: what follows is the page's footer.
_END: Final = re.compile(
    r"【\s*(打印|列印|关闭)|上一篇|下一篇|分享到|扫一扫|相关链接|相关文章|往期推荐|阅读原文|友情链接"
)


# An article's byline under its title: 时间/来源/作者 fields, or a WeChat post's account name,
# date, time and place (凤岗发布 2024-01-22 18:06 湖南).
BYLINE: Final = re.compile(
    r"^(发布)?(时间|来源|作者|日期)\s*[：:]"
    r"|^(原创\s+)?([\u3400-\u9fff\w]{2,16}\s+){1,2}\d{4}[-/.年]\d{1,2}[-/.月]\d{1,2}日?"
    r"(\s+\d{1,2}:\d{2}(:\d{2})?)?(\s+(发表于)?[\u3400-\u9fff]{2,4})?$"
    # A date and time alone: when the page was posted (a date of the text has no clock time).
    r"|^\d{4}[-/.]\d{1,2}[-/.]\d{1,2}(\s+\d{1,2}:\d{2}(:\d{2})?)?$"
    # …or opening the byline's fields (2025-02-08 07:30:12　来源：南溪日报　作者：…).
    r"|^\d{4}[-/.]\d{1,2}[-/.]\d{1,2}(\s+\d{1,2}:\d{2}(:\d{2})?)?\s+(来源|作者|编辑)\s*[：:]"
)


_NAV: Final = frozenset(
    "首页 主页 通知公告 政务公开 政务服务 互动交流 新闻中心 新闻动态 信息公开 政府信息公开 "
    "办事服务 公众参与 数据开放 专题专栏 机构设置 走进 概况 网上办事 在线访谈 领导信息 "
    "政策文件 网站首页 信息公开指南 信息公开目录 依申请公开 信息公开年报 政策解读 "
    "领导之窗 机构职能 法定主动公开内容 政府信息公开制度 部门信息公开 乡镇信息公开 "
    "办事指南 政府文件 规划计划 人事信息 财政信息 在线服务 网上信访 县长信箱 书记信箱 "
    "区长信箱 镇长信箱 民意征集 在线咨询 政民互动 要闻动态 政务动态 工作动态 乡镇动态 "
    "部门动态 乡镇之窗 部门之窗 两会热点 两会专题 图片新闻 视频新闻 客户端下载 机构概况".split()
)
"""Menu items of government sites: a line made of them is a menu, even one item alone."""


_MENU: Final = re.compile(r"^[^|｜\d\s][^|｜\d]{0,9}(\s*[|｜]\s*[^|｜\d]{1,10}){3,}$")
"""Four or more short words between bars, no figure among them (a table row starts with its
bar, and holds figures)."""
_MENU_WORD: Final = re.compile(r"首页|指南|目录|年报|概况|动态|服务|互动|专题|专栏|公告")
_ACCOUNT: Final = re.compile(r"[\u3400-\u9fff]{2,12}(?<!报告)")
_FOLLOW: Final = re.compile(r"点击蓝字|关注")
_POSTED: Final = re.compile(r"^\d{4}[-/.年]\d{1,2}[-/.月]\d{1,2}日?\s+\d{1,2}:\d{2}")
"""When a post went up, to the minute: a page's, never a report's date."""


def byline_at(lines: list[Line], index: int) -> bool:
    """Whether an article's byline starts at lines[index]: one line (来源：…, 凤岗发布
    2024-01-22 18:06 湖南), or a WeChat account's name alone above the time of the post."""
    if index < len(lines) and lines[index].text == "原创":
        index += 1  # a WeChat post's mark, on its own line in a copy
    if index >= len(lines):
        return False
    if BYLINE.search(fold(lines[index].text)):
        return True
    return (
        index + 1 < len(lines)
        and bool(_ACCOUNT.fullmatch(lines[index].text))
        and bool(_POSTED.match(lines[index + 1].text))
    )


def is_chrome(line: Line) -> bool:
    text = fold(line.text)
    if _PAGE_NUMBER.match(text):
        return True
    if len(text) > _SHORT:
        return False
    tokens = [t for t in re.split(r"[\s|>»›/·]+", text) if t]
    if any(t in _NAV or re.fullmatch(r"走进[\u3400-\u9fff]{2,4}", t) for t in tokens) and all(
        len(t) <= 8 for t in tokens
    ):
        return True  # a menu bar or a breadcrumb
    if _MENU.match(text) and any(_MENU_WORD.search(t) for t in tokens):
        return True  # 信息公开首页 | 信息公开指南 | …: a menu of the site's own columns
    return _furniture(text) or (bool(BYLINE.search(text)) and not _prose(text))


def strip(lines: list[Line], notes: Notes) -> list[Line]:
    """Lines without chrome: furniture lines dropped, page numbers cut out of running text,
    and everything after the article's end (打印/关闭/上一篇…) when no paragraph follows."""
    kept: list[Line] = []
    cut = False
    for index, line in enumerate(lines):
        if (
            _END.search(fold(line.text))
            and len(line.text) <= _SHORT
            and (_NOTICE.search(fold(line.text)) or not _prose(fold(line.text)))
            and not _paragraph_after(lines, index)
        ):
            for rest in lines[index:]:
                drop(notes, rest)
            break
        if is_chrome(line):
            if (
                index <= 6
                and kept
                and kept[-1] is lines[index - 1]
                and _ACCOUNT.fullmatch(kept[-1].text)
                and (_FOLLOW.search(line.text) or _POSTED.match(line.text))
            ):
                # A WeChat account's name above 点击蓝字 关注我们, or above the post's time.
                drop(notes, kept.pop())
            drop(notes, line)
            cut = bool(kept)
            continue
        dateline = _DATELINE.match(line.text)
        if dateline and line.text[dateline.end() :]:
            notes.dropped.append(Dropped(line.number, dateline.group().strip(), "电头", "dateline"))
            line = line.with_text(line.text[dateline.end() :], dateline.end())
        uncut = _INLINE.sub("", line.text).strip()
        found = _INLINE.search(line.text)
        if found and uncut != line.text:
            notes.dropped.append(Dropped(line.number, found.group().strip(), "页码", "page number"))
            if not uncut:
                cut = bool(kept)
                continue
            line = line.with_text(uncut)
        kept.append(replace(line, after_break=True) if cut else line)
        cut = False
    return kept


def _paragraph_after(lines: list[Line], index: int) -> bool:
    # Footers hold no sentences; a report's paragraph may be short (one line of figures), or
    # cut into short lines (text copied out of a PDF): what is no chrome is read as one.
    text = ""
    for line in lines[index + 1 :]:
        if _NOTICE.search(fold(line.text)) or _FURNITURE.search(fold(line.text)):
            text = ""
            continue
        text += line.text
        if len(text) > 40 and "。" in text:
            return True
    return False


def drop(notes: Notes, line: Line) -> None:
    """Leave the line out, and say so in the summary."""
    notes.dropped.append(Dropped(line.number, line.text, "页面元素", "page chrome"))


_FEEDBACK: Final = re.compile(
    r"^[（(【]?(?:意见(?:建议)?(?:反馈|征集|提交)(?:方式|渠道|途径|时间|邮箱)?|反馈(?:方式|渠道|途径)"
    r"|征求意见(?:时间|期限|截止时间)|联系人|联系电话|联系方式|电子邮箱|通讯地址)[）)】]?\s*[：:]"
)
"""A notice's practical note under the text (意见反馈方式：请于…前将意见发送至…): how to reply,
no sentence of the report, however long."""
_ATTACHED: Final = re.compile(r"\.(pdf|docx?|xlsx?|wps|et|ofd|zip|rar|txt)\s*$", re.IGNORECASE)
"""A file listed under an article (1.桂园街道2023年重点工作完成情况表.xlsx): numbered like an
item, yet no sentence ends in a file name."""


def drop_notices(lines: list[Line], notes: Notes) -> list[Line]:
    """Lines without the notes on replying that a call for comments prints under the text, and
    without the files it lists."""
    kept = []
    for line in lines:
        if _FEEDBACK.match(fold(line.text)) or _ATTACHED.search(line.text):
            drop(notes, line)
        else:
            kept.append(line)
    return kept
