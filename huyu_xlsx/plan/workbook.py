"""The plan as a workbook an office officer can read and edit, and reading it back.

`write_plan_workbook` writes four sheets (指标, 计划信息, 重点项目, 督战表) and a 填写说明 sheet;
`read_plan_workbook` turns such a workbook back into the plain dict form of the YAML file, so that
`load_plan("plan.xlsx")` gives a Plan equal to the one exported. Columns are found by their header
text, so an officer may reorder them; every cell that cannot be read is a PlanError naming its
sheet and cell.
"""
from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path

from xlsxwriter.utility import xl_rowcol_to_cell

from ..outpath import WrongSuffix, output_path
from ..textwidth import display_width
from .load import PlanError, parse_plan_date, plan_from_dict
from .model import RULE_LABELS, RULES, SOURCES, SPLITS, Plan

SPLIT_LABELS = {
    "by_unit": "分单位下达",
    "each": "各单位相同",
    "none": "未分解",
    "sole": "单一单位",
}
SOURCE_LABELS = {
    "input": "任务进度",
    "projects": "帮扶项目",
    "rectification": "问题整改",
    "cases": "亮点案例",
}
# The reporters shorthands of the YAML ("counties", "all") under names an officer reads.
REPORTER_LABELS = {"counties": "各县", "all": "全部单位"}

# (YAML key, header) of the 指标 sheet; one column per reporting unit follows them.
INDICATOR_COLUMNS = (
    ("id", "编号"),
    ("section", "章节"),
    ("text", "任务"),
    ("unit", "计量单位"),
    ("rule", "评判规则"),
    ("target", "目标"),
    ("target_max", "目标上限"),
    ("split", "分解方式"),
    ("deadline", "完成时限"),
    ("start", "起算日期"),
    ("responsible", "责任单位"),
    ("reporters", "填报单位"),
    ("parent", "上级指标"),
    ("source", "数据来源"),
    ("note", "备注"),
)
# Rows of 计划信息: (YAML key, label). Counties and departments take one row each.
INFO_FIELDS = (
    ("id", "计划编号"),
    ("title", "方案名称"),
    ("document", "文号"),
    ("issuer", "印发单位"),
    ("office", "汇总办公室"),
    ("year", "年度"),
    ("issued", "印发日期"),
    ("report_day", "每月报送截止日"),
    ("due_soon_days", "临近时限提醒天数"),
    ("first_period", "首个报告期"),
    ("last_period", "末个报告期"),
    ("threshold", "州级督战重点项目标准"),
)
OPTIONAL_COLUMNS = frozenset({"start"})  # older plan workbooks lack them; the plan's default applies
INFO_COUNTY, INFO_DEPARTMENT = "县", "州级填报部门"
INFO_HEADERS = ("项目", "内容", "全称")
KP_HEADERS = ("督战对象", "项目数", "完成时限", "填报单位", "备注")
KP_TOTAL, KP_PREFECTURE = "各县合计", "州级统筹"
SUPERVISION_COLUMNS = (
    ("county", "督战县"),
    ("leaders", "州级领导"),
    ("lead_unit", "成员单位牵头部门"),
    ("responsible_persons", "责任人"),
    ("squad_leader", "督战小分队牵头人"),
)

FONT = "宋体"  # present on every Chinese Windows, in WPS and in LibreOffice's CJK fallback
A4 = 9
MAX_WIDTH = {"text": 40, "note": 40, "responsible": 30, "reporters": 24}


# ---------------------------------------------------------------------------------------- writing


