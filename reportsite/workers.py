"""Worker processes that never outlive the build, and that the build never waits for in vain.

Workers are forked, so they share what the parent holds (the outlines, compiled templates)
without copying it. Each one dies with its parent, however the parent ends — even by
`kill -9`, which no handler sees: on Linux the kernel is asked to kill it (PR_SET_PDEATHSIG),
elsewhere a thread watches for the parent to go. Ctrl-C and SIGTERM sent to the whole process
group (a terminal, `timeout`, a service manager) reach the workers too; they ignore both and
let the parent stop them, so an interrupt is reported once, not once per worker.

Each worker has two pipes of its own, work in and results out, which only the parent uses.
multiprocessing's Pool shares one queue and its lock among all workers, and a worker killed
while it held that lock (waiting for work, it holds it) or halfway through handing a result
back left the pool unable to end: a build sent SIGTERM with its workers waited for ever. Here
a worker shares nothing, is ended outright (SIGKILL), and one that dies of itself (the
out-of-memory killer) is an error the build reports at once: its results pipe ends.
"""

from __future__ import annotations

import contextlib
import ctypes
import functools
import multiprocessing
import os
import pickle
import signal
import subprocess
import sys
import threading
import time
import traceback
from collections.abc import Callable, Iterator, Sequence
from multiprocessing.connection import Connection, wait
from multiprocessing.process import BaseProcess
from types import TracebackType
from typing import Any, Self, TypeVar

_PR_SET_PDEATHSIG = 1

A = TypeVar("A")
B = TypeVar("B")
T = TypeVar("T")


def available(jobs: int) -> bool:
    """Whether `jobs` worker processes can be had (fork is what lets them share memory)."""
    return jobs > 1 and "fork" in multiprocessing.get_all_start_methods()


INTERRUPTS = (signal.SIGINT, signal.SIGTERM)
"""What stops a build: Ctrl-C, and SIGTERM (`timeout`, a service manager)."""


class Interrupted(KeyboardInterrupt):
    """Ctrl-C or SIGTERM, as `interrupt` raises it: the build stops, cleans up, and the site
    is unchanged."""

    def __init__(self, number: int) -> None:
        super().__init__(number)
        self.signal = number


heard: list[int] = []
"""The interrupts `interrupt` raised in this process, as they came (cli.py empties it as a
command starts)."""


def interrupt(number: int, frame: object) -> None:
    """The handler of Ctrl-C and SIGTERM while a build or a check runs (cli.py): Interrupted,
    noted in `heard` as it is raised. Python runs a handler between any two steps of the main
    thread, and one that raises inside a callback of the collector's (a thread object's weak
    reference going, as the search's threads end) loses the exception: Python prints it as
    ignored and goes on. Sent to the whole group, the build then failed as Pagefind's run, ended
    by the same signal, did ("exit status -15"); sent to the build alone, it went on to put its
    site in place. Noted, it is raised again before the site is put in place
    (write.interrupts_held), and a failure that follows it is told as the interrupt it is."""
    heard.append(number)
    raise Interrupted(number)


@contextlib.contextmanager
def interrupts_deferred() -> Iterator[None]:
    """Ctrl-C and SIGTERM blocked in the block, and one that came meanwhile raised as it ends,
    so that what the block starts is recorded and under way before the interrupt stops it:
    worker processes (Pool), the indexer (spawn), the build's threads. One arriving inside
    Thread.start, while it waited for the new thread to begin (long, on a busy machine), left
    a thread that the cleaning up could not join ("cannot join thread before it is started"):
    an interrupted build failed with that error and a traceback instead (seen once in four runs
    of the interrupt tests on two busy cores). A thread started in the block keeps them
    blocked, which does no harm: Python handles signals in the main thread alone. Windows has
    no signal mask, and there the block runs as it is."""
    if sys.platform == "win32":
        yield
        return
    held = signal.pthread_sigmask(signal.SIG_BLOCK, INTERRUPTS)
    try:
        yield
    finally:
        # Unblocked, a signal that came meanwhile is handled here: an interrupt raises.
        signal.pthread_sigmask(signal.SIG_SETMASK, held)


