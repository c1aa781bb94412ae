"""bench/run.py times the real month: every return it times is accepted and judged, and its
"next month" is collected against the first.

A bench that times a collect which rejects its own returns (a plan or template drift in the
synthetic filler) would report a fast nothing; that is the defect this test catches. Speed is
never asserted, and the figures' arithmetic is the bench's own business. Slow (it runs the
bench end to end), so it is left out of the fast loop.
"""
import json
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.lo


def _ledger(db: Path) -> dict:
    res = subprocess.run([sys.executable, "-m", "huyu_xlsx", "ledger", "show", "--json", "--ledger", str(db)],
                         capture_output=True, text=True, timeout=120)
    assert res.returncode == 0, res.stderr
    return {row["period"]: row for row in json.loads(res.stdout)}


def test_the_bench_times_whole_months(tmp_path):
    out = tmp_path / "r.json"
    proc = subprocess.run([sys.executable, str(REPO / "bench" / "run.py"), "--units", "7", "--repeat", "1",
                           "--dir", str(tmp_path / "b"), "--json", str(out)],
                          capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr[-2000:]
    (row,) = json.loads(out.read_text())["rows"]
    assert row["units"] == 12  # 7 counties + the plan's 5 departments
    assert all(row[key] is not None for key in ("collect", "collect_next", "collect_serial", "floor", "naive"))
    assert "targets:" in proc.stdout  # each target printed with its figure, met or MISSED
    month = tmp_path / "b" / "n7" / "out"
    # What was timed is a whole month: every return accepted, nothing judged an error.
    first = _ledger(month / "2020-08" / "huyu.db")["2020-08"]
    assert (first["units_received"], first["units_expected"], first["error_count"]) == (12, 12, 0)
    # The month after was collected on top of the first month's ledger, so it had 环比 to write.
    both = _ledger(month / "2020-09" / "huyu.db")
    assert sorted(both) == ["2020-08", "2020-09"] and both["2020-09"]["units_received"] == 12
    from openpyxl import load_workbook

    (summary,) = (month / "2020-09" / "summary").glob("汇总通报_2020-09.xlsx")
    assert "环比" in load_workbook(summary, read_only=True).sheetnames


def _bench_module():
    import importlib.util

    spec = importlib.util.spec_from_file_location("bench_run", REPO / "bench" / "run.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_targets_say_which_are_met_and_which_are_missed():
    bench = _bench_module()
    rows = [{"N": 130, "units": 135, "collect_rss": 40.0, "naive_over_collect": 6.0, "collect_over_floor": 4.0},
            {"N": 1000, "units": 1005, "collect_rss": 100.0, "naive_over_collect": 9.5, "collect_over_floor": 2.5}]
    bundled = {"bundled_month": 1.2, "bundled_month_no_docs": 0.4, "help": 0.1}
    lines = bench.targets(rows, bundled)

    def line(name):
        return next(x for x in lines if x.startswith(f"- {bench.TARGETS[name][0]}:"))

    assert line("naive_over_collect").endswith("MISSED")
    assert line("collect_over_floor").endswith("— met")  # the 1,000 row counts, not the 130 one
    assert line("bundled_month").endswith("MISSED") and line("bundled_month_no_docs").endswith("— met")
    assert line("help").endswith("— met")
    assert "68.97" in line("rss_growth") and line("rss_growth").endswith("MISSED")  # 60 MiB over 870 units
    only_small = bench.targets(rows[:1], bundled)
    assert any("not measured" in line for line in only_small)
