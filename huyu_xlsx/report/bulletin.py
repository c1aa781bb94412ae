"""The bulletin (通报) text: a few paragraphs made from the month's figures, ready to paste."""
from __future__ import annotations

from pathlib import Path

from ..checks.judge import BEHIND, DONE, INVALID, MISSING, ON_TRACK, OVERDUE, STATUS_LABELS
from ..collect import ACCEPTED, DUPLICATE, NOT_RECEIVED, REJECTED, CollectResult
from ..layout import date_cn, period_cn
from ..plan import Plan, fmt_number
from . import facts

NAME_ALL_UP_TO = 10  # with more units than this, the text names only the worst few
WORST_FEW = 5
OVERDUE_NAMED = 5


def bulletin_text(result: CollectResult, plan: Plan, digest: facts.Digest | None = None) -> str:
    """The month's bulletin in Chinese, one paragraph per line, for pasting into the notice."""
    return "\n\n".join(bulletin_paragraphs(result, plan, digest))


def bulletin_paragraphs(result: CollectResult, plan: Plan, digest: facts.Digest | None = None) -> list[str]:
    """The bulletin's paragraphs; `digest` is facts.digest(result, plan) when already worked out."""
    digest = digest or facts.digest(result, plan)
    ranked = facts.ranking(digest.scores)
    items = digest.issues
    paragraphs = [
        _opening(result, plan),
        _headline_paragraph(result, plan),
        _units_paragraph(ranked, len(plan.units), plan),
        _overdue_paragraph(items),
        _missing_paragraph(result),
        _data_paragraph(result),
        "请各县、各有关州级部门对照汇总表“调度”清单，逐项明确责任人和完成时限，"
        f"于下月{plan.report_day}日前将整改推进情况纸质和电子版同时报{plan.office}。",
    ]
    return [p for p in paragraphs if p]


def _opening(result: CollectResult, plan: Plan) -> str:
    units = len(plan.units)
    accepted = [s for s in result.submissions if s.status == ACCEPTED]
    late = [s for s in accepted if s.on_time is False]
    counts = facts.count_statuses(r.status for r in facts.unit_results(result))
    total = sum(counts.values())
    parts = "、".join(f"{STATUS_LABELS[s]}{counts[s]}项" for s in (DONE, ON_TRACK, BEHIND, OVERDUE, MISSING, INVALID)
                     if counts[s])
    late_text = f"（其中逾期报送{len(late)}个）" if late else ""
    return (f"{period_cn(result.period)}沪滇扶贫协作挂牌督战情况通报。截至{date_cn(result.as_of)}，"
            f"全州应报送单位{units}个，已报送{len(accepted)}个{late_text}，未报送{units - len(accepted)}个。"
            f"按方案目标和完成时限评判各单位任务{total}项：{parts or '无'}。")


def _headline_paragraph(result: CollectResult, plan: Plan) -> str:
    lines = []
    for h in facts.headlines(result, plan):
        if h.actual is None:
            lines.append(f"{h.label}暂无数据")
        elif h.status == DONE and h.target_text == "清零":
            lines.append(f"{h.label}已清零")
        elif h.target_text == "清零":
            lines.append(f"{h.label}尚有{fmt_number(h.actual)}{h.unit}")
        elif h.target is not None and h.rate is not None:
            lines.append(f"{h.label}{fmt_number(h.actual)}{h.unit}，为目标{fmt_number(h.target)}{h.unit}的"
                         f"{h.rate:.1%}（{STATUS_LABELS[h.status]}）")
        else:
            lines.append(f"{h.label}{fmt_number(h.actual)}{h.unit}（{STATUS_LABELS[h.status]}）")
    totals = facts.project_totals(result.projects)
    if totals.count:
        rate = f"，拨付率{totals.rate:.1%}" if totals.rate is not None else ""
        lines.append(f"州级督战重点项目{totals.count}个中已报送{totals.reported}个，上海帮扶资金安排"
                     f"{fmt_number(round(totals.allocated, 2))}万元、已拨付{fmt_number(round(totals.disbursed, 2))}万元"
                     f"{rate}，工程完工{totals.works_done}个")
    if not lines:
        return ""
    return "从主要指标看，" + "；".join(lines) + "。"