def write_plan_workbook(plan: Plan, path) -> Path:
    """Write the plan to an .xlsx workbook; returns the path written. `path` is a file, or an
    existing folder to put 计划_<id>.xlsx in; a name without a suffix gets .xlsx, another
    suffix is refused (PlanError)."""
    import xlsxwriter
    from xlsxwriter.exceptions import XlsxWriterException

    try:
        path = output_path(path, ".xlsx", "计划工作簿", f"计划_{plan.id}.xlsx")
    except WrongSuffix as exc:
        raise PlanError(str(exc)) from exc
    # Officers' texts must never turn into formulas or links.
    wb = xlsxwriter.Workbook(str(path), {
        "strings_to_formulas": False,
        "strings_to_urls": False,
        "default_date_format": "yyyy-mm-dd",
        "default_format_properties": {"font_name": FONT, "font_size": 11},
    })
    fmt = _Formats(wb)
    _write_indicators(wb, fmt, plan)
    _write_info(wb, fmt, plan)
    _write_key_projects(wb, fmt, plan)
    _write_supervision(wb, fmt, plan)
    _write_help(wb, fmt, plan)
    try:
        wb.close()
    except (OSError, XlsxWriterException) as exc:
        from ..errors import describe_os_error

        inner = exc if isinstance(exc, OSError) else (exc.args[0] if exc.args else None)
        why = describe_os_error(inner, path) if isinstance(inner, OSError) else "写入出错"
        raise PlanError(f"无法写入计划工作簿 {path}：{why}。") from exc
    return path


class _Formats:
    """One format object per style, reused for every cell (a new format per cell is several times slower)."""

    def __init__(self, wb):
        base = {"font_name": FONT, "font_size": 11, "border": 1, "valign": "top"}
        self.header = wb.add_format({**base, "bold": True, "bg_color": "#D9E1F2", "text_wrap": True,
                                     "align": "center", "valign": "vcenter"})
        self.text = wb.add_format({**base, "text_wrap": True})
        self.number = wb.add_format({**base, "num_format": "General"})
        self.date = wb.add_format({**base, "num_format": "yyyy-mm-dd", "align": "left"})
        self.indent = [wb.add_format({**base, "text_wrap": True, "indent": n}) for n in range(4)]
        self.title = wb.add_format({"font_name": FONT, "font_size": 11, "bold": True})
        self.plain = wb.add_format({"font_name": FONT, "font_size": 11, "text_wrap": True, "valign": "top"})


class _Sheet:
    """A table sheet: header row, rows written cell by cell, widths from what was written."""

    def __init__(self, wb, fmt: _Formats, name: str, headers, max_widths=None, freeze_cols=0):
        self.ws = wb.add_worksheet(name)
        self.fmt = fmt
        self.headers = list(headers)
        self.widths = [display_width(h) for h in self.headers]
        self.max_widths = max_widths or {}
        self.rows = 0
        for col, head in enumerate(self.headers):
            self.ws.write_string(0, col, head, fmt.header)
        self.ws.freeze_panes(1, freeze_cols)
        self.ws.set_landscape()
        self.ws.set_paper(A4)
        self.ws.repeat_rows(0)
        self.ws.fit_to_pages(1, 0)
        self.ws.set_margins(left=0.5, right=0.5, top=0.6, bottom=0.6)

    def add_row(self, values, formats=None):
        self.rows += 1
        for col, value in enumerate(values):
            cell_fmt = (formats or {}).get(col)
            if value is None or value == "":
                self.ws.write_blank(self.rows, col, None, cell_fmt or self.fmt.text)
            elif isinstance(value, date):
                self.ws.write_datetime(self.rows, col, datetime(value.year, value.month, value.day),
                                       cell_fmt or self.fmt.date)
                self._widen(col, 10)
            elif isinstance(value, (int, float)):
                self.ws.write_number(self.rows, col, value, cell_fmt or self.fmt.number)
                self._widen(col, len(f"{value:g}"))
            else:
                self.ws.write_string(self.rows, col, str(value), cell_fmt or self.fmt.text)
                self._widen(col, display_width(value))

    def _widen(self, col, width):
        self.widths[col] = max(self.widths[col], width)

    def finish(self):
        for col, width in enumerate(self.widths):
            cap = self.max_widths.get(col, 60)
            self.ws.set_column(col, col, min(width, cap) + 2)
        self.ws.autofilter(0, 0, max(self.rows, 1), len(self.headers) - 1)
        return self.ws


def _join(names) -> str:
    return "、".join(names)


def _num(value):
    """Whole numbers as int, so the sheet shows 74, not 74.0."""
    if value is None:
        return None
    return int(value) if float(value).is_integer() else value


