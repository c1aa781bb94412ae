"""Collecting returns: a clean month, then one broken thing at a time."""
from __future__ import annotations

import shutil
import zipfile
from datetime import date

import pytest
from returns import PERIOD, cell_of, make_month, make_return, signoff_cell

from huyu_xlsx import layout
from huyu_xlsx.checks.judge import DONE, INVALID, MISSING, OVERDUE
from huyu_xlsx.collect import ACCEPTED, DUPLICATE, NOT_RECEIVED, PREFECTURE, REJECTED, collect_returns
from huyu_xlsx.generate import generate_month

COUNTY = "双柏县"


@pytest.fixture(scope="session")
def templates(tmp_path_factory, plan):
    out = tmp_path_factory.mktemp("templates")
    generate_month(plan, PERIOD, out)
    return {u: out / layout.file_name(u, PERIOD) for u in plan.unit_names}


@pytest.fixture
def inbox(tmp_path):
    path = tmp_path / "inbox"
    path.mkdir()
    return path


def keys(result, *, unit=None, severity=None):
    return {f.key for f in result.findings
            if (unit is None or f.unit == unit) and (severity is None or f.severity == severity)}


def test_clean_month_has_no_problems(plan, templates, inbox):
    make_month(plan, templates, inbox)
    result = collect_returns(inbox, plan, PERIOD)
    assert [f for f in result.findings if f.severity != "info"] == []
    assert all(s.status == ACCEPTED and s.on_time for s in result.submissions)
    assert len(result.submissions) == len(plan.unit_names)
    # Every indicator of every unit is judged, plus one prefecture row per indicator.
    expected = sum(len(plan.indicators_for(u)) for u in plan.unit_names) + len(plan.indicators)
    assert len(result.results) == expected
    assert not any(r.status in (MISSING, INVALID) for r in result.results if r.unit != PREFECTURE)


def test_figures_read_back_exactly(plan, templates, inbox):
    from huyu_xlsx.samples import plausible_entries

    make_return(plan, templates, COUNTY, inbox)
    result = collect_returns(inbox, plan, PERIOD)
    entries = plausible_entries(plan, COUNTY, PERIOD)
    ret = result.returns[COUNTY]
    for key, typed in entries.items():
        got = ret.get(*key).value
        if typed in (layout.YES, layout.NO):
            typed = typed == layout.YES
        assert got == typed, key
    projects = result.result("assist-projects", COUNTY)
    completed = sum(1 for k, v in entries.items() if k[0] == "projects" and k[2] == "completed" and v == "是")
    assert projects.actual == completed


def test_prefecture_total_is_sum_of_counties(plan, templates, inbox):
    make_month(plan, templates, inbox)
    result = collect_returns(inbox, plan, PERIOD)
    for ind_id in ("labour-to-shanghai", "labour-local", "assist-projects"):
        counties = [result.result(ind_id, c).actual for c in plan.counties]
        assert result.result(ind_id, PREFECTURE).actual == pytest.approx(sum(counties))
        assert result.result(ind_id, PREFECTURE).target == plan.indicator(ind_id).target


# --- one broken thing at a time: (change to the county's entries, code, sheet key, row, column) ---
PARSE_CASES = [
    ("１５", "number-fullwidth"),
    ("1,250", "number-thousands-separator"),
    ("15人", "number-unit-stripped"),
    ("约30", "number-approximate"),
    ("三十左右", None),  # either a Chinese-numeral approximation or an error: never silently zero
    ("十五个", None),
    ("见附件", "value-not-number"),
    ("=1+1", "value-formula-text"),
]


@pytest.mark.parametrize("typed,code", PARSE_CASES)
def test_number_typing(plan, templates, inbox, typed, code):
    key = ("progress", "labour-local", "actual")
    make_return(plan, templates, COUNTY, inbox, change={key: typed})
    result = collect_returns(inbox, plan, PERIOD)
    sheet, cell = cell_of(templates[COUNTY], *key)
    found = {f.code for f in result.findings if f.sheet == sheet and f.cell == cell}
    if code is None:
        assert found, f"{typed!r} produced no finding"
    else:
        assert code in found
    f = next(f for f in result.findings if f.sheet == sheet and f.cell == cell and f.original == typed
             and (code is None or f.code == code))
    assert f.file and f.unit == COUNTY and f.message


def test_not_a_number_makes_the_indicator_invalid(plan, templates, inbox):
    make_return(plan, templates, COUNTY, inbox, change={("progress", "labour-local", "actual"): "见附件"})
    result = collect_returns(inbox, plan, PERIOD)
    assert result.result("labour-local", COUNTY).status == INVALID


