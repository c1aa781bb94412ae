"""Writing one data sheet (任务进度, 重点项目, …) from its cells."""
from __future__ import annotations

from datetime import date

from .. import layout
from ..layout import DATE, FIXED, FORMULA, TEXT, Column, Sheet
from ..textwidth import display_width, lines_height, text_height, wrapped_lines
from . import validation
from .cells import Cell, display_value
from .page import protect, setup_page
from .styles import DATE_FORMAT, FONT_SIZE, FORMULA_FILL, INPUT_FILL, NA_FILL, PERCENT_FORMAT, PREFILL_FILL, Styles

TEXT_WIDTH_CAP = 30   # wider text wraps instead
OTHER_WIDTH_CAP = 12
HEADER_WIDTH_CAP = 6  # headers wrap (two characters a line) rather than widen a column
SIGNOFF_LABEL_COL = layout.PROGRESS.index("section")
STAMP_COL = layout.PROGRESS.index("progress")


class SheetContext:
    """What every sheet of one workbook shares."""

    def __init__(self, workbook, styles: Styles, unit: str, period_cn: str, subtitle: str, year: int):
        self.workbook, self.styles = workbook, styles
        self.unit, self.period_cn, self.subtitle, self.year = unit, period_cn, subtitle, year


def write_data_sheet(ctx: SheetContext, sheet: Sheet, rows: list[tuple[str, list[Cell]]]) -> None:
    ws = ctx.workbook.add_worksheet(sheet.title)
    st = ctx.styles
    last_col = len(sheet.columns) - 1
    widths = [column_width(col, [cells[j] for _, cells in rows]) for j, col in enumerate(sheet.columns)]
    shown = sum(w for w, col in zip(widths, sheet.columns) if not col.hidden)
    heading = sheet.heading.format(unit=ctx.unit, period_cn=ctx.period_cn)
    ws.set_row(layout.TITLE_ROW, text_height(heading, shown, TITLE_SIZE))
    ws.merge_range(layout.TITLE_ROW, 0, layout.TITLE_ROW, last_col, heading, st.title)
    ws.set_row(layout.SUBTITLE_ROW, text_height(ctx.subtitle, shown, FONT_SIZE))
    ws.merge_range(layout.SUBTITLE_ROW, 0, layout.SUBTITLE_ROW, last_col, ctx.subtitle, st.subtitle)
    ws.set_row(layout.HEADER_ROW, max(text_height(col.header, w, FONT_SIZE)
                                      for col, w in zip(sheet.columns, widths) if not col.hidden))
    for j, col in enumerate(sheet.columns):
        ws.write_string(layout.HEADER_ROW, j, col.header, st.header)

    room = INPUT_LINES.get(sheet.key, 2)
    for i, (_, cells) in enumerate(rows):
        r = layout.FIRST_DATA_ROW + i
        # No program grows a row for wrapped text already in the file, so the height is set
        # from the longest wrapped cell; rows keep growing as people type (generate/rows.py).
        ws.set_row(r, row_height(cells, widths, room))
        for j, (col, cell) in enumerate(zip(sheet.columns, cells)):
            write_cell(ws, r, j, cell, cell_format(st, col, cell))
            if cell.note:
                write_note(ws, r, j, cell.note)
    _validate(ctx, ws, sheet, rows)

    for j, (col, width) in enumerate(zip(sheet.columns, widths)):
        ws.set_column(j, j, width, None, {"hidden": True} if col.hidden else None)
    end_row = layout.FIRST_DATA_ROW + len(rows) - 1
    if sheet.key in layout.DECLARATIONS:
        end_row = _write_declaration(ctx, ws, sheet, end_row + 2)
    if sheet is layout.PROGRESS:
        end_row = _write_signoff(ctx, ws, end_row + 2)
        ws.freeze_panes(layout.FIRST_DATA_ROW, sheet.index("text") + 1)
    else:
        ws.freeze_panes(layout.FIRST_DATA_ROW, 0)
    ws.print_area(0, 0, end_row, last_col)
    setup_page(ws, ctx.unit, ctx.period_cn, layout.HEADER_ROW,
               [w for w, col in zip(widths, sheet.columns) if not col.hidden])
    protect(ws)


def cell_format(st: Styles, col: Column, cell: Cell):
    props: dict = {}
    if cell.is_input:
        props.update(locked=False, fg_color=PREFILL_FILL if cell.carried else INPUT_FILL)
    elif cell.kind == FORMULA:
        props["fg_color"] = FORMULA_FILL
    elif cell.value is None:
        props["fg_color"] = NA_FILL
    if cell.kind == DATE or isinstance(cell.value, date):
        props.update(num_format=DATE_FORMAT, align="center")
    elif cell.percent:
        props.update(num_format=PERCENT_FORMAT, align="right")
    elif cell.kind == TEXT or (cell.kind == FIXED and isinstance(cell.value, str)):
        props["text_wrap"] = True
    if col.key in ("seq", "unit") or cell.kind == layout.CHOICE:
        props["align"] = "center"
    if cell.indent:
        props["indent"] = cell.indent
    return st.boxed(**props)


