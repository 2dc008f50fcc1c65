"""Shared fixtures: small content folders written from text, and the CLI run as a user runs it."""

from __future__ import annotations

import difflib
import gc
import os
import resource
import shutil
import struct
import subprocess
import sys
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path

import pytest
from hypothesis import settings

from reportsite import progress, workers

# CI explores the same examples every run, so a landing never hinges on a random draw; a
# developer's runs keep exploring new ones.
settings.register_profile("ci", derandomize=True)
if os.environ.get("CI"):
    settings.load_profile("ci")

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT / "content"
SEED = ROOT / "tests" / "seed" / "2024-wayao-renda-presidium-report.txt"
"""The reference report as published (a copy of its text): the example content must hold it all."""


@contextmanager
def only_reference_counting() -> Iterator[None]:
    """The cycle collector off for the block, once it has freed what was garbage before: what
    the block drops is freed by reference counting or left for the collector to find after.
    What earlier code froze out of its sight is given back to it first (cache.load freezes
    what it makes, and only a build lets go): garbage among it would otherwise be found after
    a build in the block as if the build had left it."""
    gc.unfreeze()
    gc.collect()
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


SITE_YAML = """\
languages: [zh, en]
title: {zh: 测试站, en: Test Site}
base_path: /
domain: www.example.gov.cn
publisher:
  name: {zh: 测试镇人民政府, en: People's Government of Test Town}
  site_id_code: "0000000000"
  icp: 测ICP备00000000号
  police_filing: 测公网安备 00000000000000号
column:
  name: {zh: 工作报告, en: Work Reports}
  description: {zh: 工作报告栏目, en: The work reports column}
  keywords: {zh: 工作报告, en: work report}
  type: 信息公开目录
series:
  test-renda:
    name: {zh: 测试镇人大主席团工作报告, en: Work Reports of the Test Presidium}
    body: {zh: 测试镇人大主席团, en: Presidium of the Test Town People's Congress}
"""

REPORT_YAML = """\
series: test-renda
year: 2024
disclosure:
  index_no: 00000000-0/20250101-00001
  issuer: {zh: 测试镇人民政府, en: People's Government of Test Town}
  catalog: {zh: 工作报告, en: Work Reports}
  published: 2025-01-10
title: {zh: 2024年工作报告, en: 2024 Work Report}
review:
  heading: {zh: 2024年工作回顾, en: A Review of Our Work in 2024}
  sections:
    - id: first
      title: {zh: 加强学习, en: Strengthening Study}
      items:
        - lead: {zh: 学习不断深入, en: Study deepened}
          text: {zh: 全年组织学习6次。, en: We held 6 study sessions.}
          figures:
            - key: study-sessions
              value: 6
              unit: {zh: 次, en: sessions}
              label: {zh: 学习, en: study sessions}
tasks:
  heading: {zh: 2025年工作任务, en: Our Tasks for 2025}
  items:
    - id: study
      title: {zh: 继续学习, en: Keep Studying}
      text: {zh: 继续加强学习。, en: We will keep studying.}
"""

MakeContent = Callable[..., Path]


@pytest.fixture
def make_content(tmp_path: Path) -> MakeContent:
    """Write a content folder: site.yaml plus reports given as {relative path: text or bytes}."""

    def make(
        reports: Mapping[str, str | bytes] | None = None,
        *,
        site: str | bytes = SITE_YAML,
        glossary: str | None = None,
    ) -> Path:
        content = tmp_path / "content"
        (content / "reports").mkdir(parents=True, exist_ok=True)
        write(content / "site.yaml", site)
        if glossary is not None:
            write(content / "glossary.yaml", glossary)
        for name, text in (
            reports if reports is not None else {"test-renda/2024.yaml": REPORT_YAML}
        ).items():
            write(content / "reports" / name, text)
        return content

    return make


