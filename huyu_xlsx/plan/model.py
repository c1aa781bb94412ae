"""The plan model: what a work plan asks of whom, by when."""
from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property

from .rules import RULE_KINDS, RULE_LABELS, RULES, Rule, fmt_number

SPLITS = ("by_unit", "each", "none", "sole")
SOURCES = ("input", "projects", "rectification", "cases")

DUE_SOON_DAYS = 15  # a milestone or event not done this close to its deadline is flagged


@dataclass(frozen=True)
class Indicator:
    """One target of the plan, with its per-unit quotas."""

    id: str
    section: str
    text: str
    unit: str
    rule: str
    target: float | None
    targets: Mapping[str, float | None]  # reporting unit -> its own quota (None: no split)
    split: str
    deadline: date | None
    responsible: tuple[str, ...]
    reporters: tuple[str, ...]
    target_max: float | None = None
    parent: str | None = None
    source: str = "input"
    note: str = ""
    start: date | None = None  # time progress counts from here (the loader fills in the plan's default)

    def target_for(self, unit: str) -> float | None:
        return self.targets.get(unit)

    @cached_property
    def reporter_set(self) -> frozenset[str]:
        return frozenset(self.reporters)

    @property
    def kind(self) -> Rule:
        """The rule object: completion rate, done, pace, target text and 完成率 formula."""
        return RULE_KINDS[self.rule]

    @property
    def is_milestone(self) -> bool:
        return self.rule == "milestone"

    @property
    def judged_per_unit(self) -> bool:
        """False for a target the plan gives only for the prefecture (split none): units report
        their figures, but only the 全州 sum is judged. Growth is always each unit's own."""
        return self.split != "none" or self.rule == "growth"

    @property
    def counted_target(self) -> bool:
        """The quota is one number to count up to (not 15–20, 清零, 完成 or last year's figure)."""
        return self.rule in ("at_least", "exactly", "event") and self.target_max is None

    def target_text(self, unit: str | None = None, baseline: float | None = None) -> str:
        """The quota as a person reads it: '11', '15–20', '清零', '完成', '超过上年30'."""
        value = self.target if unit is None else self.target_for(unit)
        if value is None and self.counted_target:
            return "未分县" if unit is not None else ""
        return self.kind.target_text(value if value is not None else self.target, self.target_max, baseline)


@dataclass(frozen=True)
class Unit:
    """A reporting unit: a county or a prefecture department."""

    name: str
    kind: str  # "county" | "department"
    full_name: str

    @property
    def is_county(self) -> bool:
        return self.kind == "county"


@dataclass(frozen=True)
class KeyProjects:
    """三(一): the 500万元以上 projects the prefecture supervises directly."""

    threshold: str
    deadline: date
    counties: Mapping[str, int]
    prefecture_count: int
    prefecture_reporter: str
    prefecture_deadline: date
    note: str = ""

    def count_for(self, unit: str) -> int:
        if unit == self.prefecture_reporter:
            return self.prefecture_count + self.counties.get(unit, 0)
        return self.counties.get(unit, 0)

    def deadline_for(self, unit: str) -> date:
        return self.prefecture_deadline if unit == self.prefecture_reporter else self.deadline


@dataclass(frozen=True)
class SupervisionRow:
    """One row of 附件 州级定点挂牌督战表."""

    county: str
    leaders: tuple[str, ...]
    lead_unit: str
    responsible_persons: tuple[str, ...]
    squad_leader: str


