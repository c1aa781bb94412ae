"""xlsxwriter, minus its per-cell overhead, for the summary's hundreds of thousands of cells.

At a province's size (1,000 units: ≈190,000 cells) xlsxwriter spends about a third of the
summary's time on two things per cell: the public write_* wrapper (A1-notation parsing) and
the general routine that turns a stored cell into XML (an attribute list, each attribute
run through a regular expression, a dispatch on the class name). For the two cells the
summary is made of, a number or a shared string with a format, FastWorksheet writes the
same XML text directly and hands every other cell to xlsxwriter unchanged.

It uses some of xlsxwriter's internals (the stored-cell tuples, `_write_cell`, and the
`_write_number`/`_write_string` behind the public methods, taken only when their signature
is the expected one), so it checks itself once per process: the direct text must equal what
xlsxwriter writes for the same cells, else every cell goes through xlsxwriter as usual.
tests/test_report.py compares whole summaries written both ways, byte for byte.
"""
from __future__ import annotations

import inspect
import io
from functools import lru_cache

from xlsxwriter import Workbook
from xlsxwriter.format import Format
from xlsxwriter.utility import xl_rowcol_to_cell_fast
from xlsxwriter.worksheet import Worksheet

try:
    from xlsxwriter.worksheet import CellNumberTuple, CellStringTuple
except ImportError:  # another xlsxwriter: nothing to speed up, nothing to get wrong
    CellNumberTuple = CellStringTuple = None


def _unwrapped(name: str, public, value: str):
    """The method a public write_* calls once A1 notation is parsed, if it takes the same
    (row, col, value, format) here; else the public one."""
    method = getattr(Worksheet, name, None)
    try:
        params = list(inspect.signature(method).parameters) if method is not None else []
    except (TypeError, ValueError):
        params = []
    return method if params == ["self", "row", "col", value, "cell_format"] else public


class FastWorksheet(Worksheet):
    """A Worksheet with `number`/`string`: write_number/write_string for (row, col) integers."""

    number = _unwrapped("_write_number", Worksheet.write_number, "number")
    string = _unwrapped("_write_string", Worksheet.write_string, "string")

    def _write_cell(self, row: int, col: int, cell) -> None:
        if not (fast_cells() and self._write_direct(row, col, cell)):
            super()._write_cell(row, col, cell)

    def _write_direct(self, row: int, col: int, cell) -> bool:
        """Write a formatted number or shared-string cell's XML; False for any other cell."""
        fmt = cell.format
        if fmt is None:  # xlsxwriter then looks for a row or column format
            return False
        kind = type(cell)
        if kind is CellNumberTuple:
            self.fh.write(f'<c r="{xl_rowcol_to_cell_fast(row, col)}" s="{fmt._get_xf_index()}">'
                          f'<v>{cell.number:.16G}</v></c>')
            return True
        if kind is CellStringTuple and not self.constant_memory:  # .string: a shared-string index
            self.fh.write(f'<c r="{xl_rowcol_to_cell_fast(row, col)}" s="{fmt._get_xf_index()}" t="s">'
                          f'<v>{cell.string}</v></c>')
            return True
        return False


class FastWorkbook(Workbook):
    worksheet_class = FastWorksheet


@lru_cache(maxsize=None)
def fast_cells() -> bool:
    """Whether the direct cell text is exactly xlsxwriter's own here (checked once)."""
    if CellNumberTuple is None:
        return False
    try:
        fmt = Format()
        fmt.xf_index = 17
        cells = [CellNumberTuple(n, fmt) for n in (0, 7, -2.5, 1234567.125, 1e-7, 12345678901234567890.0)]
        cells.append(CellStringTuple(42, fmt))
        for cell in cells:
            stock, fast = Worksheet(), FastWorksheet()
            stock.fh, fast.fh = io.StringIO(), io.StringIO()
            Worksheet._write_cell(stock, 1048575, 16383, cell)
            if not fast._write_direct(1048575, 16383, cell) or stock.fh.getvalue() != fast.fh.getvalue():
                return False
    except Exception:  # noqa: BLE001 -- any surprise means: let xlsxwriter do it
        return False
    return True
