"""Collect at scale: a hundred units read right, and the process pool changes nothing.

Speed is measured by bench/run.py, never asserted here.
"""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from huyu_xlsx import collect as collect_module
from huyu_xlsx import layout
from huyu_xlsx import pool as pool_module
from huyu_xlsx.checks.judge import MISSING
from huyu_xlsx.collect import ACCEPTED, PREFECTURE, collect_returns
from huyu_xlsx.generate import generate_month
from huyu_xlsx.plan import load_plan
from huyu_xlsx.synthetic import county_name, fill_month, synthetic_plan, unit_entries

PERIOD = "2020-08"
SLOW = pytest.mark.lo  # 100 (or 20) units generated, filled and collected: CI only, not the fast loop


def make_month(plan, tmp: Path) -> Path:
    templates = generate_month(plan, PERIOD, tmp / "templates")
    inbox = tmp / "returns"
    fill_month(plan, templates, inbox, PERIOD, workers=os.cpu_count() or 1)
    return inbox


@pytest.fixture(scope="module")
def hundred(tmp_path_factory):
    plan = synthetic_plan(100)
    inbox = make_month(plan, tmp_path_factory.mktemp("n100"))
    return plan, inbox, collect_returns(inbox, plan, PERIOD)


def test_synthetic_plan_of_seven_is_the_default_plan():
    default, seven = load_plan(), synthetic_plan(7)
    assert len(seven.counties) == 7 and seven.departments == default.departments
    rename = dict(zip(default.counties, seven.counties))
    for a, b in zip(default.indicators, seven.indicators, strict=True):
        assert (a.id, a.rule, a.split, a.target, a.deadline) == (b.id, b.rule, b.split, b.target, b.deadline)
        assert {rename.get(k, k): v for k, v in a.targets.items()} == dict(b.targets)
    assert sum(seven.key_projects.counties.values()) == 16
    assert ({(rename[r.county], r.leaders, r.squad_leader) for r in default.supervision}
            == {(r.county, r.leaders, r.squad_leader) for r in seven.supervision})


@SLOW
def test_a_hundred_counties_every_return_read(hundred):
    plan, inbox, result = hundred
    assert len(plan.unit_names) == 105 and len(list(inbox.iterdir())) == 105
    accepted = [s for s in result.submissions if s.status == ACCEPTED]
    assert sorted(s.unit for s in accepted) == sorted(plan.unit_names)
    assert not [f for f in result.findings if f.severity == "error"]
    assert not [r for r in result.results if r.status == MISSING and r.unit != PREFECTURE]
    assert county_name(99) in result.returns


@SLOW
def test_a_hundred_counties_totals_equal_what_was_typed(hundred):
    plan, _, result = hundred
    typed = {unit: unit_entries(plan, unit, PERIOD) for unit in plan.unit_names}
    checked = 0
    for ind in plan.indicators:
        if ind.source != "input" or ind.rule == "milestone":
            continue
        key = ("progress", ind.id, "actual")
        expected = sum(typed[u][key] for u in ind.reporters)
        whole = result.result(ind.id, PREFECTURE)
        assert whole.actual == pytest.approx(expected), ind.id
        by_unit = sum(result.result(ind.id, u).actual for u in ind.reporters)
        assert by_unit == pytest.approx(expected), ind.id
        checked += 1
    assert checked >= 30
    # Key projects: what each county allocated, project by project.
    allocated = sum(p.allocated for p in result.projects)
    assert allocated == pytest.approx(sum(v for entries in typed.values() for k, v in entries.items()
                                          if k[0] == "key_projects" and k[2] == "allocated"))
    assert len(result.projects) == sum(len(layout.key_project_ids(plan, u)) for u in plan.unit_names)


def test_the_pool_gives_the_serial_result(tmp_path):
    plan = synthetic_plan(12)
    inbox = make_month(plan, tmp_path)
    (inbox / "不是表格.xlsx").write_text("hello", "utf-8")  # a refused file travels through the pool too
    serial = collect_returns(inbox, plan, PERIOD, workers=1)
    pooled = collect_returns(inbox, plan, PERIOD, workers=2)
    assert pooled.to_dict() == serial.to_dict()
    assert pooled.returns.keys() == serial.returns.keys()
    for unit, ret in pooled.returns.items():
        assert dict(ret.values) == dict(serial.returns[unit].values), unit
    assert any(f.code == "file-not-spreadsheet" and f.file == "不是表格.xlsx" for f in pooled.findings)


