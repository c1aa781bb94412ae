"""Hand-made CollectResults for the report tests: a month without reading any file."""
from __future__ import annotations

import dataclasses

from huyu_xlsx import layout
from huyu_xlsx.checks.judge import BEHIND, DONE, INVALID, MISSING, ON_TRACK, OVERDUE
from huyu_xlsx.collect import ACCEPTED, NOT_RECEIVED, PREFECTURE, CollectResult, ProjectResult, Result, Submission
from huyu_xlsx.plan import Plan, Unit

CYCLE = (DONE, ON_TRACK, BEHIND, OVERDUE, INVALID, ON_TRACK, DONE)


def hand_result(plan: Plan, period: str = "2020-08", statuses: dict | None = None,
                absent: tuple = (), findings: list | None = None) -> CollectResult:
    """Every unit reports; each result's status cycles through CYCLE unless `statuses`
    {(indicator, unit): status} says otherwise. Actuals are plain numbers so sums are checkable."""
    statuses = statuses or {}
    due = plan.due_date(period)
    out = CollectResult(plan.id, period, due, due, findings=list(findings or []))
    k = 0
    for unit in plan.unit_names:
        if unit in absent:
            out.submissions.append(Submission(unit, "", NOT_RECEIVED))
        else:
            out.submissions.append(Submission(unit, f"{period}_{unit}.xlsx", ACCEPTED, "x", f"{period}-18T09:00:00",
                                              f"{period}-18", True, 0))
        for ind in plan.indicators_for(unit):
            k += 1
            status = MISSING if unit in absent else statuses.get((ind.id, unit), CYCLE[k % len(CYCLE)])
            target = ind.target_for(unit)
            if status == MISSING:
                actual = None
            elif ind.rule == "milestone":
                actual = status == DONE
            else:
                actual = float(k % 9)
            rate = None if actual is None or isinstance(actual, bool) or not target else actual / target
            out.results.append(Result(ind.id, unit, target, actual, rate, status,
                                      ind.deadline.isoformat() if ind.deadline else None,
                                      5.0 if ind.rule == "growth" else None, f"{period}_{unit}.xlsx", "任务进度", "I5"))
        for key in layout.key_project_ids(plan, unit):
            status = MISSING if unit in absent else (BEHIND if k % 2 else DONE)
            k += 1
            out.projects.append(ProjectResult(key, unit, f"{unit}项目{key[-2:]}", 1000.0, 600.0, 300.0, 0.5, 50.0,
                                              status, plan.key_projects.deadline_for(unit).isoformat()))
    for ind in plan.indicators:
        rows = [r for r in out.results if r.indicator == ind.id and r.actual is not None]
        actual = sum(float(r.actual) for r in rows) if rows else None
        out.results.append(Result(ind.id, PREFECTURE, ind.target, actual,
                                  actual / ind.target if actual is not None and ind.target else None,
                                  ON_TRACK, ind.deadline.isoformat() if ind.deadline else None))
    return out


def province_plan(plan: Plan, n: int) -> Plan:
    """The default plan stretched to `n` counties (the benchmark's province): every county
    indicator goes to every county with the first county's quota."""
    counties = [f"第{i:04d}县" for i in range(1, n + 1)]
    depts = [u for u in plan.units if not u.is_county]
    units = tuple(Unit(c, "county", c) for c in counties) + tuple(depts)
    first = plan.counties[0]
    indicators = []
    for ind in plan.indicators:
        if first in ind.reporters:
            reporters = tuple(counties) + tuple(r for r in ind.reporters if r not in plan.counties)
            targets = {u: (ind.target_for(first) if u in counties else ind.target_for(u)) for u in reporters}
            indicators.append(dataclasses.replace(ind, reporters=reporters, targets=targets))
        else:
            indicators.append(ind)
    kp = dataclasses.replace(plan.key_projects, counties={c: 1 for c in counties})
    return dataclasses.replace(plan, units=units, indicators=tuple(indicators), key_projects=kp,
                               supervision=())
