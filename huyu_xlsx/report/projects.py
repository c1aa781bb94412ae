"""重点项目: the county key projects (500万元以上) and the prefecture's own, with totals."""
from __future__ import annotations

from ..checks.judge import STATUS_LABELS
from ..collect import CollectResult, ProjectResult
from ..plan import Plan
from . import facts
from .grid import Grid

TITLE = "重点项目"
HEADERS = ["序号", "单位", "项目编号", "项目名称", "总投资（万元）", "上海帮扶资金（万元）", "已拨付（万元）",
           "资金拨付率", "工程进度（%）", "完成时限", "状态"]
WIDTHS = [5, 12, 14, 30, 11, 12, 11, 9, 9, 11, 10]


def write_projects(wb, styles, result: CollectResult, plan: Plan, subtitle: str) -> Grid:
    g = Grid(wb, styles, TITLE, result.period)
    kp = plan.key_projects
    g.title(f"州级督战重点项目推进及资金拨付情况（县级{kp.threshold}项目{sum(kp.counties.values())}个、"
            f"州级统筹项目{kp.prefecture_count}个）",
            subtitle + "　状态按工程进度和资金拨付率中较低者对照时间进度评判；合计只计已报送且数据无误的项目。",
            len(HEADERS) - 1)
    g.header(2, HEADERS, WIDTHS)
    county = [p for p in result.projects if p.unit in kp.counties]
    prefecture = [p for p in result.projects if p.unit not in kp.counties]
    row, seq = 3, 0
    for label, group in (("县级项目小计", county), ("州级统筹项目小计", prefecture)):
        if not group:
            continue
        for p in group:
            seq += 1
            _project_row(g, row, seq, p)
            row += 1
        _total_row(g, row, f"{label}（{len(group)}个）", group)
        row += 1
    if county and prefecture:
        _total_row(g, row, f"合计（{len(result.projects)}个）", result.projects)
        row += 1
    g.legend(row + 1, 1)
    g.finish((2, 2), (3, 4))
    return g


def _project_row(g: Grid, row: int, seq: int, p: ProjectResult) -> None:
    st = g.styles
    num, text = st.cell("number"), st.cell("text")
    g.put(row, 0, seq, st.cell("center"))
    g.put(row, 1, p.unit, text)
    g.put(row, 2, p.project, text)
    g.put(row, 3, p.name, st.cell("wrap"))  # typed by the unit: written as text, never a formula
    g.put(row, 4, p.investment, num)
    g.put(row, 5, p.allocated, num)
    g.put(row, 6, p.disbursed, num)
    g.put(row, 7, p.disbursement_rate, st.cell("percent"))
    g.put(row, 8, p.works_progress, num)
    g.put(row, 9, p.deadline, st.cell("center"))
    g.put(row, 10, STATUS_LABELS[p.status], st.cell("center", p.status))


def _total_row(g: Grid, row: int, label: str, group: list[ProjectResult]) -> None:
    st = g.styles
    totals = facts.project_totals(group)
    usable = [p for p in group if p.status not in ("missing", "invalid")]
    bold = st.cell("number", bold=True, fill="#F2F2F2")
    g.ws.merge_range(row, 0, row, 3, "", st.cell("text", bold=True, fill="#F2F2F2"))
    g.put(row, 0, label, st.cell("text", bold=True, fill="#F2F2F2"))
    g.put(row, 4, round(sum(p.investment or 0 for p in usable), 2), bold)
    g.put(row, 5, round(totals.allocated, 2), bold)
    g.put(row, 6, round(totals.disbursed, 2), bold)
    g.put(row, 7, totals.rate, st.cell("percent", bold=True, fill="#F2F2F2"))
    done = sum(1 for p in group if p.status == "done")
    g.put(row, 8, f"完工{totals.works_done}个", st.cell("center", bold=True, fill="#F2F2F2"))
    g.put(row, 9, "", bold)
    g.put(row, 10, f"已完成{done}个", st.cell("center", bold=True, fill="#F2F2F2"))
