"""The default plan against the plan document (shared/seed)."""
from datetime import date

import pytest

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


# ---- every number of sections 二 and 三 ----------------------------------------------------------

AUG30, SEP30, OCT30, JUN30 = date(2020, 8, 30), date(2020, 9, 30), date(2020, 10, 30), date(2020, 6, 30)
DEPARTMENTS = ["州沪滇办", "州委组织部", "州卫健委", "州商务局", "州投资促进局"]

# (id, prefecture-wide target, unit, deadline, reporters) for every indicator, in plan order.
# The text of the plan each row comes from is in the comment above its group.
EXPECTED = [
    # 二(一)1 双方主要领导带队互访任务各1次；召开双方高层联席会议1次（8月30日前）
    ("visit-to-chuxiong", 1, "次", AUG30, ["州沪滇办"]),
    ("visit-to-jiading", 1, "次", AUG30, ["州沪滇办"]),
    ("joint-meeting", 1, "次", AUG30, ["州沪滇办"]),
    # 二(一)2 州、县常委会议和政府常务会议专题研究2次；领导小组会议或推进会议3次（10月30日前）
    ("standing-meeting-prefecture", 2, "次", OCT30, ["州沪滇办"]),
    ("leading-group-meeting-prefecture", 3, "次", OCT30, ["州沪滇办"]),
    ("standing-meeting", 2 * 7, "次", OCT30, COUNTIES),
    ("leading-group-meeting", 3 * 7, "次", OCT30, COUNTIES),
    # 二(二)1 74个帮扶项目；2019年以前县级项目验收、审计（8月30日前）
    ("assist-projects", 74, "个", AUG30, COUNTIES),
    ("legacy-acceptance", 1, "项", AUG30, COUNTIES),
    # 二(二)2 7名干部；50名专技人员（教育30、卫生20）；培训班8期 = 上海6期 + 楚雄2期（9月30日前）
    ("cadres-seconded", 7, "名", SEP30, ["州委组织部"]),
    ("professionals", 50, "名", SEP30, ["州委组织部"]),
    ("professionals-education", 30, "名", SEP30, ["州委组织部"]),
    ("professionals-health", 20, "名", SEP30, ["州委组织部"]),
    ("training-courses", 8, "期", SEP30, ["州委组织部"]),
    ("training-shanghai", 6, "期", SEP30, ["州委组织部"]),
    ("course-poverty-cadres", 2, "期", SEP30, ["州委组织部"]),
    ("course-rural-revitalization", 1, "期", SEP30, ["州委组织部"]),
    ("course-digital-economy", 1, "期", SEP30, ["州委组织部"]),
    ("course-health-it", 1, "期", SEP30, ["州委组织部"]),
    ("course-teachers-shanghai", 1, "期", SEP30, ["州委组织部"]),
    ("training-chuxiong", 2, "期", SEP30, ["州委组织部"]),
    ("course-teachers-chuxiong", 1, "期", SEP30, ["州委组织部"]),
    ("course-medical-chuxiong", 1, "期", SEP30, ["州委组织部"]),
    ("trainees-poverty-cadres", 100, "人", SEP30, ["州委组织部"]),
    ("trainees-rural-revitalization", 60, "人", SEP30, ["州委组织部"]),
    ("trainees-digital-economy", 60, "人", SEP30, ["州委组织部"]),
    ("trainees-health-it", 50, "人", SEP30, ["州委组织部"]),
    ("trainees-teachers-shanghai", 60, "人", SEP30, ["州委组织部"]),
    ("trainees-teachers-chuxiong", 200, "人", SEP30, ["州委组织部"]),
    ("trainees-medical-chuxiong", 200, "人", SEP30, ["州委组织部"]),
    # 二(二)3 转移到上海150人；省内就近就地就业3000人（10月30日前）
    ("labour-to-shanghai", 150, "人", OCT30, COUNTIES),
    ("labour-local", 3000, "人", OCT30, COUNTIES),
    # 二(二)4 结转资金73.4万元；2020年项目资金140万元；专馆；约30户×2；约30家；演艺团队约15-20人
    ("consumption-carryover-2019", 73.4, "万元", OCT30, ["州商务局"]),
    ("consumption-2020", 140, "万元", OCT30, ["州商务局"]),
    ("shanghai-showroom", 1, "项", OCT30, ["州商务局"]),
    ("fair-1017-firms", 30, "户", OCT30, ["州商务局"]),
    ("fair-jiading-firms", 30, "户", OCT30, ["州商务局"]),
    ("green-food-firms", 30, "家", OCT30, ["州商务局"]),
    ("performers", 15, "人", OCT30, ["州商务局"]),
    # 二(二)5 上海帮扶资金350万元卫生信息化试点（8月30日前）
    ("health-it-pilot", 350, "万元", AUG30, ["州卫健委"]),
    # 二(三)1 企业10家以上；投资10亿元以上；“沪企入楚”3次以上；“楚品入沪”2次以上；各县四项比上年增长
    ("invest-firms", 10, "家", OCT30, ["州投资促进局"]),
    ("invest-amount", 10, "亿元", OCT30, ["州投资促进局"]),
    ("invest-promotion-events", 3, "次", OCT30, ["州投资促进局"]),
    ("products-fair-events", 2, "次", OCT30, ["州投资促进局"]),
    ("county-invest-firms", None, "家", OCT30, COUNTIES),
    ("county-invest-amount", None, "万元", OCT30, COUNTIES),
    ("county-poor-employed", None, "人", OCT30, COUNTIES),
    ("county-social-funds", None, "万元", OCT30, COUNTIES),
    # 二(三)2 主要领导带队汇报对接1次；携手奔小康880万元20个项目；点对点帮扶事项
    ("pairing-visit", 7, "次", OCT30, COUNTIES),
    ("pairing-funds", 880, "万元", OCT30, COUNTIES),
    ("pairing-projects", 20, "个", OCT30, COUNTIES),
    ("pairing-matters", 1, "项", OCT30, COUNTIES),
    # 二(四) 小河村：实地调研、项目对接、帮扶计划、协议签署及组织实施（8月30日前）
    ("xiaohe-survey", 1, "项", AUG30, ["武定县"]),
    ("xiaohe-matching", 1, "项", AUG30, ["武定县"]),
    ("xiaohe-plan", 1, "项", AUG30, ["武定县"]),
    ("xiaohe-agreement", 1, "项", AUG30, ["武定县"]),
    ("xiaohe-implementation", 1, "项", AUG30, ["武定县"]),
    # 二(五) 问题全面“清零”（6月30日前）；二(六) 台账；二(七) 案例各县3个以上、州级部门1个以上
    ("rectification-open", 0, "个", JUN30, COUNTIES + DEPARTMENTS),
    ("ledger-standardized", 1, "项", OCT30, ["州沪滇办"] + COUNTIES),
    ("highlight-cases", 3 * 7 + 1 * 5, "个", OCT30, COUNTIES + DEPARTMENTS),
]


