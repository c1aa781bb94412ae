"""Loading a plan (YAML or an exported workbook) and refusing a bad one."""
from __future__ import annotations

import re
from collections import Counter
from datetime import date, datetime
from importlib import resources
from pathlib import Path

from ..errors import HuyuError
from .model import DUE_SOON_DAYS, RULES, SOURCES, SPLITS, Indicator, KeyProjects, Plan, SupervisionRow, Unit

DEFAULT_PLAN = "chuxiong-2020"


class PlanError(HuyuError, ValueError):
    """The plan file cannot be used; the message (Chinese) says where and why."""


def default_plan_text() -> str:
    return resources.files(__package__).joinpath(f"{DEFAULT_PLAN}.yaml").read_text("utf-8")


def read_yaml(text: str):
    """Safe YAML loading, with libyaml's C parser when PyYAML has it (many times faster)."""
    import yaml

    return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


def load_plan(path: str | Path | None = None) -> Plan:
    """Load the default plan, a plan YAML file, or a plan workbook made by `huyu plan export`."""
    import yaml

    if path is None:
        return plan_from_dict(read_yaml(default_plan_text()), DEFAULT_PLAN)
    path = Path(path)
    if not path.exists():
        raise PlanError(f"计划文件不存在：{path}")
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        from .workbook import read_plan_workbook

        return plan_from_dict(read_plan_workbook(path), path.name)
    try:
        data = read_yaml(path.read_text("utf-8"))
    except (UnicodeDecodeError, yaml.YAMLError) as exc:
        raise PlanError(f"计划文件 {path.name} 不是有效的 YAML：{exc}") from exc
    if not isinstance(data, dict):
        raise PlanError(f"计划文件 {path.name} 内容为空或格式不对。")
    return plan_from_dict(data, path.name)


_DATE_RE = re.compile(r"^\s*(\d{4})\s*[-./年]\s*(\d{1,2})\s*[-./月]\s*(\d{1,2})\s*日?\s*$")


def parse_plan_date(value, where: str) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    m = _DATE_RE.match(str(value)) if value is not None else None
    if m:
        try:
            return date(int(m[1]), int(m[2]), int(m[3]))
        except ValueError:
            pass
    raise PlanError(f"{where}：日期“{value}”无法识别，请写成 2020-08-30。")


def _number(value, where: str) -> float | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise PlanError(f"{where}：“{value}”不是数字。")
    try:
        return float(value)
    except (TypeError, ValueError):
        raise PlanError(f"{where}：“{value}”不是数字。") from None


def _names(value) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return tuple(s for s in re.split(r"[、,，;；\s]+", value) if s)
    return tuple(str(v) for v in value)


def _require(data: dict, key: str, where: str):
    if key not in data or data[key] in (None, ""):
        raise PlanError(f"{where}：缺少“{key}”。")
    return data[key]