def _reporters_text(plan: Plan, reporters) -> str:
    if tuple(reporters) == plan.counties:
        return REPORTER_LABELS["counties"]
    if tuple(reporters) == plan.unit_names:
        return REPORTER_LABELS["all"]
    return _join(reporters)


def _depth(plan: Plan, ind) -> int:
    depth, cur = 0, ind
    while cur.parent and depth < 3:
        depth += 1
        cur = plan.indicator(cur.parent)
    return depth


def _write_indicators(wb, fmt, plan: Plan):
    keys = [k for k, _ in INDICATOR_COLUMNS]
    headers = [h for _, h in INDICATOR_COLUMNS] + list(plan.unit_names)
    caps = {keys.index(k): w for k, w in MAX_WIDTH.items()}
    sheet = _Sheet(wb, fmt, "指标", headers, caps, freeze_cols=keys.index("text") + 1)
    text_col = keys.index("text")
    for ind in plan.indicators:
        row = {
            "id": ind.id, "section": ind.section, "text": ind.text, "unit": ind.unit,
            "rule": RULE_LABELS[ind.rule], "target": _num(ind.target),
            "target_max": _num(ind.target_max), "split": SPLIT_LABELS[ind.split],
            "deadline": ind.deadline, "start": ind.start, "responsible": _join(ind.responsible),
            "reporters": _reporters_text(plan, ind.reporters), "parent": ind.parent,
            "source": SOURCE_LABELS[ind.source], "note": ind.note,
        }
        quotas = [_num(ind.targets.get(u)) for u in plan.unit_names]
        sheet.add_row([row[k] for k in keys] + quotas, {text_col: fmt.indent[_depth(plan, ind)]})
    last = max(sheet.rows, 1)
    # Dropdowns keep the coded columns to values the reader knows (each list well under 255 chars).
    for key, labels in (("rule", RULE_LABELS), ("split", SPLIT_LABELS), ("source", SOURCE_LABELS)):
        col = keys.index(key)
        sheet.ws.data_validation(1, col, last, col, {
            "validate": "list", "source": list(labels.values()),
            "error_title": "取值不对", "error_message": "请从下拉列表中选择。",
        })
    sheet.finish()


def _write_info(wb, fmt, plan: Plan):
    sheet = _Sheet(wb, fmt, "计划信息", INFO_HEADERS, {1: 50})
    values = {
        "id": plan.id, "title": plan.title, "document": plan.document, "issuer": plan.issuer,
        "office": plan.office, "year": plan.year, "issued": plan.issued,
        "report_day": plan.report_day, "due_soon_days": plan.due_soon_days, "first_period": plan.first_period,
        "last_period": plan.last_period, "threshold": plan.key_projects.threshold,
    }
    for key, label in INFO_FIELDS:
        sheet.add_row([label, values[key], ""])
    for unit in plan.units:
        if unit.is_county:
            sheet.add_row([INFO_COUNTY, unit.name, ""])  # a county is its own full name
        else:
            sheet.add_row([INFO_DEPARTMENT, unit.name, unit.full_name])
    sheet.finish()


def _write_key_projects(wb, fmt, plan: Plan):
    kp = plan.key_projects
    sheet = _Sheet(wb, fmt, "重点项目", KP_HEADERS, {4: 50})
    for county, count in kp.counties.items():
        sheet.add_row([county, count, kp.deadline, "", ""])
    sheet.add_row([KP_TOTAL, sum(kp.counties.values()), kp.deadline, "", ""])
    sheet.add_row([KP_PREFECTURE, kp.prefecture_count, kp.prefecture_deadline,
                   kp.prefecture_reporter, kp.note])
    sheet.finish()


def _write_supervision(wb, fmt, plan: Plan):
    sheet = _Sheet(wb, fmt, "督战表", ["序号"] + [h for _, h in SUPERVISION_COLUMNS])
    for n, row in enumerate(plan.supervision, 1):
        sheet.add_row([n, row.county, _join(row.leaders), row.lead_unit,
                       _join(row.responsible_persons), row.squad_leader])
    sheet.finish()


