"""The monthly summary workbook (汇总通报) and the bulletin text."""
from .bulletin import bulletin_text, write_bulletin
from .workbook import SHEETS, SummaryLocked, summary_name, write_summary

__all__ = ["SHEETS", "SummaryLocked", "bulletin_text", "summary_name", "write_bulletin", "write_summary"]
