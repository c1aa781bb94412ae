"""The one description of the fill-in workbook: sheets, columns, input cells, lists.

The generator writes from this description and the reader finds every field through it
(sheet title, header text, row key), never through fixed coordinates, so the two cannot
drift apart. Bump TEMPLATE_VERSION whenever a change here would confuse an older reader.
"""
from __future__ import annotations

from dataclasses import dataclass

from .plan import Indicator, Plan, fmt_number

TEMPLATE_VERSION = "1"

# Column kinds. "fixed" cells come from the plan and are locked; "formula" cells are
# computed in Excel and never read back (their cached value is unreliable: python-calamine
# reads the cached result, which xlsxwriter writes as 0); every other kind is an input cell.
FIXED, FORMULA, TEXT, NUMBER, PERCENT, DATE, CHOICE = (
    "fixed", "formula", "text", "number", "percent", "date", "choice")
INPUT_KINDS = (TEXT, NUMBER, PERCENT, DATE, CHOICE)

# Dropdown lists live on the hidden LISTS sheet (an inline list over 255 characters makes
# Excel repair the file), one column per list.
YES, NO = "是", "否"
LISTS: dict[str, tuple[str, ...]] = {
    "yesno": (YES, NO),
    "rectify_status": ("已整改", "整改中", "未整改"),
    "rectify_source": (
        "中央脱贫攻坚专项巡视",
        "巡视“回头看”",
        "脱贫攻坚成效考核",
        "东西部扶贫协作成效评价",
        "脱贫攻坚全覆盖审计",
        "问题大排查专项行动",
        "省纪委监委移交问题线索",
        "其他",
    ),
}
RECTIFIED = "已整改"


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    kind: str
    width: float  # in Excel character units, sized for the Chinese header and typical text
    choices: str | None = None  # key into LISTS for CHOICE columns
    prompt: str = ""  # input message shown by Excel when the cell is selected
    hidden: bool = False  # kept for the reader (row keys), neither shown nor printed

    @property
    def is_input(self) -> bool:
        return self.kind in INPUT_KINDS


@dataclass(frozen=True)
class Sheet:
    key: str
    title: str
    heading: str  # printed title; "{unit}" and "{period_cn}" are filled in
    row_key: str  # the column whose value identifies a row (indicator id, project id, 序号)
    columns: tuple[Column, ...]

    def column(self, key: str) -> Column:
        return next(c for c in self.columns if c.key == key)

    def index(self, key: str) -> int:
        return next(i for i, c in enumerate(self.columns) if c.key == key)


# Rows on every data sheet: a printed title, a subtitle, then the header row.
TITLE_ROW, SUBTITLE_ROW, HEADER_ROW = 0, 1, 2
FIRST_DATA_ROW = 3

PROGRESS = Sheet(
    key="progress",
    title="任务进度",
    heading="{unit}沪滇扶贫协作挂牌督战任务进度表（{period_cn}）",
    row_key="id",
    columns=(
        Column("seq", "序号", FIXED, 5),
        Column("id", "指标编号", FIXED, 12, hidden=True),
        Column("section", "任务来源", FIXED, 8),
        Column("text", "任务内容", FIXED, 24),
        Column("unit", "计量单位", FIXED, 6),
        Column("target", "目标任务", FIXED, 10),
        Column("deadline", "完成时限", FIXED, 11),
        Column("baseline", "上年数", NUMBER, 8, prompt="仅“比上年增长”类指标填写上年全年数。"),
        Column("actual", "累计完成", NUMBER, 9, prompt="填写截至本月{report_day}日（统计截止日）的累计数，只填数字，不填单位。"),
        Column("rate", "完成率", FORMULA, 7),
        Column("done_date", "完成日期", DATE, 11, prompt="全部完成时填写，格式 2020-08-30。"),
        Column("progress", "进展情况", TEXT, 16),
        Column("problems", "存在问题", TEXT, 14),
        Column("next_steps", "下步措施", TEXT, 14),
    ),
)

