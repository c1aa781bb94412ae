"""Reading one returned workbook into values that keep their cell addresses.

Fields are found through the layout (sheet title, header text, row key), so inserted rows,
moved rows and hidden columns still read right. Every coercion of what a person typed and
every structural problem becomes a finding; nothing here raises for bad content.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any, NamedTuple

from .. import layout
from ..findings import Finding, make_finding
from ..plan import Plan, fmt_number
from . import parse
from .files import MAX_FILE_BYTES, MAX_SHEET_CELLS, ODS, XLS, Refused, screen_file, screen_sheet, sha256_of

SCAN_HEADER_ROWS = 12  # the header row is searched for in the first rows of a sheet


class Value(NamedTuple):
    """One input cell as read: the parsed value, what was typed, and where it was.

    A named tuple, not a dataclass: a province's batch holds hundreds of thousands, and the
    worker processes send them back to the main one (a tuple pickles several times faster).
    """

    value: Any
    raw: Any
    sheet: str
    cell: str
    error: bool = False

    @property
    def blank(self) -> bool:
        """Nothing typed: read as not reported."""
        return self.value is None and not self.error and (self.raw is None or self.raw == "")


def pack_cells(cells: dict) -> tuple:
    """Cells in the form that crosses a process or goes to disk: keys, then Values as plain
    tuples (several times faster to pickle and unpickle than named tuples one by one)."""
    return tuple(cells), [tuple(v) for v in cells.values()]


def unpack_cells(packed: tuple) -> dict:
    keys, rows = packed
    return dict(zip(keys, map(Value._make, rows)))


@dataclass(frozen=True)
class ReturnFile:
    """Everything read from one returned file, with the findings reading made: a value.

    Nothing downstream changes it: checks (checks/figures.py) yield their own findings and
    judging gives results. `compacted()` and `with_values()` give a new value. It crosses
    from a reading worker to the main process for every file, so it pickles cheaply.
    """

    path: Path
    name: str = ""  # as the user knows it: the path below the inbox
    sha256: str = ""
    received: datetime | None = None
    unit: str | None = None
    period: str | None = None
    identity: dict = field(default_factory=dict)
    signoff: dict = field(default_factory=dict)  # key -> Value (layout.SIGNOFF keys)
    # (sheet_key, row_key, column_key) -> Value; a spill.SpilledCells once checked in a batch
    values: dict = field(default_factory=dict)
    sheet_titles: dict = field(default_factory=dict)  # sheet_key -> title found in the file
    findings: tuple = ()  # reading's findings
    readable: bool = True

    @property
    def file(self) -> str:
        return self.name or self.path.name

    @property
    def report_date(self) -> date | None:
        v = self.signoff.get("report_date")
        return v.value if v is not None and isinstance(v.value, date) else None

    def get(self, sheet_key: str, row_key: str, column_key: str) -> Value | None:
        return self.values.get((sheet_key, row_key, column_key))

    def finding(self, code: str, *, sheet: str = "", cell: str = "", detail: str = "", **where) -> Finding:
        """A finding about this file (its unit and name filled in); the file is not changed."""
        return make_finding(code, unit=self.unit or "", file=self.file, sheet=sheet, cell=cell,
                            detail=detail, **where)

    def with_values(self, values) -> "ReturnFile":
        return replace(self, values=values)

    def compacted(self) -> "ReturnFile":
        """Once checked and judged, only what was typed (what the ledger records).

        Blank cells matter while checking (a missing figure is reported at its cell);
        afterwards they read the same as absent, and dropping them keeps a province's
        batch small in memory.
        """
        return self.with_values({k: v for k, v in self.values.items() if not v.blank})

    def __getstate__(self) -> dict:
        # Sent from a worker process for every file, cells packed; cells already parked on
        # disk (intake.spill) travel as where they are.
        state = self.__dict__.copy()
        for name in ("values", "signoff"):
            if type(state[name]) is dict:
                state[name] = pack_cells(state[name])
        return state

    def __setstate__(self, state: dict) -> None:
        for name in ("values", "signoff"):
            if type(state[name]) is tuple:
                state[name] = unpack_cells(state[name])
        self.__dict__.update(state)


@dataclass
class ReturnDraft:
    """A ReturnFile while it is being read: reading fills it in, then freezes it."""

    path: Path
    name: str = ""
    sha256: str = ""
    received: datetime | None = None
    unit: str | None = None
    period: str | None = None
    identity: dict = field(default_factory=dict)
    signoff: dict = field(default_factory=dict)
    values: dict = field(default_factory=dict)
    sheet_titles: dict = field(default_factory=dict)
    findings: list = field(default_factory=list)
    readable: bool = True

    file = ReturnFile.file

    def add(self, code: str, *, sheet: str = "", cell: str = "", detail: str = "", **where) -> Finding:
        f = ReturnFile.finding(self, code, sheet=sheet, cell=cell, detail=detail, **where)
        self.findings.append(f)
        return f

    def freeze(self) -> ReturnFile:
        return ReturnFile(**{**self.__dict__, "findings": tuple(self.findings)})


def unreadable(path: Path, name: str, code: str, detail: str = "", received: datetime | None = None) -> ReturnFile:
    """A file that could not be read at all: only its one finding."""
    draft = ReturnDraft(path=path, name=name, received=received, readable=False)
    draft.add(code, detail=detail)
    return draft.freeze()


@lru_cache(maxsize=65536)
def cell_name(row: int, col: int) -> str:
    """Zero-based (row, col) -> 'A1'."""
    letters = ""
    col += 1
    while col:
        col, rem = divmod(col - 1, 26)
        letters = chr(65 + rem) + letters
    return f"{letters}{row + 1}"


_NORM = str.maketrans({"(": "（", ")": "）", ":": "", "：": "", " ": "", "\u3000": "",
                       "\n": "", "\r": "", "*": ""})


def norm(text: Any) -> str:
    """Header/label text compared loosely: no spaces, full-width brackets and colons folded."""
    return _norm_text(text if isinstance(text, str) else str(text))


@lru_cache(maxsize=65536)  # headers and labels are the same in every file of a batch
def _norm_text(text: str) -> str:
    return text.strip().translate(_NORM)


def key_text(value: Any) -> str:
    """A row key as text: calamine gives 序号 1 as 1.0."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def read_return(path: Path, plan: Plan, period: str, name: str | None = None) -> ReturnFile:
    """Read one returned file. Never raises for its content; problems become findings.

    `name` is how the file is named to the user (its path below the inbox); its own name
    by default. What the file is comes from its content, never from its extension, and
    every sheet is bounded from its XML before the reader builds it (intake/sheetxml.py).
    """
    import io

    from python_calamine import CalamineWorkbook

    path = Path(path)
    ret = ReturnDraft(path=path, name=name or "")
    stat = path.stat()
    ret.received = datetime.fromtimestamp(stat.st_mtime).replace(microsecond=0)
    data = path.read_bytes() if stat.st_size <= MAX_FILE_BYTES else None
    ret.sha256 = sha256_of(path, data)
    screened = screen_file(path, data)  # raises Refused; the batch turns it into a finding
    if screened.kind in (XLS, ODS):  # the reader builds every sheet of these as it opens the file
        for title in screened.sheets.titles():
            bounds = screened.sheets.bounds(title)
            if bounds is not None:
                screen_sheet(title, *bounds)
    wb = CalamineWorkbook.from_filelike(io.BytesIO(data))
    try:
        sheets = {title: None for title in wb.sheet_names}

        def rows_of(title: str) -> list[list]:
            if sheets[title] is None:
                bounds = screened.sheets.bounds(title, MAX_SHEET_CELLS)
                if bounds is not None:  # refused before the reader builds the grid
                    screen_sheet(title, *bounds)
                sheet = wb.get_sheet_by_name(title)
                screen_sheet(title, sheet.height, sheet.width)
                sheets[title] = sheet.to_python(skip_empty_area=False)
            return sheets[title]

        _identify(ret, plan, period, sheets, rows_of)
        if ret.unit is None or not ret.readable:
            return ret.freeze()
        for sheet in layout.sheets_for(plan, ret.unit):
            title = _find_sheet(sheets, sheet.title)
            if title is None:
                ret.add("sheet-missing", detail=sheet.title)
                continue
            ret.sheet_titles[sheet.key] = title
            _read_sheet(ret, plan, sheet, title, rows_of(title), screened.sheets)
    except Refused as exc:  # a sheet too big to read: the file is refused, whose it is still known
        ret.add(exc.code, detail=exc.detail)
        ret.readable = False
    finally:
        wb.close()
    return ret.freeze()


