"""The ledger: three hand-made months recorded, replaced, read back, refused and exported."""
from __future__ import annotations

import hashlib
import sqlite3
from datetime import date, datetime
from pathlib import Path

import pytest

from huyu_xlsx import layout
from huyu_xlsx.checks.findings import make_finding
from huyu_xlsx.checks.judge import DONE, INVALID, MISSING, STATUS_LABELS, STATUSES
from huyu_xlsx.collect import (ACCEPTED, NOT_RECEIVED, PREFECTURE, REJECTED, CollectResult, ProjectResult,
                               Result, Submission)
from huyu_xlsx.intake.read import ReturnFile, Value
from huyu_xlsx.ledger import LedgerError, open_ledger, schema
from huyu_xlsx.ledger.export import STATUS_FILLS
from huyu_xlsx.ledger.store import Ledger, input_cells

PERIODS = ("2020-07", "2020-08", "2020-09")
SKIPS_AUGUST = "武定县"  # sends nothing in 2020-08
TABLES = ("periods", "submissions", "cell_values", "results", "projects", "findings")


def typed(kind: str, unit: str, key: tuple, month: int):
    """A value a unit might have typed into an input cell of this kind, different each month."""
    n = (sum(map(ord, unit + "".join(key))) % 50) + month
    if kind in (layout.NUMBER, layout.PERCENT):
        return float(n)
    if kind == layout.DATE:
        return date(2020, month, 1 + n % 28)
    if kind == layout.CHOICE and key[0] != "rectification":
        return n % 2 == 0  # yes/no parses to a bool
    return f"{unit}{month}月填写：{key[1]}"


def make_result(plan, period: str, bump: float = 0.0) -> CollectResult:
    """A CollectResult as collect_returns would give it, built by hand."""
    month = int(period[-2:])
    as_of = date(2020, month, plan.report_day)
    out = CollectResult(plan_id=plan.id, period=period, as_of=as_of, due=as_of)
    cells = input_cells(plan)
    for u, unit in enumerate(plan.unit_names):
        if period == "2020-08" and unit == SKIPS_AUGUST:
            out.submissions.append(Submission(unit, "", NOT_RECEIVED))
            out.findings.append(make_finding("submission-missing", unit=unit))
            out.results += [Result(ind.id, unit, ind.target_for(unit), None, None, MISSING,
                                   ind.deadline.isoformat() if ind.deadline else None)
                            for ind in plan.indicators_for(unit)]
            continue
        file = layout.file_name(unit, period)
        ret = ReturnFile(path=Path(file), sha256=hashlib.sha256(f"{file}{bump}".encode()).hexdigest(),
                         received=datetime(2020, month, 18, 9, 30), unit=unit, period=period)
        for i, (key, kind) in enumerate(sorted(cells[unit].items())):
            value = typed(kind, unit, key, month)
            if isinstance(value, float):
                value += bump
            raw = value if not isinstance(value, bool) else ("是" if value else "否")
            ret.values[key] = Value(value, raw, key[0], f"B{i + 4}")
        bad = next(k for k, kind in cells[unit].items() if kind == layout.NUMBER)
        ret.values[bad] = Value(None, "约30", "任务进度", "I9", error=True)
        ret.signoff["filler"] = Value("李华", "李华", "任务进度", "C60")
        ret.signoff["report_date"] = Value(date(2020, month, 18), f"2020.{month}.18", "任务进度", "I60")
        out.returns[unit] = ret
        out.submissions.append(Submission(unit, file, ACCEPTED, ret.sha256, ret.received.isoformat(),
                                          f"2020-{month:02d}-18", True, 1))
        out.findings.append(make_finding("value-not-number", unit=unit, file=file, sheet="任务进度",
                                         cell="I9", original="约30", subject=bad[1]))
        for j, ind in enumerate(plan.indicators_for(unit)):
            actual = (j % 2 == 0) if ind.is_milestone else float(10 * month + j + u) + bump
            status = STATUSES[(j + u + month) % len(STATUSES)]
            deadline = ind.deadline.isoformat() if ind.deadline else None
            out.results.append(Result(ind.id, unit, ind.target_for(unit), actual, 0.5 + bump, status,
                                      deadline, None, file, "任务进度", f"I{j + 4}"))
        for key in layout.key_project_ids(plan, unit):
            out.projects.append(ProjectResult(key, unit, f"{unit}项目", 800.0, 600.0, 300.0 + bump, 0.5,
                                              60.0, DONE, plan.key_projects.deadline_for(unit).isoformat(), file))
    out.submissions.append(Submission(None, "说明.docx", REJECTED, "ab" * 32, f"{period}-19T08:00:00"))
    out.findings.append(make_finding("file-not-spreadsheet", file="说明.docx", detail="Word 文档"))
    out.results += [Result(ind.id, PREFECTURE, ind.target, 100.0 + month, None, DONE, None)
                    for ind in plan.indicators]
    return out