def plan_from_dict(data: dict, source: str) -> Plan:
    """Build and check a Plan from its plain-data form (as in the YAML file)."""
    counties = _names(_require(data, "counties", source))
    units = [Unit(c, "county", c) for c in counties]
    for dep in data.get("departments") or []:
        dep = dep if isinstance(dep, dict) else {"name": dep}
        name = str(_require(dep, "name", f"{source} departments"))
        units.append(Unit(name, "department", str(dep.get("full_name") or name)))
    unit_names = [u.name for u in units]
    dupes = {n for n, k in Counter(unit_names).items() if k > 1}
    if dupes:
        raise PlanError(f"{source}：填报单位重复：{'、'.join(sorted(dupes))}。")

    issued = parse_plan_date(_require(data, "issued", source), f"{source} 印发日期")
    indicators = tuple(
        _indicator(raw, counties, unit_names, source, issued) for raw in data.get("indicators") or []
    )
    if not indicators:
        raise PlanError(f"{source}：计划中没有任何指标（indicators）。")
    _check_indicators(indicators, unit_names)

    kp_raw = _require(data, "key_projects", source)
    pref = kp_raw.get("prefecture") or {}
    kp_counties = {str(k): int(_number(v, f"重点项目 {k}") or 0) for k, v in (kp_raw.get("counties") or {}).items()}
    for name in kp_counties:
        if name not in counties:
            raise PlanError(f"重点项目：未知的县“{name}”。")
    if kp_raw.get("total") is not None and int(kp_raw["total"]) != sum(kp_counties.values()):
        raise PlanError(
            f"重点项目：各县合计 {sum(kp_counties.values())} 个，与总数 {kp_raw['total']} 个不符。"
        )
    kp_deadline = parse_plan_date(_require(kp_raw, "deadline", "重点项目"), "重点项目完成时限")
    pref_reporter = str(pref.get("reporter") or "")
    if pref.get("count") and pref_reporter not in unit_names:
        raise PlanError(f"重点项目：州级统筹项目的填报单位“{pref_reporter}”不在填报单位中。")
    key_projects = KeyProjects(
        threshold=str(kp_raw.get("threshold") or ""),
        deadline=kp_deadline,
        counties=kp_counties,
        prefecture_count=int(pref.get("count") or 0),
        prefecture_reporter=pref_reporter,
        prefecture_deadline=parse_plan_date(pref.get("deadline") or kp_deadline, "州级统筹项目完成时限"),
        note=str(pref.get("note") or ""),
    )

    supervision = []
    for row in data.get("supervision") or []:
        county = str(_require(row, "county", "督战表"))
        if county not in counties:
            raise PlanError(f"督战表：未知的县“{county}”。")
        supervision.append(
            SupervisionRow(
                county=county,
                leaders=_names(row.get("leaders")),
                lead_unit=str(row.get("lead_unit") or ""),
                responsible_persons=_names(row.get("responsible_persons")),
                squad_leader=str(row.get("squad_leader") or ""),
            )
        )

    report_day = int(_require(data, "report_day", source))
    if not 1 <= report_day <= 28:
        raise PlanError(f"{source}：报送日 report_day={report_day} 应在 1–28 之间。")
    year = int(_require(data, "year", source))
    first_period = str(data.get("first_period") or f"{year}-01")
    last_period = str(data.get("last_period") or f"{year}-12")
    for label, p in (("first_period", first_period), ("last_period", last_period)):
        if not re.fullmatch(r"\d{4}-\d{2}", p):
            raise PlanError(f"{source}：{label}“{p}”应写成 2020-08 这样的年月。")
    return Plan(
        id=str(_require(data, "id", source)),
        title=str(data.get("title") or ""),
        document=str(data.get("document") or ""),
        issuer=str(data.get("issuer") or ""),
        office=str(data.get("office") or ""),
        year=year,
        issued=issued,
        report_day=report_day,
        first_period=first_period,
        last_period=last_period,
        units=tuple(units),
        indicators=indicators,
        key_projects=key_projects,
        supervision=tuple(supervision),
        due_soon_days=_due_soon_days(data, source),
    )


def _due_soon_days(data: dict, source: str) -> int:
    raw = data.get("due_soon_days")
    if raw in (None, ""):
        return DUE_SOON_DAYS
    days = _number(raw, f"{source} 临近时限提醒天数 due_soon_days")
    if days is None or days < 0 or not float(days).is_integer():
        raise PlanError(f"{source}：临近时限提醒天数 due_soon_days 应为不小于 0 的整数。")
    return int(days)


