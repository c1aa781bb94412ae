"""Running one job beside this process: the summary workbook while the ledger is recorded.

The job runs in a forked child, which sees this process's memory as it was (nothing is
copied or pickled on the way in); only its answer, or its error message, comes back. Where
fork is not available the job simply runs here when joined.
"""
from __future__ import annotations

import multiprocessing
import os
import traceback
from collections.abc import Callable
from typing import Any


def _die_with_parent() -> None:
    """If the parent is killed (power cut, task manager), stop too: a summary must not appear
    afterwards for a month whose ledger record never happened (Linux; elsewhere a no-op)."""
    try:
        import ctypes
        import signal

        libc = ctypes.CDLL(None, use_errno=True)
        PR_SET_PDEATHSIG = 1
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):
        pass


class AsideFailed(Exception):
    """The job raised; the message is the job's own (already Chinese for the user's errors)."""

    def __init__(self, kind: str, message: str):
        self.kind = kind
        super().__init__(message)


class Aside:
    def __init__(self, job: Callable[..., Any], *args: Any):
        self._job, self._args = job, args
        self._proc = None
        if "fork" not in multiprocessing.get_all_start_methods():
            return
        ctx = multiprocessing.get_context("fork")
        self._recv, send = ctx.Pipe(duplex=False)
        self._proc = ctx.Process(target=_run, args=(send, job, args), daemon=True)
        self._proc.start()
        send.close()

    def join(self) -> Any:
        """The job's result; AsideFailed carrying its message when it raised or died."""
        if self._proc is None:
            try:
                return self._job(*self._args)
            except Exception as exc:  # same contract as the forked path
                raise AsideFailed(type(exc).__name__, str(exc)) from exc
        try:
            status, kind, payload = self._recv.recv()
        except EOFError:
            status, kind, payload = "error", "ProcessExit", "后台进程意外退出"
        finally:
            self._recv.close()
            self._proc.join()
        if status == "ok":
            return payload
        raise AsideFailed(kind, payload)


def _run(send, job, args) -> None:
    _die_with_parent()
    try:
        message = ("ok", "", job(*args))
    except BaseException as exc:  # everything goes back to the parent, as text
        detail = str(exc) or traceback.format_exc(limit=3)
        message = ("error", type(exc).__name__, detail)
    try:
        send.send(message)
        send.close()
    finally:
        # Leave without running the parent's exit handlers (open ledger, temp files …).
        os._exit(0)
