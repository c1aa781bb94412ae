"""督办单: one printable page per unit that has something to answer for this month.

A unit gets one when it did not report, has an overdue, lagging, unreadable or unreported
item, a milestone due soon (the items 研判 and 调度 list), or data problems (errors and
warnings) in its return. Each lists the items (task, target, actual, deadline, days left, what is required),
the data problems (sheet, cell, what was typed, what to fix), the date to reply or resubmit
by, and the office's contact. Everything comes from the judged result, so a ledger month
gives the same 督办单 as the collect that recorded it.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt

from ..findings import CATALOGUE, ERROR, WARNING
from ..checks.judge import BEHIND, INVALID, MISSING, OVERDUE
from ..collect import ACCEPTED, CollectResult
from ..layout import period_cn
from ..plan import Plan, fmt_number
from ..report import facts
from .content import percent, table_date
from .gongwen import (FORM_LINE, KAITI, SIZE_2, SIZE_4, SIZE_5, STYLE_FORM, STYLE_FORM_HEADING, STYLE_TITLE,
                      TABLE_LINE, TEXT_HEIGHT, TEXT_WIDTH, Gongwen, date_cn, fit_widths)
from .official import DocOptions, office_name

TABLE_ROW_PAD_PT = 6.0  # borders and what LibreOffice adds to a row (measured: 4 lines of 13.5 pt print 60 pt high)

ITEM_HEADERS = ["序号", "任务", "目标", "完成", "完成时限", "剩余天数", "督办要求"]
ITEM_FLEX = (1, 2, 3, 6)
PROBLEM_HEADERS = ["序号", "工作表", "单元格", "原填内容", "问题", "更正要求"]
PROBLEM_FLEX = (3, 4, 5)


@dataclass(frozen=True)
class OrderItem:
    task: str
    target: str
    actual: str
    deadline: date | None
    days_left: int | None
    status: str
    requirement: str


@dataclass(frozen=True)
class OrderProblem:
    file: str
    sheet: str
    cell: str
    original: str
    problem: str
    fix: str
    severity: str


@dataclass(frozen=True)
class Order:
    unit: str
    addressee: str
    reported: bool
    late: str  # '' or the 填报日期 of a late return
    items: list[OrderItem]
    problems: list[OrderProblem]
    filler: str = ""
    phone: str = ""


def addressee(plan: Plan, unit: str) -> str:
    """Who a 督办单 is addressed to: a county's 沪滇扶贫协作领导小组, a department by its full name."""
    u = plan.unit(unit)
    return f"{u.name}沪滇扶贫协作领导小组" if u.is_county else u.full_name


def orders(result: CollectResult, plan: Plan, digest: facts.Digest | None = None) -> list[Order]:
    """The month's 督办单, in plan order; units with nothing to answer for get none.

    The items are the digest's issues (what 研判 and 调度 list: overdue, invalid, missing,
    behind, and milestones due soon), so the 督办单 and the summary never disagree.
    """
    digest = digest or facts.digest(result, plan)
    by_unit: dict[str, list[OrderItem]] = {}
    for i in digest.issues:
        if i.kind not in ("indicator", "project"):
            continue  # a unit that sent nothing: its 督办单 says so instead
        if i.kind == "indicator":
            actual = facts.actual_text(plan.indicator(i.subject), i.actual)
            target = i.target_text
            shortfall = "" if i.due_soon else i.shortfall
        else:
            actual = f"拨付{fmt_number(i.actual)}万元" if i.actual is not None else ""
            target = f"安排{fmt_number(i.target)}万元" if i.target else "完工、拨付"
            shortfall = i.shortfall
        # A project's shortfall (funds not disbursed, works progress) says more than one rate.
        rate = i.rate if i.kind == "indicator" else None
        by_unit.setdefault(i.unit, []).append(OrderItem(
            i.text, target, actual, i.deadline, i.days_left, i.status,
            _requirement(i.status, i.days_left, shortfall, rate, i.time_progress, i.due_soon)))
    problems: dict[str, list[OrderProblem]] = {}
    for f in result.findings:
        if f.severity not in (ERROR, WARNING) or f.code == "submission-missing" or not f.unit:
            continue
        problems.setdefault(f.unit, []).append(OrderProblem(
            f.file, f.sheet, f.cell, f.original, f.message, unit_action(f.code, plan), f.severity))
    subs = {s.unit: s for s in result.submissions if s.status == ACCEPTED}
    missing = set(facts.absent_units(result, plan))
    out = []
    for unit in plan.unit_names:
        reported = unit in subs
        items = by_unit.get(unit, []) if reported else []
        found = problems.get(unit, [])
        if not items and not found and unit not in missing:
            continue
        sub = subs.get(unit)
        late = sub.report_date or "" if sub is not None and sub.on_time is False else ""
        filler, phone = contact_of(result, unit)
        out.append(Order(unit, addressee(plan, unit), reported, late, items, found, filler, phone))
    return out


