"""Judging a figure against its quota and deadline, as of a date.

The rules (also in docs/rules.md); what "done" and the completion rate mean for each
kind of target is the rule object's (plan/rules.py):
- 数据有误 invalid: the unit's figure could not be read or broke a hard check.
- 未报送 missing: nothing reported (a blank is "not reported", never zero).
- 已完成 done: the rule says the figure meets its target.
- 逾期未完成 overdue: not done and the as-of date is past the deadline.
- 进度滞后 behind: a paced target not done whose completion rate is below the time elapsed,
  rate < (as_of − start) / (deadline − start) — "时间过半、任务过半".
- 正常推进 on_track: otherwise; unpaced targets (清零, 完成与否, one-off events) stay on track
  until their deadline.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from ..plan.rules import RULE_KINDS, TOLERANCE, Rule
from ..status import (BEHIND, DONE, INVALID, MISSING, ON_TRACK, OVERDUE, SEVERITY_RANK, STATUS_LABELS,
                      STATUSES)

__all__ = ["judge", "Judgement", "time_progress", "days_left", "worst", "TOLERANCE", "DONE", "ON_TRACK",
           "BEHIND", "OVERDUE", "MISSING", "INVALID", "STATUSES", "STATUS_LABELS", "SEVERITY_RANK"]


@dataclass(frozen=True)
class Judgement:
    status: str
    rate: float | None  # completion rate (1.0 = 100%), as the rule defines it
    time_progress: float | None  # share of the time to the deadline already elapsed


def time_progress(start: date, deadline: date | None, as_of: date) -> float | None:
    """Elapsed share of the time from the start to the deadline, clipped to 0–1."""
    if deadline is None:
        return None
    span = (deadline - start).days
    if span <= 0:
        return 1.0
    return min(1.0, max(0.0, (as_of - start).days / span))


def days_left(deadline: date | str | None, as_of: date) -> int | None:
    """Days from the as-of date to the deadline: negative once past it, None without one."""
    if deadline is None:
        return None
    if isinstance(deadline, str):
        deadline = date.fromisoformat(deadline)
    return (deadline - as_of).days


def judge(rule: str | Rule, target: float | None, actual, *, as_of: date, start: date,
          deadline: date | None, baseline: float | None = None, target_max: float | None = None,
          invalid: bool = False) -> Judgement:
    """The status of one figure (see the module docstring for the rules)."""
    kind = RULE_KINDS[rule] if isinstance(rule, str) else rule
    progress = time_progress(start, deadline, as_of)
    rate = kind.rate(actual, target, baseline, target_max)
    if invalid:
        return Judgement(INVALID, rate, progress)
    if actual is None:
        return Judgement(MISSING, None, progress)
    if kind.code == "growth" and baseline is None:
        return Judgement(INVALID, None, progress)
    if kind.is_done(actual, target, baseline, target_max):
        return Judgement(DONE, rate, progress)
    if deadline is not None and as_of > deadline:
        return Judgement(OVERDUE, rate, progress)
    if not kind.paced or progress is None or rate is None:
        return Judgement(ON_TRACK, rate, progress)
    return Judgement(BEHIND if rate + TOLERANCE < progress else ON_TRACK, rate, progress)


def worst(statuses) -> str:
    statuses = [s for s in statuses if s]
    return min(statuses, key=lambda s: SEVERITY_RANK[s]) if statuses else MISSING
