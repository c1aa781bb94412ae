"""A prefilled workbook says its figures are last month's, marks them, and does not carry
last month's errors (they are left empty with a note)."""
from __future__ import annotations

import pytest
from openpyxl import load_workbook
from returns import cell_of, make_return

from huyu_xlsx import layout
from huyu_xlsx.collect import collect_returns
from huyu_xlsx.generate import generate_month, write_unit_workbook
from huyu_xlsx.generate.styles import INPUT_FILL, PREFILL_FILL
from huyu_xlsx.ledger import open_ledger

AUGUST, SEPTEMBER = "2020-08", "2020-09"
UNIT = "双柏县"
KP = f"KP-{UNIT}-01"
DISBURSED = ("key_projects", KP, "disbursed")
ALLOCATED = ("key_projects", KP, "allocated")
WORKS = ("key_projects", KP, "works_progress")
LABOUR = ("progress", "labour-local", "actual")  # typed as words: unreadable
FUNDS = ("progress", "labour-to-shanghai", "actual")  # a plain figure: carried


@pytest.fixture(scope="module")
def september(plan, generated_month, tmp_path_factory):
    tmp = tmp_path_factory.mktemp("prefill-marks")
    inbox = tmp / "inbox"
    inbox.mkdir()
    for unit in plan.unit_names:
        change = {DISBURSED: 700, ALLOCATED: 600, WORKS: 150, LABOUR: "见附件"} if unit == UNIT else {}
        make_return(plan, generated_month, unit, inbox, change=change)
    with open_ledger(tmp / "huyu.db") as ledger:
        august = collect_returns(inbox, plan, AUGUST)
        ledger.record(august, plan)
        prefill = ledger.prefill(SEPTEMBER, plan)
    out = tmp / "09"
    paths = dict(zip(plan.unit_names, generate_month(plan, SEPTEMBER, out, prefill=prefill)))
    return august, prefill, paths


def fill(cell) -> str:
    return (cell.fill.fgColor.rgb or "")[-6:].upper()


def sheet_cell(path, key):
    title, ref = cell_of(path, *key)
    return load_workbook(path)[title][ref]


def test_august_had_the_errors(september):
    august, _, _ = september
    codes = {(f.code, f.subject) for f in august.findings if f.unit == UNIT and f.severity == "error"}
    assert {("disbursed-over-allocated", KP), ("percent-over-100", KP)} <= codes
    assert any(f.subject == "labour-local" and f.severity == "error" for f in august.findings if f.unit == UNIT)


def test_errors_are_withheld_not_carried(september):
    _, prefill, _ = september
    carried = prefill[UNIT]
    assert carried.period == AUGUST
    for key in (DISBURSED, WORKS, LABOUR):
        assert key not in carried
    assert {w.key for w in carried.withheld} == {DISBURSED, WORKS, LABOUR}
    assert carried[ALLOCATED] == 600 and FUNDS in carried  # the figures without an error are carried
    other = prefill["牟定县"]
    assert other.withheld == () and ("key_projects", "KP-牟定县-01", "disbursed") in other


def test_prefilled_cells_are_marked_unlocked_and_validated(september):
    _, prefill, paths = september
    path = paths[UNIT]
    wb = load_workbook(path)
    title, ref = cell_of(path, *FUNDS)
    cell = wb[title][ref]
    assert cell.value == prefill[UNIT][FUNDS]
    assert fill(cell) == PREFILL_FILL.lstrip("#") != INPUT_FILL.lstrip("#")
    assert cell.protection.locked is False
    dv = next(dv for dv in wb[title].data_validations.dataValidation if ref in dv.sqref)
    assert dv.type == "decimal" and "已预填2020年8月报送的数，请核实并更新为本月数" in dv.prompt
    # A cell nobody filled last month keeps the ordinary input fill.
    blank = sheet_cell(path, ("progress", "labour-local", "done_date"))
    assert blank.value is None and fill(blank) == INPUT_FILL.lstrip("#")


def test_withheld_cells_are_empty_with_a_note(september):
    _, _, paths = september
    path = paths[UNIT]
    disbursed = sheet_cell(path, DISBURSED)
    assert disbursed.value is None and fill(disbursed) == INPUT_FILL.lstrip("#")
    assert disbursed.protection.locked is False
    note = disbursed.comment.text
    assert "2020年8月填写的“700”有误" in note and "已拨付资金 700 万元超过上海帮扶资金 600 万元" in note
    assert "本月未预填，请重新填写" in note
    works = sheet_cell(path, WORKS)
    assert works.value is None and "150" in works.comment.text
    labour = sheet_cell(path, LABOUR)
    assert labour.value is None and "见附件" in labour.comment.text
    # The rate beside the withheld figure shows blank, as the formula computes it.
    rate = sheet_cell(path, ("key_projects", KP, "disbursement_rate"))
    assert rate.value.startswith("=")
    from python_calamine import CalamineWorkbook
    rows = CalamineWorkbook.from_path(str(path)).get_sheet_by_name(layout.KEY_PROJECTS.title).to_python()
    title, ref = cell_of(path, "key_projects", KP, "disbursement_rate")
    r, c = int(ref[1:]) - 1, ord(ref[0]) - ord("A")
    assert rows[r][c] == ""


def instructions(path) -> str:
    ws = load_workbook(path)[layout.INSTRUCTIONS_TITLE]
    return "\n".join(str(c.value) for row in ws.iter_rows() for c in row if c.value)


def test_instructions_say_the_figures_are_last_months(september):
    _, prefill, paths = september
    text = instructions(paths[UNIT])
    assert "预填说明" in text
    assert f"本表已用台账预填本单位2020年8月报送的数（浅橙色单元格，共 {len(prefill[UNIT])} 个）" in text
    assert "这些是2020年8月的数，不是本月的数：请逐项核实，更新为截至本月20日的累计数" in text
    assert "浅橙色单元格：已预填本单位2020年8月报送的数" in text  # the legend
    assert "只在浅黄色和浅橙色单元格中填写" in text
    assert "2020年8月所填的下列 3 个数有误，本月没有预填" in text
    title, ref = cell_of(paths[UNIT], *DISBURSED)
    assert (f"{title} {ref}（{KP}，已拨付资金（万元））：2020年8月填写的“700”有误：已拨付资金 700 万元超过"
            "上海帮扶资金 600 万元。本月未预填，请重新填写。") in text
    assert "有误，本月没有预填" not in instructions(paths["牟定县"])
    subtitle = load_workbook(paths[UNIT])[layout.PROGRESS.title].cell(2, 1).value
    assert "浅橙色单元格已预填2020年8月的数，请逐项核实更新" in subtitle


def test_a_workbook_not_prefilled_says_nothing_of_it(plan, generated_month):
    text = instructions(generated_month[UNIT])
    assert "预填" not in text and "浅橙色" not in text


def test_a_plain_mapping_prefills_without_a_month(plan, tmp_path):
    path = write_unit_workbook(plan, UNIT, SEPTEMBER, tmp_path / "x.xlsx", {FUNDS: 12})
    assert fill(sheet_cell(path, FUNDS)) == PREFILL_FILL.lstrip("#")
    assert "本表已用台账预填本单位上期报送的数" in instructions(path)
