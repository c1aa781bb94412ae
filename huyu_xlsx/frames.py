"""pandas DataFrames of a month or of the whole ledger, for whoever analyses the figures.

    frames = result.frames()          # one collected month (CollectResult)
    frames = ledger.frames()          # every month the ledger holds
    frames.results.groupby("unit")["rate"].mean()

Four tables, the same columns either way (a `period` column tells the months apart):
submissions, results, projects, findings. Types are what an analyst needs: numbers are
float64 with NaN for a blank; a yes/no figure (完成与否) is not a number but a nullable
boolean column of its own (`actual_yes`); dates are datetime64; statuses are an ordered
categorical of their Chinese labels (status.py), worst first, so sorting puts 逾期未完成 on
top and `df.status < "正常推进"` picks what needs attention. A row judged only for 全州 has
no status (NaN).

pandas is an optional extra (`pip install 'huyu_xlsx[analysis]'`): it is imported here,
only when frames are asked for, so the command line never pays for it.
"""
from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, NamedTuple

from .status import SEVERITY_RANK, STATUS_LABELS

if TYPE_CHECKING:
    import pandas as pd

    from .collect import CollectResult

NEED_PANDAS = "需要先安装 pandas 才能生成数据表：pip install 'huyu_xlsx[analysis]'"

# Worst first, as the 研判 list reads; an ordered categorical compares in this order.
STATUS_ORDER = tuple(STATUS_LABELS[s] for s in sorted(STATUS_LABELS, key=SEVERITY_RANK.get))


class Frames(NamedTuple):
    submissions: "pd.DataFrame"
    results: "pd.DataFrame"
    projects: "pd.DataFrame"
    findings: "pd.DataFrame"


def _pandas():
    try:
        import pandas
    except ImportError as exc:
        raise ImportError(NEED_PANDAS) from exc
    return pandas


def month_frames(result: "CollectResult") -> Frames:
    """The four tables of one collected month."""
    return _frames([result])


def months_frames(results: Iterable["CollectResult"]) -> Frames:
    """The four tables of several months, one after the other (the ledger's history)."""
    return _frames(list(results))


def _frames(months: list) -> Frames:
    pd = _pandas()
    return Frames(
        submissions=_table(pd, months, lambda m: m.submissions, SUBMISSIONS),
        results=_table(pd, months, lambda m: m.results, RESULTS),
        projects=_table(pd, months, lambda m: m.projects, PROJECTS),
        findings=_table(pd, months, lambda m: m.findings, FINDINGS),
    )


# Column kinds: how a record's field becomes a typed column.
TEXT, NUMBER, YES, DATE, TIME, COUNT, STATUS = "text", "number", "yes", "date", "time", "count", "status"


def _status(value):
    return STATUS_LABELS.get(value) if value else None


def _submission_status(value):
    from .collect import SUBMISSION_LABELS

    return SUBMISSION_LABELS.get(value, value)


def _severity(value):
    from .findings import SEVERITY_LABELS

    return SEVERITY_LABELS.get(value, value)


def _title(finding):
    from .findings import CATALOGUE

    code = CATALOGUE.get(finding.code)
    return code.title if code else ""


def _number(value):
    return None if value is None or isinstance(value, bool) else float(value)


def _yes(value):
    return value if isinstance(value, bool) else None


# (column, kind, how to get it from the record); the record's own field when no getter.
SUBMISSIONS = (
    ("unit", TEXT, None), ("file", TEXT, None), ("status", "submission", lambda s: _submission_status(s.status)),
    ("sha256", TEXT, None), ("received", TIME, None), ("report_date", DATE, None), ("on_time", YES, None),
    ("findings", COUNT, None),
)
RESULTS = (
    ("indicator", TEXT, None), ("unit", TEXT, None), ("target", NUMBER, None),
    ("actual", NUMBER, lambda r: _number(r.actual)), ("actual_yes", YES, lambda r: _yes(r.actual)),
    ("rate", NUMBER, None), ("status", STATUS, lambda r: _status(r.status)), ("deadline", DATE, None),
    ("baseline", NUMBER, None), ("file", TEXT, None), ("sheet", TEXT, None), ("cell", TEXT, None),
)
PROJECTS = (
    ("project", TEXT, None), ("unit", TEXT, None), ("name", TEXT, None), ("investment", NUMBER, None),
    ("allocated", NUMBER, None), ("disbursed", NUMBER, None), ("disbursement_rate", NUMBER, None),
    ("works_progress", NUMBER, None), ("status", STATUS, lambda p: _status(p.status)),
    ("deadline", DATE, None), ("file", TEXT, None),
)
FINDINGS = (
    ("code", TEXT, None), ("title", TEXT, _title), ("severity", "severity", lambda f: _severity(f.severity)),
    ("message", TEXT, None), ("unit", TEXT, None), ("file", TEXT, None), ("sheet", TEXT, None),
    ("cell", TEXT, None), ("subject", TEXT, None), ("original", TEXT, None), ("action", TEXT, None),
)


def _table(pd, months: list, records, columns) -> "pd.DataFrame":
    data: dict[str, list] = {"period": []}
    data.update((name, []) for name, _, _ in columns)
    for month in months:
        rows = records(month)
        data["period"] += [month.period] * len(rows)
        for name, _, get in columns:
            data[name] += [get(r) if get else getattr(r, name) for r in rows]
    frame = {"period": pd.Series(data["period"], dtype="string")}
    for name, kind, _ in columns:
        frame[name] = _typed(pd, kind, data[name])
    return pd.DataFrame(frame)


def _typed(pd, kind: str, values: list) -> "pd.Series":
    if kind == NUMBER:
        return pd.Series([float("nan") if v is None else float(v) for v in values], dtype="float64")
    if kind == COUNT:
        return pd.Series(values, dtype="int64")
    if kind == YES:
        return pd.Series(values, dtype="boolean")
    if kind in (DATE, TIME):  # ISO text in the records; a blank is NaT
        return pd.Series(pd.to_datetime(pd.Series(values, dtype="object"), format="ISO8601"),
                         dtype="datetime64[ns]")
    if kind == STATUS:
        return pd.Series(pd.Categorical(values, categories=STATUS_ORDER, ordered=True))
    if kind == "severity":
        from .findings import SEVERITY_LABELS, SEVERITY_ORDER

        order = [SEVERITY_LABELS[s] for s in sorted(SEVERITY_ORDER, key=SEVERITY_ORDER.get)]
        return pd.Series(pd.Categorical(values, categories=order, ordered=True))
    if kind == "submission":
        from .collect import SUBMISSION_LABELS

        return pd.Series(pd.Categorical(values, categories=list(SUBMISSION_LABELS.values())))
    return pd.Series(values, dtype="string")