def test_a_file_that_kills_its_reader_costs_only_itself(tmp_path, monkeypatch):
    plan = synthetic_plan(3)
    inbox = make_month(plan, tmp_path)
    victim = sorted(inbox.iterdir())[1]
    real = collect_module.read_return

    def crashing(path, *args):
        if Path(path).name == victim.name:
            os._exit(3)  # what a crash inside a native reader looks like to the pool
        return real(path, *args)

    monkeypatch.setattr(collect_module, "read_return", crashing)
    result = collect_returns(inbox, plan, PERIOD, workers=2)
    crashed = [f for f in result.findings if f.file == victim.name]
    assert [f.code for f in crashed] == ["file-unreadable"]
    accepted = {s.file for s in result.submissions if s.status == ACCEPTED}
    assert accepted == {p.name for p in inbox.iterdir()} - {victim.name}


@SLOW
def test_a_hundred_counties_summary_and_terminal_stay_readable(hundred, tmp_path):
    from openpyxl import load_workbook

    from huyu_xlsx.console import MAX_UNITS_SHOWN, render_collect
    from huyu_xlsx.report import write_summary
    from huyu_xlsx.report.issues import DISPATCH_TITLE, UNIT_DISPATCH_HEADERS

    plan, _, result = hundred
    text = render_collect(result, plan)
    late = [s.unit for s in result.submissions if s.on_time is False]
    assert late and all(unit in text for unit in late)
    assert sum(1 for line in text.splitlines() if "样本" in line and "县" in line) <= MAX_UNITS_SHOWN + 30
    assert f"共 {len(plan.unit_names)} 个单位" in text

    ws = load_workbook(write_summary(result, plan, tmp_path / "汇总.xlsx"), read_only=True)[DISPATCH_TITLE]
    rows = [r for r in ws.iter_rows(min_row=4, values_only=True) if isinstance(r[0], (int, float))]
    header = next(ws.iter_rows(min_row=3, max_row=3, values_only=True))
    assert list(header[:len(UNIT_DISPATCH_HEADERS)]) == UNIT_DISPATCH_HEADERS
    lagging = {r.unit for r in result.results if r.status in ("behind", "overdue") and r.unit != PREFECTURE}
    assert {r[1] for r in rows} >= lagging - {PREFECTURE}
    assert len(rows) == len({r[1] for r in rows})  # one row per unit
    for row in rows:
        sup = plan.supervision_for(row[1])
        if sup is not None:  # every made-up county has its model county's supervision row
            assert row[8] == "、".join(sup.leaders) and row[11] == sup.squad_leader


@pytest.fixture(scope="module")
def twenty(tmp_path_factory):
    """25 units: enough files for the pool and for the summary beside the ledger."""
    plan = synthetic_plan(20)
    base = tmp_path_factory.mktemp("n20")
    inbox = make_month(plan, base)
    plan_file = base / "plan.yaml"
    import yaml

    from huyu_xlsx.synthetic import synthetic_plan_data
    plan_file.write_text(yaml.safe_dump(synthetic_plan_data(20), allow_unicode=True), "utf-8")
    return plan, inbox, plan_file


def _collect_cli(inbox, plan_file, out, *extra):
    from click.testing import CliRunner

    from huyu_xlsx.cli import cli

    out.mkdir(parents=True, exist_ok=True)
    return CliRunner().invoke(cli, ["collect", str(inbox), "--period", PERIOD, "--plan", str(plan_file),
                                    "--out", str(out / "汇总"), "--ledger", str(out / "huyu.db"), *extra])


def _cells(path):
    from python_calamine import CalamineWorkbook

    wb = CalamineWorkbook.from_path(str(path))
    return {name: wb.get_sheet_by_name(name).to_python() for name in wb.sheet_names}


