"""The bulletin (通报) in the office's 公文 style, made from the month's judged figures.

Structured (BulletinDoc: opening, headed sections, closing) so the summary's paste-ready text
and the .docx documents lay out the same sentences. Every number comes from facts.Digest, the
same figures as the summary's sheets and the JSON; no worksheet is named.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..checks.judge import BEHIND, DONE, INVALID, MISSING, ON_TRACK, OVERDUE, STATUS_LABELS
from ..collect import ACCEPTED, DUPLICATE, REJECTED, CollectResult
from ..layout import date_cn, period_cn
from ..outpath import output_path
from ..plan import Plan, fmt_number
from . import facts

NOT_DATA_PROBLEMS = frozenset({"submission-missing", "submission-duplicate", "submission-late"})
NAME_ALL_UP_TO = 10  # with more units than this, the text names only the worst few
WORST_FEW = 5
OVERDUE_NAMED = 8
CN_DIGITS = ("一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二", "十三", "十四", "十五")
HEADINGS = tuple(f"{d}、" for d in CN_DIGITS)


@dataclass(frozen=True)
class Section:
    heading: str  # '一、总体情况'
    paragraphs: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class BulletinDoc:
    title: str
    opening: str
    sections: list[Section]
    closing: str

    def paragraphs(self) -> list[str]:
        """Opening, each heading and its paragraphs, closing: one string each, in order."""
        out = [self.opening]
        for s in self.sections:
            out.append(s.heading)
            out += s.paragraphs
        out.append(self.closing)
        return out


def bulletin_text(result: CollectResult, plan: Plan, digest: facts.Digest | None = None) -> str:
    """The month's bulletin in Chinese, one paragraph per line, for pasting into the notice."""
    doc = bulletin_document(result, plan, digest)
    return "\n\n".join([doc.title, *doc.paragraphs()])


def bulletin_paragraphs(result: CollectResult, plan: Plan, digest: facts.Digest | None = None) -> list[str]:
    return bulletin_document(result, plan, digest).paragraphs()


def bulletin_document(result: CollectResult, plan: Plan, digest: facts.Digest | None = None) -> BulletinDoc:
    """The bulletin's parts; `digest` is facts.digest(result, plan) when already worked out."""
    digest = digest or facts.digest(result, plan)
    month = period_cn(result.period)
    parts = [
        ("总体情况", [_overall(result, plan, digest)]),
        ("主要指标完成情况", _headlines(result, plan)),
        ("各单位推进情况", _units(digest, plan)),
        ("存在的主要问题", _problems(result, digest)),
    ]
    sections = [Section(HEADINGS[i] + name, [p for p in paras if p])
                for i, (name, paras) in enumerate(p for p in parts if any(p[1]))]
    sections.append(Section(HEADINGS[len(sections)] + "下步工作要求", [_requirements(plan, digest)]))
    opening = (f"按照《{plan.title}》（{plan.document}）要求，现将{month}全州沪滇扶贫协作挂牌督战"
               f"工作推进情况通报如下：")
    return BulletinDoc(f"关于{month}沪滇扶贫协作挂牌督战工作推进情况的通报", opening, sections, "特此通报。")


def _overall(result: CollectResult, plan: Plan, digest: facts.Digest) -> str:
    units = len(plan.units)
    accepted = [s for s in result.submissions if s.status == ACCEPTED]
    late = [s.unit for s in accepted if s.on_time is False]
    judged = [r for r in facts.unit_results(result) if r.status]
    reported = {s.unit for s in accepted}
    counts = facts.count_statuses(r.status for r in judged if r.unit in reported)
    total = sum(counts.values())
    named = "、".join(f"{STATUS_LABELS[s]}{counts[s]}项" for s in (DONE, ON_TRACK, BEHIND, OVERDUE, MISSING, INVALID)
                     if counts[s])
    late_text = f"（其中{'、'.join(late)}逾期报送）" if late and len(late) <= NAME_ALL_UP_TO else \
        (f"（其中逾期报送{len(late)}个）" if late else "")
    absent = list(facts.absent_units(result, plan))
    absent_text = f"，{_names(absent, len(absent) > NAME_ALL_UP_TO)}未报送" if absent else ""
    # The same totals as the summary's 任务评判汇总: every unit's judged tasks, then the reported.
    unjudged = len(judged) - total
    scope = (f"各单位承担任务共{len(judged)}项，其中未报送单位的{unjudged}项无法评判；已报送单位的{total}项"
             if unjudged else f"各单位承担任务共{total}项")
    return (f"截至{date_cn(result.as_of)}，全州应报送单位{units}个，已报送{len(accepted)}个{late_text}{absent_text}。"
            f"{scope}按方案目标和完成时限逐项评判：{named or '无'}。")


