"""The ledger's schema as numbered migrations, and opening a ledger file safely.

A file that is not a ledger we can read (not SQLite, damaged, or written by a newer
huyu_xlsx) is refused before anything is written to it: the office's only copy of last
year's figures must never be "repaired" by a tool that does not understand it.
"""
from __future__ import annotations

import sqlite3
from datetime import datetime
from pathlib import Path

from ..errors import HuyuError

DEFAULT_LEDGER = "huyu.db"
SQLITE_MAGIC = b"SQLite format 3\x00"


class LedgerError(HuyuError):
    """The ledger cannot be used; the message is Chinese and says what to do."""


# (number, SQL). Never edit a migration that has shipped: add the next number instead.
MIGRATIONS: list[tuple[int, str]] = [
    (1, """
CREATE TABLE periods (
    period           TEXT PRIMARY KEY,       -- '2020-08'
    plan_id          TEXT NOT NULL,
    plan_fingerprint TEXT NOT NULL,
    as_of            TEXT NOT NULL,          -- ISO date the figures were judged as of
    due              TEXT NOT NULL,          -- ISO date returns were due
    recorded_at      TEXT NOT NULL,          -- ISO local time of `huyu collect`
    units_expected   INTEGER NOT NULL,
    units_received   INTEGER NOT NULL,
    error_count      INTEGER NOT NULL
);

CREATE TABLE submissions (
    period      TEXT NOT NULL REFERENCES periods(period) ON DELETE CASCADE,
    seq         INTEGER NOT NULL,
    unit        TEXT,                        -- NULL: a file whose unit was not recognised
    file        TEXT NOT NULL,
    status      TEXT NOT NULL,               -- accepted / duplicate / rejected / missing
    sha256      TEXT NOT NULL,
    received    TEXT,                        -- file time, ISO
    report_date TEXT,                        -- 填报日期, ISO
    on_time     INTEGER,                     -- 1 / 0 / NULL (unknown)
    findings    INTEGER NOT NULL,
    PRIMARY KEY (period, seq)
);

-- Every input cell read from an accepted return, typed value and what was typed.
CREATE TABLE cell_values (
    period      TEXT NOT NULL REFERENCES periods(period) ON DELETE CASCADE,
    unit        TEXT NOT NULL,
    seq         INTEGER NOT NULL,
    sheet_key   TEXT NOT NULL,               -- layout key, or 'signoff'
    row_key     TEXT NOT NULL,
    column_key  TEXT NOT NULL,
    value_type  TEXT NOT NULL,               -- none / number / text / date / bool
    value,                                   -- REAL, TEXT (dates ISO) or 0/1
    raw         TEXT NOT NULL,               -- what the cell held, as text
    error       INTEGER NOT NULL,
    file        TEXT NOT NULL,
    sheet       TEXT NOT NULL,
    cell        TEXT NOT NULL,
    PRIMARY KEY (period, unit, sheet_key, row_key, column_key)
) WITHOUT ROWID;  -- stored once, in key order: half the size of a rowid table plus its index

CREATE TABLE results (
    period         TEXT NOT NULL REFERENCES periods(period) ON DELETE CASCADE,
    seq            INTEGER NOT NULL,
    indicator      TEXT NOT NULL,
    indicator_text TEXT NOT NULL,            -- kept so the history reads without the plan
    measure        TEXT NOT NULL,            -- 计量单位
    unit           TEXT NOT NULL,
    target         REAL,
    actual_type    TEXT NOT NULL,            -- none / number / bool
    actual,
    rate           REAL,
    status         TEXT NOT NULL,
    deadline       TEXT,
    baseline       REAL,
    file           TEXT NOT NULL,
    sheet          TEXT NOT NULL,
    cell           TEXT NOT NULL,
    PRIMARY KEY (period, indicator, unit)
) WITHOUT ROWID;

CREATE TABLE projects (
    period            TEXT NOT NULL REFERENCES periods(period) ON DELETE CASCADE,
    seq               INTEGER NOT NULL,
    project           TEXT NOT NULL,
    unit              TEXT NOT NULL,
    name              TEXT NOT NULL,
    investment        REAL,
    allocated         REAL,
    disbursed         REAL,
    disbursement_rate REAL,
    works_progress    REAL,
    status            TEXT NOT NULL,
    deadline          TEXT NOT NULL,
    file              TEXT NOT NULL,
    PRIMARY KEY (period, unit, project)
);

CREATE TABLE findings (
    period   TEXT NOT NULL REFERENCES periods(period) ON DELETE CASCADE,
    seq      INTEGER NOT NULL,
    code     TEXT NOT NULL,
    severity TEXT NOT NULL,
    message  TEXT NOT NULL,
    unit     TEXT NOT NULL,
    file     TEXT NOT NULL,
    sheet    TEXT NOT NULL,
    cell     TEXT NOT NULL,
    subject  TEXT NOT NULL,
    original TEXT NOT NULL,
    PRIMARY KEY (period, seq)
);
"""),
]


def schema_version() -> int:
    """The newest schema this code knows."""
    return max(number for number, _ in MIGRATIONS)


