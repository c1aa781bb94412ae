"""A light look inside a returned workbook before the reader loads it.

The reader (python-calamine) builds every sheet as a full grid from A1 to its last used
cell: one value typed at XFD1048576 asks for billions of cells, and the process aborts.
So each sheet is bounded first, from its XML, without building anything: the largest row
and column that hold a value (a cell that is only formatted is no trouble to the reader).

The same look finds the cells shown as a percentage: Excel, WPS and LibreOffice store
"85%" typed into a cell as 0.85 with a percent number format, and the reader gives values
only. For .xlsx that is the cell's style (styles.xml); for .ods the cell's value type; for
.xls the cell's XF record (read with xlrd, which also bounds an .xls sheet).

Every class here answers `bounds(title)` -> (rows, columns) and `percent_cells(title)` ->
{(row, column)} (0-based), or None when the sheet is not found (the reader then decides).
"""
from __future__ import annotations

import io
import posixpath
import re
import zipfile
import zlib
from functools import lru_cache

CHUNK = 1 << 20

# A cell that holds something: <c r="B7" ...> not self-closing and not closed at once.
# Attribute values in <c> never hold '/' or '>', so [^>/]* stays inside the tag.
_VALUED_CELL = re.compile(rb'<c r="([A-Z]{1,3})([0-9]{1,7})"[^>/]*>(?!</c>)')
_ROW_NUMBER = re.compile(rb'<row r="([0-9]{1,7})"')
_UNADDRESSED = re.compile(rb'<(?:c|row)(?! r=")[ >]')  # a cell or row placed by its position
_DIMENSION = re.compile(rb'<dimension ref="([^"]*)"')
_SHEET_TAG = re.compile(r"<(?:\w+:)?sheet\b[^>]*>")
_ATTR = re.compile(r'([\w:]+)="([^"]*)"')


@lru_cache(maxsize=4096)
def column_number(letters: bytes | str) -> int:
    """'A' -> 1, 'XFD' -> 16384."""
    n = 0
    for ch in letters if isinstance(letters, str) else letters.decode():
        n = n * 26 + ord(ch) - 64
    return n


def _cell_pos(ref: str) -> tuple[int, int] | None:
    m = re.fullmatch(r"\$?([A-Z]{1,3})\$?([0-9]{1,7})", ref.strip().upper())
    return (int(m[2]), column_number(m[1])) if m else None


def declared_area(ref: str) -> tuple[int, int] | None:
    """The rows and columns a <dimension ref="A1:N25"> declares (1-based last cell)."""
    last = _cell_pos(ref.split(":")[-1]) if ref else None
    return last


class XlsxSheets:
    """The sheets of an .xlsx/.xlsm package, looked at without loading them.

    `data` is the whole file (already in memory); members are inflated straight from it.
    """

    def __init__(self, zf: zipfile.ZipFile, data: bytes | None = None):
        self.zf, self.data = zf, data
        self.infos = {i.filename: i for i in zf.infolist()}
        # The same template's returns share these parts: worked out once per process.
        self.parts = _sheet_parts(self.member("xl/workbook.xml"), self.member("xl/_rels/workbook.xml.rels"),
                                  frozenset(self.infos))
        self._xml: dict[str, bytes] = {}
        self.declared: dict[str, tuple[int, int] | None] = {}

    def member(self, name: str) -> bytes | None:
        """One part of the package, inflated; None when absent."""
        info = self.infos.get(name)
        if info is None:
            return None
        if self.data is not None and info.compress_type in (zipfile.ZIP_DEFLATED, zipfile.ZIP_STORED) \
                and not info.flag_bits & 0x1:
            start = info.header_offset
            head = self.data[start:start + 30]
            if len(head) == 30 and head[:4] == b"PK\x03\x04":
                begin = start + 30 + int.from_bytes(head[26:28], "little") + int.from_bytes(head[28:30], "little")
                raw = self.data[begin:begin + info.compress_size]
                try:
                    out = raw if info.compress_type == zipfile.ZIP_STORED else zlib.decompress(raw, -15)
                except zlib.error:
                    out = None
                if out is not None and len(out) == info.file_size:
                    return out
        return self.zf.read(info)  # anything unusual: zipfile's own way

    def _sheet_xml(self, title: str) -> bytes | None:
        part = self.parts.get(title)
        if part is None:
            return None
        if part not in self._xml:
            self._xml[part] = self.member(part)
        return self._xml[part]

    def bounds(self, title: str, max_cells: int | None = None) -> tuple[int, int] | None:
        data = self._sheet_xml(title)
        if data is None:
            return None
        m = _DIMENSION.search(data, 0, 4096)
        self.declared[title] = declared_area(m[1].decode("ascii", "replace")) if m else None
        return sheet_bounds(data, max_cells)

    def percent_cells(self, title: str) -> set[tuple[int, int]]:
        data = self._sheet_xml(title)
        if data is None:
            return set()
        pattern = _percent_cell_pattern(self.member("xl/styles.xml") or b"")
        if pattern is None:
            return set()
        return {(int(row) - 1, column_number(col) - 1) for col, row in pattern.findall(data)}


