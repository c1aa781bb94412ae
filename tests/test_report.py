"""The summary workbook: sheets, colours, totals, dispatch, text-only cells, atomic writing."""
from __future__ import annotations

import dataclasses
import os
import zipfile
from functools import lru_cache
from pathlib import Path

import pytest
from report_data import hand_result, province_plan

from huyu_xlsx.checks.findings import Finding
from huyu_xlsx.checks.judge import ON_TRACK, BEHIND, DONE, OVERDUE, SEVERITY_RANK, STATUS_LABELS
from huyu_xlsx.collect import PREFECTURE, collect_returns
from huyu_xlsx.demo import BUNDLED_SAMPLES
from huyu_xlsx.report import SHEETS, SummaryLocked, bulletin_text, write_summary
from huyu_xlsx.report.bulletin import bulletin_paragraphs
from huyu_xlsx.report import matrix
from huyu_xlsx.report.palette import IMPROVED_FILL, STATUS_FILLS

PERIOD = "2020-08"


@pytest.fixture(scope="module")
def month(plan):
    """The bundled sample month, collected for real (one county missing, one late, a tampered target)."""
    return collect_returns(BUNDLED_SAMPLES / PERIOD, plan, PERIOD)


@pytest.fixture(scope="module")
def summary(month, plan, tmp_path_factory):
    return write_summary(month, plan, tmp_path_factory.mktemp("summary"))


def load(path):
    """The workbook, opened once per version of the file (tests only read it; openpyxl is slow to open)."""
    st = Path(path).stat()
    return _load(str(path), st.st_mtime_ns, st.st_size)


@lru_cache(maxsize=8)
def _load(path: str, mtime_ns: int, size: int):
    from openpyxl import load_workbook

    return load_workbook(path)


def fill_of(cell) -> str | None:
    if cell.fill is None or cell.fill.fill_type != "solid":
        return None
    return "#" + cell.fill.fgColor.rgb[-6:].upper()


def data_rows(ws, first=4):
    """Rows below the header until the first empty 序号 cell: (row number, [values])."""
    for r in range(first, ws.max_row + 1):
        if ws.cell(r, 1).value in (None, ""):
            return
        yield r, [c.value for c in ws[r]]


def test_every_sheet_exists_in_order(summary, month, plan, tmp_path):
    assert summary.name == f"汇总通报_{PERIOD}.xlsx"
    assert load(summary).sheetnames == [s for s in SHEETS if s != "环比"]
    with_change = write_summary(month, plan, tmp_path / "x.xlsx", previous=month)
    assert load(with_change).sheetnames == list(SHEETS)


def matrix_cells(ws):
    """{(indicator text, unit): (actual cell, target cell, rate cell)} of the wide 分析 sheet."""
    units = {}
    for c in ws[3]:
        if c.value and c.column > len(matrix.FIXED_HEADERS):
            units[c.column] = c.value
    out = {}
    for r in range(5, ws.max_row + 1):
        text = ws.cell(r, 3).value
        if not isinstance(ws.cell(r, 1).value, int):
            continue
        for col, unit in units.items():
            out[(text, unit)] = (ws.cell(r, col), ws.cell(r, col + 1), ws.cell(r, col + 2))
    return out


def test_matrix_fill_matches_status(summary, month, plan):
    cells = matrix_cells(load(summary)["分析"])
    assert len({i.text for i in plan.indicators}) == len(plan.indicators)
    for r in month.results:
        actual, target, rate = cells[(plan.indicator(r.indicator).text, r.unit)]
        for cell in (actual, target, rate):
            expected = STATUS_FILLS[r.status] if r.status else None  # unjudged county rows: no colour
            assert fill_of(cell) == expected, (r.indicator, r.unit, cell.coordinate)
    # A unit that does not report an indicator has an uncoloured cell there.
    assert fill_of(cells[(plan.indicator("labour-local").text, "州商务局")][0]) is None