@pytest.fixture(scope="module")
def months(plan):
    return {p: make_result(plan, p) for p in PERIODS}


@pytest.fixture
def ledger_path(tmp_path, plan, months):
    path = tmp_path / "huyu.db"
    with open_ledger(path) as ledger:
        for p in PERIODS:
            ledger.record(months[p], plan, recorded_at=datetime(2020, int(p[-2:]), 21, 10, 0))
    return path


@pytest.fixture
def ledger(ledger_path):
    with open_ledger(ledger_path) as ledger:
        yield ledger


def dump(ledger: Ledger, period: str | None = None) -> dict:
    """Every row of every table, optionally of one period only."""
    where = " WHERE period = ?" if period else ""
    args = (period,) if period else ()
    return {t: ledger.conn.execute(f"SELECT * FROM {t}{where} ORDER BY 1, 2, 3", args).fetchall()
            for t in TABLES}


def test_three_periods_held(ledger, plan, months):
    rows = ledger.periods()
    assert [r.period for r in rows] == list(PERIODS)
    n = len(plan.unit_names)
    assert [(r.units_received, r.units_expected) for r in rows] == [(n, n), (n - 1, n), (n, n)]
    assert [r.error_count for r in rows] == [months[p].error_count for p in PERIODS]
    assert rows[1].as_of == date(2020, 8, plan.report_day)
    assert rows[1].recorded_at == datetime(2020, 8, 21, 10, 0)
    summary = ledger.summary_rows()
    assert summary[1][3] == f"{n - 1}/{n}" and summary[1][4] == SKIPS_AUGUST
    assert summary[0][4] == "—"


def test_migrations_are_recorded(ledger):
    assert ledger.conn.execute("PRAGMA user_version").fetchone()[0] == schema.schema_version()
    versions = [v for v, _ in ledger.conn.execute("SELECT version, applied_at FROM schema_migrations")]
    assert versions == [n for n, _ in schema.MIGRATIONS]


def test_rerecording_a_period_replaces_only_that_period(ledger, plan):
    before = {p: dump(ledger, p) for p in PERIODS}
    ledger.record(make_result(plan, "2020-08", bump=0.25), plan)
    after = {p: dump(ledger, p) for p in PERIODS}
    assert after["2020-07"] == before["2020-07"]
    assert after["2020-09"] == before["2020-09"]
    assert after["2020-08"]["results"] != before["2020-08"]["results"]
    assert len(after["2020-08"]["results"]) == len(before["2020-08"]["results"])  # replaced, not added
    assert len(ledger.periods()) == 3
    again = ledger.load_results("2020-08")
    assert again.result("labour-local", "双柏县").actual % 1 == 0.25


def test_previous_period_and_actuals(ledger, months):
    assert ledger.previous_period("2020-07") is None
    assert ledger.previous_period("2020-09") == "2020-08"
    assert ledger.previous_period("2020-12") == "2020-09"
    assert ledger.previous_actuals("2020-07") == {}
    got = ledger.previous_actuals("2020-09")
    expected = {(r.unit, r.indicator): r.actual for r in months["2020-08"].results
                if r.actual is not None and r.status not in (MISSING, INVALID)}
    assert got == expected
    assert not any(unit == SKIPS_AUGUST for unit, _ in got)
    assert any(isinstance(v, bool) for v in got.values())


def test_prefill_gives_each_units_last_reported_inputs(ledger, plan, months):
    prefill = ledger.prefill("2020-09", plan)
    assert set(prefill) == set(plan.unit_names)
    august, july = months["2020-08"].returns, months["2020-07"].returns
    for unit, cells in prefill.items():
        source = (july if unit == SKIPS_AUGUST else august)[unit]  # skipped August: July's figures
        expected = {}
        for key, v in source.values.items():
            if v.error or v.value is None:
                continue
            expected[key] = ("是" if v.value else "否") if isinstance(v.value, bool) else v.value
        assert cells == expected
        assert set(cells) <= set(input_cells(plan)[unit])
    kinds = {type(v) for cells in prefill.values() for v in cells.values()}
    assert kinds == {float, str, date}
    assert "是" in {v for cells in prefill.values() for v in cells.values()}
    assert ledger.prefill("2020-07") == {}
    assert ledger.prefill("2020-09") == prefill  # every recorded cell is an input cell of this plan


