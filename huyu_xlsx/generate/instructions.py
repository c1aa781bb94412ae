"""The 填报说明 sheet: whose workbook this is, when it is due, how to fill it and send it."""
from __future__ import annotations

from dataclasses import dataclass

from .. import layout
from ..plan import Plan
from ..layout import date_cn
from .cells import Carried, source_cn
from .page import protect, setup_page
from ..textwidth import text_height
from .styles import FONT_SIZE, LEGEND, PREFILL_LEGEND, Styles

LABEL_WIDTH, TEXT_WIDTH = 12, 72  # A4 portrait

SHEET_NOTES = {
    "progress": "本单位承担的各项目标任务。“目标任务”“完成时限”由计划下达；请填写累计完成数、完成日期、"
                "进展情况、存在问题和下步措施，并在表下方填写填报人、联系电话、分管领导和填报日期。",
    "key_projects": "500万元以上州级督战重点项目：填写项目名称、投资、上海帮扶资金、已拨付资金、工程进度、"
                    "开工和完工日期、验收审计情况。资金拨付率自动计算。",
    "projects": "上海市及嘉定区帮扶项目逐个填报；“是否完工”选“是”的项目数自动计入任务进度表的完成数。",
    "rectification": "巡视、考核、审计等发现问题的整改清单，每个问题一行。未标“已整改”的问题数自动计入"
                     "任务进度表（方案要求全面“清零”）。",
    "cases": "特色亮点和典型做法案例，每个案例一行；已填案例数自动计入任务进度表。",
}

HOW_TO_FILL = (
    "只在浅黄色单元格中填写；其余单元格已锁定，不能也不要改动。不要插入或删除行、列，不要改工作表名称。",
    "数字只填阿拉伯数字，不带单位和文字，如“15”，不要写“15人”“约15”“十五”。金额按表头所示单位（万元、亿元）填写。",
    "日期写成 2020-08-30 的形式。",
    "“累计完成”填截至本月{report_day}日（统计截止日，与报送截止日相同）的累计数（从年初或任务下达起累计），"
    "不是当月新增数。",
    "“完成与否”类任务在下拉列表中选“是”或“否”；“比上年增长”类任务同时填写“上年数”，"
    "其“完成率”为本年数除以上年数（超过100%才算增长）。",
    "问题整改、亮点案例表没有内容可填的，在表下方“本单位无未整改问题”“本月暂无亮点案例”处选“是”；"
    "空白视为未报送，不当作 0。",
    "没有进展的项目也要填写“进展情况”和“存在问题”，不要留空。",
    "不要另存为其他格式后再改回，也不要改文件名；保存为 Excel 工作簿（.xlsx）即可。",
    "问题整改表有 {rectification_rows} 行、亮点案例表至少 {case_rows_min} 行，一般够用，请不要插入行；确实不够时，"
    "多出的内容写进最后一行（一格内可写多条）并报州沪滇办。文字多时行高会随填写自动增加，打印时文字完整。",
)


@dataclass(frozen=True)
class PrefillNotice:
    """What 填报说明 says about a prefilled workbook."""

    carried: Carried
    withheld: list[tuple[str, str]]  # (where, note) of each value not carried


def prefill_lines(notice: PrefillNotice, report_day: int) -> list[str]:
    """The 预填说明 paragraphs: what was prefilled and from when, and what was not and why."""
    month = source_cn(notice.carried)
    lines = []
    if notice.carried:
        lines.append(f"本表已用台账预填本单位{month}报送的数（浅橙色单元格，共 {len(notice.carried)} 个）。"
                     f"这些是{month}的数，不是本月的数：请逐项核实，更新为截至本月{report_day}日的累计数；"
                     "确实没有变化的，核实后保留即可。")
    if notice.withheld:
        lines.append(f"{month}所填的下列 {len(notice.withheld)} 个数有误，本月没有预填（单元格留空，"
                     "并加了批注，鼠标移到单元格上即可看到），请重新填写：")
        lines += [f"{where}：{note}" for where, note in notice.withheld]
    return lines


