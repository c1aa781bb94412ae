"""The default plan against the plan document (shared/seed)."""
from datetime import date

COUNTIES = ["双柏县", "牟定县", "南华县", "姚安县", "大姚县", "永仁县", "武定县"]


def test_counties_and_report_day(plan):
    assert list(plan.counties) == COUNTIES
    assert plan.report_day == 20
    assert plan.issued == date(2020, 7, 6)


def test_assist_projects_split(plan):
    ind = plan.indicator("assist-projects")
    assert ind.target == 74
    assert [ind.targets[c] for c in COUNTIES] == [11, 13, 12, 8, 9, 11, 10]
    assert ind.deadline == date(2020, 8, 30)


def test_labour_splits(plan):
    sh = plan.indicator("labour-to-shanghai")
    assert sh.target == 150
    assert [sh.targets[c] for c in COUNTIES] == [15, 15, 50, 10, 20, 15, 25]
    local = plan.indicator("labour-local")
    assert local.target == 3000
    assert [local.targets[c] for c in COUNTIES] == [260, 200, 280, 140, 370, 500, 1250]
    assert local.deadline == date(2020, 10, 30)


def test_key_projects(plan):
    kp = plan.key_projects
    assert [kp.counties[c] for c in COUNTIES] == [2, 2, 3, 1, 2, 3, 3]
    assert sum(kp.counties.values()) == 16
    assert kp.prefecture_count == 4


def test_supervision_table(plan):
    rows = {r.county: r for r in plan.supervision}
    assert set(rows) == set(COUNTIES)
    assert rows["武定县"].leaders == ("杨斌", "迟中华")
    assert rows["武定县"].responsible_persons == ("罗文慧", "赵良")
    assert rows["大姚县"].lead_unit == "州人社局"
    assert rows["双柏县"].squad_leader == "孙正新"
