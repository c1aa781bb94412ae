"""Filling generated workbooks the way a unit would, and the bundled sample month.

Used by `huyu demo`, by the tests and by the benchmark. Values go through openpyxl into
the unit's own workbook, so protection, validation and formulas stay as generated.
"""
from __future__ import annotations

import random
from datetime import date
from pathlib import Path
from typing import Any

from . import layout
from .checks.judge import time_progress
from .intake.read import locate, norm
from .plan import Plan

SAMPLE_PERIOD = "2020-08"


def fill_return(template: Path, out: Path, entries: dict, signoff: dict | None = None,
                overrides: dict | None = None) -> Path:
    """Write `entries` {(sheet_key, row_key, column_key): value} into a copy of a workbook.

    `signoff` maps labelled fields (layout.SIGNOFF keys, and layout.DECLARATIONS keys such as
    "no_open_issues") to values; `overrides` {(sheet_key, row_key,
    column_key): value} may also hit locked columns (to simulate a tampered target).
    Text starting with '=' is stored as text, as Excel does for a cell formatted as text.
    """
    from openpyxl import load_workbook

    wb = load_workbook(template)
    by_sheet: dict[str, dict] = {}
    for (sheet_key, row_key, col_key), value in {**entries, **(overrides or {})}.items():
        by_sheet.setdefault(sheet_key, {})[(row_key, col_key)] = value
    for sheet in layout.DATA_SHEETS:
        if sheet.title not in wb.sheetnames:
            continue
        ws = wb[sheet.title]
        rows = [list(r) for r in ws.iter_rows(values_only=True)]
        header_row, cols, row_of = locate(rows, sheet)
        for (row_key, col_key), value in by_sheet.get(sheet.key, {}).items():
            if row_key not in row_of or col_key not in cols:
                raise KeyError(f"{sheet.title}: no cell for {row_key}/{col_key}")
            _put(ws.cell(row=row_of[row_key] + 1, column=cols[col_key] + 1), value)
        labels = {norm(label): key for key, label in layout.SIGNOFF} if sheet is layout.PROGRESS else {}
        if sheet.key in layout.DECLARATIONS:
            dec = layout.DECLARATIONS[sheet.key]
            labels = {norm(dec.label): dec.key}
        if signoff and labels:
            for r, row in enumerate(rows):
                for c, cell in enumerate(row):
                    if isinstance(cell, str) and labels.get(norm(cell)) in signoff:
                        _put(ws.cell(row=r + 1, column=c + 2), signoff[labels[norm(cell)]])
    out.parent.mkdir(parents=True, exist_ok=True)
    wb.save(out)
    return out


def _put(cell, value: Any) -> None:
    cell.value = value
    if isinstance(value, str) and value.startswith("="):
        cell.data_type = "s"  # what the person typed, never a formula


