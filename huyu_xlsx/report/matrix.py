"""分析: indicators × units, each cell coloured by its status.

Up to MATRIX_MAX_UNITS units the indicators are rows and every unit has three columns
(完成, 目标, 完成率), 全州 last. With more units (a province) the sheet turns round: one row
per unit and one column per indicator holding the completion rate, so it stays readable.
"""
from __future__ import annotations

import re

from ..checks.judge import MISSING
from ..collect import PREFECTURE, CollectResult, Result
from ..plan import Indicator, Plan
from . import facts
from .grid import Grid

TITLE = "分析"
MATRIX_MAX_UNITS = 15
FIXED_HEADERS = ["序号", "章节", "任务内容", "计量单位", "完成时限"]
FIXED_WIDTHS = [5, 7, 30, 5, 10]
UNIT_WIDTHS = (7, 7, 7)  # 完成, 目标, 完成率: narrow, so the matrix prints one A4 wide
# Titles of the plan's parts, for the section rows (a plan with other sections shows the code).
SECTION_TITLES = {
    "二(一)": "加强组织领导",
    "二(二)": "完成年度帮扶项目建设任务",
    "二(三)": "全面完成协作任务",
    "二(四)": "挂牌督战村武定县小河村结对帮扶",
    "二(五)": "全面完成问题整改",
    "二(六)": "全面完善基础工作",
    "二(七)": "全面做好总结宣传工作",
}


def section_of(ind: Indicator) -> str:
    """'二(二)3' -> '二(二)': the part of the plan an indicator belongs to."""
    return re.sub(r"\d+$", "", ind.section)


def matrix_units(result: CollectResult, plan: Plan) -> list[str]:
    """Units with at least one result, in plan order, 全州 last."""
    present = {r.unit for r in result.results}
    return [u for u in plan.unit_names if u in present] + [PREFECTURE]


def write_matrix(wb, styles, result: CollectResult, plan: Plan, subtitle: str,
                 score_list: list[facts.UnitScore]) -> Grid:
    units = matrix_units(result, plan)
    index = {(r.indicator, r.unit): r for r in result.results}
    if len(units) - 1 > MATRIX_MAX_UNITS:
        return _by_unit(wb, styles, result, plan, units, index, subtitle, score_list)
    return _by_indicator(wb, styles, result, plan, units, index, subtitle)


def _by_indicator(wb, styles, result, plan, units, index, subtitle) -> Grid:
    g = Grid(wb, styles, TITLE, result.period)
    ws, st = g.ws, styles
    n_cols = len(FIXED_HEADERS) + 3 * len(units)
    g.title("各单位任务完成情况分析（指标 × 单位）",
            subtitle + "　每个单位三列：完成、目标、完成率；底色表示评判状态（见图例）。", n_cols - 1)
    # Row by row, as a streamed summary needs (see workbook.py): all of row 2, then row 3.
    _two_row_headers(ws, st, FIXED_HEADERS, top=True)
    for k, unit in enumerate(units):
        ws.merge_range(2, len(FIXED_HEADERS) + 3 * k, 2, len(FIXED_HEADERS) + 3 * k + 2, unit, st.header)
    _two_row_headers(ws, st, FIXED_HEADERS, top=False)
    g.fixed.update(enumerate(FIXED_WIDTHS))
    for k in range(len(units)):
        col = len(FIXED_HEADERS) + 3 * k
        g.row(3, col, ["完成", "目标", "完成率"], st.header)
        g.fixed.update({col + i: w for i, w in enumerate(UNIT_WIDTHS)})
    blank = st.cell("text")
    row, section, seq = 4, None, 0
    for ind in plan.indicators:
        if section_of(ind) != section:
            section = section_of(ind)
            title = f"{section} {SECTION_TITLES.get(section, '')}".strip()
            ws.merge_range(row, 0, row, n_cols - 1, "", st.section)
            ws.write_string(row, 0, title, st.section)
            row += 1
        seq += 1
        g.put(row, 0, seq, st.cell("center"))
        g.put(row, 1, ind.section, st.cell("center"))
        g.put(row, 2, ind.text, st.cell("wrap"))
        g.put(row, 3, ind.unit, st.cell("center"))
        g.put(row, 4, ind.deadline.isoformat() if ind.deadline else "", st.cell("center"))
        for k, unit in enumerate(units):
            col = len(FIXED_HEADERS) + 3 * k
            r = index.get((ind.id, unit))
            if r is None:
                for c in range(col, col + 3):
                    ws.write_blank(row, c, None, blank)
                continue
            _result_cells(g, row, col, ind, r)
        row += 1
    g.legend(row + 1, 2)
    lead = len(FIXED_HEADERS)
    g.finish((2, 3), (4, lead), repeat=lead, breaks_at=[lead + 3 * k for k in range(len(units) + 1)])
    return g