def _find_sheet(sheets: dict, title: str) -> str | None:
    if title in sheets:
        return title
    return next((name for name in sheets if norm(name) == norm(title)), None)


def _identify(ret: ReturnDraft, plan: Plan, period: str, sheets: dict, rows_of) -> None:
    """Whose and which month: the hidden identity sheet, else the title cell and file name."""
    title = _find_sheet(sheets, layout.IDENTITY_TITLE)
    if title is not None:
        ident = {}
        for row in rows_of(title):
            if len(row) >= 3 and str(row[0]).strip():
                ident[str(row[0]).strip()] = key_text(row[2])
        ret.identity = ident
    ident = ret.identity
    if ident.get("product") == layout.PRODUCT:
        if ident.get("plan_id") != plan.id:
            ret.add("plan-mismatch", detail=ident.get("plan_id", ""))
            ret.readable = False
            return
        if ident.get("template_version") != layout.TEMPLATE_VERSION:
            ret.add("template-version-mismatch", detail=ident.get("template_version", ""))
            ret.readable = False
            return
        unit = ident.get("unit")
        if unit not in plan.unit_names:
            ret.add("unit-unknown", detail=f"标识页中的单位“{unit}”")
            ret.readable = False
            return
        ret.unit = unit
        ret.period = ident.get("period")
        if ident.get("plan_fingerprint") != plan.fingerprint:
            ret.add("plan-changed", sheet=layout.IDENTITY_TITLE, detail=ident.get("plan_fingerprint", ""))
    else:
        unit, how = _guess_unit(ret.path.name, plan, sheets, rows_of)
        if unit is None:
            ret.add("unit-unknown", detail=f"文件名“{ret.file}”")
            ret.readable = False
            return
        ret.unit = unit
        ret.period = _guess_period(ret.path.name, sheets, rows_of)
        ret.add("identity-missing", detail=how)
    if ret.period is not None and ret.period != period:
        ret.add("period-mismatch", detail=ret.period, original=ret.period)
        ret.readable = False


