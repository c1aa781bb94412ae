"""The typed cells of a batch's returns, parked on disk until the ledger records them.

A province's month is a thousand returns of a hundred-odd typed cells each. Held in memory
until the ledger is written, they would make collect's memory grow with the batch. Instead
each process that reads returns (a pool worker, or the main process) appends the cells of
every return it has checked to a scratch file of its own, and the return keeps only where
they are: a `SpilledCells`, which reads them back whenever it is asked (the ledger asks
once per return). The scratch folder goes when the last return pointing into it does.
"""
from __future__ import annotations

import os
import pickle
import shutil
import tempfile
import weakref
from collections.abc import Iterator, Mapping
from pathlib import Path

from .read import Value, pack_cells, unpack_cells

__all__ = ["Spill", "SpilledCells"]


class Spill:
    """A scratch folder; each process appends to its own file there."""

    def __init__(self, folder: Path | None = None):
        self.folder = Path(folder) if folder is not None else Path(tempfile.mkdtemp(prefix="huyu-cells-"))
        self._pid: int | None = None
        self._fh = None
        self._open: list = []  # this process's own file, closed before the folder goes (Windows)
        # Removed by the process that made it (a forked worker holds a copy, not the folder).
        self._finalizer = weakref.finalize(self, _remove, self.folder, os.getpid(), self._open)

    def __getstate__(self) -> dict:
        return {"folder": self.folder}  # a spawned worker opens its own file

    def __setstate__(self, state: dict) -> None:
        self.folder, self._pid, self._fh, self._open = state["folder"], None, None, []
        self._finalizer = None

    def put(self, cells: dict) -> SpilledCells:
        """Write one return's cells; what the return keeps in their place."""
        if self._pid != os.getpid():  # first put in this process (or a fork of it)
            self._fh = open(self.folder / f"{os.getpid()}.cells", "ab")  # noqa: SIM115 (lives with the process)
            self._pid = os.getpid()
            self._open.append(self._fh)
        blob = pickle.dumps(pack_cells(cells), pickle.HIGHEST_PROTOCOL)
        offset = self._fh.seek(0, os.SEEK_END)  # the true end, even after a failed write
        self._fh.write(blob)
        self._fh.flush()  # a pool worker may leave without closing its files
        return SpilledCells(str(self._fh.name), offset, len(blob), owner=self)

    def adopt(self, cells) -> None:
        """Keep the folder alive as long as `cells` (sent back by a worker) points into it."""
        if isinstance(cells, SpilledCells):
            cells.owner = self


def _remove(folder: Path, creator: int, open_files: list) -> None:
    if os.getpid() == creator:
        for fh in open_files:
            fh.close()
        shutil.rmtree(folder, ignore_errors=True)


class SpilledCells(Mapping):
    """A return's cells, (sheet key, row key, column key) -> Value, read back from the spill file.

    Every lookup reads the whole blob again: cheap for the few lookups made after checking,
    and nothing stays in memory between them.
    """

    __slots__ = ("path", "offset", "length", "owner")

    def __init__(self, path: str, offset: int, length: int, owner: Spill | None = None):
        self.path, self.offset, self.length, self.owner = path, offset, length, owner

    def __reduce__(self):
        return SpilledCells, (self.path, self.offset, self.length)

    def load(self) -> dict:
        with open(self.path, "rb") as fh:
            fh.seek(self.offset)
            return unpack_cells(pickle.loads(fh.read(self.length)))

    def __getitem__(self, key) -> Value:
        return self.load()[key]

    def get(self, key, default=None):
        return self.load().get(key, default)

    def __iter__(self) -> Iterator:
        return iter(self.load())

    def __len__(self) -> int:
        return len(self.load())

    def __contains__(self, key) -> bool:
        return key in self.load()

    def keys(self):
        return self.load().keys()

    def items(self):
        return self.load().items()

    def values(self):
        return self.load().values()

    def __eq__(self, other) -> bool:
        if isinstance(other, Mapping):
            return self.load() == dict(other.items())
        return NotImplemented

    __hash__ = None

    def __repr__(self) -> str:
        return f"SpilledCells({self.path!r}, offset={self.offset}, length={self.length})"