def _headlines(result: CollectResult, plan: Plan) -> list[str]:
    lines = []
    for h in facts.headlines(result, plan):
        judged = _judged(h.status, h.note)
        if h.actual is None:
            lines.append(f"{h.label}：各单位均未报送，无法评判")
        elif h.target_text == "清零":
            if h.status == DONE:
                lines.append(f"{h.label}：已全部清零")
            elif h.status == MISSING:
                lines.append(f"{h.label}：已报送单位共{fmt_number(h.actual)}{h.unit}，尚不能确认全面清零"
                             f"（{h.note}）")
            else:
                lines.append(f"{h.label}：尚有{fmt_number(h.actual)}{h.unit}未整改{judged}")
        elif h.target is not None and h.rate is not None:
            lines.append(f"{h.label}{fmt_number(h.actual)}{h.unit}，为目标{fmt_number(h.target)}{h.unit}的"
                         f"{h.rate:.1%}{judged}")
        else:
            lines.append(f"{h.label}{fmt_number(h.actual)}{h.unit}{judged}")
    totals = facts.project_totals(result.projects)
    if totals.count:
        note = f"（{totals.note}）" if totals.note else ""
        rate = f"，拨付率{totals.rate:.1%}" if totals.rate is not None else ""
        lines.append(f"州级督战重点项目{totals.count}个，已报送且数据无误的{totals.usable}个{note}："
                     f"上海帮扶资金安排{fmt_number(round(totals.allocated, 2))}万元、已拨付"
                     f"{fmt_number(round(totals.disbursed, 2))}万元{rate}，工程完工{totals.works_done}个"
                     f"{_project_risk(totals)}")
    return [f"（{CN_DIGITS[i]}）{line}。" for i, line in enumerate(lines)]


def _judged(status: str, note: str) -> str:
    """'（进度滞后；永仁县未报送，未计入）'."""
    return f"（{STATUS_LABELS[status]}；{note}）" if note else f"（{STATUS_LABELS[status]}）"


def _project_risk(totals: facts.ProjectTotals) -> str:
    overdue, behind = totals.statuses.get(OVERDUE, 0), totals.statuses.get(BEHIND, 0)
    if overdue or behind:
        parts = [f"{n}个{STATUS_LABELS[s]}" for s, n in ((OVERDUE, overdue), (BEHIND, behind)) if n]
        return f"，其中{'、'.join(parts)}，存在不能按期完工和资金滞留的风险"
    return ""


def _units(digest: facts.Digest, plan: Plan) -> list[str]:
    ranked = facts.ranking(digest.scores)
    reported = [s for s in ranked if s.reported]
    if not reported:
        return []
    few = len(plan.units) > NAME_ALL_UP_TO
    out = []
    finished = [s.unit for s in reported if s.counts[DONE] == s.total]
    steady = [s.unit for s in reported if s.lagging == 0 and s.counts[INVALID] == 0 and s.unit not in finished]
    lagging = sorted((s for s in reported if s.lagging), key=lambda s: (-s.lagging, s.score))
    if finished:
        out.append(f"{_names(finished, few)}已完成本单位全部任务")
    if steady:
        out.append(f"{_names(steady, few)}各项任务均按进度推进")
    if lagging:
        shown = lagging[:WORST_FEW] if few else lagging
        text = "、".join(f"{s.unit}（" + "、".join(f"{STATUS_LABELS[k]}{s.counts[k]}项" for k in (OVERDUE, BEHIND)
                                                  if s.counts[k]) + "）" for s in shown)
        more = f"等{len(lagging)}个单位" if len(lagging) > len(shown) else ""
        out.append(f"逾期未完成或进度滞后的有{text}{more}")
    counties = [s for s in reported if s.is_county]
    if len(counties) >= 2:
        first, last = counties[0], counties[-1]
        out.append(f"已报送的{len(counties)}个县按得分排名（得分为已完成和正常推进项数占评判项数的百分比），"
                   f"{first.unit}第一（{fmt_number(first.score)}分），{last.unit}第{len(counties)}"
                   f"（{fmt_number(last.score)}分）")
    return ["；".join(out) + "。"]