def write_cell(ws, r: int, c: int, cell: Cell, fmt) -> None:
    value = cell.value
    if cell.kind == FORMULA:
        ws.write_formula(r, c, value, fmt, cell.cached)
    elif value is None:
        ws.write_blank(r, c, None, fmt)  # a blank needs the format too, or it stays locked
    elif isinstance(value, date):
        ws.write_datetime(r, c, value, fmt)
    elif isinstance(value, (int, float)) and not isinstance(value, bool):
        ws.write_number(r, c, value, fmt)
    else:
        ws.write_string(r, c, str(value), fmt)


NOTE_AUTHOR = "填报提示"


def write_note(ws, r: int, c: int, text: str) -> None:
    """A comment (a red corner; the text shows when the pointer rests on the cell). The box
    (128 × 74 px by default) is made 280 px wide, about 22 characters of 9 pt a line, and
    tall enough for the text and the author's line."""
    lines = -(-display_width(text) // 44) + 1
    ws.write_comment(r, c, text, {"author": NOTE_AUTHOR, "x_scale": 280 / 128,
                                  "y_scale": max(1.0, (lines * 15 + 10) / 74),
                                  "font_name": "宋体", "font_size": 9})


TITLE_SIZE = 16
# Lines of room a row with a text input has before anything is typed (it grows beyond them
# as people type): 任务进度 and 亮点案例 ask for sentences, the lists for a short entry.
INPUT_LINES = {"progress": 3, "cases": 3}


def row_height(cells: list[Cell], widths: list[float], room: int = 2) -> float:
    """Points for the longest wrapped text of the row, and `room` lines if it has a text input."""
    lines = 1
    for cell, width in zip(cells, widths):
        if cell.kind != FORMULA and isinstance(cell.value, str):
            lines = max(lines, wrapped_lines(cell.value, width - 2 * cell.indent, FONT_SIZE))
        if cell.kind == TEXT:
            lines = max(lines, room)
    return lines_height(lines, FONT_SIZE)


def column_width(col: Column, cells: list[Cell]) -> float:
    """The layout width, widened to the longest fixed content (capped; longer text wraps)."""
    need = min(display_width(col.header) + 2, HEADER_WIDTH_CAP)
    for cell in cells:
        if cell.kind != FORMULA and cell.value is not None:
            need = max(need, display_width(display_value(cell.value)) + 2 + 2 * cell.indent)
    # Columns the layout made wide are meant for prose; the narrow ones hold short values.
    cap = TEXT_WIDTH_CAP if col.width >= 14 else OTHER_WIDTH_CAP
    return max(col.width, min(need, cap))


def _validate(ctx: SheetContext, ws, sheet: Sheet, rows) -> None:
    """One validation per run of alike input cells in a column (fewer, smaller XML records)."""
    for j, col in enumerate(sheet.columns):
        run_start, run_sig = None, None
        for i, (_, cells) in enumerate([*rows, (None, [Cell(FIXED)] * len(sheet.columns))]):
            cell = cells[j]
            sig = (cell.kind, cell.choices, cell.prompt) if cell.is_input else None
            if sig != run_sig:
                if run_sig is not None:
                    kind, choices, prompt = run_sig
                    ws.data_validation(layout.FIRST_DATA_ROW + run_start, j, layout.FIRST_DATA_ROW + i - 1, j,
                                       validation.options(kind, col.header, prompt, ctx.year, choices))
                run_start, run_sig = i, sig


SIGNOFF_PROMPTS = {
    "filler": "填写填报人姓名。",
    "phone": "填写办公电话或手机号码。",
    "leader": "填写审核把关的分管领导姓名。",
    "report_date": "填写填报日期，格式 2020-08-18。",
}


def _write_declaration(ctx: SheetContext, ws, sheet: Sheet, row: int) -> int:
    """The 是/否 cell under a detail sheet that lets a unit say it has nothing to list."""
    dec = layout.DECLARATIONS[sheet.key]
    col = sheet.index(dec.label_column)
    st = ctx.styles
    ws.write_string(row, col, dec.label, st.label)
    ws.write_blank(row, col + 1, None, st.boxed(locked=False, fg_color=INPUT_FILL, align="center"))
    ws.data_validation(row, col + 1, row, col + 1,
                       validation.options(layout.CHOICE, dec.label, dec.prompt, ctx.year, "yesno"))
    return row


def _write_signoff(ctx: SheetContext, ws, first_row: int) -> int:
    """The sign-off block under 任务进度; returns its last row."""
    st = ctx.styles
    label_fmt = st.label
    text_fmt = st.boxed(locked=False, fg_color=INPUT_FILL)
    date_fmt = st.boxed(locked=False, fg_color=INPUT_FILL, num_format=DATE_FORMAT, align="center")
    for i, (key, label) in enumerate(layout.SIGNOFF):
        r = first_row + i
        ws.write_string(r, SIGNOFF_LABEL_COL, label, label_fmt)
        kind = DATE if key == "report_date" else TEXT
        ws.write_blank(r, SIGNOFF_LABEL_COL + 1, None, date_fmt if kind == DATE else text_fmt)
        opts = validation.options(kind, label, SIGNOFF_PROMPTS[key], ctx.year)
        if kind == TEXT:
            opts["value"] = 50  # a name or a phone number
            opts["error_message"] = "内容不超过 50 字。"
        ws.data_validation(r, SIGNOFF_LABEL_COL + 1, r, SIGNOFF_LABEL_COL + 1, opts)
    ws.write_string(first_row, STAMP_COL, layout.STAMP_LABEL, st.get(bold=True, valign="vcenter"))
    return first_row + len(layout.SIGNOFF) - 1
