"""Write a synthetic archive — many bodies × many years — for tests and benchmarks. DEMO DATA.

    python scripts/demo_archive.py OUT_DIR [--bodies N] [--years A-B] [--seed S]

OUT_DIR gets site.yaml, glossary.yaml (a copy of the real one) and reports/<series>/<year>.yaml.
Every report is the real example report (content/reports/wayao-renda/2024.yaml) dressed as
another body's report on another year: years in the text moved, the figures given other values
(from a seeded random generator, so the same arguments always write the same files), some
figures quoted in the newest year only, and each year's review sections following last year's
tasks except for some left unfollowed. The place, the presenter and every title and site name
say 演示数据 / DEMO DATA, so no page built from it can pass for a real disclosure.

It refuses to write into (or around) the real content/ folder, and into a folder that holds
anything but an earlier demo archive.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import re
import shutil
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

import yaml

ROOT: Final = Path(__file__).resolve().parent.parent
CONTENT: Final = ROOT / "content"
SEED: Final = CONTENT / "reports" / "wayao-renda" / "2024.yaml"
SEED_YEAR: Final = 2024
MARKER: Final = "DEMO-DATA.txt"
"""Left in every demo archive: only a folder that has it may be written over."""
MARK_ZH: Final = "【演示数据】"
MARK_EN: Final = "[DEMO DATA] "

FOLLOWS: Final = {
    "party-leadership": "mission",
    "central-work": "oversight",
    "liaison-service": "deputy-service",
}
"""Which review section reports on which of last year's tasks. The seed's fourth task,
`capability`, is never followed, so every archive has tasks not reported on."""
ONE_YEAR_ONLY: Final = 5
"""Every fifth figure of the seed is quoted in a series' newest year only (no chart)."""

Data = dict[str, Any]


@dataclass(frozen=True, slots=True)
class Body:
    """A reporting body and its series."""

    id: str
    name: tuple[str, str]
    body: tuple[str, str]
    title: tuple[str, str]
    """Report title, `{year}` for the year under review."""
    role: tuple[str, str]
    """The presenter's post."""
    catalog: tuple[str, str]
    tasks: bool = True
    """Whether its reports set tasks for the next year (an annual disclosure report does not)."""


BODIES: Final = (
    Body(
        id="demo-renda",
        name=(
            "演示镇人大主席团工作报告",
            "Work Reports of the Presidium of the Demo Town People's Congress",
        ),
        body=("演示镇人民代表大会主席团", "Presidium of the Demo Town People's Congress"),
        title=(
            "{year}年人大主席团工作报告",
            "{year} Work Report of the Presidium of the Town People's Congress",
        ),
        role=("人大主席", "Chairman of the Town People's Congress"),
        catalog=("人大建议办理结果", "Results of Handling Deputies' Suggestions"),
    ),
    Body(
        id="demo-zhengfu",
        name=("演示镇政府工作报告", "Government Work Reports of Demo Town"),
        body=("演示镇人民政府", "People's Government of Demo Town"),
        title=("{year}年政府工作报告", "{year} Report on the Work of the Government"),
        role=("镇长", "Mayor of the Town"),
        catalog=("政府工作报告", "Government Work Reports"),
    ),
    Body(
        id="demo-xxgk-nianbao",
        name=(
            "演示镇政府信息公开工作年度报告",
            "Annual Reports on Government Information Disclosure of Demo Town",
        ),
        body=("演示镇人民政府办公室", "Office of the People's Government of Demo Town"),
        title=(
            "{year}年政府信息公开工作年度报告",
            "{year} Annual Report on Government Information Disclosure",
        ),
        role=("镇政府办公室主任", "Director of the Town Government Office"),
        catalog=("政府信息公开年报", "Annual Reports on Government Information Disclosure"),
        tasks=False,
    ),
)


def extra_body(number: int) -> Body:
    """Bodies beyond the named ones, for large archives."""
    return Body(
        id=f"demo-body-{number}",
        name=(f"演示机关{number}工作报告", f"Work Reports of Demo Body {number}"),
        body=(f"演示机关{number}", f"Demo Body {number}"),
        title=(
            f"{{year}}年演示机关{number}工作报告",
            f"{{year}} Work Report of Demo Body {number}",
        ),
        role=(f"演示机关{number}负责人", f"Head of Demo Body {number}"),
        catalog=("工作报告", "Work Reports"),
    )