def _units_paragraph(ranked: list[facts.UnitScore], n_units: int, plan: Plan) -> str:
    reported = [s for s in ranked if s.reported]
    if not reported:
        return ""
    finished = [s.unit for s in reported if s.counts[DONE] == s.total]
    best = [s for s in reported if s.lagging == 0 and s.counts[INVALID] == 0 and s.unit not in finished]
    lagging = sorted((s for s in reported if s.lagging), key=lambda s: (-s.lagging, s.good_share))
    few = n_units > NAME_ALL_UP_TO
    out = []
    if finished:
        out.append(f"{_names(finished, few)}已完成本单位全部任务")
    if best:
        out.append(f"{_names([s.unit for s in best], few)}各项任务均按进度推进")
    if lagging:
        shown = lagging[:WORST_FEW] if few else lagging
        text = "、".join(f"{s.unit}（滞后{s.counts[BEHIND]}项" + (f"、逾期{s.counts[OVERDUE]}项" if s.counts[OVERDUE]
                                                                else "") + "）" for s in shown)
        more = f"等{len(lagging)}个单位" if len(lagging) > len(shown) else ""
        out.append(f"进度滞后或逾期较多的是{text}{more}")
    counties = [s for s in ranked if s.is_county and s.reported]
    if len(counties) > 1:
        first, last = counties[0], counties[-1]
        out.append(f"各县中{first.unit}排名第一（已完成和正常推进占{first.good_share:.0%}），"
                   f"{last.unit}排名靠后（{last.good_share:.0%}）")
    return "从各单位看，" + "；".join(out) + "。"


def _names(units: list[str], few: bool) -> str:
    if few and len(units) > WORST_FEW:
        return "、".join(units[:WORST_FEW]) + f"等{len(units)}个单位"
    return "、".join(units)


def _overdue_paragraph(items: list[facts.Issue]) -> str:
    overdue = [i for i in items if i.status == OVERDUE]
    if not overdue:
        return "本月无逾期未完成任务。"
    shown = overdue[:OVERDUE_NAMED]
    text = "；".join(f"{i.unit}{_quote(i.text)}（完成时限{date_cn(i.deadline)}" +
                    (f"，{i.shortfall}）" if i.shortfall else "）") for i in shown)
    more = f"等{len(overdue)}项" if len(overdue) > len(shown) else f"共{len(overdue)}项"
    return f"逾期未完成的有：{text}，{more}，请相关单位立即整改到位。"


def _missing_paragraph(result: CollectResult) -> str:
    missing = [s.unit for s in result.submissions if s.status == NOT_RECEIVED and s.unit]
    rejected = [s for s in result.submissions if s.status == REJECTED]
    dup = [s for s in result.submissions if s.status == DUPLICATE]
    out = []
    if missing:
        few = len(missing) > NAME_ALL_UP_TO
        out.append(f"{_names(missing, few)}未报送本月填报表，请抓紧补报")
    if rejected:
        out.append(f"另有{len(rejected)}个文件无法采用（详见“报送情况”表），请发送单位重新报送")
    if dup:
        out.append(f"{len(dup)}个单位重复报送的文件未采用，已采用填报日期最新的一份")
    return "；".join(out) + "。" if out else "各单位均已按要求报送。"


def _data_paragraph(result: CollectResult) -> str:
    errors = sum(1 for f in result.findings if f.severity == "error")
    warnings = sum(1 for f in result.findings if f.severity == "warning")
    if not errors and not warnings:
        return "本月回收的填报表未发现数据问题。"
    return (f"本月回收的填报表共发现数据问题{errors + warnings}条（错误{errors}条、警告{warnings}条），"
            "逐条列在汇总表“数据问题”工作表中，请相关单位核实更正。")


def _quote(text: str) -> str:
    """“text”, with quotes inside it turned into single ones, as official documents nest them."""
    return "“" + text.replace("“", "‘").replace("”", "’") + "”"


def write_bulletin(result: CollectResult, plan: Plan, folder, digest: facts.Digest | None = None) -> Path:
    """Write the bulletin as 通报_<period>.txt (UTF-8 with BOM, so Windows Notepad shows it right)."""
    path = Path(folder) / f"通报_{result.period}.txt"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(bulletin_text(result, plan, digest) + "\n", encoding="utf-8-sig")
    return path
