"""Status rules at dates before, on and after each deadline."""
from datetime import date

import pytest

from huyu_xlsx.checks.judge import BEHIND, DONE, INVALID, MISSING, ON_TRACK, OVERDUE, judge, time_progress

START = date(2020, 7, 6)
DEADLINE = date(2020, 8, 30)
BEFORE, ON, AFTER = date(2020, 8, 20), DEADLINE, date(2020, 8, 31)


def status(rule, target, actual, as_of, baseline=None, deadline=DEADLINE, invalid=False):
    return judge(rule, target, actual, as_of=as_of, start=START, deadline=deadline,
                 baseline=baseline, invalid=invalid).status


def test_time_progress():
    assert time_progress(START, DEADLINE, START) == 0
    assert time_progress(START, DEADLINE, DEADLINE) == 1
    assert time_progress(START, DEADLINE, date(2021, 1, 1)) == 1
    assert time_progress(START, None, DEADLINE) is None
    assert 0.8 < time_progress(START, DEADLINE, BEFORE) < 0.85  # 45 of 55 days


@pytest.mark.parametrize("as_of,actual,expected", [
    (BEFORE, 11, DONE), (ON, 11, DONE), (AFTER, 11, DONE),
    (BEFORE, 12, DONE),
    (BEFORE, 10, ON_TRACK),  # 91% done, 82% of the time gone
    (BEFORE, 5, BEHIND), (ON, 10, BEHIND), (AFTER, 10, OVERDUE),
    (BEFORE, None, MISSING), (AFTER, None, MISSING),
])
def test_at_least(as_of, actual, expected):
    assert status("at_least", 11, actual, as_of) == expected


@pytest.mark.parametrize("as_of,actual,expected", [
    (BEFORE, 15, DONE), (BEFORE, 20, DONE), (BEFORE, 18, DONE), (BEFORE, 25, DONE),
    (BEFORE, 14, ON_TRACK), (BEFORE, 5, BEHIND), (ON, 14, BEHIND), (AFTER, 14, OVERDUE),
])
def test_range_15_20(as_of, actual, expected):
    assert status("range", 15, actual, as_of) == expected


@pytest.mark.parametrize("as_of,actual,expected", [
    (BEFORE, True, DONE), (AFTER, True, DONE),
    (BEFORE, False, ON_TRACK), (ON, False, ON_TRACK), (AFTER, False, OVERDUE),
    (BEFORE, None, MISSING),
])
def test_milestone(as_of, actual, expected):
    assert status("milestone", 1, actual, as_of) == expected


@pytest.mark.parametrize("as_of,open_items,expected", [
    (date(2020, 6, 29), 0, DONE), (date(2020, 6, 29), 2, ON_TRACK),
    (date(2020, 6, 30), 2, ON_TRACK), (date(2020, 7, 1), 2, OVERDUE), (date(2020, 8, 20), 0, DONE),
])
def test_zero_open_items_by_june_30(as_of, open_items, expected):
    assert status("zero", 0, open_items, as_of, deadline=date(2020, 6, 30)) == expected


@pytest.mark.parametrize("as_of,actual,baseline,expected", [
    (BEFORE, 12, 10, DONE), (AFTER, 12, 10, DONE),
    (BEFORE, 10, 10, ON_TRACK),  # equal to last year: not yet growth, but on pace
    (BEFORE, 3, 10, BEHIND), (AFTER, 10, 10, OVERDUE),
    (BEFORE, 12, None, INVALID),  # no baseline: cannot be judged
])
def test_growth_over_last_year(as_of, actual, baseline, expected):
    assert status("growth", None, actual, as_of, baseline=baseline) == expected


def test_invalid_wins_over_everything():
    assert status("at_least", 11, 11, BEFORE, invalid=True) == INVALID
