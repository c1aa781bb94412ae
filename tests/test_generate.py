"""The generated fill-in workbooks, opened with openpyxl: what the units and the reader rely on."""
from __future__ import annotations

from datetime import date, datetime

import openpyxl
import pytest

from huyu_xlsx import layout
from huyu_xlsx.generate import generate_month, write_unit_workbook

COUNTY, DEPARTMENT = "武定县", "州委组织部"


@pytest.fixture(scope="module")
def books(generated_month):
    return {unit: openpyxl.load_workbook(path) for unit, path in generated_month.items()}


def key_text(value) -> str:
    return str(int(value)) if isinstance(value, (int, float)) else str(value)


def kind_of(plan, sheet, row_key, column) -> str:
    if sheet is layout.PROGRESS:
        return layout.progress_cell_kind(plan.indicator(row_key), column)
    return column.kind


def cells_by_kind(plan, unit, ws, sheet):
    """(openpyxl cell, kind, row key, column) for every data cell, as the layout describes it."""
    for i, key in enumerate(layout.row_keys(plan, unit, sheet)):
        r = layout.FIRST_DATA_ROW + i + 1
        for j, column in enumerate(sheet.columns):
            yield ws.cell(r, j + 1), kind_of(plan, sheet, key, column), key, column


def signoff_value_cells(ws):
    labels = {label for _, label in layout.SIGNOFF}
    return {ws.cell(c.row, c.column + 1).coordinate: c.value
            for row in ws.iter_rows() for c in row if c.value in labels}


def validation_at(ws, coordinate):
    return [dv for dv in ws.data_validations.dataValidation if coordinate in dv.sqref]


def test_one_workbook_per_unit_with_layout_file_names(plan, generated_month):
    assert list(generated_month) == list(plan.unit_names)
    for unit, path in generated_month.items():
        assert path.name == layout.file_name(unit, "2020-08") and path.stat().st_size > 0


def test_sheet_order_and_active_instructions(plan, books):
    for unit, wb in books.items():
        data = [s.title for s in layout.sheets_for(plan, unit)]
        assert wb.sheetnames == [layout.INSTRUCTIONS_TITLE, *data, layout.LISTS_TITLE, layout.IDENTITY_TITLE]
        assert wb.active.title == layout.INSTRUCTIONS_TITLE
        assert wb[layout.LISTS_TITLE].sheet_state == "hidden"
        assert wb[layout.IDENTITY_TITLE].sheet_state == "hidden"


def test_headers_titles_and_row_keys(plan, books):
    for unit, wb in books.items():
        for sheet in layout.sheets_for(plan, unit):
            ws = wb[sheet.title]
            assert ws.cell(layout.TITLE_ROW + 1, 1).value == sheet.heading.format(
                unit=unit, period_cn="2020年8月")
            subtitle = ws.cell(layout.SUBTITLE_ROW + 1, 1).value
            assert unit in subtitle and "2020年8月" in subtitle and "2020年8月20日" in subtitle
            headers = [ws.cell(layout.HEADER_ROW + 1, j + 1).value for j in range(len(sheet.columns))]
            assert headers == [c.header for c in sheet.columns]
            key_col = sheet.index(sheet.row_key) + 1
            keys = [key_text(ws.cell(layout.FIRST_DATA_ROW + 1 + i, key_col).value)
                    for i in range(len(layout.row_keys(plan, unit, sheet)))]
            assert keys == layout.row_keys(plan, unit, sheet)


def test_targets_and_deadlines_are_the_plans(plan, books):
    cols = {c.key: i + 1 for i, c in enumerate(layout.PROGRESS.columns)}
    for unit, wb in books.items():
        ws = wb[layout.PROGRESS.title]
        for i, key in enumerate(layout.row_keys(plan, unit, layout.PROGRESS)):
            ind, r = plan.indicator(key), layout.FIRST_DATA_ROW + 1 + i
            assert ws.cell(r, cols["target"]).value == layout.target_cell_value(ind, unit)
            deadline = ws.cell(r, cols["deadline"]).value
            assert (deadline.date() if isinstance(deadline, datetime) else deadline) == ind.deadline
            assert ws.cell(r, cols["text"]).value == ind.text
            assert ws.cell(r, cols["unit"]).value == ind.unit