def _requirement(status: str, days: int | None, shortfall: str, rate, tp, near: bool) -> str:
    gap = f"{shortfall}，" if shortfall and not shortfall.startswith(("未报送", "数据有误")) else ""
    if status == OVERDUE:
        return f"{gap}请立即整改，书面说明未完成原因和完成时间。"
    if status == BEHIND:
        pace = f"完成率{percent(rate)}，低于时间进度{percent(tp)}；" if rate is not None and tp is not None else ""
        return f"{pace}{gap}请加快推进。"
    if status == INVALID:
        return "数据有误，请核实更正后重新报送。"
    if status == MISSING:
        return "未填报，请补填后重新报送。"
    if near:
        return f"距完成时限{days}天，尚未完成，请确保按期完成。"
    return gap.rstrip("，")


# Finding actions written for the office, rephrased for the unit that receives the 督办单.
UNIT_ACTIONS = {
    "submission-late": "今后请于每月{day}日前报送。",
    "submission-duplicate": "请确认以哪一份为准，并告知我办。",
    "identity-missing": "今后请在下发的填报表上直接填写，不要复制到新表。",
}


def unit_action(code: str, plan: Plan) -> str:
    if code in UNIT_ACTIONS:
        return UNIT_ACTIONS[code].format(day=plan.report_day)
    entry = CATALOGUE.get(code)
    action = entry.action if entry else "请核实。"
    return action.replace("请该单位", "请").replace("单位不得修改", "不得修改")


def contact_of(result: CollectResult, unit: str) -> tuple[str, str]:
    """填报人 and 联系电话 from the unit's accepted return (the ledger keeps them too)."""
    ret = result.returns.get(unit)
    if ret is None:
        return "", ""
    return signoff_text(ret.signoff.get("filler")), signoff_text(ret.signoff.get("phone"))


def signoff_text(v) -> str:
    if v is None or v.blank or v.error:
        return ""
    value = v.value
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, str):
        return value.strip()
    raw = v.raw
    return str(int(raw)) if isinstance(raw, float) and raw.is_integer() else str(raw if raw is not None else value)


def order_name(period: str, unit: str) -> str:
    return f"督办单_{period}_{unit}.docx"


def write_orders(result: CollectResult, plan: Plan, folder: Path, options: DocOptions,
                 the_orders: list[Order] | None = None, digest: facts.Digest | None = None) -> list[Path]:
    """Write one 督办单 per unit into `folder`; a unit's 督办单 left from an earlier run of the
    same month that no longer applies is removed, so the folder is exactly this month's set."""
    opts = options.resolved()
    folder = Path(folder)
    the_orders = orders(result, plan, digest) if the_orders is None else the_orders
    paths = []
    for number, order in enumerate(the_orders, start=1):
        paths.append(write_order(result, plan, order, number, folder / order_name(result.period, order.unit), opts))
    keep = {p.name for p in paths}
    for old in folder.glob(f"督办单_{result.period}_*.docx") if folder.is_dir() else ():
        if old.name not in keep:
            old.unlink()
    return paths


