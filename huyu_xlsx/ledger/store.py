"""The ledger (台账): each collected month kept with where every figure came from."""
from __future__ import annotations

import sqlite3
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path
from typing import NamedTuple

from .. import layout
from ..checks.judge import INVALID, MISSING
from ..collect import ACCEPTED, NOT_RECEIVED, CollectResult
from ..plan import Plan
from . import rows as R
from .backup import KEEP_BACKUPS, make_backup, newest_backup
from .schema import DEFAULT_LEDGER, LedgerError, connect, describe_sqlite_error


class PeriodRow(NamedTuple):
    """One recorded period, as `huyu ledger show` lists it."""

    period: str
    as_of: date
    recorded_at: datetime
    units_received: int
    units_expected: int
    error_count: int


SUMMARY_HEADERS = ["报告期", "统计截止日", "记录时间", "已报送/应报送", "未报送单位", "错误数", "计划"]


def open_ledger(path: str | Path = DEFAULT_LEDGER, create: bool = True,
                keep_backups: int = KEEP_BACKUPS) -> "Ledger":
    """Open (and create, if missing and `create`) a ledger file; LedgerError if it is unusable.

    Before each write a dated copy is made beside the file; the newest `keep_backups` are
    kept (0: none are made). See ledger/backup.py.
    """
    return Ledger(connect(path, create=create), Path(path), keep_backups)


