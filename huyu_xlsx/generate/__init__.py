"""Writing the monthly fill-in workbooks (xlsxwriter), one per reporting unit."""
from __future__ import annotations

__all__ = ["generate_month", "write_unit_workbook"]


def __getattr__(name: str):
    # Loaded on first use: the summary borrows generate.styles alone and need not pay for
    # importing the whole generator (a good part of `huyu collect`'s start-up at scale).
    if name in __all__:
        from . import workbook

        return getattr(workbook, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