def test_blank_is_not_reported_not_zero(plan, templates, inbox):
    key = ("progress", "labour-local", "actual")
    make_return(plan, templates, COUNTY, inbox, drop=(key,))
    result = collect_returns(inbox, plan, PERIOD)
    assert result.result("labour-local", COUNTY).status == MISSING
    assert ("value-missing", *cell_of(templates[COUNTY], *key)) in keys(result)


@pytest.mark.parametrize("typed,expected,code", [
    (44073.0, date(2020, 8, 30), None),  # a serial in a date-formatted cell is simply a date
    ("2020.8.10", date(2020, 8, 10), "date-text"),
    ("2020/8/10", date(2020, 8, 10), "date-text"),
    ("2020年8月10日", date(2020, 8, 10), "date-text"),
    ("8月10日", date(2020, 8, 10), "date-year-assumed"),
    ("八月底", None, "value-not-date"),
])
def test_date_typing(plan, templates, inbox, typed, expected, code):
    key = ("progress", "legacy-acceptance", "done_date")
    make_return(plan, templates, COUNTY, inbox, change={key: typed})
    result = collect_returns(inbox, plan, PERIOD)
    ret = result.returns[COUNTY]
    assert ret.get(*key).value == expected
    if code:
        assert (code, *cell_of(templates[COUNTY], *key)) in keys(result)


@pytest.mark.parametrize("typed,expected", [("√", True), ("×", False), ("是", True), ("否", False)])
def test_yesno_typing(plan, templates, inbox, typed, expected):
    key = ("progress", "legacy-acceptance", "actual")
    make_return(plan, templates, COUNTY, inbox, change={key: typed})
    result = collect_returns(inbox, plan, PERIOD)
    assert result.returns[COUNTY].get(*key).value is expected
    notes = {f.code for f in result.findings if f.cell == cell_of(templates[COUNTY], *key)[1]}
    assert ("yesno-normalized" in notes) == (typed not in ("是", "否"))


def test_target_tampered_uses_the_plan(plan, templates, inbox):
    key = ("progress", "labour-local", "target")
    make_return(plan, templates, COUNTY, inbox, overrides={key: 100.0},
                change={("progress", "labour-local", "actual"): 150.0})
    result = collect_returns(inbox, plan, PERIOD)
    assert ("target-tampered", *cell_of(templates[COUNTY], *key)) in keys(result, severity="error")
    r = result.result("labour-local", COUNTY)
    assert r.target == 260 and r.status != DONE


def test_figure_checks(plan, templates, inbox):
    unit = "南华县"  # 3 key projects
    kp = layout.key_project_ids(plan, unit)[0]
    change = {
        ("progress", "labour-to-shanghai", "actual"): -5.0,
        ("key_projects", kp, "allocated"): 500.0,
        ("key_projects", kp, "disbursed"): 600.0,
        ("key_projects", layout.key_project_ids(plan, unit)[1], "works_progress"): 120.0,
        ("progress", "labour-local", "actual"): 1000.0,  # target 280: over 3×
        ("progress", "legacy-acceptance", "done_date"): date(2020, 8, 25),  # after the as-of date
    }
    make_return(plan, templates, unit, inbox, change=change)
    result = collect_returns(inbox, plan, PERIOD)
    t = templates[unit]
    expected = {
        ("value-negative", *cell_of(t, "progress", "labour-to-shanghai", "actual")),
        ("disbursed-over-allocated", *cell_of(t, "key_projects", kp, "disbursed")),
        ("percent-over-100", *cell_of(t, "key_projects", layout.key_project_ids(plan, unit)[1], "works_progress")),
        ("value-suspicious-high", *cell_of(t, "progress", "labour-local", "actual")),
        ("date-after-as-of", *cell_of(t, "progress", "legacy-acceptance", "done_date")),
    }
    assert expected <= keys(result, unit=unit)
    assert result.result("labour-to-shanghai", unit).status == INVALID
    assert next(p for p in result.projects if p.project == kp).status == INVALID


def test_subitems_must_add_up(plan, templates, inbox):
    unit = "州委组织部"
    change = {
        ("progress", "professionals", "actual"): 50.0,
        ("progress", "professionals-education", "actual"): 30.0,
        ("progress", "professionals-health", "actual"): 15.0,
    }
    make_return(plan, templates, unit, inbox, change=change)
    result = collect_returns(inbox, plan, PERIOD)
    assert ("subitems-mismatch", *cell_of(templates[unit], "progress", "professionals", "actual")) in keys(result)
    assert result.result("professionals", unit).status == INVALID


def test_cumulative_figure_fell_since_last_month(plan, templates, inbox):
    make_return(plan, templates, COUNTY, inbox, change={("progress", "labour-local", "actual"): 100.0})
    result = collect_returns(inbox, plan, PERIOD, previous={(COUNTY, "labour-local"): 120.0})
    assert ("value-decreased", *cell_of(templates[COUNTY], "progress", "labour-local", "actual")) in keys(result)