class Ledger:
    """A ledger file. Use `open_ledger`; close it, or use it as a context manager."""

    def __init__(self, conn: sqlite3.Connection, path: Path, keep_backups: int = KEEP_BACKUPS):
        self.conn = conn
        self.path = path
        self.keep_backups = keep_backups
        self.last_backup: Path | None = None  # made by the latest write

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> "Ledger":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def backup(self) -> Path | None:
        """Copy the ledger beside itself (nothing when it holds no period yet); the copy's path."""
        if self.conn.execute("SELECT 1 FROM periods LIMIT 1").fetchone() is None:
            return None
        try:
            self.last_backup = make_backup(self.conn, self.path, self.keep_backups)
        except (OSError, sqlite3.Error) as exc:
            raise LedgerError(f"写入台账前无法备份台账“{self.path}”：{_os_or_sqlite(exc)}。"
                              "台账未作任何改动。") from exc
        return self.last_backup

    @contextmanager
    def _transaction(self):
        self.backup()
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield self.conn
        except BaseException:
            if self.conn.in_transaction:  # some SQLite errors have rolled back already
                self.conn.execute("ROLLBACK")
            raise
        self.conn.execute("COMMIT")

    # --- writing ---

    def record(self, result: CollectResult, plan: Plan, *, recorded_at: datetime | None = None) -> None:
        """Record one collected period in one transaction, replacing that period only."""
        recorded_at = recorded_at or datetime.now()
        received = {s.unit for s in result.submissions if s.status == ACCEPTED}
        try:
            with self._transaction() as conn:
                # ON DELETE CASCADE removes the period's submissions, values, results …
                conn.execute("DELETE FROM periods WHERE period = ?", (result.period,))
                conn.execute(
                    "INSERT INTO periods VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (result.period, result.plan_id, plan.fingerprint, result.as_of.isoformat(),
                     result.due.isoformat(), recorded_at.isoformat(timespec="seconds"),
                     len(plan.unit_names), len(received), result.error_count))
                self._insert_submissions(result)
                self._insert_values(result)
                self._insert_results(result, plan)
                self._insert_projects(result)
                self._insert_findings(result)
        except sqlite3.Error as exc:
            raise LedgerError(f"写入台账“{self.path}”失败：{describe_sqlite_error(exc)}。"
                              "台账保持写入前的状态。") from exc

    def _insert(self, table: str, rows) -> None:
        rows = iter(rows)
        first = next(rows, None)
        if first is None:
            return
        marks = ", ".join("?" * len(first))
        self.conn.executemany(f"INSERT INTO {table} VALUES ({marks})", _chain(first, rows))

    def _insert_submissions(self, result: CollectResult) -> None:
        self._insert("submissions", R.submission_rows(result.period, result.submissions))

    def _insert_values(self, result: CollectResult) -> None:
        for unit, ret in result.returns.items():
            self._insert("cell_values", R.value_rows(result.period, unit, ret))

    def _insert_results(self, result: CollectResult, plan: Plan) -> None:
        self._insert("results", R.result_rows(result.period, result.results, plan))

    def _insert_projects(self, result: CollectResult) -> None:
        self._insert("projects", R.project_rows(result.period, result.projects))

    def _insert_findings(self, result: CollectResult) -> None:
        self._insert("findings", R.finding_rows(result.period, result.findings))

    def delete(self, period: str) -> bool:
        """Remove one period; True if it was there."""
        with self._transaction() as conn:
            return conn.execute("DELETE FROM periods WHERE period = ?", (period,)).rowcount > 0

    # --- reading ---

    def periods(self) -> list[PeriodRow]:
        """Every recorded period, oldest first."""
        return [
            PeriodRow(p, date.fromisoformat(a), datetime.fromisoformat(r), got, expected, errors)
            for p, a, r, got, expected, errors in self.conn.execute(
                "SELECT period, as_of, recorded_at, units_received, units_expected, error_count "
                "FROM periods ORDER BY period")
        ]

    def has_period(self, period: str) -> bool:
        return self.conn.execute("SELECT 1 FROM periods WHERE period = ?", (period,)).fetchone() is not None

    def previous_period(self, period: str) -> str | None:
        """The latest recorded period before `period` (periods are 'YYYY-MM', so text order works)."""
        return self.conn.execute("SELECT MAX(period) FROM periods WHERE period < ?", (period,)).fetchone()[0]

    def previous_actuals(self, period: str) -> dict[tuple[str, str], float | bool]:
        """(unit, indicator id) -> actual in the previous recorded period, for the fallen-figure check.

        Figures judged invalid or not reported last time are left out: comparing with a wrong
        figure would flag this month's correct one.
        """
        prev = self.previous_period(period)
        if prev is None:
            return {}
        rows = self.conn.execute(
            "SELECT unit, indicator, actual_type, actual FROM results "
            "WHERE period = ? AND actual IS NOT NULL AND status NOT IN (?, ?)", (prev, INVALID, MISSING))
        return {(unit, ind): R.decode(kind, actual) for unit, ind, kind, actual in rows}

    def load_results(self, period: str, values: bool = True) -> CollectResult:
        """The recorded period rebuilt as a CollectResult (results, projects, submissions,
        findings, and with `values` the accepted returns' values), e.g. as `previous` for
        the summary, which needs no values."""
        row = self.conn.execute("SELECT plan_id, as_of, due FROM periods WHERE period = ?", (period,)).fetchone()
        if row is None:
            raise LedgerError(f"台账中没有 {period} 的记录。")
        plan_id, as_of, due = row
        out = CollectResult(plan_id=plan_id, period=period, as_of=date.fromisoformat(as_of),
                            due=date.fromisoformat(due))
        out.submissions = [R.submission_of(r) for r in self._select("submissions", R.SUBMISSION_COLUMNS, period)]
        out.results = [R.result_of(r) for r in self._select("results", R.RESULT_COLUMNS, period)]
        out.projects = [R.project_of(r) for r in self._select("projects", R.PROJECT_COLUMNS, period)]
        out.findings = [R.finding_of(r) for r in self._select("findings", R.FINDING_COLUMNS, period)]
        accepted = {s.unit: s for s in out.submissions if s.status == ACCEPTED} if values else {}
        for unit, submission in accepted.items():
            out.returns[unit] = R.return_of(unit, submission, self._value_rows(period, unit))
        return out

    def _select(self, table: str, columns: tuple[str, ...], period: str):
        return self.conn.execute(f"SELECT {', '.join(columns)} FROM {table} WHERE period = ? ORDER BY seq",
                                 (period,))

    def _value_rows(self, period: str, unit: str):
        return self.conn.execute(
            "SELECT sheet_key, row_key, column_key, value_type, value, raw, error, sheet, cell "
            "FROM cell_values WHERE period = ? AND unit = ? ORDER BY seq", (period, unit))

    def frames(self):
        """pandas DataFrames of every recorded month: submissions, results, projects, findings,
        each with a `period` column (frames.py; needs the `analysis` extra)."""
        from ..frames import months_frames

        return months_frames(self.load_results(p.period, values=False) for p in self.periods())

    def contacts(self, period: str) -> dict[str, dict[str, str]]:
        """unit -> {'filler', 'phone', 'leader', 'period'}: the sign-off block of each unit's
        latest accepted return recorded before `period` (for 催报: whom to call)."""
        latest = self.conn.execute(
            "SELECT unit, MAX(period) FROM submissions WHERE status = ? AND period < ? GROUP BY unit",
            (ACCEPTED, period)).fetchall()
        out: dict[str, dict[str, str]] = {}
        for unit, last in latest:
            found = {"period": last}
            for key, kind, stored, raw in self.conn.execute(
                    "SELECT row_key, value_type, value, raw FROM cell_values "
                    "WHERE period = ? AND unit = ? AND sheet_key = ? AND error = 0", (last, unit, R.SIGNOFF)):
                value = R.decode(kind, stored)
                if isinstance(value, float) and value.is_integer():
                    found[key] = str(int(value))
                elif isinstance(value, str):
                    found[key] = value.strip()
                else:
                    found[key] = raw
            out[unit] = found
        return out

    def prefill(self, period: str, plan: Plan | None = None) -> dict[str, "Carried"]:
        """unit -> its prefill for `period`'s workbook: a Carried, i.e. {(sheet key, row key,
        column key): value}, with the period the values are from and the values withheld.

        Each unit gets the input values of its latest accepted return recorded before `period`
        (a unit that skipped a month gets what it reported last, and is told which month).
        Blank cells are left out; yes/no comes back as '是'/'否', dates as dates, numbers as
        numbers. A value that was an error then (unreadable, or the cell of an error-level
        finding: 拨付 over 安排, progress over 100 …) is not carried but withheld, with the
        reason, so the workbook can say why the cell is empty.
        With `plan`, only cells that are input cells of that plan's workbook are kept, so a
        changed plan never makes the generator refuse a key.
        """
        from ..findings import ERROR
        from ..generate.cells import Carried, Withheld

        latest = self.conn.execute(
            "SELECT unit, MAX(period) FROM submissions WHERE status = ? AND period < ? GROUP BY unit",
            (ACCEPTED, period)).fetchall()
        allowed = input_cells(plan) if plan is not None else None
        out: dict[str, Carried] = {}
        for unit, last in latest:
            errors: dict[tuple, list[str]] = {}
            for sheet_key, row_key, column_key, message in self.conn.execute(
                    "SELECT v.sheet_key, v.row_key, v.column_key, f.message FROM findings f JOIN cell_values v "
                    "ON v.period = f.period AND v.unit = f.unit AND v.file = f.file AND v.sheet = f.sheet "
                    "AND v.cell = f.cell WHERE f.period = ? AND f.unit = ? AND f.severity = ? ORDER BY f.seq",
                    (last, unit, ERROR)):
                errors.setdefault((sheet_key, row_key, column_key), []).append(message)
            cells, withheld = {}, []
            for sheet_key, row_key, column_key, kind, stored, raw, error, _s, _c in self._value_rows(last, unit):
                key = (sheet_key, row_key, column_key)
                if sheet_key == R.SIGNOFF:
                    continue
                if allowed is not None and key not in allowed.get(unit, ()):
                    continue
                if error or key in errors:
                    reason = "；".join(m.rstrip("。") for m in errors.get(key, ())) or "无法识别"
                    withheld.append(Withheld(key, raw, reason))
                    continue
                if stored is None:
                    continue
                value = R.decode(kind, stored)
                cells[key] = (layout.YES if value else layout.NO) if isinstance(value, bool) else value
            if cells or withheld:
                out[unit] = Carried(cells, last, withheld)
        return out

    def summary_rows(self) -> list[list]:
        """Rows for `huyu ledger show` under SUMMARY_HEADERS: each period's completeness."""
        missing: dict[str, list[str]] = {}
        for period, unit in self.conn.execute(
                "SELECT period, unit FROM submissions WHERE status = ? ORDER BY period, seq", (NOT_RECEIVED,)):
            missing.setdefault(period, []).append(unit)
        return [
            [period, as_of, recorded_at.replace("T", " "), f"{got}/{expected}",
             "、".join(missing.get(period, [])) or "—", errors, plan_id]
            for period, as_of, recorded_at, got, expected, errors, plan_id in self.conn.execute(
                "SELECT period, as_of, recorded_at, units_received, units_expected, error_count, plan_id "
                "FROM periods ORDER BY period")
        ]

    def export(self, path: str | Path) -> Path:
        """Write the whole history as a workbook (see ledger/export.py).

        Written to a temporary file beside the target and moved over it once complete, so a
        failure (disk full, the old export open in Excel) leaves no half file behind.
        """
        from ..outpath import WrongSuffix, output_path, written_whole
        from .export import write_ledger_workbook

        try:
            path = output_path(path, ".xlsx", "台账导出", "台账.xlsx")
        except WrongSuffix as exc:
            raise LedgerError(str(exc)) from exc
        with written_whole(path) as tmp:
            write_ledger_workbook(self, tmp)
        return path


