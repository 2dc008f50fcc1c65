"""Interrupted and concurrent builds, with real processes and signals: Ctrl-C, SIGTERM or
`kill -9` at any stage leave the previous site as it was and no worker running; the next build
removes what the interrupted one left; two builds of one output folder never interleave.

Every wait is for a state (a folder appearing, a process gone), with a deadline, not a sleep."""

from __future__ import annotations

import array
import contextlib
import errno
import fcntl
import gc
import os
import shutil
import signal
import subprocess
import sys
import termios
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from reportsite import cache, pipeline, workers, write
from reportsite.problems import ContentError, format_problem

from .conftest import ROOT, only_reference_counting, tree_bytes

pytestmark = pytest.mark.skipif(
    sys.platform != "linux", reason="process groups, sessions and /proc are Linux's"
)

REPORTS = 40
"""Enough reports for the build to use worker processes (pipeline.PARALLEL_FROM)."""


def wait_for(state: Callable[[], object], what: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while not state():
        if time.monotonic() > deadline:
            pytest.fail(f"waited {seconds} s for {what}")
        time.sleep(0.01)


def session(leader: int) -> list[int]:
    """The processes still alive in the session a build started (its workers, once the build
    itself is gone)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        # After the ")" that ends the command name: state, ppid, pgrp, session, …
        if int(fields[3]) == leader and fields[0] != "Z":
            found.append(int(entry.name))
    return found


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A demo archive and a site built from it."""
    folder = tmp_path_factory.mktemp("interrupt")
    demo = [sys.executable, str(ROOT / "scripts" / "demo_archive.py"), str(folder / "content")]
    subprocess.run([*demo, "--bodies", str(REPORTS // 10), "--years", "2015-2024"], check=True)
    pipeline.build(folder / "content", folder / "built", search=False, use_cache=False)
    return folder / "content", folder / "built"


@pytest.fixture
def site(archive: tuple[Path, Path], tmp_path: Path) -> Iterator[Path]:
    out = tmp_path / "site"
    shutil.copytree(archive[1], out)
    yield out


def start_build(
    content: Path, out: Path, *, cached: bool = False, search: bool = False
) -> subprocess.Popen[str]:
    """`build.py` from cold (unless cached), on two processes, without the search index
    (unless search), as start_command starts it."""
    return start_command(
        *("--content", content, "--out", out.name, "--jobs", "2"),
        *([] if search else ["--no-search"]),
        *([] if cached else ["--no-cache"]),
        cwd=out.parent,
    )


def start_command(*args: str | Path, cwd: Path) -> subprocess.Popen[str]:
    """`build.py` with args in a session of its own, as a terminal would start it."""
    return subprocess.Popen(
        [sys.executable, str(ROOT / "build.py"), *map(str, args)],
        cwd=cwd,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        encoding="utf-8",
        start_new_session=True,
        preexec_fn=_ctrl_c_heard,
    )


def _ctrl_c_heard() -> None:
    """Ctrl-C as a terminal's command has it. Tests run as a background job (`… &` in a
    script) inherit it ignored, and Python then leaves it ignored: the build would finish."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def beside(out: Path, kind: str) -> list[Path]:
    return sorted(out.parent.glob(f".{out.name}.{kind}-*"))


def validating(out: Path) -> bool:
    """Workers are checking reports: whole reports are arriving in the work folder."""
    return any((work / "reports").is_file() for work in beside(out, "work"))


def rendering(out: Path) -> bool:
    """Workers are writing pages into the staging folder."""
    return any((staging / "zh").is_dir() for staging in beside(out, "staging"))


def took_the_spare(out: Path) -> bool:
    """The build has renamed the spare its staging folder (which then carries the marker): a
    moment before, the staging folder's name is taken by an empty folder, and a build stopped
    there leaves it beside the spare (the next build removes it)."""
    return any((staging / write.MARKER).is_file() for staging in beside(out, "staging"))


def indexing(out: Path) -> bool:
    """Pagefind is indexing: its runs have begun writing the shards' Chinese indexes."""
    return any(any((staging / "pagefind" / "zh").glob("*")) for staging in beside(out, "staging"))


STAGES = {"validate": validating, "render": rendering, "index": indexing}


@pytest.mark.parametrize("stage", STAGES)
@pytest.mark.parametrize(
    ("how", "code"),
    [
        (lambda p: os.killpg(p.pid, signal.SIGINT), 130),  # Ctrl-C: the terminal's whole group
        (lambda p: p.send_signal(signal.SIGTERM), 128 + signal.SIGTERM),
        # `timeout`, `kill -TERM -<group>`, a service manager: the workers are sent it too.
        (lambda p: os.killpg(p.pid, signal.SIGTERM), 128 + signal.SIGTERM),
    ],
    ids=["ctrl-c", "sigterm", "sigterm-to-the-group"],
)
def test_an_interrupted_build_cleans_up_and_keeps_the_site(
    archive: tuple[Path, Path],
    site: Path,
    stage: str,
    how: Callable[[subprocess.Popen[str]], None],
    code: int,
) -> None:
    before = tree_bytes(site)
    build = start_build(archive[0], site, search=stage == "index")
    wait_for(lambda: STAGES[stage](site) or build.poll() is not None, f"the {stage} stage")
    assert build.poll() is None, "the build ended before it could be interrupted"
    how(build)
    _, stderr = build.communicate(timeout=60)
    assert build.returncode == code, stderr
    assert stderr.endswith(
        "错误 error: 生成被中断，site 未改动 / the build was interrupted; site was not changed\n"
    ), stderr
    assert "Traceback" not in stderr
    assert tree_bytes(site) == before
    assert sorted(p.name for p in site.parent.iterdir()) == [".site.lock", "site"]
    wait_for(lambda: not session(build.pid), "the workers to end", 10)


@pytest.mark.parametrize("stage", STAGES)
def test_after_kill_9_no_worker_runs_on_and_the_next_build_cleans_up(
    archive: tuple[Path, Path], site: Path, stage: str
) -> None:
    before = tree_bytes(site)
    build = start_build(archive[0], site, search=stage == "index")
    wait_for(lambda: STAGES[stage](site) or build.poll() is not None, f"the {stage} stage")
    assert build.poll() is None, "the build ended before it could be killed"
    assert len(session(build.pid)) > 1, "no workers to outlive the build"
    build.kill()
    build.communicate(timeout=60)
    # No handler runs on SIGKILL: the kernel ends the workers (PR_SET_PDEATHSIG).
    wait_for(lambda: not session(build.pid), "the workers to end", 10)
    assert tree_bytes(site) == before
    left = beside(site, "work") + beside(site, "staging")
    assert left, "kill -9 left nothing behind: the test did not interrupt a build"
    # Something that is not a build's own is never removed, whatever its name.
    foreign = site.parent / ".site.staging-notes"
    foreign.mkdir()
    (foreign / "notes.txt").write_text("mine")
    done = start_build(archive[0], site)
    _, stderr = done.communicate(timeout=300)
    assert done.returncode == 0, stderr
    assert sorted(p.name for p in site.parent.iterdir()) == [
        ".site.lock",
        ".site.staging-notes",
        "site",
    ]
    assert (foreign / "notes.txt").read_text() == "mine"


@pytest.fixture
def holder(tmp_path: Path) -> Iterator[subprocess.Popen[str]]:
    """Another process holding the lock of tmp_path/site until its input is closed."""
    script = (
        "import sys\n"
        "from pathlib import Path\n"
        "from reportsite import write\n"
        "with write.locked(Path(sys.argv[1])):\n"
        "    print('held', flush=True)\n"
        "    sys.stdin.read()\n"
    )
    with subprocess.Popen(
        [sys.executable, "-c", script, str(tmp_path / "site")],
        cwd=ROOT,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    ) as process:
        assert process.stdout is not None
        assert process.stdout.readline() == "held\n"
        yield process
        process.kill()


def test_a_build_refuses_an_output_another_build_holds(
    holder: subprocess.Popen[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(write, "LOCK_WAIT", 0.2)
    monkeypatch.chdir(tmp_path)
    with pytest.raises(ContentError) as caught:
        pipeline.build(ROOT / "content", Path("site"), search=False)
    [problem] = caught.value.problems
    assert format_problem(problem) == (
        "site: 错误 error: 另一个生成正在写入 site（等待了 0.2 秒） / "
        "another build is writing site (waited 0.2 s)\n"
        "    修改 fix: 等它结束后再运行（同时只能有一个生成写同一个输出文件夹） / "
        "run again when it has finished (one build at a time may write an output folder)"
    )
    assert not (tmp_path / "site").exists()


def open_files(pid: int) -> set[str]:
    """What the process has open: a starting Python opens and closes files all the time, so
    a descriptor listed may be gone by the time it is read."""
    found = set()
    for fd in Path(f"/proc/{pid}/fd").iterdir():
        with contextlib.suppress(FileNotFoundError):
            found.add(os.readlink(fd))
    return found


def test_a_second_build_waits_for_the_first(holder: subprocess.Popen[str], tmp_path: Path) -> None:
    out = tmp_path / "site"
    build = start_build(ROOT / "content", out)
    lock = (tmp_path / ".site.lock").resolve()

    def waiting() -> bool:
        return str(lock) in open_files(build.pid)

    wait_for(waiting, "the build to open the lock")
    assert build.poll() is None and not beside(out, "work"), "it went on without the lock"
    assert holder.stdin is not None
    holder.stdin.close()  # the first build ends
    _, stderr = build.communicate(timeout=120)
    assert build.returncode == 0, stderr
    assert (out / "index.html").is_file()


@pytest.mark.parametrize("number", [signal.SIGINT, signal.SIGTERM], ids=["ctrl-c", "sigterm"])
def test_an_editor_command_interrupted_says_so(number: int, tmp_path: Path) -> None:
    """Each of the editor's commands once ended in a traceback, Ctrl-C or SIGTERM alike."""
    out = tmp_path / "2024.yaml"
    command = start_command(
        "import", "-", "--series", "s", "--year", "2024", "--out", out, cwd=tmp_path
    )

    assert command.stdin is not None
    command.stdin.write("各位代表：\n")  # pasted, and the command waits for the rest
    command.stdin.flush()

    def read() -> bool:
        assert command.stdin is not None
        unread = array.array("i", [0])
        fcntl.ioctl(command.stdin.fileno(), termios.FIONREAD, unread)
        return unread[0] == 0

    wait_for(read, "the command to read what is pasted")
    command.send_signal(number)
    stdout, stderr = command.communicate(timeout=60)
    assert (command.returncode, stdout, stderr) == (
        128 + number,
        "",
        "import: 错误 error: 已中断，命令没有做完：它写的每个文件要么完整写入，要么保持原样 / "
        "interrupted before the command finished: each file it writes is written whole or "
        "left as it was\n",
    )
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("number", [signal.SIGINT, signal.SIGTERM], ids=["ctrl-c", "sigterm"])
def test_a_preview_stopped_in_its_first_build_stops_as_it_does_later(
    holder: subprocess.Popen[str], number: int, tmp_path: Path
) -> None:
    """The first build of a large archive takes seconds: Ctrl-C in them ended in a traceback."""
    out = tmp_path / "site"
    preview = start_command(
        "serve", "--content", ROOT / "content", "--out", out.name, "--port", "0", cwd=tmp_path
    )
    lock = (tmp_path / ".site.lock").resolve()
    wait_for(lambda: str(lock) in open_files(preview.pid), "the first build to wait for the lock")
    preview.send_signal(number)
    stdout, stderr = preview.communicate(timeout=60)
    assert (preview.returncode, stdout, stderr) == (0, "已停止预览 / preview stopped\n", "")
    assert not out.exists()


@pytest.mark.parametrize(
    "how",
    [
        lambda p: os.killpg(p.pid, signal.SIGINT),
        lambda p: os.killpg(p.pid, signal.SIGTERM),
        lambda p: p.kill(),
    ],
    ids=["ctrl-c", "sigterm-to-the-group", "kill-9"],
)
def test_a_build_interrupted_while_it_reuses_the_spare_keeps_the_site(
    archive: tuple[Path, Path], site: Path, how: Callable[[subprocess.Popen[str]], None]
) -> None:
    """The spare (the site the last swap replaced) shares most files with the site, as links:
    a build making its staging folder of it must never write into one of them."""
    pipeline.build(archive[0], site, search=False)
    assert beside(site, "spare")
    # Without its cache the next build makes every page again, into the spare.
    cache.path_for(site).unlink()
    before = tree_bytes(site)
    build = start_build(archive[0], site, cached=True)
    wait_for(lambda: took_the_spare(site) or build.poll() is not None, "the spare taken")
    assert build.poll() is None, "the build ended before it could be interrupted"
    how(build)
    build.communicate(timeout=60)
    wait_for(lambda: not session(build.pid), "the workers to end", 10)
    assert tree_bytes(site) == before
    # The spare it began, given back (or left behind by kill -9): the next build starts from
    # it, so the folder becomes the next site rather than being removed and made again.
    [left] = beside(site, "staging") + beside(site, "spare")
    folder = os.open(left, os.O_RDONLY)  # held open: were it removed, its number stays taken
    try:
        done = start_build(archive[0], site, cached=True)
        _, stderr = done.communicate(timeout=300)
        assert done.returncode == 0, stderr
        assert tree_bytes(site) == before
        assert site.stat().st_ino == os.fstat(folder).st_ino
    finally:
        os.close(folder)
    assert [p.name.rsplit("-", 1)[0] for p in sorted(site.parent.iterdir())] == [
        ".site.cache",
        ".site.cache.d",
        ".site.lock",
        ".site.spare",
        "site",
    ]


WORKERS_SENT_SIGNALS = """
import os, signal, sys
from reportsite import workers

def end_here(number):
    if number == 5:
        os.kill(os.getpid(), signal.SIGKILL)
    return number

with workers.Ahead(2) as ahead:
    worker = ahead.run(os.getpid)()
    # As when the whole group is sent it: ignored, the build ends its workers.
    os.kill(worker, signal.SIGTERM)
    assert ahead.run(os.getpid)() == worker
    if sys.argv[1] == "kill-9":
        os.kill(os.getpid(), signal.SIGKILL)
    with workers.Pool(2) as pool:
        try:
            list(pool.imap_unordered(end_here, range(10)))
        except workers.WorkerEnded as error:
            print(error)
print("ended")
"""


@pytest.mark.parametrize("then", ["end", "kill-9"])
def test_workers_outlast_sigterm_and_a_worker_killed_is_an_error_not_a_wait(then: str) -> None:
    """SIGTERM to the whole group reaches the workers: they leave ending to the build (with
    multiprocessing's pool, one killed while it waited for work kept a lock ending the pool
    needed, and the build waited for ever). A worker killed from outside (out of memory) is
    reported at once; workers die with the build."""
    script = subprocess.Popen(
        [sys.executable, "-c", WORKERS_SENT_SIGNALS, then],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    try:
        stdout, _ = script.communicate(timeout=60)
    finally:
        script.kill()
    assert stdout == ("a worker process ended (exit code -9)\nended\n" if then == "end" else "")
    wait_for(lambda: not session(script.pid), "the workers to end", 10)


INTERRUPT_AS_THE_INDEXER_STARTS = """
import os, signal, subprocess, sys
from reportsite import workers

number = int(sys.argv[1])
# Both raise, as in the command line (a test run in the background inherits Ctrl-C ignored).
signal.signal(signal.SIGINT, signal.default_int_handler)
signal.signal(signal.SIGTERM, signal.default_int_handler)
# Sent in the child right after the fork, where Python still runs (its after-fork hooks).
os.register_at_fork(after_in_child=lambda: os.kill(os.getpid(), number))
process = workers.spawn(["sleep", "30"], stderr=subprocess.PIPE)
_, errors = process.communicate(timeout=30)
print(process.returncode, errors.decode(), sep="")
"""


def run_script(script: str, number: int) -> tuple[int, str, str]:
    """What a script (`python -c`, in the project) given a signal's number exits with, prints
    and prints as errors."""
    done = subprocess.run(
        [sys.executable, "-c", script, str(number)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    return done.returncode, done.stdout, done.stderr


@pytest.mark.parametrize("number", workers.INTERRUPTS, ids=lambda n: signal.Signals(n).name)
def test_an_interrupt_as_the_indexer_starts_ends_it_quietly(number: int) -> None:
    """Ctrl-C or SIGTERM to the group reaching the indexer (workers.spawn) between its fork and
    its exec: it ends by that signal, as it would have once running, with no traceback."""
    assert run_script(INTERRUPT_AS_THE_INDEXER_STARTS, number) == (0, f"{-number}\n", "")


INTERRUPT_AS_A_THREAD_STARTS = """
import os, signal, sys, threading
from reportsite import workers

number = int(sys.argv[1])
signal.signal(number, workers.interrupt)
thread = threading.Thread(target=lambda: None)
try:
    with workers.interrupts_deferred():
        # As if it came while Thread.start waited for the new thread to begin.
        os.kill(os.getpid(), number)
        thread.start()
except workers.Interrupted as interrupted:
    thread.join()
    print(signal.Signals(interrupted.signal).name, "once the thread had begun")
"""


@pytest.mark.parametrize("number", workers.INTERRUPTS, ids=lambda n: signal.Signals(n).name)
def test_an_interrupt_as_a_thread_starts_is_raised_once_it_has_begun(number: int) -> None:
    """Ctrl-C or SIGTERM arriving while a thread of the build's is being started (each run of
    Pagefind has one waiting for it) is raised once the thread has begun (interrupts_deferred),
    so the build's cleaning up can join it: raised before, it ended the build with "cannot join
    thread before it is started" instead of as interrupted."""
    name = signal.Signals(number).name
    assert run_script(INTERRUPT_AS_A_THREAD_STARTS, number) == (
        0,
        f"{name} once the thread had begun\n",
        "",
    )


def test_work_given_to_a_worker_killed_since_is_an_error_that_says_so() -> None:
    """Killed between two chunks of work (the out-of-memory killer), a worker is reported as
    ended when the next chunk is handed to it, not as a broken pipe."""
    with workers.Pool(1) as pool:
        worker = pool._workers[0].process
        os.kill(worker.pid or 0, signal.SIGKILL)
        worker.join()
        with pytest.raises(workers.WorkerEnded, match="exit code -9"):
            list(pool.imap_unordered(abs, [-1, -2]))


def test_a_worker_ended_with_its_block_is_freed_as_it_ends() -> None:
    """What a worker doing work ahead handed back goes with it when its block ends, not when
    the cycle collector next comes by: `serve` kept each rebuild's look at the site (18 MiB at
    10,000 reports) until then."""
    with only_reference_counting():
        before = {id(o) for o in gc.get_objects() if isinstance(o, workers._Worker)}
        with workers.Ahead(2) as ahead:
            result = ahead.run(sorted, "cab")
            assert result() == ["a", "b", "c"]
        del result  # the one way back to the worker besides its block
        alive = [o for o in gc.get_objects() if isinstance(o, workers._Worker)]
    assert [o for o in alive if id(o) not in before] == []


def _once_there(path: str) -> bool:
    """In a worker: wait (a minute at most) for the file to be made."""
    deadline = time.monotonic() + 60
    while not os.path.exists(path):
        if time.monotonic() > deadline:
            return False
        time.sleep(0.01)
    return True


@pytest.mark.parametrize("most", [1, 2])
def test_work_ahead_goes_to_a_worker_not_busy_while_there_may_be_more(
    most: int, tmp_path: Path
) -> None:
    """Work given while the one worker is busy with other work goes to a second (the build's
    two looks at what the last one left, in `serve`), unless one is the most; work given when
    a worker is free goes to it, not to a new one."""
    told = tmp_path / "told"
    with workers.Ahead(2, most=most) as ahead:
        first = ahead.run(os.getpid)()
        waiting = ahead.run(_once_there, str(told))
        other = ahead.run(os.getpid)
        if most == 2:
            assert other() != first  # handed back while the first worker is still waiting
        told.touch()
        assert waiting() is True
        assert ahead.run(os.getpid)() == first
        assert other() == first if most == 1 else other() != first


def test_work_with_megabytes_of_arguments_is_handed_to_a_busy_worker_without_waiting(
    tmp_path: Path,
) -> None:
    """A pipe holds a megabyte at most (64 KiB before workers._enlarge): the spare's file names
    given to the worker still looking over the site held the build up until it was done."""
    told = tmp_path / "told"
    names = "\0".join(["zh/test-renda/2023/index.html"] * 200_000)
    with workers.Ahead(2) as ahead:
        waiting = ahead.run(_once_there, str(told))
        counted = ahead.run(len, names)
        told.touch()  # only once the names were handed over, if handing them over waited
        assert waiting() is True
        assert counted() == len(names)


@pytest.mark.skipif(sys.platform != "linux", reason="Linux alone lets a pipe hold more")
def test_a_workers_pipes_hold_a_megabyte_where_linux_lets_them() -> None:
    """Megabytes handed over 64 KiB at a time (the most a pipe holds unless enlarged) went at
    the pace of whichever side was busy with other work."""
    import fcntl

    # What the kernel grants now: beyond pipe-max-size, or once this user's pipes pass their
    # share (pipe-user-pages-soft), it refuses, and a new pipe may even hold less than 64 KiB.
    read_end, write_end = os.pipe()
    try:
        with contextlib.suppress(OSError):
            fcntl.fcntl(write_end, fcntl.F_SETPIPE_SZ, workers.PIPE_SIZE)
        granted = fcntl.fcntl(write_end, fcntl.F_GETPIPE_SZ)
    finally:
        os.close(read_end)
        os.close(write_end)
    with workers.Pool(1) as pool:
        worker = pool._workers[0]
        held = [
            fcntl.fcntl(end.fileno(), fcntl.F_GETPIPE_SZ) for end in (worker.work, worker.results)
        ]
    assert held == [granted] * 2


def test_work_that_cannot_be_handed_to_a_worker_is_an_error_when_its_result_is_asked_for() -> None:
    with workers.Ahead(2) as ahead:
        result = ahead.run(len, threading.Lock())
        with pytest.raises(TypeError, match="cannot pickle"):
            result()
        assert ahead.run(abs, -1)() == 1


def test_a_worker_killed_during_a_build_is_reported_and_the_site_kept(
    archive: tuple[Path, Path], site: Path
) -> None:
    """As the out-of-memory killer would: the build ends at once with a message, not a wait."""
    before = tree_bytes(site)
    build = start_build(archive[0], site)
    wait_for(lambda: rendering(site) or build.poll() is not None, "the render stage")
    workers = [pid for pid in session(build.pid) if pid != build.pid]
    assert build.poll() is None and workers, "no worker to kill"
    for worker in workers:
        os.kill(worker, signal.SIGKILL)
    _, stderr = build.communicate(timeout=60)
    assert build.returncode == 1, stderr
    assert stderr == (
        "site: 错误 error: 一个工作进程意外结束（退出码 -9），site 未改动 / "
        "a worker process ended unexpectedly (exit code -9); site was not changed\n"
        "    修改 fix: 退出码 -9 多是内存不足：用 --jobs 1 少开进程，或腾出内存后再运行 / "
        "exit code -9 is most often memory running out: run again with fewer processes "
        "(--jobs 1) or more free memory\n"
    )
    assert tree_bytes(site) == before
    wait_for(lambda: not session(build.pid), "the workers to end", 10)


def build_in_script(
    script: str, moment: str, content: Path, out: Path, *options: str
) -> subprocess.CompletedProcess[str]:
    """A build without search through the command line, run by a script (`python -c`) that
    first changes the build as `moment` (its first argument) says."""
    return subprocess.run(
        [sys.executable, "-c", script, moment, "build", "--content", str(content)]
        + ["--out", out.name, "--no-search", *options],
        cwd=out.parent,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=300,
        check=False,
    )


LATE_SIGTERM = """
import contextlib, os, signal, sys
from reportsite import cache, cli, write

def signalled(function):
    def wrapped(*args, **kwargs):
        result = function(*args, **kwargs)
        os.kill(os.getpid(), signal.SIGTERM)
        return result
    return wrapped

if sys.argv[1] == "between-the-renames":
    # Where folders cannot be exchanged in one step: the old site has stepped aside (renamed
    # to a spare), the new one is not yet in place.
    write._exchange = lambda first, second: False
    real = os.replace
    def replace(source, target):
        real(source, target)
        if os.path.basename(source) == "site":
            os.kill(os.getpid(), signal.SIGTERM)
    write.os.replace = replace
elif sys.argv[1] == "saving-the-cache":
    cache.save = signalled(cache.save)
elif sys.argv[1] == "reporting":
    cli.report_built = signalled(cli.report_built)
else:
    # The moment interrupts are no longer held back, the build reported.
    held = write.interrupts_held
    @contextlib.contextmanager
    def then_signalled():
        with held() as came:
            yield came
        os.kill(os.getpid(), signal.SIGTERM)
    write.interrupts_held = then_signalled
sys.exit(cli.main(sys.argv[2:]))
"""


@pytest.mark.parametrize(
    "moment", ["between-the-renames", "saving-the-cache", "reporting", "once-it-is-over"]
)
def test_sigterm_once_the_site_is_being_put_in_place_finishes_the_build(
    archive: tuple[Path, Path], site: Path, moment: str
) -> None:
    """Stopped there, a build left no site (between the renames) or said the site was not
    changed when it was (once renamed, and until it ended): now it finishes and says so."""
    (site / "index.html").write_text("stale", encoding="utf-8")  # made again, so renamed
    done = build_in_script(LATE_SIGTERM, moment, archive[0], site, "--jobs", "2")
    assert done.returncode == 128 + signal.SIGTERM, done.stderr
    assert done.stdout.startswith("已生成 "), done.stdout
    assert done.stderr == (
        "site: 警告 warning: 生成已完成后才中断：site 已是新生成的网站 / "
        "the build was interrupted once it had finished: site is the new site\n"
    )
    assert tree_bytes(site) == tree_bytes(archive[1])


LOST_SIGTERM = """
import signal, sys, weakref
from reportsite import cli, pipeline, workers

def lost():
    # SIGTERM as it comes while a thread object goes (the search's, as a run ends): the
    # handler runs in its weak reference's callback, where Python cannot raise its exception.
    class Going:
        pass
    going = Going()
    reference = weakref.ref(going, lambda _: signal.raise_signal(signal.SIGTERM))
    del going

rendered = pipeline._Run.render_and_write
def render_and_write(*args, **kwargs):
    rendered(*args, **kwargs)
    lost()
    if sys.argv[1] == "with-its-workers":
        raise workers.WorkerEnded(-signal.SIGTERM)  # sent it too, as to a process group
pipeline._Run.render_and_write = render_and_write
sys.exit(cli.main(sys.argv[2:]))
"""


@pytest.mark.parametrize("to", ["alone", "with-its-workers"])
def test_an_interrupt_python_could_not_raise_still_stops_the_build(
    archive: tuple[Path, Path], site: Path, to: str
) -> None:
    """Raised inside a callback of the collector's, the handler's exception was printed as
    ignored: sent alone, the build went on and put its site in place; sent to the whole group,
    it ended with whatever failed next (a worker ended, Pagefind's run), not as interrupted."""
    before = tree_bytes(site)
    done = build_in_script(LOST_SIGTERM, to, archive[0], site, "--no-cache", "--jobs", "2")
    assert done.returncode == 128 + signal.SIGTERM, done.stderr
    assert done.stderr == (
        "site: 错误 error: 生成被中断，site 未改动 / "
        "the build was interrupted; site was not changed\n"
    )
    assert tree_bytes(site) == before
    assert sorted(p.name for p in site.parent.iterdir()) == [".site.lock", "site"]


EARLY_CTRL_C = """
import runpy, sys
class Interrupting:
    def find_spec(self, name, path=None, target=None):
        if name == "reportsite.pipeline":
            raise KeyboardInterrupt
sys.meta_path.insert(0, Interrupting())
sys.argv = sys.argv[1:]
if sys.argv[0].endswith(".py"):
    runpy.run_path(sys.argv[0], run_name="__main__")
else:
    runpy.run_module(sys.argv[0], run_name="__main__", alter_sys=True)
"""
"""Ctrl-C at the moment Python imports the command line's modules, before it begins."""


@pytest.mark.parametrize(
    "entry", [str(ROOT / "build.py"), "reportsite"], ids=["build.py", "python -m reportsite"]
)
def test_ctrl_c_while_the_modules_load_ends_quietly(entry: str, tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-c", EARLY_CTRL_C, entry, "--out", str(tmp_path / "site")],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=60,
        check=False,
    )
    assert (done.returncode, done.stdout, done.stderr) == (130, "", "")
    assert not any(tmp_path.iterdir())


def test_two_folders_are_exchanged_in_one_step(tmp_path: Path) -> None:
    """How a build puts its site in place: no moment without one, even for `kill -9`."""
    (tmp_path / "staged").mkdir()
    (tmp_path / "staged" / "new.txt").write_text("new")
    (tmp_path / "site").mkdir()
    (tmp_path / "site" / "old.txt").write_text("old")
    if not write._exchange(tmp_path / "staged", tmp_path / "site"):
        pytest.skip("this file system cannot exchange two folders (the build renames twice)")
    assert [p.name for p in (tmp_path / "site").iterdir()] == ["new.txt"]
    assert [p.name for p in (tmp_path / "staged").iterdir()] == ["old.txt"]


@pytest.mark.parametrize("exchange", [True, False], ids=["one-step", "two-renames"])
def test_a_site_put_in_place_either_way_is_the_same(
    archive: tuple[Path, Path], site: Path, exchange: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    if not exchange:
        monkeypatch.setattr(write, "_exchange", lambda first, second: False)
    pipeline.build(archive[0], site, search=False)
    (site / "index.html").write_text("stale", encoding="utf-8")  # the cache's brief: not as left
    pipeline.build(archive[0], site, search=False)
    assert tree_bytes(site) == tree_bytes(archive[1])
    assert [p.name.rsplit("-", 1)[0] for p in sorted(site.parent.iterdir())] == [
        ".site.cache",
        ".site.cache.d",
        ".site.lock",
        ".site.spare",
        "site",
    ]


def test_once_the_site_is_in_place_a_spare_that_cannot_be_kept_is_no_failure(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The old site, exchanged for the new, cannot take the spare's name (a full disk): the
    new site stays, the old goes, and the build has not failed."""
    for name, text in (("staged", "new"), ("site", "old")):
        (tmp_path / name).mkdir()
        (tmp_path / name / f"{text}.txt").write_text(text)
    if not write._exchange(tmp_path / "staged", tmp_path / "site"):
        pytest.skip("this file system cannot exchange two folders (the build renames twice)")
    write._exchange(tmp_path / "staged", tmp_path / "site")  # back as they were

    def full(out: Path, kind: str) -> Path:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(out.parent))

    monkeypatch.setattr(write, "_fresh_name", full)
    write._swap(tmp_path / "staged", tmp_path / "site", keep=True)
    assert [p.name for p in tmp_path.iterdir()] == ["site"]
    assert [p.name for p in (tmp_path / "site").iterdir()] == ["new.txt"]


def test_a_removal_stopped_halfway_leaves_a_folder_the_next_build_removes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What an old site, a staging or a spare folder holds goes before its marker: Ctrl-C or
    `kill -9` in the middle of removing it leaves it marked, and so the next build's to remove,
    never a folder without its marker, which no build may touch."""
    folder = tmp_path / ".site.old-halfway"
    for number in range(30):
        (folder / "zh" / f"s{number}").mkdir(parents=True)
        (folder / "zh" / f"s{number}" / "index.html").write_text("page")
        (folder / f"{number}.html").write_text("page")
    (folder / write.MARKER).write_text("built")  # made last: some file systems list it first
    removed: list[str] = []
    unlink = os.unlink

    def noted(path: str, *args: Any, **kwargs: Any) -> None:
        removed.append(os.path.basename(path))
        unlink(path, *args, **kwargs)

    monkeypatch.setattr(os, "unlink", noted)
    write.remove_tree(folder)
    assert not folder.exists()
    assert removed[-1] == write.MARKER.name
