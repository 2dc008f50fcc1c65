"""The committed JSON Schema matches the model, and the example content and output follow it."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
import yaml

from reportsite.schema import render_schemas

from .conftest import CONTENT, ROOT

SCHEMA_DIR = ROOT / "schema"


@pytest.mark.parametrize("name", sorted(render_schemas()))
def test_committed_schema_matches_model(name: str) -> None:
    committed = (SCHEMA_DIR / name).read_text(encoding="utf-8")
    assert committed == render_schemas()[name], (
        f"schema/{name} is out of date with reportsite/model.py: run `python build.py schema`"
    )


def _content_files() -> list[tuple[Path, str]]:
    files = [(CONTENT / "site.yaml", "site"), (CONTENT / "glossary.yaml", "glossary")]
    files += [(path, "report") for path in sorted((CONTENT / "reports").rglob("*.yaml"))]
    return files


@pytest.mark.parametrize(("path", "kind"), _content_files(), ids=lambda v: str(v))
def test_content_references_and_follows_its_schema(path: Path, kind: str) -> None:
    text = path.read_text(encoding="utf-8")
    first_line = text.splitlines()[0]
    prefix = "# yaml-language-server: $schema="
    assert first_line.startswith(prefix), f"{path} lacks the editor schema line"
    schema_file = (path.parent / first_line.removeprefix(prefix)).resolve()
    assert schema_file == SCHEMA_DIR / f"{kind}.schema.json"
    data = json.loads(json.dumps(yaml.safe_load(text), default=str))
    jsonschema.Draft202012Validator(json.loads(schema_file.read_text("utf-8"))).validate(data)


def test_schema_rejects_what_the_validator_rejects() -> None:
    schema = json.loads((SCHEMA_DIR / "report.schema.json").read_text("utf-8"))
    report = yaml.safe_load((CONTENT / "reports" / "wayao-renda" / "2024.yaml").read_text("utf-8"))
    report = json.loads(json.dumps(report, default=str))
    report["review"]["sections"][0]["titel"] = "typo"
    report["review"]["sections"][1]["id"] = "Not A Slug"
    errors = list(jsonschema.Draft202012Validator(schema).iter_errors(report))
    messages = sorted(error.message for error in errors)
    assert any("'titel' was unexpected" in m for m in messages)
    assert any("does not match" in m for m in messages)