def test_county_quotas(plan, books):
    """Spot checks against the plan document itself."""
    ws = books["南华县"][layout.PROGRESS.title]
    col = layout.PROGRESS.index("target") + 1
    targets = {ws.cell(r, 2).value: ws.cell(r, col).value for r in range(layout.FIRST_DATA_ROW + 1, ws.max_row + 1)}
    assert targets["assist-projects"] == 12
    assert targets["labour-to-shanghai"] == 50
    assert targets["labour-local"] == 280
    assert targets["highlight-cases"] == 3
    kp = books["南华县"][layout.KEY_PROJECTS.title]
    assert kp.cell(layout.FIRST_DATA_ROW + 3, 2).value == "KP-南华县-03"
    assert books["州沪滇办"][layout.KEY_PROJECTS.title].cell(layout.FIRST_DATA_ROW + 1, 2).value == "KP-州级-01"


def test_input_cells_unlocked_and_validated_everything_else_locked(plan, books):
    for unit, wb in books.items():
        for sheet in layout.sheets_for(plan, unit):
            ws = wb[sheet.title]
            inputs = {}
            for cell, kind, key, column in cells_by_kind(plan, unit, ws, sheet):
                if kind in layout.INPUT_KINDS:
                    inputs[cell.coordinate] = kind
            if sheet is layout.PROGRESS:
                signoff = signoff_value_cells(ws)
                assert sorted(signoff.values()) == sorted(label for _, label in layout.SIGNOFF)
                inputs.update({c: layout.DATE if label == "填报日期" else layout.TEXT
                               for c, label in signoff.items()})
            if sheet.key in layout.DECLARATIONS:  # the 是/否 "nothing to list" answer under the rows
                row, col = layout.declaration_cell(plan, unit, sheet)
                assert ws.cell(row + 1, col).value == layout.DECLARATIONS[sheet.key].label
                inputs[ws.cell(row + 1, col + 1).coordinate] = layout.CHOICE
            for row in ws.iter_rows(min_row=1, max_row=ws.max_row, max_col=ws.max_column):
                for cell in row:
                    where = f"{unit} {sheet.title}!{cell.coordinate}"
                    if cell.coordinate in inputs:
                        assert cell.protection.locked is False, where
                        assert cell.fill.fgColor.rgb.endswith("FFF2CC"), where
                        dvs = validation_at(ws, cell.coordinate)
                        assert len(dvs) == 1, where
                        check_validation(wb, dvs[0], inputs[cell.coordinate], where)
                    else:
                        assert cell.protection.locked is not False, where
                        assert not validation_at(ws, cell.coordinate), where


def check_validation(wb, dv, kind, where):
    assert dv.showErrorMessage and dv.showInputMessage and dv.error and dv.prompt, where
    assert dv.errorStyle in (None, "stop"), where
    if kind == layout.NUMBER:
        assert (dv.type, dv.operator, dv.formula1) == ("decimal", "greaterThanOrEqual", "0"), where
    elif kind == layout.PERCENT:
        assert (dv.type, dv.formula1, dv.formula2) == ("decimal", "0", "100"), where
        assert dv.operator in (None, "between"), where  # between is the file format's default
    elif kind == layout.DATE:
        assert dv.type == "date" and dv.operator in (None, "between"), where
        first, last = (openpyxl.utils.datetime.from_excel(float(f)) for f in (dv.formula1, dv.formula2))
        assert (first.date(), last.date()) == (date(2019, 1, 1), date(2021, 12, 31)), where
    elif kind == layout.CHOICE:
        assert dv.type == "list", where
        name = wb.defined_names[dv.formula1]
        sheet_title, cells = next(name.destinations)
        assert sheet_title == layout.LISTS_TITLE, where
        values = [c.value for row in wb[sheet_title][cells.replace("$", "")] for c in row]
        assert tuple(values) in layout.LISTS.values(), where
    elif kind == layout.TEXT:
        assert dv.type == "textLength" and dv.operator == "lessThanOrEqual", where
    else:
        raise AssertionError(kind)


def test_every_sheet_protected_without_password(books):
    for unit, wb in books.items():
        for ws in wb.worksheets:
            p = ws.protection
            assert p.sheet, f"{unit} {ws.title}"
            assert not p.password
            # In the file format True means "forbidden": rows cannot be inserted, columns can be widened.
            assert p.insertRows and p.deleteRows and not p.formatColumns and not p.formatRows
            assert not p.selectLockedCells and not p.selectUnlockedCells


