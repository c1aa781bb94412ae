"""Does every text of a workbook appear whole in its printout? (LibreOffice PDF, pdftotext)

LibreOffice leaves out the lines of a wrapped cell that its row is too short to show, so a
cell's text missing from the PDF's text means it was cut in print. pdftotext -raw keeps the
order in which LibreOffice draws, one cell's lines after another; whitespace is dropped on
both sides, since the printout breaks lines wherever the column ends.
"""
from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import openpyxl
from openpyxl.utils import range_boundaries

PDFTOTEXT = shutil.which("pdftotext")
_SPACE = re.compile(r"\s+")


def squeeze(text: str) -> str:
    return _SPACE.sub("", text)


def pdf_text(pdf: Path) -> str:
    """The PDF's text in drawing order, without whitespace."""
    out = subprocess.run([PDFTOTEXT, "-raw", "-enc", "UTF-8", str(pdf), "-"], capture_output=True,
                         text=True, check=True).stdout
    return squeeze(out)


def printed_strings(xlsx: Path):
    """(sheet, cell, text) for every text cell that prints: visible sheets, inside the print
    area, not in a hidden row or column, and not covered by a merged cell."""
    wb = openpyxl.load_workbook(xlsx)
    for ws in wb.worksheets:
        if ws.sheet_state != "visible":
            continue
        covered = set()
        for rng in ws.merged_cells.ranges:
            for r in range(rng.min_row, rng.max_row + 1):
                for c in range(rng.min_col, rng.max_col + 1):
                    if (r, c) != (rng.min_row, rng.min_col):
                        covered.add((r, c))
        area = None
        if ws.print_area:
            ref = ws.print_area if isinstance(ws.print_area, str) else ws.print_area[0]
            area = range_boundaries(ref.split("!")[-1].replace("$", ""))
        hidden_cols = {k for k, d in ws.column_dimensions.items() if d.hidden}
        for row in ws.iter_rows():
            for cell in row:
                if not isinstance(cell.value, str) or not cell.value.strip() or cell.data_type == "f":
                    continue
                r, c = cell.row, cell.column
                if (r, c) in covered or cell.column_letter in hidden_cols:
                    continue
                if ws.row_dimensions[r].hidden:
                    continue
                if area and not (area[0] <= c <= area[2] and area[1] <= r <= area[3]):
                    continue
                yield ws.title, cell.coordinate, cell.value


def cut_texts(xlsx: Path, pdf: Path) -> list[tuple[str, str, str]]:
    """The texts of `xlsx` that its printout `pdf` does not show whole."""
    printed = pdf_text(pdf)
    return [(sheet, ref, text) for sheet, ref, text in printed_strings(xlsx)
            if squeeze(text) not in printed]
