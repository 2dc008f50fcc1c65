"""`python build.py serve` end to end over HTTP: the site under its base_path, a rebuild on
every edit, the problems of a broken edit in place of the page and the recovery after it, and
the built files exactly those of a plain build (the reload script is added only in transit)."""

from __future__ import annotations

import re
import shutil
import socket
import time
from pathlib import Path
from types import SimpleNamespace

import pytest

from reportsite import pipeline
from reportsite.editor import preview

from .conftest import REPORT_YAML, SITE_YAML, MakeContent, run_cli, tree_bytes
from .serving import Serve, edit, serving

PREFIX = "/xxgk/gzbg/"
REPORT = "zh/test-renda/2024/index.html"
SCRIPT_TAG = re.compile(
    rb'<script src="/livereload/reload\.js\?epoch=\d+&amp;request=\d+"></script>'
)
CSP = re.compile(rb'<meta http-equiv="Content-Security-Policy" content="[^"]*">')
BROKEN_DATE = (
    "content/reports/test-renda/2024.yaml:7:14: 错误 error: disclosure.published: "
    "日期 2025-02-30 不存在 / the date 2025-02-30 does not exist\n"
    "    修改 fix: 核对年、月、日 / check the year, month and day"
)


def in_page(problem: str) -> str:
    """A problem as the problem page lists it: the lines the terminal shows, one item."""
    return "<li>" + "<br>".join(problem.splitlines()) + "</li>"


def under_prefix(site: str = SITE_YAML) -> str:
    return site.replace("base_path: /", f"base_path: {PREFIX}")


def without_script(body: bytes) -> bytes:
    stripped, count = SCRIPT_TAG.subn(b"", body)
    assert count == 1, "a served page should carry exactly one reload script"
    return stripped


