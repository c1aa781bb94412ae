"""Generated workbooks in a real office suite: LibreOffice prints them and recalculates them."""
from __future__ import annotations

import re
from datetime import date

import openpyxl
import pytest
from lo import convert, needs_soffice

from huyu_xlsx import layout

pytestmark = [pytest.mark.lo, needs_soffice]


@pytest.mark.parametrize("unit", ["武定县", "州委组织部"])
def test_converts_to_pdf(plan, generated_month, tmp_path, unit):
    pdf = convert(generated_month[unit], "pdf", tmp_path)
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF") and len(data) > 10_000
    # A4 landscape pages (842 × 595 pt), and one page per sheet at least.
    assert b"/MediaBox[0 0 841.8" in data.replace(b" [", b"[")
    pages = len(re.findall(rb"/Type\s*/Page(?!s)", data))
    assert pages >= 1 + len(layout.sheets_for(plan, unit))  # hidden sheets are not printed


def fill_like_a_county(path, out):
    """What 双柏县 might type in August: figures, a 是/否, dates, projects, problems and cases."""
    wb = openpyxl.load_workbook(path)
    ws = wb[layout.PROGRESS.title]
    col = {c.key: i + 1 for i, c in enumerate(layout.PROGRESS.columns)}
    row = {ws.cell(r, col["id"]).value: r for r in range(layout.FIRST_DATA_ROW + 1, ws.max_row + 1)}
    ws.cell(row["standing-meeting"], col["actual"]).value = 1
    ws.cell(row["leading-group-meeting"], col["actual"]).value = 3
    ws.cell(row["leading-group-meeting"], col["done_date"]).value = date(2020, 8, 12)
    ws.cell(row["labour-local"], col["actual"]).value = 195
    ws.cell(row["legacy-acceptance"], col["actual"]).value = "是"
    ws.cell(row["pairing-matters"], col["actual"]).value = "否"
    ws.cell(row["county-invest-amount"], col["baseline"]).value = 800
    ws.cell(row["county-invest-amount"], col["actual"]).value = 1000
    ws.cell(row["pairing-funds"], col["actual"]).value = 120

    projects = wb[layout.PROJECTS.title]
    done = layout.PROJECTS.index("completed") + 1
    for r in range(layout.FIRST_DATA_ROW + 1, layout.FIRST_DATA_ROW + 1 + 7):
        projects.cell(r, done).value = "是"
    projects.cell(layout.FIRST_DATA_ROW + 8, done).value = "否"

    kp = wb[layout.KEY_PROJECTS.title]
    kc = {c.key: i + 1 for i, c in enumerate(layout.KEY_PROJECTS.columns)}
    first = layout.FIRST_DATA_ROW + 1
    kp.cell(first, kc["allocated"]).value = 600
    kp.cell(first, kc["disbursed"]).value = 450
    kp.cell(first, kc["start_date"]).value = date(2019, 11, 5)

    rect = wb[layout.RECTIFICATION.title]
    rc = {c.key: i + 1 for i, c in enumerate(layout.RECTIFICATION.columns)}
    for i, (desc, status) in enumerate([("台账管理不够规范", "已整改"), ("项目资金拨付缓慢", "整改中"),
                                        ("系统录入信息不准确", "未整改")]):
        rect.cell(first + i, rc["description"]).value = desc
        rect.cell(first + i, rc["status"]).value = status
    rect.cell(first + 5, rc["status"]).value = "未整改"  # a status without a problem is not counted

    cases = wb[layout.CASES.title]
    cases.cell(first, 2).value = "“沪滇协作+扶贫车间”带动就业"
    cases.cell(first + 1, 2).value = "消费扶贫进上海"
    wb.save(out)
    return row


def test_libreoffice_recalculates_rates_and_counts(generated_month, tmp_path):
    filled = tmp_path / "filled.xlsx"
    row = fill_like_a_county(generated_month["双柏县"], filled)
    recalculated = convert(filled, "xlsx", tmp_path / "lo")
    from python_calamine import CalamineWorkbook

    book = CalamineWorkbook.from_path(str(recalculated))
    progress = book.get_sheet_by_name(layout.PROGRESS.title).to_python()
    col = {c.key: i for i, c in enumerate(layout.PROGRESS.columns)}

    def get(key, column):
        return progress[row[key] - 1][col[column]]

    assert get("standing-meeting", "rate") == pytest.approx(0.5)
    assert get("leading-group-meeting", "rate") == pytest.approx(1.0)
    assert get("labour-local", "rate") == pytest.approx(195 / 260)
    assert get("labour-to-shanghai", "rate") == ""            # nothing typed: no rate
    assert get("legacy-acceptance", "rate") == pytest.approx(1.0)
    assert get("pairing-matters", "rate") == pytest.approx(0.0)
    assert get("county-invest-amount", "rate") == pytest.approx(1.25)  # 本年 ÷ 上年, as judged
    assert get("county-invest-firms", "rate") == ""
    assert get("pairing-funds", "rate") == ""                # prefecture-wide target only
    assert get("assist-projects", "actual") == pytest.approx(7)
    assert get("assist-projects", "rate") == pytest.approx(7 / 11)
    assert get("rectification-open", "actual") == pytest.approx(2)
    assert get("rectification-open", "rate") == pytest.approx(0.0)
    assert get("highlight-cases", "actual") == pytest.approx(2)
    assert get("highlight-cases", "rate") == pytest.approx(2 / 3)

    kp = book.get_sheet_by_name(layout.KEY_PROJECTS.title).to_python()
    first = layout.FIRST_DATA_ROW
    rate = layout.KEY_PROJECTS.index("disbursement_rate")
    assert kp[first][rate] == pytest.approx(0.75)
    assert kp[first + 1][rate] == ""
    assert kp[first][layout.KEY_PROJECTS.index("start_date")] == date(2019, 11, 5)