def _write_help(wb, fmt, plan: Plan):
    ws = wb.add_worksheet("填写说明")
    ws.set_column(0, 0, 100)
    ws.set_landscape()
    ws.set_paper(A4)
    lines = [
        (f"{plan.title}（{plan.document}）计划工作簿", fmt.title),
        ("本工作簿由 huyu plan export 导出，可直接修改后用 --plan 本文件 使用。列的顺序可以调整，标题文字不要改。", None),
        ("“指标”表：每行一项指标；右侧每个填报单位一列，为该单位的目标（空白表示无分解目标）。", None),
        ("评判规则：" + "、".join(RULE_LABELS.values()) + "。清零的目标为 0，完成与否的目标为 1。", None),
        ("分解方式：分单位下达（各单位目标相加等于总目标）、各单位相同（每个填报单位目标相同，总目标为其合计）、"
         "未分解（方案只给全州总数，单位列留空）、单一单位（只有一个填报单位，承担全部目标）。", None),
        ("填报单位：各县、全部单位，或用顿号分隔的单位名称。责任单位同样用顿号分隔。", None),
        ("数据来源：" + "、".join(SOURCE_LABELS.values()) + "（填报表中录入该指标的工作表）。", None),
        ("上级指标：本项为其子项时填写上级指标的编号；子项目标不得大于上级指标。", None),
        ("完成时限、印发日期：写成 2020-08-30 这样的日期。", None),
        ("“计划信息”表：县、州级填报部门每个一行；“重点项目”表：各县项目数、各县合计和州级统筹项目。", None),
    ]
    for row, (text, cell_fmt) in enumerate(lines):
        ws.write_string(row, 0, text, cell_fmt or fmt.plain)


# ---------------------------------------------------------------------------------------- reading


def read_plan_workbook(path) -> dict:
    """Read a workbook written by `write_plan_workbook` into the plan's plain dict form."""
    path = Path(path)
    sheets = _read_sheets(path)
    info = _read_info(sheets)
    units = info["counties"] + [d["name"] for d in info["departments"]]
    data = {k: v for k, v in info.items() if k != "threshold"}
    indicators, cells = _read_indicators(sheets, units, info["counties"])
    data["indicators"] = indicators
    data["key_projects"] = _read_key_projects(sheets, info.get("threshold"))
    data["supervision"] = _read_supervision(sheets) if "督战表" in sheets else []
    _check_quota_cells(plan_from_dict(data, path.name), cells)
    return data


def _read_sheets(path: Path) -> dict[str, list[list]]:
    from python_calamine import CalamineWorkbook

    try:
        with CalamineWorkbook.from_path(str(path)) as wb:
            return {name: wb.get_sheet_by_name(name).to_python(skip_empty_area=False)
                    for name in wb.sheet_names}
    except BaseException as exc:  # calamine's PanicException is not an Exception subclass
        if isinstance(exc, (KeyboardInterrupt, SystemExit)):
            raise
        raise PlanError(f"无法读取计划工作簿 {path.name}：{exc}") from exc


class _Table:
    """A sheet's rows with columns found by header text (Chinese header or YAML key)."""

    def __init__(self, sheets, name: str, columns, extra_ok=None):
        if name not in sheets:
            raise PlanError(f"计划工作簿中没有工作表“{name}”。")
        self.name = name
        rows = sheets[name]
        header = [_text(v) for v in rows[0]] if rows else []
        self.col: dict[str, int] = {}
        self.extra: dict[str, int] = {}
        aliases = {h: k for k, h in columns} | {k: k for k, _ in columns}
        for c, head in enumerate(header):
            if not head:
                continue
            if head in aliases and aliases[head] not in self.col:
                self.col[aliases[head]] = c
            elif extra_ok is not None and extra_ok(head) and head not in self.extra:
                self.extra[head] = c
            else:
                raise PlanError(f"工作表“{name}”{xl_rowcol_to_cell(0, c)}：列标题“{head}”无法识别或重复。")
        missing = [h for k, h in columns if k not in self.col and k not in OPTIONAL_COLUMNS]
        if missing:
            raise PlanError(f"工作表“{name}”缺少列：{'、'.join(missing)}。")
        width = len(header)
        self.rows = [
            (r, list(row) + [""] * (width - len(row)))
            for r, row in enumerate(rows[1:], 1)
            if any(_text(v) for v in row)
        ]

    def where(self, r: int, key_or_col) -> str:
        c = key_or_col if isinstance(key_or_col, int) else self.col[key_or_col]
        return f"工作表“{self.name}”{xl_rowcol_to_cell(r, c)}"


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _number(value, where: str) -> float | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool) or isinstance(value, (date, datetime)):
        raise PlanError(f"{where}：“{value}”不是数字。")
    try:
        return float(str(value).strip().replace(",", "")) if isinstance(value, str) else float(value)
    except ValueError:
        raise PlanError(f"{where}：“{value}”不是数字。") from None


