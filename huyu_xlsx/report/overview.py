"""通报: the month's headline figures, status counts, the county ranking, a chart and the bulletin."""
from __future__ import annotations

from ..checks.judge import STATUSES
from ..collect import CollectResult
from ..layout import period_cn
from ..plan import Plan
from ..textwidth import lines_height, text_height, wrapped_lines
from . import facts
from .bulletin import bulletin_paragraphs
from .grid import Grid
from .palette import STATUS_FILLS, STATUS_LABELS
from .styles import FONT_SIZE

PARAGRAPH_SIZE = 11  # styles.paragraph

TITLE = "通报"
# Column widths are fixed here: the sheet mixes several small tables and wrapped paragraphs.
WIDTHS = [6, 34] + [10] * 10
TEXT_COLS = 12  # paragraphs span columns A–L
CHART_MAX_UNITS = 40  # beyond this the chart shows the lowest-ranked CHART_WORST units
CHART_WORST = 20
CHART_ROWS = 20  # rows left free for the chart (360 px at the default 15 pt row height)
RANK_HEADERS = ["名次", "单位", "评判项数"] + [STATUS_LABELS[s] for s in STATUSES] + ["得分", "是否报送"]


def write_overview(wb, styles, result: CollectResult, plan: Plan, subtitle: str,
                   digest: facts.Digest) -> Grid:
    g = Grid(wb, styles, TITLE, result.period)
    ws, st = g.ws, styles
    g.fixed.update(enumerate(WIDTHS))
    g.title(f"{plan.title.removesuffix('工作方案')}汇总通报（{period_cn(result.period)}）", subtitle, TEXT_COLS - 1)

    row = 3
    ws.write_string(row, 0, "一、主要指标（全州）", st.heading)
    row += 1
    g.row(row, 0, ["序号", "指标", "计量单位", "全州完成", "目标", "完成率", "状态", "未计入"], st.header)
    row += 1
    lines = [(h.label, h.unit, h.actual, h.target if h.target is not None else h.target_text, h.rate, h.status,
              h.note) for h in facts.headlines(result, plan)]
    totals = facts.project_totals(result.projects)
    if totals.count:
        lines.append(("州级督战重点项目上海帮扶资金拨付", "万元", round(totals.disbursed, 2),
                      round(totals.allocated, 2), totals.rate, totals.status, totals.note))
        lines.append(("州级督战重点项目工程完工", "个", totals.works_done, totals.usable,
                      totals.works_done / totals.usable if totals.usable else None, totals.status, totals.note))
    for i, (label, unit, actual, target, rate, status, note) in enumerate(lines, start=1):
        g.row(row, 0, [i, label, unit], st.cell("text"))
        g.put(row, 3, actual, st.cell("number"))
        g.put(row, 4, target, st.cell("number"))
        g.put(row, 5, rate, st.cell("percent"))
        g.put(row, 6, STATUS_LABELS[status], st.cell("center", status))
        ws.merge_range(row, 7, row, TEXT_COLS - 1, note, st.cell("wrap"))
        if note:  # no program grows a row for wrapped text already in the file
            lines = max(wrapped_lines(note, sum(WIDTHS[7:TEXT_COLS]), FONT_SIZE),
                        wrapped_lines(label, WIDTHS[1], FONT_SIZE))
            ws.set_row(row, lines_height(lines, FONT_SIZE))
        row += 1
    _across(g, row, "全州完成只加总已报送且数据无误的单位；加总已达到“不少于”目标的即为已完成，其余按已报送的数评判，"
            "清零、完成与否等须全部单位报送才能判为完成。重点项目只计已报送且数据无误的项目，状态取其中最差的；"
            "拨付率 = 已拨付 ÷ 上海帮扶资金，完工率 = 工程进度100%的项目数 ÷ 计入的项目数。", st.note)
    row += 2

    ws.write_string(row, 0, "二、任务评判汇总（各单位 × 各项任务）", st.heading)
    row += 1
    counts = facts.count_statuses(r.status for r in facts.unit_results(result))
    total = sum(counts.values()) or 1
    g.row(row, 0, ["", "状态", "项数", "占比"], st.header)
    row += 1
    for status in STATUSES:
        g.put(row, 1, STATUS_LABELS[status], st.cell("center", status))
        g.put(row, 2, counts[status], st.cell("number"))
        g.put(row, 3, counts[status] / total, st.cell("percent"))
        row += 1
    g.put(row, 1, "合计", st.cell("center", bold=True))
    g.put(row, 2, sum(counts.values()), st.cell("number", bold=True))
    g.put(row, 3, 1.0, st.cell("percent", bold=True))
    row += 2

    score_list = digest.scores
    counties = facts.ranking([s for s in score_list if s.is_county])
    departments = [s for s in score_list if not s.is_county]
    ws.write_string(row, 0, "三、各县排名", st.heading)
    row += 1
    first = _score_table(g, row, counties, ranked=True)
    row = first + len(counties)
    _across(g, row, facts.RANKING_RULE, st.note)
    row += 2
    if departments:
        ws.write_string(row, 0, "州级部门（承担的任务不同，不参与排名）", st.heading)
        row += 1
        row = _score_table(g, row, departments, ranked=False) + len(departments) + 1
    if counties:
        # Below the tables rather than beside them, so the page stays one A4 wide.
        _chart(wb, ws, counties, first, row)
        row += CHART_ROWS

    ws.write_string(row, 0, "四、通报文字（可直接复制到通报正文）", st.heading)
    row += 1
    for text in bulletin_paragraphs(result, plan, digest):
        _across(g, row, text, st.paragraph, PARAGRAPH_SIZE)
        row += 1
    row += 1
    g.legend(row, 1)
    g.finish(None, None)
    return g


