"""Figures of one return: the actual of each indicator, and the checks on them.

The checks read a return and yield findings (frictionless-style); they never change it.
Which figures an error makes unusable follows from the findings (invalid_ids).
"""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from .. import layout
from ..findings import Finding
from ..intake.read import ReturnFile, Value
from ..plan import Indicator, Plan, fmt_number

SUSPICIOUS_FACTOR = 3


@dataclass(frozen=True)
class Figure:
    """The actual of one indicator for one unit, with where it came from."""

    actual: float | bool | None
    baseline: float | None
    sheet: str
    cell: str
    invalid: bool = False


def _num(v: Value | None):
    return None if v is None or v.error else v.value


def figures_of(ret: ReturnFile, plan: Plan) -> dict[str, Figure]:
    """Every indicator the unit reports -> its figure (worked out once: checked, then judged)."""
    return {ind.id: figure_of(ret, plan, ind) for ind in plan.indicators_for(ret.unit)}


def figure_of(ret: ReturnFile, plan: Plan, ind: Indicator) -> Figure:
    """The unit's actual for an indicator: typed in 任务进度, or counted from a detail sheet."""
    sheet_title = ret.sheet_titles.get(layout.PROGRESS.key, layout.PROGRESS.title)
    if ind.source == "input":
        v = ret.get("progress", ind.id, "actual")
        b = ret.get("progress", ind.id, "baseline")
        if v is None:
            return Figure(None, _num(b), sheet_title, "", invalid=False)
        return Figure(_num(v), _num(b), v.sheet, v.cell, invalid=v.error)
    if ind.source == "projects":
        keys = layout.project_ids(plan, ret.unit)
        flags = [ret.get("projects", k, "completed") for k in keys]
        errors = any(f is not None and f.error for f in flags)
        answered = [f for f in flags if f is not None and f.value is not None]
        title = ret.sheet_titles.get("projects", layout.PROJECTS.title)
        if not answered and not errors:
            return Figure(None, None, title, "")
        return Figure(float(sum(1 for f in answered if f.value is True)), None, title,
                      _span(flags), invalid=errors)
    if ind.source == "rectification":
        title = ret.sheet_titles.get("rectification", layout.RECTIFICATION.title)
        if "rectification" not in ret.sheet_titles:
            return Figure(None, None, title, "")
        if not rectification_rows(ret):  # blank is not zero: only a unit that says so has none
            return _declared(ret, "rectification", title)
        return Figure(float(len(open_items(ret))), None, title, "")
    if ind.source == "cases":
        title = ret.sheet_titles.get("cases", layout.CASES.title)
        if "cases" not in ret.sheet_titles:
            return Figure(None, None, title, "")
        rows = [ret.get("cases", str(i), "name") for i in range(1, layout.case_rows(plan, ret.unit) + 1)]
        count = sum(1 for v in rows if v is not None and v.value)
        return Figure(float(count), None, title, "") if count else _declared(ret, "cases", title)
    raise ValueError(ind.source)


def _declared(ret: ReturnFile, sheet_key: str, title: str) -> Figure:
    """An empty detail sheet: zero when the unit answered 是 under it, else not reported."""
    v = ret.signoff.get(layout.DECLARATIONS[sheet_key].key)
    if v is None or v.error:
        return Figure(None, None, title, v.cell if v else "", invalid=bool(v and v.error))
    return Figure(0.0 if v.value is True else None, None, title, v.cell)


def _span(values) -> str:
    cells = [v.cell for v in values if v is not None]
    return f"{cells[0]}:{cells[-1]}" if cells else ""


def rectification_rows(ret: ReturnFile) -> list[str]:
    """Row keys of 问题整改 rows with anything written in them."""
    out = []
    for i in range(1, layout.RECTIFICATION_ROWS + 1):
        key = str(i)
        if any(
            (v := ret.get("rectification", key, col.key)) is not None and v.value not in (None, "")
            for col in layout.RECTIFICATION.columns if col.is_input
        ):
            out.append(key)
    return out


def open_items(ret: ReturnFile) -> list[str]:
    """Rectification rows not yet 已整改 (a row without a status counts as open)."""
    out = []
    for key in rectification_rows(ret):
        status = ret.get("rectification", key, "status")
        if status is None or status.value != layout.RECTIFIED:
            out.append(key)
    return out


# An error of these codes makes the figure it is about (the finding's subject) unusable.
INVALIDATING = frozenset({"value-negative", "percent-over-100", "disbursed-over-allocated", "subitems-mismatch"})


def invalid_ids(ret: ReturnFile, findings) -> set[str]:
    """Row keys (indicator ids among them) whose figure cannot be used: a cell reading could
    not read, or a check's error about it."""
    bad = {row_key for (_, row_key, _), v in ret.values.items() if v.error}
    return bad | {f.subject for f in findings if f.code in INVALIDATING}