def _os_or_sqlite(exc: BaseException) -> str:
    if isinstance(exc, OSError):
        from ..errors import describe_os_error

        return describe_os_error(exc)
    return describe_sqlite_error(exc)


def restore_ledger(path: str | Path, source: str | Path | None = None) -> tuple[Path, Path | None]:
    """Put a backup back as the ledger: (the backup used, where the replaced ledger was kept).

    The backup is checked first (only read); the ledger it replaces is not deleted but
    renamed beside it as `huyu.恢复前-<time>.db`, whatever state it is in.
    """
    import os
    import shutil

    from ..outpath import written_whole
    from .schema import _inspect

    path = Path(path)
    source = Path(source) if source is not None else newest_backup(path)
    if source is None:
        raise LedgerError(f"台账“{path}”旁没有 huyu 自动备份（{path.stem}.备份-….db），无法恢复。")
    if not source.is_file():
        raise LedgerError(f"备份文件“{source}”不存在。")
    try:
        check = sqlite3.connect(f"{source.resolve().as_uri()}?mode=ro", uri=True)
        try:
            _inspect(check, source)
        finally:
            check.close()
    except sqlite3.Error as exc:
        raise LedgerError(f"备份文件“{source}”无法使用：{describe_sqlite_error(exc)}。") from exc
    kept = None
    if path.exists():
        kept = path.with_name(f"{path.stem}.恢复前-{datetime.now():%Y%m%d-%H%M%S}{path.suffix}")
        os.replace(path, kept)
    with written_whole(path) as tmp:
        shutil.copyfile(source, tmp)
    return source, kept


def _chain(first, rest):
    yield first
    yield from rest


def input_cells(plan: Plan) -> dict[str, dict[tuple[str, str, str], str]]:
    """unit -> {(sheet, row, column) key: layout kind} for every input cell of its workbook."""
    out = {}
    for unit in plan.unit_names:
        keys = {}
        for sheet in layout.sheets_for(plan, unit):
            indicators = {i.id: i for i in plan.indicators_for(unit)} if sheet is layout.PROGRESS else {}
            for row_key in layout.row_keys(plan, unit, sheet):
                ind = indicators.get(row_key)
                for col in sheet.columns:
                    kind = layout.progress_cell_kind(ind, col) if ind is not None else col.kind
                    if kind in layout.INPUT_KINDS:
                        keys[(sheet.key, row_key, col.key)] = kind
        out[unit] = keys
    return out