def test_prefill_is_accepted_by_the_generator(ledger, plan, tmp_path):
    from huyu_xlsx.generate.workbook import write_unit_workbook
    from huyu_xlsx.intake.read import read_return

    unit = "双柏县"
    cells = ledger.prefill("2020-09", plan)[unit]
    path = write_unit_workbook(plan, unit, "2020-09", tmp_path / "prefilled.xlsx", prefill=cells)
    ret = read_return(path, plan, "2020-09")
    for key, value in cells.items():
        got = ret.values[key].value
        assert got == ((value == "是") if value in ("是", "否") and key[0] != "rectification" else value), key


def test_load_results_round_trips(ledger, months):
    for period in PERIODS:
        original, loaded = months[period], ledger.load_results(period)
        assert (loaded.plan_id, loaded.as_of, loaded.due) == (original.plan_id, original.as_of, original.due)
        assert loaded.results == original.results
        assert [r.status for r in loaded.results] == [r.status for r in original.results]
        assert loaded.projects == original.projects
        assert loaded.submissions == original.submissions
        assert loaded.findings == original.findings
        assert loaded.error_count == original.error_count
        assert set(loaded.returns) == set(original.returns)
        for unit, ret in original.returns.items():
            back = loaded.returns[unit]
            assert back.file == ret.file and back.sha256 == ret.sha256 and back.received == ret.received
            assert back.report_date == ret.report_date
            assert {k: (v.value, v.sheet, v.cell, v.error) for k, v in back.values.items()} == \
                   {k: (v.value, v.sheet, v.cell, v.error) for k, v in ret.values.items()}
    with pytest.raises(LedgerError, match="2020-10"):
        ledger.load_results("2020-10")


def test_values_keep_type_and_what_was_typed(ledger):
    rows = ledger.conn.execute(
        "SELECT value_type, value, raw FROM cell_values WHERE period = '2020-07' AND unit = '双柏县'").fetchall()
    types = {t for t, _, _ in rows}
    assert {"number", "text", "date", "bool", "none"} <= types
    assert ("none", None, "约30") in rows
    assert any(t == "date" and v == "2020-07-18" and raw == "2020.7.18" for t, v, raw in rows)


def test_injected_failure_leaves_the_ledger_unchanged(ledger_path, plan, monkeypatch):
    before_bytes = ledger_path.read_bytes()
    with open_ledger(ledger_path) as ledger:
        before = dump(ledger)

        def broken(self, result, plan):
            raise RuntimeError("disk pulled out halfway")

        monkeypatch.setattr(Ledger, "_insert_results", broken)
        with pytest.raises(RuntimeError):
            ledger.record(make_result(plan, "2020-08", bump=0.5), plan)  # replaces an existing period
        with pytest.raises(RuntimeError):
            ledger.record(make_result(plan, "2020-10"), plan)  # adds a new one
        assert dump(ledger) == before
        assert not ledger.conn.in_transaction
    assert ledger_path.read_bytes() == before_bytes


def test_missing_file_is_created_or_refused(tmp_path):
    with pytest.raises(LedgerError, match="不存在"):
        open_ledger(tmp_path / "none.db", create=False)
    assert not (tmp_path / "none.db").exists()
    with pytest.raises(LedgerError, match="目录"):
        open_ledger(tmp_path / "no-such-dir" / "huyu.db")
    with open_ledger(tmp_path / "new.db") as ledger:
        assert ledger.periods() == []


def _assert_refused(path: Path, match: str) -> None:
    before = path.read_bytes()
    siblings = set(path.parent.iterdir())
    with pytest.raises(LedgerError, match=match) as err:
        open_ledger(path)
    assert "未作任何改动" in str(err.value)
    assert path.read_bytes() == before
    assert set(path.parent.iterdir()) == siblings  # no journal or backup left beside it


def test_not_a_database_is_refused_untouched(tmp_path):
    path = tmp_path / "huyu.db"
    path.write_bytes(b"PK\x03\x04 this is a workbook, not a ledger" * 100)
    _assert_refused(path, "不是 SQLite")


def test_damaged_database_is_refused_untouched(ledger_path):
    data = bytearray(ledger_path.read_bytes())
    page = 4096
    assert len(data) > 4 * page
    data[2 * page:2 * page + 200] = b"\xff" * 200  # scribble over a table page
    ledger_path.write_bytes(bytes(data))
    _assert_refused(ledger_path, "损坏|完整性")


def test_newer_schema_is_refused_untouched(ledger_path):
    conn = sqlite3.connect(ledger_path)
    conn.execute(f"PRAGMA user_version = {schema.schema_version() + 1}")
    conn.commit()
    conn.close()
    _assert_refused(ledger_path, "更新版本")


