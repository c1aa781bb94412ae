"""What the month's 通报 (or 报告) says, as report/bulletin.py's BulletinDoc, and its 附件 tables.

The wording is report/bulletin.py's (`bulletin_document`: title, opening, sections of heading
and paragraphs, closing), so the pasted text and the Word document say the same. This module
adds what only the document has: its 附件 tables from facts.Digest, a pointer to them and to
the 督办单 in 下步工作要求, and the upward wording of the 报告.
"""
from __future__ import annotations

from dataclasses import dataclass, replace

from ..checks.judge import BEHIND, DONE, INVALID, MISSING, ON_TRACK, OVERDUE, STATUS_LABELS
from ..collect import ACCEPTED, DUPLICATE, NOT_RECEIVED, PREFECTURE, REJECTED, SUBMISSION_LABELS, CollectResult
from ..layout import date_cn
from ..plan import Plan, fmt_number
from ..report import facts
from ..report.bulletin import CN_DIGITS, BulletinDoc, Section, bulletin_document

TONGBAO, BAOGAO = "通报", "报告"
KINDS = (TONGBAO, BAOGAO)

# 主送
TO_UNITS = "各县沪滇扶贫协作领导小组，州沪滇扶贫协作领导小组各成员单位："
TO_LEADERS = "州委、州政府："


def _cn(n: int) -> str:
    return CN_DIGITS[n - 1] if 1 <= n <= len(CN_DIGITS) else str(n)


def with_requests(doc: BulletinDoc, plan: Plan, kind: str, orders: int, attachments: dict[str, int],
                  reply_by=None) -> BulletinDoc:
    """The last section (下步工作要求): the bulletin's own requests, then where the lagging items
    are listed (附件) and the 督办单 sent with the document. A 报告 says instead what the office
    will do (下步工作打算).

    `orders` is the number of 督办单 issued with the document; `attachments` maps an
    attachment's name to its number.
    """
    lagging = attachments.get(ATTACHMENT_ISSUES)
    sections = [s for s in doc.sections if "下步工作" not in s.heading]
    requests = next((s for s in doc.sections if "下步工作" in s.heading), None)
    n = len(sections) + 1
    if kind == TONGBAO:
        paras = list(requests.paragraphs) if requests else []
        extra = []
        if lagging:
            extra.append(f"逾期未完成和进度滞后事项逐项列于附件{lagging}")
        if orders:
            due = f"于{date_cn(reply_by)}前" if reply_by else "按时"
            extra.append(f"对有关事项的{orders}个单位已逐一印发督办单，请{due}将办理情况书面反馈{plan.office}")
        if extra:
            paras.append("；".join(extra) + "。")
        sections.append(Section(f"{_cn(n)}、下步工作要求", paras))
    else:
        see = f"（见附件{lagging}）" if lagging else ""
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
    ("对照本通报", "对照通报"),
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
    """附件1: the headline figures of 全州 against target; the unit of measure in brackets after
    each indicator, as statistical tables put it; who is not counted said once under the table."""
    rows = []
    notes: dict[str, list[str]] = {}
    year = result.as_of.year
    deadlines = {ind.id: ind.deadline for ind in plan.indicators}
    ids = {label: iid for iid, label in facts.HEADLINES}
    heads = facts.headlines(result, plan)
    for h in heads:
        iid = ids.get(h.label)
        deadline = deadlines.get(iid) if iid else None
        rows.append([str(len(rows) + 1), f"{h.label}（{h.unit}）", h.target_text or fmt_number(h.target),
                     "" if h.actual is None else fmt_number(h.actual), percent(h.rate),
                     table_date(deadline, year), STATUS_LABELS.get(h.status, "")])
        if h.note:
            notes.setdefault(h.note, []).append(h.label)
    totals = facts.project_totals(result.projects)
    if totals.count:
        deadline = table_date(plan.key_projects.deadline, year)
        rows.append([str(len(rows) + 1), "州级督战重点项目上海帮扶资金拨付（万元）", fmt_number(round(totals.allocated, 2)),
                     fmt_number(round(totals.disbursed, 2)), percent(totals.rate), deadline, ""])
        rows.append([str(len(rows) + 1), "州级督战重点项目工程完工（个）", str(totals.count), str(totals.works_done),
                     percent(totals.works_done / totals.count), deadline, ""])
    said = []
    for note, labels in notes.items():
        said.append(f"{'各项指标' if len(labels) == len(heads) else '、'.join(labels)}{note}")
    if totals.count and totals.note:
        said.append(f"重点项目{totals.note}（拨付资金按{totals.usable}个项目合计）")
    return Table(ATTACHMENT_HEADLINES, ["序号", "指标（单位）", "目标", "完成", "完成率", "完成时限", "状态"],
                 rows, left_cols=(1,),
                 note=f"说明：统计截止{date_cn(result.as_of)}；全州数为各单位已报送数之和" +
                      "".join(f"；{x}" for x in said) + "。")


def ranking_table(digest: facts.Digest) -> Table:
    rows = []
    ranked = facts.ranking(digest.scores)
    place = 0
    for s in (s for s in ranked if s.is_county):
        if s.reported:
            place += 1
        rows.append(_score_row(str(place) if s.reported else "未报送", s))
    for s in (s for s in digest.scores if not s.is_county):
        rows.append(_score_row("不排名", s))
    return Table(ATTACHMENT_RANKING,
                 ["名次", "单位", "评判项数", "已完成", "正常推进", "进度滞后", "逾期未完成", "未报送",
                  "数据有误", "得分"],
                 rows, left_cols=(1,),
                 note=facts.RANKING_RULE + "州级部门承担的任务各不相同，单独列出，不参与排名。")


def _score_row(place: str, s: facts.UnitScore) -> list[str]:
    c = s.counts
    score = fmt_number(s.score) if s.reported else "—"
    return [place, s.unit, str(s.total), str(c[DONE]), str(c[ON_TRACK]), str(c[BEHIND]), str(c[OVERDUE]),
            str(c[MISSING]), str(c[INVALID]), score]


SHORT_STATUS = {OVERDUE: "逾期", BEHIND: "滞后"}


def issues_table(result: CollectResult, plan: Plan, digest: facts.Digest) -> Table:
    rows = []
    for i in digest.issues:
        if i.status not in (OVERDUE, BEHIND) or i.kind not in ("indicator", "project"):
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


__all__ = ["BAOGAO", "KINDS", "TONGBAO", "TO_LEADERS", "TO_UNITS", "BulletinDoc", "Section", "Table",
           "as_report", "attachments", "bulletin_document", "with_requests", "PREFECTURE"]