def _two_row_headers(ws, st, texts, top: bool) -> None:
    """Headers two rows tall (rows 2 and 3) in the first columns: the text in row 2 (`top`),
    the header's lower half in row 3."""
    for col, text in enumerate(texts):
        if top:
            ws.write_string(2, col, text, st.header_part(top=True))
        else:
            ws.write_blank(3, col, None, st.header_part(top=False))


def _result_cells(g: Grid, row: int, col: int, ind: Indicator, r: Result) -> None:
    st = g.styles
    actual = r.actual
    if isinstance(actual, bool):
        g.put(row, col, "是" if actual else "否", st.cell("center", r.status))
    else:
        g.put(row, col, actual, st.cell("number", r.status))
    if not ind.judged_per_unit and r.unit != PREFECTURE:
        target = "未分县"
    else:
        target = facts.target_value(ind, r)
    g.put(row, col + 1, target, st.cell("number", r.status))
    g.put(row, col + 2, r.rate, st.cell("percent", r.status))


def _by_unit(wb, styles, result, plan, units, index, subtitle, score_list) -> Grid:
    g = Grid(wb, styles, TITLE, result.period)
    ws, st = g.ws, styles
    lead = ["序号", "单位", "完成及正常推进占比"]
    n_cols = len(lead) + len(plan.indicators)
    g.title("各单位任务完成情况分析（单位 × 指标）",
            subtitle + f"　单位多于{MATRIX_MAX_UNITS}个，按单位分行：每格为完成率（完成与否类为是/否），"
                       "底色表示评判状态（见图例）；具体数字见“研判”表。", n_cols - 1)
    # Row by row, as a streamed summary needs (see workbook.py): all of row 2, then row 3.
    ws.set_row(2, 96)
    _two_row_headers(ws, st, lead, top=True)
    for j, ind in enumerate(plan.indicators):
        ws.write_string(2, len(lead) + j, f"{ind.section} {ind.text}", st.header)
    ws.set_row(3, 30)
    _two_row_headers(ws, st, lead, top=False)
    for j, ind in enumerate(plan.indicators):
        ws.write_string(3, len(lead) + j, f"{ind.unit}｜全州目标 {ind.target_text()}", st.header)
    g.fixed.update({0: 6, 1: 14, 2: 10})
    g.fixed.update((len(lead) + j, 11) for j in range(len(plan.indicators)))
    scores = {s.unit: s for s in score_list}
    for i, unit in enumerate(units):
        row = 4 + i
        g.put(row, 0, i + 1 if unit != PREFECTURE else "", st.cell("center"))
        g.put(row, 1, unit, st.cell("text", bold=unit == PREFECTURE))
        score = scores.get(unit)
        g.put(row, 2, score.good_share if score else None, st.cell("percent"))
        for j, ind in enumerate(plan.indicators):
            r = index.get((ind.id, unit))
            col = len(lead) + j
            if r is None:
                continue  # not this unit's task: bordered by the rule below, not cell by cell
            if isinstance(r.actual, bool):
                ws.write_string(row, col, "是" if r.actual else "否", st.cell("center", r.status))
            elif r.rate is None or r.status == MISSING:
                ws.write_blank(row, col, None, st.cell("percent", r.status))
            else:
                ws.write_number(row, col, r.rate, st.cell("percent", r.status))
    # One rule instead of a bordered blank in every cell a unit has no task in: at a
    # province's size that is most of the sheet (tens of thousands of cells).
    ws.conditional_format(4, len(lead), 3 + len(units), n_cols - 1, {"type": "blanks", "format": st.border_only})
    g.legend(4 + len(units) + 1, 1)
    g.finish((2, 3), (4, len(lead)), repeat=len(lead))
    return g
