"""What the month's 通报 (or 报告) says, as a BulletinDoc, and its 附件 tables.

The wording comes from report/bulletin.py. Until that module offers `bulletin_document`
(title, opening, sections of heading + paragraphs, closing), the small adapter below builds
the same shape from today's `bulletin_paragraphs`; once it exists, it is used as it is.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from ..checks.judge import BEHIND, DONE, INVALID, MISSING, ON_TRACK, OVERDUE, STATUS_LABELS
from ..collect import ACCEPTED, DUPLICATE, NOT_RECEIVED, PREFECTURE, REJECTED, SUBMISSION_LABELS, CollectResult
from ..layout import date_cn, period_cn
from ..plan import Plan, fmt_number
from ..report import bulletin as _bulletin
from ..report import facts

TONGBAO, BAOGAO = "通报", "报告"
KINDS = (TONGBAO, BAOGAO)

# 主送
TO_UNITS = "各县沪滇扶贫协作领导小组，州沪滇扶贫协作领导小组各成员单位："
TO_LEADERS = "州委、州政府："


@dataclass(frozen=True)
class Section:
    heading: str
    paragraphs: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class BulletinDoc:
    title: str
    opening: str
    sections: list[Section]
    closing: str


def bulletin_document(result: CollectResult, plan: Plan, digest: facts.Digest | None = None) -> BulletinDoc:
    """The 通报 as title, opening, sections and closing (report/bulletin.py's when it has one)."""
    lead = getattr(_bulletin, "bulletin_document", None)
    if lead is not None:
        return lead(result, plan, digest)
    return _from_paragraphs(result, plan, digest or facts.digest(result, plan))


def _from_paragraphs(result: CollectResult, plan: Plan, digest: facts.Digest) -> BulletinDoc:
    """Adapter: today's bulletin paragraphs sorted into the sections of a 公文."""
    paragraphs = _bulletin.bulletin_paragraphs(result, plan, digest)
    period = period_cn(result.period)
    overall, headline, units, problems = [], [], [], []
    for i, p in enumerate(paragraphs):
        if i == 0:
            # "2020年8月…情况通报。截至…": the first sentence is the title's job.
            overall.append(p.split("。", 1)[1] if "情况通报。" in p.split("。", 1)[0] + "。" else p)
        elif p.startswith("从主要指标看，"):
            headline.append(p.removeprefix("从主要指标看，"))
        elif p.startswith("从各单位看，"):
            units.append(p.removeprefix("从各单位看，"))
        elif p.startswith("请各县"):
            continue  # the requests are section 五, written for the document below
        else:
            problems.append(p)
    sections = [Section("一、总体情况", overall)]
    if headline:
        sections.append(Section("二、主要指标完成情况", headline))
    if units:
        sections.append(Section(f"{_cn(len(sections) + 1)}、各单位推进情况", units))
    if problems:
        labels = ("（一）逾期未完成事项。", "（二）报送情况。", "（三）数据质量。")
        sections.append(Section(f"{_cn(len(sections) + 1)}、存在的主要问题",
                                [_label(p, labels) for p in problems]))
    return BulletinDoc(
        title=f"关于{period}沪滇扶贫协作挂牌督战工作情况的通报",
        opening=(f"按照《{plan.title}》（{plan.document}）要求，现将{period}"
                 "沪滇扶贫协作挂牌督战工作情况通报如下："),
        sections=sections,
        closing="特此通报。",
    )


def _label(paragraph: str, labels: tuple[str, ...]) -> str:
    """Give a problem paragraph its （一）（二）（三） lead-in by what it is about."""
    if "逾期未完成" in paragraph[:12]:
        return labels[0] + paragraph
    if "数据问题" in paragraph or "未发现数据问题" in paragraph:
        return labels[2] + paragraph
    return labels[1] + paragraph


CN_DIGITS = "一二三四五六七八九十"


def _cn(n: int) -> str:
    return CN_DIGITS[n - 1] if 1 <= n <= 10 else str(n)


def with_requests(doc: BulletinDoc, plan: Plan, kind: str, orders: int, attachments: dict[str, int]) -> BulletinDoc:
    """The last section: what units are to do (通报), or what the office will do (报告).

    `orders` is the number of 督办单 issued with the document; `attachments` maps an
    attachment's name to its number, so the text can point at it.
    """
    lagging = attachments.get(ATTACHMENT_ISSUES)
    see = f"（见附件{lagging}）" if lagging else ""
    sections = [s for s in doc.sections if "要求" not in s.heading and "打算" not in s.heading]
    n = len(sections) + 1
    if kind == TONGBAO:
        paras = [
            f"（一）加快推进滞后任务。各县、各有关州级部门要对照逾期未完成和进度滞后事项{see}，"
            "逐项明确责任领导、责任人和完成时限，倒排工期、挂图作战，确保按方案时限完成任务。",
            f"（二）及时准确报送数据。未报送的单位要立即补报；数据有误的单位要核实更正后重新报送。"
            f"请于每月{plan.report_day}日前将填报表纸质和电子版同时报{plan.office}。",
            "（三）压实督战责任。州级督战领导、成员单位牵头部门和督战小分队要加强跟踪问效，"
            "对逾期未完成事项实行重点督办" + (f"。对有关事项的{orders}个单位已逐一印发督办单，"
                                     "请按督办单要求按时反馈办理情况。" if orders else "。"),
            "请各县、各有关州级部门认真遵照执行。",
        ]
        sections.append(Section(f"{_cn(n)}、下步工作要求", paras))
    else:
        paras = [
            f"（一）督促加快推进滞后任务。对逾期未完成和进度滞后事项{see}，督促责任单位逐项明确"
            "责任领导、责任人和完成时限，确保按方案时限完成任务。",
            "（二）督促及时准确报送数据。督促未报送的单位立即补报、数据有误的单位核实更正后重新报送，"
            "确保数据真实准确。",
            "（三）加强督战调度。" + (f"已向{orders}个单位印发督办单，" if orders else "")
            + "将跟踪督办单办理情况，对逾期未完成事项实行重点督办，每月向州委、州政府报告进展。",
        ]
        sections.append(Section(f"{_cn(n)}、下步工作打算", paras))
    return replace(doc, sections=sections)


# Downward wording turned upward for the 报告 to 州委、州政府.
UPWARD = (
    ("情况的通报", "情况的报告"),
    ("通报如下", "报告如下"),
    ("特此通报。", "特此报告。"),
    ("，请相关单位立即整改到位", "，已督促相关单位立即整改到位"),
    ("请抓紧补报", "已督促其抓紧补报"),
    ("请发送单位重新报送", "已要求发送单位重新报送"),
    ("请相关单位核实更正", "已督促相关单位核实更正"),
)


def as_report(doc: BulletinDoc) -> BulletinDoc:
    """The same document as a 报告 to the prefecture's leaders: upward wording throughout."""
    def up(text: str) -> str:
        for a, b in UPWARD:
            text = text.replace(a, b)
        return text

    return BulletinDoc(
        title=up(doc.title),
        opening=up(doc.opening),
        sections=[Section(s.heading, [up(p) for p in s.paragraphs]) for s in doc.sections],
        closing="特此报告。",
    )


# --- 附件 ---

ATTACHMENT_HEADLINES = "主要指标完成情况"
ATTACHMENT_RANKING = "各县排名"
ATTACHMENT_ISSUES = "逾期未完成和进度滞后事项"
ATTACHMENT_SUBMISSIONS = "报送情况"


@dataclass(frozen=True)
class Table:
    name: str
    headers: list[str]
    rows: list[list[str]]
    left_cols: tuple[int, ...] = ()
    note: str = ""


def table_date(day, year: int) -> str:
    """A date in a table cell: 8月30日 within the year of the figures, 2021年1月31日 outside it."""
    if day is None:
        return ""
    return f"{day.month}月{day.day}日" if day.year == year else date_cn(day)


def percent(rate: float | None) -> str:
    return "" if rate is None else f"{rate:.1%}"


def attachments(result: CollectResult, plan: Plan, digest: facts.Digest) -> list[Table]:
    return [t for t in (headline_table(result, plan), ranking_table(digest),
                        issues_table(result, plan, digest), submissions_table(result, plan)) if t.rows]


def headline_table(result: CollectResult, plan: Plan) -> Table:
    rows = []
    year = result.as_of.year
    deadlines = {}
    for ind in plan.indicators:
        deadlines[ind.id] = ind.deadline
    ids = {label: iid for iid, label in facts.HEADLINES}
    for h in facts.headlines(result, plan):
        iid = ids.get(h.label)
        deadline = deadlines.get(iid) if iid else None
        rows.append([str(len(rows) + 1), h.label, h.unit, h.target_text or fmt_number(h.target),
                     "" if h.actual is None else fmt_number(h.actual), percent(h.rate),
                     table_date(deadline, year), STATUS_LABELS[h.status]])
    totals = facts.project_totals(result.projects)
    if totals.count:
        rows.append([str(len(rows) + 1), f"州级督战重点项目上海帮扶资金拨付（{totals.reported}/{totals.count}个已报送）",
                     "万元", fmt_number(round(totals.allocated, 2)), fmt_number(round(totals.disbursed, 2)),
                     percent(totals.rate), table_date(plan.key_projects.deadline, year), ""])
        rows.append([str(len(rows) + 1), "州级督战重点项目工程完工", "个", str(totals.count), str(totals.works_done),
                     percent(totals.works_done / totals.count), table_date(plan.key_projects.deadline, year), ""])
    return Table(ATTACHMENT_HEADLINES, ["序号", "指标", "单位", "目标", "完成", "完成率", "完成时限", "状态"],
                 rows, left_cols=(1,),
                 note=f"说明：统计截止{date_cn(result.as_of)}；全州数为各单位已报送数之和。")


def ranking_table(digest: facts.Digest) -> Table:
    rows = []
    ranked = facts.ranking(digest.scores)
    counties = [s for s in ranked if s.is_county]
    departments = [s for s in digest.scores if not s.is_county]
    place = 0
    for s in counties:
        if s.reported:
            place += 1
        rows.append(_score_row(str(place) if s.reported else "—", s))
    for s in departments:
        rows.append(_score_row("不排名", s))
    return Table(ATTACHMENT_RANKING,
                 ["名次", "单位", "任务项数", "已完成", "正常推进", "进度滞后", "逾期未完成", "未报送",
                  "数据有误", "完成和正常推进占比", "平均完成率"],
                 rows, left_cols=(1,),
                 note=facts.RANKING_RULE + "州级部门承担的任务各不相同，单独列出，不参与排名。")


def _score_row(place: str, s: facts.UnitScore) -> list[str]:
    c = s.counts
    status = "" if s.reported else "（未报送）"
    return [place, s.unit + status, str(s.total), str(c[DONE]), str(c[ON_TRACK]), str(c[BEHIND]), str(c[OVERDUE]),
            str(c[MISSING]), str(c[INVALID]), f"{s.good_share:.0%}", percent(s.average_rate)]


SHORT_STATUS = {OVERDUE: "逾期", BEHIND: "滞后"}


def issues_table(result: CollectResult, plan: Plan, digest: facts.Digest) -> Table:
    rows = []
    for i in digest.issues:
        if i.status not in (OVERDUE, BEHIND):
            continue
        actual = facts.actual_text(plan.indicator(i.subject), i.actual) if i.kind == "indicator" else \
            fmt_number(i.actual)
        rows.append([str(len(rows) + 1), i.unit, i.text, i.target_text, actual,
                     table_date(i.deadline, result.as_of.year), SHORT_STATUS[i.status], i.shortfall])
    return Table(ATTACHMENT_ISSUES, ["序号", "单位", "任务", "目标", "完成", "完成时限", "状态", "差距"],
                 rows, left_cols=(2, 3, 7),
                 note="说明：先列逾期未完成，再列进度滞后；同类中离完成时限越近越靠前。"
                      "进度滞后指完成率低于时间进度（时间过半、任务未过半）。")


def submissions_table(result: CollectResult, plan: Plan) -> Table:
    rows = []
    order = {ACCEPTED: 1, REJECTED: 2, DUPLICATE: 3, NOT_RECEIVED: 0}
    subs = sorted(result.submissions, key=lambda s: order.get(s.status, 9))
    for s in subs:
        if s.status == NOT_RECEIVED:
            timing = "—"
        elif s.on_time is None:
            timing = "无法判断" if s.status == ACCEPTED else ""
        else:
            timing = "按时" if s.on_time else "逾期"
        rows.append([str(len(rows) + 1), s.unit or "无法识别", SUBMISSION_LABELS[s.status], s.file or "—",
                     table_date(_date(s.report_date), result.as_of.year) if s.report_date else "", timing,
                     str(s.findings) if s.status != NOT_RECEIVED else ""])
    return Table(ATTACHMENT_SUBMISSIONS, ["序号", "单位", "报送情况", "文件", "填报日期", "是否按时", "问题数"],
                 rows, left_cols=(3,),
                 note=f"说明：报送截止日为{date_cn(result.due)}；以填报表签署栏的填报日期判断是否按时。")


def _date(iso: str):
    from datetime import date

    return date.fromisoformat(iso)


def numbers_in(text: str) -> list[str]:
    """Every number written in a text (for tests and checks): '58', '78.4%', '10475.5'."""
    return re.findall(r"\d+(?:\.\d+)?%?", text)


__all__ = ["BAOGAO", "KINDS", "TONGBAO", "TO_LEADERS", "TO_UNITS", "BulletinDoc", "Section", "Table",
           "as_report", "attachments", "bulletin_document", "with_requests", "PREFECTURE"]
