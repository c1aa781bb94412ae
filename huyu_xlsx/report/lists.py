"""How long a list sheet of the summary (研判, 调度, 数据问题, 环比) is.

For a prefecture (up to MATRIX_MAX_UNITS units) a list holds every item. Past that, a list
of every item is thousands of rows that nobody works through: each list holds the items a
person acts on, worst first, at most LIST_MAX_ROWS of them, and its subtitle says how many
there are in all and where the full list is. The ledger holds every result, key project,
submission and finding of every month, and `huyu ledger export` writes them all out.
"""
from __future__ import annotations

from collections.abc import Sequence

from ..plan import Plan
from .matrix import MATRIX_MAX_UNITS

LIST_MAX_ROWS = 300  # a few printed pages: what a person can work through in a month
EXPORT_COMMAND = "huyu ledger export 台账.xlsx"


def capped(plan: Plan) -> bool:
    """Whether the summary's lists are cut to the worst LIST_MAX_ROWS items."""
    return len(plan.unit_names) > MATRIX_MAX_UNITS


def first_rows(items: Sequence, plan: Plan) -> list:
    """The items a list sheet shows: all of them, or past MATRIX_MAX_UNITS units the first
    LIST_MAX_ROWS (the caller has put the worst first)."""
    return list(items[:LIST_MAX_ROWS]) if capped(plan) else list(items)


def cap_note(shown: int, total: int, what: str, sheets: str, counter: str = "项") -> str:
    """The subtitle's sentence about a capped list ('' when nothing was left out), e.g.
    '单位多于15个，本表只列出最需关注的前300项（共2,031项）；全部见台账导出（…）的“指标台账”。'"""
    if shown >= total:
        return ""
    return (f"单位多于{MATRIX_MAX_UNITS}个，本表只列出{what}的前{shown:,}{counter}（共{total:,}{counter}）；"
            f"全部见台账导出（{EXPORT_COMMAND}）的{sheets}。")
