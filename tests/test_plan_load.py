"""A bad plan is refused with a Chinese message that names the indicator."""
import copy

import pytest
import yaml

from huyu_xlsx.plan import PlanError, load_plan, plan_from_dict
from huyu_xlsx.plan.load import default_plan_text


@pytest.fixture(scope="module")
def base():
    return yaml.safe_load(default_plan_text())


def _ind(data, iid):
    return next(i for i in data["indicators"] if i["id"] == iid)


def _split_not_adding_up(d):
    _ind(d, "assist-projects")["targets"]["双柏县"] = 12


def _sub_item_too_large(d):
    _ind(d, "professionals-education")["target"] = 60


def _unknown_county_in_targets(d):
    _ind(d, "labour-local")["targets"]["楚雄市"] = 10


def _unknown_reporter(d):
    _ind(d, "invest-amount")["reporters"] = ["州发改委"]


def _unreadable_date(d):
    _ind(d, "joint-meeting")["deadline"] = "8月底"


def _unknown_rule(d):
    _ind(d, "invest-firms")["rule"] = "more_than"


def _duplicate_id(d):
    d["indicators"].append(copy.deepcopy(_ind(d, "performers")))


def _missing_target(d):
    del _ind(d, "consumption-2020")["target"]


def _each_without_value(d):
    del _ind(d, "standing-meeting")["each"]


def _missing_split_quota(d):
    del _ind(d, "labour-to-shanghai")["targets"]["武定县"]


def _unknown_parent(d):
    _ind(d, "training-shanghai")["parent"] = "training"


def _range_without_max(d):
    ind = _ind(d, "performers")
    ind["rule"] = "range"  # in the default plan an event (15-20 people at one 对接会)
    del ind["target_max"]


BAD = [
    (_split_not_adding_up, "assist-projects", "不符"),
    (_sub_item_too_large, "professionals-education", "大于上级指标"),
    (_unknown_county_in_targets, "labour-local", "楚雄市"),
    (_unknown_reporter, "invest-amount", "州发改委"),
    (_unreadable_date, "joint-meeting", "8月底"),
    (_unknown_rule, "invest-firms", "more_than"),
    (_duplicate_id, "performers", "编号重复"),
    (_missing_target, "consumption-2020", "缺少目标值"),
    (_each_without_value, "standing-meeting", "each"),
    (_missing_split_quota, "labour-to-shanghai", "武定县"),
    (_unknown_parent, "training-shanghai", "training"),
    (_range_without_max, "performers", "target_max"),
]


@pytest.mark.parametrize("breaks,iid,why", BAD, ids=[b[0].__name__.strip("_") for b in BAD])
def test_bad_plan_is_refused_naming_the_indicator(base, breaks, iid, why):
    data = copy.deepcopy(base)
    breaks(data)
    with pytest.raises(PlanError) as err:
        plan_from_dict(data, "bad.yaml")
    assert f"指标 {iid}" in str(err.value)
    assert why in str(err.value)


def test_bad_yaml_file_is_refused(tmp_path, base):
    data = copy.deepcopy(base)
    _split_not_adding_up(data)
    path = tmp_path / "bad.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")
    with pytest.raises(PlanError, match="assist-projects"):
        load_plan(path)


def test_missing_file_and_non_yaml(tmp_path):
    with pytest.raises(PlanError, match="不存在"):
        load_plan(tmp_path / "none.yaml")
    garbage = tmp_path / "plan.yaml"
    garbage.write_text("a: [b", "utf-8")
    with pytest.raises(PlanError, match="YAML"):
        load_plan(garbage)


def test_yaml_file_equals_default(tmp_path):
    path = tmp_path / "copy.yaml"
    path.write_text(default_plan_text(), "utf-8")
    assert load_plan(path) == load_plan()


def test_a_changed_copy_of_a_plan_answers_for_itself():
    """Lookups are memoized per plan; a dataclasses.replace copy must not inherit them."""
    import dataclasses

    plan = load_plan()
    assert plan.unit_names[0] == "双柏县" and plan.fingerprint
    fewer = dataclasses.replace(plan, units=plan.units[1:])
    assert fewer.unit_names == plan.unit_names[1:]
    assert fewer.fingerprint != plan.fingerprint
    assert fewer.indicator("labour-local") is plan.indicator("labour-local")