def test_prefecture_totals_equal_sum_of_counties(summary, month, plan):
    cells = matrix_cells(load(summary)["分析"])
    for ind_id in ("assist-projects", "labour-to-shanghai", "labour-local", "pairing-funds"):
        text = plan.indicator(ind_id).text
        counties = [cells[(text, c)][0].value for c in plan.counties]
        usable = [v for c, v in zip(plan.counties, counties)
                  if v is not None and month.result(ind_id, c).status not in ("missing", "invalid")]
        whole = cells[(text, PREFECTURE)]
        assert whole[0].value == pytest.approx(sum(usable)), ind_id
        assert whole[1].value == plan.indicator(ind_id).target


def test_many_units_turn_the_matrix_round(plan, tmp_path, monkeypatch):
    """A province (130 units): one row per unit, one column per indicator, still coloured by status."""
    big = province_plan(plan, 130)
    result = hand_result(big)
    wb = load(write_summary(result, big, tmp_path / "p.xlsx"))
    ws = wb["分析"]
    headers = [c.value for c in ws[3]]
    col_of = {ind.id: headers.index(f"{ind.section} {ind.text}") + 1 for ind in big.indicators}
    row_of = {ws.cell(r, 2).value: r for r in range(5, ws.max_row + 1) if ws.cell(r, 2).value}
    assert len([u for u in row_of if u in big.unit_names]) == len(big.units)
    for r in result.results:
        cell = ws.cell(row_of[r.unit], col_of[r.indicator])
        assert fill_of(cell) == STATUS_FILLS[r.status], (r.indicator, r.unit)
    # A unit's cells for tasks it does not have stay empty; one rule borders every blank cell
    # of the table, so the printed grid has no holes.
    has = {(r.unit, r.indicator) for r in result.results}
    county, dept_task = big.counties[0], next(i for i in big.indicators if big.counties[0] not in i.reporter_set)
    assert (county, dept_task.id) not in has
    assert ws.cell(row_of[county], col_of[dept_task.id]).value is None
    rules = [(str(cf.sqref), rule) for cf in ws.conditional_formatting for rule in cf.rules]
    [(area, rule)] = [(a, r) for a, r in rules if r.type == "containsBlanks"]
    first, last = ws.cell(5, 4).coordinate, ws.cell(4 + len(big.units) + 1, 3 + len(big.indicators)).coordinate
    assert area == f"{first}:{last}"
    assert rule.dxf.border.left.style == "thin" and rule.dxf.border.bottom.style == "thin"
    # The bulletin names the worst few, not all 130.
    text = bulletin_text(result, big)
    lagging = next(part for part in text.replace("\n", "；").split("；") if "逾期未完成或进度滞后的有" in part)
    assert sum(u in lagging for u in big.counties) <= 5
    # Below the threshold the same month is laid out by indicator.
    monkeypatch.setattr(matrix, "MATRIX_MAX_UNITS", 200)
    wb = load(write_summary(result, big, tmp_path / "q.xlsx"))
    assert wb["分析"].cell(3, len(matrix.FIXED_HEADERS) + 1).value == big.unit_names[0]


def test_analysis_lists_worst_first(summary, month, plan):
    ws = load(summary)["研判"]
    labels = {v: k for k, v in STATUS_LABELS.items()} | {"临近时限": ON_TRACK}
    rows = list(data_rows(ws))
    statuses = [labels[v[1]] for _, v in rows]
    absent = {s.unit for s in month.submissions if s.status == "missing"}
    assert absent  # the bundled month has a unit that did not report: one row for it
    attention = ("behind", "overdue", "invalid", "missing")

    def due_soon(r):
        ind = plan.indicator(r.indicator)
        left = (ind.deadline - month.as_of).days
        return r.status == ON_TRACK and ind.rule in ("milestone", "event") and 0 <= left <= plan.due_soon_days

    reported = [r for r in month.results if r.unit != PREFECTURE and r.unit not in absent]
    expected = sum(1 for r in reported if r.status in attention or due_soon(r))
    expected += sum(1 for p in month.projects if p.status in attention and p.unit not in absent)
    assert len(statuses) == expected + len(absent)
    assert [SEVERITY_RANK[s] for s in statuses] == sorted(SEVERITY_RANK[s] for s in statuses)
    assert statuses[0] == OVERDUE
    for unit in absent:
        mine = [v for _, v in rows if v[2] == unit]
        assert len(mine) == 1 and "本月未报送" in mine[0][12]
    for r, _ in rows:
        assert fill_of(ws.cell(r, 2)) == STATUS_FILLS[labels[ws.cell(r, 2).value]]