def _title_text(sheets: dict, rows_of) -> str:
    title = _find_sheet(sheets, layout.PROGRESS.title)
    if title is None:
        return ""
    rows = rows_of(title)
    return " ".join(str(c) for row in rows[: layout.HEADER_ROW] for c in row if c != "")


def _guess_unit(name: str, plan: Plan, sheets: dict, rows_of) -> tuple[str | None, str]:
    heading = _title_text(sheets, rows_of)
    # Longest names first, so a department is not matched by a shorter name inside it.
    units = sorted(plan.unit_names, key=len, reverse=True)
    for text, how in ((heading, "标题"), (name, "文件名")):
        for unit in units:
            if unit in text:
                return unit, how
    return None, ""


_PERIOD_DASH = re.compile(r"(20\d\d)[-_.年](0?[1-9]|1[0-2])(?!\d)")


def _guess_period(name: str, sheets: dict, rows_of) -> str | None:
    for text in (_title_text(sheets, rows_of), name):
        m = _PERIOD_DASH.search(text)
        if m:
            return f"{m[1]}-{int(m[2]):02d}"
    return None


_WANTED: dict[str, dict[str, str]] = {}  # sheet key -> normalised header -> column key


def _header_map(rows: list[list], sheet: layout.Sheet) -> tuple[int | None, dict[str, int]]:
    wanted = _WANTED.get(sheet.key)
    if wanted is None:
        wanted = _WANTED[sheet.key] = {norm(c.header): c.key for c in sheet.columns}
    best_row, best = None, {}
    for r, row in enumerate(rows[:SCAN_HEADER_ROWS]):
        found = {}
        for c, cell in enumerate(row):
            if cell == "" or cell is None:
                continue
            key = wanted.get(_norm_text(cell) if type(cell) is str else norm(cell))
            if key and key not in found:
                found[key] = c
        if len(found) > len(best):
            best_row, best = r, found
            if len(best) == len(wanted):  # no later row can do better
                break
    return best_row, best


