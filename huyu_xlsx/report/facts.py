"""The figures the summary and the bulletin are made of, computed once from a CollectResult.

Plain data, no workbook: the sheets lay these out and the bulletin puts them into sentences,
so the two can never disagree.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from ..checks.judge import (BEHIND, DONE, INVALID, MISSING, ON_TRACK, OVERDUE, SEVERITY_RANK, STATUS_LABELS, STATUSES,
                            time_progress)
from ..collect import ACCEPTED, PREFECTURE, CollectResult, Coverage, ProjectResult, Result
from ..plan import Indicator, Plan, fmt_number

ATTENTION = (OVERDUE, INVALID, MISSING, BEHIND)  # what 研判 and 调度 list

# Headline figures of 通报, in the order leaders ask for them, with a short label each.
# Indicators missing from a plan are skipped; a plan with none of them gets its first
# top-level indicators with a numeric target instead.
HEADLINES = (
    ("assist-projects", "上海市及嘉定区帮扶项目完成"),
    ("labour-to-shanghai", "转移贫困劳动力到上海务工"),
    ("labour-local", "贫困劳动力省内就近就业"),
    ("pairing-funds", "携手奔小康帮扶资金"),
    ("pairing-projects", "携手奔小康帮扶资金项目"),
    ("health-it-pilot", "卫生信息化试点投入上海帮扶资金"),
    ("invest-firms", "引导东部企业开展产业合作"),
    ("invest-amount", "实际到位投资金额"),
    ("highlight-cases", "提炼特色亮点和典型案例"),
    ("rectification-open", "未整改问题（应清零）"),
)
FALLBACK_HEADLINES = 8


@dataclass(frozen=True)
class Headline:
    label: str
    unit: str  # unit of measure
    actual: float | None
    target: float | None
    rate: float | None
    status: str
    target_text: str = ""
    coverage: Coverage | None = None

    @property
    def note(self) -> str:
        """Who the figure does not count: '永仁县未报送，未计入'."""
        return self.coverage.note() if self.coverage is not None else ""


def headlines(result: CollectResult, plan: Plan) -> list[Headline]:
    """The prefecture's headline figures against target, taken from the 全州 results."""
    known = [(iid, label) for iid, label in HEADLINES if iid in {i.id for i in plan.indicators}]
    if not known:
        known = [(i.id, i.text) for i in plan.indicators
                 if i.parent is None and i.target is not None][:FALLBACK_HEADLINES]
    out = []
    whole = {r.indicator: r for r in result.results if r.unit == PREFECTURE}
    for iid, label in known:
        ind = plan.indicator(iid)
        r = whole.get(iid)
        if r is None:
            continue
        out.append(Headline(label, ind.unit, _num(r.actual), r.target, r.rate, r.status,
                            target_text(ind, r), result.coverage(iid)))
    return out


@dataclass(frozen=True)
class ProjectTotals:
    """The key projects as far as the returns prove: sums and counts over the usable ones only."""

    count: int
    reported: int  # reported at all (a return with the project's row filled)
    usable: int  # reported and without a data error: the only ones summed and counted
    allocated: float
    disbursed: float
    works_done: int  # usable projects with works at 100%
    statuses: dict

    @property
    def missing(self) -> int:
        return self.count - self.reported

    @property
    def invalid(self) -> int:
        return self.reported - self.usable

    @property
    def rate(self) -> float | None:
        return self.disbursed / self.allocated if self.allocated else None

    @property
    def status(self) -> str:
        """The worst status among the usable projects (未报送 when none is usable)."""
        judged = [s for s, n in self.statuses.items() if n and s not in (MISSING, INVALID)]
        return min(judged, key=lambda s: SEVERITY_RANK[s]) if judged else MISSING

    @property
    def note(self) -> str:
        """'2个项目未报送、1个数据有误，未计入' (empty when every project counts)."""
        parts = [f"{n}个项目{what}" for n, what in ((self.missing, "未报送"), (self.invalid, "数据有误")) if n]
        return "、".join(parts) + "，未计入" if parts else ""