def test_dispatch_names_the_supervision_table(summary, month, plan):
    ws = load(summary)["调度"]
    headers = [c.value for c in ws[3]]
    col = {h: i for i, h in enumerate(headers)}
    rows = [v for _, v in data_rows(ws)]
    lagging = {r.unit for r in month.results if r.unit in plan.counties and r.status in (BEHIND, OVERDUE)}
    assert lagging
    for county in lagging:
        sup = plan.supervision_for(county)
        mine = [v for v in rows if v[col["单位"]] == county]
        assert mine, county
        for v in mine:
            assert v[col["州级督战领导"]] == "、".join(sup.leaders)
            assert v[col["成员单位牵头部门"]] == sup.lead_unit
            assert v[col["责任人"]] == "、".join(sup.responsible_persons)
            assert v[col["督战小分队牵头人"]] == sup.squad_leader
    # The county that sent nothing is one line: chase the report, not 17 missing figures.
    absent = [v for v in rows if v[col["单位"]] == "永仁县"]
    assert len(absent) == 1 and absent[0][col["任务内容"]] == "本月未报送填报表"
    # Responsible units come from the plan.
    shanghai = next(v for v in rows if v[col["任务内容"]] == plan.indicator("labour-local").text)
    assert "州人力资源和社会保障局" in shanghai[col["责任单位"]]


def test_projects_sheet_has_all_key_projects_and_totals(summary, month, plan):
    ws = load(summary)["重点项目"]
    rows = [v for _, v in data_rows(ws) if isinstance(v[0], int)]
    assert len(rows) == 16 + 4 == len(month.projects)
    totals = {ws.cell(r, 1).value: [c.value for c in ws[r]] for r in range(4, ws.max_row + 1)
              if str(ws.cell(r, 1).value or "").startswith(("县级", "州级", "合计"))}
    whole = next(v for k, v in totals.items() if k.startswith("合计"))
    usable = [p for p in month.projects if p.status not in ("missing", "invalid")]
    assert whole[5] == pytest.approx(sum(p.allocated for p in usable))
    assert whole[6] == pytest.approx(sum(p.disbursed for p in usable))
    status_col = 11
    labels = {v: k for k, v in STATUS_LABELS.items()}
    for r, v in data_rows(ws):
        if not isinstance(v[0], int):
            continue
        assert fill_of(ws.cell(r, status_col)) == STATUS_FILLS[labels[v[status_col - 1]]]


def test_submissions_put_missing_first(summary, plan):
    ws = load(summary)["报送情况"]
    rows = [v for _, v in data_rows(ws)]
    assert rows[0][1] == "永仁县" and rows[0][3] == "未报送"
    assert fill_of(ws.cell(4, 4)) == STATUS_FILLS["missing"]
    assert {v[1] for v in rows} == set(plan.unit_names)
    late = next(v for v in rows if v[1] == "姚安县")
    assert late[7] == "逾期"


def test_findings_sorted_errors_first_and_tinted(summary, month):
    ws = load(summary)["数据问题"]
    rows = list(data_rows(ws))
    assert len(rows) == len(month.findings)
    severities = [v[1] for _, v in rows]
    assert severities == sorted(severities, key=["错误", "警告", "提示"].index)
    assert ws.auto_filter.ref
    r, v = rows[0]
    assert v[1] == "错误" and fill_of(ws.cell(r, 8)) is not None
    assert fill_of(ws.cell(rows[-1][0], 8)) is None
    # People read a Chinese name for each kind of problem; the code is the last column.
    assert all(v[2] and not v[2].isascii() for _, v in rows)
    assert ws.cell(3, 11).value == "问题代码"


