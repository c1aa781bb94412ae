"""Judgments the office can defend: the rule model, partial months, and the bulletin's numbers."""
from __future__ import annotations

import json
import re
from datetime import date

import pytest

from huyu_xlsx import layout
from huyu_xlsx.checks.judge import BEHIND, DONE, INVALID, MISSING, ON_TRACK, OVERDUE, judge
from huyu_xlsx.collect import PREFECTURE, collect_returns
from huyu_xlsx.plan.rules import RULE_KINDS
from huyu_xlsx.report import facts
from huyu_xlsx.report.bulletin import bulletin_document, bulletin_text

from returns import PERIOD, make_return

AS_OF = date(2020, 8, 20)
START = date(2020, 7, 6)


# --- the rule model -------------------------------------------------------------------------------

@pytest.mark.parametrize("rule, target, actual, baseline, target_max, rate, done", [
    ("at_least", 50, 30, None, None, 0.6, False),
    ("at_least", 50, 50, None, None, 1.0, True),
    ("exactly", 10, 12, None, None, 1.2, False),  # more than the quota is not "exactly"
    ("exactly", 10, 10, None, None, 1.0, True),
    ("range", 15, 18, None, 20, 1.2, True),
    ("range", 15, 21, None, 20, 1.4, False),
    ("event", 30, 31, None, None, 31 / 30, True),
    ("event", 15, 21, None, 20, 1.4, False),
    ("zero", 0, 0, None, None, 1.0, True),
    ("zero", 0, 2, None, None, 0.0, False),
    ("growth", None, 12, 10, None, 1.2, True),  # 本年 ÷ 上年, the same in the workbook
    ("growth", None, 10, 10, None, 1.0, False),  # no growth is not done
    ("milestone", 1, True, None, None, 1.0, True),
    ("milestone", 1, False, None, None, 0.0, False),
])
def test_each_rule_kind_knows_its_rate_and_when_it_is_done(rule, target, actual, baseline, target_max, rate, done):
    kind = RULE_KINDS[rule]
    assert kind.rate(actual, target, baseline, target_max) == pytest.approx(rate)
    assert kind.is_done(actual, target, baseline, target_max) is done


def test_unpaced_kinds_are_on_track_until_their_deadline_and_overdue_after():
    for rule in ("event", "milestone", "zero"):
        actual = False if rule == "milestone" else (0 if rule != "zero" else 3)
        before = judge(rule, 1, actual, as_of=AS_OF, start=START, deadline=date(2020, 10, 17))
        after = judge(rule, 1, actual, as_of=date(2020, 10, 20), start=START, deadline=date(2020, 10, 17))
        assert (before.status, after.status) == (ON_TRACK, OVERDUE), rule
    # A cumulative count at 10% with 70% of the time gone is behind.
    assert judge("at_least", 100, 10, as_of=AS_OF, start=START, deadline=date(2020, 9, 1)).status == BEHIND


def test_rule_formulas_are_written_for_every_kind():
    for code, kind in RULE_KINDS.items():
        formula = kind.rate_formula("I5", "F5", "H5", 15.0)
        assert formula.startswith("=IF(") and "I5" in formula, code
        assert "#DIV" not in formula


# --- a month with units missing -------------------------------------------------------------------

@pytest.fixture(scope="module")
def partial(plan, generated_month, tmp_path_factory):
    """Four units report, eight do not; 南华县 has a blank 问题整改 sheet and a few odd figures."""
    inbox = tmp_path_factory.mktemp("partial")
    blank_rect = {("rectification", str(i), col) for i in range(1, 5)
                  for col in ("source", "description", "measure", "status", "done_date", "owner")}
    make_return(plan, generated_month, "南华县", inbox, drop=tuple(blank_rect),
                change={("progress", "county-invest-firms", "baseline"): 10.0,
                        ("progress", "county-invest-firms", "actual"): 10.0})
    make_return(plan, generated_month, "双柏县", inbox,
                change={("progress", "county-invest-firms", "baseline"): 10.0,
                        ("progress", "county-invest-firms", "actual"): 12.0,
                        ("key_projects", "KP-双柏县-01", "works_progress"): 150.0})
    make_return(plan, generated_month, "州投资促进局", inbox,
                change={("progress", "invest-amount", "actual"): "3000万元"})
    make_return(plan, generated_month, "武定县", inbox,
                change={("progress", "xiaohe-agreement", "actual"): layout.NO})
    return collect_returns(inbox, plan, PERIOD)


