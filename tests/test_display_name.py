"""How messages name files: relative to the working folder, folders' links resolved."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from reportsite.load import display_name, display_names


def test_a_file_is_named_from_the_working_folder_through_linked_folders(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "real" / "reports").mkdir(parents=True)
    (tmp_path / "content").symlink_to(tmp_path / "real")
    monkeypatch.chdir(tmp_path)
    assert display_name(Path("content/reports/2024.yaml")) == "real/reports/2024.yaml"
    assert display_name(tmp_path / "real" / "site.yaml") == "real/site.yaml"
    assert display_name(Path("site.yaml")) == "site.yaml"
    assert (
        display_name(tmp_path.parent / "elsewhere.yaml")
        == (tmp_path.parent / "elsewhere.yaml").as_posix()
    )


def test_a_relative_name_follows_the_working_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The same relative path in two working folders: in one "content" is a folder, in the
    # other a link. What was worked out in the first must not name files in the second.
    first, second = tmp_path / "first", tmp_path / "second"
    (first / "content" / "reports").mkdir(parents=True)
    (second / "target" / "reports").mkdir(parents=True)
    (second / "content").symlink_to(second / "target")
    monkeypatch.chdir(first)
    assert display_name(Path("content/reports/2024.yaml")) == "content/reports/2024.yaml"
    monkeypatch.chdir(second)
    assert display_name(Path("content/reports/2024.yaml")) == "target/reports/2024.yaml"


def test_a_file_outside_the_working_folder_is_named_in_full(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Named as given however its folders are named: one of them like the working folder
    # ("work"), and through the working folder's own path from outside.
    (tmp_path / "work" / "content").mkdir(parents=True)
    (tmp_path / "archive" / "work" / "reports").mkdir(parents=True)
    monkeypatch.chdir(tmp_path / "work")
    outside = tmp_path / "archive" / "work" / "reports" / "2024.yaml"
    assert display_name(outside) == outside.as_posix()
    assert display_name(Path("../archive/work/reports/2024.yaml")) == (
        "../archive/work/reports/2024.yaml"
    )
    assert display_name(tmp_path / "work" / "content" / "2024.yaml") == "content/2024.yaml"
    assert display_name(Path("../work/content/2024.yaml")) == "content/2024.yaml"


@pytest.mark.parametrize("altsep", [None, "/"], ids=["one-separator", "two-separators"])
def test_files_named_together_are_each_named_from_their_own_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, altsep: str | None
) -> None:
    # A build names every report file at once, each folder's name worked out once for all
    # its files: a link and its target, the working folder itself, a folder outside it and
    # the root each name their own files, in the order given. Where paths may hold a second
    # separator (Windows), they are split as os.path splits them.
    monkeypatch.setattr(os, "altsep", altsep)
    (tmp_path / "real" / "reports").mkdir(parents=True)
    (tmp_path / "content").symlink_to(tmp_path / "real")
    monkeypatch.chdir(tmp_path)
    outside = tmp_path.parent / "2024.yaml"
    paths = [
        Path("content/reports/2023.yaml"),
        Path("real/reports/2024.yaml"),
        Path("content/reports/2024\n.yaml"),
        Path("2024.yaml"),
        outside,
        Path("/2024.yaml"),
        Path("content/reports/2025.yaml"),
    ]
    assert display_names(paths) == [
        "real/reports/2023.yaml",
        "real/reports/2024.yaml",
        "real/reports/2024\\n.yaml",
        "2024.yaml",
        outside.as_posix(),
        "/2024.yaml",
        "real/reports/2025.yaml",
    ]
