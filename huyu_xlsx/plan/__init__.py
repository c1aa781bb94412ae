"""The plan: targets, quotas, deadlines and who reports what."""
from .load import DEFAULT_PLAN, PlanError, load_plan, plan_from_dict
from .model import RULE_LABELS, Indicator, KeyProjects, Plan, SupervisionRow, Unit, fmt_number

__all__ = [
    "DEFAULT_PLAN",
    "Indicator",
    "KeyProjects",
    "Plan",
    "PlanError",
    "RULE_LABELS",
    "SupervisionRow",
    "Unit",
    "fmt_number",
    "load_plan",
    "plan_from_dict",
]
