"""Excel formulas of the fill-in workbook, written so they work in Excel, WPS and LibreOffice.

Every rate is guarded: blank while its actual is blank (or not a number), never #DIV/0!.
Formula cells are never read back (see LIBRARY-FACTS.md); they only help the unit see
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
        return f'=COUNTIF({done},"{layout.YES}")'
    if ind.source == "rectification":
        # Open items are described rows not yet 已整改; SUMPRODUCT rather than COUNTA-COUNTIF so
        # a status typed on a row without a description cannot make the count negative.
        desc = column_range(plan, unit, layout.RECTIFICATION, "description")
        status = column_range(plan, unit, layout.RECTIFICATION, "status")
        return f'=SUMPRODUCT(({desc}<>"")*({status}<>"{layout.RECTIFIED}"))'
    if ind.source == "cases":
        return f"=COUNTA({column_range(plan, unit, layout.CASES, 'name')})"
    raise ValueError(ind.source)


def progress_rate(ind: Indicator, row: int) -> str | None:
    """The 完成率 formula of a 任务进度 row, or None when there is nothing to divide by."""
    cols = {c.key: i for i, c in enumerate(layout.PROGRESS.columns)}
    actual, target, baseline = (ref(row, cols[k]) for k in ("actual", "target", "baseline"))
    if ind.rule in ("at_least", "exactly"):
        if ind.split == "none":  # only a prefecture-wide total: judged on the sum, not per unit
            return None
        return f'=IF(ISNUMBER({actual}),IF(ISNUMBER({target}),IFERROR({actual}/{target},""),""),"")'
    if ind.rule == "range":
        # The target cell holds the text '15–20'; the rate is measured against the minimum.
        return f'=IF(ISNUMBER({actual}),IFERROR({actual}/{ind.target:g},""),"")'
    if ind.rule == "milestone":
        return f'=IF({actual}="{layout.YES}",1,IF({actual}="{layout.NO}",0,""))'
    if ind.rule == "zero":
        return f'=IF(ISNUMBER({actual}),IF({actual}=0,1,0),"")'
    if ind.rule == "growth":
        return (f'=IF(AND(ISNUMBER({actual}),ISNUMBER({baseline})),'
                f'IFERROR(({actual}-{baseline})/{baseline},""),"")')
    raise ValueError(ind.rule)


def fresh_rate(ind: Indicator, unit: str) -> float | str:
    """The value progress_rate shows in an untouched workbook, stored as the formula's cached
    result: LibreOffice shows cached results of xlsx files without recalculating them."""
    if ind.source == "input":
        return ""
    if ind.rule == "zero":
        return 1
    target = ind.target_for(unit)
    return 0 if target else ""


def disbursement_rate(row: int) -> str:
    cols = {c.key: i for i, c in enumerate(layout.KEY_PROJECTS.columns)}
    disbursed, allocated = ref(row, cols["disbursed"]), ref(row, cols["allocated"])
    return (f'=IF(AND(ISNUMBER({disbursed}),ISNUMBER({allocated})),'
            f'IFERROR({disbursed}/{allocated},""),"")')
