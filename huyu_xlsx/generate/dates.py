"""Dates as a monthly workbook states them (the due date itself is Plan.due_date)."""
from __future__ import annotations

from datetime import date


def period_start(period: str) -> date:
    year, month = period.split("-")
    return date(int(year), int(month), 1)
