"""报送情况 (who sent what, when) and 数据问题 (every finding, errors first)."""
from __future__ import annotations

from ..findings import CATALOGUE, SEVERITY_LABELS, SEVERITY_ORDER
from ..checks.judge import BEHIND, DONE, INVALID, MISSING
from ..collect import ACCEPTED, NOT_RECEIVED, REJECTED, SUBMISSION_LABELS, CollectResult, Submission
from ..plan import Plan
from .grid import Grid
from .lists import cap_note, first_rows

SUBMISSIONS_TITLE = "报送情况"
FINDINGS_TITLE = "数据问题"

SUB_HEADERS = ["序号", "单位", "类型", "报送情况", "文件名", "文件时间", "填报日期", "是否按时", "问题数", "其中错误"]
SUB_WIDTHS = [5, 14, 9, 11, 36, 18, 11, 9, 7, 8]
# 报送情况 borrows the status palette: not received grey, unusable orange, late yellow, on time green.
SUB_LEGEND = {
    MISSING: "未报送：本月没有收到该单位的填报表",
    INVALID: "无法采用：文件无法读取或无法识别（见“数据问题”）",
    BEHIND: "逾期报送：填报日期晚于报送截止日",
    DONE: "按时报送",
}

# The Chinese name of each kind of problem is what people read and filter on; the code stays
# in the last, narrow column for whoever matches findings with the --json output.
FINDING_HEADERS = ["序号", "严重程度", "问题", "单位", "文件", "工作表", "单元格", "说明", "原填内容", "处理建议", "问题代码"]
FINDING_WIDTHS = [5, 8, 16, 12, 30, 10, 8, 44, 14, 36, 12]


def _rank(s: Submission) -> tuple:
    """Nothing received first, then unusable files, late ones, on time, duplicates last."""
    if s.status == NOT_RECEIVED:
        return (0,)
    if s.status == REJECTED:
        return (1,)
    if s.status == ACCEPTED:
        return (2 if s.on_time is False else 3,)
    return (4,)


def _status(s: Submission) -> str | None:
    if s.status == NOT_RECEIVED:
        return MISSING
    if s.status == REJECTED:
        return INVALID
    if s.status == ACCEPTED:
        return BEHIND if s.on_time is False else DONE
    return None


def write_submissions(wb, styles, result: CollectResult, plan: Plan, subtitle: str) -> Grid:
    g = Grid(wb, styles, SUBMISSIONS_TITLE, result.period)
    st = g.styles
    received = sum(1 for s in result.submissions if s.status == ACCEPTED)
    g.title(f"各单位报送情况（应报{len(plan.units)}个，已采用{received}个）",
            subtitle + f"　报送截止日 {result.due.isoformat()}；同一单位多份时采用填报日期最新的一份。",
            len(SUB_HEADERS) - 1)
    g.header(2, SUB_HEADERS, SUB_WIDTHS)
    errors: dict[tuple, int] = {}
    for f in result.findings:
        if f.severity == "error":
            errors[(f.unit, f.file)] = errors.get((f.unit, f.file), 0) + 1
    kinds = {u.name: ("县" if u.is_county else "州级部门") for u in plan.units}
    order = {u: i for i, u in enumerate(plan.unit_names)}
    subs = sorted(result.submissions, key=lambda s: (_rank(s), order.get(s.unit, len(order)), s.file))
    text, center, num = st.cell("text"), st.cell("center"), st.cell("number")
    for i, s in enumerate(subs):
        row = 3 + i
        status = _status(s)
        g.put(row, 0, i + 1, center)
        g.put(row, 1, s.unit or "未识别", text)
        g.put(row, 2, kinds.get(s.unit, ""), center)
        label = SUBMISSION_LABELS.get(s.status, s.status)
        if s.status == ACCEPTED and s.on_time is False:
            label += "（逾期）"
        g.put(row, 3, label, st.cell("center", status) if status else center)
        g.put(row, 4, s.file, text)
        g.put(row, 5, (s.received or "").replace("T", " "), center)
        g.put(row, 6, s.report_date or "", center)
        g.put(row, 7, {True: "按时", False: "逾期", None: ""}[s.on_time] if s.status == ACCEPTED else "", center)
        g.put(row, 8, s.findings if s.status != NOT_RECEIVED else None, num)
        g.put(row, 9, errors.get((s.unit or "", s.file), 0) if s.file else errors.get((s.unit, ""), 0), num)
    row = 3 + len(subs) + 1
    g.ws.write_string(row, 1, "图例", st.heading)
    for k, (status, meaning) in enumerate(SUB_LEGEND.items(), start=1):
        g.ws.write_string(row + k, 1, meaning.split("：")[0], st.cell("center", status))
        g.ws.write_string(row + k, 2, meaning, st.get(valign="vcenter"))
    g.finish((2, 2), (3, 2))
    return g


def write_findings(wb, styles, result: CollectResult, plan: Plan, subtitle: str) -> Grid:
    g = Grid(wb, styles, FINDINGS_TITLE, result.period)
    st = g.styles
    every = sorted(result.findings, key=lambda f: SEVERITY_ORDER.get(f.severity, 9))  # stable: keeps collect's order
    findings = first_rows(every, plan)
    n_err = sum(1 for f in every if f.severity == "error")
    g.title(f"数据问题（共{len(every)}条，其中错误{n_err}条）",
            subtitle + "　错误在前、浅红底色；可用表头的筛选按钮按单位、问题筛选。“原填内容”是单位原样填写的文字。" +
            cap_note(len(findings), len(every), "错误在前排列", "“问题清单”", "条"),
            len(FINDING_HEADERS) - 1)
    g.header(2, FINDING_HEADERS, FINDING_WIDTHS)
    plain, plain_wrap = st.cell("text"), st.cell("wrap")
    tint = st.error_row
    for i, f in enumerate(findings):
        row = 3 + i
        wrap = tint if f.severity == "error" else plain_wrap
        cell = tint if f.severity == "error" else plain
        code = CATALOGUE.get(f.code)
        g.put(row, 0, i + 1, cell)
        g.put(row, 1, SEVERITY_LABELS.get(f.severity, f.severity), cell)
        g.put(row, 2, code.title if code else f.code, wrap)
        for c, v in enumerate([f.unit, f.file, f.sheet, f.cell], start=3):
            g.put(row, c, v, cell)
        # Message and original quote what the unit typed: always strings, never formulas.
        g.put(row, 7, f.message, wrap)
        g.put(row, 8, f.original, wrap)
        g.put(row, 9, f.action, wrap)
        g.put(row, 10, f.code, wrap)
    last = 3 + max(len(findings), 1)
    if not findings:
        g.put(3, 0, "本月未发现数据问题。", plain)
    g.ws.autofilter(2, 0, last - 1, len(FINDING_HEADERS) - 1)
    g.finish((2, 2), (3, 2))
    return g
