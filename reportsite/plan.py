"""A series' plan against its delivery — every task its reports set, with what became of it —
as the table of the series page (plan_table) and of its Markdown twin (plan_table_markdown).

Ten years of a series plan a hundred tasks or so, a row each: as Jinja loops, with the
Markdown twin's figures over the years (charts.figure_track_markdown), the tables were over a
third of the cost of a series' pages, nearly all of it the calls in the loops' bodies.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import PurePosixPath

from markupsafe import Markup, escape

from .assemble import TaskStatus
from .body import task_link, told, told_markdown
from .formatting import HtmlText, MarkdownText
from .model import Lang


def plan_table(
    plan: Sequence[TaskStatus], lang: Lang, page: PurePosixPath, html: HtmlText
) -> Markup:
    """The plan as a table in lang: each task's year, its title (linking to it in its report)
    and what became of it."""
    strings = html.strings

    def t(key: str) -> str:
        return strings[key][lang]

    rows = []
    for status in plan:
        ref = status.ref
        link = task_link(ref, lang, page)
        rows.append(
            f'<tr class="progress-{escape(status.progress)}">\n'
            f"<td>{escape(t('year_label') % status.due)}</td>\n"
            f'<th scope="row"><a href="{escape(link)}">{html.number(ref.number, lang)}'
            f"{html.inline(ref.task.title, lang)}</a></th>\n"
            f"<td>{told(html, status, lang, lang, page)}</td>\n"
            "</tr>\n"
        )
    return Markup(
        '<table class="plan-table">\n<thead>\n'
        f'<tr><th scope="col">{escape(t("plan_year"))}</th>'
        f'<th scope="col">{escape(t("plan_task"))}</th>'
        f'<th scope="col">{escape(t("plan_status"))}</th></tr>\n'
        "</thead>\n<tbody>\n" + "".join(rows) + "</tbody>\n</table>"
    )


def plan_table_markdown(
    plan: Sequence[TaskStatus], lang: Lang, page: PurePosixPath, md: MarkdownText
) -> str:
    """The plan as a pipe table in lang, a line each (see plan_table)."""
    strings = md.strings

    def t(key: str) -> str:
        return strings[key][lang]

    rows = [
        f"| {t('year_label') % status.due} "
        f"| [{md.number(status.ref.number, lang)}{md.cell(status.ref.task.title, lang)}]"
        f"({task_link(status.ref, lang, page)}) "
        f"| {told_markdown(md, status, lang, lang, page)} |\n"
        for status in plan
    ]
    head = f"| {t('plan_year')} | {t('plan_task')} | {t('plan_status')} |\n| --- | --- | --- |\n"
    return head + "".join(rows)
