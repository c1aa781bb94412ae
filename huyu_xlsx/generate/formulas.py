"""Excel formulas of the fill-in workbook, written so they work in Excel, WPS and LibreOffice.

Every rate is guarded: blank while its actual is blank (or not a number), never #DIV/0!.
Formula cells are never read back (their cached results are unreliable); they only help the unit see
where it stands before it sends the workbook.
"""
from __future__ import annotations

from xlsxwriter.utility import xl_col_to_name, xl_rowcol_to_cell

from .. import layout
from ..layout import Sheet
from ..plan import Indicator, Plan


def ref(row: int, col: int) -> str:
    return xl_rowcol_to_cell(row, col)


def column_range(plan: Plan, unit: str, sheet: Sheet, column_key: str) -> str:
    """Absolute reference to a column's data rows on another sheet: '帮扶项目'!$F$4:$F$14."""
    n = len(layout.row_keys(plan, unit, sheet))
    col = xl_col_to_name(sheet.index(column_key))
    first, last = layout.FIRST_DATA_ROW + 1, layout.FIRST_DATA_ROW + n
    return f"'{sheet.title}'!${col}${first}:${col}${last}"


def counted_actual(plan: Plan, unit: str, ind: Indicator) -> str:
    """The 累计完成 of an indicator counted from a detail sheet."""
    if ind.source == "projects":
        done = column_range(plan, unit, layout.PROJECTS, "completed")
        # Blank while no project is answered 是/否: not reported, as the reader judges it.
        return f'=IF(COUNTA({done})=0,"",COUNTIF({done},"{layout.YES}"))'
    if ind.source == "rectification":
        # Open items are described rows not yet 已整改; SUMPRODUCT rather than COUNTA-COUNTIF so
        # a status typed on a row without a description cannot make the count negative.
        desc = column_range(plan, unit, layout.RECTIFICATION, "description")
        status = column_range(plan, unit, layout.RECTIFICATION, "status")
        count = f'SUMPRODUCT(({desc}<>"")*({status}<>"{layout.RECTIFIED}"))'
        return _unless_blank(plan, unit, layout.RECTIFICATION, f"COUNTA({desc})", count)
    if ind.source == "cases":
        names = column_range(plan, unit, layout.CASES, "name")
        return _unless_blank(plan, unit, layout.CASES, f"COUNTA({names})", f"COUNTA({names})")
    raise ValueError(ind.source)


def _unless_blank(plan: Plan, unit: str, sheet: Sheet, filled: str, count: str) -> str:
    """The count, or blank while the sheet is empty and its 是/否 declaration not 是 (not reported)."""
    row, col = layout.declaration_cell(plan, unit, sheet)
    answer = f"'{sheet.title}'!{xl_rowcol_to_cell(row, col, True, True)}"
    return f'=IF(AND({filled}=0,{answer}<>"{layout.YES}"),"",{count})'


def progress_rate(ind: Indicator, row: int) -> str | None:
    """The 完成率 formula of a 任务进度 row (the rule's own), or None when nothing is judged per unit."""
    if not ind.judged_per_unit:  # only a prefecture-wide total: judged on the sum, not per unit
        return None
    cols = {c.key: i for i, c in enumerate(layout.PROGRESS.columns)}
    actual, target, baseline = (ref(row, cols[k]) for k in ("actual", "target", "baseline"))
    lower = ind.target if ind.target_max is not None else None  # the target cell holds '15–20' 
    return ind.kind.rate_formula(actual, target, baseline, lower)


def fresh_rate(ind: Indicator, unit: str) -> float | str:
    """The value progress_rate shows in an untouched workbook, stored as the formula's cached
    result: LibreOffice shows cached results of xlsx files without recalculating them."""
    return _rate(ind, ind.target_for(unit), "", None)  # nothing typed yet: not reported


def disbursement_rate(row: int) -> str:
    cols = {c.key: i for i, c in enumerate(layout.KEY_PROJECTS.columns)}
    disbursed, allocated = ref(row, cols["disbursed"]), ref(row, cols["allocated"])
    return (f'=IF(AND(ISNUMBER({disbursed}),ISNUMBER({allocated})),'
            f'IFERROR({disbursed}/{allocated},""),"")')


def prefilled_results(plan: Plan, unit: str, prefill) -> dict[tuple[str, str, str], object]:
    """What each formula of a prefilled workbook evaluates to, keyed like the prefill.

    Stored as the formulas' cached results: LibreOffice (and WPS) show cached results of an
    xlsx file without recalculating, so without them a prefilled workbook would show the
    rates of an empty one until the unit edits a cell.
    """
    def get(sheet, row, col):
        return prefill.get((sheet, row, col))

    def number(value):
        return value if isinstance(value, (int, float)) and not isinstance(value, bool) else None

    out: dict = {}
    for key in layout.key_project_ids(plan, unit):
        disbursed, allocated = number(get("key_projects", key, "disbursed")), number(get("key_projects", key, "allocated"))
        out[("key_projects", key, "disbursement_rate")] = disbursed / allocated if disbursed is not None and allocated else ""
    for ind in plan.indicators_for(unit):
        if ind.source == "projects":
            answers = [get("projects", k, "completed") for k in layout.project_ids(plan, unit)]
            actual = sum(1 for a in answers if a == layout.YES) if any(answers) else ""
        elif ind.source == "rectification":
            described = [i for i in range(1, layout.RECTIFICATION_ROWS + 1) if get("rectification", str(i), "description")]
            actual = sum(1 for i in described if get("rectification", str(i), "status") != layout.RECTIFIED) \
                if described else ""  # the declaration is never prefilled: empty is not reported
        elif ind.source == "cases":
            actual = sum(1 for i in range(1, layout.case_rows(plan, unit) + 1) if get("cases", str(i), "name")) or ""
        else:
            actual = get("progress", ind.id, "actual")
        if ind.source != "input":
            out[("progress", ind.id, "actual")] = actual
        out[("progress", ind.id, "rate")] = _rate(ind, ind.target_for(unit), actual,
                                                  number(get("progress", ind.id, "baseline")))
    return out


def _rate(ind: Indicator, target, actual, baseline) -> object:
    """progress_rate evaluated in Python (the same guards: blank rather than an error)."""
    if not ind.judged_per_unit:
        return ""
    if ind.is_milestone:
        actual = {layout.YES: True, layout.NO: False}.get(actual)
    elif not isinstance(actual, (int, float)) or isinstance(actual, bool):
        return ""
    if ind.target_max is not None:
        target = ind.target  # the rate is measured against the range's lower end
    rate = ind.kind.rate(actual, target, baseline, ind.target_max)
    return "" if rate is None else rate