def locate(rows: list[list], sheet: layout.Sheet) -> tuple[int | None, dict[str, int], dict[str, int]]:
    """Where a layout sheet's fields are in a grid of cell values (0-based).

    Returns the header row, column key -> column, and row key -> row (first occurrence).
    """
    header_row, cols = _header_map(rows, sheet)
    row_of: dict[str, int] = {}
    if header_row is None or sheet.row_key not in cols:
        return header_row, cols, row_of
    key_col = cols[sheet.row_key]
    for r in range(header_row + 1, len(rows)):
        row = rows[r]
        if key_col < len(row) and row[key_col] not in ("", None):
            row_of.setdefault(key_text(row[key_col]), r)
    return header_row, cols, row_of


def cells_to_read(plan: Plan, sheet: layout.Sheet, ind=None) -> tuple[tuple, ...]:
    """The cells of one row to read: (column, kind or None, is the locked target).

    The kind is None for a cell only compared (the target); every row of a detail sheet is
    alike, a 任务进度 row depends on its indicator. Worked out once per plan.
    """
    def compute():
        out = []
        for column in sheet.columns:
            kind = layout.progress_cell_kind(ind, column) if ind is not None else column.kind
            if kind == layout.CHOICE and column.choices not in (None, "yesno"):
                kind = layout.TEXT  # status and source lists are checked against LISTS later
            is_target = ind is not None and column.key == "target"
            if kind in layout.INPUT_KINDS or is_target:
                out.append((column, kind if kind in layout.INPUT_KINDS else None, is_target))
        return tuple(out)

    return plan.derived(("cells_to_read", sheet.key, ind.id if ind is not None else None), compute)


def _read_sheet(ret: ReturnDraft, plan: Plan, sheet: layout.Sheet, title: str, rows: list[list],
                looks=None) -> None:
    header_row, cols, row_of = locate(rows, sheet)
    if header_row is None or sheet.row_key not in cols:
        ret.add("column-missing", sheet=title, detail=sheet.column(sheet.row_key).header)
        return
    for column in sheet.columns:
        if column.key not in cols and column.kind != layout.FORMULA:
            ret.add("column-missing", sheet=title, cell=cell_name(header_row, 0), detail=column.header)
    progress = sheet is layout.PROGRESS
    indicators = {ind.id: ind for ind in plan.indicators_for(ret.unit)} if progress else {}
    same_cells = None if progress else cells_to_read(plan, sheet)
    values = ret.values
    sheet_key = sheet.key
    percent_cells = None  # cells shown as a percentage, looked up once a percent cell holds a number
    for row_key in layout.row_keys(plan, ret.unit, sheet):
        r = row_of.get(row_key)
        if r is None:
            ret.add("row-missing", sheet=title, detail=row_key, subject=row_key)
            continue
        row = rows[r]
        width = len(row)
        ind = indicators.get(row_key)
        for column, kind, is_target in same_cells or cells_to_read(plan, sheet, ind):
            c = cols.get(column.key)
            if c is None:
                continue
            raw = row[c] if c < width else ""
            if is_target:
                _check_target(ret, plan, ind, raw, dict(sheet=title, cell=cell_name(r, c), subject=row_key))
            if kind is None:
                continue
            if raw == "" or raw is None:  # most input cells: every parser reads a blank as not reported
                values[(sheet_key, row_key, column.key)] = Value(None, raw, title, cell_name(r, c))
                continue
            if kind == layout.PERCENT and type(raw) in (float, int) and looks is not None:
                if percent_cells is None:
                    percent_cells = looks.percent_cells(title)
                if (r, c) in percent_cells:
                    values[(sheet_key, row_key, column.key)] = _percent_shown(ret, raw, title, cell_name(r, c),
                                                                              row_key)
                    continue
            values[(sheet_key, row_key, column.key)] = _parse_cell(
                ret, kind, raw, title, cell_name(r, c), row_key, ind.unit if ind is not None else None)
    if progress:
        _read_signoff(ret, plan, title, rows, header_row)
    elif sheet_key in layout.DECLARATIONS:
        _read_signoff(ret, plan, title, rows, header_row, _DECLARATION_LABELS[sheet_key])


