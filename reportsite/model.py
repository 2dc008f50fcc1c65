"""The content model: the nouns every stage shares. Frozen values, no I/O.

The field types and `doc` metadata here are the single source of truth: `validate.py` walks
YAML against them and `schema.py` turns them into the JSON Schema that editors use.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, is_dataclass
from enum import StrEnum
from functools import cache
from pathlib import Path
from typing import Annotated, Any, Final


class Lang(StrEnum):
    """A language of the site; the first listed in site.yaml is the language of record."""

    ZH = "zh"
    EN = "en"

    @property
    def html_lang(self) -> str:
        return "zh-CN" if self is Lang.ZH else "en"


ZH: Final = Lang.ZH
EN: Final = Lang.EN
"""The members as plain names, for the code that compares languages hundreds of times a
report (the rules on every text, the page-making): under Python 3.11 a member looked up on
its enum class costs five times the comparison (a cold build of 1,000 reports took 2.5% less
processor time with these)."""


class Constraint(StrEnum):
    """Extra rules on a plain string, attached with `Annotated`."""

    SLUG = "slug"
    """Lower-case letters, digits and single hyphens: safe in a URL and a file name."""
    FIGURE_KEY = "figure-key"
    """Like a slug; names a measure so it can be followed across years."""


Slug = Annotated[str, Constraint.SLUG]
FigureKey = Annotated[str, Constraint.FIGURE_KEY]

SLUG_PATTERN: Final = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
YEAR_RANGE: Final = (1949, 2100)


def doc(zh: str, en: str) -> Any:
    """Field metadata: the description shown to editors, in both languages."""
    return field(metadata={"doc": f"{zh} / {en}"})


def optional_doc(zh: str, en: str, default: Any = None) -> Any:
    return field(default=default, metadata={"doc": f"{zh} / {en}"})


def added_doc(zh: str, en: str, default: Any = None) -> Any:
    """An optional field added after reports were first published: the JSON leaves it out
    while it holds its default, so the data of a report that does not use it stays as it was."""
    return field(default=default, metadata={"doc": f"{zh} / {en}", "omit_default": True})


@dataclass(frozen=True, slots=True)
class Text:
    """A bilingual text. YAML gives `{zh: …, en: …}`, or a plain string (Chinese only)."""

    zh: str
    en: str | None = None
    """None while the translation is pending."""

    def get(self, lang: str) -> str | None:
        """The text in a language, given as a Lang or as its code: templates pass either, and
        making a Lang of the code cost more than the lookup itself, a million times a build."""
        return self.zh if lang == ZH else self.en


@dataclass(frozen=True, slots=True, kw_only=True)
class Publisher:
    name: Text = doc("主办单位全称", "the publishing body's full name (footer, ContentSource)")
    site_id_code: str = doc("政府网站标识码", "government website identification code (SiteIDCode)")
    icp: str = doc("ICP备案号", "ICP filing number")
    police_filing: str = doc("公安机关备案号", "public security filing number")


@dataclass(frozen=True, slots=True, kw_only=True)
class Column:
    name: Text = doc("栏目名称", "column name (ColumnName)")
    description: Text = doc("栏目描述", "what the column publishes (ColumnDescription)")
    keywords: Text = doc("栏目关键词", "column keywords (ColumnKeywords)")
    type: str = doc("栏目类型，如“信息公开目录”", "column type from the fixed list (ColumnType)")


@dataclass(frozen=True, slots=True, kw_only=True)
class Series:
    name: Text = doc("系列名称", "name of the report series")
    body: Text = doc("报告机关", "the body that reports")


@dataclass(frozen=True, slots=True, kw_only=True)
class Site:
    """content/site.yaml."""

    languages: tuple[Lang, ...] = doc("语言，第一个为原文语言", "languages; the first is of record")
    title: Text = doc("网站名称", "site name (SiteName)")
    base_path: str = doc("部署路径，如 /xxgk/gzbg/", "where site/ is served, e.g. /xxgk/gzbg/")
    domain: str = doc("网站域名", "site domain (SiteDomain, sitemap, feeds)")
    publisher: Publisher = doc("主办单位", "the publisher")
    column: Column = doc("栏目", "the disclosure column the reports stand in")
    series: dict[Slug, Series] = doc("报告系列", "report series, by id")


@dataclass(frozen=True, slots=True, kw_only=True)
class Disclosure:
    index_no: str = doc("索引号", "index number, kept as written")
    issuer: Text = doc("发文机构（全称）", "issuing body, full name")
    catalog: Text = doc("公开目录", "disclosure category")
    doc_no: str | None = optional_doc("文号，可为空", "document number, may be empty")
    published: dt.date = doc("公开日期 YYYY-MM-DD", "date of publication, YYYY-MM-DD")


@dataclass(frozen=True, slots=True, kw_only=True)
class Presenter:
    name: Text = doc("报告人姓名", "presenter's name")
    role: Text = doc("报告人职务", "presenter's posts")


@dataclass(frozen=True, slots=True, kw_only=True)
class Figure:
    """A number the text quotes; the Chinese text must contain value, 余 if approx, unit."""

    key: FigureKey = doc("指标标识，跨年度相同", "measure id, the same across years")
    value: int | float = doc("数值", "the number")
    unit: Text = doc("单位，如“次”", "unit, e.g. 次 / sessions")
    label: Text = doc("指标名称", "what is counted")
    approx: bool = optional_doc("原文为“余”（多于）", "the text says 余 (more than)", False)

    @property
    def quote_zh(self) -> str:
        return f"{format_number(self.value)}{'余' if self.approx else ''}{self.unit.zh}"


def format_number(value: int | float) -> str:
    return str(value) if isinstance(value, int) else f"{value:g}"


@dataclass(frozen=True, slots=True, kw_only=True)
class Item:
    """A paragraph of a section or a task: a lead-phrase item, or a plain paragraph among them."""

    lead: Text | None = optional_doc(
        "引领句（不含句号）；无引领句的普通段落不写此键",
        "run-in lead phrase, without its full stop; leave it out for a plain paragraph",
    )
    text: Text = doc("正文（引领句之后的部分）", "the paragraph (the rest of it, after a lead)")
    figures: tuple[Figure, ...] = optional_doc("引用的数据", "figures quoted in the item", ())


@dataclass(frozen=True, slots=True, kw_only=True)
class Subsection:
    """A numbered heading inside a section: （一） under 一、, or 1. under （一）."""

    id: Slug = doc("锚点标识，不变", "stable anchor id")
    title: Text = doc("标题（不写“（一）”）", "title, without numbering")
    intro: tuple[Text, ...] = optional_doc("导语段落", "introductory paragraphs", ())
    items: tuple[Item, ...] = optional_doc("分项", "items: lead-phrase or plain paragraphs", ())


@dataclass(frozen=True, slots=True, kw_only=True)
class Section:
    id: Slug = doc("锚点标识，不变", "stable anchor id")
    title: Text = doc("标题（不写“一、”）", "title, without numbering")
    follows: Slug | None = optional_doc(
        "对应上一年报告的工作任务标识",
        "id of last year's task item this section reports on",
    )
    intro: tuple[Text, ...] = optional_doc("导语段落", "introductory paragraphs", ())
    items: tuple[Item, ...] = optional_doc("分项", "lead-phrase items", ())
    subsections: tuple[Subsection, ...] = added_doc(
        "分项之后的下一级标题及其段落",
        "numbered sub-headings with their paragraphs, after the items",
        (),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class Review:
    heading: Text = doc("标题，如“2024年工作回顾”", "heading, e.g. A Review of Our Work in 2024")
    intro: tuple[Text, ...] = optional_doc("导语段落", "introductory paragraphs", ())
    items: tuple[Item, ...] = added_doc(
        "导语之后、各部分之前的分项", "items after the intro, before the numbered sections", ()
    )
    sections: tuple[Section, ...] = doc("各部分", "numbered sections")
    closing: tuple[Text, ...] = optional_doc("致谢与不足", "thanks and shortcomings", ())


@dataclass(frozen=True, slots=True, kw_only=True)
class Task:
    id: Slug = doc("任务标识，下一年报告用 follows 引用", "stable id that next year's follows uses")
    title: Text = doc("标题（不写“一、”）", "title, without numbering")
    text: Text | None = optional_doc(
        "第一段正文（只有分项时可不写）", "the first paragraph (may be left out when items follow)"
    )
    items: tuple[Item, ...] = added_doc(
        "其后的段落或分项，每项可带引领句（如“一是……”）",
        "further paragraphs or sub-items, each with an optional lead phrase",
        (),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class Tasks:
    heading: Text = doc("标题，如“2025年工作任务”", "heading, e.g. Our Tasks for 2025")
    intro: tuple[Text, ...] = optional_doc("导语段落", "introductory paragraphs", ())
    lead_items: tuple[Item, ...] = added_doc(
        "不带标题、以引领句段落写出的任务（如“一是坚持产业强镇。……”）",
        "tasks written as lead-phrase paragraphs rather than headed items",
        (),
    )
    items: tuple[Task, ...] = doc("任务", "task items")


class Numbering(StrEnum):
    """How a report numbers its headings (the numbers are generated, never typed)."""

    SECTIONS = "sections"
    """Parts (工作回顾, 工作任务) unnumbered, their sections and tasks 一、二、: the usual
    people's-congress report."""
    PARTS = "parts"
    """Parts numbered 一、二、三、, their sections and tasks （一）（二）: the usual government
    work report."""


