"""The bilingual summary the import command prints: what was recognised, what the source
lacked, what was dropped as page chrome, each with its source line, and the next steps."""

from __future__ import annotations

import argparse
from pathlib import Path

import yaml

from ...load import load_source
from .recognise import Imported
from .sources import Read

_NAMES = {
    "index_no": "索引号 index_no",
    "issuer": "发文机构 issuer",
    "catalog": "公开目录 catalog",
    "doc_no": "文号 doc_no",
    "published": "日期 published",
    "written": "成文日期 written",
    "title": "信息名称 title",
    "meeting": "会议 meeting",
    "headline": "主标题 headline",
    "subtitle": "副标题 subtitle",
    "presenter": "报告人 presenter",
    "delivered": "报告日期 delivered",
    "salutation": "称呼 salutation",
    "heading": "标题 heading",
    "text": "正文 text",
    "role": "报告人职务 role",
}


def summary(imported: Imported, source: str, out: str, read: Read, args: argparse.Namespace) -> str:
    counts = imported.counts
    lines = [f"已导入 {source} → {out} / imported {source} into {out}"]
    if read.word:
        kind = {"pdf": "PDF", "ofd": "OFD"}.get(read.format, "Word")
        lines.append(
            f"（{kind} 文件的行号为段落序号 / line numbers of a {kind} file count its paragraphs）"
        )
    if imported.kind == "not-report":
        lines.append(
            "警告 warning: 这份文件不像工作报告（多为表格和数字），未拆分标题，全文作为段落导入 / "
            "this does not read as a work report (mostly tables and figures): no headings were "
            "made, the text is kept as paragraphs"
        )
    lines.append(
        f"识别 recognised: {len(counts.parts)} 个部分 parts, {len(counts.sections)} 节 sections, "
        f"{counts.items} 段分项 items, {len(counts.tasks)} 项任务 tasks, "
        f"{counts.figures} 个待确认数据 figures to confirm"
    )
    found: list[tuple[int, str, str]] = [(n, "部分 part", t) for n, t in counts.parts]
    found += [(n, "节 section", t) for n, t in counts.sections]
    found += [(n, "任务 task", t) for n, t in counts.tasks]
    found += [(n, _NAMES.get(key, key), "") for key, n in imported.front.lines.items()]
    found += [
        (n, f"{_NAMES.get(key, key)} (disclosure)", "")
        for key, n in imported.disclosure_lines.items()
    ]
    for number, what, text in sorted(found):
        lines.append(f"  {source}:{number}: {what}" + (f": {text}" if text else ""))
    if counts.lacking:
        lines.append(
            f"原文缺少 lacking: {len(counts.lacking)} 项，在 {out} 中标为“待填写 / to fill in”"
            f" / {len(counts.lacking)} field(s) the source did not give, marked in {out}"
        )
        for number, key in counts.lacking:
            lines.append(f"  {out}:{number}: {_NAMES.get(key, key)}")
    if imported.notes.dropped:
        lines.append(f"丢弃的页面元素 dropped as page chrome: {len(imported.notes.dropped)}")
        for dropped in imported.notes.dropped[:40]:
            lines.append(
                f"  {source}:{dropped.line}: {dropped.why_zh} {dropped.why_en}: {dropped.text[:40]}"
            )
        if len(imported.notes.dropped) > 40:
            lines.append(
                f"  … 另有 {len(imported.notes.dropped) - 40} 行 / "
                f"and {len(imported.notes.dropped) - 40} more"
            )
    for number, zh, en in imported.notes.warnings:
        lines.append(f"{source}:{number}: 警告 warning: {zh} / {en}")
    if imported.notes.punctuation:
        lines.append(
            f"半角标点改为全角 half-width punctuation made full-width: {imported.notes.punctuation}"
        )
    lines.append(_site_hint(args))
    lines.append(
        f"下一步 next: 填写“待填写”各项，运行 python build.py check --content {args.content} / "
        "fill in what is marked “to fill in”, then run "
        f"python build.py check --content {args.content}"
    )
    return "\n".join(lines)


def _site_hint(args: argparse.Namespace) -> str:
    site = Path(args.content) / "site.yaml"
    if _defines(site, args.series):
        return f"系列 series {args.series}: 已在 site.yaml 中 / defined in site.yaml"
    return (
        f"系列 {args.series} 尚未在 {site} 中定义，请在 series: 下添加 / "
        f"the series is not in {site} yet; add under series:\n"
        f"  {args.series}:\n"
        f"    name: {{zh: …工作报告, en: …}}\n"
        f"    body: {{zh: …, en: …}}"
    )


def _defines(site: Path, series: str) -> bool:
    """Whether site.yaml, read as the build reads it, names the series under `series:`; the
    text was once searched for it at two spaces' indent, and four made it unknown."""
    source = load_source(site)
    if isinstance(source, list) or not isinstance(source.node, yaml.MappingNode):
        return False
    return any(
        key.value == "series"
        and isinstance(value, yaml.MappingNode)
        and any(name.value == series for name, _ in value.value)
        for key, value in source.node.value
    )
