"""Returns re-saved by another office suite (LibreOffice for WPS/Excel) read the same."""
from __future__ import annotations

import pytest
from lo import convert, needs_soffice
from returns import PERIOD, make_return
from test_collect import templates  # noqa: F401 - the session fixture

from huyu_xlsx.collect import ACCEPTED, collect_returns

pytestmark = [pytest.mark.lo, needs_soffice]
UNITS = ("南华县", "州委组织部")  # a county with key projects, a department with sub-items


@pytest.fixture(scope="module")
def originals(plan, templates, tmp_path_factory):  # noqa: F811
    inbox = tmp_path_factory.mktemp("orig")
    for unit in UNITS:
        make_return(plan, templates, unit, inbox, change={
            ("progress", "labour-local", "actual"): "１２０人",
        } if unit == "南华县" else {})
    return inbox


def _values(result, unit):
    ret = result.returns[unit]
    return {k: v.value for k, v in ret.values.items()}, \
        [(r.indicator, r.actual, r.status) for r in result.results if r.unit == unit]


@pytest.mark.parametrize("fmt", ["xlsx", "xls", "ods"])
def test_resaved_returns_read_the_same(plan, originals, tmp_path, fmt):
    base = collect_returns(originals, plan, PERIOD)
    inbox = tmp_path / fmt
    for path in sorted(originals.iterdir()):
        convert(path, fmt, inbox)
    result = collect_returns(inbox, plan, PERIOD)
    for unit in UNITS:
        sub = next(s for s in result.submissions if s.unit == unit)
        assert sub.status == ACCEPTED and sub.file.endswith("." + fmt)
        got_values, got_results = _values(result, unit)
        want_values, want_results = _values(base, unit)
        assert got_values == want_values
        assert got_results == want_results
        assert sub.report_date == next(s for s in base.submissions if s.unit == unit).report_date
    # What the clerk typed is reported the same way whichever suite saved it.
    assert {f.key[0] for f in result.findings if f.unit == "南华县"} == \
           {f.key[0] for f in base.findings if f.unit == "南华县"}
