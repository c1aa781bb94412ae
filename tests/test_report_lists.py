"""The summary's list sheets at a province's size: the worst few hundred, and where the rest are.

Past MATRIX_MAX_UNITS units, 研判, 调度, 数据问题 and 环比 stop at LIST_MAX_ROWS rows, worst
first, and say in their subtitle how many there are in all and that the ledger export holds
every one; the ledger export really does. Up to MATRIX_MAX_UNITS units nothing is left out.
"""
from __future__ import annotations

import pytest
from report_data import hand_result, province_plan

from huyu_xlsx.findings import make_finding
from huyu_xlsx.checks.judge import DONE, SEVERITY_RANK, STATUS_LABELS
from huyu_xlsx.collect import PREFECTURE
from huyu_xlsx.report import facts, lists, write_summary
from huyu_xlsx.report.matrix import MATRIX_MAX_UNITS

UNITS = 130
N_ERRORS, N_WARNINGS = 150, 250


def rows_of(ws, first=4):
    """The list's rows: from row 4 while 序号 is a number."""
    out = []
    for row in ws.iter_rows(min_row=first, values_only=True):
        if not isinstance(row[0], (int, float)):
            break
        out.append(row)
    return out


def findings_for(plan):
    """Warnings first, errors after: the sheet must put the errors first all the same."""
    units = plan.counties
    warnings = [make_finding("submission-late", unit=units[i % len(units)], file=f"{i}.xlsx", detail="2020-08-25")
                for i in range(N_WARNINGS)]
    errors = [make_finding("value-negative", unit=units[i % len(units)], file=f"{i}.xlsx", sheet="任务进度",
                           cell=f"I{5 + i}", original="-3") for i in range(N_ERRORS)]
    return warnings + errors


@pytest.fixture(scope="module")
def province(plan):
    big = province_plan(plan, UNITS)
    every_done = {(r.indicator, r.unit): DONE for r in hand_result(big).results}
    before = hand_result(big, "2020-07", statuses=every_done)
    after = hand_result(big, "2020-08", absent=(big.counties[7], big.counties[8]), findings=findings_for(big))
    return big, before, after


@pytest.fixture(scope="module")
def summary(province, tmp_path_factory):
    from openpyxl import load_workbook

    big, before, after = province
    return load_workbook(write_summary(after, big, tmp_path_factory.mktemp("lists") / "s.xlsx", previous=before),
                         read_only=True)


def subtitle(ws) -> str:
    return next(ws.iter_rows(min_row=2, max_row=2, values_only=True))[0]


def test_analysis_holds_the_worst_items_and_says_how_many(province, summary):
    big, _, after = province
    items = facts.issues(after, big)
    assert len(items) > lists.LIST_MAX_ROWS
    rows = rows_of(summary["研判"])
    assert len(rows) == lists.LIST_MAX_ROWS
    assert [(r[1], r[2], r[5]) for r in rows] == [(it.label, it.unit, it.text) for it in items[:len(rows)]]
    ranks = [SEVERITY_RANK[it.status] for it in items[:len(rows)]]
    assert ranks == sorted(ranks) and ranks[0] == SEVERITY_RANK["overdue"]
    note = subtitle(summary["研判"])
    assert f"前{lists.LIST_MAX_ROWS}项（共{len(items):,}项）" in note
    assert lists.EXPORT_COMMAND in note and "指标台账" in note


def test_findings_hold_the_errors_first_and_say_how_many(summary):
    ws = summary["数据问题"]
    rows = rows_of(ws)
    assert len(rows) == lists.LIST_MAX_ROWS
    assert [r[1] for r in rows] == ["错误"] * N_ERRORS + ["警告"] * (lists.LIST_MAX_ROWS - N_ERRORS)
    total = N_ERRORS + N_WARNINGS
    assert f"共{total}条，其中错误{N_ERRORS}条" in next(ws.iter_rows(max_row=1, values_only=True))[0]
    note = subtitle(ws)
    assert f"前{lists.LIST_MAX_ROWS}条（共{total}条）" in note and "问题清单" in note