def write_instructions(workbook, styles: Styles, plan: Plan, unit: str, period: str,
                       sheets: tuple[layout.Sheet, ...], prefill: PrefillNotice | None = None) -> None:
    ws = workbook.add_worksheet(layout.INSTRUCTIONS_TITLE)
    period_cn = layout.period_cn(period)
    due = date_cn(plan.due_date(period))
    full_name = plan.unit(unit).full_name
    ws.set_column(0, 0, LABEL_WIDTH)
    ws.set_column(1, 1, TEXT_WIDTH)
    label, text, head = styles.label, styles.text, styles.get(bold=True, font_size=12)

    row = 0
    ws.set_row(0, 30)
    ws.merge_range(0, 0, 0, 1, f"{unit}沪滇扶贫协作挂牌督战月度填报表（{period_cn}）", styles.title)
    row = 2
    facts = (
        ("填报单位", full_name if full_name == unit else f"{full_name}（{unit}）"),
        ("报告期", period_cn),
        ("报送截止", f"{due}前（每月{plan.report_day}日前报送）"),
        ("依据", f"{plan.title}（{plan.document}）"),
        ("报送至", plan.office),
    )
    for name, value in facts:
        _line(ws, row, name, value, label, text)
        row += 1

    if prefill is not None:
        row += 1
        ws.write_string(row, 0, "预填说明", head)
        row += 1
        for item in prefill_lines(prefill, plan.report_day):
            _line(ws, row, None, item, label, text)
            row += 1

    row += 1
    ws.write_string(row, 0, "本表包含", head)
    row += 1
    for sheet in sheets:
        _line(ws, row, sheet.title, SHEET_NOTES[sheet.key], label, text)
        row += 1

    row += 1
    ws.write_string(row, 0, "填写方法", head)
    row += 1
    for i, item in enumerate(HOW_TO_FILL, 1):
        if i == 1 and prefill is not None and prefill.carried:
            item = item.replace("只在浅黄色单元格中填写", "只在浅黄色和浅橙色单元格中填写")
        _line(ws, row, f"{i}.", item.format(report_day=plan.report_day, rectification_rows=layout.RECTIFICATION_ROWS,
                                                case_rows_min=layout.CASE_ROWS_MIN), label, text)
        row += 1

    row += 1
    ws.write_string(row, 0, "颜色说明", head)
    row += 1
    legend = list(LEGEND)
    if prefill is not None and prefill.carried:
        fill, meaning = PREFILL_LEGEND
        legend.insert(1, (fill, meaning.format(month=source_cn(prefill.carried))))
    for fill, meaning in legend:
        ws.write_blank(row, 0, None, styles.boxed(fg_color=fill) if fill else styles.boxed())
        _line(ws, row, None, meaning, label, text)
        row += 1

    row += 1
    ws.write_string(row, 0, "报送要求", head)
    row += 1
    for item in (
        f"纸质和电子版同时报送：填好后打印（A4 横向），由填报人、分管领导签字并加盖单位公章，"
        f"于{due}前将纸质件和电子版（本 Excel 文件）一并报送{plan.office}。",
        "工作表已保护（无密码），只为防止误改计划数据；确需调整格式时可在“审阅”中撤消工作表保护，"
        "但不要改动锁定的内容。",
        f"如有疑问，请联系{plan.office}。",
    ):
        _line(ws, row, None, item.format(report_day=plan.report_day), label, text)
        row += 1

    ws.print_area(0, 0, row - 1, 1)
    setup_page(ws, unit, period_cn, None, [LABEL_WIDTH, TEXT_WIDTH], portrait=True)
    protect(ws)
    ws.activate()


def _line(ws, row: int, name: str | None, value: str, label_fmt, text_fmt) -> None:
    """A label and its text on one row, tall enough for the wrapped text to print whole."""
    if name is not None:
        ws.write_string(row, 0, name, label_fmt)
    ws.write_string(row, 1, value, text_fmt)
    ws.set_row(row, max(text_height(value, TEXT_WIDTH, FONT_SIZE), text_height(name or "", LABEL_WIDTH, FONT_SIZE)))