MAX_COLUMNS = 16384  # XFD


def sheet_bounds(data: bytes, max_cells: int | None = None) -> tuple[int, int]:
    """(rows, columns) from A1 to the last cell that holds a value, from a worksheet's XML.

    With `max_cells`, a sheet whose rows are few enough that no column could make it exceed
    max_cells is answered from its row tags alone, (rows, 0): most sheets, and far cheaper
    than looking at every cell.
    """
    unaddressed = _UNADDRESSED.search(data) is not None
    if max_cells is not None and not unaddressed:
        rows = max(map(int, _ROW_NUMBER.findall(data)), default=0)
        if rows * MAX_COLUMNS <= max_cells:
            return rows, 0
    found = _VALUED_CELL.findall(data)
    rows = max(map(int, {row for _, row in found}), default=0)
    cols = max(map(column_number, {col for col, _ in found}), default=0)
    if unaddressed:
        # Some cells carry no address (allowed, rarely written): count positions instead.
        more_rows, more_cols = _positional_bounds(data)
        rows, cols = max(rows, more_rows), max(cols, more_cols)
    return rows, cols


def _positional_bounds(data: bytes) -> tuple[int, int]:
    """Bounds for cells without r="…": each row's r or the next row, each cell the next column."""
    rows = cols = row = 0
    for segment in data.split(b"<row")[1:]:
        m = re.match(rb'[^>]*?\sr="([0-9]+)"', segment)
        row = int(m[1]) if m else row + 1
        col = width = 0
        for cell in re.finditer(rb'<c\b([^>]*?)(/?)>', segment.split(b"</row>")[0]):
            ref = re.search(rb'\sr="([A-Z]{1,3})[0-9]+"', b" " + cell[1])
            col = column_number(ref[1]) if ref else col + 1
            if not cell[2]:
                width = max(width, col)
        if width:
            rows, cols = max(rows, row), max(cols, width)
    return rows, cols


@lru_cache(maxsize=64)
def _sheet_parts(book_xml: bytes | None, rels_xml: bytes | None, names: frozenset) -> dict[str, str]:
    """Sheet title -> worksheet part, from xl/workbook.xml and its relationships."""
    if book_xml is None or rels_xml is None:
        return {}
    book = book_xml.decode("utf-8", "replace")
    rels = rels_xml.decode("utf-8", "replace")
    targets = {}
    for tag in re.findall(r"<(?:\w+:)?Relationship\b[^>]*>", rels):
        attrs = dict(_ATTR.findall(tag))
        target = attrs.get("Target", "")
        part = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join("xl", target))
        targets[attrs.get("Id")] = part
    out = {}
    for tag in _SHEET_TAG.findall(book):
        attrs = dict(_ATTR.findall(tag))
        rid = next((v for k, v in attrs.items() if k.endswith(":id")), None)
        part = targets.get(rid)
        if part in names and "name" in attrs:
            out[_unescape(attrs["name"])] = part
    return out


def _unescape(text: str) -> str:
    from html import unescape

    return unescape(text)


BUILTIN_PERCENT = {9, 10}  # 0%, 0.00%


def is_percent_format(code: str) -> bool:
    """A number format shows a percentage when it has a % outside quotes, escapes and [..]."""
    code = re.sub(r'"[^"]*"|\\.|\[[^\]]*\]', "", code)
    return "%" in code


@lru_cache(maxsize=64)
def _percent_cell_pattern(styles_xml: bytes):
    """A pattern finding the cells whose style shows a percentage (None if no style does);
    the same template's returns share styles.xml, so this is worked out once per process."""
    styles = _percent_styles(styles_xml.decode("utf-8", "replace"))
    if not styles:
        return None
    alternatives = b"|".join(str(s).encode() for s in sorted(styles))
    return re.compile(rb'<c r="([A-Z]{1,3})([0-9]{1,7})"[^>/]*?\ss="(?:' + alternatives + rb')"[^>/]*>(?!</c>)')


def _percent_styles(styles: str) -> frozenset:
    """Indexes of the cell styles (cellXfs) whose number format is a percentage."""
    percent_formats = set(BUILTIN_PERCENT)
    for tag in re.findall(r"<(?:\w+:)?numFmt\b[^>]*>", styles):
        attrs = dict(_ATTR.findall(tag))
        if is_percent_format(_unescape(attrs.get("formatCode", ""))):
            percent_formats.add(int(attrs.get("numFmtId", "-1")))
    m = re.search(r"<(?:\w+:)?cellXfs\b[^>]*>(.*?)</(?:\w+:)?cellXfs>", styles, re.S)
    if not m:
        return frozenset()
    # One entry per <xf>, in order (its index is the cell's s="…"): its numFmtId, or ''.
    ids = re.findall(r'<(?:\w+:)?xf\b(?:[^>]*?\snumFmtId="(\d+)")?', m[1])
    return frozenset(i for i, fmt in enumerate(ids) if fmt and int(fmt) in percent_formats)


