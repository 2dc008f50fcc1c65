"""Round-trip YAML for the editor's commands: read a content file, change a few values, and
write it back with its comments, key order, quoting and layout as they were (ruamel.yaml).

Only the commands' `run` imports this module, so building a site never needs ruamel.
"""

from __future__ import annotations

import io
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap
from ruamel.yaml.representer import RoundTripRepresenter
from ruamel.yaml.util import load_yaml_guess_indent

FLOW_UP_TO = 80
"""Characters of a bilingual text written on one line as {zh: …, en: …}, as the example does."""


def _null(representer: RoundTripRepresenter, _: None) -> Any:
    # ruamel writes an empty value for None; the content files spell it null.
    return representer.represent_scalar("tag:yaml.org,2002:null", "null")


def yaml_for(mapping: int = 2, sequence: int = 4, offset: int = 2) -> YAML:
    """A round-trip YAML that never folds long lines (a paragraph stays on its line)."""
    yaml = YAML()
    yaml.preserve_quotes = True
    yaml.width = 1 << 30
    yaml.allow_unicode = True
    yaml.indent(mapping=mapping, sequence=sequence, offset=offset)
    yaml.representer.add_representer(type(None), _null)
    return yaml


def load(text: str) -> tuple[Any, YAML]:
    """The document, and a YAML that writes it back with the file's own indentation."""
    yaml = yaml_for()
    # Read once, by the YAML that writes it back: the guess reads the whole document, and
    # reading it a second time was a quarter of writing translations back.
    data, indent, block_sequence_indent = load_yaml_guess_indent(text, yaml=yaml)
    mapping = block_sequence_indent or 2
    yaml.indent(mapping=mapping, sequence=indent or mapping + 2, offset=block_sequence_indent or 0)
    return data, yaml


def dump(yaml: YAML, data: Any) -> str:
    out = io.StringIO()
    yaml.dump(data, out)
    return out.getvalue()


def bilingual(texts: dict[str, str]) -> CommentedMap:
    """A {lang: text} mapping, on one line when short, as the example content writes it."""
    mapping = CommentedMap(texts)
    if sum(len(value) for value in texts.values()) <= FLOW_UP_TO and all(
        "\n" not in value for value in texts.values()
    ):
        mapping.fa.set_flow_style()
    return mapping