_HUGE = float("inf")


def _percent_shown(ret: ReturnDraft, raw: float, sheet: str, cell: str, subject: str) -> Value:
    """A number in a cell formatted as a percentage reads as the percentage it shows:
    "85%" typed in Excel, WPS or LibreOffice is stored as 0.85, and 100% as 1."""
    value = round(float(raw) * 100, 9)
    shown = parse._number_text(value)
    ret.add("percent-cell-format", sheet=sheet, cell=cell, subject=subject, original=f"{shown}%",
            detail=shown)
    return Value(value, raw, sheet, cell)


def _parse_cell(ret: ReturnDraft, kind: str, raw: Any, sheet: str, cell: str, subject: str,
                unit: str | None = None) -> Value:
    """Read one typed cell into a Value; what reading changed or could not read becomes a finding.

    The commonest cells (a finite number, plain text, 是/否, a real date) are read right here,
    exactly as the parsers in parse.py would read them (tests compare the two on generated
    input); everything else goes to those parsers.
    """
    if raw is None or raw == "":  # most input cells: every parser reads a blank as not reported
        return Value(None, raw, sheet, cell)
    raw_type = type(raw)
    if raw_type is float:
        if kind == layout.NUMBER and -_HUGE < raw < _HUGE:
            return Value(raw, raw, sheet, cell)
        if kind == layout.PERCENT and (1 < raw < _HUGE or -_HUGE < raw <= 0):  # (0, 1] gets a note
            return Value(raw, raw, sheet, cell)
    elif raw_type is str:
        if kind == layout.TEXT:
            text = raw.strip()
            if text and text[0] not in parse.INVISIBLE_CHARS and text[-1] not in parse.INVISIBLE_CHARS:
                return Value(text, raw, sheet, cell)
        elif kind == layout.CHOICE and (raw == layout.YES or raw == layout.NO):
            return Value(raw == layout.YES, raw, sheet, cell)
    elif raw_type is date and kind == layout.DATE:
        return Value(raw, raw, sheet, cell)
    return _parse_general(ret, kind, raw, sheet, cell, subject, unit)


def _parse_general(ret: ReturnDraft, kind: str, raw: Any, sheet: str, cell: str, subject: str,
                   unit: str | None = None) -> Value:
    if raw is None or raw == "":
        return Value(None, raw, sheet, cell)
    if kind == layout.NUMBER:
        parsed = parse.parse_number(raw)
    elif kind == layout.PERCENT:
        parsed = parse.parse_percent(raw)
    elif kind == layout.DATE:
        parsed = parse.parse_date(raw, int((ret.period or "2020-01")[:4]))
    elif kind == layout.CHOICE:
        parsed = parse.parse_yesno(raw)
    else:
        parsed = parse.parse_text(raw)
    stripped = parsed.unit
    value, error = parsed.value, bool(parsed.error)
    if parsed.notes or parsed.error or (stripped and kind == layout.NUMBER and unit):
        where = dict(sheet=sheet, cell=cell, subject=subject)
        _note_parsed(ret, parsed, kind, raw, unit, where)
        if kind == layout.NUMBER and unit and stripped and value is not None and not same_unit(stripped, unit):
            value, error = _convert_unit(ret, value, stripped, unit, raw, where)
    return Value(value, raw, sheet, cell, error)


