"""Writing one unit's fill-in workbook, and a whole month of them."""
from __future__ import annotations

from datetime import datetime
from pathlib import Path

from xlsxwriter.exceptions import FileCreateError
from xlsxwriter.utility import xl_rowcol_to_cell

from .. import layout
from ..layout import date_cn
from ..outpath import output_path
from ..plan import Plan, PlanError
from ..pool import pool_map
from . import formulas
from .cells import (Prefill, apply_cached, apply_prefill, carried_of, check_prefill_used,
                    sheet_rows, source_cn)
from .datasheet import SheetContext, write_data_sheet
from .dates import period_start
from .hidden import write_identity, write_lists
from .instructions import PrefillNotice, write_instructions
from .rows import GrowingRowsWorkbook
from .styles import BASE_FORMAT, Styles

WORKBOOK_OPTIONS = {
    # Plan texts and prefilled answers are data: never let one become a formula or a link.
    "strings_to_formulas": False,
    "strings_to_urls": False,
    "in_memory": True,  # no temp files: faster, and nothing left behind on a crash
    "default_format_properties": BASE_FORMAT,
}


def write_unit_workbook(plan: Plan, unit: str, period: str, path: str | Path,
                        prefill: Prefill | None = None) -> Path:
    """Write the fill-in workbook of one reporting unit for one period to `path` (a file, or
    an existing folder to put it in under its usual name; a name without a suffix gets .xlsx,
    another suffix is refused: outpath.WrongSuffix).

    prefill maps (sheet key, row key, column key) to a value for an input cell, e.g.
    {("progress", "labour-local", "actual"): 120}; a key naming no input cell is an error.
    Prefilled cells are marked (their own fill, a prompt, a line on 填报说明); a Carried
    (Ledger.prefill) also names the period the values are from and the values withheld
    because they were errors then: those cells stay empty, with a comment saying why.
    """
    if unit not in plan.unit_names:
        raise PlanError(f"计划中没有填报单位“{unit}”。")
    path = output_path(path, ".xlsx", "填报表", layout.file_name(unit, period))
    period_cn = layout.period_cn(period)
    sheets = layout.sheets_for(plan, unit)
    rows = {s.key: sheet_rows(plan, unit, s) for s in sheets}
    prefill = carried_of(prefill)
    if prefill is not None:
        used: set = set()
        rows = {s.key: apply_prefill(s, rows[s.key], prefill, used) for s in sheets}
        check_prefill_used(prefill, used)
        results = formulas.prefilled_results(plan, unit, prefill)
        rows = {s.key: apply_cached(s, rows[s.key], results) for s in sheets}

    # xlsxwriter writes into the default format it is given: hand it a fresh copy, or every
    # workbook after a process's first would come out different (font scheme in styles.xml).
    options = {**WORKBOOK_OPTIONS, "default_format_properties": dict(BASE_FORMAT)}
    workbook = GrowingRowsWorkbook(str(path), options)
    start = period_start(period)
    workbook.set_properties({
        "title": f"{unit}沪滇扶贫协作挂牌督战填报表（{period_cn}）",
        "subject": plan.title,
        "author": layout.PRODUCT,
        "company": plan.office,
        "comments": f"{plan.id} {plan.fingerprint} {unit} {period} v{layout.TEMPLATE_VERSION}",
        # A fixed date keeps the files reproducible: the same plan and period give the same bytes.
        "created": datetime(start.year, start.month, start.day),
    })
    styles = Styles(workbook)
    write_instructions(workbook, styles, plan, unit, period, sheets,
                       None if prefill is None else PrefillNotice(prefill, withheld_cells(sheets, rows)))
    subtitle = (f"填报单位：{unit}　　报告期：{period_cn}　　"
                f"报送截止日：{date_cn(plan.due_date(period))}")
    if prefill:
        subtitle += f"　　浅橙色单元格已预填{source_cn(prefill)}的数，请逐项核实更新"
    ctx = SheetContext(workbook, styles, unit, period_cn, subtitle, plan.year)
    for sheet in sheets:
        write_data_sheet(ctx, sheet, rows[sheet.key])
    write_lists(workbook, styles)
    write_identity(workbook, plan, unit, period)
    try:
        workbook.close()
    except FileCreateError as exc:  # not an OSError: say what the office can do about it
        raise OSError(f"无法写入 {path}（文件是否正在 Excel/WPS 中打开，或文件夹不可写？）") from exc
    return path


def withheld_cells(sheets, rows) -> list[tuple[str, str]]:
    """(where, note) of every cell left empty because last period's value was an error:
    where is '重点项目 H4（KP-双柏县-01，已拨付资金（万元））'."""
    out = []
    for sheet in sheets:
        label_col = sheet.index("text" if sheet is layout.PROGRESS else sheet.row_key)
        for i, (key, cells) in enumerate(rows[sheet.key]):
            for j, (col, cell) in enumerate(zip(sheet.columns, cells)):
                if cell.note:
                    label = cells[label_col].value if sheet.row_key == "id" else f"第{key}行"
                    where = f"{sheet.title} {xl_rowcol_to_cell(layout.FIRST_DATA_ROW + i, j)}（{label}，{col.header}）"
                    out.append((where, cell.note))
    return out


def generate_month(plan: Plan, period: str, out_dir: str | Path,
                   prefill: dict[str, Prefill] | None = None) -> list[Path]:
    """Write every reporting unit's workbook for a period into out_dir; returns the paths.

    prefill, if given, maps a unit name to that unit's prefill mapping.
    """
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    prefill = prefill or {}
    jobs = [(unit, out_dir / layout.file_name(unit, period), prefill.get(unit)) for unit in plan.unit_names]
    # A province's hundreds of workbooks are written on every core.
    return list(pool_map(_write_job, jobs, plan, period))


def _write_job(job: tuple, plan: Plan, period: str) -> Path:
    unit, path, values = job
    return write_unit_workbook(plan, unit, period, path, values)
