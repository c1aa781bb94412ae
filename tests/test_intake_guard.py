"""A reader that one file cannot kill: bounded sheets, isolated workers, content-decided formats."""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
from lo import convert, needs_soffice
from returns import PERIOD, cell_of, make_month, make_return
from test_collect import templates  # noqa: F401 - the session fixture

from huyu_xlsx import collect as collect_module
from huyu_xlsx import isolate, layout
from huyu_xlsx.collect import ACCEPTED, DUPLICATE, REJECTED, collect_returns

LO = [pytest.mark.lo, needs_soffice]  # for parameters re-saved by LibreOffice
ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples" / "2020-08"
COUNTY = "双柏县"
LIBRARY_WORDS = ("panicked", "backtrace", "Traceback", "Error", "error:", "RUST", "calamine", "memory allocation")


@pytest.fixture
def inbox(tmp_path):
    path = tmp_path / "inbox"
    path.mkdir()
    return path


def _last_cell_return(plan, templates, inbox, name=None):  # noqa: F811
    """A county's return with a 1 typed in the sheet's very last cell, XFD1048576."""
    from openpyxl import load_workbook

    path = make_return(plan, templates, COUNTY, inbox, name=name)
    wb = load_workbook(path)
    wb[layout.PROGRESS.title]["XFD1048576"] = 1
    wb.save(path)
    return path


def _by_file(result):
    return {f.file: f for f in result.findings if f.code.startswith("file-")}


# --- bounded before loading ---

def test_a_value_in_the_last_cell_is_refused_and_the_rest_collected(plan, templates, inbox):  # noqa: F811
    make_month(plan, templates, inbox, skip=(COUNTY,))
    path = _last_cell_return(plan, templates, inbox)
    result = collect_returns(inbox, plan, PERIOD)
    found = [f for f in result.findings if f.file == path.name]
    assert [(f.code, f.unit) for f in found] == [("file-too-large", COUNTY)]
    assert "1048576 行 × 16384 列" in found[0].message
    assert next(s for s in result.submissions if s.file == path.name).status == REJECTED
    assert sum(s.status == ACCEPTED for s in result.submissions) == len(plan.unit_names) - 1


def test_sheet_bounds_count_values_not_formatting(tmp_path):
    """A cell only formatted far away is no trouble to the reader and is not counted."""
    from huyu_xlsx.intake.sheetxml import sheet_bounds

    xml = (b'<worksheet><dimension ref="A1:XFD1048576"/><sheetData>'
           b'<row r="1"><c r="A1" t="n"><v>1</v></c><c r="N1" s="2" t="s"><v>0</v></c></row>'
           b'<row r="25"><c r="C25" t="inlineStr"><is><t>x</t></is></c></row>'
           b'<row r="1048576"><c r="XFD1048576" s="3"/></row></sheetData></worksheet>')
    assert sheet_bounds(xml) == (25, 14)
    assert sheet_bounds(xml, 2_000_000) == (25, 14)  # row 1048576 is there: every cell looked at
    small = xml.replace(b'<row r="1048576"><c r="XFD1048576" s="3"/></row>', b"")
    assert sheet_bounds(small, 2_000_000) == (25, 0)  # 25 rows fit whatever the columns: rows only
    far = small.replace(b"</sheetData>", b'<row r="200"><c r="XFD200"><v>1</v></c></row></sheetData>')
    assert sheet_bounds(far, 2_000_000) == (200, 16384)
    # Cells without addresses are placed by position.
    xml = b"<sheetData><row><c><v>1</v></c><c><v>2</v></c></row><row r=\"9\"><c><v>3</v></c></row></sheetData>"
    assert sheet_bounds(xml) == (9, 2)