def test_rectification_open_after_june_30_is_overdue(plan, templates, inbox):
    make_return(plan, templates, COUNTY, inbox, change={("rectification", "1", "status"): "整改中"})
    result = collect_returns(inbox, plan, PERIOD)
    r = result.result("rectification-open", COUNTY)
    assert r.actual == 1 and r.status == OVERDUE


# --- submissions ---
def test_missing_unit(plan, templates, inbox):
    make_month(plan, templates, inbox, skip=("永仁县",))
    result = collect_returns(inbox, plan, PERIOD)
    assert ("submission-missing", "", "") in keys(result, unit="永仁县")
    assert next(s for s in result.submissions if s.unit == "永仁县").status == NOT_RECEIVED
    assert {r.status for r in result.results if r.unit == "永仁县"} == {MISSING, None}  # None: split none


def test_duplicate_keeps_the_later_report(plan, templates, inbox):
    make_return(plan, templates, COUNTY, inbox, report_date=date(2020, 8, 10), name="双柏县-旧.xlsx",
                change={("progress", "labour-local", "actual"): 100.0})
    make_return(plan, templates, COUNTY, inbox, report_date=date(2020, 8, 15), name="双柏县-新.xlsx",
                change={("progress", "labour-local", "actual"): 200.0})
    result = collect_returns(inbox, plan, PERIOD)
    subs = {s.file: s for s in result.submissions if s.unit == COUNTY}
    assert subs["双柏县-新.xlsx"].status == ACCEPTED and subs["双柏县-旧.xlsx"].status == DUPLICATE
    assert result.result("labour-local", COUNTY).actual == 200
    assert any(f.code == "submission-duplicate" and f.file == "双柏县-旧.xlsx" for f in result.findings)


def test_late_submission(plan, templates, inbox):
    make_return(plan, templates, COUNTY, inbox, report_date=date(2020, 8, 24))
    result = collect_returns(inbox, plan, PERIOD)
    assert ("submission-late", *signoff_cell(templates[COUNTY], "report_date")) in keys(result)
    assert next(s for s in result.submissions if s.unit == COUNTY).on_time is False


def test_renamed_file_is_still_recognised(plan, templates, inbox):
    make_return(plan, templates, COUNTY, inbox, name="新建 Microsoft Excel 工作表.xlsx")
    result = collect_returns(inbox, plan, PERIOD)
    assert next(s for s in result.submissions if s.unit == COUNTY).status == ACCEPTED


def _bad_files(inbox):
    (inbox / "损坏.xlsx").write_bytes(b"PK\x03\x04" + b"\x00" * 100)
    (inbox / "说明.docx").write_bytes(b"PK\x03\x04garbage")
    (inbox / "照片.jpg").write_bytes(b"\xff\xd8\xff\xe0" + b"\x00" * 50)
    (inbox / "空文件.xlsx").write_bytes(b"")
    # An encrypted OOXML file is an OLE container holding an "EncryptedPackage" stream.
    (inbox / "加密.xlsx").write_bytes(
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 500 + "EncryptedPackage".encode("utf-16-le"))
    with zipfile.ZipFile(inbox / "炸弹.xlsx", "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("xl/workbook.xml", "<workbook/>")
        zf.writestr("xl/worksheets/sheet1.xml", b"\x00" * (60 * 1024 * 1024))
    (inbox / "假表.xls").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600)


def test_unreadable_files_never_stop_the_batch(plan, templates, inbox):
    make_month(plan, templates, inbox)
    _bad_files(inbox)
    result = collect_returns(inbox, plan, PERIOD)
    codes = {f.file: f.code for f in result.findings if f.unit == ""}
    assert codes["损坏.xlsx"] == "file-unreadable"
    assert codes["说明.docx"] == "file-unreadable" or codes["说明.docx"] == "file-not-spreadsheet"
    assert codes["照片.jpg"] == "file-not-spreadsheet"
    assert codes["空文件.xlsx"] == "file-not-spreadsheet"
    assert codes["加密.xlsx"] == "file-encrypted"
    assert codes["炸弹.xlsx"] == "file-too-large"
    assert codes["假表.xls"] == "file-unreadable"
    assert sum(1 for s in result.submissions if s.status == REJECTED) == 7
    assert all(s.status == ACCEPTED for s in result.submissions if s.unit in plan.unit_names)