# --- OpenDocument -----------------------------------------------------------------------------

_T = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
_O = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"


class OdsSheets:
    """The tables of an .ods package, walked once (row and column repeats counted, not made)."""

    def __init__(self, zf: zipfile.ZipFile):
        self.zf = zf
        self._tables: dict[str, tuple[tuple[int, int], set]] | None = None

    def _walk(self) -> dict:
        if self._tables is None:
            with self.zf.open("content.xml") as fh:
                self._tables = ods_tables(fh)
        return self._tables

    def titles(self) -> list[str]:
        return list(self._walk())

    def bounds(self, title: str, max_cells: int | None = None) -> tuple[int, int] | None:
        table = self._walk().get(title)
        return table[0] if table else None

    def percent_cells(self, title: str) -> set[tuple[int, int]]:
        table = self._walk().get(title)
        return table[1] if table else set()


def ods_tables(fh) -> dict[str, tuple[tuple[int, int], set]]:
    """title -> ((rows, columns) to the last cell holding a value, {(row, col) of percentages})."""
    from xml.etree.ElementTree import iterparse

    out: dict = {}
    title, row, rows, cols, percent = None, 0, 0, 0, set()
    col = 0
    for event, el in iterparse(fh, events=("start", "end")):
        tag = el.tag
        if event == "start":
            if tag == _T + "table":
                title, row, rows, cols, percent = el.get(_T + "name"), 0, 0, 0, set()
            elif tag == _T + "table-row":
                col = 0
            continue
        if tag in (_T + "table-cell", _T + "covered-table-cell"):
            repeat = int(el.get(_T + "number-columns-repeated", "1") or 1)
            valued = el.get(_O + "value-type") is not None or len(el) > 0
            if valued:
                rows, cols = max(rows, row + 1), max(cols, col + repeat)
                if el.get(_O + "value-type") == "percentage":
                    percent.update((row, c) for c in range(col, min(col + repeat, col + 64)))
            col += repeat
            el.clear()
        elif tag == _T + "table-row":
            repeat = int(el.get(_T + "number-rows-repeated", "1") or 1)
            if repeat > 1 and rows == row + 1:  # a repeated row holding values repeats them
                rows = row + repeat
            row += repeat
            el.clear()
        elif tag == _T + "table":
            out[title] = ((rows, cols), percent)
            el.clear()
    return out


# --- .xls -------------------------------------------------------------------------------------

class XlsSheets:
    """An .xls file, looked at with xlrd (which keeps only the cells present, not a grid).

    Loaded once per file and only when asked: .xls returns are few, and a look costs about
    20 ms. Where xlrd cannot read the file the reader decides, under the worker's limits.
    """

    def __init__(self, data: bytes):
        self.data = data
        self._book = None

    def titles(self) -> list[str]:
        try:
            self._sheet("")
            return self._book.sheet_names()
        except Exception:  # noqa: BLE001 - xlrd cannot read it: the reader decides
            return []

    def bounds(self, title: str, max_cells: int | None = None) -> tuple[int, int] | None:
        """(rows, columns) to the last cell holding a value (formatted-only cells do not count)."""
        try:
            sheet = self._sheet(title)
        except Exception:  # noqa: BLE001 - xlrd cannot read it: the reader decides
            return None
        if sheet is None:
            return None
        from xlrd import XL_CELL_BLANK, XL_CELL_EMPTY

        rows = cols = 0
        for r in range(sheet.nrows):
            types = sheet.row_types(r)
            last = max((c for c, t in enumerate(types) if t != XL_CELL_EMPTY and t != XL_CELL_BLANK), default=-1)
            if last >= 0:
                rows, cols = r + 1, max(cols, last + 1)
        return rows, cols

    def percent_cells(self, title: str) -> set[tuple[int, int]]:
        try:
            sheet = self._sheet(title)
        except Exception:  # noqa: BLE001 - formats are a refinement; the values are read anyway
            return set()
        if sheet is None:
            return set()
        book = self._book
        percent_xf = {i for i, xf in enumerate(book.xf_list)
                      if is_percent_format(getattr(book.format_map.get(xf.format_key), "format_str", ""))}
        out = set()
        for r in range(sheet.nrows):
            for c in range(sheet.row_len(r)):
                if sheet.cell_xf_index(r, c) in percent_xf:
                    out.add((r, c))
        return out

    def _sheet(self, title: str):
        import xlrd

        if self._book is None:
            self._book = xlrd.open_workbook(file_contents=self.data, formatting_info=True, on_demand=True,
                                            ragged_rows=True, logfile=io.StringIO())
        if title not in self._book.sheet_names():
            return None
        return self._book.sheet_by_name(title)