def bodies(count: int) -> tuple[Body, ...]:
    return (*BODIES[:count], *(extra_body(n) for n in range(len(BODIES) + 1, count + 1)))


def text(zh: str, en: str) -> Data:
    return {"zh": zh, "en": en}


def site_data(chosen: Sequence[Body]) -> Data:
    return {
        "languages": ["zh", "en"],
        "title": text(f"{MARK_ZH}演示镇政府信息公开·工作报告", f"{MARK_EN}Demo Town Work Reports"),
        "base_path": "/",
        "domain": "demo.example.gov.cn",
        "publisher": {
            "name": text(
                "演示镇人民政府（演示数据）", "People's Government of Demo Town (demo data)"
            ),
            "site_id_code": "0000000000",
            "icp": "演示ICP备00000000号",
            "police_filing": "演示公网安备 00000000000000号",
        },
        "column": {
            "name": text("工作报告", "Work Reports"),
            "description": text(
                "演示数据：本栏目的报告均为程序生成的示例，不是真实的政府信息。",
                "Demo data: every report in this column is a generated example, "
                "not real government information.",
            ),
            "keywords": text("演示数据，工作报告", "demo data, work report"),
            "type": "信息公开目录",
        },
        "series": {
            body.id: {
                "name": text(MARK_ZH + body.name[0], MARK_EN + body.name[1]),
                "body": text(*body.body),
            }
            for body in chosen
        },
    }


def report_data(
    seed: Data, body: Body, number: int, year: int, *, first: int, last: int, seed_no: int
) -> Data:
    """One body's report on one year, made from the seed; `number` is the body's, 1 up."""
    rng = random.Random(f"{seed_no}:{body.id}:{year}")
    report: Data = _retext(seed, year)
    published = dt.date(year + 1, rng.randint(1, 8), rng.randint(1, 28))
    report["series"] = body.id
    report["year"] = year
    report["disclosure"] = {
        "index_no": f"DEMO{number:04d}-0/{published:%Y%m%d}-00001",
        "issuer": text(*body.body),
        "catalog": text(*body.catalog),
        "doc_no": None,
        "published": published,
    }
    report["title"] = text(
        MARK_ZH + body.title[0].format(year=year), MARK_EN + body.title[1].format(year=year)
    )
    headline = report["headline"]
    report["headline"] = text(MARK_ZH + headline["zh"], MARK_EN + headline["en"])
    report["presenter"] = {"name": text("演示报告人", "Demo Presenter"), "role": text(*body.role)}
    figure_number = 0
    for section in report["review"]["sections"]:
        for item in section.get("items", []):
            kept = []
            for figure in item.get("figures", []):
                if figure_number % ONE_YEAR_ONLY != ONE_YEAR_ONLY - 1 or year == last:
                    kept.append(figure)
                figure_number += 1
            item["figures"] = kept
            _revalue(item, rng)
            if not kept:
                del item["figures"]
    if not body.tasks:
        del report["tasks"]
    elif year > first:
        dropped = rng.choice(sorted(FOLLOWS)) if rng.random() < 0.5 else None
        for section in report["review"]["sections"]:
            task = FOLLOWS.get(section["id"])
            if task and section["id"] != dropped:
                section["follows"] = task
    return report


def _retext(value: Any, year: int) -> Any:
    """A fresh copy of the seed (nothing shared with it or between reports), every string with
    the seed's years moved to this year and the real place made the demo one."""
    if isinstance(value, dict):
        return {key: _retext(item, year) for key, item in value.items()}
    if isinstance(value, list):
        return [_retext(item, year) for item in value]
    if isinstance(value, str):
        # Through a placeholder, so that 2024 → 2025 is not moved a second time as 2025.
        moved = value.replace(str(SEED_YEAR + 1), "\0").replace(str(SEED_YEAR), str(year))
        moved = moved.replace("\0", str(year + 1))
        return moved.replace("瓦窑", "演示").replace("Wayao", "Demo")
    return value