def _int(value, where: str) -> int | None:
    number = _number(value, where)
    if number is None:
        return None
    if not number.is_integer():
        raise PlanError(f"{where}：“{value}”应为整数。")
    return int(number)


def _date(value, where: str) -> date | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, (int, float)) and not isinstance(value, bool) and 1 < value < 2958466:
        # A date cell whose format was lost reads as Excel's day serial number.
        return date(1899, 12, 30) + timedelta(days=int(value))
    return parse_plan_date(value, where)


def _coded(value, codes, labels: dict, what: str, where: str) -> str | None:
    text = _text(value)
    if not text:
        return None
    if text in codes:
        return text
    for code, label in labels.items():
        if text == label:
            return code
    raise PlanError(f"{where}：未知的{what}“{text}”（可填：{'、'.join(labels.values())}）。")


def _period(value, where: str) -> str:
    if isinstance(value, (date, datetime)):  # Excel turns a typed 2020-08 into a date
        return f"{value.year:04d}-{value.month:02d}"
    return _text(value)


def _read_info(sheets) -> dict:
    table = _Table(sheets, "计划信息", list(zip(("field", "value", "full_name"), INFO_HEADERS)))
    by_label = {label: key for key, label in INFO_FIELDS}
    out: dict = {"counties": [], "departments": []}
    for r, row in table.rows:
        label = _text(row[table.col["field"]])
        value = row[table.col["value"]]
        full = _text(row[table.col["full_name"]])
        where = table.where(r, "value")
        if label == INFO_COUNTY:
            if full:  # a county's name is its full name in the model; nothing typed may vanish
                raise PlanError(f"{table.where(r, 'full_name')}：县的全称一栏应留空。")
            out["counties"].append(_text(value))
        elif label == INFO_DEPARTMENT:
            out["departments"].append({"name": _text(value), "full_name": full or _text(value)})
        elif label in by_label:
            key = by_label[label]
            if key in ("year", "report_day", "due_soon_days"):
                out[key] = _int(value, where)
            elif key == "issued":
                out[key] = _date(value, where)
            elif key in ("first_period", "last_period"):
                out[key] = _period(value, where)
            else:
                out[key] = _text(value)
        else:
            raise PlanError(f"{table.where(r, 'field')}：无法识别的项目“{label}”。")
    return out


