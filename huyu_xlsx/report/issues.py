"""研判 (what needs attention, worst first) and 调度 (who must chase it)."""
from __future__ import annotations

from ..checks.judge import BEHIND, INVALID, MISSING, OVERDUE, STATUS_LABELS
from ..collect import CollectResult
from ..plan import Plan, fmt_number
from . import facts
from .grid import Grid
from .lists import cap_note, first_rows

ANALYSIS_TITLE = "研判"
KIND_LABELS = {"project": "重点项目", "indicator": "任务", "submission": "报送"}
DISPATCH_TITLE = "调度"
ATTENTION_LEGEND = (OVERDUE, INVALID, MISSING, BEHIND)

ANALYSIS_HEADERS = ["序号", "状态", "单位", "类别", "章节", "任务内容", "目标", "完成", "完成率", "时间进度",
                    "完成时限", "距时限（天）", "差距", "数据来源"]
ANALYSIS_WIDTHS = [5, 10, 12, 8, 8, 36, 12, 9, 8, 8, 11, 8, 26, 24]

DISPATCH_HEADERS = ["序号", "单位", "状态", "任务内容", "差距", "完成时限", "责任单位", "州级督战领导",
                    "成员单位牵头部门", "责任人", "督战小分队牵头人", "调度要求", "办理情况"]
DISPATCH_WIDTHS = [5, 12, 10, 32, 24, 11, 26, 12, 14, 12, 12, 22, 16]


def _actual(issue: facts.Issue):
    if isinstance(issue.actual, bool):
        return "是" if issue.actual else "否"
    return issue.actual


def write_analysis(wb, styles, result: CollectResult, plan: Plan, subtitle: str,
                   items: list[facts.Issue]) -> Grid:
    g = Grid(wb, styles, ANALYSIS_TITLE, result.period)
    st = g.styles
    shown = first_rows(items, plan)  # worst first already (facts.issues)
    g.title("研判：需要关注的任务（逾期 → 数据有误/未报送 → 滞后 → 临近时限）", subtitle +
            f"　排序：先按状态（逾期未完成、数据有误、未报送、进度滞后、临近时限：完成与否类和一次性任务距完成时限不足{plan.due_soon_days}天仍未完成），再按距完成时限天数（越近或逾期越久越靠前），"
            "再按差距（完成率越低越靠前）。距时限为负数表示已逾期的天数。" +
            cap_note(len(shown), len(items), "最需关注", "“指标台账”和“重点项目台账”（可按状态筛选）"),
            len(ANALYSIS_HEADERS) - 1)
    g.header(2, ANALYSIS_HEADERS, ANALYSIS_WIDTHS)
    text, wrap, num, pct, center = (st.cell("text"), st.cell("wrap"), st.cell("number"), st.cell("percent"),
                                    st.cell("center"))
    for i, it in enumerate(shown):
        row = 3 + i
        g.put(row, 0, i + 1, center)
        g.put(row, 1, it.label, st.cell("center", it.status))
        g.put(row, 2, it.unit, text)
        g.put(row, 3, KIND_LABELS[it.kind], center)
        g.put(row, 4, it.section, center)
        g.put(row, 5, it.text, wrap)
        g.put(row, 6, it.target if it.target is not None and it.kind == "project" else it.target_text, num)
        g.put(row, 7, _actual(it), num)
        g.put(row, 8, it.rate if it.status not in (MISSING, INVALID) else None, pct)
        g.put(row, 9, it.time_progress, pct)
        g.put(row, 10, it.deadline.isoformat() if it.deadline else "", center)
        g.put(row, 11, it.days_left, num)
        g.put(row, 12, it.shortfall, wrap)
        g.put(row, 13, " ".join(x for x in (it.file, it.where) if x), wrap)
    _close(g, len(shown), len(ANALYSIS_HEADERS), "本月没有需要研判的任务。", (3, 3))
    return g


def dispatch_note(it: facts.Issue) -> str:
    """What the dispatch asks of the unit, by status."""
    if it.status == OVERDUE:
        days = -it.days_left if it.days_left is not None and it.days_left < 0 else 0
        return f"已逾期{days}天，立即整改，限期完成" if days else "已逾期，立即整改，限期完成"
    if it.status == BEHIND:
        return "进度滞后，加快推进，确保按时限完成"
    if it.status == MISSING:
        return "督促立即报送填报表（纸质和电子版）" if it.kind == "submission" else "督促补填后报送"
    if it.due_soon:
        return f"距完成时限{it.days_left}天，确保按时完成"
    return "核实更正数据后重新报送"


