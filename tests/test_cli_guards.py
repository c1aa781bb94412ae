"""Guards before anything is written, ledger backups and restore, and every command's failure
said in Chinese with an exit code (never a traceback)."""
from __future__ import annotations

import errno
import json
import shutil
import sqlite3
import subprocess
from contextlib import contextmanager
from pathlib import Path

import pytest
from click.testing import CliRunner

from huyu_xlsx import layout
from huyu_xlsx.cli import cli
from huyu_xlsx.generate import generate_month
from huyu_xlsx.ledger import backups, open_ledger
from huyu_xlsx.samples import fill_return, plausible_entries, signoff_for

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples" / "2020-08"
SEPTEMBER = "2020-09"


def invoke(*args):
    return CliRunner().invoke(cli, [str(a) for a in args])


def no_traceback(res) -> bool:
    return "Traceback" not in res.output and (res.exception is None or isinstance(res.exception, SystemExit))


def periods(db: Path) -> dict:
    with open_ledger(db, create=False) as lg:
        return {p.period: p.units_received for p in lg.periods()}


@pytest.fixture(scope="module")
def september(plan, tmp_path_factory):
    """September's returns from 4 units."""
    tmp = tmp_path_factory.mktemp("september")
    forms = tmp / "forms"
    generate_month(plan, SEPTEMBER, forms)
    inbox = tmp / "inbox"
    for unit in plan.unit_names[:4]:
        fill_return(forms / layout.file_name(unit, SEPTEMBER), inbox / layout.file_name(unit, SEPTEMBER),
                    plausible_entries(plan, unit, SEPTEMBER), signoff_for(unit, "2020-09-15"))
    return inbox


@pytest.fixture
def recorded(september, tmp_path):
    """A ledger holding September (4 of 12 units) and September's summary."""
    db, out = tmp_path / "huyu.db", tmp_path / "汇总"
    res = invoke("collect", september, "--period", SEPTEMBER, "--ledger", db, "--out", out, "--no-documents")
    assert res.exit_code == 0, res.output
    return db, out


def snapshot(folder: Path) -> dict:
    return {p.relative_to(folder): p.read_bytes() for p in folder.rglob("*") if p.is_file()} if folder.exists() else {}


# --- guards ---

def test_another_months_files_are_refused_and_nothing_is_written(recorded):
    db, out = recorded
    before_db, before_out = db.read_bytes(), snapshot(out)
    res = invoke("collect", SAMPLES, "--period", SEPTEMBER, "--ledger", db, "--out", out)
    assert res.exit_code == 1 and no_traceback(res)
    assert "这些文件是 2020-08 的填报表，本次回收的报告期是 2020-09" in res.output and "--force" in res.output
    assert db.read_bytes() == before_db and snapshot(out) == before_out
    assert not backups(db)


def test_force_replaces_the_month_and_says_so_first(recorded):
    db, out = recorded
    res = invoke("collect", SAMPLES, "--period", SEPTEMBER, "--ledger", db, "--out", out, "--force", "--no-documents")
    assert res.exit_code == 0, res.output
    assert "台账中 2020-09 原有 4 个单位的数据" in res.output and "将被本次结果替换" in res.output
    assert periods(db) == {SEPTEMBER: 0}
    (backup,) = backups(db)
    assert str(backup) in res.output
    # The one-line restore brings September's 4 units back; the replaced ledger is kept.
    res = invoke("ledger", "restore", "--ledger", db)
    assert res.exit_code == 0, res.output
    assert periods(db) == {SEPTEMBER: 4}
    assert list(db.parent.glob("huyu.恢复前-*.db"))


def test_an_empty_inbox_is_refused_and_no_ledger_is_made(tmp_path):
    (tmp_path / "回收").mkdir()
    db = tmp_path / "huyu.db"
    res = invoke("collect", tmp_path / "回收", "--period", "2020-08", "--ledger", db)
    assert res.exit_code == 1 and "没有任何文件" in res.output and "--force" in res.output
    assert not db.exists()


