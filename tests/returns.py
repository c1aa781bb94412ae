"""Helpers that make returned workbooks for the tests, as units would send them."""
from __future__ import annotations

import atexit
import shutil
import tempfile
from datetime import date
from functools import lru_cache
from pathlib import Path

from huyu_xlsx import layout
from huyu_xlsx.intake.read import cell_name, locate
from huyu_xlsx.samples import fill_return, plausible_entries, signoff_for

PERIOD = "2020-08"
REPORT_DATE = date(2020, 8, 18)


def cell_of(template: Path, sheet_key: str, row_key: str, col_key: str) -> tuple[str, str]:
    """(sheet title, A1 cell) of a field in a generated workbook, found through the layout."""
    sheet = next(s for s in layout.DATA_SHEETS if s.key == sheet_key)
    _, cols, row_of = locate(_rows(str(template), _stamp(template), sheet.title), sheet)
    return sheet.title, cell_name(row_of[row_key], cols[col_key])


def _stamp(path: Path) -> tuple[int, int]:
    st = Path(path).stat()
    return st.st_mtime_ns, st.st_size


@lru_cache(maxsize=256)
def _rows(template: str, stamp: tuple, title: str) -> list:
    """A sheet's values, read once per version of the file (openpyxl is slow to open a workbook)."""
    from openpyxl import load_workbook

    wb = load_workbook(template, read_only=True)
    rows = [list(r) for r in wb[title].iter_rows(values_only=True)]
    wb.close()
    return rows


def signoff_cell(template: Path, key: str) -> tuple[str, str]:
    from openpyxl import load_workbook

    label = dict(layout.SIGNOFF)[key]
    wb = load_workbook(template, read_only=True)
    for r, row in enumerate(wb[layout.PROGRESS.title].iter_rows(values_only=True)):
        for c, v in enumerate(row):
            if isinstance(v, str) and v.strip().rstrip("：:") == label:
                wb.close()
                return layout.PROGRESS.title, cell_name(r, c + 1)
    raise KeyError(key)


def make_return(plan, templates: dict, unit: str, inbox: Path, *, change: dict | None = None,
                drop: tuple = (), overrides: dict | None = None, report_date=REPORT_DATE,
                name: str | None = None, pace: float = 1.0) -> Path:
    """Fill a unit's generated workbook plausibly, with `change` applied on top."""
    entries = plausible_entries(plan, unit, PERIOD, pace=pace)
    entries.update(change or {})
    for key in drop:
        entries.pop(key, None)
    path = inbox / (name or layout.file_name(unit, PERIOD))
    return _filled(templates[unit], path, entries, signoff_for(unit, report_date), overrides)


_FILLED: dict = {}  # the returns filled so far, by their inputs: the same return is filled once per run
_STORE: list[Path] = []


def _filled(template: Path, path: Path, entries: dict, signoff: dict, overrides: dict | None) -> Path:
    """fill_return, or a fresh copy of the identical return filled earlier in this run."""
    key = (str(template), _stamp(template), repr(sorted(entries.items(), key=repr)),
           repr(sorted(signoff.items(), key=repr)), repr(sorted((overrides or {}).items(), key=repr)))
    if key not in _FILLED:
        if not _STORE:
            _STORE.append(Path(tempfile.mkdtemp(prefix="huyu-filled-")))
            atexit.register(shutil.rmtree, _STORE[0], True)
        store = _STORE[0] / str(len(_FILLED)) / path.name
        _FILLED[key] = fill_return(template, store, entries, signoff, overrides)
    path.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(_FILLED[key], path)
    return path


def make_month(plan, templates: dict, inbox: Path, skip: tuple = ()) -> list[Path]:
    return [make_return(plan, templates, u, inbox) for u in plan.unit_names if u not in skip]
