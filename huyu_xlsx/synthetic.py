"""A plan of the default plan's shape over any number of made-up counties.

Used by the benchmark (bench/run.py) and by the tests that check collect at scale. County
i takes the quotas, key projects and supervision row of the default plan's county i mod 7,
so every rule, split and sheet of the real plan is exercised at every size; the plan's
departments stay as they are.
"""
from __future__ import annotations

import copy
import random
from datetime import date
from pathlib import Path

from .plan import Plan
from .plan.load import default_plan_text, plan_from_dict, read_yaml
from .pool import pool_map
from .samples import fill_return, plausible_entries, signoff_for


def county_name(i: int) -> str:
    """The i-th made-up county (0-based): 样本0001县, 样本0002县, …"""
    return f"样本{i + 1:04d}县"


def synthetic_plan_data(n_counties: int) -> dict:
    """The default plan's plain data with its 7 counties replaced by n_counties made-up ones."""
    if n_counties < 1:
        raise ValueError("n_counties must be at least 1")
    data = copy.deepcopy(read_yaml(default_plan_text()))
    real = list(data["counties"])
    new = [county_name(i) for i in range(n_counties)]
    model = {c: real[i % len(real)] for i, c in enumerate(new)}  # new county -> the real one it copies
    first = {}  # real county -> its first counterpart (for items the plan gives one county)
    for c in new:
        first.setdefault(model[c], c)

    data["id"] = f"{data['id']}-synthetic-{n_counties}"
    data["title"] = f"{data['title']}（{n_counties}县模拟）"
    data["counties"] = new
    scale = n_counties / len(real)
    for ind in data["indicators"]:
        reporters = ind.get("reporters") or "counties"
        if isinstance(reporters, list):
            named = [r for r in reporters if r in real]
            others = [r for r in reporters if r not in real]
            if len(named) == len(real):
                ind["reporters"] = others + new
            else:
                ind["reporters"] = others + [first[r] for r in named if r in first]
                if not ind["reporters"]:  # a county this small plan does not have
                    ind["reporters"] = [new[0]]
        targets = ind.get("targets")
        if targets:
            kept = {k: v for k, v in targets.items() if k not in real}
            if any(k in real for k in targets):
                # "counties" and "all" take every made-up county; a list names its own.
                named = set(new) if ind.get("reporters", "counties") in ("counties", "all") \
                    else set(ind["reporters"])
                kept.update({c: targets[model[c]] for c in new if c in named})
            ind["targets"] = kept
            ind.pop("target", None)  # the total is the sum of the new quotas
        elif ind.get("split") == "none" and reporters == "counties" and ind.get("target") is not None:
            ind["target"] = round(ind["target"] * scale, 1)
    kp = data["key_projects"]
    kp["counties"] = {c: kp["counties"][model[c]] for c in new if model[c] in kp["counties"]}
    kp["total"] = sum(kp["counties"].values())
    rows = {row["county"]: row for row in data.get("supervision") or []}
    data["supervision"] = [{**rows[model[c]], "county": c} for c in new if model[c] in rows]
    return data


def synthetic_plan(n_counties: int) -> Plan:
    return plan_from_dict(synthetic_plan_data(n_counties), f"synthetic-{n_counties}")


def unit_pace(unit: str) -> float:
    """How far along a made-up unit is (0.5 lags badly … 1.1 ahead): varied, but fixed per unit."""
    return round(random.Random(f"pace:{unit}").uniform(0.5, 1.1), 2)


def unit_entries(plan: Plan, unit: str, period: str) -> dict:
    """What a made-up unit types into its workbook for a period."""
    return plausible_entries(plan, unit, period, pace=unit_pace(unit))


def unit_report_date(unit: str, period: str) -> date:
    """Most units send on the 10th–19th; about one in twelve is late."""
    year, month = (int(x) for x in period.split("-"))
    rng = random.Random(f"date:{unit}")
    return date(year, month, 23 if rng.random() < 1 / 12 else rng.randint(10, 19))


def _fill_one(job: tuple, plan: Plan, period: str) -> Path:
    unit, template, out = job
    return fill_return(template, out, unit_entries(plan, unit, period),
                       signoff_for(unit, unit_report_date(unit, period)))


def fill_month(plan: Plan, templates: list[Path], inbox: Path, period: str, workers: int = 1) -> list[Path]:
    """Fill every unit's generated workbook (in plan order) as that unit would, into `inbox`."""
    inbox.mkdir(parents=True, exist_ok=True)
    jobs = [(unit, t, inbox / t.name) for unit, t in zip(plan.unit_names, templates)]
    return list(pool_map(_fill_one, jobs, plan, period, workers=workers))
