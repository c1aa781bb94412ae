"""催报: before the deadline, which units have not sent their return yet, whom to call,
and a short 催报通知 (.docx, and plain text for a messaging app)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from docx.enum.text import WD_ALIGN_PARAGRAPH

from ..intake.files import list_returns
from ..intake.read import read_return
from ..layout import period_cn
from ..plan import Plan
from .gongwen import SIZE_5, Gongwen, date_cn
from .official import office_name
from .supervise import addressee


@dataclass(frozen=True)
class Pending:
    unit: str
    filler: str = ""
    phone: str = ""
    last_period: str = ""  # the month these contacts were given


def received_units(inbox: Path, plan: Plan, period: str) -> set[str]:
    """Units with a readable return of `period` in the inbox (read only to tell whose it is)."""
    found = set()
    for path in list_returns(Path(inbox)):
        try:
            ret = read_return(path, plan, period)
        except BaseException as exc:  # a bad file is simply not a return yet
            if isinstance(exc, (KeyboardInterrupt, SystemExit, MemoryError)):
                raise
            continue
        if ret.unit is not None and ret.readable and not any(f.severity == "error" and f.code in REFUSALS
                                                              for f in ret.findings):
            found.add(ret.unit)
    return found


# A file with one of these is no return of this month (collect rejects it too).
REFUSALS = {"plan-mismatch", "template-version-mismatch", "period-mismatch", "unit-unknown"}


def pending(plan: Plan, received: set[str], contacts: dict[str, dict[str, str]]) -> list[Pending]:
    out = []
    for unit in plan.unit_names:
        if unit in received:
            continue
        c = contacts.get(unit, {})
        out.append(Pending(unit, c.get("filler", "") or "", c.get("phone", "") or "", c.get("period", "") or ""))
    return out


def notice_text(plan: Plan, period: str, units: list[Pending], day: date) -> str:
    """The 催报 as a short message for a messaging group."""
    due = plan.due_date(period)
    names = "、".join(u.unit for u in units)
    when = (f"请于{date_cn(due)}前报送" if day <= due else f"已超过报送截止日（{date_cn(due)}），请立即报送")
    lines = [f"【催报提醒】截至{date_cn(day)}，{names}尚未报送{period_cn(period)}沪滇扶贫协作挂牌督战填报表，"
             f"{when}（纸质和电子版同时报送{office_name(plan)}）。"]
    for u in units:
        who = "，".join(x for x in (u.filler, u.phone) if x)
        if who:
            lines.append(f"{u.unit}：{who}")
    return "\n".join(lines)


def write_notice(plan: Plan, period: str, units: list[Pending], day: date, folder: Path,
                 contact: str = "") -> tuple[Path, Path]:
    """催报通知_<period>.docx and .txt in `folder`."""
    folder = Path(folder)
    office = office_name(plan)
    due = plan.due_date(period)
    g = Gongwen()
    g.blank(1)
    title = f"关于报送{period_cn(period)}沪滇扶贫协作挂牌督战填报表的催报通知"
    g.title(title)
    g.addressee("、".join(addressee(plan, u.unit) for u in units) + "：")
    g.body(f"按照《{plan.title}》（{plan.document}）要求，各县、各有关州级部门应于每月{plan.report_day}日前"
           f"将填报表纸质和电子版同时报送{office}。截至{date_cn(day)}，你单位尚未报送{period_cn(period)}填报表。")
    if day <= due:
        g.body(f"请于{date_cn(due)}前报送。逾期未报送的，将在本月通报中点名。")
    else:
        g.body(f"报送截止日（{date_cn(due)}）已过，请立即报送，并说明未按时报送的原因。")
    if contact:
        g.body(f"联系人及电话：{contact}。")
    g.signature(office, day)
    g.blank(1)
    g.paragraph("附：未报送单位及上月填报人", align=WD_ALIGN_PARAGRAPH.LEFT).paragraph_format.first_line_indent = 0
    g.table(["序号", "单位", "上月填报人", "联系电话"],
            [[str(i + 1), u.unit, u.filler or "—", u.phone or "—"] for i, u in enumerate(units)],
            left_cols=(1,), size=SIZE_5)
    docx = g.save(folder / f"催报通知_{period}.docx", title=title, author=office, day=day)
    txt = folder / f"催报通知_{period}.txt"
    txt.write_text(notice_text(plan, period, units, day) + "\n", encoding="utf-8-sig")
    return docx, txt