def test_prefecture_figures_say_who_is_not_counted(partial, plan):
    data = json.loads(json.dumps(partial.to_dict(), ensure_ascii=False))
    whole = [r for r in data["results"] if r["unit"] == PREFECTURE]
    assert len(whole) == len(plan.indicators)
    for r in whole:
        cov = r["coverage"]
        ind = plan.indicator(r["indicator"])
        assert cov["expected"] == len(ind.reporters)
        assert cov["counted"] + len(cov["missing"]) + len(cov["invalid"]) == cov["expected"]
    labour = next(r for r in whole if r["indicator"] == "labour-local")
    assert labour["coverage"]["counted"] == 3  # 双柏县, 南华县 and 武定县 of seven counties
    assert labour["coverage"]["missing"] == [c for c in plan.counties if c not in ("双柏县", "南华县", "武定县")]
    assert all("days_left" in r for r in data["results"])


def test_cleared_to_zero_is_never_claimed_with_units_missing(partial, plan):
    rect = partial.result("rectification-open", PREFECTURE)
    assert rect.status != DONE
    # 南华县 left 问题整改 blank and said nothing: not reported, not "no open problems".
    assert partial.result("rectification-open", "南华县").status == MISSING
    text = bulletin_text(partial, plan)
    assert "已全部清零" not in text and "已清零" not in text


def test_blank_rectification_with_a_declaration_is_zero(plan, generated_month, tmp_path):
    blank = tuple(("rectification", str(i), col) for i in range(1, 5)
                  for col in ("source", "description", "measure", "status", "done_date", "owner"))
    path = make_return(plan, generated_month, "姚安县", tmp_path, drop=blank)
    from huyu_xlsx.samples import fill_return, signoff_for
    fill_return(path, path, {}, {**signoff_for("姚安县", date(2020, 8, 18)), "no_open_issues": layout.YES})
    result = collect_returns(tmp_path, plan, PERIOD)
    r = result.result("rectification-open", "姚安县")
    assert (r.actual, r.status) == (0.0, DONE)


def test_split_none_county_rows_are_not_judged(partial, plan):
    for county in ("双柏县", "南华县"):
        r = partial.result("pairing-funds", county)
        assert r.target is None and r.status is None and r.actual is not None
    ranked = facts.scores(partial, plan)
    for s in ranked:
        rows = [r for r in facts.unit_results(partial) if r.unit == s.unit and r.status]
        assert s.total == len(rows)
        assert "pairing-funds" not in {r.indicator for r in rows}


def test_growth_is_judged_against_each_units_own_baseline(partial):
    assert partial.result("county-invest-firms", "双柏县").status == DONE
    flat = partial.result("county-invest-firms", "南华县")
    assert flat.status != DONE and flat.rate == pytest.approx(1.0)
    assert partial.result("county-invest-firms", PREFECTURE).status != DONE  # five counties missing


def test_a_figure_in_another_unit_is_converted_with_the_whole_text_quoted(partial):
    r = partial.result("invest-amount", "州投资促进局")
    assert r.actual == pytest.approx(0.3) and r.status != DONE
    [f] = [f for f in partial.findings if f.code == "unit-converted"]
    assert f.original == "3000万元" and "0.3亿元" in f.message


