"""Exporting the ledger's whole history as one workbook the office can filter in Excel."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import xlsxwriter

from ..findings import CATALOGUE, SEVERITY_LABELS, Finding
from ..checks.judge import STATUS_LABELS
from ..collect import SUBMISSION_LABELS
from ..outpath import WrongSuffix, output_path
from ..textwidth import display_width
from . import rows as R
from .schema import LedgerError

if TYPE_CHECKING:
    from .store import Ledger

# The summary's palette, so a colour means the same in the summary and the ledger.
from ..report.palette import HEADER_FILL, STATUS_FILLS  # noqa: E402

FONT = "宋体"
MAX_WIDTH = 60  # Excel character units; longer text wraps
WORKBOOK_OPTIONS = {
    # What units typed is data: never a formula, a link or a number guessed from text.
    "strings_to_formulas": False,
    "strings_to_urls": False,
    "strings_to_numbers": False,
    # Years of a province's history are hundreds of thousands of rows: stream them.
    "constant_memory": True,
}

TEXT, NUMBER, PERCENT, DATE, TIME, STATUS = "text", "number", "percent", "date", "time", "status"


@dataclass(frozen=True)
class Col:
    header: str
    kind: str = TEXT


def write_ledger_workbook(ledger: "Ledger", path: Path) -> Path:
    """Write every recorded period: overview, indicators, key projects, submissions, findings.

    `path` is a file, or an existing folder to put 台账.xlsx in; a name without a suffix gets
    .xlsx, another suffix is refused (LedgerError). Returns the path written."""
    try:
        path = output_path(path, ".xlsx", "台账导出", "台账.xlsx")
    except WrongSuffix as exc:
        raise LedgerError(str(exc)) from exc
    wb = xlsxwriter.Workbook(str(path), WORKBOOK_OPTIONS)
    wb.set_properties({"title": "沪滇扶贫协作挂牌督战台账", "author": "huyu_xlsx"})
    fmt = _Formats(wb)
    q = ledger.conn.execute
    for title, cols, rows in (
        ("台账概况", OVERVIEW, _overview(ledger)),
        ("指标台账", RESULTS, [_result(r) for r in q(
            "SELECT period, unit, indicator, indicator_text, measure, target, actual_type, actual, baseline, "
            "rate, status, deadline, file, sheet, cell FROM results ORDER BY period, seq")]),
        ("重点项目台账", PROJECTS, list(q(
            "SELECT period, unit, project, name, investment, allocated, disbursed, disbursement_rate, "
            "works_progress, status, deadline, file FROM projects ORDER BY period, seq"))),
        ("报送记录", SUBMISSIONS, [_submission(r) for r in q(
            "SELECT period, unit, file, status, on_time, report_date, received, sha256, findings "
            "FROM submissions ORDER BY period, seq")]),
        ("问题清单", FINDINGS, [_finding(r) for r in q(
            "SELECT period, severity, unit, message, file, sheet, cell, original, code "
            "FROM findings ORDER BY period, seq")]),
    ):
        _write_table(wb, fmt, title, cols, rows)
    wb.close()
    return path


OVERVIEW = [Col("报告期"), Col("统计截止日", DATE), Col("报送截止日", DATE), Col("记录时间", TIME),
            Col("已报送单位数", NUMBER), Col("应报送单位数", NUMBER), Col("未报送单位"),
            Col("错误数", NUMBER), Col("计划编号")]
RESULTS = [Col("报告期"), Col("填报单位"), Col("指标编号"), Col("任务内容"), Col("计量单位"),
           Col("目标任务", NUMBER), Col("累计完成", NUMBER), Col("上年数", NUMBER), Col("完成率", PERCENT),
           Col("状态", STATUS), Col("完成时限", DATE), Col("来源文件"), Col("工作表"), Col("单元格")]
PROJECTS = [Col("报告期"), Col("填报单位"), Col("项目编号"), Col("项目名称"), Col("总投资（万元）", NUMBER),
            Col("上海帮扶资金（万元）", NUMBER), Col("已拨付资金（万元）", NUMBER), Col("资金拨付率", PERCENT),
            Col("工程进度（%）", NUMBER), Col("状态", STATUS), Col("完成时限", DATE), Col("来源文件")]
SUBMISSIONS = [Col("报告期"), Col("填报单位"), Col("文件名"), Col("报送状态"), Col("是否按时"),
               Col("填报日期", DATE), Col("文件时间", TIME), Col("SHA-256"), Col("问题数", NUMBER)]
FINDINGS = [Col("报告期"), Col("严重程度"), Col("填报单位"), Col("问题类别"), Col("问题"), Col("文件"), Col("工作表"),
            Col("单元格"), Col("原填写内容"), Col("处理建议"), Col("问题代码")]


def _overview(ledger: "Ledger") -> list[tuple]:
    missing = {row[0]: row[4] for row in ledger.summary_rows()}
    return [(p, a, d, r, got, expected, missing.get(p, ""), errors, plan_id)
            for p, a, d, r, got, expected, errors, plan_id in ledger.conn.execute(
                "SELECT period, as_of, due, recorded_at, units_received, units_expected, error_count, "
                "plan_id FROM periods ORDER BY period")]


def _result(row) -> tuple:
    *head, kind, actual, baseline, rate, status, deadline, file, sheet, cell = row
    actual = R.decode(kind, actual)
    if isinstance(actual, bool):
        actual = "是" if actual else "否"
    return (*head, actual, baseline, rate, status, deadline, file, sheet, cell)


def _submission(row) -> tuple:
    period, unit, file, status, on_time, report_date, received, sha256, findings = row
    on_time = "" if on_time is None else ("是" if on_time else "否")
    return (period, unit or "（未识别）", file, SUBMISSION_LABELS.get(status, status), on_time,
            report_date, received, sha256, findings)


def _finding(row) -> tuple:
    period, severity, unit, message, file, sheet, cell, original, code = row
    action = Finding(code, severity, message, unit).action
    kind = CATALOGUE[code].title if code in CATALOGUE else ""
    return (period, SEVERITY_LABELS.get(severity, severity), unit, kind, message, file, sheet, cell, original,
            action, code)


class _Formats:
    """One Format per style, made once (a Format per cell is several times slower)."""

    def __init__(self, wb):
        base = {"font_name": FONT, "font_size": 11, "font_charset": 134, "border": 1,
                "border_color": "#808080", "valign": "top"}
        self.header = wb.add_format({**base, "bold": True, "align": "center", "valign": "vcenter",
                                     "text_wrap": True, "fg_color": HEADER_FILL})
        self.by_kind = {
            TEXT: wb.add_format(base),
            NUMBER: wb.add_format({**base, "num_format": "General"}),
            PERCENT: wb.add_format({**base, "num_format": "0.0%"}),
            DATE: wb.add_format({**base, "num_format": "yyyy-mm-dd", "align": "left"}),
            TIME: wb.add_format({**base, "num_format": "yyyy-mm-dd hh:mm", "align": "left"}),
        }
        self.status = {s: wb.add_format({**base, "fg_color": c, "pattern": 1}) for s, c in STATUS_FILLS.items()}


def _shown(kind: str, value) -> str:
    """The text a cell shows, for its column width."""
    if value is None:
        return ""
    if kind == STATUS:
        return STATUS_LABELS.get(value, value)
    if kind == PERCENT and isinstance(value, (int, float)):
        return f"{value:.1%}"
    if kind == TIME:
        return str(value)[:16]
    return str(value)


def _write_table(wb, fmt: _Formats, title: str, cols: list[Col], rows: list[tuple]) -> None:
    ws = wb.add_worksheet(title)
    widths = [display_width(c.header) for c in cols]
    for row in rows:
        for j, (col, value) in enumerate(zip(cols, row)):
            widths[j] = max(widths[j], display_width(_shown(col.kind, value)))
    for j, w in enumerate(widths):
        ws.set_column(j, j, min(w + 2, MAX_WIDTH))
    ws.set_row(0, 30)
    for j, col in enumerate(cols):
        ws.write_string(0, j, col.header, fmt.header)
    for i, row in enumerate(rows, start=1):
        for j, (col, value) in enumerate(zip(cols, row)):
            _write_cell(ws, fmt, i, j, col.kind, value)
    ws.freeze_panes(1, 0)
    ws.autofilter(0, 0, max(len(rows), 1), len(cols) - 1)
    ws.set_landscape()
    ws.set_paper(9)  # A4
    ws.repeat_rows(0)
    ws.fit_to_pages(1, 0)
    ws.set_margins(left=0.4, right=0.4, top=0.6, bottom=0.6)
    ws.set_footer("&C第 &P 页，共 &N 页")


def _write_cell(ws, fmt: _Formats, i: int, j: int, kind: str, value) -> None:
    if kind == STATUS:
        ws.write_string(i, j, STATUS_LABELS.get(value, value or ""), fmt.status.get(value, fmt.by_kind[TEXT]))
    elif value is None or value == "":
        ws.write_blank(i, j, None, fmt.by_kind[TEXT])
    elif kind in (NUMBER, PERCENT) and isinstance(value, (int, float)) and not isinstance(value, bool):
        ws.write_number(i, j, value, fmt.by_kind[kind])
    elif kind == DATE and isinstance(value, str):
        ws.write_datetime(i, j, date.fromisoformat(value[:10]), fmt.by_kind[DATE])
    elif kind == TIME and isinstance(value, str):
        ws.write_datetime(i, j, datetime.fromisoformat(value), fmt.by_kind[TIME])
    else:
        ws.write_string(i, j, str(value), fmt.by_kind[TEXT])
