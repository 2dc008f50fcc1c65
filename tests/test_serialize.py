"""The report JSON is written straight from the model, and reads as the standard encoder's."""

from __future__ import annotations

import json

from reportsite.serialize import report_json, to_data
from reportsite.validate import load_corpus

from .conftest import CONTENT


def test_report_json_is_the_standard_encoding_of_the_data() -> None:
    corpus, _ = load_corpus(CONTENT)
    [report] = corpus.reports
    expected = json.dumps(to_data(report), ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    assert report_json(report) == expected.encode()
