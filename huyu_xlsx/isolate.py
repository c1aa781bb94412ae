"""Reading other people's files where a bad one cannot take the batch down.

Each returned file is read in a worker process under a memory limit and a time limit.
A file that makes the reader abort (a native crash cannot be caught in Python), run out
of memory or never finish costs only its own worker: that file becomes a failure for the
caller to report, a fresh worker takes over and every other file is still read. Whatever
the reading libraries print (a Rust backtrace, say) goes to the worker's own log, never
to the user's terminal.

    for item, outcome in isolated_map(check_file, paths, plan, ..., workers=2):
        outcome.result       # fn(item, *shared), or None when outcome.failure says why not

Workers are forked where the platform allows (they share the loaded plan at no cost);
results come back in the order of the items.
"""
from __future__ import annotations

import os
import signal
import tempfile
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from multiprocessing.connection import wait

from .pool import pool_context

# What one file may take. Our returns are ~30 KB and read in a few milliseconds with a few
# megabytes; a file refused by the screens never gets near these.
MEMORY_LIMIT_MB = 1024  # above what the worker already had when it started
TIME_LIMIT_S = 60.0
AHEAD = 2  # files sent to a worker before it has answered: it never waits for this process

CRASHED, OUT_OF_MEMORY, TIMED_OUT = "crashed", "out-of-memory", "timed-out"


@dataclass
class Outcome:
    result: object = None
    failure: str | None = None  # CRASHED / OUT_OF_MEMORY / TIMED_OUT
    log: str = ""  # the end of what the reading libraries printed, for developers only


def isolated_map(fn: Callable, items: Iterable, *shared, workers: int = 1,
                 memory_mb: int | None = None, seconds: float | None = None) -> Iterator[tuple]:
    """(item, Outcome) for every item, in order; fn(item, *shared) runs in worker processes."""
    items = list(items)
    if not items:
        return
    limits = (MEMORY_LIMIT_MB if memory_mb is None else memory_mb, TIME_LIMIT_S if seconds is None else seconds)
    crew = _Crew(fn, shared, limits, max(1, min(workers, len(items))))
    try:
        yield from crew.run(items)
    finally:
        crew.close()


class _Worker:
    def __init__(self, ctx, fn, shared, memory_mb, others: list):
        fork = ctx.get_start_method() == "fork"
        # The worker's stderr: a file with no name where the worker is forked (nothing is left
        # behind when this process is killed), a named one it opens otherwise.
        self.log = tempfile.TemporaryFile() if fork else None
        self.log_path = None
        if not fork:
            fd, self.log_path = tempfile.mkstemp(prefix="huyu-reader-", suffix=".log")
            os.close(fd)
        log = self.log.fileno() if fork else self.log_path
        self.conn, child = ctx.Pipe()
        # A forked worker inherits this process's ends of the other workers' pipes: it closes
        # them, or a worker would never see the end of its pipe when this process is gone.
        inherited = [w.conn for w in others] + [self.conn] if fork else []
        self.proc = ctx.Process(target=_serve, args=(child, fn, shared, memory_mb, log, inherited), daemon=True)
        self.proc.start()
        child.close()
        self.jobs: deque = deque()  # (index, item) sent and not answered yet, oldest first
        self.started = 0.0  # when the oldest of them began, as near as this process can tell

    def give(self, index: int, item) -> None:
        self.conn.send(item)
        if not self.jobs:
            self.started = time.monotonic()
        self.jobs.append((index, item))

    def answered(self) -> int:
        index, _ = self.jobs.popleft()
        self.started = time.monotonic()  # the next one, if sent ahead, begins now
        return index

    def log_tail(self) -> str:
        try:
            if self.log is not None:
                size = os.fstat(self.log.fileno()).st_size
                data = os.pread(self.log.fileno(), 2000, max(0, size - 2000))
            else:
                with open(self.log_path, "rb") as fh:
                    fh.seek(max(0, os.path.getsize(self.log_path) - 2000))
                    data = fh.read()
            return data.decode("utf-8", "replace")
        except OSError:
            return ""

    def stop(self, kill: bool = False) -> None:
        if kill and self.proc.is_alive():
            self.proc.kill()
        else:
            try:
                self.conn.send(None)
            except (OSError, ValueError):
                pass
        self.proc.join(5)
        if self.proc.is_alive():
            self.proc.kill()
            self.proc.join()
        self.conn.close()
        if self.log is not None:
            self.log.close()
        else:
            try:
                os.unlink(self.log_path)
            except OSError:
                pass