def write(path: Path, text: str | bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")


@pytest.fixture
def example_content(tmp_path: Path) -> Path:
    """A private copy of the real example content, safe to change."""
    return Path(shutil.copytree(CONTENT, tmp_path / "content"))


TOO_LARGE = (
    "错误 error: 无法写入输出文件：File too large / cannot write the output file: File too large\n"
    "    修改 fix: 检查磁盘空间，以及其所在文件夹能否写入"
    " / check the free disk space, and that its folder can be written to\n"
)
"""The message of an output an editor's command could not write past files_up_to's limit,
after its file's name."""


def files_up_to(limit: int) -> Callable[[], None]:
    """For run_cli's preexec_fn: no file written past limit bytes, which the kernel enforces as
    it does a full disk (the write fails with EFBIG, "File too large")."""
    return lambda: resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))


def run_cli(
    *args: str | Path,
    cwd: Path,
    env: Mapping[str, str] | None = None,
    prefix: Sequence[str] = (),
    preexec_fn: Callable[[], object] | None = None,
    program: Sequence[str] = (str(ROOT / "build.py"),),
) -> subprocess.CompletedProcess[str]:
    """`python build.py …` as an editor runs it, from `cwd`; prefix wraps it (faketime …),
    preexec_fn runs in its process first (a limit set on it); program is what Python runs
    (`-m reportsite` instead of build.py)."""
    return subprocess.run(
        [*prefix, sys.executable, *program, *map(str, args)],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
        check=False,
        preexec_fn=preexec_fn,
    )


def in_a_tmpfs() -> Path | None:
    """/dev/shm where it is writable, for folders whose listing order matters. A tmpfs lists a
    folder's entries newest first, so what depends on the order files were written in shows
    there; ext4 (often the tests' own folder) lists them in an order of its own whatever it was."""
    memory = Path("/dev/shm")
    return memory if os.access(memory, os.W_OK) else None


def tree_bytes(folder: Path) -> dict[str, bytes]:
    """Every file under folder by relative posix path: for byte-for-byte comparisons."""
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        help="rewrite the expected files under tests/golden/ from the current output",
    )


class Golden:
    """Compares output with a committed expected file; --update-golden rewrites it instead."""

    def __init__(self, update: bool) -> None:
        self.update = update

    def check(self, expected_file: Path, actual: str | bytes) -> None:
        data = actual.encode("utf-8") if isinstance(actual, str) else actual
        if self.update:
            expected_file.parent.mkdir(parents=True, exist_ok=True)
            expected_file.write_bytes(data)
            return
        assert expected_file.exists(), f"no golden file {expected_file}: run pytest --update-golden"
        expected = expected_file.read_bytes()
        if expected != data:
            diff = difflib.unified_diff(
                expected.decode("utf-8", "replace").splitlines(keepends=True),
                data.decode("utf-8", "replace").splitlines(keepends=True),
                fromfile=f"{expected_file} (expected)",
                tofile="actual",
            )
            pytest.fail("".join(diff) or f"{expected_file} differs", pytrace=False)


@pytest.fixture
def golden(request: pytest.FixtureRequest) -> Golden:
    return Golden(bool(request.config.getoption("--update-golden")))


class Stages:
    """A Progress that remembers what it was told."""

    def __init__(self) -> None:
        self.seen: list[tuple[str, int | None, int]] = []

    def stage(self, zh: str, en: str, total: int | None) -> progress.Stage:
        outer = self

        class Counting:
            done = 0

            def advance(self, units: int = 1) -> None:
                self.done += units

            def close(self) -> None:
                outer.seen.append((f"{zh} / {en}", total, self.done))

        return Counting()


@pytest.fixture
def forked(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The processes of each pool of workers forked from now on, as it is forked."""
    made: list[int] = []
    pool = workers.Pool.__init__

    def counted(self: workers.Pool, jobs: int) -> None:
        made.append(jobs)
        pool(self, jobs)

    monkeypatch.setattr(workers.Pool, "__init__", counted)
    return made


def zip_version(data: bytes, version: int) -> bytes:
    """The zip with the version needed to extract its first member changed in its central
    directory."""
    at = data.index(b"PK\x01\x02")
    return data[: at + 6] + struct.pack("<H", version) + data[at + 8 :]
