"""A data sheet as plain data: one Cell per column per row, before anything is written."""
from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from typing import Mapping

from .. import layout
from ..layout import FIXED, FORMULA, Sheet
from ..plan import Plan
from . import formulas

Prefill = Mapping[tuple[str, str, str], object]


@dataclass(frozen=True)
class Withheld:
    """A figure a unit reported last time that was an error then, so it is not carried."""

    key: tuple[str, str, str]
    typed: str   # what the cell held, as text
    reason: str  # why it was an error (the finding's message), in Chinese


class Carried(dict):
    """A unit's prefill from the ledger: (sheet, row, column) key -> the value it reported,
    with the period those values are from and the values left out because they were errors.

    A dict, so anything that takes a plain prefill mapping takes it too.
    """

    def __init__(self, values: Prefill = (), period: str | None = None, withheld=()):
        super().__init__(values)
        self.period = period
        self.withheld: tuple[Withheld, ...] = tuple(withheld)


def carried_of(prefill: Prefill | None) -> Carried | None:
    """A prefill as a Carried (a plain mapping comes from no named period); None if nothing
    is prefilled and nothing withheld."""
    if prefill is None:
        return None
    carried = prefill if isinstance(prefill, Carried) else Carried(prefill)
    return carried if carried or carried.withheld else None


def source_cn(carried: Carried) -> str:
    """'2020年8月' (the period the figures are from), or '上期' when it is not known."""
    return layout.period_cn(carried.period) if carried.period else "上期"


@dataclass(frozen=True)
class Cell:
    kind: str                  # a layout kind; FIXED with value None means "not asked here"
    value: object = None       # fixed value, formula text, or a prefilled input
    choices: str | None = None
    prompt: str = ""
    cached: object = ""        # a formula's result in the untouched workbook
    percent: bool = False      # show as a percentage (formula cells)
    indent: int = 0            # sub-items of another indicator are indented
    carried: bool = False      # holds last period's value (prefilled from the ledger)
    note: str = ""             # a comment on the cell (why last period's value was not carried)

    @property
    def is_input(self) -> bool:
        return self.kind in layout.INPUT_KINDS


def sheet_rows(plan: Plan, unit: str, sheet: Sheet) -> list[tuple[str, list[Cell]]]:
    """(row key, cells) for every data row of one sheet, without prefilled values."""
    keys = layout.row_keys(plan, unit, sheet)
    if sheet is layout.PROGRESS:
        return [(k, _progress_row(plan, unit, k, i)) for i, k in enumerate(keys)]
    rows = []
    for i, key in enumerate(keys):
        row = layout.FIRST_DATA_ROW + i
        cells = []
        for col in sheet.columns:
            if col.key == "seq":
                cells.append(Cell(FIXED, i + 1))
            elif col.key == sheet.row_key:
                cells.append(Cell(FIXED, key))
            elif col.key == "disbursement_rate":
                cells.append(Cell(FORMULA, formulas.disbursement_rate(row), percent=True))
            else:
                cells.append(Cell(col.kind, choices=col.choices, prompt=col.prompt))
        rows.append((key, cells))
    return rows