def test_formulas(plan, books):
    for unit, wb in books.items():
        ws = wb[layout.PROGRESS.title]
        rate, actual = layout.PROGRESS.index("rate") + 1, layout.PROGRESS.index("actual") + 1
        for i, key in enumerate(layout.row_keys(plan, unit, layout.PROGRESS)):
            ind, r = plan.indicator(key), layout.FIRST_DATA_ROW + 1 + i
            formula = ws.cell(r, rate).value
            if ind.split == "none" and ind.rule in ("at_least", "exactly"):
                assert formula is None
                continue
            assert ws.cell(r, rate).data_type == "f" and formula.startswith("=IF(")
            assert ws.cell(r, rate).number_format == "0.0%"
            counted = ws.cell(r, actual).value
            if ind.source == "projects":
                assert "COUNTIF('帮扶项目'!$F$4:$F$" in counted and '"是"' in counted
            elif ind.source == "rectification":
                assert f"'问题整改'!$C$4:$C${3 + layout.RECTIFICATION_ROWS}" in counted and "已整改" in counted
            elif ind.source == "cases":
                assert "COUNTA('亮点案例'!$B$4:$B$" in counted
            if ind.source in ("rectification", "cases"):  # blank unless rows or the 是/否 answer
                sheet = layout.RECTIFICATION if ind.source == "rectification" else layout.CASES
                row, col = layout.declaration_cell(plan, unit, sheet)
                assert counted.startswith("=IF(AND(COUNTA(") and f"'{sheet.title}'!$" in counted
                assert wb[sheet.title].cell(row + 1, col).value == layout.DECLARATIONS[sheet.key].label
        if layout.KEY_PROJECTS.title in wb.sheetnames:
            kp = wb[layout.KEY_PROJECTS.title]
            c = layout.KEY_PROJECTS.index("disbursement_rate") + 1
            for r in range(layout.FIRST_DATA_ROW + 1, layout.FIRST_DATA_ROW + 1 + plan.key_projects.count_for(unit)):
                assert kp.cell(r, c).value == f'=IF(AND(ISNUMBER(F{r}),ISNUMBER(E{r})),IFERROR(F{r}/E{r},""),"")'


def test_no_text_can_run_as_formula(plan, books):
    """Only the cells the layout makes formulas hold a leading '='; every other text is data."""
    for unit, wb in books.items():
        formula_cells = set()
        for sheet in layout.sheets_for(plan, unit):
            for cell, kind, _, column in cells_by_kind(plan, unit, wb[sheet.title], sheet):
                if kind == layout.FORMULA or column.key == "rate":
                    formula_cells.add((sheet.title, cell.coordinate))
        for ws in wb.worksheets:
            for row in ws.iter_rows():
                for cell in row:
                    if isinstance(cell.value, str) and cell.value.startswith("="):
                        assert (ws.title, cell.coordinate) in formula_cells, f"{unit} {ws.title}!{cell.coordinate}"
                        assert cell.data_type == "f"


def test_identity_sheet(plan, books):
    for unit, wb in books.items():
        ws = wb[layout.IDENTITY_TITLE]
        rows = {r[0]: (r[1], r[2]) for r in ws.iter_rows(values_only=True)}
        assert {k: v for k, (_, v) in rows.items()} == {
            "product": "huyu_xlsx", "plan_id": plan.id, "plan_fingerprint": plan.fingerprint,
            "unit": unit, "period": "2020-08", "template_version": layout.TEMPLATE_VERSION,
        }
        assert [label for label, _ in rows.values()] == [label for _, label in layout.IDENTITY_FIELDS]


def test_lists_sheet_has_one_column_per_list(books):
    ws = books[COUNTY][layout.LISTS_TITLE]
    for j, (key, values) in enumerate(layout.LISTS.items(), 1):
        column = [ws.cell(i, j).value for i in range(1, len(values) + 2)]
        assert column == [key, *values]


def test_print_setup(plan, books):
    for unit, wb in books.items():
        for ws in wb.worksheets[: 1 + len(layout.sheets_for(plan, unit))]:
            ps = ws.page_setup
            # The instructions are a portrait page; the tables landscape. All A4, one page
            # wide, as many pages long as they need (the text stays readable, test_print_lo).
            portrait = ws.title == layout.INSTRUCTIONS_TITLE
            assert ps.orientation == ("portrait" if portrait else "landscape") and int(ps.paperSize) == 9, ws.title
            assert 64 <= (ps.scale or 100) <= 100 and not ws.col_breaks.brk, ws.title
            assert unit in ws.oddHeader.left.text and "2020年8月" in ws.oddHeader.right.text
            assert ws.oddFooter.center.text == "第 &P 页 共 &N 页"
            if ws.title != layout.INSTRUCTIONS_TITLE:
                assert ws.print_title_rows == f"$1:${layout.HEADER_ROW + 1}"
                assert ws.freeze_panes.endswith(str(layout.FIRST_DATA_ROW + 1))