def _count_kinds(items: list[facts.Issue]) -> str:
    """'33项任务、10个重点项目': tasks and key projects counted apart, as 总体情况 counts tasks."""
    tasks = sum(1 for i in items if i.kind == "indicator")
    projects = sum(1 for i in items if i.kind == "project")
    return "、".join(x for x in (f"{tasks}项任务" if tasks else "", f"{projects}个重点项目" if projects else "") if x)


def _names(units: list[str], few: bool = False) -> str:
    if few and len(units) > WORST_FEW:
        return "、".join(units[:WORST_FEW]) + f"等{len(units)}个单位"
    return "、".join(units)


def _problems(result: CollectResult, digest: facts.Digest) -> list[str]:
    out = []
    overdue = [i for i in digest.issues if i.status == OVERDUE]
    if overdue:
        shown = overdue[:OVERDUE_NAMED]
        text = "；".join(f"{i.unit}{_quote(i.text)}（完成时限{date_cn(i.deadline)}" +
                        (f"，{i.shortfall}）" if i.shortfall else "）") for i in shown)
        more = f"，以上列出{len(shown)}项" if len(overdue) > len(shown) else ""
        out.append(f"逾期未完成{_count_kinds(overdue)}：{text}{more}。")
    behind = [i for i in digest.issues if i.status == BEHIND]
    if behind:
        units = list(dict.fromkeys(i.unit for i in behind))
        out.append(f"进度滞后{_count_kinds(behind)}，涉及{_names(units, len(units) > NAME_ALL_UP_TO)}。")
    soon = [i for i in digest.issues if i.due_soon]
    if soon:
        text = "；".join(f"{i.unit}{_quote(i.text)}（距完成时限{i.days_left}天）" for i in soon[:OVERDUE_NAMED])
        out.append(f"临近完成时限尚未完成{len(soon)}项：{text}。")
    tampered = sorted({f.unit for f in result.findings if f.code == "target-tampered" and f.unit})
    if tampered:
        out.append(f"{'、'.join(tampered)}擅自改动了下达的目标任务，已按方案目标评判。")
    rejected = sum(1 for s in result.submissions if s.status == REJECTED)
    dup = sum(1 for s in result.submissions if s.status == DUPLICATE)
    # Problems found in the returned files; units that sent nothing are named in 总体情况 already.
    found = [f for f in result.findings if f.code not in NOT_DATA_PROBLEMS]
    errors = sum(1 for f in found if f.severity == "error")
    warnings = sum(1 for f in found if f.severity == "warning")
    if errors or warnings or rejected or dup:
        extra = ([f"{rejected}个文件无法采用"] if rejected else []) + ([f"{dup}份重复报送的文件未采用"] if dup else [])
        out.append(f"回收的填报表发现数据问题{errors + warnings}条（错误{errors}条、警告{warnings}条）"
                   + ("，另有" + "、".join(extra) if extra else "") + "，已逐条反馈相关单位核实更正。")
    return out


def _requirements(plan: Plan, digest: facts.Digest) -> str:
    return ("各县、各有关州级部门要对照本通报，对逾期未完成和进度滞后事项逐项明确责任人和完成时限，"
            "加快推进；数据有误的要核实更正，未报送的要立即补报。"
            f"请于下月{plan.report_day}日前将推进情况纸质和电子版同时报{plan.office}。")


def _quote(text: str) -> str:
    """“text”, with quotes inside it turned into single ones, as official documents nest them."""
    return "“" + text.replace("“", "‘").replace("”", "’") + "”"


def write_bulletin(result: CollectResult, plan: Plan, path, digest: facts.Digest | None = None) -> Path:
    """Write the bulletin as text (UTF-8 with BOM, so Windows Notepad shows it right) to `path`:
    a file, or an existing folder to put 通报_<period>.txt in. A name without a suffix gets
    .txt; another suffix is refused (outpath.WrongSuffix)."""
    path = output_path(path, ".txt", "通报文字", f"通报_{result.period}.txt")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(bulletin_text(result, plan, digest) + "\n", encoding="utf-8-sig")
    return path