def _note_parsed(ret: ReturnDraft, parsed, kind: str, raw: Any, unit: str | None, where: dict) -> None:
    """Findings for what reading a cell changed or could not read."""
    original = _show(raw) if parsed.notes or parsed.error else ""
    foreign = kind == layout.NUMBER and unit and parsed.unit and not same_unit(parsed.unit, unit)
    for note in parsed.notes:
        if foreign and note.code == "number-unit-stripped":
            continue  # another unit: unit-converted or unit-mismatch says what became of it
        ret.add(note.code, detail=note.message, original=original, **where)
    if parsed.error:
        ret.add(parsed.error, detail=parsed.error_message or "", original=original, **where)


UNIT_CLASSES = ({"人", "名", "人次"}, {"个", "项"}, {"户", "家"})
# Units of one kind that convert into each other: the factor to the smallest unit.
UNIT_SCALES = ({"元": 1.0, "万元": 1e4, "亿元": 1e8}, {"万人": 1e4, "人": 1.0, "名": 1.0})


def same_unit(a: str, b: str) -> bool:
    return a == b or any(a in group and b in group for group in UNIT_CLASSES)


def unit_factor(typed: str, measure: str) -> float | None:
    """What a figure typed in `typed` units is multiplied by to be in `measure` (None: no conversion)."""
    for scale in UNIT_SCALES:
        if typed in scale and measure in scale:
            return scale[typed] / scale[measure]
    return None


def _convert_unit(ret: ReturnDraft, value: float, typed: str, measure: str, raw: Any,
                  where: dict) -> tuple[float | None, bool]:
    """'3000万元' in a 亿元 cell is 0.3 亿元, with a warning quoting what was typed; a unit of
    another kind ('5人' in a 万元 cell) cannot be converted and is an error."""
    factor = unit_factor(typed, measure)
    if factor is None:
        ret.add("unit-mismatch", original=_show(raw), detail=measure, **where)
        return None, True
    converted = round(value * factor, 10)
    ret.add("unit-converted", original=_show(raw), detail=f"{fmt_number(converted)}{measure}", **where)
    return converted, False


def _show(raw: Any) -> str:
    if isinstance(raw, float) and raw.is_integer():
        return str(int(raw))
    if isinstance(raw, (date, datetime)):
        return raw.isoformat()
    return str(raw)


def _check_target(ret: ReturnDraft, plan: Plan, ind, raw: Any, where: dict) -> None:
    expected = layout.target_cell_value(ind, ret.unit)
    if isinstance(expected, (int, float)):
        got = raw
        if isinstance(raw, str):
            parsed = parse.parse_number(raw)
            got = parsed.value
        ok = isinstance(got, (int, float)) and not isinstance(got, bool) and abs(got - expected) < 1e-6
    else:
        ok = norm(raw) == norm(expected)
    if not ok:
        expected_text = ind.target_text(ret.unit) if not isinstance(expected, str) else expected
        ret.add("target-tampered", original=_show(raw), detail=expected_text, **where)


_SIGNOFF_LABELS = {norm(label): key for key, label in layout.SIGNOFF}
_DECLARATION_LABELS = {k: {norm(d.label): d.key} for k, d in layout.DECLARATIONS.items()}
_FIELD_KINDS = {"report_date": layout.DATE} | {d.key: layout.CHOICE for d in layout.DECLARATIONS.values()}


def _read_signoff(ret: ReturnDraft, plan: Plan, title: str, rows: list[list], header_row: int,
                  labels: dict = _SIGNOFF_LABELS) -> None:
    """Labelled cells under a sheet's rows (sign-off, declarations): the value right of its label."""
    for r in range(header_row + 1, len(rows)):
        row = rows[r]
        for c, cell in enumerate(row):
            if type(cell) is not str or cell == "":
                continue
            key = labels.get(_norm_text(cell))
            if key is None or key in ret.signoff:
                continue
            # The value sits right of its label; allow a skipped cell (merged or moved).
            vc = next((k for k in range(c + 1, min(c + 4, len(row))) if row[k] != ""), None)
            raw = row[vc] if vc is not None else ""
            kind = _FIELD_KINDS.get(key, layout.TEXT)
            ret.signoff[key] = _parse_cell(ret, kind, raw, title, cell_name(r, vc if vc is not None else c + 1),
                                           key)
