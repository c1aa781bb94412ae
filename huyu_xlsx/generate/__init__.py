"""Writing the monthly fill-in workbooks (xlsxwriter), one per reporting unit."""
from .workbook import generate_month, write_unit_workbook

__all__ = ["generate_month", "write_unit_workbook"]
