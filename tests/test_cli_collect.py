"""`huyu collect` on the bundled sample month, through the CLI."""
from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from huyu_xlsx import samples
from huyu_xlsx.cli import cli

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples" / "2020-08"


def run(*args):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def test_json_on_the_sample_month(tmp_path):
    res = run("collect", str(SAMPLES), "--period", "2020-08", "--json", "--ledger", str(tmp_path / "db"))
    assert res.exit_code == 0, res.output
    data = json.loads(res.output)
    assert {"period", "as_of", "submissions", "results", "findings"} <= set(data)
    assert data["period"] == "2020-08" and data["as_of"] == "2020-08-20"
    subs = {s["unit"]: s for s in data["submissions"]}
    assert subs[samples.SAMPLE_MISSING]["status"] == "missing"
    assert subs[samples.SAMPLE_LATE]["on_time"] is False
    assert subs[samples.SAMPLE_XLS]["file"].endswith(".xls") and subs[samples.SAMPLE_XLS]["status"] == "accepted"
    assert subs[samples.SAMPLE_RENAMED]["status"] == "accepted"
    codes = {(f["unit"], f["code"]) for f in data["findings"]}
    assert (samples.SAMPLE_TAMPERED, "target-tampered") in codes
    assert {(samples.SAMPLE_TYPOS, c) for c in ("number-fullwidth", "number-unit-stripped", "date-text")} <= codes
    assert (samples.SAMPLE_MISSING, "submission-missing") in codes
    for r in data["results"]:
        assert {"indicator", "unit", "target", "actual", "rate", "status"} <= set(r)
    # The tampered target is judged against the plan's quota.
    tampered = next(r for r in data["results"] if r["unit"] == samples.SAMPLE_TAMPERED
                    and r["indicator"] == "labour-local")
    assert tampered["target"] == 370


def test_table_output_and_strict_exit_code(tmp_path):
    res = run("collect", str(SAMPLES), "--period", "2020-08", "--no-ledger")
    assert res.exit_code == 0
    assert "未报送" in res.output and samples.SAMPLE_MISSING in res.output
    strict = run("collect", str(SAMPLES), "--period", "2020-08", "--no-ledger", "--strict")
    assert strict.exit_code == 1


def test_usage_errors_exit_2(tmp_path):
    assert run("collect", str(SAMPLES), "--period", "2020-13").exit_code == 2
    assert run("collect", str(tmp_path / "nowhere"), "--period", "2020-08").exit_code == 2


def test_collect_records_the_ledger(tmp_path):
    db = tmp_path / "huyu.db"
    assert run("collect", str(SAMPLES), "--period", "2020-08", "--ledger", str(db)).exit_code == 0
    res = run("ledger", "show", "--ledger", str(db), "--json")
    rows = json.loads(res.output)
    assert [r["period"] for r in rows] == ["2020-08"]
    assert rows[0]["units_received"] == 11 and rows[0]["units_expected"] == 12


def test_corrupt_ledger_is_refused_and_untouched(tmp_path):
    db = tmp_path / "huyu.db"
    db.write_bytes(b"not a database at all" * 10)
    before = db.read_bytes()
    res = CliRunner().invoke(cli, ["collect", str(SAMPLES), "--period", "2020-08", "--ledger", str(db)])
    assert res.exit_code == 1 and "台账" in res.output
    assert db.read_bytes() == before


def test_a_collect_that_fails_midway_leaves_the_ledger_as_it_was(tmp_path, monkeypatch):
    db = tmp_path / "huyu.db"
    # August's returns recorded as July (all missing): refused without --force, see test_cli_guards.py.
    assert run("collect", str(SAMPLES), "--period", "2020-07", "--ledger", str(db), "--force").exit_code == 0
    before = db.read_bytes()

    def crash(*args, **kwargs):
        raise RuntimeError("injected failure between reading and recording")

    # The summary is written after the returns are read and before the ledger is touched.
    monkeypatch.setattr("huyu_xlsx.report.write_summary", crash)
    res = CliRunner().invoke(cli, ["collect", str(SAMPLES), "--period", "2020-08", "--ledger", str(db),
                                   "--out", str(tmp_path / "out")])
    assert res.exit_code == 1 and "程序出错" in res.output and "Traceback" not in res.output
    assert db.read_bytes() == before
    res = run("ledger", "show", "--ledger", str(db), "--json")
    assert [r["period"] for r in json.loads(res.output)] == ["2020-07"]
