"""DataFrames for analysts: a month's (CollectResult.frames) and the ledger's (Ledger.frames)."""
from __future__ import annotations

import dataclasses
import math
import subprocess
import sys
from datetime import date, datetime

import pytest

pd = pytest.importorskip("pandas")

from huyu_xlsx import collect_month  # noqa: E402
from huyu_xlsx.collect import SUBMISSION_LABELS  # noqa: E402
from huyu_xlsx.demo import BUNDLED_SAMPLES  # noqa: E402
from huyu_xlsx.frames import NEED_PANDAS, STATUS_ORDER  # noqa: E402
from huyu_xlsx.status import STATUS_LABELS  # noqa: E402

PERIOD = "2020-08"


@pytest.fixture(scope="module")
def month(plan):
    """The bundled month (collect_month's Month, a CollectResult): a county missing, yes/no
    milestones, invalid figures, findings."""
    return collect_month(BUNDLED_SAMPLES / PERIOD, PERIOD, plan=plan)


@pytest.fixture(scope="module")
def frames(month):
    return month.frames()


def test_a_month_gives_four_tables_of_its_records(month, frames):
    assert [len(f) for f in frames] == [len(month.submissions), len(month.results), len(month.projects),
                                        len(month.findings)]
    for f in frames:
        assert (f["period"] == PERIOD).all() and f["period"].dtype == "string"


def test_results_numbers_yes_no_dates_and_statuses(month, frames):
    df = frames.results
    for col in ("target", "actual", "rate", "baseline"):
        assert df[col].dtype == "float64", col
    assert df["actual_yes"].dtype == "boolean"
    assert df["deadline"].dtype == "datetime64[ns]"
    assert isinstance(df["status"].dtype, pd.CategoricalDtype) and df["status"].cat.ordered
    assert list(df["status"].cat.categories) == list(STATUS_ORDER)
    assert STATUS_ORDER[0] == "逾期未完成" and STATUS_ORDER[-1] == "已完成"
    kinds = set()
    for r, row in zip(month.results, df.itertuples(index=False)):
        assert (row.indicator, row.unit) == (r.indicator, r.unit)
        if isinstance(r.actual, bool):
            kinds.add("yes/no")
            assert math.isnan(row.actual) and bool(row.actual_yes) is r.actual
        elif r.actual is None:
            kinds.add("blank")
            assert math.isnan(row.actual) and row.actual_yes is pd.NA
        else:
            kinds.add("number")
            assert row.actual == r.actual and row.actual_yes is pd.NA
        assert (math.isnan(row.target) if r.target is None else row.target == r.target)
        assert (pd.isna(row.status) if r.status is None else row.status == STATUS_LABELS[r.status])
        assert (pd.isna(row.deadline) if r.deadline is None
                else row.deadline.date() == date.fromisoformat(r.deadline))
    assert kinds == {"yes/no", "blank", "number"}  # the bundled month has all three


def test_status_order_puts_the_worst_first(frames):
    df = frames.results.dropna(subset=["status"]).sort_values("status")
    assert df["status"].iloc[0] == "逾期未完成" or "逾期未完成" not in set(df["status"])
    needs_attention = frames.results[frames.results["status"] < "正常推进"]
    assert set(needs_attention["status"]) <= {"逾期未完成", "数据有误", "未报送", "进度滞后"}
    assert len(needs_attention)


def test_submissions_projects_and_findings_are_typed(month, frames):
    sub = frames.submissions
    assert sub["received"].dtype == sub["report_date"].dtype == "datetime64[ns]"
    assert sub["on_time"].dtype == "boolean" and sub["findings"].dtype == "int64"
    assert set(sub["status"].cat.categories) == set(SUBMISSION_LABELS.values())
    for s, row in zip(month.submissions, sub.itertuples(index=False)):
        assert row.status == SUBMISSION_LABELS[s.status]
        assert (pd.isna(row.received) if s.received is None
                else row.received.to_pydatetime() == datetime.fromisoformat(s.received))
        assert (row.on_time is pd.NA) if s.on_time is None else bool(row.on_time) is s.on_time
    assert sub["status"].eq("未报送").any()  # 永仁县 sent nothing
    proj = frames.projects
    for col in ("investment", "allocated", "disbursed", "disbursement_rate", "works_progress"):
        assert proj[col].dtype == "float64", col
    assert proj["allocated"].sum() == pytest.approx(sum(p.allocated or 0 for p in month.projects))
    assert proj["allocated"].isna().sum() == sum(p.allocated is None for p in month.projects)
    found = frames.findings
    assert found["severity"].cat.ordered and list(found["severity"].cat.categories) == ["错误", "警告", "提示"]
    assert list(found["code"]) == [f.code for f in month.findings]
    assert list(found["action"]) == [f.action for f in month.findings]
    assert found["title"].str.len().min() > 0


def test_the_ledger_gives_every_month(month, plan, frames, tmp_path):
    from huyu_xlsx.ledger import open_ledger

    earlier = dataclasses.replace(month, period="2020-07")
    with open_ledger(tmp_path / "huyu.db") as lg:
        lg.record(month, plan)
        lg.record(earlier, plan)
        history = lg.frames()
    for name, whole, one in zip(frames._fields, history, frames):
        assert list(whole["period"].unique()) == ["2020-07", PERIOD], name
        assert list(whole.columns) == list(one.columns), name
        this = whole[whole["period"] == PERIOD].reset_index(drop=True)
        pd.testing.assert_frame_equal(this, one, check_categorical=True, obj=name)


def test_without_pandas_frames_say_how_to_get_it(month, monkeypatch):
    monkeypatch.setitem(sys.modules, "pandas", None)  # import pandas now fails
    with pytest.raises(ImportError, match=r"huyu_xlsx\[analysis\]") as info:
        month.frames()
    assert str(info.value) == NEED_PANDAS


def test_the_command_line_never_imports_pandas():
    code = ("import sys, huyu_xlsx.cli, huyu_xlsx.month, huyu_xlsx.report, huyu_xlsx.ledger, huyu_xlsx.frames; "
            "print('pandas' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