KEY_PROJECTS = Sheet(
    key="key_projects",
    title="重点项目",
    heading="{unit}500万元以上重点项目推进及资金拨付情况（{period_cn}）",
    row_key="id",
    columns=(
        Column("seq", "序号", FIXED, 5),
        Column("id", "项目编号", FIXED, 12),
        Column("name", "项目名称", TEXT, 28, prompt="填写项目全称。"),
        Column("investment", "总投资（万元）", NUMBER, 11),
        Column("allocated", "上海帮扶资金（万元）", NUMBER, 12),
        Column("disbursed", "已拨付资金（万元）", NUMBER, 12, prompt="累计已拨付数，不得超过上海帮扶资金。"),
        Column("disbursement_rate", "资金拨付率", FORMULA, 9),
        Column("works_progress", "工程进度（%）", PERCENT, 9, prompt="填 0–100 之间的数字，如 85。"),
        Column("start_date", "开工日期", DATE, 11),
        Column("finish_date", "完工日期", DATE, 11),
        Column("accepted", "是否验收", CHOICE, 8, choices="yesno"),
        Column("audited", "是否审计", CHOICE, 8, choices="yesno"),
        Column("remarks", "备注", TEXT, 16),
    ),
)

PROJECTS = Sheet(
    key="projects",
    title="帮扶项目",
    heading="{unit}上海市及嘉定区帮扶项目完成情况（{period_cn}）",
    row_key="id",
    columns=(
        Column("seq", "序号", FIXED, 5),
        Column("id", "项目编号", FIXED, 12),
        Column("name", "项目名称", TEXT, 30, prompt="填写项目全称。"),
        Column("funds", "帮扶资金（万元）", NUMBER, 11),
        Column("works_progress", "工程进度（%）", PERCENT, 9, prompt="填 0–100 之间的数字，如 85。"),
        Column("completed", "是否完工", CHOICE, 8, choices="yesno"),
        Column("finish_date", "完工日期", DATE, 11),
        Column("remarks", "备注", TEXT, 18),
    ),
)

RECTIFICATION = Sheet(
    key="rectification",
    title="问题整改",
    heading="{unit}问题整改清单（{period_cn}）",
    row_key="seq",
    columns=(
        Column("seq", "序号", FIXED, 5),
        Column("source", "问题来源", CHOICE, 18, choices="rectify_source"),
        Column("description", "问题描述", TEXT, 32),
        Column("measure", "整改措施", TEXT, 28),
        Column("status", "整改状态", CHOICE, 9, choices="rectify_status",
               prompt="已整改 / 整改中 / 未整改。方案要求2020年6月30日前全面清零。"),
        Column("done_date", "整改完成日期", DATE, 12),
        Column("owner", "责任人", TEXT, 10),
    ),
)

CASES = Sheet(
    key="cases",
    title="亮点案例",
    heading="{unit}特色亮点和典型做法案例（{period_cn}）",
    row_key="seq",
    columns=(
        Column("seq", "序号", FIXED, 5),
        Column("name", "案例名称", TEXT, 28),
        Column("practice", "主要做法", TEXT, 40),
        Column("effect", "取得成效", TEXT, 34),
    ),
)

DATA_SHEETS = (PROGRESS, KEY_PROJECTS, PROJECTS, RECTIFICATION, CASES)
INSTRUCTIONS_TITLE = "填报说明"
LISTS_TITLE = "_选项"
IDENTITY_TITLE = "_标识"

# The identity sheet: one key per row in column A, its value in column C (B is a Chinese label).
IDENTITY_FIELDS = (
    ("product", "工具"),
    ("plan_id", "计划编号"),
    ("plan_fingerprint", "计划指纹"),
    ("unit", "填报单位"),
    ("period", "报告期"),
    ("template_version", "模板版本"),
)
PRODUCT = "huyu_xlsx"

# The sign-off block under 任务进度: each value sits in the cell right of its label.
SIGNOFF = (
    ("filler", "填报人"),
    ("phone", "联系电话"),
    ("leader", "分管领导"),
    ("report_date", "填报日期"),
)
STAMP_LABEL = "单位（盖章）"

# A blank detail sheet is "not reported", never zero: a unit with nothing to list says so in a
# 是/否 cell under the rows (label in `label_column`, the answer right of it).
@dataclass(frozen=True)
class Declaration:
    key: str
    label: str
    label_column: str
    prompt: str


DECLARATIONS: dict[str, Declaration] = {
    "rectification": Declaration("no_open_issues", "本单位无未整改问题（是/否）", "description",
                                 "本单位确无未整改问题时选“是”；有问题的请逐条填在上表。空白视为未报送。"),
    "cases": Declaration("no_cases", "本月暂无亮点案例（是/否）", "name",
                         "本月确无案例可报时选“是”；有案例的请填在上表。空白视为未报送。"),
}