def _revalue(item: Data, rng: random.Random) -> None:
    """Give each figure of the item a new value, and write it where the texts quote it."""
    zh, en = item["text"]["zh"], item["text"]["en"]
    new: list[str] = []
    # Placeholders first, then values: a new value must never be taken for an old quote.
    for index, figure in enumerate(item.get("figures", [])):
        old = _number(figure["value"])
        mark = f"\0{chr(65 + index)}\0"
        zh = zh.replace(_quote_zh(figure, old), mark, 1)
        en = re.sub(rf"(?<![\d.,]){re.escape(old)}(?!\d)", mark, en, count=1)
        figure["value"] = max(1, round(figure["value"] * rng.uniform(0.6, 1.6)))
        new.append(_number(figure["value"]))
    for index, figure in enumerate(item.get("figures", [])):
        mark = f"\0{chr(65 + index)}\0"
        zh = zh.replace(mark, _quote_zh(figure, new[index]))
        en = en.replace(mark, new[index])
    item["text"] = text(zh, en)


def _number(value: int | float) -> str:
    return str(value) if isinstance(value, int) else f"{value:g}"


def _quote_zh(figure: Data, number: str) -> str:
    return f"{number}{'余' if figure.get('approx') else ''}{figure['unit']['zh']}"


# The C emitter where PyYAML has libyaml: a large archive is thousands of files.
_DUMPER: Any = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def dump(data: Data, path: Path, what: str) -> None:
    """Plain YAML. Every report is a fresh copy, so no object occurs twice in it and the dumper
    writes no anchor or alias (which the content loader refuses)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    body = yaml.dump(data, Dumper=_DUMPER, allow_unicode=True, sort_keys=False, width=1_000_000)
    header = f"# 演示数据 DEMO DATA: {what}, written by scripts/demo_archive.py; not real.\n"
    path.write_text(header + body, encoding="utf-8", newline="\n")


def refusal(out: Path) -> str | None:
    """Why out must not be written, or None."""
    target, content = out.resolve(), CONTENT.resolve()
    if target == content or target.is_relative_to(content) or content.is_relative_to(target):
        return f"{out} is, is inside or contains the real content folder {CONTENT}"
    if target.exists() and not target.is_dir():
        return f"{out} is not a folder"
    if target.is_dir() and any(target.iterdir()) and not (target / MARKER).is_file():
        return f"{out} holds files that are not a demo archive (no {MARKER})"
    return None


def write_archive(out: Path, *, count: int, years: range, seed_no: int = 1) -> int:
    """Write the archive; returns the number of reports."""
    reason = refusal(out)
    if reason:
        raise ValueError(reason)
    seed = yaml.load(SEED.read_text(encoding="utf-8"), Loader=_LOADER)
    chosen = bodies(count)
    shutil.rmtree(out / "reports", ignore_errors=True)
    out.mkdir(parents=True, exist_ok=True)
    (out / MARKER).write_text(
        "演示数据 / DEMO DATA\n"
        "由 scripts/demo_archive.py 生成，仅供测试和性能测试使用，不是真实的政府信息。\n"
        "Generated by scripts/demo_archive.py for tests and benchmarks; not real government "
        "information.\n",
        encoding="utf-8",
    )
    dump(site_data(chosen), out / "site.yaml", "site")
    shutil.copyfile(CONTENT / "glossary.yaml", out / "glossary.yaml")
    for number, body in enumerate(chosen, 1):
        for year in years:
            report = report_data(
                seed, body, number, year, first=years[0], last=years[-1], seed_no=seed_no
            )
            dump(report, out / "reports" / body.id / f"{year}.yaml", f"{body.id} {year}")
    return len(chosen) * len(years)


def year_range(value: str) -> range:
    match = re.fullmatch(r"(\d{4})(?:-(\d{4}))?", value)
    if not match:
        raise argparse.ArgumentTypeError(f"not a year or a range of years like 2021-2024: {value}")
    low, high = int(match[1]), int(match[2] or match[1])
    if not 1950 <= low <= high <= 2099:
        raise argparse.ArgumentTypeError(f"years must run forwards within 1950-2099: {value}")
    return range(low, high + 1)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("out", type=Path, help="folder to write the demo content into")
    parser.add_argument("--bodies", type=int, default=3, help="number of bodies (default 3)")
    parser.add_argument("--years", type=year_range, default=range(2021, 2025), help="A-B")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    args = parser.parse_args(argv)
    if args.bodies < 1:
        parser.error("--bodies must be at least 1")
    try:
        reports = write_archive(args.out, count=args.bodies, years=args.years, seed_no=args.seed)
    except ValueError as error:
        print(f"demo_archive: refusing to write: {error}", file=sys.stderr)
        return 2
    print(f"wrote {reports} demo report(s) to {args.out}/ (演示数据 / DEMO DATA)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