def test_foreign_sqlite_database_is_refused_untouched(tmp_path):
    path = tmp_path / "other.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE contacts (name TEXT)")
    conn.commit()
    conn.close()
    _assert_refused(path, "其他程序")


def test_older_schema_is_upgraded_in_place(ledger_path, monkeypatch):
    with open_ledger(ledger_path) as ledger:
        before = dump(ledger)
    extra = (schema.schema_version() + 1, "CREATE INDEX results_by_unit ON results (unit, indicator);")
    monkeypatch.setattr(schema, "MIGRATIONS", [*schema.MIGRATIONS, extra])
    with open_ledger(ledger_path) as ledger:
        assert ledger.conn.execute("PRAGMA user_version").fetchone()[0] == extra[0]
        assert [v for v, in ledger.conn.execute("SELECT version FROM schema_migrations")][-1] == extra[0]
        assert dump(ledger) == before


def test_export_workbook(ledger, plan, months, tmp_path):
    from openpyxl import load_workbook

    path = ledger.export(tmp_path / "台账.xlsx")
    wb = load_workbook(path)
    assert wb.sheetnames == ["台账概况", "指标台账", "重点项目台账", "报送记录", "问题清单"]

    ws = wb["指标台账"]
    header = [c.value for c in ws[1]]
    assert header[:3] == ["报告期", "填报单位", "指标编号"]
    assert ws.max_row - 1 == sum(len(months[p].results) for p in PERIODS)
    assert ws.freeze_panes == "A2"
    assert ws.auto_filter.ref == f"A1:{ws.cell(1, len(header)).column_letter}{ws.max_row}"
    assert ws.page_setup.orientation == "landscape" and ws.page_setup.paperSize == 9
    col = {h: i for i, h in enumerate(header)}
    rows = list(ws.iter_rows(min_row=2))
    first = months["2020-07"].results[0]
    row = rows[0]
    assert (row[col["报告期"]].value, row[col["填报单位"]].value, row[col["指标编号"]].value) == \
           ("2020-07", first.unit, first.indicator)
    assert row[col["任务内容"]].value == plan.indicator(first.indicator).text
    assert row[col["来源文件"]].value == first.file and row[col["单元格"]].value == first.cell
    seen = set()
    for row, r in zip(rows, [r for p in PERIODS for r in months[p].results]):
        cell = row[col["状态"]]
        assert cell.value == STATUS_LABELS[r.status]
        assert cell.fill.fgColor.rgb == "FF" + STATUS_FILLS[r.status].lstrip("#")
        seen.add(r.status)
    assert seen == set(STATUSES)

    subs = wb["报送记录"]
    sub_header = [c.value for c in subs[1]]
    sha = [row[sub_header.index("SHA-256")] for row in subs.iter_rows(min_row=2, values_only=True)]
    assert months["2020-08"].submissions[0].sha256 in sha
    assert subs.max_row - 1 == sum(len(months[p].submissions) for p in PERIODS)
    found = wb["问题清单"]
    assert found.max_row - 1 == sum(len(months[p].findings) for p in PERIODS)
    assert "问题" in [c.value for c in found[1]]
    overview = wb["台账概况"]
    assert [r[0] for r in overview.iter_rows(min_row=2, values_only=True)] == list(PERIODS)
    # CJK-aware widths: the task text column is wider than the period column.
    widths = {ws.cell(1, i + 1).column_letter: ws.column_dimensions[ws.cell(1, i + 1).column_letter].width
              for i in range(len(header))}
    assert widths["D"] > widths["A"] >= 9


def test_export_path_gets_its_suffix(ledger, tmp_path):
    assert ledger.export(tmp_path / "台账") == tmp_path / "台账.xlsx"
    assert (tmp_path / "台账.xlsx").exists() and not (tmp_path / "台账").exists()
    folder = tmp_path / "导出"
    folder.mkdir()
    assert ledger.export(folder) == folder / "台账.xlsx"
    with pytest.raises(LedgerError, match=r"台账导出只能保存为 \.xlsx 文件，“台账\.csv”的扩展名是 \.csv"):
        ledger.export(tmp_path / "台账.csv")
    assert not (tmp_path / "台账.csv").exists()


def test_export_cli_refuses_other_suffix_in_chinese(ledger_path, tmp_path):
    from click.testing import CliRunner

    from huyu_xlsx.cli import cli

    res = CliRunner().invoke(cli, ["ledger", "export", str(tmp_path / "台账.xls"), "--ledger", str(ledger_path)])
    assert res.exit_code == 1 and "台账导出只能保存为 .xlsx 文件" in res.output
    assert "Traceback" not in res.output
