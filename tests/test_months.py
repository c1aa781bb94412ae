"""Three months in a row through the CLI: ledger, month-over-month, prefilled workbooks."""
from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from huyu_xlsx import layout
from huyu_xlsx.cli import cli
from huyu_xlsx.intake.read import locate
from huyu_xlsx.ledger import open_ledger
from huyu_xlsx.samples import fill_return, plausible_entries, signoff_for

PERIODS = ("2020-07", "2020-08", "2020-09")
COUNTY = "双柏县"
FELL = ("progress", "labour-local", "actual")

# Three months generated, filled and collected through the CLI (Word documents and all): CI only.
pytestmark = pytest.mark.lo


def run(*args):
    res = CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)
    assert res.exit_code == 0, res.output
    return res.stdout  # notices (backups, replaced months) go to stderr


def entries_for(plan, unit, period):
    entries = plausible_entries(plan, unit, period)
    if unit == COUNTY:
        # 双柏县 reports 200 local jobs in July, then a lower cumulative 150 in August.
        entries[FELL] = {"2020-07": 200.0, "2020-08": 150.0}.get(period, 240.0)
    return entries


def month(plan, tmp: Path, period: str, prefill: bool, db: Path, tweak: dict | None = None):
    forms = tmp / "forms" / period
    run("generate", "--period", period, "--out", forms, "--ledger", db, *(["--prefill"] if prefill else []))
    inbox = tmp / "inbox" / period
    for unit in plan.unit_names:
        entries = entries_for(plan, unit, period)
        entries.update((tweak or {}).get(unit, {}))
        year, mon = (int(x) for x in period.split("-"))
        fill_return(forms / layout.file_name(unit, period), inbox / layout.file_name(unit, period), entries,
                    signoff_for(unit, f"{year}-{mon:02d}-15"))
    return json.loads(run("collect", inbox, "--period", period, "--ledger", db, "--out", tmp / "out", "--json"))


def read_inputs(path: Path, sheet: layout.Sheet) -> dict:
    wb = load_workbook(path, read_only=True)
    rows = [list(r) for r in wb[sheet.title].iter_rows(values_only=True)]
    wb.close()
    _, cols, row_of = locate(rows, sheet)
    return {(k, c.key): rows[r][cols[c.key]] for k, r in row_of.items() for c in sheet.columns if c.is_input}


@pytest.fixture(scope="module")
def three_months(plan, tmp_path_factory):
    tmp = tmp_path_factory.mktemp("months")
    db = tmp / "huyu.db"
    results = {p: month(plan, tmp, p, prefill=(p != PERIODS[0]), db=db) for p in PERIODS}
    return tmp, db, results


def test_ledger_holds_three_periods(three_months):
    _, db, _ = three_months
    rows = json.loads(run("ledger", "show", "--ledger", db, "--json"))
    assert [r["period"] for r in rows] == list(PERIODS)
    assert all(r["units_received"] == r["units_expected"] == 12 for r in rows)


def test_fallen_cumulative_figure_is_flagged(three_months):
    _, _, results = three_months
    aug = [f for f in results["2020-08"]["findings"] if f["code"] == "value-decreased"]
    assert [(f["unit"], f["subject"]) for f in aug] == [(COUNTY, "labour-local")]
    assert not [f for f in results["2020-09"]["findings"] if f["code"] == "value-decreased"]


def test_prefilled_workbooks_carry_last_month(plan, three_months):
    tmp, _, _ = three_months
    july = entries_for(plan, COUNTY, "2020-07")
    got = read_inputs(tmp / "forms" / "2020-08" / layout.file_name(COUNTY, "2020-08"), layout.PROGRESS)
    for (sheet_key, row_key, col_key), value in july.items():
        if sheet_key == "progress":
            assert got[(row_key, col_key)] == value, (row_key, col_key)


def test_change_sheet_compares_with_last_month(three_months):
    tmp, _, _ = three_months
    wb = load_workbook(tmp / "out" / "汇总通报_2020-09.xlsx", read_only=True)
    assert "环比" in wb.sheetnames
    rows = [r for r in wb["环比"].iter_rows(values_only=True)]
    header = next(i for i, r in enumerate(rows) if r and "上期完成" in r)
    h = rows[header]
    line = next(r for r in rows[header + 1:] if r[h.index("单位")] == COUNTY and "省内就近就地就业" in str(r[2]))
    assert line[h.index("上期完成")] == 150 and line[h.index("本期完成")] == 240
    assert line[h.index("变化")] == 90


def test_recollecting_a_period_replaces_only_that_period(plan, three_months):
    tmp, db, _ = three_months

    def snapshot(period):
        with open_ledger(db, create=False) as lg:
            r = lg.load_results(period)
        return [asdict(x) for x in r.results]

    july, sept = snapshot("2020-07"), snapshot("2020-09")
    inbox = tmp / "inbox" / "2020-08"
    path = inbox / layout.file_name(COUNTY, "2020-08")
    fill_return(path, path, {FELL: 180.0})
    run("collect", inbox, "--period", "2020-08", "--ledger", db, "--json")
    assert snapshot("2020-07") == july and snapshot("2020-09") == sept
    aug = {(r["indicator"], r["unit"]): r for r in snapshot("2020-08")}
    assert aug[("labour-local", COUNTY)]["actual"] == 180