def test_another_months_files_into_a_new_ledger_leave_no_file(tmp_path):
    db = tmp_path / "huyu.db"
    res = invoke("collect", SAMPLES, "--period", SEPTEMBER, "--ledger", db)
    assert res.exit_code == 1 and not db.exists()


def test_a_period_outside_the_plan_is_refused(tmp_path):
    db = tmp_path / "huyu.db"
    res = invoke("collect", SAMPLES, "--period", "2019-01", "--ledger", db)
    assert res.exit_code == 1 and "2020-07 至 2020-12 之间" in res.output and "--force" in res.output
    assert not db.exists()


# --- backups ---

def test_backups_are_dated_and_only_the_newest_kept(tmp_path):
    db = tmp_path / "huyu.db"
    for i in range(5):
        res = invoke("collect", SAMPLES, "--period", "2020-08", "--ledger", db, "--keep-backups", 3, "--json")
        assert res.exit_code == 0, res.output
    found = backups(db)
    assert len(found) == 3  # the first write had nothing to back up; 4 made, the oldest gone
    assert all(p.name.startswith("huyu.备份-") and p.suffix == ".db" for p in found)
    for p in found:
        with sqlite3.connect(p) as conn:
            assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    res = invoke("ledger", "restore", "--list", "--ledger", db)
    assert res.output.split() == [str(p) for p in reversed(found)]


def test_a_refused_ledger_names_its_newest_backup(tmp_path):
    db = tmp_path / "huyu.db"
    for _ in range(2):
        assert invoke("collect", SAMPLES, "--period", "2020-08", "--ledger", db).exit_code == 0
    newest = backups(db)[-1]
    db.write_bytes(b"garbage" * 100)
    res = invoke("collect", SAMPLES, "--period", "2020-08", "--ledger", db)
    assert res.exit_code == 1 and "从备份恢复" in res.output and str(newest) in res.output
    assert invoke("ledger", "restore", "--ledger", db).exit_code == 0
    assert periods(db) == {"2020-08": 11}


def test_restore_refuses_a_damaged_backup(tmp_path):
    db = tmp_path / "huyu.db"
    assert invoke("collect", SAMPLES, "--period", "2020-08", "--ledger", db).exit_code == 0
    bad = tmp_path / "huyu.备份-20200101-000000.db"
    bad.write_bytes(b"garbage" * 100)
    before = db.read_bytes()
    res = invoke("ledger", "restore", bad, "--ledger", db)
    assert res.exit_code == 1 and "无法使用" in res.output and no_traceback(res)
    assert db.read_bytes() == before


# --- every failure in Chinese, with an exit code ---

@contextmanager
def read_only(folder: Path):
    """A folder even root cannot write to (the immutable attribute); skipped where unsupported."""
    folder.mkdir(parents=True, exist_ok=True)
    if shutil.which("chattr") is None or subprocess.run(["chattr", "+i", str(folder)],
                                                         capture_output=True).returncode != 0:
        pytest.skip("chattr +i not available here")
    try:
        yield folder
    finally:
        subprocess.run(["chattr", "-i", str(folder)], check=True)


def test_failures_of_every_command_are_chinese_messages(tmp_path, monkeypatch):
    db = tmp_path / "huyu.db"
    assert invoke("collect", SAMPLES, "--period", "2020-08", "--ledger", db).exit_code == 0
    cases = {}
    cases["export, missing folder"] = invoke("ledger", "export", tmp_path / "没有" / "台账.xlsx", "--ledger", db)
    with read_only(tmp_path / "只读"):
        ro = tmp_path / "只读"
        cases["export, read-only folder"] = invoke("ledger", "export", ro / "台账.xlsx", "--ledger", db)
        cases["collect --out read-only"] = invoke("collect", SAMPLES, "--period", "2020-08", "--ledger", db,
                                                  "--out", ro)
        cases["generate --out read-only"] = invoke("generate", "--period", "2020-08", "--out", ro)
        cases["plan export read-only"] = invoke("plan", "export", ro / "计划.xlsx")
    for name, res in cases.items():
        assert res.exit_code == 1, (name, res.output)
        assert no_traceback(res) and "Errno" not in res.output and "错误：" in res.output, (name, res.output)
    assert "找不到" in cases["export, missing folder"].output
    assert "无法写入" in cases["export, read-only folder"].output
    assert "无法写出汇总表" in cases["collect --out read-only"].output
    assert periods(db) == {"2020-08": 11}


