"""Terminal rendering of a collected month (what `huyu collect` prints without --json)."""
from __future__ import annotations

from collections import Counter

from .findings import SEVERITY_LABELS
from .checks.judge import STATUS_LABELS, STATUSES
from .collect import PREFECTURE, SUBMISSION_LABELS, CollectResult
from .plan import Plan
from .textwidth import table, wrap_items, wrap_lines

MAX_FINDINGS_SHOWN = 30
MAX_UNITS_SHOWN = 40  # a province's hundreds of units: the table keeps to those needing attention


def render_collect(result: CollectResult, plan: Plan, width: int | None = None) -> str:
    """The month as text lines of at most `width` display columns (None: every column, each
    row on one line, for --wide)."""
    out = [f"报告期 {result.period}　统计截止 {result.as_of}　报送截止 {result.due}", ""]
    per_unit: dict[str, Counter] = {}
    for r in result.results:
        if r.status:  # a unit's row of a target judged only for the prefecture counts nowhere
            per_unit.setdefault(r.unit, Counter())[r.status] += 1
    rows = []
    submissions = result.submissions
    quiet = 0
    if len(submissions) > MAX_UNITS_SHOWN:
        attention = [s for s in submissions if s.status != "accepted" or s.on_time is False or s.findings]
        quiet = len(submissions) - len(attention)
        submissions = attention[:MAX_UNITS_SHOWN]
    for s in submissions:
        on_time = {True: "按时", False: "逾期", None: ""}[s.on_time]
        counts = per_unit.get(s.unit, Counter()) if s.status == "accepted" else Counter()
        rows.append([s.unit or "（未识别）", SUBMISSION_LABELS[s.status], s.file or "—", s.report_date or "",
                     on_time, *(counts.get(st, "") for st in STATUSES), s.findings or ""])
    out.append(table(rows, ["单位", "报送", "文件", "填报日期", "时效",
                            *(STATUS_LABELS[s] for s in STATUSES), "问题数"], width,
                     drop=("文件", "填报日期")))
    if len(submissions) < len(result.submissions):
        overflow = len(result.submissions) - quiet - len(submissions)
        out.append(f"（共 {len(result.submissions)} 个单位/文件，此处只列需要关注的 {len(submissions)} 个"
                   + (f"，另有 {overflow} 个需要关注的未列出" if overflow else "")
                   + f"；其余 {quiet} 个按时报送、没有数据问题。全部见汇总表“报送情况”或 --json。）")
    pref = per_unit.get(PREFECTURE, Counter())
    out += ["", wrap_items("全州指标：", [f"{STATUS_LABELS[s]} {pref.get(s, 0)}" for s in STATUSES], width)]
    sev = Counter(f.severity for f in result.findings)
    out.append(wrap_items("数据问题：", [f"{SEVERITY_LABELS[k]} {sev.get(k, 0)}" for k in SEVERITY_LABELS], width))
    if result.findings:
        shown = result.findings[:MAX_FINDINGS_SHOWN]
        out += ["", table([[SEVERITY_LABELS[f.severity], f.unit, f.file, f.sheet, f.cell, f.message]
                           for f in shown], ["级别", "单位", "文件", "工作表", "单元格", "说明"], width,
                          drop=("文件",), max_width=60)]
        if len(result.findings) > len(shown):
            out.append(f"……另有 {len(result.findings) - len(shown)} 条，见汇总表“数据问题”或 --json。")
    return wrap_lines("\n".join(out), width)
