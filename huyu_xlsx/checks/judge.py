"""Judging a figure against its quota and deadline, as of a date.

The rules (also in README, "评判规则"):
- 数据有误 invalid: the unit's figure could not be read or broke a hard check.
- 未报送 missing: nothing reported (a blank is "not reported", never zero).
- 已完成 done: the quota is met (at_least/exactly: ≥ quota; range: ≥ its lower end;
  zero: no open items; milestone: 是; growth: above last year's figure).
- 逾期未完成 overdue: not done and the as-of date is past the deadline.
- 进度滞后 behind: not done, and the completion rate is below the time elapsed, i.e.
  rate < (as_of − plan issued) / (deadline − plan issued) — "时间过半、任务过半".
  A milestone (yes/no) has no pace and stays on track until its deadline.
- 正常推进 on_track: otherwise.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

DONE, ON_TRACK, BEHIND, OVERDUE, MISSING, INVALID = (
    "done", "on_track", "behind", "overdue", "missing", "invalid")
STATUSES = (DONE, ON_TRACK, BEHIND, OVERDUE, MISSING, INVALID)
STATUS_LABELS = {
    DONE: "已完成",
    ON_TRACK: "正常推进",
    BEHIND: "进度滞后",
    OVERDUE: "逾期未完成",
    MISSING: "未报送",
    INVALID: "数据有误",
}
# Worst first: the order leaders read the 研判 list in.
SEVERITY_RANK = {OVERDUE: 0, INVALID: 1, MISSING: 2, BEHIND: 3, ON_TRACK: 4, DONE: 5}
TOLERANCE = 1e-6  # figures recalculated by another office suite differ in the last digits


@dataclass(frozen=True)
class Judgement:
    status: str
    rate: float | None  # completion rate (1.0 = 100%); growth: actual / last year
    time_progress: float | None  # share of the time to the deadline already elapsed


def time_progress(start: date, deadline: date | None, as_of: date) -> float | None:
    """Elapsed share of the time from the plan's start to the deadline, clipped to 0–1."""
    if deadline is None:
        return None
    span = (deadline - start).days
    if span <= 0:
        return 1.0
    return min(1.0, max(0.0, (as_of - start).days / span))


def completion_rate(rule: str, target: float | None, actual, baseline: float | None = None) -> float | None:
    if actual is None:
        return None
    if rule == "milestone":
        return 1.0 if actual else 0.0
    if rule == "zero":
        return 1.0 if actual <= TOLERANCE else 0.0
    if rule == "growth":
        return actual / baseline if baseline else None
    if not target:
        return None
    return actual / target


def is_done(rule: str, target: float | None, actual, baseline: float | None = None) -> bool:
    if actual is None:
        return False
    if rule == "milestone":
        return bool(actual)
    if rule == "zero":
        return actual <= TOLERANCE
    if rule == "growth":
        return baseline is not None and actual > baseline + TOLERANCE
    if target is None:
        return False
    return actual >= target - TOLERANCE


def judge(rule: str, target: float | None, actual, *, as_of: date, start: date,
          deadline: date | None, baseline: float | None = None, invalid: bool = False) -> Judgement:
    """The status of one figure (see the module docstring for the rules)."""
    progress = time_progress(start, deadline, as_of)
    rate = completion_rate(rule, target, actual, baseline)
    if invalid:
        return Judgement(INVALID, rate, progress)
    if actual is None:
        return Judgement(MISSING, None, progress)
    if rule == "growth" and baseline is None:
        return Judgement(INVALID, None, progress)
    if is_done(rule, target, actual, baseline):
        return Judgement(DONE, rate, progress)
    if deadline is not None and as_of > deadline:
        return Judgement(OVERDUE, rate, progress)
    if rule in ("milestone", "zero") or progress is None or rate is None:
        return Judgement(ON_TRACK, rate, progress)
    return Judgement(BEHIND if rate + TOLERANCE < progress else ON_TRACK, rate, progress)


def worst(statuses) -> str:
    statuses = list(statuses)
    return min(statuses, key=lambda s: SEVERITY_RANK[s]) if statuses else MISSING