def test_invalid_key_projects_are_never_counted(partial):
    bad = next(p for p in partial.projects if p.project == "KP-双柏县-01")
    assert bad.status == INVALID
    totals = facts.project_totals(partial.projects)
    usable = [p for p in partial.projects if p.status not in (MISSING, INVALID)]
    assert totals.usable == len(usable)
    assert totals.works_done == sum(1 for p in usable if p.works_progress >= 100)
    assert totals.allocated == pytest.approx(sum(p.allocated for p in usable))
    assert "未报送" in totals.note and "数据有误" in totals.note
    assert totals.status != MISSING  # judged on the projects that reported


def test_milestone_near_its_deadline_is_flagged(partial, plan):
    items = facts.issues(partial, plan)
    soon = [i for i in items if i.subject == "xiaohe-agreement"]
    assert soon and soon[0].due_soon and soon[0].days_left == 10
    # Events not due are not behind.
    assert all(r.status != BEHIND for r in partial.results if plan.indicator(r.indicator).rule == "event")


def test_a_unit_that_did_not_report_is_one_line(partial, plan):
    items = facts.issues(partial, plan)
    for unit in ("永仁县", "州卫健委"):
        mine = [i for i in items if i.unit == unit]
        assert len(mine) == 1 and mine[0].kind == "submission" and "无法评判" in mine[0].shortfall


def test_ranking_is_among_reporting_units_only(partial, plan):
    ranked = facts.ranking(facts.scores(partial, plan))
    reported = [s for s in ranked if s.reported]
    assert {s.unit for s in reported} == {"南华县", "双柏县", "州投资促进局", "武定县"}
    assert ranked[:len(reported)] == reported
    assert [s.score for s in reported] == sorted((s.score for s in reported), reverse=True)
    for s in reported:
        assert s.score == round(100 * (s.counts[DONE] + s.counts[ON_TRACK]) / s.total, 1)


def test_bulletin_numbers_match_the_json(partial, plan):
    doc = bulletin_document(partial, plan)
    text = "\n".join(doc.paragraphs())
    assert doc.opening.startswith(f"按照《{plan.title}》（{plan.document}）要求")
    assert [s.heading[:2] for s in doc.sections] == ["一、", "二、", "三、", "四、", "五、"][:len(doc.sections)]
    assert "工作表" not in text and "“研判”" not in text
    data = partial.to_dict()
    accepted = {s["unit"] for s in data["submissions"] if s["status"] == "accepted"}
    unit_rows = [r for r in data["results"] if r["unit"] in accepted and r["status"]]
    for status, label in ((DONE, "已完成"), (ON_TRACK, "正常推进"), (BEHIND, "进度滞后"), (OVERDUE, "逾期未完成")):
        n = sum(1 for r in unit_rows if r["status"] == status)
        overall = doc.sections[0].paragraphs[0]
        if n:
            assert f"{label}{n}项" in overall, label
    total = len(unit_rows)
    every = sum(1 for r in data["results"] if r["unit"] != PREFECTURE and r["status"])  # the summary's 合计
    assert f"各单位承担任务共{every}项" in doc.sections[0].paragraphs[0]
    assert f"已报送单位的{total}项" in doc.sections[0].paragraphs[0]
    # The overdue count appears once and equals the overdue items listed and in the JSON.
    overdue_tasks = sum(1 for r in unit_rows if r["status"] == OVERDUE)
    counts = re.findall(r"逾期未完成(\d+)项任务", text)
    if overdue_tasks:
        assert counts == [str(overdue_tasks)]
        listed = next(p for p in doc.sections[3].paragraphs if p.startswith("逾期未完成"))
        assert listed.count("（完成时限") == overdue_tasks
    behind_tasks = sum(1 for r in unit_rows if r["status"] == BEHIND)
    assert f"进度滞后{behind_tasks}项任务" in text if behind_tasks else "进度滞后" not in doc.sections[3].paragraphs
    # Headline percentages are the JSON rates.
    for m in re.finditer(r"为目标[\d.]+\D+?的([\d.]+)%", text):
        assert any(r["rate"] is not None and f"{r['rate']:.1%}" == m.group(1) + "%"
                   for r in data["results"] if r["unit"] == PREFECTURE)
    assert "未报送，未计入" in text