def _progress_row(plan: Plan, unit: str, indicator_id: str, i: int) -> list[Cell]:
    ind = plan.indicator(indicator_id)
    row = layout.FIRST_DATA_ROW + i
    fixed = {
        "seq": i + 1,
        "id": ind.id,
        "section": ind.section,
        "text": ind.text,
        "unit": ind.unit,
        "target": layout.target_cell_value(ind, unit),
        "deadline": ind.deadline,
    }
    depth = _depth(plan, ind.id)
    cells = []
    for col in layout.PROGRESS.columns:
        kind = layout.progress_cell_kind(ind, col)
        if col.key in fixed:
            cells.append(Cell(FIXED, fixed[col.key], indent=depth if col.key == "text" else 0))
        elif kind == FIXED:  # e.g. 上年数 on a row that is not a growth indicator
            cells.append(Cell(FIXED))
        elif col.key == "actual" and kind == FORMULA:
            # Cached blank: an untouched detail sheet is not reported (blank is not zero).
            cells.append(Cell(FORMULA, formulas.counted_actual(plan, unit, ind), cached=""))
        elif col.key == "actual" and ind.is_milestone:
            cells.append(Cell(kind, choices="yesno", prompt="已完成选“是”，未完成选“否”。"))
        elif col.key == "rate":
            formula = formulas.progress_rate(ind, row)
            cells.append(Cell(FORMULA, formula, cached=formulas.fresh_rate(ind, unit), percent=True)
                         if formula else Cell(FIXED))
        else:
            cells.append(Cell(kind, choices=col.choices, prompt=col.prompt.format(report_day=plan.report_day)))
    return cells


def _depth(plan: Plan, indicator_id: str) -> int:
    depth, ind = 0, plan.indicator(indicator_id)
    while ind.parent:
        depth, ind = depth + 1, plan.indicator(ind.parent)
    return depth


def apply_prefill(sheet: Sheet, rows: list[tuple[str, list[Cell]]], prefill: Prefill,
                  used: set) -> list[tuple[str, list[Cell]]]:
    """Put prefilled values into input cells, marked as carried, and a note into the cells of
    values withheld (see Carried); a key that names no input cell is an error."""
    from .validation import default_prompt

    wanted = {k: v for k, v in prefill.items() if k[0] == sheet.key}
    carried = prefill if isinstance(prefill, Carried) else Carried(prefill)
    withheld = {w.key: w for w in carried.withheld if w.key[0] == sheet.key}
    if not wanted and not withheld:
        return rows
    month = source_cn(carried)
    out = []
    for key, cells in rows:
        cells = list(cells)
        for j, col in enumerate(sheet.columns):
            k = (sheet.key, key, col.key)
            if k not in wanted and k not in withheld:
                continue
            cell = cells[j]
            if not cell.is_input:
                raise ValueError(f"预填失败：{sheet.title} {key} 的“{col.header}”不是填报单元格。")
            prompt = cell.prompt or default_prompt(cell.kind)
            if k in wanted:
                cells[j] = replace(cell, value=wanted[k], carried=True,
                                   prompt=f"已预填{month}报送的数，请核实并更新为本月数。{prompt}")
            else:
                note = withheld_note(withheld[k], month)
                cells[j] = replace(cell, note=note, prompt=f"{month}所填有误，本月未预填，请重新填写。{prompt}")
            used.add(k)
        out.append((key, cells))
    return out


def withheld_note(w: Withheld, month: str) -> str:
    typed = f"填写的“{w.typed}”" if w.typed else "所填"
    return f"{month}{typed}有误：{w.reason.rstrip('。')}。本月未预填，请重新填写。"


def apply_cached(sheet: Sheet, rows: list[tuple[str, list[Cell]]],
                 results: Mapping[tuple[str, str, str], object]) -> list[tuple[str, list[Cell]]]:
    """Give formula cells the results they evaluate to (see formulas.prefilled_results)."""
    out = []
    for key, cells in rows:
        cells = [replace(cell, cached=results[(sheet.key, key, col.key)])
                 if cell.kind == FORMULA and (sheet.key, key, col.key) in results else cell
                 for col, cell in zip(sheet.columns, cells)]
        out.append((key, cells))
    return out


def check_prefill_used(prefill: Prefill, used: set) -> None:
    withheld = prefill.withheld if isinstance(prefill, Carried) else ()
    unknown = [k for k in [*prefill, *(w.key for w in withheld)] if k not in used]
    if unknown:
        names = "、".join("/".join(k) for k in unknown[:5])
        raise ValueError(f"预填失败：填报表中没有这些单元格：{names}。")


def display_value(value: object) -> str:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return "" if value is None else str(value)