def declaration_cell(plan: Plan, unit: str, sheet: Sheet) -> tuple[int, int] | None:
    """(row, column) of the 是/否 answer under a detail sheet's rows, or None."""
    dec = DECLARATIONS.get(sheet.key)
    if dec is None:
        return None
    return FIRST_DATA_ROW + len(row_keys(plan, unit, sheet)) + 1, sheet.index(dec.label_column) + 1


# Room for a real month: rows may not be inserted (the sheets are protected and the reader
# counts these rows), so there are enough of them; 填报说明 says so.
RECTIFICATION_ROWS = 30
CASE_ROWS_MIN = 10
CASE_ROWS_EXTRA = 2  # blank rows beyond the unit's quota of cases


def period_cn(period: str) -> str:
    """'2020-08' -> '2020年8月'."""
    year, month = period.split("-")
    return f"{int(year)}年{int(month)}月"


def date_cn(day) -> str:
    """date(2020, 8, 30) -> '2020年8月30日'; no date -> '（未定）'."""
    return f"{day.year}年{day.month}月{day.day}日" if day else "（未定）"


def file_name(unit: str, period: str) -> str:
    return f"{period}_{unit}_沪滇协作督战填报表.xlsx"


def sheets_for(plan: Plan, unit: str) -> tuple[Sheet, ...]:
    """The data sheets this unit's workbook has (no empty 重点项目 or 帮扶项目 sheet)."""
    out = [PROGRESS]
    if plan.key_projects.count_for(unit):
        out.append(KEY_PROJECTS)
    if plan.projects_for(unit):
        out.append(PROJECTS)
    out += [RECTIFICATION, CASES]
    return tuple(out)


def key_project_ids(plan: Plan, unit: str) -> list[str]:
    kp = plan.key_projects
    ids = [f"KP-{unit}-{i:02d}" for i in range(1, kp.counties.get(unit, 0) + 1)]
    if unit == kp.prefecture_reporter:
        ids += [f"KP-州级-{i:02d}" for i in range(1, kp.prefecture_count + 1)]
    return ids


def project_ids(plan: Plan, unit: str) -> list[str]:
    return [f"P-{unit}-{i:02d}" for i in range(1, plan.projects_for(unit) + 1)]


def case_rows(plan: Plan, unit: str) -> int:
    quota = max(
        (int(ind.target_for(unit) or 0) for ind in plan.indicators_for(unit) if ind.source == "cases"),
        default=0,
    )
    return max(quota + CASE_ROWS_EXTRA, CASE_ROWS_MIN)


def row_keys(plan: Plan, unit: str, sheet: Sheet) -> list[str]:
    """The row keys a sheet is generated with, in order."""
    if sheet is PROGRESS:
        return [ind.id for ind in plan.indicators_for(unit)]
    if sheet is KEY_PROJECTS:
        return key_project_ids(plan, unit)
    if sheet is PROJECTS:
        return project_ids(plan, unit)
    if sheet is RECTIFICATION:
        return [str(i) for i in range(1, RECTIFICATION_ROWS + 1)]
    if sheet is CASES:
        return [str(i) for i in range(1, case_rows(plan, unit) + 1)]
    raise ValueError(sheet.key)


def progress_cell_kind(ind: Indicator, column: Column) -> str:
    """What kind of cell a 任务进度 column is on this indicator's row.

    The baseline is asked only of growth indicators; the actual of a milestone is 是/否;
    the actual of an indicator counted from another sheet is a formula there.
    """
    if column.key == "baseline":
        return NUMBER if ind.rule == "growth" else FIXED
    if column.key == "actual":
        if ind.source != "input":
            return FORMULA
        return CHOICE if ind.is_milestone else NUMBER
    return column.kind


def target_cell_value(ind: Indicator, unit: str) -> float | str:
    """What the locked 目标任务 cell holds: a number the rate formula can use, or a text."""
    value = ind.target_for(unit)
    if ind.counted_target and value is not None:
        return value
    if ind.split == "none" and ind.target is not None:
        return f"全州{fmt_number(ind.target)}（未分县）"
    return ind.target_text(unit)
