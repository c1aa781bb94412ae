"""The plan as an editable workbook: export, read back, and refuse what cannot be read."""
import shutil
import subprocess
from datetime import date, datetime

import openpyxl
import pytest
from click.testing import CliRunner

from huyu_xlsx.cli import cli
from huyu_xlsx.plan import PlanError, load_plan
from huyu_xlsx.plan.workbook import read_plan_workbook, write_plan_workbook
from huyu_xlsx.textwidth import display_width

SHEETS = ["指标", "计划信息", "重点项目", "督战表", "填写说明"]


@pytest.fixture()
def exported(plan, tmp_path):
    return write_plan_workbook(plan, tmp_path / "计划.xlsx")


def _cols(ws):
    return {c.value: c.column for c in ws[1] if c.value}


def _row_of(ws, iid):
    return next(r for r in range(2, ws.max_row + 1) if ws.cell(r, 1).value == iid)


def _edit(path, edits, sheet="指标"):
    """edits: [(indicator id, header, value)] applied with openpyxl, as an officer in Excel would."""
    wb = openpyxl.load_workbook(path)
    ws = wb[sheet]
    cols = _cols(ws)
    addresses = []
    for iid, header, value in edits:
        cell = ws.cell(_row_of(ws, iid), cols[header])
        cell.value = value
        addresses.append(cell.coordinate)
    wb.save(path)
    return addresses


def test_round_trip_equals_the_plan(plan, exported):
    again = load_plan(exported)
    assert again == plan
    assert again.fingerprint == plan.fingerprint
    assert again.to_dict() == plan.to_dict()


def test_read_gives_the_yaml_form(exported):
    data = read_plan_workbook(exported)
    ind = {i["id"]: i for i in data["indicators"]}
    assert ind["assist-projects"]["split"] == "by_unit"
    assert ind["assist-projects"]["targets"]["牟定县"] == 13
    assert ind["standing-meeting"]["each"] == 2
    assert ind["standing-meeting"]["reporters"] == "counties"
    assert ind["highlight-cases"]["reporters"] == "all"
    assert "targets" not in ind["pairing-funds"] and "each" not in ind["pairing-funds"]
    assert ind["joint-meeting"]["deadline"] == date(2020, 8, 30)
    assert data["key_projects"]["total"] == 16
    assert data["counties"][0] == "双柏县"
    assert {"name": "州沪滇办", "full_name": "州沪滇扶贫协作领导小组办公室"} in data["departments"]


def test_workbook_structure(plan, exported):
    wb = openpyxl.load_workbook(exported)
    assert wb.sheetnames == SHEETS
    ws = wb["指标"]
    cols = _cols(ws)
    assert list(cols)[:15] == ["编号", "章节", "任务", "计量单位", "评判规则", "目标", "目标上限", "分解方式",
                               "完成时限", "起算日期", "责任单位", "填报单位", "上级指标", "数据来源", "备注"]
    assert list(cols)[15:] == list(plan.unit_names)
    assert ws.max_row == len(plan.indicators) + 1
    assert ws.freeze_panes == "D2"
    assert ws.auto_filter.ref.startswith("A1:")
    assert ws.page_setup.orientation == "landscape"
    assert int(ws.page_setup.paperSize) == 9
    assert ws.cell(1, 1).font.name == "宋体"

    r = _row_of(ws, "assist-projects")
    assert [ws.cell(r, cols[c]).value for c in plan.counties] == [11, 13, 12, 8, 9, 11, 10]
    assert ws.cell(r, cols["州商务局"]).value is None
    assert ws.cell(r, cols["分解方式"]).value == "分单位下达"
    deadline = ws.cell(r, cols["完成时限"])
    assert deadline.is_date and deadline.value == datetime(2020, 8, 30)
    r = _row_of(ws, "pairing-funds")
    assert ws.cell(r, cols["目标"]).value == 880
    assert all(ws.cell(r, cols[c]).value is None for c in plan.counties)
    assert ws.cell(_row_of(ws, "consumption-carryover-2019"), cols["目标"]).value == 73.4
    # Column widths follow the Chinese text: the task column is far wider than the unit column.
    width = {h: ws.column_dimensions[openpyxl.utils.get_column_letter(c)].width for h, c in cols.items()}
    assert width["任务"] >= 30 > width["计量单位"]
    assert width["编号"] >= max(display_width(i.id) for i in plan.indicators)

    kp = wb["重点项目"]
    assert [[c.value for c in row] for row in kp.iter_rows(min_row=2, max_col=2)] == [
        ["双柏县", 2], ["牟定县", 2], ["南华县", 3], ["姚安县", 1], ["大姚县", 2], ["永仁县", 3], ["武定县", 3],
        ["各县合计", 16], ["州级统筹", 4],
    ]
    sup = wb["督战表"]
    assert [c.value for c in sup[2]] == [1, "武定县", "杨斌、迟中华", "州扶贫办", "罗文慧、赵良", "林昆"]
    assert sup.max_row == 8