class _Crew:
    def __init__(self, fn, shared, limits, size):
        self.ctx = pool_context()
        self.fn, self.shared = fn, shared
        self.memory_mb, self.seconds = limits
        self.workers: list[_Worker] = []
        for _ in range(size):
            self.workers.append(self._start())

    def _start(self) -> _Worker:
        return _Worker(self.ctx, self.fn, self.shared, self.memory_mb, self.workers)

    def run(self, items: list) -> Iterator[tuple]:
        self.todo = deque(enumerate(items))
        done: dict[int, Outcome] = {}
        next_out = 0
        while next_out < len(items):
            self._hand_out()
            busy = [w for w in self.workers if w.jobs]
            deadline = min(w.started for w in busy) + self.seconds
            ready = wait([w.conn for w in busy], timeout=max(0.0, deadline - time.monotonic()))
            for w in busy:
                if w.conn in ready:
                    self._collect(w, done)
                elif time.monotonic() - w.started > self.seconds:
                    self._replace(w, done, TIMED_OUT)
            while next_out in done:
                yield items[next_out], done.pop(next_out)
                next_out += 1

    def _hand_out(self) -> None:
        """Each worker gets up to AHEAD files, one round at a time so none is left idle: the
        next file is already waiting when a worker finishes one."""
        for depth in range(1, AHEAD + 1):
            for w in self.workers:
                if len(w.jobs) < depth and self.todo:
                    w.give(*self.todo.popleft())

    def _collect(self, w: _Worker, done: dict) -> None:
        try:
            status, payload = w.conn.recv()
        except (EOFError, OSError):  # the worker died reading this file
            w.proc.join(5)
            code = w.proc.exitcode
            self._replace(w, done, OUT_OF_MEMORY if code == -signal.SIGABRT and _memory_log(w) else CRASHED)
            return
        if status == "ok":
            done[w.answered()] = Outcome(payload)
        else:  # it raised past the file's own guard, e.g. MemoryError: start afresh
            self._replace(w, done, OUT_OF_MEMORY if payload == "MemoryError" else CRASHED)

    def _replace(self, w: _Worker, done: dict, failure: str) -> None:
        """The worker's current file failed: report it, hand its other files back, start afresh."""
        index, _ = w.jobs.popleft()
        done[index] = Outcome(None, failure, w.log_tail())
        self.todo.extendleft(reversed(w.jobs))
        w.jobs.clear()
        w.stop(kill=True)
        self.workers[self.workers.index(w)] = self._start()

    def close(self) -> None:
        for w in self.workers:
            w.stop(kill=bool(w.jobs))


def _memory_log(w: _Worker) -> bool:
    tail = w.log_tail()
    return "memory allocation" in tail or "capacity overflow" in tail or "out of memory" in tail.lower()


def _serve(conn, fn, shared, memory_mb, log, inherited=()) -> None:
    """A worker: read items until told to stop, each under the limits."""
    for other in inherited:
        other.close()
    _die_with_parent()
    _quiet(log)
    _limit_memory(memory_mb)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl+C is the parent's to handle
    while True:
        try:
            item = conn.recv()
        except (EOFError, OSError):  # the parent is gone
            break
        if item is None:
            break
        os.ftruncate(2, 0)
        os.lseek(2, 0, os.SEEK_SET)
        try:
            reply = ("ok", fn(item, *shared))
        except BaseException as exc:  # noqa: BLE001 - told to the parent, which starts afresh
            reply = ("error", type(exc).__name__)
        try:
            conn.send(reply)
        except BaseException:  # noqa: BLE001 - e.g. MemoryError while pickling
            conn.send(("error", "MemoryError"))
        if reply[0] == "error":
            break
    os._exit(0)  # no exit handlers of the parent's (open ledger, temporary folders)


def _die_with_parent() -> None:
    """Linux: end this worker when the process that started it ends, whatever the cause."""
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def _quiet(log) -> None:
    """What the reading libraries print (panics, backtraces) goes to the log, not the terminal;
    `log` is an inherited file descriptor, or the path of a file to open."""
    import faulthandler

    if isinstance(log, int):
        os.dup2(log, 2)
    else:
        fd = os.open(log, os.O_WRONLY | os.O_TRUNC)
        os.dup2(fd, 2)
        os.close(fd)
    if faulthandler.is_enabled():  # it writes to a stream of its own (pytest's, PYTHONFAULTHANDLER)
        faulthandler.enable(file=2)
    os.environ["RUST_BACKTRACE"] = "0"


def _limit_memory(memory_mb: int) -> None:
    """Cap the worker's address space at what it has now plus memory_mb (Linux; elsewhere
    the time limit and the screens stand alone)."""
    try:
        import resource

        with open("/proc/self/statm") as fh:
            now = int(fh.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
        cap = now + memory_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
    except (ImportError, OSError, ValueError):
        pass