class PartPlace(StrEnum):
    """Where an extra part stands among the review and the tasks."""

    AFTER_REVIEW = "after-review"
    AFTER_TASKS = "after-tasks"


@dataclass(frozen=True, slots=True, kw_only=True)
class Part:
    """A part of the report beside the review and the tasks, e.g. 加强政府自身建设."""

    id: Slug = doc("锚点标识，不变", "stable anchor id")
    heading: Text = doc("标题（不写“三、”）", "heading, without numbering")
    place: PartPlace = optional_doc(
        "位置：after-review（工作回顾之后）或 after-tasks（工作任务之后，默认）",
        "where it stands: after-review, or after-tasks (the default)",
        PartPlace.AFTER_TASKS,
    )
    intro: tuple[Text, ...] = optional_doc("段落", "paragraphs", ())
    items: tuple[Item, ...] = optional_doc("分项", "items: lead-phrase or plain paragraphs", ())
    sections: tuple[Section, ...] = optional_doc(
        "各节（编号同工作回顾各部分）", "numbered sections", ()
    )
    closing: tuple[Text, ...] = optional_doc("各节之后的段落", "paragraphs after the sections", ())


@dataclass(frozen=True, slots=True, kw_only=True)
class Report:
    """One file under content/reports/: one body's report on one year."""

    series: Slug = doc("报告系列，见 site.yaml", "report series, as in site.yaml")
    year: int = doc("所回顾的年度", "the year under review")
    disclosure: Disclosure = doc("公开信息元数据", "disclosure metadata")
    title: Text = doc("信息名称", "title of record")
    meeting: Text | None = optional_doc("会议名称", "the meeting it was delivered at")
    headline: Text | None = optional_doc("主标题", "motto headline")
    subtitle: Text | None = optional_doc("副标题（不写“——”）", "subtitle, without the dash")
    presenter: Presenter | None = optional_doc("报告人", "presenter")
    delivered: dt.date | None = added_doc(
        "作报告的日期 YYYY-MM-DD（标题下的日期行）；原文没有可靠日期时不写",
        "the day the report was delivered, YYYY-MM-DD (the date line under the title); "
        "leave it out when the source gives no reliable date",
    )
    salutation: Text | None = optional_doc("称呼", "salutation")
    opening: tuple[Text, ...] = optional_doc("开头段落", "opening paragraphs", ())
    numbering: Numbering = added_doc(
        "编号方式：sections（默认，各部分不编号，其下编“一、”）"
        "或 parts（各部分编“一、”，其下编“（一）”）",
        "heading numbers: sections (the default: parts unnumbered, sections 一、) or parts "
        "(parts 一、, sections （一）)",
        Numbering.SECTIONS,
    )
    review: Review = doc("工作回顾", "review of the year")
    tasks: Tasks | None = optional_doc("下一年工作任务", "tasks for the next year")
    parts: tuple[Part, ...] = added_doc(
        "其他部分，如“加强政府自身建设”",
        "further parts, e.g. strengthening the government itself",
        (),
    )
    closing: tuple[Text, ...] = optional_doc("结束语", "closing paragraphs", ())

    @property
    def published(self) -> dt.date:
        """The date of publication, which orders the lists of every report and dates the
        sitemap's entries: an outline the cache keeps has it at hand (cache.Deferred)."""
        return self.disclosure.published