def test_edited_quota_is_read(exported):
    _edit(exported, [("assist-projects", "双柏县", 12), ("assist-projects", "目标", 75)])
    ind = load_plan(exported).indicator("assist-projects")
    assert (ind.target, ind.targets["双柏县"]) == (75, 12)


def test_columns_found_by_header_text(plan, exported):
    wb = openpyxl.load_workbook(exported)
    ws = wb["指标"]
    rows = [[c.value for c in row] for row in ws.iter_rows()]
    out = openpyxl.Workbook()
    new = out.active
    new.title = "指标"
    for r, row in enumerate(rows, 1):
        for c, value in enumerate(reversed(row), 1):
            new.cell(r, c, value)  # openpyxl gives datetime values a date format itself
    for name in SHEETS[1:]:
        src, dst = wb[name], out.create_sheet(name)
        for row in src.iter_rows():
            for cell in row:
                dst.cell(cell.row, cell.column, cell.value).number_format = cell.number_format
    path = exported.with_name("reordered.xlsx")
    out.save(path)
    assert load_plan(path) == plan


BAD_CELLS = [
    ("assist-projects", "目标", "约74", "不是数字"),
    ("joint-meeting", "完成时限", "下个月", "无法识别"),
    ("invest-firms", "评判规则", "大于", "评判规则"),
    ("labour-local", "分解方式", "按人头", "分解方式"),
    ("performers", "数据来源", "电话", "数据来源"),
    ("labour-to-shanghai", "南华县", "五十", "不是数字"),
    ("standing-meeting", "姚安县", 3, "应为 2"),          # 各单位相同 but one county differs
    ("pairing-funds", "武定县", 100, "应留空"),            # 未分解: no county quota may be typed
    ("invest-amount", "州商务局", 1, "应留空"),            # not a reporter of this indicator
    ("standing-meeting", "目标", 15, "14"),               # the total of 7 × 2
]


@pytest.mark.parametrize("iid,header,value,why", BAD_CELLS, ids=[f"{b[0]}-{b[1]}" for b in BAD_CELLS])
def test_unreadable_cell_names_sheet_and_cell(exported, iid, header, value, why):
    (address,) = _edit(exported, [(iid, header, value)])
    with pytest.raises(PlanError) as err:
        load_plan(exported)
    message = str(err.value)
    assert f"工作表“指标”{address}" in message
    assert iid in message
    assert why in message


def test_split_quotas_not_adding_up_name_the_indicator(exported):
    _edit(exported, [("labour-local", "武定县", 1200)])
    with pytest.raises(PlanError, match="指标 labour-local"):
        load_plan(exported)


def test_bad_cells_of_other_sheets(exported):
    wb = openpyxl.load_workbook(exported)
    assert wb["计划信息"]["A8"].value == "印发日期"
    wb["计划信息"]["B8"] = "七月六日"
    wb.save(exported)
    with pytest.raises(PlanError, match="工作表“计划信息”B8.*无法识别"):
        load_plan(exported)

    wb = openpyxl.load_workbook(exported)
    wb["计划信息"]["B8"] = date(2020, 7, 6)
    wb["重点项目"]["B3"] = "两个"
    wb.save(exported)
    with pytest.raises(PlanError, match="工作表“重点项目”B3"):
        load_plan(exported)

    wb = openpyxl.load_workbook(exported)
    wb["重点项目"]["B3"] = 3  # 牟定县 2 -> 3 while 各县合计 stays 16
    wb.save(exported)
    with pytest.raises(PlanError, match="16"):
        load_plan(exported)


