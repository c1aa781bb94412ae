"""One rule model: the 完成率 a unit sees in its workbook (recalculated by LibreOffice) is the
summary's and the JSON's, for every rule kind."""
from __future__ import annotations

import copy
from datetime import date

import openpyxl
import pytest
from lo import convert, needs_soffice
from test_report import load, matrix_cells

from huyu_xlsx import layout
from huyu_xlsx.collect import collect_returns
from huyu_xlsx.generate import generate_month
from huyu_xlsx.plan.load import default_plan_text, plan_from_dict, read_yaml
from huyu_xlsx.plan.rules import RULES
from huyu_xlsx.report import write_summary
from huyu_xlsx.samples import signoff_for

pytestmark = [pytest.mark.lo, needs_soffice]
PERIOD = "2020-08"
UNITS = ("州沪滇办", "州商务局", "双柏县", "武定县")


def _plan_with_every_rule():
    """The default plan, with two prefecture targets turned into 等于 and 区间 (it has neither)."""
    data = copy.deepcopy(read_yaml(default_plan_text()))
    for raw in data["indicators"]:
        if raw["id"] == "standing-meeting-prefecture":
            raw["rule"] = "exactly"
        if raw["id"] == "leading-group-meeting-prefecture":
            raw.update(rule="range", target=2, target_max=4)
    return plan_from_dict(data, "every-rule")


def _typed(ind, i: int):
    """A plausible figure for row i: some done, some not, never blank."""
    if ind.is_milestone:
        return layout.YES if i % 2 else layout.NO
    if ind.rule == "zero":
        return None  # counted from 问题整改
    target = ind.target or 10
    return float(round(target * (0.4 + 0.3 * (i % 3)), 1))


def _fill(template, out, plan, unit):
    wb = openpyxl.load_workbook(template)
    ws = wb[layout.PROGRESS.title]
    col = {c.key: i + 1 for i, c in enumerate(layout.PROGRESS.columns)}
    rows = {ws.cell(r, col["id"]).value: r for r in range(layout.FIRST_DATA_ROW + 1, ws.max_row + 1)}
    for i, ind in enumerate(plan.indicators_for(unit)):
        if ind.source != "input":
            continue
        r = rows[ind.id]
        if ind.rule == "growth":
            ws.cell(r, col["baseline"]).value = 10.0
            ws.cell(r, col["actual"]).value = [12.0, 10.0, 8.0][i % 3]
        else:
            ws.cell(r, col["actual"]).value = _typed(ind, i)
    rect = wb[layout.RECTIFICATION.title]
    rc = {c.key: i + 1 for i, c in enumerate(layout.RECTIFICATION.columns)}
    first = layout.FIRST_DATA_ROW + 1
    rect.cell(first, rc["description"]).value = "台账管理不够规范"
    rect.cell(first, rc["status"]).value = "已整改" if unit != "武定县" else "整改中"
    wb[layout.CASES.title].cell(first, 2).value = "消费扶贫进上海"
    for r in range(1, ws.max_row + 1):
        if ws.cell(r, col["section"]).value == "填报日期":
            ws.cell(r, col["section"] + 1).value = date(2020, 8, 18)
        if ws.cell(r, col["section"]).value == "填报人":
            ws.cell(r, col["section"] + 1).value = signoff_for(unit, None)["filler"]
    wb.save(out)
    return rows


def test_workbook_summary_and_json_rates_agree_for_every_rule_kind(tmp_path):
    plan = _plan_with_every_rule()
    templates = dict(zip(plan.unit_names, generate_month(plan, PERIOD, tmp_path / "forms")))
    filled, rows = tmp_path / "filled", {}
    filled.mkdir()
    for unit in UNITS:
        rows[unit] = _fill(templates[unit], filled / templates[unit].name, plan, unit)
    inbox = tmp_path / "inbox"
    for unit in UNITS:  # what the county sends back: the workbook as LibreOffice saved it
        convert(filled / templates[unit].name, "xlsx", inbox)
    result = collect_returns(inbox, plan, PERIOD)
    summary = write_summary(result, plan, tmp_path / "summary.xlsx")
    matrix = matrix_cells(load(summary)["分析"])
    json_rates = {(r["indicator"], r["unit"]): r["rate"] for r in result.to_dict()["results"]}

    from python_calamine import CalamineWorkbook

    seen = set()
    rate_col = layout.PROGRESS.index("rate")
    for unit in UNITS:
        sheet = CalamineWorkbook.from_path(str(inbox / templates[unit].name)) \
            .get_sheet_by_name(layout.PROGRESS.title).to_python()
        for ind in plan.indicators_for(unit):
            in_workbook = sheet[rows[unit][ind.id] - 1][rate_col]
            in_json = json_rates[(ind.id, unit)]
            in_summary = matrix[(ind.text, unit)][2].value
            if in_json is None:
                assert in_workbook in ("", None) and in_summary is None, (ind.id, unit)
                continue
            assert in_workbook == pytest.approx(in_json), (ind.id, unit, ind.rule)
            assert in_summary == pytest.approx(in_json), (ind.id, unit, ind.rule)
            seen.add(ind.rule)
    assert seen == set(RULES)
