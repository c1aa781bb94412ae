"""Turning the collect stage's records into ledger rows and back, without losing a type."""
from __future__ import annotations

from dataclasses import astuple, fields
from datetime import date, datetime
from pathlib import Path
from typing import Any

from ..findings import Finding
from ..collect import ProjectResult, Result, Submission
from ..intake.read import ReturnFile, Value
from ..plan import Plan

NONE, NUMBER, TEXT, DATE, BOOL = "none", "number", "text", "date", "bool"
SIGNOFF = "signoff"  # sheet key under which the sign-off block (填报人 …) is kept

# Columns read back into each record; named after the dataclass fields, so a field added
# in collect.py without a migration fails loudly here instead of being dropped.
SUBMISSION_COLUMNS = tuple(f.name for f in fields(Submission))
RESULT_COLUMNS = tuple(c for f in fields(Result)
                       for c in (("actual_type", "actual") if f.name == "actual" else (f.name,)))
PROJECT_COLUMNS = tuple(f.name for f in fields(ProjectResult))
FINDING_COLUMNS = tuple(f.name for f in fields(Finding))


def encode(value: Any) -> tuple[str, Any]:
    """(type, stored) for a parsed cell value; bool before number, since bool is an int."""
    if value is None:
        return NONE, None
    if isinstance(value, bool):
        return BOOL, int(value)
    if isinstance(value, (int, float)):
        return NUMBER, float(value)
    if isinstance(value, datetime):  # the parsers give dates; keep a stray time as a date
        return DATE, value.date().isoformat()
    if isinstance(value, date):
        return DATE, value.isoformat()
    return TEXT, str(value)


def decode(kind: str, stored: Any) -> Any:
    if kind == NONE or stored is None:
        return None
    if kind == BOOL:
        return bool(stored)
    if kind == NUMBER:
        return float(stored)
    if kind == DATE:
        return date.fromisoformat(stored)
    return str(stored)


def raw_text(raw: Any) -> str:
    """What the cell held, as text: 15.0 read by calamine is the 15 the person typed."""
    if raw is None:
        return ""
    if isinstance(raw, float) and raw.is_integer():
        return str(int(raw))
    if isinstance(raw, (date, datetime)):
        return raw.isoformat()
    return str(raw)


def _flag(value: bool | None) -> int | None:
    return None if value is None else int(value)


def submission_rows(period: str, submissions: list[Submission]):
    for seq, s in enumerate(submissions):
        yield (period, seq, s.unit, s.file, s.status, s.sha256 or "", s.received, s.report_date,
               _flag(s.on_time), s.findings)


def submission_of(row) -> Submission:
    values = dict(zip(SUBMISSION_COLUMNS, row))
    on_time = values["on_time"]
    return Submission(**{**values, "on_time": None if on_time is None else bool(on_time)})


def value_rows(period: str, unit: str, ret: ReturnFile) -> list[tuple]:
    """Every input cell of an accepted return that holds something, then its sign-off block.

    A blank cell is not a value (it reads back as not reported either way), and most of a
    workbook's input cells are blank: leaving them out keeps a province's ledger small.
    One row per typed cell of every return (≈130,000 for 1,000 units), so the commonest
    values are told apart by type() before the general encode().
    """
    file = ret.file
    out = []
    cells = list(ret.values.items())
    cells += [((SIGNOFF, key, "value"), v) for key, v in ret.signoff.items()]
    for (sheet_key, row_key, column_key), v in cells:
        if v.blank:
            continue
        value, raw = v.value, v.raw
        kind = type(value)
        if kind is float:
            kind, stored = NUMBER, value
        elif kind is str:
            kind, stored = TEXT, value
        else:
            kind, stored = encode(value)
        out.append((period, unit, len(out), sheet_key, row_key, column_key, kind, stored,
                    raw if type(raw) is str else raw_text(raw), 1 if v.error else 0, file, v.sheet, v.cell))
    return out


def return_of(unit: str, submission: Submission | None, rows) -> ReturnFile:
    """A ReturnFile rebuilt from the ledger: the values and sign-off, not the findings."""
    signoff, values = {}, {}
    for sheet_key, row_key, column_key, kind, stored, raw, error, sheet, cell in rows:
        v = Value(decode(kind, stored), raw, sheet, cell, bool(error))
        if sheet_key == SIGNOFF:
            signoff[row_key] = v
        else:
            values[(sheet_key, row_key, column_key)] = v
    if submission is None:
        return ReturnFile(path=Path(""), unit=unit, signoff=signoff, values=values)
    received = datetime.fromisoformat(submission.received) if submission.received else None
    return ReturnFile(path=Path(submission.file), unit=unit, sha256=submission.sha256, received=received,
                      signoff=signoff, values=values)


def result_rows(period: str, results: list[Result], plan: Plan):
    for seq, r in enumerate(results):
        try:
            ind = plan.indicator(r.indicator)
            text, measure = ind.text, ind.unit
        except KeyError:
            text, measure = "", ""
        kind, actual = encode(r.actual)
        # '' stores "not judged on its own" (a unit's row of a target the plan does not split)
        yield (period, seq, r.indicator, text, measure, r.unit, r.target, kind, actual, r.rate, r.status or "",
               r.deadline, r.baseline, r.file, r.sheet, r.cell)


def result_of(row) -> Result:
    values = dict(zip(RESULT_COLUMNS, row))
    values["actual"] = decode(values.pop("actual_type"), values["actual"])
    values["status"] = values["status"] or None
    return Result(**values)


def project_rows(period: str, projects: list[ProjectResult]):
    for seq, p in enumerate(projects):
        yield (period, seq, *astuple(p))


def project_of(row) -> ProjectResult:
    return ProjectResult(*row)


def finding_rows(period: str, findings: list[Finding]):
    for seq, f in enumerate(findings):
        yield (period, seq, *astuple(f))


def finding_of(row) -> Finding:
    return Finding(*row)
