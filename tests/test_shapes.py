"""The shapes of real reports beyond the reference one (tests/cases/shapes): numbered parts,
the date line, items straight under a part, plain paragraphs among lead items, sub-sections,
tasks with several paragraphs and sub-items or written as lead paragraphs, extra parts —
built through the command line, pinned as golden pages, and checked against the model."""

from __future__ import annotations

import json
import re
from pathlib import Path

import jsonschema
import pytest

from reportsite.model import walk_texts
from reportsite.validate import load_corpus

from .conftest import ROOT, Golden, MakeContent, run_cli

CASE = ROOT / "tests" / "cases" / "shapes"
GOLDEN = ROOT / "tests" / "golden" / "shapes"
PAGES = [
    f"{lang}/test-zhengfu/2023/index.{ext}"
    for lang in ("zh", "en", "bilingual")
    for ext in ("html", "md")
] + ["data/test-zhengfu/2023.json"]


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("shapes") / "site"
    result = run_cli("--content", CASE, "--out", out, "--no-search", cwd=ROOT)
    assert result.returncode == 0, result.stderr
    return out


@pytest.mark.parametrize("name", PAGES)
def test_pages_match_golden(site: Path, name: str, golden: Golden) -> None:
    golden.check(GOLDEN / name, (site / name).read_bytes())


def _text(page: Path) -> str:
    return re.sub(r"<[^>]+>", "", page.read_text(encoding="utf-8"))


def test_every_chinese_text_is_on_the_chinese_page(site: Path) -> None:
    corpus, _ = load_corpus(CASE)
    (report,) = corpus.reports
    page = _text(site / "zh" / "test-zhengfu" / "2023" / "index.html")
    for path, text in walk_texts(report):
        if not path.startswith("disclosure"):
            assert text.zh in page, path


def test_headings_are_numbered_by_part(site: Path) -> None:
    html = (site / "zh" / "test-zhengfu" / "2023" / "index.html").read_text(encoding="utf-8")
    assert re.findall(r"<h2>([^<]*)</h2>", html) == [
        "一、2023年工作回顾",
        "二、2024年总体要求",
        "三、2024年工作安排",
        "四、加强政府自身建设",
    ]
    assert re.findall(r"<h3>([^<]*)</h3>", html) == [
        "（一）经济运行稳中向好",
        "（一）聚焦产业发展，夯实经济基础",
        "（二）聚焦民生改善，增进群众福祉",
        "（一）转变工作作风",
    ]
    assert re.findall(r"<h4>([^<]*)</h4>", html) == ["1．项目建设"]
    assert '<p class="delivered"><time datetime="2024-01-10">2024年1月10日</time></p>' in html
    english = (site / "en" / "test-zhengfu" / "2023" / "index.html").read_text(encoding="utf-8")
    assert '<time datetime="2024-01-10">10 January 2024</time>' in english
    assert "<h2>III. Our Work for 2024</h2>" in english


def test_json_carries_the_new_shapes_and_follows_the_schema(site: Path) -> None:
    data = json.loads((site / "data" / "test-zhengfu" / "2023.json").read_text(encoding="utf-8"))
    schema = json.loads((ROOT / "schema" / "report.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator(schema).validate(data)
    assert data["delivered"] == "2024-01-10"
    assert data["numbering"] == "parts"
    assert [part["place"] for part in data["parts"]] == ["after-review", "after-tasks"]
    assert data["review"]["sections"][0]["items"][1]["lead"] is None
    assert data["tasks"]["items"][1]["text"] is None


def test_reports_without_the_new_shapes_keep_their_json(tmp_path: Path) -> None:
    """A report that does not use a field added later has no such key in its JSON."""
    out = tmp_path / "site"
    assert run_cli("--out", out, "--no-search", cwd=ROOT).returncode == 0
    data = json.loads((out / "data" / "wayao-renda" / "2024.json").read_text(encoding="utf-8"))
    assert not {"delivered", "numbering", "parts"} & set(data)
    assert "items" not in data["review"] and "lead_items" not in data["tasks"]
    assert all("subsections" not in section for section in data["review"]["sections"])
    assert all("items" not in task for task in data["tasks"]["items"])


SHAPES_REPORT = """\
series: test-renda
year: 2024
disclosure:
  index_no: 00000000-0/20250101-00001
  issuer: 测试镇人民政府
  catalog: 工作报告
  published: 2025-01-10
title: 2024年工作报告
numbering: parts
review:
  heading: 2024年工作回顾
  sections:
    - id: first
      title: 加强学习
      subsections:
        - id: study
          title: 学习
          items:
            - text: 全年组织学习6次。
              figures:
                - {key: study, value: 6, unit: 次, label: 学习}
tasks:
  heading: 2025年工作任务
  items:
    - id: plan
      title: 继续学习
      items:
        - lead: 一是学习
          text: 学习6次。
          figures:
            - {key: study, value: 6, unit: 次, label: 学习}
    - id: empty
      title: 只有标题
parts:
  - id: self
    heading: 三、加强自身建设
    sections:
      - id: first
        title: 转变作风
"""


def test_rules_reach_the_new_shapes(make_content: MakeContent, tmp_path: Path) -> None:
    content = make_content({"test-renda/2024.yaml": SHAPES_REPORT})
    result = run_cli("check", "--content", content, cwd=tmp_path)
    assert result.returncode == 1
    name = "content/reports/test-renda/2024.yaml"
    assert result.stderr.splitlines() == [
        f"{name}:31:21: 错误 error: tasks.items[0].items[0].figures[0].key: "
        "数据标识“study”在本报告中重复（第 21 行已使用） / "
        "the figure key 'study' is used twice in this report (first on line 21)",
        f"{name}:32:7: 错误 error: tasks.items[1]: 工作任务只有标题，没有正文 / "
        "the task has a title but no text",
        "    修改 fix: 添加 text: …（或 items: 列出分项） / add text: … (or list its items: …)",
        f"{name}:36:14: 错误 error: parts[0].heading: "
        "标题开头不要写编号“三、”，编号按顺序自动生成 / "
        "do not type the numbering '三、'; it is generated from the order",
        "    修改 fix: 删去“三、” / delete '三、'",
        f"{name}:38:13: 错误 error: parts[0].sections[0].id: 标识“first”重复（第 13 行已使用） / "
        "the id 'first' is used twice (first on line 13)",
        "    修改 fix: 每个标识必须唯一 / give each an id of its own",
        "共 4 个错误、0 个警告，涉及 1 个文件。 / 4 error(s), 0 warning(s) in 1 file(s).",
    ]