@dataclass(frozen=True, slots=True, kw_only=True)
class Term:
    zh: str = doc("中文术语", "Chinese term")
    en: str = doc("规范译法", "agreed English rendering")
    variants: tuple[str, ...] = optional_doc("其他可接受译法", "other accepted renderings", ())


@dataclass(frozen=True, slots=True, kw_only=True)
class Glossary:
    """content/glossary.yaml: official terms and their agreed English."""

    terms: tuple[Term, ...] = doc("术语", "terms")


def body_parts(report: Report) -> tuple[Review | Tasks | Part, ...]:
    """The parts of the report's body in reading order (the order `Numbering.PARTS` numbers)."""
    before = tuple(p for p in report.parts if p.place is PartPlace.AFTER_REVIEW)
    after = tuple(p for p in report.parts if p.place is PartPlace.AFTER_TASKS)
    tasks = (report.tasks,) if report.tasks else ()
    return (report.review, *before, *tasks, *after)


def sections_of(report: Report) -> list[tuple[str, Section | Subsection]]:
    """Every section and sub-section with its YAML path, in reading order: they share the
    page's anchors."""
    found: list[tuple[str, Section | Subsection]] = []
    for part in body_parts(report):
        if isinstance(part, Tasks):
            continue
        base = "review" if isinstance(part, Review) else f"parts[{report.parts.index(part)}]"
        for s, section in enumerate(part.sections):
            found.append((f"{base}.sections[{s}]", section))
            found += [
                (f"{base}.sections[{s}].subsections[{n}]", sub)
                for n, sub in enumerate(section.subsections)
            ]
    return found