def project_totals(projects: list[ProjectResult]) -> ProjectTotals:
    reported = [p for p in projects if p.status != MISSING]
    usable = [p for p in reported if p.status != INVALID]
    return ProjectTotals(
        count=len(projects),
        reported=len(reported),
        usable=len(usable),
        allocated=sum(p.allocated or 0.0 for p in usable),
        disbursed=sum(p.disbursed or 0.0 for p in usable),
        works_done=sum(1 for p in usable if (p.works_progress or 0) >= 100),
        statuses=count_statuses(p.status for p in projects),
    )


def unit_results(result: CollectResult) -> list[Result]:
    """Every indicator × unit result, without the 全州 aggregate rows."""
    return [r for r in result.results if r.unit != PREFECTURE]


def count_statuses(statuses) -> dict[str, int]:
    counts = dict.fromkeys(STATUSES, 0)
    for s in statuses:
        if s:  # None: a unit's row of a target judged only for the prefecture
            counts[s] += 1
    return counts


@dataclass(frozen=True)
class UnitScore:
    """One line of the ranking: a unit's judged results by status, and its score."""

    unit: str
    is_county: bool
    counts: dict
    total: int  # results judged for this unit (targets the plan gives only for 全州 not included)
    reported: bool

    @property
    def lagging(self) -> int:
        return self.counts[BEHIND] + self.counts[OVERDUE]

    @property
    def good_share(self) -> float:
        return (self.counts[DONE] + self.counts[ON_TRACK]) / self.total if self.total else 0.0

    @property
    def score(self) -> float:
        """得分: the share of 已完成 and 正常推进 items, out of 100, to one decimal."""
        return round(100 * self.good_share, 1)


RANKING_RULE = ("排名规则：只对本月已报送的单位排名。得分 =（已完成项数 + 正常推进项数）÷ 评判项数 × 100，"
                "按得分从高到低排列；得分相同的，已完成项数多的在前；仍相同的按方案中的单位顺序。"
                "方案只下达全州目标、未分县的任务（如携手奔小康帮扶资金）只评判全州，不计入各县。"
                "未报送的单位不排名，列在最后。")


def scores(result: CollectResult, plan: Plan) -> list[UnitScore]:
    """Every reporting unit's score, in plan order."""
    by_unit: dict[str, list[Result]] = {}
    for r in unit_results(result):
        if r.status:  # unjudged rows (a target only the prefecture has) count for no unit
            by_unit.setdefault(r.unit, []).append(r)
    reported = {s.unit for s in result.submissions if s.status == ACCEPTED}
    out = []
    for unit in plan.units:
        rows = by_unit.get(unit.name, [])
        if not rows:
            continue
        counts = count_statuses(r.status for r in rows)
        out.append(UnitScore(unit.name, unit.is_county, counts, len(rows), unit.name in reported))
    return out


def ranking(score_list: list[UnitScore]) -> list[UnitScore]:
    """Reported units best first by RANKING_RULE (a stable sort: plan order breaks ties), then the
    units that did not report, unranked."""
    ranked = sorted((s for s in score_list if s.reported), key=lambda s: (-s.score, -s.counts[DONE]))
    return ranked + [s for s in score_list if not s.reported]


@dataclass(frozen=True)
class Issue:
    """One item of 研判 and 调度: an indicator or key project that needs attention."""

    kind: str  # "indicator" | "project"
    unit: str
    status: str
    subject: str  # indicator or project id
    section: str
    text: str
    measure: str  # unit of measure
    target: float | None
    target_text: str
    actual: float | bool | None
    rate: float | None
    deadline: date | None
    days_left: int | None
    time_progress: float | None
    shortfall: str
    responsible: tuple[str, ...]
    file: str = ""
    where: str = ""
    gap: float = field(default=1.0)  # 1 − completion rate, for sorting
    due_soon: bool = False  # a milestone or event not done, its deadline near

    @property
    def sort_key(self):
        return (SEVERITY_RANK[self.status], self.days_left if self.days_left is not None else 10**6, -self.gap)

    @property
    def label(self) -> str:
        """The status as 研判 and 调度 show it: '临近时限' for an item due soon."""
        return "临近时限" if self.due_soon else STATUS_LABELS[self.status]


