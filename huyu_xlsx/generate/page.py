"""Print setup and protection shared by every sheet of the fill-in workbook."""
from __future__ import annotations

from .. import printing
from .styles import FONT_SIZE

# Sheets are protected without a password so an office can unprotect them when it must
# (审阅 → 撤消工作表保护). Formatting rows/columns stays allowed so long answers can be made
# visible; inserting rows is not, because the reader finds rows by their keys.
PROTECT_OPTIONS = {
    "format_columns": True,
    "format_rows": True,
    "select_locked_cells": True,
    "select_unlocked_cells": True,
    "insert_rows": False,
    "delete_rows": False,
}


def setup_page(ws, unit: str, period_cn: str, repeat_to: int | None, widths: list[float],
               portrait: bool = False) -> None:
    """A4, one page wide while the text stays readable (printing.py; the layout's widths
    keep it so), unit and period in the header, page x of n in the footer."""
    if portrait:
        ws.set_paper(printing.A4)
        ws.set_print_scale(printing.plan_pages(widths, FONT_SIZE, a3=False, portrait=True).scale)
    else:
        printing.apply(ws, printing.plan_pages(widths, FONT_SIZE, a3=False))
    ws.center_horizontally()
    ws.set_margins(left=0.4, right=0.4, top=0.7, bottom=0.7)
    ws.set_header(f"&L填报单位：{unit}&R报告期：{period_cn}", {"margin": 0.3})
    ws.set_footer("&C第 &P 页 共 &N 页", {"margin": 0.3})
    if repeat_to is not None:
        ws.repeat_rows(0, repeat_to)


def protect(ws) -> None:
    ws.protect("", PROTECT_OPTIONS)