def test_serve_previews_rebuilds_shows_problems_and_recovers(
    make_content: MakeContent, tmp_path: Path
) -> None:
    content = make_content(site=under_prefix())
    report = content / "reports" / "test-renda" / "2024.yaml"
    preview = tmp_path / "site-preview"
    with serving(["--content", "content", "--no-search"], cwd=tmp_path) as serve:
        assert serve.url.endswith(PREFIX)
        # The default output is the preview folder, never the site/ the editor uploads.
        assert preview.is_dir() and not (tmp_path / "site").exists()

        page = serve.get(REPORT)
        assert page.status == 200
        on_disk = (preview / REPORT).read_bytes()
        assert without_script(page.body) == on_disk, "only the reload script may be added"
        assert CSP.findall(page.body) == CSP.findall(on_disk) and CSP.search(on_disk)
        assert b"script-src 'self';" in CSP.findall(on_disk)[0], "the CSP forbids inline scripts"
        assert serve.get("static/site.css").status == 200
        assert serve.get("", base=serve.origin + "/").headers["Location"] == PREFIX
        assert serve.get(REPORT, base=serve.origin + "/").status == 404, "outside base_path"
        missing = serve.get("zh/no-such-page.html")
        assert missing.status == 404 and f'<a href="{PREFIX}">' in missing.text
        assert "找不到此页 / Page not found" in missing.text
        templates = (Path(__file__).parent.parent / "templates").resolve()
        assert f"监视 / watching: content, {templates}" in serve.log()
        script = serve.get(f"/livereload/reload.js?epoch={page.epoch}&request=7", base=serve.origin)
        assert script.headers["Content-Type"].startswith("application/javascript")
        assert f"livereload({page.epoch}, 7);" in script.text

        # An edit: rebuilt, and the page says the new text.
        edit(report, REPORT_YAML.replace("加强学习", "加强理论学习"), scratch=tmp_path)
        epoch = serve.rebuilt_after(page.epoch)
        page = serve.get(REPORT)
        assert page.status == 200 and page.epoch == epoch
        assert "加强理论学习" in page.text
        good = tree_bytes(preview)

        # A broken edit: every page gives way to the problems; the good site stays on disk.
        edit(report, REPORT_YAML.replace("2025-01-10", "2025-02-30"), scratch=tmp_path)
        epoch = serve.rebuilt_after(epoch)
        broken = serve.get(REPORT)
        assert broken.status == 500 and broken.epoch == epoch
        assert in_page(BROKEN_DATE) in broken.text
        assert "site-preview 未改动" in broken.text
        assert serve.get("").status == 500, "the home page shows the problems too"
        assert serve.get("static/site.css").status == 200
        assert tree_bytes(preview) == good
        assert BROKEN_DATE in serve.log(), "the terminal says it too"

        # Fixed: the site is back, rebuilt.
        edit(report, REPORT_YAML.replace("加强学习", "加强政治学习"), scratch=tmp_path)
        serve.rebuilt_after(epoch)
        page = serve.get(REPORT)
        assert page.status == 200 and "加强政治学习" in page.text

    # What serve left on disk is what a plain build of the same content writes.
    built = tmp_path / "built"
    result = run_cli("--content", "content", "--out", built, "--no-search", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert tree_bytes(preview) == tree_bytes(built)


def test_serve_rebuilds_when_site_yaml_changes_and_moves_with_base_path(
    make_content: MakeContent, tmp_path: Path
) -> None:
    content = make_content()
    with serving(
        ["--content", content, "--out", tmp_path / "preview", "--no-search"], cwd=tmp_path
    ) as serve:
        assert serve.url == serve.origin + "/"
        epoch = serve.get(REPORT).epoch
        edit(content / "site.yaml", under_prefix().replace("测试站", "测试新站"), scratch=tmp_path)
        serve.rebuilt_after(epoch)
        page = serve.get(REPORT, base=serve.origin + PREFIX)
        assert page.status == 200 and "测试新站" in page.text
        assert f"网址已变为 / the address is now {serve.origin}{PREFIX}" in serve.log()


def test_serve_starts_on_broken_content_and_shows_the_problems(
    make_content: MakeContent, tmp_path: Path
) -> None:
    content = make_content(
        {"test-renda/2024.yaml": REPORT_YAML.replace("2025-01-10", "2025-02-30")}
    )
    with serving(["--content", "content", "--no-search"], cwd=tmp_path) as serve:
        page = serve.get("")
        assert page.status == 500 and in_page(BROKEN_DATE) in page.text
        edit(content / "reports/test-renda/2024.yaml", REPORT_YAML, scratch=tmp_path)
        serve.rebuilt_after(page.epoch)
        assert serve.get(REPORT).status == 200


def test_serve_watches_a_content_folder_go_and_come_back(
    make_content: MakeContent, tmp_path: Path
) -> None:
    """Once gone at a poll of mkdocs' watcher (moved away, or removed to be restored from a
    copy), the folder was watched no more: the preview showed the last site, and never what
    came back, without a word."""
    content = make_content()
    missing = "content/site.yaml:1:1: 错误 error: 找不到文件 / file not found"

    def site_named(name: str, folder: Path = content) -> None:
        edit(folder / "site.yaml", SITE_YAML.replace("测试站", name), scratch=tmp_path)

    with serving(["--content", "content", "--no-search"], cwd=tmp_path) as serve:
        shows(serve, "测试站")
        content.rename(tmp_path / "away")
        shows(serve, missing)
        (tmp_path / "away").rename(content)
        shows(serve, "测试站")
        site_named("测试二站")
        shows(serve, "测试二站")
        copy = Path(shutil.copytree(content, tmp_path / "copy"))
        site_named("测试三站", copy)
        shutil.rmtree(content)
        shows(serve, missing)
        copy.rename(content)
        shows(serve, "测试三站")
        site_named("测试四站")
        shows(serve, "测试四站")


def shows(serve: Serve, text: str) -> None:
    """Wait, build after build, until the report's page (or the problems in its place) shows
    text."""
    deadline = time.monotonic() + 120
    while text not in (page := serve.get(REPORT)).text:
        assert time.monotonic() < deadline, f"never showed {text}:\n{serve.log()}"
        serve.rebuilt_after(page.epoch)


def test_serve_refuses_a_busy_port(make_content: MakeContent, tmp_path: Path) -> None:
    make_content()
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = run_cli("serve", "--no-search", "--port", port, cwd=tmp_path)
    assert result.returncode == 1
    assert f"127.0.0.1:{port}: 错误 error: 无法在端口 {port} 上提供预览：" in result.stderr
    assert "修改 fix: 该端口可能已被占用：用 --port 换一个，例如 --port 8001" in result.stderr


def test_serve_refuses_to_build_over_the_content(make_content: MakeContent, tmp_path: Path) -> None:
    make_content()
    result = run_cli("serve", "--out", "content", "--no-search", cwd=tmp_path)
    assert result.returncode == 1
    assert "content: 错误 error: 输出文件夹 content 包含或就是内容文件夹，拒绝写入" in result.stderr


def test_serve_help_names_the_preview_folder() -> None:
    result = run_cli("serve", "--help", cwd=Path.cwd())
    assert result.returncode == 0
    help_text = " ".join(result.stdout.split())
    assert "(default site-preview, not the site/ you upload)" in help_text


def test_the_preview_looks_for_changes_less_often_where_a_look_takes_long(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """mkdocs' watcher polls, and a look stats every file: at 10,000 reports, looking every
    half second took a quarter of a core for as long as the preview ran. One look over the
    watched folders, timed as the preview starts, sets how often it looks: at most a thirtieth
    of the time; a small site keeps mkdocs' half second."""
    looked: list[str] = []

    class Look:
        def __init__(self, path: str, *, recursive: bool) -> None:
            looked.append(path)

    monkeypatch.setattr(preview, "DirectorySnapshot", Look)
    watched = [tmp_path, pipeline.TEMPLATES]
    for took, every in ((0.001, preview.POLL_EVERY), (0.2, 0.2 * preview.POLL_SHARE)):
        clock = SimpleNamespace(process_time=iter([100.0, 100.0 + took]).__next__)
        monkeypatch.setattr(preview, "time", clock)
        assert preview.poll_every(watched) == pytest.approx(every)
    assert looked == [str(folder) for folder in watched] * 2
    settings = preview.Preview(
        tmp_path, tmp_path / "out", strict=False, search=False, jobs=1, use_cache=True, quiet=True
    )
    server = preview.PreviewServer(settings, "127.0.0.1", 0, 6.0)
    try:
        assert server.observer.timeout == 6.0
    finally:
        server.server_close()