def _across(g: Grid, row: int, text: str, fmt, font_size: float = FONT_SIZE) -> None:
    """A wrapped text across columns A–L, its row tall enough to print it whole."""
    g.ws.merge_range(row, 0, row, TEXT_COLS - 1, "", fmt)
    g.ws.write_string(row, 0, text, fmt)
    g.ws.set_row(row, text_height(text, sum(WIDTHS[:TEXT_COLS]), font_size))


def _score_table(g: Grid, row: int, score_list: list[facts.UnitScore], ranked: bool) -> int:
    """Writes the header and one row per unit; returns the first data row."""
    st = g.styles
    g.row(row, 0, RANK_HEADERS, st.header)
    row += 1
    for i, s in enumerate(score_list):
        r = row + i
        g.put(r, 0, i + 1 if ranked and s.reported else ("未排名" if ranked else ""), st.cell("center"))
        g.put(r, 1, s.unit, st.cell("text"))
        g.put(r, 2, s.total, st.cell("number"))
        for j, status in enumerate(STATUSES):
            n = s.counts[status]
            g.put(r, 3 + j, n, st.cell("number", status) if n else st.cell("number"))
        g.put(r, 9, s.score if s.reported else None, st.cell("number"))
        g.put(r, 10, "是" if s.reported else "否", st.cell("center", None if s.reported else "missing"))
    return row


def _chart(wb, ws, counties: list[facts.UnitScore], first: int, anchor: int) -> None:
    """A native stacked column chart of each county's results by status, in ranking order."""
    start, end = first, first + len(counties) - 1
    if len(counties) > CHART_MAX_UNITS:
        start = end - CHART_WORST + 1
    chart = wb.add_chart({"type": "column", "subtype": "stacked"})
    for j, status in enumerate(STATUSES):
        chart.add_series({
            "name": [TITLE, first - 1, 3 + j],
            "categories": [TITLE, start, 1, end, 1],
            "values": [TITLE, start, 3 + j, end, 3 + j],
            "fill": {"color": STATUS_FILLS[status]},
            "border": {"color": "#808080"},
            "gap": 60,
        })
    worst = "（排名最后的%d个）" % (end - start + 1) if start > first else ""
    chart.set_title({"name": f"各县任务完成情况（按排名）{worst}", "name_font": {"size": 11, "name": "宋体"}})
    chart.set_y_axis({"name": "任务项数", "num_font": {"name": "宋体"}, "name_font": {"name": "宋体"}})
    chart.set_x_axis({"num_font": {"name": "宋体", "rotation": -45 if end - start > 10 else 0}})
    chart.set_legend({"position": "bottom", "font": {"name": "宋体", "size": 10}})
    chart.set_size({"width": 760, "height": 360})
    ws.insert_chart(anchor, 1, chart, {"x_offset": 10, "y_offset": 5})