@dataclass(frozen=True)
class Plan:
    id: str
    title: str
    document: str
    issuer: str
    office: str
    year: int
    issued: date
    report_day: int
    first_period: str
    last_period: str
    units: tuple[Unit, ...]
    indicators: tuple[Indicator, ...]
    key_projects: KeyProjects
    supervision: tuple[SupervisionRow, ...]
    due_soon_days: int = DUE_SOON_DAYS
    _index: dict = field(default_factory=dict, init=False, repr=False, compare=False)
    # Answers computed once: a plan never changes, and at a province's size (hundreds of
    # units) the lookups below are asked for every cell of every returned file.
    _memo: dict = field(default_factory=dict, init=False, repr=False, compare=False)

    def __post_init__(self):
        self._index.update({ind.id: ind for ind in self.indicators})

    def derived(self, key, compute):
        """compute(), worked out once per plan and remembered under `key`."""
        try:
            return self._memo[key]
        except KeyError:
            value = self._memo[key] = compute()
            return value

    @property
    def counties(self) -> tuple[str, ...]:
        return tuple(u.name for u in self.units if u.is_county)

    @property
    def departments(self) -> tuple[str, ...]:
        return tuple(u.name for u in self.units if not u.is_county)

    @property
    def unit_names(self) -> tuple[str, ...]:
        return self.derived("unit_names", lambda: tuple(u.name for u in self.units))

    def unit(self, name: str) -> Unit:
        return self.derived("units", lambda: {u.name: u for u in self.units})[name]

    def indicator(self, indicator_id: str) -> Indicator:
        return self._index[indicator_id]

    def indicators_for(self, unit: str) -> tuple[Indicator, ...]:
        return self.derived(("indicators_for", unit),
                              lambda: tuple(ind for ind in self.indicators if unit in ind.reporter_set))

    def children(self, indicator_id: str) -> tuple[Indicator, ...]:
        return self.derived(("children", indicator_id),
                              lambda: tuple(ind for ind in self.indicators if ind.parent == indicator_id))

    def supervision_for(self, county: str) -> SupervisionRow | None:
        return self.derived("supervision", lambda: {row.county: row for row in self.supervision}).get(county)

    def projects_for(self, unit: str) -> int:
        """How many rows of 帮扶项目 (the 74 assistance projects) this unit reports."""
        ind = self.derived("projects", lambda: next((i for i in self.indicators if i.source == "projects"), None))
        if ind is None or unit not in ind.reporter_set:
            return 0
        return int(ind.target_for(unit) or 0)

    def due_date(self, period: str) -> date:
        """The day a period's report is due: the plan's report day of that month (每月20日前)."""
        year, month = (int(x) for x in period.split("-"))
        return date(year, month, self.report_day)

    def to_dict(self) -> dict:
        """The public JSON form of the plan (documented in docs/json.md)."""
        kp = self.key_projects
        return {
            "id": self.id,
            "title": self.title,
            "document": self.document,
            "issuer": self.issuer,
            "office": self.office,
            "year": self.year,
            "issued": self.issued.isoformat(),
            "report_day": self.report_day,
            "due_soon_days": self.due_soon_days,
            "first_period": self.first_period,
            "last_period": self.last_period,
            "counties": list(self.counties),
            "departments": [
                {"name": u.name, "full_name": u.full_name} for u in self.units if not u.is_county
            ],
            "indicators": [
                {
                    "id": i.id,
                    "section": i.section,
                    "text": i.text,
                    "unit": i.unit,
                    "rule": i.rule,
                    "target": i.target,
                    "target_max": i.target_max,
                    "targets": dict(i.targets),
                    "split": i.split,
                    "deadline": i.deadline.isoformat() if i.deadline else None,
                    "responsible": list(i.responsible),
                    "reporters": list(i.reporters),
                    "parent": i.parent,
                    "source": i.source,
                    "note": i.note,
                    "start": (i.start or self.issued).isoformat(),
                }
                for i in self.indicators
            ],
            "key_projects": {
                "threshold": kp.threshold,
                "deadline": kp.deadline.isoformat(),
                "counties": dict(kp.counties),
                "total": sum(kp.counties.values()),
                "prefecture": {
                    "count": kp.prefecture_count,
                    "reporter": kp.prefecture_reporter,
                    "deadline": kp.prefecture_deadline.isoformat(),
                    "note": kp.note,
                },
            },
            "supervision": [
                {
                    "county": r.county,
                    "leaders": list(r.leaders),
                    "lead_unit": r.lead_unit,
                    "responsible_persons": list(r.responsible_persons),
                    "squad_leader": r.squad_leader,
                }
                for r in self.supervision
            ],
        }

    @property
    def fingerprint(self) -> str:
        """A short hash of the plan's content; templates carry it so a stale plan is noticed."""
        def compute():
            blob = json.dumps(self.to_dict(), ensure_ascii=False, sort_keys=True)
            return hashlib.sha256(blob.encode("utf-8")).hexdigest()[:16]
        return self.derived("fingerprint", compute)