def test_collect_of_a_last_cell_value_exits_0_with_no_backtrace(plan, templates, tmp_path):  # noqa: F811
    inbox = tmp_path / "回收"
    shutil.copytree(SAMPLES, inbox)
    _last_cell_return(plan, templates, inbox, name="双柏县（最后一格）.xlsx")
    proc = subprocess.run([sys.executable, "-m", "huyu_xlsx", "collect", str(inbox), "--period", PERIOD,
                           "--json", "--no-ledger"], capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    assert not any(word in proc.stderr for word in LIBRARY_WORDS), proc.stderr
    data = json.loads(proc.stdout)
    codes = {f["file"]: f["code"] for f in data["findings"] if f["code"].startswith("file-")}
    assert codes == {"双柏县（最后一格）.xlsx": "file-too-large"}
    assert sum(s["status"] == "accepted" for s in data["submissions"]) == 11


# --- isolated workers ---

def test_a_reader_that_aborts_costs_only_its_file(plan, templates, inbox, monkeypatch, capfd):  # noqa: F811
    """Without the screen, the last-cell value makes the native reader abort (a crash that
    Python cannot catch): the worker dies, the file is reported, the rest is read."""
    monkeypatch.setattr("huyu_xlsx.intake.read.screen_sheet", lambda *args: None)
    make_month(plan, templates, inbox, skip=(COUNTY,))
    path = _last_cell_return(plan, templates, inbox)
    result = collect_returns(inbox, plan, PERIOD)
    found = _by_file(result)[path.name]
    assert (found.code, found.severity) == ("file-unreadable", "error")
    assert not any(word in found.message for word in LIBRARY_WORDS)
    assert sum(s.status == ACCEPTED for s in result.submissions) == len(plan.unit_names) - 1
    out, err = capfd.readouterr()
    assert not any(word in err for word in LIBRARY_WORDS), err


def test_a_file_that_never_finishes_is_cut_off(plan, templates, inbox, monkeypatch):  # noqa: F811
    make_month(plan, templates, inbox)
    victim = sorted(inbox.iterdir())[2]
    real = collect_module.read_return

    def stuck(path, *args):
        if Path(path).name == victim.name:
            time.sleep(600)
        return real(path, *args)

    monkeypatch.setattr(collect_module, "read_return", stuck)
    monkeypatch.setattr(isolate, "TIME_LIMIT_S", 2.0)
    result = collect_returns(inbox, plan, PERIOD)
    assert _by_file(result)[victim.name].code == "file-unreadable"
    accepted = {s.file for s in result.submissions if s.status == ACCEPTED}
    assert accepted == {p.name for p in inbox.iterdir()} - {victim.name}


class FakePanic(BaseException):
    """What pyo3 raises for a Rust panic: not an Exception."""


def test_a_panic_becomes_a_chinese_finding(plan, templates, inbox, monkeypatch):  # noqa: F811
    make_month(plan, templates, inbox)
    victim = sorted(inbox.iterdir())[0]
    real = collect_module.read_return

    def panicking(path, *args):
        if Path(path).name == victim.name:
            raise FakePanic("called `Option::unwrap()` on a `None` value")
        return real(path, *args)

    monkeypatch.setattr(collect_module, "read_return", panicking)
    result = collect_returns(inbox, plan, PERIOD, workers=2)
    found = _by_file(result)[victim.name]
    assert found.code == "file-unreadable" and "unwrap" not in found.message and "Panic" not in found.message
    assert sum(s.status == ACCEPTED for s in result.submissions) == len(plan.unit_names) - 1


# --- content decides the format ---

def _docx(path: Path) -> Path:
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("word/document.xml", "<w:document/>")
    return path


def test_content_not_extension_decides(plan, templates, inbox):  # noqa: F811
    xlsx = make_return(plan, templates, COUNTY, inbox, name="双柏县.xls")  # an .xlsx named .xls
    shutil.copy(SAMPLES / "2020-08_牟定县_沪滇协作督战填报表.xls", inbox / "牟定县.xlsx")  # an .xls named .xlsx
    (inbox / "照片.xlsx").write_bytes(b"\xff\xd8\xff\xe0" + b"\x00" * 50)
    (inbox / "照片.jpg").write_bytes(b"\xff\xd8\xff\xe0" + b"\x00" * 50)
    _docx(inbox / "说明.docx")
    _docx(inbox / "说明.xlsx")
    (inbox / "文本.xls").write_text("单位,数字\n双柏县,1\n", "utf-8")
    (inbox / "损坏.xlsx").write_bytes(b"PK\x03\x04" + b"\x00" * 100)
    result = collect_returns(inbox, plan, PERIOD)
    status = {s.file: s.status for s in result.submissions}
    assert status[xlsx.name] == ACCEPTED and status["牟定县.xlsx"] == ACCEPTED
    codes = {name: f.code for name, f in _by_file(result).items()}
    assert codes == {"照片.xlsx": "file-not-spreadsheet", "照片.jpg": "file-not-spreadsheet",
                     "说明.docx": "file-not-spreadsheet", "说明.xlsx": "file-not-spreadsheet",
                     "文本.xls": "file-not-spreadsheet", "损坏.xlsx": "file-unreadable"}
    assert "图片" in _by_file(result)["照片.xlsx"].message
    assert "Word" in _by_file(result)["说明.xlsx"].message


@pytest.mark.lo
@needs_soffice
def test_ods_and_word_by_content(plan, templates, inbox, tmp_path):  # noqa: F811
    src = make_return(plan, templates, COUNTY, tmp_path / "src")
    ods = convert(src, "ods", tmp_path / "ods")
    shutil.copy(ods, inbox / "双柏县.xlsx")  # an .ods named .xlsx
    note = tmp_path / "说明.txt"
    note.write_text("本月无变化", "utf-8")
    doc = convert(note, "doc", tmp_path / "doc")
    shutil.copy(doc, inbox / "说明.xls")  # a Word .doc named .xls: an OLE file, but no workbook
    result = collect_returns(inbox, plan, PERIOD)
    assert next(s for s in result.submissions if s.file == "双柏县.xlsx").status == ACCEPTED
    found = _by_file(result)["说明.xls"]
    assert found.code == "file-not-spreadsheet" and "Word" in found.message


# --- named by their path below the inbox ---

def test_files_in_subfolders_are_named_by_their_path(plan, templates, inbox):  # noqa: F811
    from datetime import date

    name = layout.file_name(COUNTY, PERIOD)
    make_return(plan, templates, COUNTY, inbox / "邮件附件", report_date=date(2020, 8, 19))
    make_return(plan, templates, COUNTY, inbox, report_date=date(2020, 8, 10))  # older, same name
    result = collect_returns(inbox, plan, PERIOD)
    subs = {s.file: s.status for s in result.submissions if s.unit == COUNTY}
    assert subs == {f"邮件附件/{name}": ACCEPTED, name: DUPLICATE}
    dup = next(f for f in result.findings if f.code == "submission-duplicate")
    assert dup.file == name and f"邮件附件/{name}" in dup.message
    assert result.returns[COUNTY].file == f"邮件附件/{name}"
    assert {r.file for r in result.results if r.unit == COUNTY} == {f"邮件附件/{name}"}


# --- percentages as the cell shows them ---

def _percent_formatted_return(plan, templates, inbox, shown: dict):  # noqa: F811
    """A county's return whose 工程进度 cells hold 0.85 / 1 with a percent format, as Excel
    stores "85%" and "100%" typed into a cell; shown: project id -> stored fraction."""
    from openpyxl import load_workbook

    path = make_return(plan, templates, "南华县", inbox, change={
        ("key_projects", kp, "works_progress"): value for kp, value in shown.items()})
    wb = load_workbook(path)
    cells = []
    for kp in shown:
        sheet, cell = cell_of(templates["南华县"], "key_projects", kp, "works_progress")
        wb[sheet][cell].number_format = "0%"
        cells.append((sheet, cell))
    wb.save(path)
    return path, cells


def _percent_outcome(result, cells):
    values = {(v.sheet, v.cell): v.value for v in result.returns["南华县"].values.values()}
    codes = {f.key for f in result.findings if f.unit == "南华县"}
    return [values[c] for c in cells], codes


@pytest.mark.parametrize("fmt", ["xlsx", pytest.param("xls", marks=LO),
                                 pytest.param("ods", marks=LO)])
def test_a_percent_formatted_cell_reads_as_shown(plan, templates, inbox, tmp_path, fmt):  # noqa: F811
    kps = layout.key_project_ids(plan, "南华县")[:2]
    path, cells = _percent_formatted_return(plan, templates, tmp_path / "src", {kps[0]: 0.85, kps[1]: 1.0})
    if fmt == "xlsx":
        shutil.copy(path, inbox)
    else:
        convert(path, fmt, inbox)
    result = collect_returns(inbox, plan, PERIOD)
    got, codes = _percent_outcome(result, cells)
    assert got == [85.0, 100.0]
    assert {("percent-cell-format", *c) for c in cells} <= codes
    assert not any(code == "percent-maybe-fraction" for code, _, _ in codes)
    project = next(p for p in result.projects if p.project == kps[1])
    assert project.works_progress == 100.0


def test_a_plain_fraction_still_gets_its_warning(plan, templates, inbox):  # noqa: F811
    kp = layout.key_project_ids(plan, "南华县")[0]
    make_return(plan, templates, "南华县", inbox, change={("key_projects", kp, "works_progress"): 0.85})
    sheet, cell = cell_of(templates["南华县"], "key_projects", kp, "works_progress")
    result = collect_returns(inbox, plan, PERIOD)
    assert result.returns["南华县"].get("key_projects", kp, "works_progress").value == 0.85
    assert ("percent-maybe-fraction", sheet, cell) in {f.key for f in result.findings}


def test_a_percent_sign_typed_as_text_is_traced(plan, templates, inbox):  # noqa: F811
    kp = layout.key_project_ids(plan, "南华县")[0]
    make_return(plan, templates, "南华县", inbox, change={("key_projects", kp, "works_progress"): "85%"})
    sheet, cell = cell_of(templates["南华县"], "key_projects", kp, "works_progress")
    result = collect_returns(inbox, plan, PERIOD)
    assert result.returns["南华县"].get("key_projects", kp, "works_progress").value == 85.0
    assert ("number-percent-sign", sheet, cell) in {f.key for f in result.findings}


@pytest.mark.lo
@needs_soffice
@pytest.mark.parametrize("fmt, cell, shape", [("xls", "IV65536", "65536 行 × 256 列"),
                                              ("ods", "P1000000", "1000000 行 × 16 列")])
def test_a_far_value_in_xls_and_ods_is_refused_before_loading(plan, templates, inbox, tmp_path,  # noqa: F811
                                                              fmt, cell, shape):
    from openpyxl import load_workbook

    src = make_return(plan, templates, COUNTY, tmp_path / "src")
    wb = load_workbook(src)
    wb[layout.PROGRESS.title][cell] = 1
    wb.save(src)
    convert(src, fmt, inbox)
    make_return(plan, templates, "牟定县", inbox)
    result = collect_returns(inbox, plan, PERIOD)
    # .xls and .ods are bounded before they are opened at all (the reader builds all their
    # sheets at once), so whose the file is stays unknown.
    found = [f for f in result.findings if f.file.endswith("." + fmt)]
    assert [f.code for f in found] == ["file-too-large"] and shape in found[0].message
    assert next(s for s in result.submissions if s.unit == "牟定县").status == ACCEPTED
