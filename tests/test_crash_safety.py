"""`huyu collect` killed at any moment (power cut, task manager) leaves a usable ledger and no
half-written summary.

A ledger holds August from 50 of 105 units; a collect of all 105 is killed with SIGKILL at
points spread over a whole run (the main process alone, or its whole process group). Each
time the ledger must pass PRAGMA integrity_check and hold either the old August or the
whole new one, and the summary must be absent or complete. Kill points are fractions of a
run measured first, so the test follows the machine's speed rather than asserting one.
"""
from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

from huyu_xlsx.generate import generate_month
from huyu_xlsx.synthetic import fill_month, synthetic_plan, synthetic_plan_data

PERIOD = "2020-08"
N_COUNTIES = 100
OLD_UNITS = 50
KILL_POINTS = 14
SUMMARY = f"汇总通报_{PERIOD}.xlsx"
BULLETIN = f"通报_{PERIOD}.txt"

# Slow (about a minute: 105 returns, collected 15 times) and run by CI; the fast loop leaves it out.
pytestmark = pytest.mark.lo


@pytest.fixture(scope="module")
def setting(tmp_path_factory):
    import yaml

    tmp = tmp_path_factory.mktemp("crash")
    plan = synthetic_plan(N_COUNTIES)
    plan_file = tmp / "plan.yaml"
    plan_file.write_text(yaml.safe_dump(synthetic_plan_data(N_COUNTIES), allow_unicode=True, sort_keys=False),
                         "utf-8")
    templates = generate_month(plan, PERIOD, tmp / "templates")
    full = tmp / "full"
    fill_month(plan, templates, full, PERIOD, workers=os.cpu_count() or 1)
    part = tmp / "part"
    part.mkdir()
    for path in sorted(full.iterdir())[:OLD_UNITS]:
        shutil.copy(path, part)
    old = tmp / "old.db"
    run = _collect(plan_file, part, old, tmp / "old-out")
    assert run.wait(300) == 0, run.stderr.read()
    return plan, plan_file, full, old, tmp


def _collect(plan_file: Path, inbox: Path, db: Path, out: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "huyu_xlsx", "collect", str(inbox), "--period", PERIOD, "--plan", str(plan_file),
         "--ledger", str(db), "--out", str(out), "--json"],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)


def _month(db: Path) -> tuple:
    with sqlite3.connect(db) as conn:  # rolls back a hot journal, as huyu itself would
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        received = conn.execute("SELECT units_received FROM periods WHERE period = ?", (PERIOD,)).fetchone()
        counts = tuple(conn.execute(f"SELECT COUNT(*) FROM {t} WHERE period = ?", (PERIOD,)).fetchone()[0]
                       for t in ("submissions", "cell_values", "results", "projects", "findings"))
    return (received[0] if received else None), counts


def _gone(pgid: int, timeout: float = 20.0) -> None:
    """Wait until no process of the group is left (workers notice their parent is gone)."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        try:
            os.killpg(pgid, 0)
        except ProcessLookupError:
            return
        time.sleep(0.05)
    os.killpg(pgid, signal.SIGKILL)


def _summary_state(out: Path) -> str:
    """'absent' or 'complete'; anything else fails the test."""
    summary = out / SUMMARY
    if not summary.exists():
        return "absent"
    with zipfile.ZipFile(summary) as zf:
        assert zf.testzip() is None
        names = set(zf.namelist())
    assert {"xl/workbook.xml", "[Content_Types].xml"} <= names
    from openpyxl import load_workbook

    wb = load_workbook(summary, read_only=True)
    assert "通报" in wb.sheetnames
    wb.close()
    return "complete"


def test_a_killed_collect_leaves_the_old_month_or_the_whole_new_one(setting, tmp_path):
    plan, plan_file, full, old, _ = setting
    old_month = _month(old)
    assert old_month[0] == OLD_UNITS

    # One run to the end: how long it takes here, and what the whole new month looks like.
    db, out = tmp_path / "huyu.db", tmp_path / "out"
    shutil.copy(old, db)
    start = time.monotonic()
    run = _collect(plan_file, full, db, out)
    assert run.wait(300) == 0, run.stderr.read()
    whole = time.monotonic() - start
    new_month = _month(db)
    assert new_month[0] == len(plan.unit_names) and new_month != old_month

    seen = {"old": 0, "new": 0}
    for i in range(KILL_POINTS):
        db, out = tmp_path / f"huyu-{i}.db", tmp_path / f"out-{i}"
        shutil.copy(old, db)
        run = _collect(plan_file, full, db, out)
        time.sleep(whole * (i + 0.5) / KILL_POINTS)
        if i % 2:
            os.killpg(run.pid, signal.SIGKILL)  # the power goes: every process at once
        else:
            run.send_signal(signal.SIGKILL)  # the task manager ends huyu: its helpers are left alone
        run.wait(60)
        _gone(run.pid)
        month = _month(db)
        assert month in (old_month, new_month), (i, month)
        seen["old" if month == old_month else "new"] += 1
        _summary_state(out)
        assert not (out / BULLETIN).exists() or (out / BULLETIN).read_text("utf-8-sig").strip()
    # Kills spread over a whole run: some before the ledger was written, some after.
    assert seen["old"] >= 1, seen

    # The next run completes and leaves none of the killed runs' temporary files behind.
    db, out = tmp_path / "huyu-0.db", tmp_path / "out-0"
    run = _collect(plan_file, full, db, out)
    assert run.wait(300) == 0, run.stderr.read()
    assert _month(db) == new_month and _summary_state(out) == "complete"
    assert not [p for p in out.iterdir() if p.name.startswith(".~")]