def test_every_indicator_is_listed(plan):
    assert [i.id for i in plan.indicators] == [row[0] for row in EXPECTED]


@pytest.mark.parametrize("iid,target,unit,deadline,reporters", EXPECTED, ids=[r[0] for r in EXPECTED])
def test_indicator_target_unit_deadline_reporters(plan, iid, target, unit, deadline, reporters):
    ind = plan.indicator(iid)
    assert ind.target == target
    assert ind.unit == unit
    assert ind.deadline == deadline
    assert sorted(ind.reporters) == sorted(reporters)


def _quotas(ind, units):
    return [ind.targets.get(u) for u in units]


def test_meetings_are_two_and_three_per_county(plan):
    assert plan.indicator("standing-meeting").split == "each"
    assert _quotas(plan.indicator("standing-meeting"), COUNTIES) == [2] * 7
    assert _quotas(plan.indicator("leading-group-meeting"), COUNTIES) == [3] * 7
    assert _quotas(plan.indicator("pairing-visit"), COUNTIES) == [1] * 7


def test_sub_items_add_up_as_in_the_plan(plan):
    def kids(iid):
        return {i.id: i.target for i in plan.children(iid)}

    assert kids("professionals") == {"professionals-education": 30, "professionals-health": 20}
    assert kids("training-courses") == {"training-shanghai": 6, "training-chuxiong": 2}
    assert kids("training-shanghai") == {
        "course-poverty-cadres": 2, "course-rural-revitalization": 1, "course-digital-economy": 1,
        "course-health-it": 1, "course-teachers-shanghai": 1,
    }
    assert kids("training-chuxiong") == {"course-teachers-chuxiong": 1, "course-medical-chuxiong": 1}
    for parent in ("professionals", "training-courses", "training-shanghai", "training-chuxiong"):
        assert sum(kids(parent).values()) == plan.indicator(parent).target


def test_course_trainees(plan):
    trainees = {i.id: i.target for i in plan.indicators if i.id.startswith("trainees-")}
    assert trainees == {
        "trainees-poverty-cadres": 100, "trainees-rural-revitalization": 60,
        "trainees-digital-economy": 60, "trainees-health-it": 50, "trainees-teachers-shanghai": 60,
        "trainees-teachers-chuxiong": 200, "trainees-medical-chuxiong": 200,
    }
    assert sum(trainees.values()) == 730