def test_a_stray_entry_far_below_the_table_is_refused_not_read(plan, templates, inbox):
    """One value typed at row 1,048,576 would make the sheet a grid of millions of cells."""
    from openpyxl import load_workbook

    path = make_return(plan, templates, COUNTY, inbox)
    wb = load_workbook(path)
    wb[layout.PROGRESS.title]["P1048576"] = "误填"
    wb.save(path)
    make_return(plan, templates, "牟定县", inbox)
    result = collect_returns(inbox, plan, PERIOD)
    found = [f for f in result.findings if f.file == path.name]
    assert [(f.code, f.unit) for f in found] == [("file-too-large", COUNTY)]
    assert "1048576 行" in found[0].message and layout.PROGRESS.title in found[0].message
    assert next(s for s in result.submissions if s.file == path.name).status == REJECTED
    assert next(s for s in result.submissions if s.unit == "牟定县").status == ACCEPTED


def test_returned_files_are_never_changed(plan, templates, inbox):
    import hashlib

    make_month(plan, templates, inbox)
    _bad_files(inbox)
    before = {p.name: (hashlib.sha256(p.read_bytes()).hexdigest(), p.stat().st_mtime) for p in inbox.iterdir()}
    collect_returns(inbox, plan, PERIOD)
    after = {p.name: (hashlib.sha256(p.read_bytes()).hexdigest(), p.stat().st_mtime) for p in inbox.iterdir()}
    assert before == after


# --- identity ---
def _edit(path, fn):
    from openpyxl import load_workbook

    wb = load_workbook(path)
    fn(wb)
    wb.save(path)


def test_identity_sheet_removed_falls_back_to_title(plan, templates, inbox):
    path = make_return(plan, templates, COUNTY, inbox, name="报表.xlsx")
    _edit(path, lambda wb: wb.remove(wb[layout.IDENTITY_TITLE]))
    result = collect_returns(inbox, plan, PERIOD)
    assert any(f.code == "identity-missing" and f.unit == COUNTY for f in result.findings)
    assert next(s for s in result.submissions if s.unit == COUNTY).status == ACCEPTED


def _set_identity(key, value):
    def fn(wb):
        ws = wb[layout.IDENTITY_TITLE]
        for row in ws.iter_rows():
            if row[0].value == key:
                row[2].value = value
    return fn


@pytest.mark.parametrize("key,value,code", [
    ("plan_id", "other-plan", "plan-mismatch"),
    ("template_version", "0", "template-version-mismatch"),
    ("period", "2020-07", "period-mismatch"),
])
def test_foreign_workbooks_are_errors(plan, templates, inbox, key, value, code):
    path = make_return(plan, templates, COUNTY, inbox)
    _edit(path, _set_identity(key, value))
    result = collect_returns(inbox, plan, PERIOD)
    assert any(f.code == code and f.severity == "error" and f.file == path.name for f in result.findings)
    assert next(s for s in result.submissions if s.file == path.name).status == REJECTED


# --- structure ---
def test_inserted_rows_and_hidden_columns_still_read(plan, templates, inbox):
    path = make_return(plan, templates, COUNTY, inbox, change={("progress", "labour-local", "actual"): 222.0})

    def fn(wb):
        ws = wb[layout.PROGRESS.title]
        ws.insert_rows(layout.FIRST_DATA_ROW + 2, amount=3)
        ws.column_dimensions["C"].hidden = True
    _edit(path, fn)
    result = collect_returns(inbox, plan, PERIOD)
    assert result.result("labour-local", COUNTY).actual == 222
    assert not [f for f in result.findings if f.severity == "error" and f.unit == COUNTY]


def test_deleted_row_is_reported(plan, templates, inbox):
    path = make_return(plan, templates, COUNTY, inbox)
    sheet, cell = cell_of(templates[COUNTY], "progress", "labour-local", "actual")
    row = int("".join(ch for ch in cell if ch.isdigit()))
    _edit(path, lambda wb: wb[layout.PROGRESS.title].delete_rows(row))
    result = collect_returns(inbox, plan, PERIOD)
    assert any(f.code == "row-missing" and f.subject == "labour-local" for f in result.findings)
    assert result.result("labour-local", COUNTY).status == MISSING


def test_signoff_date_typed_as_text(plan, templates, inbox):
    make_return(plan, templates, COUNTY, inbox, report_date="2020.8.20")
    result = collect_returns(inbox, plan, PERIOD)
    assert ("date-text", *signoff_cell(templates[COUNTY], "report_date")) in keys(result)
    assert next(s for s in result.submissions if s.unit == COUNTY).on_time is True


def test_copy_of_inbox_gives_same_result(plan, templates, inbox, tmp_path):
    make_month(plan, templates, inbox)
    other = tmp_path / "copy"
    shutil.copytree(inbox, other)
    a, b = collect_returns(inbox, plan, PERIOD), collect_returns(other, plan, PERIOD)
    assert [(r.indicator, r.unit, r.actual, r.status) for r in a.results] == \
           [(r.indicator, r.unit, r.actual, r.status) for r in b.results]