def test_change_holds_the_prefecture_and_the_worst_changes(province, summary):
    big, before, after = province
    ws = summary["环比"]
    rows = rows_of(ws)
    assert len(rows) == lists.LIST_MAX_ROWS
    units = [r[3] for r in rows]
    n_whole = len(big.indicators)
    assert units[:n_whole] == [PREFECTURE] * n_whole
    arrows = [r[10] for r in rows[n_whole:]]
    labels = {v: k for k, v in STATUS_LABELS.items()}
    ranks = [SEVERITY_RANK[labels[a.split("→")[1]]] for a in arrows if a]
    assert ranks == sorted(ranks)  # got worse, the worst new status first
    assert all(SEVERITY_RANK[labels[a.split("→")[1]]] < SEVERITY_RANK[DONE] for a in arrows)  # all got worse
    note = subtitle(ws)
    assert f"本表只列出其中最需关注的前{lists.LIST_MAX_ROWS}行" in note and lists.EXPORT_COMMAND in note


def test_dispatch_holds_the_units_most_to_chase(province, tmp_path, monkeypatch):
    from openpyxl import load_workbook

    big, _, after = province
    monkeypatch.setattr(lists, "LIST_MAX_ROWS", 20)  # 135 units: fewer than 300 to dispatch
    ws = load_workbook(write_summary(after, big, tmp_path / "d.xlsx"), read_only=True)["调度"]
    rows = rows_of(ws)
    assert len(rows) == 20
    worst = [STATUS_LABELS[facts.issues(after, big)[0].status]]
    assert rows[0][2] in worst
    ranks = [SEVERITY_RANK[{v: k for k, v in STATUS_LABELS.items()}[r[2]]] for r in rows]
    assert ranks == sorted(ranks)
    units_to_chase = len({it.unit for it in facts.issues(after, big)})
    assert f"前20个单位（共{units_to_chase}个单位）" in subtitle(ws)
    assert "重点项目台账" in subtitle(ws)


def test_a_prefecture_lists_everything(plan, tmp_path, monkeypatch):
    from openpyxl import load_workbook

    small = province_plan(plan, MATRIX_MAX_UNITS - len(plan.departments))
    assert len(small.unit_names) == MATRIX_MAX_UNITS
    monkeypatch.setattr(lists, "LIST_MAX_ROWS", 5)
    result = hand_result(small, findings=findings_for(small)[:40])
    wb = load_workbook(write_summary(result, small, tmp_path / "s.xlsx"), read_only=True)
    assert len(rows_of(wb["研判"])) == len(facts.issues(result, small)) > 5
    assert len(rows_of(wb["数据问题"])) == 40
    for sheet in ("研判", "调度", "数据问题"):
        assert lists.EXPORT_COMMAND not in subtitle(wb[sheet])


def test_the_ledger_export_holds_every_item(province, tmp_path):
    """What the lists leave out is in the ledger export: every result, project, submission, finding."""
    from openpyxl import load_workbook

    from huyu_xlsx.ledger import open_ledger

    big, _, after = province
    with open_ledger(tmp_path / "huyu.db") as lg:
        lg.record(after, big)
        path = lg.export(tmp_path / "台账.xlsx")
    wb = load_workbook(path, read_only=True)

    def body(title):
        return [r for r in wb[title].iter_rows(min_row=2, values_only=True) if any(v is not None for v in r)]

    results = body("指标台账")
    assert len(results) == len(after.results)
    assert {(r[1], r[2]) for r in results} == {(r.unit, r.indicator) for r in after.results}
    keys = {(r[1], r[2]) for r in results}
    assert all((it.unit, it.subject) in keys for it in facts.issues(after, big) if it.kind == "indicator")
    assert len(body("重点项目台账")) == len(after.projects)
    assert len(body("报送记录")) == len(after.submissions)
    findings = body("问题清单")
    assert len(findings) == len(after.findings)
    assert sorted((f[2], f[5], f[7] or "") for f in findings) == sorted((f.unit, f.file, f.cell) for f in after.findings)