def check_figures(ret: ReturnFile, plan: Plan, as_of: date, previous: dict | None = None,
                  figures: dict[str, Figure] | None = None) -> Iterator[Finding]:
    """Yield the findings about the return's figures (`figures`: figures_of(ret, plan), if at hand)."""
    figures = figures_of(ret, plan) if figures is None else figures
    yield from _check_cells(ret, as_of)
    yield from _check_key_projects(ret, plan)
    yield from _check_rectification(ret)
    yield from _check_indicators(ret, plan, figures, previous or {})
    yield from _check_subitems(ret, plan, figures)


def _at(ret: ReturnFile, code: str, v: Value, subject: str, **kw) -> Finding:
    return ret.finding(code, sheet=v.sheet, cell=v.cell, subject=subject, **kw)


def _check_cells(ret: ReturnFile, as_of: date) -> Iterator[Finding]:
    for (sheet_key, row_key, col_key), v in ret.values.items():
        value = v.value
        if v.error:
            continue
        kind = type(value)
        if kind is float or kind is int:
            if value < 0:
                yield _at(ret, "value-negative", v, row_key, original=fmt_number(value))
            if value > 100 and (sheet_key, col_key) in _PERCENT_COLUMNS:
                yield _at(ret, "percent-over-100", v, row_key, original=fmt_number(value))
        elif isinstance(value, date) and value > as_of and col_key in ("done_date", "finish_date"):
            yield _at(ret, "date-after-as-of", v, row_key, original=value.isoformat(), detail=as_of.isoformat())


def _check_key_projects(ret: ReturnFile, plan: Plan) -> Iterator[Finding]:
    for key in layout.key_project_ids(plan, ret.unit):
        alloc, disb = ret.get("key_projects", key, "allocated"), ret.get("key_projects", key, "disbursed")
        if _num(alloc) is not None and _num(disb) is not None and disb.value > alloc.value + 1e-6:
            yield _at(ret, "disbursed-over-allocated", disb, key, original=fmt_number(disb.value),
                      detail=fmt_number(alloc.value))


def _check_rectification(ret: ReturnFile) -> Iterator[Finding]:
    for key in rectification_rows(ret):
        status = ret.get("rectification", key, "status")
        if status is None or status.value in (None, ""):
            desc = ret.get("rectification", key, "description")
            where = status or desc
            yield ret.finding("rectification-status-missing", sheet=where.sheet if where else "",
                              cell=where.cell if where else "", subject=key,
                              original=(desc.value if desc is not None else "") or f"第{key}项")


def _check_indicators(ret: ReturnFile, plan: Plan, figures: dict, previous: dict) -> Iterator[Finding]:
    for ind in plan.indicators_for(ret.unit):
        fig = figures[ind.id]
        v = ret.get("progress", ind.id, "actual")
        if ind.source == "input" and v is not None and v.value is None and not v.error:
            yield ret.finding("value-missing", sheet=v.sheet, cell=v.cell, subject=ind.id, detail=ind.text)
        if fig.actual is None or fig.invalid or isinstance(fig.actual, bool):
            continue
        at = dict(sheet=fig.sheet, cell=fig.cell, subject=ind.id, original=fmt_number(fig.actual))
        target = ind.target_for(ret.unit)
        if ind.target_max is None and ind.kind.partial_done and target and fig.actual > SUSPICIOUS_FACTOR * target:
            yield ret.finding("value-suspicious-high", detail=fmt_number(target), **at)
        if ind.target_max is not None and fig.actual > ind.target_max:
            yield ret.finding("value-above-range", detail=ind.target_text(), **at)
        if ind.rule == "growth" and fig.baseline is None:
            b = ret.get("progress", ind.id, "baseline")
            yield ret.finding("baseline-missing", sheet=b.sheet if b else fig.sheet, cell=b.cell if b else "",
                              subject=ind.id)
        before = previous.get((ret.unit, ind.id))
        if isinstance(before, (int, float)) and ind.rule != "zero" and fig.actual < before - 1e-6:
            yield ret.finding("value-decreased", detail=fmt_number(before), **at)


def _check_subitems(ret: ReturnFile, plan: Plan, figures: dict) -> Iterator[Finding]:
    for parent in plan.indicators_for(ret.unit):
        kids = [k for k in plan.children(parent.id) if ret.unit in k.reporter_set]
        if not kids:
            continue
        p = figures[parent.id]
        vals = [figures[k.id].actual for k in kids]
        if p.actual is None or p.invalid or any(x is None for x in vals):
            continue
        total = sum(vals)
        complete = parent.target is not None and abs(sum(k.target or 0 for k in kids) - parent.target) < 1e-6
        if total > p.actual + 1e-6 or (complete and abs(total - p.actual) > 1e-6):
            parts = " + ".join(f"{k.text.replace('其中：', '')}{fmt_number(x)}" for k, x in zip(kids, vals))
            yield ret.finding("subitems-mismatch", sheet=p.sheet, cell=p.cell, subject=parent.id,
                              original=fmt_number(p.actual),
                              detail=f"{parent.text}填报 {fmt_number(p.actual)}{parent.unit}，"
                                     f"分项 {parts} = {fmt_number(total)}{parent.unit}，两者应相等。")


_PERCENT_COLUMNS = frozenset((sheet.key, col.key) for sheet in layout.DATA_SHEETS for col in sheet.columns
                             if col.kind == layout.PERCENT)