class WorkerEnded(RuntimeError):
    """A worker process ended while it had work: killed from outside, or out of memory."""

    def __init__(self, code: int | None) -> None:
        super().__init__(f"a worker process ended (exit code {code})")
        self.code = code


class _Closing:
    """Use it in a `with` block, which closes it however the block exits."""

    def close(self) -> None:
        raise NotImplementedError

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()


class Pool(_Closing):
    """Forked workers that apply a function to chunks of arguments. Use it in a `with` block,
    which ends them however it exits."""

    def __init__(self, jobs: int) -> None:
        """An interrupt while the workers are being made waits until they are, then ends them.
        Arriving halfway, it left a worker that nothing ended."""
        self._workers: list[_Worker] = []
        try:
            with interrupts_deferred():
                context = multiprocessing.get_context("fork")
                for _ in range(jobs):
                    work_out, work_in = context.Pipe(duplex=False)
                    results_out, results_in = context.Pipe(duplex=False)
                    _enlarge(work_in)
                    _enlarge(results_in)
                    process = context.Process(
                        target=_serve, args=(work_out, results_in, os.getpid()), daemon=True
                    )
                    process.start()
                    # Only the worker holds its ends now: its results pipe ends when it does.
                    work_out.close()
                    results_in.close()
                    self._workers.append(_Worker(process, work_in, results_out))
        except BaseException:
            self.close()
            raise

    def imap_unordered(
        self, function: Callable[[A], B], arguments: Sequence[A], chunk: int = 1
    ) -> Iterator[B]:
        """function(argument) for each argument, as each chunk of them is done."""
        for _, results in self._chunks(function, arguments, chunk):
            yield from results

    def map(
        self, function: Callable[[A], B], arguments: Sequence[A], chunk: int = 1
    ) -> Iterator[B]:
        """function(argument) for each argument, in their order, each as soon as it and those
        before it are done: a caller can tell its progress as it goes, and need not hold every
        result at once."""
        done: dict[int, list[B]] = {}
        following = 0
        for number, results in self._chunks(function, arguments, chunk):
            done[number] = results
            while following in done:
                yield from done.pop(following)
                following += 1

    def _chunks(
        self, function: Callable[[A], B], arguments: Sequence[A], chunk: int
    ) -> Iterator[tuple[int, list[B]]]:
        # One chunk at a time a worker, the next sent as soon as it hands the last back: a
        # chunk sent to a busy worker could fill its pipe while it fills ours with results.
        waiting = [
            (start // chunk, arguments[start : start + chunk])
            for start in range(0, len(arguments), chunk)
        ]
        waiting.reverse()
        busy: dict[Connection, _Worker] = {}

        def give(worker: _Worker) -> None:
            if waiting:
                worker.send((function, waiting.pop()))
                busy[worker.results] = worker

        for worker in self._workers:
            give(worker)
        while busy:
            for ready in wait(list(busy)):
                assert isinstance(ready, Connection)
                worker = busy.pop(ready)
                number, results, error = worker.result()
                if error is not None:
                    raise error
                assert results is not None
                give(worker)
                yield number, results

    def submit(self, function: Callable[..., T], *args: Any) -> Callable[[], T]:
        """Start function(*args) on the first worker; the returned function gives its result
        (or raises its error)."""
        worker = self._workers[0]
        number = worker.given
        worker.given += 1
        worker.send_later((_called, (number, [(function, args)])))
        if worker.reader is None:
            # Results taken as they come, not when asked for: one left in the pipe (it holds
            # PIPE_SIZE at most) would hold the worker up, and all the work given it after.
            reader = threading.Thread(target=worker.take_results, daemon=True)
            with interrupts_deferred():
                worker.reader = reader
                reader.start()

        def result() -> T:
            with worker.arrived:
                worker.arrived.wait_for(lambda: number in worker.kept or worker.ended)
                if number not in worker.kept:
                    assert worker.ended is not None
                    raise worker.ended
                value, error = worker.kept[number]
            if error is not None:
                raise error
            made: T = value
            return made

        return result

    def idle(self) -> bool:
        """Whether every worker has handed back all the work submitted to it."""
        return all(worker.idle() for worker in self._workers)

    def close(self) -> None:
        """End every worker, whatever it was doing."""
        for worker in self._workers:
            worker.process.kill()
        for worker in self._workers:
            worker.process.join()
            for thread in (worker.reader, worker.sender):
                if thread is not None:
                    thread.join()  # its pipe has ended: before it is closed under it
            worker.work.close()
            worker.results.close()
        self._workers = []


PIPE_SIZE = 1 << 20
"""What a worker's pipes hold on Linux (64 KiB unless enlarged; 1 MiB is as large as a process
without privileges may make one by default: /proc/sys/fs/pipe-max-size)."""


def _enlarge(pipe: Connection) -> None:
    """Let the pipe hold PIPE_SIZE, where it can. Megabytes handed over 64 KiB at a time went
    at the pace of the side busy with other work: its thread that reads or writes them waits
    for the interpreter's lock after each piece (after an edit at 10,000 reports, the spare's
    known files took 0.03–0.07 s to reach the worker that lists it, now 0.005)."""
    if sys.platform != "linux":
        return
    import fcntl  # here: Windows has no such module

    # Refused beyond the user's share of pipe memory: the pipe stays as it was, only slower.
    with contextlib.suppress(OSError):
        fcntl.fcntl(pipe.fileno(), fcntl.F_SETPIPE_SZ, PIPE_SIZE)


class _Worker:
    def __init__(self, process: BaseProcess, work: Connection, results: Connection) -> None:
        self.process, self.work, self.results = process, work, results
        self.given = 0
        """Work given by Pool.submit, which numbers it."""
        self.kept: dict[int, tuple[Any, Exception | None]] = {}
        """Submitted work handed back: its result or error."""
        self.reader: threading.Thread | None = None
        """Takes submitted work's results as they come (take_results)."""
        self.sender: threading.Thread | None = None
        """Hands the worker the last work submitted (send_later)."""
        self.arrived = threading.Condition()
        self.ended: WorkerEnded | None = None

    def idle(self) -> bool:
        with self.arrived:
            return len(self.kept) == self.given

    def take_results(self) -> None:
        while True:
            try:
                number, results, error = self.result()
            except WorkerEnded as ended:
                with self.arrived:
                    # Kept as a new error, not with the frames it came through: they hold this
                    # worker, and the cycle, which only the collector frees, held every result
                    # kept here (in `serve`, 18 MiB more after each rebuild at 10,000 reports).
                    self.ended = WorkerEnded(ended.code)
                    self.arrived.notify_all()
                return
            with self.arrived:
                self.kept[number] = (results[0] if results else None, error)
                self.arrived.notify_all()

    def send(self, work: tuple[Callable[..., Any], tuple[int, Sequence[Any]]]) -> None:
        """Hand the worker a chunk of work; a worker gone since its last result (the
        out-of-memory killer) is an error that says so."""
        try:
            self.work.send(work)
        except BrokenPipeError:
            self.process.join()
            raise WorkerEnded(self.process.exitcode) from None

    def send_later(self, work: tuple[Callable[..., Any], tuple[int, Sequence[Any]]]) -> None:
        """Hand the worker work from a thread, after what was submitted before it: a pipe holds
        PIPE_SIZE at most, and work with megabytes of arguments (the names of a site's files)
        given to a worker still busy with the last held the build up until the worker was
        done."""
        before = self.sender

        def send() -> None:
            if before is not None:
                before.join()
            try:
                self.send(work)
            except WorkerEnded:
                pass  # told by the thread that takes its results: its pipe ends
            except Exception as error:  # noqa: BLE001 — work that cannot be pickled, say
                with self.arrived:
                    self.kept[work[1][0]] = (None, error)
                    self.arrived.notify_all()

        sender = threading.Thread(target=send, daemon=True)
        with interrupts_deferred():
            self.sender = sender
            sender.start()

    def result(self) -> tuple[int, list[Any] | None, Exception | None]:
        """The next chunk handed back: its number, its results or the error it raised."""
        try:
            done: tuple[int, list[Any] | None, Exception | None] = self.results.recv()
        except EOFError:
            self.process.join()
            raise WorkerEnded(self.process.exitcode) from None
        return done


def _called(call: tuple[Callable[..., T], tuple[Any, ...]]) -> T:
    function, args = call
    return function(*args)


def _serve(work: Connection, results: Connection, parent: int) -> None:
    """A worker's life: chunks of work until its parent ends it."""
    for number in INTERRUPTS:
        signal.signal(number, signal.SIG_IGN)
    # Forked while the workers were being made, with interrupts held back (Pool).
    signal.pthread_sigmask(signal.SIG_UNBLOCK, INTERRUPTS)
    die_with_parent(parent)
    while True:
        function, (number, chunk) = work.recv()
        try:
            # Sent as made, not kept while the worker waits for more: the survey of a site of
            # 10,000 reports is tens of megabytes.
            results.send((number, [function(argument) for argument in chunk], None))
        except Exception as error:  # noqa: BLE001 — handed to the parent, which raises it
            results.send((number, None, _carried(error)))


def _carried(error: Exception) -> Exception:
    """The error as the parent can have it: with the worker's traceback as a note, or, if it
    cannot be pickled, as a RuntimeError that says what it was."""
    error.add_note("".join(traceback.format_exception(error)).rstrip())
    try:
        pickle.dumps(error)
    except Exception:  # noqa: BLE001 — whatever pickling raises, the parent needs an error
        return RuntimeError("".join(traceback.format_exception(error)))
    return error


class Ahead(_Closing):
    """Work handed to forked workers to do while the build goes on with its own, each result
    collected when the build needs it. Each piece of work goes to a worker not busy with
    another, started for it while there are fewer than `most` (then to the first). Where no
    worker can be had (one job, no fork) the work is done when its result is first asked for.
    Use it in a `with` block, which ends the workers however the block exits."""

    def __init__(self, jobs: int, most: int = 1) -> None:
        self._jobs = jobs
        self._most = max(most, 1)
        self._pools: list[Pool] = []

    def run(self, function: Callable[..., T], *args: Any) -> Callable[[], T]:
        """Start function(*args); the returned function gives its result (or raises its error)."""
        if not available(self._jobs):
            return functools.cache(functools.partial(function, *args))
        pool = next((pool for pool in self._pools if pool.idle()), None)
        if pool is None and len(self._pools) < self._most:
            pool = Pool(1)
            self._pools.append(pool)
        return (pool or self._pools[0]).submit(function, *args)

    def close(self) -> None:
        """End the workers, whatever they were doing."""
        for pool in self._pools:
            pool.close()


def spawn(command: Sequence[str], **options: Any) -> subprocess.Popen[bytes]:
    """Start a program (the search indexer) that ends when this process does, however it ends.

    On Linux the child asks for that (die_with_parent) between fork and exec, which runs Python
    there, after-fork hooks first. An interrupt arriving in that moment (Ctrl-C goes to the
    whole group) raised in those hooks and printed a traceback from the child. So interrupts
    are held back around the fork, as Pool does: the child lets one that came meanwhile end it
    only once no Python of its own is left to run, and this process acts on it once the child
    is started, ending the child if it raises."""
    if sys.platform != "linux":
        return subprocess.Popen(command, **options)
    process = None
    try:
        with interrupts_deferred():
            process = subprocess.Popen(
                command, preexec_fn=functools.partial(_before_exec, os.getpid()), **options
            )
    except BaseException:
        if process is not None:
            with process:
                process.kill()
        raise
    return process


def _before_exec(parent: int) -> None:
    """In the child of spawn: interrupts as the program would have them had nothing held them
    back (an ignored one stays ignored), then let through one that came while they were."""
    die_with_parent(parent)
    for number in INTERRUPTS:
        if signal.getsignal(number) is not signal.SIG_IGN:
            signal.signal(number, signal.SIG_DFL)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, INTERRUPTS)


def die_with_parent(parent: int | None = None) -> None:
    """Make the calling process end when its parent does."""
    parent = os.getppid() if parent is None else parent
    if sys.platform == "linux":
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    else:
        threading.Thread(target=_watch, args=(parent,), daemon=True).start()
    # The parent may have died before the request above was made: then nobody would ask.
    if os.getppid() != parent:
        os._exit(1)


def _watch(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(0.5)
    os._exit(1)
