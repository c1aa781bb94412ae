"""Dated backups of the ledger, made before every write, and restoring one.

Before a month is recorded (or removed, or the schema upgraded) the ledger is copied beside
itself as `huyu.备份-20200920-153000.db`; the newest KEEP_BACKUPS are kept. The copy is
made with SQLite's backup API (a consistent snapshot) into a temporary file that is renamed
only once complete, so a backup is never half a file.
"""
from __future__ import annotations

import os
import re
import sqlite3
import tempfile
from datetime import datetime
from pathlib import Path

KEEP_BACKUPS = 12
MARK = ".备份-"
_STAMP = re.compile(r"\d{8}-\d{6}(-\d+)?")


def backup_name(path: Path, when: datetime) -> Path:
    return path.with_name(f"{path.stem}{MARK}{when:%Y%m%d-%H%M%S}{path.suffix}")


def backups(path: str | Path) -> list[Path]:
    """The ledger's backups, oldest first."""
    path = Path(path)
    prefix, suffix = f"{path.stem}{MARK}", path.suffix
    found = []
    if path.parent.is_dir():
        for p in path.parent.iterdir():
            name = p.name
            if name.startswith(prefix) and name.endswith(suffix) and \
                    _STAMP.fullmatch(name[len(prefix):len(name) - len(suffix) or None]):
                found.append(p)
    return sorted(found, key=lambda p: _sort_key(p.name))


def _sort_key(name: str) -> tuple:
    """By the stamp: date, time, then the -2, -3 … of backups made within one second."""
    stamp = _STAMP.search(name)
    parts = (stamp[0] if stamp else "").split("-")
    return parts[0], parts[1] if len(parts) > 1 else "", int(parts[2]) if len(parts) > 2 else 0


def newest_backup(path: str | Path) -> Path | None:
    found = backups(path)
    return found[-1] if found else None


def make_backup(conn: sqlite3.Connection, path: Path, keep: int = KEEP_BACKUPS,
                when: datetime | None = None) -> Path | None:
    """Copy the open ledger beside itself; the oldest backups past `keep` go. None if keep is 0."""
    if keep <= 0:
        return None
    when = when or datetime.now()
    target, n = backup_name(path, when), 1
    while target.exists():  # two writes within one second
        n += 1
        target = path.with_name(f"{path.stem}{MARK}{when:%Y%m%d-%H%M%S}-{n}{path.suffix}")
    fd, tmp = tempfile.mkstemp(prefix=f".~{path.stem}-", suffix=".db", dir=path.parent)
    os.close(fd)
    try:
        dst = sqlite3.connect(tmp)
        try:
            conn.backup(dst)
        finally:
            dst.close()
        os.replace(tmp, target)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    for old in backups(path)[:-keep]:
        try:
            old.unlink()
        except OSError:
            pass
    return target


def copy_file_backup(path: Path, keep: int = KEEP_BACKUPS) -> Path | None:
    """A backup of a ledger file not (yet) open through us, e.g. before its schema is upgraded."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return make_backup(conn, path, keep)
    finally:
        conn.close()


def restore_hint(path: str | Path) -> str:
    """What to say where a message asks the user to restore from a backup."""
    newest = newest_backup(path)
    if newest is None:
        return "请从备份恢复（本台账旁没有找到 huyu 自动备份）"
    return f"请从备份恢复：最新的自动备份是“{newest}”，可用 huyu ledger restore --ledger {path} 恢复"