def issues(result: CollectResult, plan: Plan) -> list[Issue]:
    """Every result and key project that needs attention, worst first.

    Behind, overdue, invalid and missing results; milestones and one-off events not yet done
    within plan.due_soon_days of their deadline (still 正常推进, flagged with the days left);
    and one line for each unit that sent no usable return, instead of one per task.
    Order: overdue, then invalid and missing, then behind, then due soon; within a status the
    nearest (or longest passed) deadline first, then the largest shortfall.
    """
    as_of = result.as_of
    absent = absent_units(result, plan)
    out: list[Issue] = []
    for r in unit_results(result):
        if r.unit in absent:
            continue
        ind = plan.indicator(r.indicator)
        left = (ind.deadline - as_of).days if ind.deadline else None
        due_soon = (r.status == ON_TRACK and not ind.kind.paced and left is not None
                    and 0 <= left <= plan.due_soon_days)
        if r.status not in ATTENTION and not due_soon:
            continue
        out.append(Issue(
            "indicator", r.unit, r.status, ind.id, ind.section, ind.text, ind.unit, r.target,
            target_text(ind, r), r.actual, r.rate, ind.deadline, left,
            time_progress(ind.start or plan.issued, ind.deadline, as_of),
            f"距完成时限{left}天，尚未完成" if due_soon else shortfall_text(ind, r),
            ind.responsible, r.file, f"{r.sheet}!{r.cell}" if r.sheet and r.cell else r.sheet,
            _gap(r.rate, r.status), due_soon))
    for p in result.projects:
        if p.status not in ATTENTION or p.unit in absent:
            continue
        deadline = date.fromisoformat(p.deadline) if p.deadline else None
        progress = None if p.works_progress is None else p.works_progress / 100
        rates = [x for x in (progress, p.disbursement_rate) if x is not None]
        out.append(Issue(
            "project", p.unit, p.status, p.project, "三(一)", f"重点项目：{p.name or p.project}", "万元",
            p.allocated, fmt_number(p.allocated), p.disbursed, min(rates) if rates else None, deadline,
            (deadline - as_of).days if deadline else None,
            time_progress(plan.issued, deadline, as_of), project_shortfall(p),
            (p.unit,), p.file, "重点项目", _gap(min(rates) if rates else None, p.status)))
    for unit, n in absent.items():
        out.append(Issue(
            "submission", unit, MISSING, "", "", "本月未报送填报表", "", None, "", None, None, result.due,
            (result.due - as_of).days, None, f"{unit}本月未报送，{n}项任务（含重点项目）无法评判",
            (unit,), "", "", 1.0))
    out.sort(key=lambda i: i.sort_key)
    return out


def absent_units(result: CollectResult, plan: Plan) -> dict[str, int]:
    """Units without a usable return this month, with how many of their items cannot be judged."""
    accepted = {s.unit for s in result.submissions if s.status == ACCEPTED}
    absent = [u for u in plan.unit_names if u not in accepted]
    if not absent:
        return {}
    items = Counter(r.unit for r in result.results if r.status)
    items.update(p.unit for p in result.projects)
    return {u: items[u] for u in absent}


@dataclass(frozen=True)
class Digest:
    """What several sheets and the bulletin read: worked out once per summary."""

    scores: list[UnitScore]
    issues: list[Issue]


def digest(result: CollectResult, plan: Plan) -> Digest:
    return Digest(scores(result, plan), issues(result, plan))


def _gap(rate: float | None, status: str) -> float:
    if rate is None or status in (MISSING, INVALID):
        return 1.0
    return max(0.0, 1.0 - rate)


