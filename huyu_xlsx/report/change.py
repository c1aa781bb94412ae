"""环比: this period against the previous one, per indicator and unit, status changes marked.

With more units than fit on a screen (MATRIX_MAX_UNITS), the sheet lists the 全州 rows and
the rows whose status changed, not every unit's every task: at a province's size the full
comparison is tens of thousands of rows that nobody reads (and would double the summary's
size). Those rows come worst first (全州, then what got worse, the units that sent nothing,
then what got better) and stop at lists.LIST_MAX_ROWS; each month's figures stay in the
ledger (huyu ledger export).
"""
from __future__ import annotations

from ..checks.judge import SEVERITY_RANK, STATUS_LABELS
from ..status import label as status_label
from ..collect import PREFECTURE, CollectResult
from ..layout import period_cn
from ..plan import Plan
from . import facts
from .grid import Grid
from .lists import EXPORT_COMMAND, capped, first_rows
from .matrix import MATRIX_MAX_UNITS
from .palette import IMPROVED_FILL, WORSENED_FILL

TITLE = "环比"
HEADERS = ["序号", "章节", "任务内容", "单位", "计量单位", "上期完成", "本期完成", "变化", "上期状态", "本期状态",
           "状态变化"]
WIDTHS = [6, 8, 36, 12, 6, 9, 9, 9, 11, 11, 16]


def write_change(wb, styles, result: CollectResult, previous: CollectResult, plan: Plan, subtitle: str) -> Grid:
    g = Grid(wb, styles, TITLE, result.period)
    absent = facts.absent_units(result, plan)
    rows = [c for c in facts.changes(result, previous) if c.unit not in absent]
    better = sum(1 for c in rows if c.direction > 0)
    worse = sum(1 for c in rows if c.direction < 0)
    entries: list = rows + list(absent.items())  # a Change, or (unit, items) for a unit that sent nothing
    note = ""
    if capped(plan):
        every = len(rows)
        listed = _worst_first([c for c in rows if c.direction or c.unit == PREFECTURE], absent)
        entries = first_rows(listed, plan)
        cut = f"，本表只列出其中最需关注的前{len(entries):,}行" if len(entries) < len(listed) else ""
        note = (f"单位多于{MATRIX_MAX_UNITS}个，只列出全州合计和状态有变化的{len(listed) - len(absent)}行（共{every}行），"
                f"全州在前，其次退步、未报送、好转{cut}；各单位各月的完成数都在台账中"
                f"（台账导出 {EXPORT_COMMAND} 的“指标台账”）。")
    g.title(f"环比：{period_cn(result.period)}与{period_cn(previous.period)}对比（状态好转{better}项、退步{worse}项）",
            subtitle + f"　上期统计截止 {previous.as_of.isoformat()}。状态变化：浅绿为好转，浅红为退步。" + note,
            len(HEADERS) - 1)
    g.header(2, HEADERS, WIDTHS)
    for i, entry in enumerate(entries):
        if isinstance(entry, facts.Change):
            _change_row(g, 3 + i, i + 1, entry, plan)
        else:
            _absent_row(g, 3 + i, i + 1, *entry)
    last = 3 + max(len(entries), 1)
    g.ws.autofilter(2, 0, last - 1, len(HEADERS) - 1)
    g.legend(last + 1, 2)
    g.finish((2, 2), (3, 4))
    return g


def _worst_first(rows: list[facts.Change], absent: dict[str, int]) -> list:
    """全州 rows in plan order, then the rows that got worse (worst new status first), the units
    that sent nothing, and the rows that got better (a stable sort keeps plan order within)."""
    whole = [c for c in rows if c.unit == PREFECTURE]
    worse = sorted((c for c in rows if c.unit != PREFECTURE and c.direction < 0),
                   key=lambda c: SEVERITY_RANK[c.status_after])
    better = [c for c in rows if c.unit != PREFECTURE and c.direction > 0]
    return whole + worse + list(absent.items()) + better


def _change_row(g: Grid, row: int, seq: int, c: facts.Change, plan: Plan) -> None:
    st = g.styles
    ind = plan.indicator(c.indicator)
    center, num = st.cell("center"), st.cell("number")
    g.put(row, 0, seq, center)
    g.put(row, 1, ind.section, center)
    g.put(row, 2, ind.text, st.cell("wrap"))
    g.put(row, 3, c.unit, st.cell("text"))
    g.put(row, 4, ind.unit, center)
    g.put(row, 5, c.before, num)
    g.put(row, 6, c.after, num)
    g.put(row, 7, c.delta if c.delta else ("" if c.delta is None else 0), num)
    g.put(row, 8, status_label(c.status_before) if c.before_known else "（上期无）",
          st.cell("center", c.status_before))
    g.put(row, 9, status_label(c.status_after), st.cell("center", c.status_after))
    if c.direction:
        arrow = f"{STATUS_LABELS[c.status_before]}→{STATUS_LABELS[c.status_after]}"
        g.put(row, 10, arrow, st.cell("center", fill=IMPROVED_FILL if c.direction > 0 else WORSENED_FILL, bold=True))
    else:
        g.put(row, 10, "", center)


def _absent_row(g: Grid, row: int, seq: int, unit: str, items: int) -> None:
    st = g.styles
    g.put(row, 0, seq, st.cell("center"))
    g.put(row, 2, f"{unit}本月未报送，{items}项无法比较", st.cell("wrap"))
    g.put(row, 3, unit, st.cell("text"))
    g.put(row, 9, status_label("missing"), st.cell("center", "missing"))
