"""The rule kinds of a plan's targets: one object per kind, asked for everything about it.

A rule knows its completion rate (完成率), when a figure is done, whether it is paced over
time, how its target reads, and the Excel formula the fill-in workbook shows as 完成率.
Generate, judge, the summary and the bulletin all ask the rule, so the workbook a unit fills
in and the summary the office signs cannot disagree. docs/rules.md explains each kind.
"""
from __future__ import annotations

from dataclasses import dataclass

TOLERANCE = 1e-6  # figures recalculated by another office suite differ in the last digits
YES, NO = "是", "否"


def fmt_number(value: float | None) -> str:
    """1.0 -> '1', 73.4 -> '73.4', None -> ''."""
    if value is None:
        return ""
    if float(value).is_integer():
        return str(int(value))
    return f"{value:g}"


@dataclass(frozen=True)
class Rule:
    """A cumulative count against an at-least quota (不少于): the default kind."""

    code: str = "at_least"
    label: str = "不少于"
    # Paced: judged against the share of time elapsed (时间过半、任务过半). Unpaced kinds stay
    # on track until their deadline.
    paced: bool = True
    # The 全州 figure may be done on a partial sum: units still missing can only add to it.
    partial_done: bool = True
    # The 全州 figure counts units done instead of adding figures up.
    counts_units: bool = False

    def rate(self, actual, target, baseline=None, target_max=None) -> float | None:
        if not _is_number(actual) or not target:
            return None
        return actual / target

    def is_done(self, actual, target, baseline=None, target_max=None) -> bool:
        return _is_number(actual) and target is not None and actual >= target - TOLERANCE

    def target_text(self, target, target_max=None, baseline=None) -> str:
        return fmt_number(target)

    def rate_formula(self, actual: str, target: str, baseline: str, lower: float | None) -> str:
        """完成率 in Excel; blank while the actual is blank, never #DIV/0!."""
        return f'=IF(ISNUMBER({actual}),IF(ISNUMBER({target}),IFERROR({actual}/{target},""),""),"")'


@dataclass(frozen=True)
class Exactly(Rule):
    """等于: the figure must equal the quota; more is not done either."""

    code: str = "exactly"
    label: str = "等于"
    partial_done: bool = False

    def is_done(self, actual, target, baseline=None, target_max=None) -> bool:
        return _is_number(actual) and target is not None and abs(actual - target) <= TOLERANCE


@dataclass(frozen=True)
class Range(Rule):
    """区间 (15–20人): done inside the range; the rate is measured against its lower end."""

    code: str = "range"
    label: str = "区间"
    partial_done: bool = False

    def is_done(self, actual, target, baseline=None, target_max=None) -> bool:
        if not _is_number(actual) or target is None:
            return False
        return actual >= target - TOLERANCE and (target_max is None or actual <= target_max + TOLERANCE)

    def target_text(self, target, target_max=None, baseline=None) -> str:
        return f"{fmt_number(target)}–{fmt_number(target_max)}"

    def rate_formula(self, actual: str, target: str, baseline: str, lower: float | None) -> str:
        # The target cell holds the text '15–20', so the lower end is written into the formula.
        return f'=IF(ISNUMBER({actual}),IFERROR({actual}/{fmt_number(lower)},""),"")'


@dataclass(frozen=True)
class Event(Range):
    """按时举办: a one-off event (a visit, a 对接会, a course): held or not, late only after its
    deadline. Done when the count reaches the target (and stays within target_max if given)."""

    code: str = "event"
    label: str = "一次性任务"
    paced: bool = False
    partial_done: bool = True

    def target_text(self, target, target_max=None, baseline=None) -> str:
        return super().target_text(target, target_max) if target_max is not None else fmt_number(target)

    def rate_formula(self, actual: str, target: str, baseline: str, lower: float | None) -> str:
        if lower is None:
            return Rule.rate_formula(self, actual, target, baseline, lower)
        return Range.rate_formula(self, actual, target, baseline, lower)


@dataclass(frozen=True)
class Zero(Rule):
    """清零: open items must be brought to zero; no pace, the deadline decides."""

    code: str = "zero"
    label: str = "清零"
    paced: bool = False
    partial_done: bool = False

    def rate(self, actual, target, baseline=None, target_max=None) -> float | None:
        return None if not _is_number(actual) else (1.0 if actual <= TOLERANCE else 0.0)

    def is_done(self, actual, target, baseline=None, target_max=None) -> bool:
        return _is_number(actual) and actual <= TOLERANCE

    def target_text(self, target, target_max=None, baseline=None) -> str:
        return "清零"

    def rate_formula(self, actual: str, target: str, baseline: str, lower: float | None) -> str:
        return f'=IF(ISNUMBER({actual}),IF({actual}=0,1,0),"")'


@dataclass(frozen=True)
class Growth(Rule):
    """比上年增长: this year's figure against the unit's own 上年数; done when above it.

    完成率 = 本年数 ÷ 上年数 (120% means 20% more than last year; 100% is not yet growth).
    """

    code: str = "growth"
    label: str = "比上年增长"
    partial_done: bool = False

    def rate(self, actual, target, baseline=None, target_max=None) -> float | None:
        if not _is_number(actual) or not baseline:
            return None
        return actual / baseline

    def is_done(self, actual, target, baseline=None, target_max=None) -> bool:
        return _is_number(actual) and baseline is not None and actual > baseline + TOLERANCE

    def target_text(self, target, target_max=None, baseline=None) -> str:
        return f"超过上年{fmt_number(baseline)}" if baseline is not None else "比上年增长"

    def rate_formula(self, actual: str, target: str, baseline: str, lower: float | None) -> str:
        return (f'=IF(AND(ISNUMBER({actual}),ISNUMBER({baseline})),'
                f'IFERROR({actual}/{baseline},""),"")')


@dataclass(frozen=True)
class Milestone(Rule):
    """完成与否 (是/否): no progress to pace; matters more as the deadline nears."""

    code: str = "milestone"
    label: str = "完成与否"
    paced: bool = False
    partial_done: bool = False
    counts_units: bool = True

    def rate(self, actual, target, baseline=None, target_max=None) -> float | None:
        if actual is None:
            return None
        return 1.0 if actual is True or actual == 1 else 0.0

    def is_done(self, actual, target, baseline=None, target_max=None) -> bool:
        return actual is True or (_is_number(actual) and actual >= 1 - TOLERANCE)

    def target_text(self, target, target_max=None, baseline=None) -> str:
        return "完成"

    def rate_formula(self, actual: str, target: str, baseline: str, lower: float | None) -> str:
        return f'=IF({actual}="{YES}",1,IF({actual}="{NO}",0,""))'


RULE_KINDS: dict[str, Rule] = {r.code: r for r in (Rule(), Exactly(), Range(), Event(), Zero(), Growth(),
                                                      Milestone())}
RULES = tuple(RULE_KINDS)
RULE_LABELS = {code: r.label for code, r in RULE_KINDS.items()}


def _is_number(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)
