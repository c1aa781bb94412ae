"""bench/run.py still runs end to end and reports every figure the README quotes.

Only that the figures exist and agree with each other; speed itself is never asserted.
"""
import json
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def test_bench_reports_every_figure(tmp_path):
    out = tmp_path / "r.json"
    proc = subprocess.run([sys.executable, str(REPO / "bench" / "run.py"), "--units", "7", "--repeat", "2",
                           "--dir", str(tmp_path / "b"), "--json", str(out)],
                          capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr[-2000:]
    data = json.loads(out.read_text())
    (row,) = data["rows"]
    assert row["N"] == 7 and row["units"] == 12  # 7 counties + the plan's 5 departments
    for key in ("generate", "collect", "collect_next", "collect_serial", "floor", "naive", "collect_rss",
                "collect_next_rss"):
        assert row[key] > 0, key
    assert row["returns_per_s"] == row["units"] / row["collect"]
    assert row["collect_over_floor"] > 0 and row["naive_over_collect"] > 0
    assert data["cores"] >= 1 and data["help"] > 0 and data["bundled_month"] > 0
    assert "| 7 | 12 |" in proc.stdout and "collect ÷ floor" in proc.stdout
    # the filled returns were really collected: a summary and a ledger were written
    out = tmp_path / "b" / "n7" / "out"
    assert list((out / "2020-08" / "summary").glob("汇总通报_2020-08.xlsx"))
    assert (out / "2020-08" / "huyu.db").stat().st_size > 0
    # the month after was collected against the first month: its summary has the 环比 sheet
    from openpyxl import load_workbook

    (next_summary,) = (out / "2020-09" / "summary").glob("汇总通报_2020-09.xlsx")
    assert "环比" in load_workbook(next_summary, read_only=True).sheetnames