def write_order(result: CollectResult, plan: Plan, order: Order, number: int, path: Path,
                opts: DocOptions) -> Path:
    office = office_name(plan)
    period = period_cn(result.period)
    g = Gongwen(page_numbers=False)
    used = 0.0  # points of the page used so far, reckoned as written (every line is exact)

    def para(text: str, style: str = STYLE_FORM, indent: bool = True, **kw):
        nonlocal used
        p = g.paragraph(text, style, **kw)
        if not indent:
            p.paragraph_format.first_line_indent = Pt(0)
        used += form_lines(text, indent) * FORM_LINE.pt
        return p

    t = g.paragraph("沪滇扶贫协作挂牌督战督办单", STYLE_TITLE)
    t.paragraph_format.line_spacing = Pt(SIZE_2.pt * 1.5)
    used += SIZE_2.pt * 1.5
    para(f"（{period}　第{number}号）", align=WD_ALIGN_PARAGRAPH.CENTER, font=KAITI, indent=False)
    filler = "，".join(x for x in (order.filler, order.phone) if x) or "（未填写）"
    files = sorted({p.file for p in order.problems if p.file})
    info = [["本月填报人", filler, "办结时限", f"{date_cn(opts.reply_by)}前"]]
    if files:
        info.append(["填报表", "、".join(files), "", ""])
    head = ["被督办单位", order.addressee, "督办日期", date_cn(opts.day)]
    g.table(head, info, left_cols=(1,), size=SIZE_5, repeat_header=False, header_style=False,
            merge_last=bool(files))
    used += table_height(head, info[:1], (1,)) + (form_lines(info[1][1]) * TABLE_LINE.pt if files else 0)
    basis = f"根据{period}填报情况（统计截止{date_cn(result.as_of)}），"
    if not order.reported:
        text = (basis + f"你单位未报送{period}填报表。请于{date_cn(opts.reply_by)}前补报"
                "（纸质和电子版），并说明未按时报送的原因。")
    else:
        late = f"你单位填报表逾期报送（填报日期{date_cn(date.fromisoformat(order.late))}）；" if order.late else ""
        text = basis + late + "你单位以下事项需要督办，请认真遵照执行："
    p = para(text)
    p.paragraph_format.space_before = Pt(6)
    used += 6
    asks = [f"请于{date_cn(opts.reply_by)}前将办理情况书面报{office}"]
    if order.problems:
        asks.append("数据问题请在原填报表中更正后重新报送（纸质和电子版）")
    asks.append("逾期未办结的，将在下月通报中说明")
    contact = f"联系人及电话：{opts.contact or '　' * 12}"
    # 办理要求: heading, text, contact, then the signature (12 pt above it) and the date.
    tail = (1 + form_lines("；".join(asks) + "。") + form_lines(contact) + 2) * FORM_LINE.pt + 12
    budget = TEXT_HEIGHT.pt - used - tail - SAFETY_PT
    item_rows = [[str(i + 1), it.task, it.target, it.actual, table_date(it.deadline, result.as_of.year),
                  _days(it.days_left), it.requirement] for i, it in enumerate(order.items)]
    problem_rows = [[str(i + 1), p.sheet or "—", p.cell or "—", p.original or "—", p.problem, p.fix]
                    for i, p in enumerate(order.problems)]
    item_rows, problem_rows, left_out = fit_page(item_rows, problem_rows, budget)
    section = 0
    if item_rows:
        section += 1
        para(f"{_cn(section)}、督办事项（{len(order.items)}项）", STYLE_FORM_HEADING, indent=False)
        g.table(ITEM_HEADERS, item_rows, left_cols=ITEM_FLEX, size=SIZE_5)
    if problem_rows:
        section += 1
        para(f"{_cn(section)}、数据问题（{len(order.problems)}条）", STYLE_FORM_HEADING, indent=False)
        g.table(PROBLEM_HEADERS, problem_rows, left_cols=PROBLEM_FLEX, size=SIZE_5)
    if left_out:
        para(f"另有{left_out}项（条）未列出，详见本月通报附件和汇总表“调度”“数据问题”工作表。")
    section += 1
    para(f"{_cn(section)}、办理要求", STYLE_FORM_HEADING, indent=False)
    para("；".join(asks) + "。")
    para(contact)
    sign = para(f"{office}（盖章）", align=WD_ALIGN_PARAGRAPH.RIGHT, indent=False)
    sign.paragraph_format.space_before = Pt(12)
    d = para(date_cn(opts.day), align=WD_ALIGN_PARAGRAPH.RIGHT, indent=False)
    d.paragraph_format.right_indent = SIZE_4 * 2
    return g.save(path, title=f"督办单 {order.unit} {result.period}", author=office, day=opts.day)


FORM_CHARS = TEXT_WIDTH.pt / SIZE_4.pt  # 4号 characters a form line holds (31.6)
SAFETY_PT = 24.0  # what the reckoning may be short by (wrapping differs a little between programs)


def form_lines(text: str, indent: bool = True) -> int:
    from .gongwen import _width

    width = _width(text, latin=0.62) + (2 if indent else 0)
    return max(1, math.ceil(width / (FORM_CHARS - 0.5)))


def _days(days: int | None) -> str:
    if days is None:
        return "—"
    return f"逾期{-days}天" if days < 0 else f"{days}天"


def _cn(n: int) -> str:
    return "一二三四五六七八九十"[n - 1]


def table_height(headers: list[str], rows: list[list[str]], flexible: tuple[int, ...]) -> float:
    """Points a table takes: every cell's text wrapped at the column widths fit_widths gives
    (reckoned a little wide), on the tables' exact lines."""
    from .gongwen import _width

    widths = fit_widths(headers, rows, flexible, SIZE_5.pt, TEXT_WIDTH.mm)
    char_mm = SIZE_5.pt * 25.4 / 72

    def lines(text: str, width) -> int:
        per_line = max(1.0, math.floor((width.mm - 2.2) / char_mm * 2) / 2)
        return max(1, math.ceil(_width(text, latin=0.62) / per_line))

    total = 0.0
    for row in [headers, *rows]:
        total += max(lines(str(c), w) for c, w in zip(row, widths)) * TABLE_LINE.pt + TABLE_ROW_PAD_PT
    return total


def fit_page(items: list[list[str]], problems: list[list[str]], budget: float):
    """Keep the most urgent rows (they come first) while both tables fit `budget` points:
    items before data problems, each table keeping at least a row when it has any."""
    items, problems = list(items), list(problems)
    left_out = 0
    heading = FORM_LINE.pt

    def height():
        h = 0.0
        if items:
            h += heading + table_height(ITEM_HEADERS, items, ITEM_FLEX)
        if problems:
            h += heading + table_height(PROBLEM_HEADERS, problems, PROBLEM_FLEX)
        return h + (2 * FORM_LINE.pt if left_out else 0.0)

    while height() > budget and (len(items) > 1 or len(problems) > 1):
        if len(problems) > 1 and (len(problems) >= len(items) or len(items) <= 1):
            problems.pop()
        else:
            items.pop()
        left_out += 1
    return items, problems, left_out