def items_of(report: Report) -> list[tuple[str, Item]]:
    """Every item of the report with its YAML path."""
    found = [
        (f"{where}.items[{i}]", item)
        for where, section in sections_of(report)
        for i, item in enumerate(section.items)
    ]
    found += [(f"review.items[{i}]", item) for i, item in enumerate(report.review.items)]
    for p, part in enumerate(report.parts):
        found += [(f"parts[{p}].items[{i}]", item) for i, item in enumerate(part.items)]
    if report.tasks:
        tasks = report.tasks
        found += [(f"tasks.lead_items[{i}]", item) for i, item in enumerate(tasks.lead_items)]
        found += [
            (f"tasks.items[{t}].items[{i}]", item)
            for t, task in enumerate(tasks.items)
            for i, item in enumerate(task.items)
        ]
    return found


def part_number(report: Report, part: Review | Tasks | Part) -> int:
    """The number (1 → 一、) of one of the report's parts under `Numbering.PARTS`."""
    return next(n for n, candidate in enumerate(body_parts(report), 1) if candidate is part)


def walk_texts(value: object, path: str = "") -> list[tuple[str, Text]]:
    """Every Text inside a model value, with its YAML path, in document order."""
    # Gathered into one list, not yielded through a generator at each level: checking walks
    # every report's texts twice, and the generators took a third of the walk.
    found: list[tuple[str, Text]] = []
    _walk_texts(value, path, found)
    return found


def _walk_texts(value: object, path: str, found: list[tuple[str, Text]]) -> None:
    if isinstance(value, Text):
        found.append((path, value))
    elif isinstance(value, tuple):
        for index, item in enumerate(value):
            _walk_texts(item, f"{path}[{index}]", found)
    elif isinstance(value, dict):
        for key, item in value.items():
            _walk_texts(item, f"{path}.{key}" if path else key, found)
    elif is_dataclass(value) and not isinstance(value, type):
        for name in _field_names(type(value)):
            item = getattr(value, name)
            # Checks walk every report's texts: the plain values, most fields, hold none.
            if item is not None and not isinstance(item, _PLAIN):
                _walk_texts(item, f"{path}.{name}" if path else name, found)


_PLAIN = (str, int, float, dt.date)
"""Values that are no Text and hold none (an enum's members are strings)."""


@cache
def _field_names(cls: type) -> tuple[str, ...]:
    return tuple(f.name for f in fields(cls))


@dataclass(frozen=True, slots=True, kw_only=True)
class Corpus:
    """Everything the site is built from, validated: the output of the validate stage."""

    site: Site
    reports: tuple[Report, ...]
    """Sorted by series, then year."""
    glossary: Glossary
    files: Mapping[tuple[str, int], Path] = field(default_factory=dict)
    """The file of each report, by (series, year)."""