def test_unknown_or_missing_columns_and_sheets(exported):
    wb = openpyxl.load_workbook(exported)
    wb["指标"]["C1"] = "任务名称"
    wb.save(exported)
    with pytest.raises(PlanError, match="工作表“指标”C1"):
        load_plan(exported)

    wb = openpyxl.load_workbook(exported)
    wb["指标"]["C1"] = "任务"
    del wb["重点项目"]
    wb.save(exported)
    with pytest.raises(PlanError, match="重点项目"):
        load_plan(exported)


def test_not_a_workbook(tmp_path):
    path = tmp_path / "plan.xlsx"
    path.write_text("这不是工作簿", "utf-8")
    with pytest.raises(PlanError, match="无法读取"):
        load_plan(path)


def test_export_refuses_other_suffix(plan, tmp_path):
    with pytest.raises(PlanError, match=r"计划工作簿只能保存为 \.xlsx 文件，“plan\.xls”的扩展名是 \.xls"):
        write_plan_workbook(plan, tmp_path / "plan.xls")
    assert not (tmp_path / "plan.xls").exists()


def test_export_path_gets_its_suffix(plan, tmp_path):
    assert write_plan_workbook(plan, tmp_path / "计划") == tmp_path / "计划.xlsx"
    assert load_plan(tmp_path / "计划.xlsx") == plan
    assert write_plan_workbook(plan, tmp_path) == tmp_path / f"计划_{plan.id}.xlsx"


def test_export_cli_refuses_other_suffix_in_chinese(tmp_path):
    from click.testing import CliRunner

    from huyu_xlsx.cli import cli

    res = CliRunner().invoke(cli, ["plan", "export", str(tmp_path / "计划.csv")])
    assert res.exit_code == 1 and "错误：计划工作簿只能保存为 .xlsx 文件" in res.output
    res = CliRunner().invoke(cli, ["plan", "export", str(tmp_path / "计划")])
    assert res.exit_code == 0 and (tmp_path / "计划.xlsx").exists() and "计划.xlsx" in res.output


@pytest.mark.lo
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice not installed")
def test_libreoffice_resave_keeps_the_plan(plan, exported, tmp_path):
    out = tmp_path / "lo"
    subprocess.run(["soffice", "--headless", "--convert-to", "xlsx", "--outdir", str(out), str(exported)],
                   check=True, capture_output=True, timeout=180)
    assert load_plan(out / exported.name) == plan


# ---- through the CLI ------------------------------------------------------------------------------


def test_cli_export_round_trip(plan, tmp_path):
    path = tmp_path / "导出" / "计划.xlsx"
    path.parent.mkdir()
    result = CliRunner().invoke(cli, ["plan", "export", str(path)])
    assert result.exit_code == 0, result.output
    assert "已将计划 chuxiong-2020" in result.output and str(path) in result.output
    assert load_plan(path) == plan

    shown = CliRunner().invoke(cli, ["plan", "show", "--json", "--plan", str(path)])
    default = CliRunner().invoke(cli, ["plan", "show", "--json"])
    assert shown.exit_code == 0 and shown.output == default.output

    again = tmp_path / "again.xlsx"
    result = CliRunner().invoke(cli, ["plan", "export", "--plan", str(path), str(again)])
    assert result.exit_code == 0, result.output
    assert load_plan(again) == plan


def test_cli_export_errors_are_click_errors(exported, tmp_path):
    result = CliRunner().invoke(cli, ["plan", "export", str(tmp_path / "plan.txt")])
    assert result.exit_code == 1
    assert "错误：" in result.output and ".xlsx" in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)

    _edit(exported, [("assist-projects", "目标", "约74")])
    result = CliRunner().invoke(cli, ["plan", "show", "--plan", str(exported)])
    assert result.exit_code == 1
    assert "assist-projects" in result.output and "Traceback" not in result.output
