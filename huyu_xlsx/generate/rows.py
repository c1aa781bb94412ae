"""Rows of the fill-in workbook that grow as people type.

Excel, WPS and LibreOffice grow a row to fit wrapped text as it is typed, unless the row's
height was set by hand: in the file, `customHeight="1"`. xlsxwriter marks every height it
writes that way, so a row sized for its printed text (or given room to type in) would keep
that height and cut off whatever is typed beyond it. Here rows keep their height (`ht`, what
every program shows when the file opens) without the mark, so they still grow afterwards.
Measured with LibreOffice: a row written like this grows when text is typed into it
(tests/test_print_lo.py types through LibreOffice itself).
"""
from __future__ import annotations

from xlsxwriter import Workbook
from xlsxwriter.worksheet import Worksheet

_CUSTOM = ("customHeight", 1)


class GrowingRowsWorksheet(Worksheet):
    """A Worksheet whose rows keep their height but are not marked as set by hand."""

    def _write_row(self, *args, **kwargs):
        self._in_row = True
        try:
            super()._write_row(*args, **kwargs)
        finally:
            self._in_row = False

    def _xml_start_tag_unencoded(self, tag, attributes=None):
        super()._xml_start_tag_unencoded(tag, _unmarked(self, tag, attributes))

    def _xml_empty_tag_unencoded(self, tag, attributes=None):
        super()._xml_empty_tag_unencoded(tag, _unmarked(self, tag, attributes))


def _unmarked(ws, tag, attributes):
    if tag == "row" and attributes and getattr(ws, "_in_row", False):
        return [a for a in attributes if tuple(a) != _CUSTOM]
    return attributes


class GrowingRowsWorkbook(Workbook):
    worksheet_class = GrowingRowsWorksheet