def test_performers_range(plan):
    # 15-20 performers at one 对接会: a one-off event with a range
    ind = plan.indicator("performers")
    assert (ind.rule, ind.target, ind.target_max) == ("event", 15, 20)
    assert ind.target_text() == "15–20"


def test_one_off_events_and_year_start(plan):
    events = {i.id for i in plan.indicators if i.rule == "event"}
    assert {"visit-to-chuxiong", "visit-to-jiading", "joint-meeting", "pairing-visit", "fair-1017-firms",
            "fair-jiading-firms", "green-food-firms", "course-digital-economy"} <= events
    assert "labour-local" not in events and "course-poverty-cadres" not in events  # 2 courses: cumulative
    assert plan.indicator("labour-local").start == date(2020, 1, 1)
    assert plan.indicator("cadres-seconded").start == plan.issued
    assert plan.due_soon_days == 15


def test_prefecture_only_targets_have_no_county_split(plan):
    for iid in ("pairing-funds", "pairing-projects"):
        ind = plan.indicator(iid)
        assert ind.split == "none"
        assert _quotas(ind, COUNTIES) == [None] * 7
    for iid in ("county-invest-firms", "county-invest-amount", "county-poor-employed", "county-social-funds"):
        assert plan.indicator(iid).rule == "growth"


def test_single_reporter_targets_are_sole(plan):
    for iid in ("invest-amount", "health-it-pilot", "consumption-carryover-2019", "cadres-seconded"):
        ind = plan.indicator(iid)
        assert ind.split == "sole"
        assert dict(ind.targets) == {ind.reporters[0]: ind.target}


def test_xiaohe_milestones(plan):
    xiaohe = [i for i in plan.indicators if i.id.startswith("xiaohe-")]
    assert len(xiaohe) == 5
    assert all(i.rule == "milestone" and i.reporters == ("武定县",) for i in xiaohe)
    for ind, step in zip(xiaohe, ["实地调研", "项目对接", "帮扶计划", "协议", "组织实施"]):
        assert step in ind.text


def test_rectification_cleared_by_june_30(plan):
    ind = plan.indicator("rectification-open")
    assert (ind.rule, ind.source, ind.split) == ("zero", "rectification", "each")
    assert set(ind.targets.values()) == {0}
    assert ind.target_text() == "清零"


def test_cases_three_per_county_one_per_department(plan):
    ind = plan.indicator("highlight-cases")
    assert _quotas(ind, COUNTIES) == [3] * 7
    assert _quotas(ind, DEPARTMENTS) == [1] * 5
    assert ind.source == "cases"


def test_assist_projects_feed_the_projects_sheet(plan):
    assert [plan.projects_for(c) for c in COUNTIES] == [11, 13, 12, 8, 9, 11, 10]
    assert plan.projects_for("州商务局") == 0


def test_key_projects_deadlines_and_prefecture_share(plan):
    kp = plan.key_projects
    assert kp.threshold == "500万元以上"
    assert kp.deadline == AUG30
    assert (kp.prefecture_count, kp.prefecture_reporter, kp.prefecture_deadline) == (4, "州沪滇办", OCT30)
    assert kp.count_for("州沪滇办") == 4
    assert kp.count_for("南华县") == 3
    assert sum(kp.counties.values()) + kp.prefecture_count == 20


def test_departments(plan):
    assert list(plan.departments) == DEPARTMENTS
    assert plan.unit("州沪滇办").full_name == "州沪滇扶贫协作领导小组办公室"


SUPERVISION = [
    ("武定县", ("杨斌", "迟中华"), "州扶贫办", ("罗文慧", "赵良"), "林昆"),
    ("牟定县", ("李明",), "州卫健委", ("施克沛",), "王润泉"),
    ("南华县", ("赵克义",), "州教育体育局", ("段福君",), "起绍祥"),
    ("永仁县", ("徐晓梅",), "州委宣传部", ("龙俊波",), "李学才"),
    ("姚安县", ("州委组织部长",), "州委组织部", ("鲁光埔",), "袁莹"),
    ("大姚县", ("徐东",), "州人社局", ("黄云雁",), "周国富"),
    ("双柏县", ("李林波",), "州农业农村局", ("陈如军",), "孙正新"),
]


def test_all_seven_supervision_rows_in_order(plan):
    rows = [(r.county, r.leaders, r.lead_unit, r.responsible_persons, r.squad_leader) for r in plan.supervision]
    assert rows == SUPERVISION