def test_nothing_typed_becomes_a_formula(plan, tmp_path):
    """Messages and names quoting what a unit typed stay strings, even when they start with '='."""
    evil = ['=HYPERLINK("http://example.com","点我")', "=1+1", "+SUM(A1:A3)", "@cmd", "http://example.com"]
    findings = [Finding("value-not-number", "error", e, unit="双柏县", file=e, sheet="任务进度", cell="I5",
                        original=e) for e in evil]
    result = hand_result(plan, findings=findings)
    result.projects[0] = dataclasses.replace(result.projects[0], name="=SUM(1,2)")
    result.submissions[0] = dataclasses.replace(result.submissions[0], file="=cmd|' /C calc'!A0")
    path = write_summary(result, plan, tmp_path / "s.xlsx")
    with zipfile.ZipFile(path) as z:
        sheets = [n for n in z.namelist() if n.startswith("xl/worksheets/sheet")]
        for name in sheets:
            xml = z.read(name).decode()
            assert "<f>" not in xml and "<f " not in xml, name
        assert not any("hyperlink" in n for n in z.namelist())
    wb = load(path)
    values = {c.value for ws in wb for row in ws.iter_rows() for c in row if isinstance(c.value, str)}
    assert set(evil) <= values
    assert "=SUM(1,2)" in values


def test_print_setup_and_frozen_headers(summary):
    wb = load(summary)
    for ws in wb:
        assert ws.page_setup.orientation == "landscape", ws.title
        # One A4 or A3 page wide while the text stays readable, else at a readable scale
        # across pages (printing.py; test_print_lo measures the printed text).
        assert ws.page_setup.paperSize in (8, 9)
        assert (ws.page_setup.scale or 100) >= 70, ws.title
        if ws.col_breaks.brk:
            assert ws.page_setup.paperSize == 8, ws.title
        assert "2020年8月" in ws.oddHeader.right.text
        assert "&P" in ws.oddFooter.center.text
        if ws.title != "通报":
            assert ws.freeze_panes and ws.print_title_rows, ws.title
    # Column widths follow the Chinese text (display width), not character counts.
    ws = wb["报送情况"]
    assert ws.column_dimensions["B"].width >= 12


def test_overview_has_headlines_ranking_chart_and_text(summary, month, plan):
    wb = load(summary)
    ws = wb["通报"]
    values = [c.value for row in ws.iter_rows() for c in row if c.value is not None]
    assert "上海市及嘉定区帮扶项目完成" in values
    assert 74 in values and 150 in values and 3000 in values
    assert any(isinstance(v, str) and v.startswith("排名规则") for v in values)
    assert len(ws._charts) == 1
    for paragraph in bulletin_paragraphs(month, plan):
        assert paragraph in values
    # The ranking lists the counties, best first by the share of done + on track.
    start = next(r for r in range(1, ws.max_row) if ws.cell(r, 1).value == "名次")
    shares = [ws.cell(r, 10).value for r in range(start + 1, start + 8)]
    counties = [ws.cell(r, 2).value for r in range(start + 1, start + 8)]
    assert sorted(counties) == sorted(plan.counties)
    assert counties[-1] == "永仁县"  # sent nothing
    assert shares[:-1] == sorted(shares[:-1], reverse=True)


def test_bulletin_text_from_the_figures(month, plan):
    text = bulletin_text(month, plan)
    projects = month.result("assist-projects", PREFECTURE)
    assert f"上海市及嘉定区帮扶项目完成{int(projects.actual)}个，为目标74个" in text
    assert "永仁县未报送" in text
    assert "逾期未完成1项任务：武定县" in text
    errors = sum(1 for f in month.findings if f.severity == "error" and not f.code.startswith("submission-"))
    assert f"错误{errors}条" in text
    assert "=" not in text