def test_chinese_font_and_widths(books):
    ws = books[COUNTY][layout.PROGRESS.title]
    assert ws["D4"].font.name == "宋体"
    assert ws["D4"].alignment.wrap_text
    widths = {}
    for dim in ws.column_dimensions.values():  # one <col> may span several equal columns
        for j in range(dim.min, dim.max + 1):
            widths[j] = dim.width
    for j, column in enumerate(layout.PROGRESS.columns, 1):
        assert widths[j] >= column.width, column.key
    assert widths[layout.PROGRESS.index("text") + 1] <= 45  # long task texts wrap rather than widen without end


def test_instructions(plan, books):
    for unit, wb in books.items():
        text = "\n".join(str(v) for row in wb[layout.INSTRUCTIONS_TITLE].iter_rows(values_only=True)
                         for v in row if v)
        for needle in (unit, "2020年8月", "2020年8月20日", "纸质和电子版", plan.office, "2020-08-30", "签字", "公章"):
            assert needle in text, (unit, needle)
        for sheet in layout.sheets_for(plan, unit):
            assert sheet.title in text


def test_prefill_goes_into_input_cells(plan, tmp_path):
    prefill = {
        ("progress", "labour-local", "actual"): 120,
        ("progress", "labour-local", "progress"): "已转移120人",
        ("progress", "legacy-acceptance", "actual"): "否",
        ("projects", "P-双柏县-03", "finish_date"): date(2020, 7, 28),
        ("rectification", "2", "status"): "整改中",
    }
    path = write_unit_workbook(plan, "双柏县", "2020-09", tmp_path / "x.xlsx", prefill)
    wb = openpyxl.load_workbook(path)
    ws = wb[layout.PROGRESS.title]
    rows = {ws.cell(r, 2).value: r for r in range(layout.FIRST_DATA_ROW + 1, ws.max_row + 1)}
    assert ws.cell(rows["labour-local"], layout.PROGRESS.index("actual") + 1).value == 120
    assert ws.cell(rows["labour-local"], layout.PROGRESS.index("progress") + 1).value == "已转移120人"
    assert ws.cell(rows["legacy-acceptance"], layout.PROGRESS.index("actual") + 1).value == "否"
    assert wb[layout.PROJECTS.title]["G6"].value == datetime(2020, 7, 28)
    assert wb[layout.PROJECTS.title]["G6"].protection.locked is False
    assert wb[layout.RECTIFICATION.title]["E5"].value == "整改中"


@pytest.mark.parametrize("key", [
    ("progress", "labour-local", "target"),        # a locked plan figure
    ("progress", "assist-projects", "actual"),     # a counted formula
    ("progress", "no-such-indicator", "actual"),
    ("key_projects", "KP-双柏县-01", "name"),       # not one of 州委组织部's sheets
])
def test_prefill_refuses_cells_that_are_not_inputs(plan, tmp_path, key):
    with pytest.raises(ValueError, match="预填失败"):
        write_unit_workbook(plan, "州委组织部" if key[0] == "key_projects" else "双柏县", "2020-09",
                            tmp_path / "x.xlsx", {key: 1})


def test_output_is_reproducible(plan, tmp_path):
    a = write_unit_workbook(plan, COUNTY, "2020-08", tmp_path / "a.xlsx")
    b = write_unit_workbook(plan, COUNTY, "2020-08", tmp_path / "b.xlsx")
    assert a.read_bytes() == b.read_bytes()
    props = openpyxl.load_workbook(a).properties
    assert props.creator == "huyu_xlsx" and props.created == datetime(2020, 8, 1)


def test_generate_month_creates_the_folder(plan, tmp_path):
    paths = generate_month(plan, "2020-10", tmp_path / "a" / "b")
    assert len(paths) == len(plan.unit_names) and all(p.parent == tmp_path / "a" / "b" for p in paths)


def test_unit_workbook_path_gets_its_suffix(plan, tmp_path):
    from huyu_xlsx.outpath import WrongSuffix

    assert write_unit_workbook(plan, "双柏县", "2020-09", tmp_path / "双柏") == tmp_path / "双柏.xlsx"
    assert (tmp_path / "双柏.xlsx").exists() and not (tmp_path / "双柏").exists()
    assert write_unit_workbook(plan, "双柏县", "2020-09", tmp_path) == tmp_path / layout.file_name("双柏县", "2020-09")
    with pytest.raises(WrongSuffix, match=r"填报表只能保存为 \.xlsx 文件，“双柏\.xls”的扩展名是 \.xls"):
        write_unit_workbook(plan, "双柏县", "2020-09", tmp_path / "双柏.xls")
    assert not (tmp_path / "双柏.xls").exists()