def plausible_entries(plan: Plan, unit: str, period: str, seed: int = 0, pace: float = 1.0) -> dict:
    """Figures a unit would plausibly report for a period; `pace` < 1 makes it lag."""
    # Seeded by unit, not period: each draw is the same every month, so cumulative figures
    # only grow as time passes, as a real unit's would.
    rng = random.Random(f"{seed}:{unit}")
    year, month = (int(x) for x in period.split("-"))
    due = plan.due_date(period)
    # Share of the way from the plan's issue (July) to the usual deadline (end of October).
    elapsed = min(1.0, max(0.1, (month - 6) / 4)) * pace
    out: dict = {}
    for ind in plan.indicators_for(unit):
        if ind.source != "input":
            continue
        key = ("progress", ind.id)
        target = ind.target_for(unit)
        # A unit on pace keeps up with the time elapsed towards this indicator's deadline.
        elapsed = (time_progress(plan.issued, ind.deadline, due) or 0.5) * pace
        if ind.rule == "milestone":
            out[key + ("actual",)] = layout.YES if rng.random() < elapsed + 0.2 else layout.NO
        elif ind.rule == "growth":
            base = float(rng.randint(3, 60))
            out[key + ("baseline",)] = base
            out[key + ("actual",)] = round(base * (0.7 + elapsed * rng.uniform(0.3, 0.6)))
        elif ind.target_max is not None:
            out[key + ("actual",)] = float(rng.randint(int(ind.target), int(ind.target_max))) if elapsed >= 0.5 else 0.0
        else:
            base = target if target is not None else (ind.target or 10) / max(len(ind.reporters), 1)
            value = base * min(1.0, elapsed * rng.uniform(1.0, 1.3))
            out[key + ("actual",)] = round(value, 1) if ind.unit in ("万元", "亿元") else float(round(value))
        out[key + ("progress",)] = "按计划推进，已完成阶段性任务。"
    _fix_subitems(plan, unit, out)
    elapsed = (time_progress(plan.issued, plan.key_projects.deadline, due) or 0.5) * pace
    for i, pid in enumerate(layout.project_ids(plan, unit)):
        done = rng.random() < elapsed + 0.15
        out[("projects", pid, "name")] = f"{unit[:2]}沪滇协作项目{i + 1}"
        out[("projects", pid, "funds")] = float(rng.randint(50, 400))
        out[("projects", pid, "works_progress")] = 100.0 if done else float(rng.randint(30, 95))
        out[("projects", pid, "completed")] = layout.YES if done else layout.NO
        if done:
            out[("projects", pid, "finish_date")] = date(year, month, rng.randint(1, 15))
    for i, pid in enumerate(layout.key_project_ids(plan, unit)):
        allocated = float(rng.randint(500, 1200))
        works = min(100.0, round(elapsed * rng.uniform(80, 130)))
        out[("key_projects", pid, "name")] = f"{unit[:2]}重点产业项目{i + 1}"
        out[("key_projects", pid, "investment")] = allocated + rng.randint(0, 800)
        out[("key_projects", pid, "allocated")] = allocated
        out[("key_projects", pid, "disbursed")] = round(allocated * min(1.0, works / 100 * rng.uniform(0.8, 1.0)), 1)
        out[("key_projects", pid, "works_progress")] = works
        out[("key_projects", pid, "start_date")] = date(year - 1, rng.randint(9, 12), 1)
        out[("key_projects", pid, "accepted")] = layout.YES if works >= 100 else layout.NO
        out[("key_projects", pid, "audited")] = layout.NO
    sources = layout.LISTS["rectify_source"]
    for i in range(1, rng.randint(2, 4) + 1):
        key = ("rectification", str(i))
        out[key + ("source",)] = sources[rng.randrange(len(sources))]
        out[key + ("description",)] = f"台账资料不够规范（第{i}项）"
        out[key + ("measure",)] = "逐项补齐台账资料，专人负责。"
        out[key + ("status",)] = layout.RECTIFIED
        out[key + ("done_date",)] = date(2020, 6, rng.randint(10, 29))
        out[key + ("owner",)] = "张三"
    quota = max((int(i.target_for(unit) or 0) for i in plan.indicators_for(unit) if i.source == "cases"), default=1)
    for i in range(1, max(1, round(quota * elapsed)) + 1):
        out[("cases", str(i), "name")] = f"{unit}沪滇协作典型案例{i}"
        out[("cases", str(i), "practice")] = "搭建产销对接平台，带动建档立卡户增收。"
        out[("cases", str(i), "effect")] = "带动贫困户稳定增收。"
    return out


def _fix_subitems(plan: Plan, unit: str, out: dict) -> None:
    """Make parents equal the sum of their sub-items, as a careful clerk would."""
    for ind in reversed(plan.indicators_for(unit)):
        kids = [k for k in plan.children(ind.id) if unit in k.reporter_set]
        keys = [("progress", k.id, "actual") for k in kids]
        if kids and all(k in out for k in keys):
            out[("progress", ind.id, "actual")] = float(sum(out[k] for k in keys))


def signoff_for(unit: str, report_date: Any) -> dict:
    return {"filler": "李华", "phone": "0878-3120000", "leader": "王强", "report_date": report_date}


# The bundled month: who does what wrong (README, `huyu demo`).
SAMPLE_LATE = "姚安县"
SAMPLE_MISSING = "永仁县"
SAMPLE_TYPOS = "南华县"
SAMPLE_TAMPERED = "大姚县"
SAMPLE_XLS = "牟定县"
SAMPLE_RENAMED = "武定县"


def make_sample_month(plan: Plan, templates: dict[str, Path], out_dir: Path, period: str = SAMPLE_PERIOD,
                      to_xls=None) -> list[Path]:
    """Fill `templates` (unit -> generated workbook) into a realistic month of returns.

    `to_xls(path) -> Path` converts a workbook to .xls (LibreOffice); without it the
    county that re-saves as .xls keeps its .xlsx.
    """
    year, month = (int(x) for x in period.split("-"))
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for unit, template in templates.items():
        if unit == SAMPLE_MISSING:
            continue
        pace = 0.6 if unit in ("武定县", "州商务局") else 1.0
        entries = plausible_entries(plan, unit, period, pace=pace)
        report_day = date(year, month, 24 if unit == SAMPLE_LATE else 18)
        signoff = signoff_for(unit, report_day)
        overrides = {}
        if unit == SAMPLE_TYPOS:
            entries[("progress", "labour-local", "actual")] = "２８０"
            entries[("progress", "labour-to-shanghai", "actual")] = "50人"
            entries[("progress", "standing-meeting", "actual")] = "约2"
            signoff["report_date"] = f"{year}.{month}.{plan.report_day}"
        if unit == SAMPLE_TAMPERED:
            overrides[("progress", "labour-local", "target")] = 300.0
        if unit == "武定县":
            entries[("rectification", "1", "status")] = "整改中"
        name = layout.file_name(unit, period)
        if unit == SAMPLE_RENAMED:
            name = f"{unit}{month}月报表(1).xlsx"
        path = fill_return(template, out_dir / name, entries, signoff, overrides)
        if unit == SAMPLE_XLS and to_xls is not None:
            xls = to_xls(path)
            path.unlink()
            path = xls
        written.append(path)
    return sorted(written)
