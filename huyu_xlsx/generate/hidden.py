"""The hidden sheets: dropdown lists and the workbook's identity."""
from __future__ import annotations

from xlsxwriter.utility import xl_col_to_name

from .. import layout
from ..plan import Plan
from .page import protect
from .validation import list_name


def write_lists(workbook, styles) -> None:
    """One column per list: its key in row 1, values below; each gets a workbook-level name."""
    ws = workbook.add_worksheet(layout.LISTS_TITLE)
    for j, (key, values) in enumerate(layout.LISTS.items()):
        ws.write_string(0, j, key)
        for i, value in enumerate(values, 1):
            ws.write_string(i, j, value)
        col = xl_col_to_name(j)
        workbook.define_name(list_name(key), f"='{layout.LISTS_TITLE}'!${col}$2:${col}${len(values) + 1}")
        ws.set_column(j, j, 24)
    ws.hide()
    protect(ws)


def identity_values(plan: Plan, unit: str, period: str) -> dict[str, str]:
    return {
        "product": layout.PRODUCT,
        "plan_id": plan.id,
        "plan_fingerprint": plan.fingerprint,
        "unit": unit,
        "period": period,
        "template_version": layout.TEMPLATE_VERSION,
    }


def write_identity(workbook, plan: Plan, unit: str, period: str) -> None:
    """Key in column A, Chinese label in B, value in C: how the reader knows whose file it is."""
    ws = workbook.add_worksheet(layout.IDENTITY_TITLE)
    values = identity_values(plan, unit, period)
    for i, (key, label) in enumerate(layout.IDENTITY_FIELDS):
        ws.write_string(i, 0, key)
        ws.write_string(i, 1, label)
        ws.write_string(i, 2, values[key])
    ws.set_column(0, 2, 20)
    ws.hide()
    protect(ws)