def _indicator(raw: dict, counties: tuple[str, ...], unit_names: list[str], source: str,
               issued: date) -> Indicator:
    iid = str(_require(raw, "id", f"{source} 指标"))
    where = f"指标 {iid}"
    rule = str(raw.get("rule") or "at_least")
    if rule not in RULES:
        raise PlanError(f"{where}：未知的评判规则“{rule}”（可用：{'、'.join(RULES)}）。")
    source_kind = str(raw.get("source") or "input")
    if source_kind not in SOURCES:
        raise PlanError(f"{where}：未知的数据来源“{source_kind}”。")

    reporters_raw = raw.get("reporters") or "counties"
    if reporters_raw == "counties":
        reporters = counties
    elif reporters_raw == "all":
        reporters = tuple(unit_names)
    else:
        reporters = _names(reporters_raw)
    known = set(unit_names)
    for name in reporters:
        if name not in known:
            raise PlanError(f"{where}：未知的填报单位“{name}”。")

    target = _number(raw.get("target"), f"{where} 目标")
    target_max = _number(raw.get("target_max"), f"{where} 目标上限")
    explicit = {str(k): _number(v, f"{where} {k} 的目标") for k, v in (raw.get("targets") or {}).items()}
    reporting = set(reporters)
    for name in explicit:
        if name not in known:
            raise PlanError(f"{where}：分解目标中有未知的单位“{name}”。")
        if name not in reporting:
            raise PlanError(f"{where}：{name} 有分解目标，但不是该指标的填报单位。")
    split = str(raw.get("split") or ("by_unit" if explicit else ("sole" if len(reporters) == 1 else "none")))
    if rule == "growth" and split == "none":
        split = "each"  # growth is always each unit's own figure against its own 上年数
    if split not in SPLITS:
        raise PlanError(f"{where}：未知的分解方式“{split}”。")

    # Quotas implied by the rule itself.
    if rule == "zero":
        target = 0.0
    elif rule == "milestone":
        target = 1.0
    each = _number(raw.get("each"), f"{where} 每单位目标")
    if split == "each":
        if each is None:
            each = target if rule in ("zero", "milestone") else None
        if each is None and rule != "growth":
            raise PlanError(f"{where}：split 为 each 时须给出 each（每个单位的目标）。")
        targets = {u: each for u in reporters}
        if rule not in ("zero", "milestone", "growth") and each is not None:
            target = each * len(reporters)
    elif split == "by_unit":
        missing = [u for u in reporters if u not in explicit]
        if missing:
            raise PlanError(f"{where}：缺少 {'、'.join(missing)} 的分解目标。")
        targets = explicit
        total = sum(v or 0 for v in targets.values())
        if target is None:
            target = total
        elif abs(total - target) > 1e-9:
            parts = "+".join(f"{k}{v:g}" for k, v in targets.items())
            raise PlanError(f"{where}：各单位分解目标之和 {total:g}（{parts}）与总目标 {target:g} 不符。")
    elif split == "sole":
        if len(reporters) != 1:
            raise PlanError(f"{where}：split 为 sole 时只能有一个填报单位。")
        targets = {reporters[0]: target}
    else:  # none: the plan gives no per-unit quota
        targets = {u: None for u in reporters}

    if rule in ("at_least", "exactly", "range", "event") and target is None:
        raise PlanError(f"{where}：缺少目标值 target。")
    if target is not None and target < 0:
        raise PlanError(f"{where}：目标值不能为负数。")
    if rule == "range" and target_max is None:
        raise PlanError(f"{where}：区间目标须给出不小于 target 的 target_max。")
    if target_max is not None and target_max < (target or 0):
        raise PlanError(f"{where}：目标上限 target_max 不能小于 target。")
    deadline_raw = raw.get("deadline")
    deadline = parse_plan_date(deadline_raw, f"{where} 完成时限") if deadline_raw not in (None, "") else None
    start_raw = raw.get("start")
    start = parse_plan_date(start_raw, f"{where} 起算日期") if start_raw not in (None, "") else issued
    return Indicator(
        id=iid,
        section=str(raw.get("section") or ""),
        text=str(_require(raw, "text", where)),
        unit=str(raw.get("unit") or ""),
        rule=rule,
        target=target,
        target_max=target_max,
        targets=targets,
        split=split,
        deadline=deadline,
        responsible=_names(raw.get("responsible")),
        reporters=tuple(reporters),
        parent=(str(raw["parent"]) if raw.get("parent") else None),
        source=source_kind,
        note=str(raw.get("note") or ""),
        start=start,
    )


def _check_indicators(indicators: tuple[Indicator, ...], unit_names: list[str]) -> None:
    by_id: dict[str, Indicator] = {}
    for ind in indicators:
        if ind.id in by_id:
            raise PlanError(f"指标 {ind.id}：编号重复。")
        by_id[ind.id] = ind
    for ind in indicators:
        if ind.parent is None:
            continue
        parent = by_id.get(ind.parent)
        where = f"指标 {ind.id}"
        if parent is None:
            raise PlanError(f"{where}：上级指标“{ind.parent}”不存在。")
        if parent.unit != ind.unit:
            raise PlanError(f"{where}：计量单位“{ind.unit}”与上级指标 {parent.id} 的“{parent.unit}”不同。")
        if set(ind.reporters) - set(parent.reporters):
            raise PlanError(f"{where}：子项的填报单位必须同时填报上级指标 {parent.id}。")
        if ind.target is not None and parent.target is not None and ind.target > parent.target + 1e-9:
            raise PlanError(
                f"{where}：子项目标 {ind.target:g}{ind.unit} 大于上级指标 {parent.id} 的目标 "
                f"{parent.target:g}{parent.unit}。"
            )
    for parent in indicators:
        kids = [i for i in indicators if i.parent == parent.id]
        if kids and parent.target is not None:
            total = sum(k.target or 0 for k in kids)
            if total > parent.target + 1e-9:
                raise PlanError(
                    f"指标 {parent.id}：子项目标合计 {total:g}{parent.unit} 超过上级目标 {parent.target:g}。"
                )
    # A cycle of parents would make sub-item sums recurse forever.
    for ind in indicators:
        seen, cur = set(), ind
        while cur.parent:
            if cur.id in seen:
                raise PlanError(f"指标 {ind.id}：上级指标形成循环。")
            seen.add(cur.id)
            cur = by_id[cur.parent]
