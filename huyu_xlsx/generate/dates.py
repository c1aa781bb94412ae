"""The dates a monthly workbook states: period start and the report's due date."""
from __future__ import annotations

from datetime import date

from ..plan import Plan


def period_start(period: str) -> date:
    year, month = period.split("-")
    return date(int(year), int(month), 1)


def due_date(plan: Plan, period: str) -> date:
    """The report for a period is due on the plan's report_day of that month (每月20日前)."""
    return period_start(period).replace(day=plan.report_day)


def date_cn(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"