def write_dispatch(wb, styles, result: CollectResult, plan: Plan, subtitle: str,
                   items: list[facts.Issue]) -> Grid:
    from .matrix import MATRIX_MAX_UNITS

    if len(plan.unit_names) > MATRIX_MAX_UNITS:
        return _dispatch_by_unit(wb, styles, result, plan, subtitle, items)
    g = Grid(wb, styles, DISPATCH_TITLE, result.period)
    st = g.styles
    g.title("调度清单：滞后、逾期、未报送和数据有误事项及督战责任", subtitle +
            "　按单位排列；县的督战领导、牵头部门、责任人和小分队牵头人取自州级定点挂牌督战表。",
            len(DISPATCH_HEADERS) - 1)
    g.header(2, DISPATCH_HEADERS, DISPATCH_WIDTHS)
    order = {u: i for i, u in enumerate(plan.unit_names)}
    ordered = sorted(items, key=lambda it: (order.get(it.unit, len(order)), it.sort_key))
    text, wrap, center = st.cell("text"), st.cell("wrap"), st.cell("center")
    for i, it in enumerate(ordered):
        row = 3 + i
        sup = plan.supervision_for(it.unit)
        g.put(row, 0, i + 1, center)
        g.put(row, 1, it.unit, text)
        g.put(row, 2, it.label, st.cell("center", it.status))
        g.put(row, 3, it.text, wrap)
        g.put(row, 4, it.shortfall or _gap_text(it), wrap)
        g.put(row, 5, it.deadline.isoformat() if it.deadline else "", center)
        g.put(row, 6, "、".join(it.responsible), wrap)
        _duty_cells(g, row, 7, sup, dispatch_note(it), wrap)
    _close(g, len(ordered), len(DISPATCH_HEADERS), "本月没有需要调度的事项。", (3, 2))
    return g


UNIT_DISPATCH_HEADERS = ["序号", "单位", "最重状态", "逾期未完成", "数据有误", "未报送", "进度滞后", "需调度事项（最重在前）",
                         "州级督战领导", "成员单位牵头部门", "责任人", "督战小分队牵头人", "调度要求", "办理情况"]
UNIT_DISPATCH_WIDTHS = [5, 12, 10, 7, 7, 7, 7, 48, 12, 14, 12, 12, 22, 16]
ITEMS_NAMED = 6  # a unit's cell names its worst items; the rest are counted (all are in the ledger)


def _dispatch_by_unit(wb, styles, result: CollectResult, plan: Plan, subtitle: str,
                      items: list[facts.Issue]) -> Grid:
    """With many units (a province), one row per unit to dispatch, worst units first."""
    from .matrix import MATRIX_MAX_UNITS

    by_unit: dict[str, list[facts.Issue]] = {}
    for it in sorted(items, key=lambda it: it.sort_key):
        by_unit.setdefault(it.unit, []).append(it)
    counted = (OVERDUE, INVALID, MISSING, BEHIND)

    def urgency(unit):
        mine = by_unit[unit]
        return (mine[0].sort_key[0], *(-sum(1 for it in mine if it.status == s) for s in counted))

    every = sorted(by_unit, key=urgency)
    units = first_rows(every, plan)
    g = Grid(wb, styles, DISPATCH_TITLE, result.period)
    st = g.styles
    g.title("调度清单：各单位滞后、逾期、未报送和数据有误事项及督战责任", subtitle +
            f"　单位多于{MATRIX_MAX_UNITS}个，按单位一行，最需调度的单位在前；"
            "每项事项的差距和时限见“研判”表。" +
            cap_note(len(units), len(every), "最需调度", "“指标台账”和“重点项目台账”（可按单位、状态筛选）",
                     "个单位"),
            len(UNIT_DISPATCH_HEADERS) - 1)
    g.header(2, UNIT_DISPATCH_HEADERS, UNIT_DISPATCH_WIDTHS)
    text, wrap, center, num = st.cell("text"), st.cell("wrap"), st.cell("center"), st.cell("number")
    for i, unit in enumerate(units):
        row, mine, sup = 3 + i, by_unit[unit], plan.supervision_for(unit)
        worst = mine[0]
        g.put(row, 0, i + 1, center)
        g.put(row, 1, unit, text)
        g.put(row, 2, STATUS_LABELS[worst.status], st.cell("center", worst.status))
        for k, status in enumerate(counted):
            g.put(row, 3 + k, sum(1 for it in mine if it.status == status) or None, num)
        named = "；".join(f"{it.label}：{it.text}" for it in mine[:ITEMS_NAMED])
        more = f"；等共{len(mine)}项" if len(mine) > ITEMS_NAMED else ""
        g.put(row, 7, named + more, wrap)
        _duty_cells(g, row, 8, sup, dispatch_note(worst), wrap)
    _close(g, len(units), len(UNIT_DISPATCH_HEADERS), "本月没有需要调度的事项。", (3, 2))
    return g


def _duty_cells(g: Grid, row: int, col: int, sup, note: str, wrap) -> None:
    """Who chases it (the supervision table's row for a county), what is asked, and a blank
    办理情况 cell to fill in by hand after printing."""
    people = ("、".join(sup.leaders), sup.lead_unit, "、".join(sup.responsible_persons), sup.squad_leader) \
        if sup else ("", "", "", "")
    g.row(row, col, [*people, note], wrap)
    g.put(row, col + 5, "", wrap)


def _close(g: Grid, n_rows: int, n_cols: int, empty: str, freeze: tuple[int, int]) -> None:
    """Filter buttons on the header, the legend under the list, print setup."""
    if not n_rows:
        g.put(3, 0, empty, g.styles.cell("text"))
    last = 3 + max(n_rows, 1)
    g.ws.autofilter(2, 0, last - 1, n_cols - 1)
    g.legend(last + 1, 1, ATTENTION_LEGEND)
    g.finish((2, 2), freeze)


def _gap_text(it: facts.Issue) -> str:
    if it.target is not None and it.actual is not None and not isinstance(it.actual, bool):
        return f"目标{fmt_number(it.target)}{it.measure}，已完成{fmt_number(it.actual)}{it.measure}"
    return ""