def test_change_sheet_marks_status_changes(plan, tmp_path):
    key = ("labour-to-shanghai", "双柏县")
    before = hand_result(plan, "2020-07", statuses={key: BEHIND})
    after = hand_result(plan, "2020-08", statuses={key: DONE})
    ws = load(write_summary(after, plan, tmp_path / "c.xlsx", previous=before))["环比"]
    text = plan.indicator(key[0]).text
    row = next(v for _, v in data_rows(ws) if v[2] == text and v[3] == key[1])
    assert row[8] == "进度滞后" and row[9] == "已完成"
    assert row[10] == "进度滞后→已完成"
    r = next(r for r, v in data_rows(ws) if v[2] == text and v[3] == key[1])
    assert fill_of(ws.cell(r, 11)) == IMPROVED_FILL
    assert fill_of(ws.cell(r, 10)) == STATUS_FILLS[DONE]


def test_atomic_write_leaves_no_temp_files(month, plan, tmp_path):
    target = write_summary(month, plan, tmp_path)
    write_summary(month, plan, tmp_path)  # replacing an existing summary
    assert [p.name for p in tmp_path.iterdir()] == [target.name]
    assert oct(target.stat().st_mode & 0o077) != "0o0"  # not an owner-only temp file


def test_locked_target_raises_summary_locked(month, plan, tmp_path, monkeypatch):
    target = write_summary(month, plan, tmp_path)
    before = target.read_bytes()

    def locked(src, dst):
        raise PermissionError(13, "The process cannot access the file because it is being used")

    monkeypatch.setattr(os, "replace", locked)
    with pytest.raises(SummaryLocked) as info:
        write_summary(month, plan, tmp_path)
    assert "关闭" in str(info.value) and target.name in str(info.value)
    assert [p.name for p in tmp_path.iterdir()] == [target.name]
    assert target.read_bytes() == before


def test_write_failure_leaves_no_temp_file(month, plan, tmp_path, monkeypatch):
    from huyu_xlsx.report import workbook

    def broken(*args):
        raise RuntimeError("boom")

    monkeypatch.setattr(workbook, "write_findings", broken)
    with pytest.raises(RuntimeError):
        write_summary(month, plan, tmp_path / "s.xlsx")
    assert list(Path(tmp_path).iterdir()) == []


def _layout_of(path):
    """Every sheet's values, merged ranges, row heights, column widths and rules."""
    wb = load(path)
    out = {}
    for ws in wb.worksheets:
        out[ws.title] = (
            [[c.value for c in row] for row in ws.iter_rows()],
            sorted(str(r) for r in ws.merged_cells.ranges),
            {r: d.height for r, d in ws.row_dimensions.items() if d.height},
            {k: d.width for k, d in ws.column_dimensions.items()},
            sorted(str(cf.sqref) for cf in ws.conditional_formatting),
            ws.freeze_panes, ws.auto_filter.ref,
        )
    return out


@pytest.mark.parametrize("units", [7, 30])
def test_a_streamed_summary_is_the_same_summary(plan, tmp_path, monkeypatch, units):
    """Past STREAM_MIN_UNITS rows go to disk as they are written: same cells, merges and heights."""
    from huyu_xlsx.report import workbook

    big = plan if units == 7 else province_plan(plan, units)
    key = (big.indicators[0].id, big.counties[0])
    before = hand_result(big, "2020-07", statuses={key: BEHIND})
    from huyu_xlsx.checks.findings import make_finding

    findings = [make_finding("value-negative", unit=big.counties[0], file="a.xlsx", sheet="任务进度", cell="I5",
                             subject=key[0], original="-3"),
                make_finding("submission-missing", unit=big.counties[1])]
    after = hand_result(big, "2020-08", statuses={key: DONE}, absent=(big.counties[1],), findings=findings)
    held = write_summary(after, big, tmp_path / "held.xlsx", previous=before)
    monkeypatch.setattr(workbook, "STREAM_MIN_UNITS", 1)
    streamed = write_summary(after, big, tmp_path / "streamed.xlsx", previous=before)
    with zipfile.ZipFile(streamed) as zf:  # really streamed: inline strings, no shared string table
        assert "xl/sharedStrings.xml" not in zf.namelist()
    layout_held = _layout_of(held)
    assert _layout_of(streamed) == layout_held
    assert any("-3" in str(v) for row in layout_held["数据问题"][0] for v in row)  # the lists are not empty
    assert sorted(p.name for p in tmp_path.iterdir()) == ["held.xlsx", "streamed.xlsx"]  # no temp files left