def _num(value) -> float | None:
    if value is None:
        return None
    return float(value)


def target_text(ind: Indicator, r: Result) -> str:
    """The unit's target as a leader reads it: '11', '15–20', '清零', '上年 30'."""
    if r.unit == PREFECTURE and ind.kind.counts_units and r.target is not None:
        return f"{fmt_number(r.target)}个单位完成"
    if not ind.judged_per_unit and r.unit != PREFECTURE:
        return f"全州{fmt_number(ind.target)}（未分县）"
    if r.unit == PREFECTURE:
        return ind.target_text(None, r.baseline)
    return ind.target_text(r.unit, r.baseline)


def target_value(ind: Indicator, r: Result) -> float | str:
    """The target as a cell holds it: the number where it is one, else target_text."""
    text = target_text(ind, r)
    return r.target if r.target is not None and text == fmt_number(r.target) else text


def actual_text(ind: Indicator, actual) -> str:
    if actual is None:
        return ""
    if isinstance(actual, bool):  # a unit's milestone; 全州 counts the units done instead
        return "是" if actual else "否"
    return fmt_number(actual)


def shortfall_text(ind: Indicator, r: Result) -> str:
    """What is still missing, in words: '尚差 12人', '未整改问题 2个', '尚未完成'.

    A unit's row of a target the plan gives only for 全州 is not judged, so never asked.
    """
    if r.status == MISSING:
        return "未报送，无法评判"
    if r.status == INVALID:
        return "数据有误，见“数据问题”表"
    if ind.rule == "milestone":
        return "尚未完成"
    if ind.rule == "zero":
        return f"未整改问题 {fmt_number(r.actual)}{ind.unit}，应清零"
    if ind.rule == "growth":
        if r.baseline is None or r.actual is None:
            return "无上年数，无法比较"
        return f"本年 {fmt_number(r.actual)}{ind.unit}，未超过上年 {fmt_number(r.baseline)}{ind.unit}"
    if r.target is None or r.actual is None:
        return ""
    gap = float(r.target) - float(r.actual)
    return f"尚差 {fmt_number(round(gap, 4))}{ind.unit}" if gap > 0 else ""


def project_shortfall(p: ProjectResult) -> str:
    if p.status == MISSING:
        return "未报送，无法评判"
    if p.status == INVALID:
        return "数据有误，见“数据问题”表"
    parts = []
    if p.allocated is not None and p.disbursed is not None and p.allocated > p.disbursed:
        parts.append(f"资金尚未拨付 {fmt_number(round(p.allocated - p.disbursed, 2))}万元")
    if p.works_progress is not None and p.works_progress < 100:
        parts.append(f"工程进度 {fmt_number(p.works_progress)}%")
    return "；".join(parts)


@dataclass(frozen=True)
class Change:
    """One indicator × unit compared with the previous period (环比)."""

    indicator: str
    unit: str
    before: float | bool | None
    after: float | bool | None
    status_before: str | None
    status_after: str | None
    before_known: bool = True  # the previous period has this row

    @property
    def delta(self) -> float | None:
        if isinstance(self.before, bool) or isinstance(self.after, bool):
            return None
        if self.before is None or self.after is None:
            return None
        return float(self.after) - float(self.before)

    @property
    def direction(self) -> int:
        """+1 the status improved, −1 it worsened, 0 unchanged (or nothing to compare)."""
        if not self.status_before or not self.status_after or self.status_before == self.status_after:
            return 0
        return 1 if SEVERITY_RANK[self.status_after] > SEVERITY_RANK[self.status_before] else -1


def changes(result: CollectResult, previous: CollectResult) -> list[Change]:
    """This period against the previous one, per indicator and unit (全州 included)."""
    before = {(r.indicator, r.unit): r for r in previous.results}
    out = []
    for r in result.results:
        b = before.get((r.indicator, r.unit))
        out.append(Change(r.indicator, r.unit, b.actual if b else None, r.actual,
                          b.status if b else None, r.status, b is not None))
    return out