def _read_indicators(sheets, units: list[str], counties: list[str]):
    """The indicator dicts, and each indicator's quota cells for the consistency check."""
    table = _Table(sheets, "指标", INDICATOR_COLUMNS, extra_ok=lambda head: head in units)
    for unit in units:
        if unit not in table.extra:
            raise PlanError(f"工作表“指标”缺少填报单位“{unit}”的目标列。")
    indicators, cells = [], {}
    for r, row in table.rows:
        iid = _text(row[table.col["id"]])
        if not iid:
            raise PlanError(f"{table.where(r, 'id')}：缺少指标编号。")

        def where(key, r=r, iid=iid):
            return f"{table.where(r, key)}（指标 {iid}）"

        raw = {
            key: _text(row[table.col[key]])
            for key in ("id", "section", "text", "unit", "responsible", "parent", "note")
        }
        raw["rule"] = _coded(row[table.col["rule"]], RULES, RULE_LABELS, "评判规则", where("rule"))
        raw["split"] = _coded(row[table.col["split"]], SPLITS, SPLIT_LABELS, "分解方式", where("split"))
        raw["source"] = _coded(row[table.col["source"]], SOURCES, SOURCE_LABELS, "数据来源", where("source"))
        raw["target"] = _number(row[table.col["target"]], where("target"))
        raw["target_max"] = _number(row[table.col["target_max"]], where("target_max"))
        raw["deadline"] = _date(row[table.col["deadline"]], where("deadline"))
        if "start" in table.col:  # a plan workbook exported before 起算日期 existed has no column
            raw["start"] = _date(row[table.col["start"]], where("start"))
        reporters = _text(row[table.col["reporters"]])
        raw["reporters"] = next((k for k, v in REPORTER_LABELS.items() if v == reporters), reporters or None)
        quotas = {}
        for unit in units:
            c = table.extra[unit]
            value = _number(row[c], f"{table.where(r, c)}（指标 {iid} 中 {unit} 的目标）")
            quotas[unit] = (value, table.where(r, c))
        given = {u: v for u, (v, _) in quotas.items() if v is not None}
        # Each split keeps its quotas in the unit columns; turn them back into the YAML's form.
        if raw["split"] == "by_unit":
            raw["targets"] = given
        elif raw["split"] == "each" and given:
            raw["each"] = next(iter(given.values()))
        elif raw["split"] == "sole" and raw["target"] is None and len(given) == 1:
            raw["target"] = next(iter(given.values()))
        indicators.append({k: v for k, v in raw.items() if v not in (None, "")})
        cells[iid] = (quotas, (raw["target"], where("target")))
    return indicators, cells


def _check_quota_cells(plan: Plan, cells: dict) -> None:
    """Every quota cell must agree with what the split makes of it (nothing typed is dropped)."""
    for ind in plan.indicators:
        quotas, (target, target_where) = cells[ind.id]
        if target is not None and ind.target is not None and abs(target - ind.target) > 1e-9:
            raise PlanError(
                f"{target_where}：目标 {target:g} 与分解方式“{SPLIT_LABELS[ind.split]}”得出的 "
                f"{ind.target:g} 不符。"
            )
        for unit, (value, where) in quotas.items():
            expected = ind.targets.get(unit)
            same = (value is None and expected is None) or (
                value is not None and expected is not None and abs(value - expected) <= 1e-9)
            if not same:
                wanted = "留空" if expected is None else f"为 {expected:g}"
                raise PlanError(
                    f"{where}（指标 {ind.id} 中 {unit} 的目标）：按分解方式“{SPLIT_LABELS[ind.split]}”"
                    f"应{wanted}，现为“{'' if value is None else f'{value:g}'}”。"
                )


def _read_key_projects(sheets, threshold) -> dict:
    cols = list(zip(("name", "count", "deadline", "reporter", "note"), KP_HEADERS))
    table = _Table(sheets, "重点项目", cols)
    out: dict = {"threshold": threshold or "", "counties": {}}
    for r, row in table.rows:
        name = _text(row[table.col["name"]])
        count = _int(row[table.col["count"]], table.where(r, "count"))
        deadline = _date(row[table.col["deadline"]], table.where(r, "deadline"))
        if name == KP_PREFECTURE:
            out["prefecture"] = {
                "count": count or 0, "reporter": _text(row[table.col["reporter"]]),
                "deadline": deadline, "note": _text(row[table.col["note"]]),
            }
            continue
        if name == KP_TOTAL:
            out["total"] = count
        else:
            for key in ("reporter", "note"):
                if _text(row[table.col[key]]):
                    raise PlanError(f"{table.where(r, key)}：各县重点项目行此处应留空。")
            out["counties"][name] = count or 0
        if deadline is None:
            continue
        if out.setdefault("deadline", deadline) != deadline:
            raise PlanError(f"{table.where(r, 'deadline')}：各县重点项目的完成时限应相同。")
    return out


def _read_supervision(sheets) -> list[dict]:
    table = _Table(sheets, "督战表", [("no", "序号"), *SUPERVISION_COLUMNS])
    return [
        {key: _text(row[table.col[key]]) for key, _ in SUPERVISION_COLUMNS}
        for _, row in table.rows
    ]