@SLOW
def test_summary_beside_the_ledger_is_the_summary(twenty, tmp_path, monkeypatch):
    _, inbox, plan_file = twenty
    assert len(list(inbox.iterdir())) >= pool_module.POOL_MIN_FILES
    beside = _collect_cli(inbox, plan_file, tmp_path / "a")
    assert beside.exit_code == 0, beside.output
    monkeypatch.setattr(pool_module, "POOL_MIN_FILES", 10**6)  # everything in one process
    alone = _collect_cli(inbox, plan_file, tmp_path / "b")
    assert alone.exit_code == 0, alone.output
    name = f"汇总通报_{PERIOD}.xlsx"
    assert _cells(tmp_path / "a" / "汇总" / name) == _cells(tmp_path / "b" / "汇总" / name)
    bulletin = f"通报_{PERIOD}.txt"
    assert (tmp_path / "a" / "汇总" / bulletin).read_text("utf-8") == \
        (tmp_path / "b" / "汇总" / bulletin).read_text("utf-8")
    from huyu_xlsx.ledger import open_ledger

    with open_ledger(tmp_path / "a" / "huyu.db", create=False) as a, \
            open_ledger(tmp_path / "b" / "huyu.db", create=False) as b:
        assert a.load_results(PERIOD).results == b.load_results(PERIOD).results


@SLOW
def test_a_locked_summary_beside_the_ledger_says_so(twenty, tmp_path, monkeypatch):
    from huyu_xlsx import report
    from huyu_xlsx.report import SummaryLocked

    _, inbox, plan_file = twenty

    def locked(result, plan, path, previous=None, digest=None):
        raise SummaryLocked(path)

    monkeypatch.setattr(report, "write_summary", locked)
    run = _collect_cli(inbox, plan_file, tmp_path)
    assert run.exit_code == 1
    assert "正在 Excel 或 WPS 中打开" in run.output and "已记入台账" in run.output
    assert not list((tmp_path / "汇总").glob("*.xlsx"))
    from huyu_xlsx.ledger import open_ledger

    with open_ledger(tmp_path / "huyu.db", create=False) as lg:
        assert [p.period for p in lg.periods()] == [PERIOD]


def test_generating_many_units_in_the_pool_writes_the_same_bytes(tmp_path):
    from huyu_xlsx.generate import write_unit_workbook

    plan = synthetic_plan(20)
    assert len(plan.unit_names) >= pool_module.POOL_MIN_FILES  # the pool is used
    pooled = generate_month(plan, PERIOD, tmp_path / "pool")
    assert [p.name for p in pooled] == [layout.file_name(u, PERIOD) for u in plan.unit_names]
    (tmp_path / "one").mkdir()
    for unit, path in zip(plan.unit_names, pooled):
        alone = write_unit_workbook(plan, unit, PERIOD, tmp_path / "one" / path.name)
        assert alone.read_bytes() == path.read_bytes(), unit


@pytest.mark.parametrize("workers", [1, 2])
def test_typed_cells_wait_on_disk_until_the_result_goes(tmp_path, workers):
    """A batch keeps no table of every return's cells in memory (intake/spill.py)."""
    import gc

    from huyu_xlsx.intake.spill import SpilledCells

    plan = synthetic_plan(2)
    inbox = make_month(plan, tmp_path)
    result = collect_returns(inbox, plan, PERIOD, workers=workers)
    cells = result.returns[county_name(1)].values
    assert isinstance(cells, SpilledCells)
    typed = unit_entries(plan, county_name(1), PERIOD)
    read = {key: v.raw for key, v in cells.items()}  # as typed
    assert {k: read[k] for k in typed if k[0] == "progress"} == {k: v for k, v in typed.items() if k[0] == "progress"}
    folder = Path(cells.path).parent
    assert folder.is_dir()
    del result, cells
    gc.collect()
    assert not folder.exists()


def test_no_room_for_scratch_files_keeps_the_cells_in_memory(tmp_path, monkeypatch):
    from huyu_xlsx.intake.spill import Spill

    def disk_full(self, cells):
        raise OSError(28, "No space left on device")

    plan = synthetic_plan(2)
    inbox = make_month(plan, tmp_path)
    monkeypatch.setattr(Spill, "put", disk_full)
    result = collect_returns(inbox, plan, PERIOD, workers=1)
    cells = result.returns[county_name(1)].values
    assert type(cells) is dict
    typed = unit_entries(plan, county_name(1), PERIOD)
    assert all(cells[key].raw == value for key, value in typed.items() if key[0] == "progress")