def connect(path: str | Path, create: bool = True) -> sqlite3.Connection:
    """Open a ledger file, creating or upgrading its schema; refuse anything we cannot trust."""
    path = Path(path)
    if not path.exists():
        if not create:
            raise LedgerError(f"台账文件“{path}”不存在。")
        if not path.parent.is_dir():
            raise LedgerError(f"无法创建台账文件“{path}”：目录“{path.parent}”不存在。")
    elif path.is_dir():
        raise LedgerError(f"“{path}”是一个文件夹，不是台账文件。")
    else:
        _screen(path)
    try:
        # Autocommit mode: every transaction below is an explicit BEGIN … COMMIT.
        conn = sqlite3.connect(str(path), isolation_level=None, timeout=10)
    except sqlite3.Error as exc:
        raise LedgerError(f"无法打开台账文件“{path}”：{describe_sqlite_error(exc)}。") from exc
    try:
        version = _inspect(conn, path)
        conn.execute("PRAGMA foreign_keys = ON")
        if 0 < version < schema_version():  # an upgrade writes: keep the file as it was first
            from .backup import make_backup

            try:
                make_backup(conn, path)
            except (OSError, sqlite3.Error) as exc:
                from ..errors import describe_os_error

                why = describe_os_error(exc) if isinstance(exc, OSError) else describe_sqlite_error(exc)
                raise LedgerError(f"升级台账结构前无法备份台账“{path}”（{why}），未作任何改动。") from exc
        _migrate(conn, version)
    except BaseException:
        conn.close()
        raise
    return conn


def _screen(path: Path) -> None:
    """Refuse a file that is not SQLite by its header, before SQLite touches it."""
    with open(path, "rb") as fh:
        head = fh.read(len(SQLITE_MAGIC))
    # An empty file holds nothing to lose; SQLite itself treats it as a new database.
    if head and head != SQLITE_MAGIC:
        raise LedgerError(_refusal(path, "不是 SQLite 数据库文件"))


def _inspect(conn: sqlite3.Connection, path: Path) -> int:
    """The file's schema version, after checking it is an intact ledger; only reads."""
    try:
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        problems = [r[0] for r in conn.execute("PRAGMA quick_check")]
    except sqlite3.DatabaseError as exc:
        raise LedgerError(_refusal(path, f"数据库已损坏或无法读取（{describe_sqlite_error(exc)}）")) from exc
    if problems != ["ok"]:
        raise LedgerError(_refusal(path, "数据库完整性检查未通过：" + "；".join(problems[:3])))
    if version > schema_version():
        raise LedgerError(
            f"台账文件“{path}”由更新版本的 huyu_xlsx 写入（结构版本 {version}，本程序只认识到 "
            f"{schema_version()}），为免损坏未作任何改动。请升级 huyu_xlsx 后再使用。")
    if version == 0 and tables:
        raise LedgerError(_refusal(path, "这是其他程序的 SQLite 数据库，不是 huyu 台账"))
    if version > 0 and "schema_migrations" not in tables:
        raise LedgerError(_refusal(path, "缺少迁移记录表 schema_migrations"))
    return version


def _refusal(path: Path, why: str) -> str:
    from .backup import restore_hint

    return (f"台账文件“{path}”无法使用：{why}。文件未作任何改动。"
            f"{restore_hint(path)}；或用 --ledger 指定另一个台账文件。")


def describe_sqlite_error(exc: BaseException) -> str:
    """What an SQLite error means to the office, in Chinese (SQLite's own words are English)."""
    text = str(exc).lower()
    if "disk is full" in text or "disk i/o" in text:
        return "磁盘空间不足或磁盘读写出错，请清理磁盘空间后重新运行"
    if "locked" in text or "busy" in text:
        return "台账正被另一个程序（或另一次运行的 huyu）使用，请等它结束或关闭后重新运行"
    if "readonly" in text or "read-only" in text or "permission" in text:
        return "台账文件或所在文件夹是只读的，请检查文件权限，或用 --ledger 指定可写的位置"
    if "malformed" in text or "not a database" in text or "corrupt" in text:
        return "台账文件已损坏"
    return "数据库读写出错"


def _migrate(conn: sqlite3.Connection, version: int) -> None:
    """Apply every migration above `version`, each in its own transaction with its record."""
    for number, sql in sorted(MIGRATIONS):
        if number <= version:
            continue
        try:
            conn.execute("BEGIN IMMEDIATE")
            conn.execute("CREATE TABLE IF NOT EXISTS schema_migrations ("
                         "version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)")
            for statement in _statements(sql):
                conn.execute(statement)
            conn.execute("INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)",
                         (number, datetime.now().isoformat(timespec="seconds")))
            conn.execute(f"PRAGMA user_version = {int(number)}")
            conn.execute("COMMIT")
        except sqlite3.Error as exc:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise LedgerError(f"台账结构升级到版本 {number} 失败：{describe_sqlite_error(exc)}。"
                              "台账保持升级前的状态。") from exc


def _statements(sql: str) -> list[str]:
    """Split a migration into statements (executescript would commit half-way)."""
    out, buf = [], ""
    for line in sql.splitlines(keepends=True):
        buf += line
        if sqlite3.complete_statement(buf):
            out.append(buf.strip())
            buf = ""
    if buf.strip():
        out.append(buf.strip())
    return [s for s in out if s.rstrip(";").strip()]
