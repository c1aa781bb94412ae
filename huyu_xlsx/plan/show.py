"""Rendering a plan for the terminal."""
from __future__ import annotations

from ..textwidth import table, wrap_lines
from .model import RULE_LABELS, Plan, fmt_number


def render_plan(plan: Plan, width: int | None = None) -> str:
    """The plan as aligned Chinese text: header, indicators, key projects, supervision table,
    in lines of at most `width` display columns (None: every column, one line per row)."""
    out = [
        f"{plan.title}（{plan.document}）",
        f"计划编号 {plan.id}  年度 {plan.year}  印发 {plan.issued.isoformat()}  每月 {plan.report_day} 日前报送",
        f"县：{'、'.join(plan.counties)}",
        f"州级填报部门：{'、'.join(plan.departments)}",
        "",
        f"指标（{len(plan.indicators)} 项）",
    ]
    rows = []
    for ind in plan.indicators:
        split = ""
        if ind.split in ("by_unit", "each") and ind.reporters and len(set(ind.targets.values())) > 1:
            split = " ".join(f"{u[:2]}{fmt_number(v)}" for u, v in ind.targets.items())
        elif ind.split == "each":
            split = f"每单位{ind.target_text(ind.reporters[0])}"
        elif ind.split == "none":
            split = "方案未分县"
        if tuple(ind.reporters) == plan.unit_names:
            reporters = "全部单位"
        elif tuple(ind.reporters) == plan.counties:
            reporters = "各县"
        else:
            reporters = "、".join(ind.reporters)
        text = ("  " if ind.parent else "") + ind.text
        rows.append([
            ind.id, ind.section, text, ind.target_text(), ind.unit, RULE_LABELS[ind.rule],
            ind.deadline.isoformat() if ind.deadline else "", reporters, split,
        ])
    out.append(table(rows, ["编号", "来源", "任务", "目标", "单位", "规则", "完成时限", "填报", "分解"], width,
                     drop=("分解", "编号", "填报", "来源", "规则"), max_width=44))
    kp = plan.key_projects
    out += [
        "",
        f"州级督战重点项目（{kp.threshold}）：各县共 {sum(kp.counties.values())} 个，完成时限 {kp.deadline}",
        "  " + "  ".join(f"{c}{n}个" for c, n in kp.counties.items()),
        f"  州级统筹项目 {kp.prefecture_count} 个，由{kp.prefecture_reporter}填报，完成时限 {kp.prefecture_deadline}",
        "",
        "州级定点挂牌督战表",
        table(
            [[r.county, "、".join(r.leaders), r.lead_unit, "、".join(r.responsible_persons), r.squad_leader]
             for r in plan.supervision],
            ["督战县", "州级领导", "成员单位牵头部门", "责任人", "督战小分队牵头人"], width,
        ),
    ]
    return wrap_lines("\n".join(out), width, indent="  ")