def test_change_sheet_at_scale_lists_the_prefecture_and_what_changed(plan, tmp_path):
    """Past MATRIX_MAX_UNITS units, 环比 keeps the 全州 rows and the status changes, not every
    row: 全州 first, then what got worse, then what got better."""
    from huyu_xlsx.report import facts

    big = province_plan(plan, matrix.MATRIX_MAX_UNITS + 5)
    ind = next(i for i in big.indicators if big.counties[3] in i.reporters)
    worse, better = (ind.id, big.counties[3]), (ind.id, big.counties[4])
    before = hand_result(big, "2020-07", statuses={worse: DONE, better: BEHIND})
    after = hand_result(big, "2020-08", statuses={worse: BEHIND, better: DONE})
    every = facts.changes(after, before)
    kept = [c for c in every if c.direction or c.unit == PREFECTURE]
    assert len(kept) < len(every) / 2  # the point: most rows did not change
    expected = ([c for c in kept if c.unit == PREFECTURE]
                + sorted((c for c in kept if c.unit != PREFECTURE and c.direction < 0),
                         key=lambda c: SEVERITY_RANK[c.status_after])
                + [c for c in kept if c.unit != PREFECTURE and c.direction > 0])
    ws = load(write_summary(after, big, tmp_path / "c.xlsx", previous=before))["环比"]
    rows = [v for _, v in data_rows(ws)]
    assert [(v[3], v[10]) for v in rows] == [
        (c.unit, f"{STATUS_LABELS[c.status_before]}→{STATUS_LABELS[c.status_after]}" if c.direction else None)
        for c in expected]
    assert (big.counties[3], "已完成→进度滞后") in [(v[3], v[10]) for v in rows]
    assert f"只列出全州合计和状态有变化的{len(kept)}行（共{len(every)}行）" in ws.cell(2, 1).value
    better_n = sum(1 for c in every if c.direction > 0)
    assert f"状态好转{better_n}项" in ws.cell(1, 1).value  # the counts are over every row


def test_summary_path_gets_its_suffix(plan, tmp_path):
    from huyu_xlsx.report import write_summary

    month = hand_result(plan)
    assert write_summary(month, plan, tmp_path / "out_api") == tmp_path / "out_api.xlsx"
    assert (tmp_path / "out_api.xlsx").exists() and not (tmp_path / "out_api").exists()
    assert write_summary(month, plan, tmp_path).name == "汇总通报_2020-08.xlsx"
    with pytest.raises(ValueError, match=".xlsx"):
        write_summary(month, plan, tmp_path / "汇总.xls")


def test_bulletin_path_gets_its_suffix(plan, tmp_path):
    from huyu_xlsx.outpath import WrongSuffix
    from huyu_xlsx.report import bulletin_text, write_bulletin

    month = hand_result(plan)
    assert write_bulletin(month, plan, tmp_path / "通报") == tmp_path / "通报.txt"
    assert (tmp_path / "通报.txt").read_text("utf-8-sig") == bulletin_text(month, plan) + "\n"
    assert not (tmp_path / "通报").exists()
    assert write_bulletin(month, plan, tmp_path) == tmp_path / "通报_2020-08.txt"
    assert write_bulletin(month, plan, tmp_path / "a.TXT") == tmp_path / "a.TXT"
    with pytest.raises(WrongSuffix, match=r"通报文字只能保存为 \.txt 文件，“通报\.docx”的扩展名是 \.docx"):
        write_bulletin(month, plan, tmp_path / "通报.docx")
    assert not (tmp_path / "通报.docx").exists()


def test_summary_refusal_is_in_chinese(plan, tmp_path):
    from huyu_xlsx.report import write_summary

    with pytest.raises(ValueError, match=r"汇总表只能保存为 \.xlsx 文件，“汇总\.csv”的扩展名是 \.csv"):
        write_summary(hand_result(plan), plan, tmp_path / "汇总.csv")
    assert list(tmp_path.iterdir()) == []  # no temporary file left behind
