"""One way to spread a batch over the machine's cores: collect, generate and the samples use it.

`executor(workers, fn, *shared)` starts processes that call `fn(item, *shared)` for each item;
the shared arguments (the plan above all) reach each process once, not with every item.
"""
from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor

# Below this many files a pool costs more (starting processes) than it saves.
POOL_MIN_FILES = 24


def default_workers(n_items: int) -> int:
    return min(os.cpu_count() or 1, 8) if n_items >= POOL_MIN_FILES else 1


def pool_context():
    # fork shares the loaded plan and modules with the workers at no cost; elsewhere, spawn.
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods else "spawn")


def executor(workers: int, fn: Callable, *shared) -> ProcessPoolExecutor:
    """A process pool whose `call` runs fn(item, *shared); fn must be a module-level function."""
    return ProcessPoolExecutor(workers, mp_context=pool_context(), initializer=_init, initargs=(fn, shared))


def pool_map(fn: Callable, items: Iterable, *shared, workers: int | None = None) -> Iterator:
    """fn(item, *shared) for every item, in order; in a pool when there are enough items."""
    items = list(items)
    workers = default_workers(len(items)) if workers is None else max(1, workers)
    if workers == 1 or len(items) < 2:
        yield from (fn(item, *shared) for item in items)
        return
    with executor(workers, fn, *shared) as pool:
        yield from pool.map(call, items, chunksize=chunk_size(len(items), workers))


def chunk_size(n_items: int, workers: int) -> int:
    """Small chunks keep every core busy to the end; results still come back in order."""
    return max(1, min(16, n_items // (workers * 8)))


_JOB: dict = {}


def _init(fn: Callable, shared: tuple) -> None:
    _JOB.update(fn=fn, shared=shared)


def call(item):
    """What each pool process runs for one item (see `executor`)."""
    return _JOB["fn"](item, *_JOB["shared"])