def test_export_over_a_file_open_in_excel(tmp_path, monkeypatch):
    """Excel holds a lock on an open file: replacing it fails with a permission error."""
    import os

    db = tmp_path / "huyu.db"
    assert invoke("collect", SAMPLES, "--period", "2020-08", "--ledger", db).exit_code == 0
    target = tmp_path / "台账.xlsx"
    target.write_bytes(b"old export")
    real = os.replace

    def locked(src, dst, *args, **kwargs):
        if Path(dst) == target:
            raise PermissionError(errno.EACCES, "The process cannot access the file", str(dst))
        return real(src, dst, *args, **kwargs)

    monkeypatch.setattr(os, "replace", locked)
    res = invoke("ledger", "export", target, "--ledger", db)
    assert res.exit_code == 1 and "正在 Excel 或 WPS 中打开" in res.output and no_traceback(res)
    assert target.read_bytes() == b"old export"
    assert not list(tmp_path.glob(".~*"))


def test_disk_full(tmp_path, monkeypatch):
    db = tmp_path / "huyu.db"
    assert invoke("collect", SAMPLES, "--period", "2020-07", "--ledger", db, "--force").exit_code == 0
    before = db.read_bytes()

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device", "汇总通报_2020-08.xlsx")

    monkeypatch.setattr("huyu_xlsx.report.write_summary", full)
    res = invoke("collect", SAMPLES, "--period", "2020-08", "--ledger", db, "--out", tmp_path / "out")
    assert res.exit_code == 1 and "磁盘空间不足" in res.output and no_traceback(res)
    assert db.read_bytes() == before
    monkeypatch.undo()

    def sqlite_full(self, result):
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr("huyu_xlsx.ledger.store.Ledger._insert_values", sqlite_full)
    res = invoke("collect", SAMPLES, "--period", "2020-08", "--ledger", db)
    assert res.exit_code == 1 and "磁盘空间不足" in res.output and no_traceback(res)
    assert periods(db) == {"2020-07": 0}

    def export_full(*args, **kwargs):
        from xlsxwriter.exceptions import FileCreateError

        raise FileCreateError(OSError(errno.ENOSPC, "No space left on device"))

    monkeypatch.setattr("huyu_xlsx.ledger.export.write_ledger_workbook", export_full)
    res = invoke("ledger", "export", tmp_path / "台账.xlsx", "--ledger", db)
    assert res.exit_code == 1 and "磁盘空间不足" in res.output and no_traceback(res)


def test_a_ledger_locked_by_another_program(tmp_path, monkeypatch):
    db = tmp_path / "huyu.db"
    assert invoke("collect", SAMPLES, "--period", "2020-08", "--ledger", db).exit_code == 0
    real = sqlite3.connect
    monkeypatch.setattr(sqlite3, "connect", lambda *a, **k: real(*a, **{**k, "timeout": 0.1}))
    other = real(db, isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")
    try:
        for args in (("collect", SAMPLES, "--period", "2020-08", "--ledger", db),
                     ("ledger", "show", "--ledger", db), ("ledger", "export", tmp_path / "x.xlsx", "--ledger", db),
                     ("generate", "--period", "2020-09", "--prefill", "--ledger", db, "--out", tmp_path / "f")):
            res = invoke(*args)
            assert res.exit_code == 1 and no_traceback(res), (args, res.output)
            assert "另一个程序" in res.output or "无法使用" in res.output, (args, res.output)
    finally:
        other.execute("ROLLBACK")
        other.close()


def test_json_stays_clean_with_notices_on_stderr(tmp_path):
    db = tmp_path / "huyu.db"
    for _ in range(2):
        res = CliRunner().invoke(cli, ["collect", str(SAMPLES), "--period", "2020-08", "--ledger", str(db), "--json"])
        assert res.exit_code == 0
        json.loads(res.stdout)
    assert "将被本次结果替换" in res.stderr
