"""The judged statuses: one table with each status's Chinese label, colour and severity.

Statuses are stored as their short English codes (ledger, JSON); everything a person reads
takes the label and the fill from here, so a colour means the same thing on every sheet.
"""
from __future__ import annotations

from dataclasses import dataclass

DONE, ON_TRACK, BEHIND, OVERDUE, MISSING, INVALID = (
    "done", "on_track", "behind", "overdue", "missing", "invalid")


@dataclass(frozen=True)
class Status:
    code: str
    label: str
    fill: str  # solid cell fill of the summary
    rank: int  # 0 is the worst: the order leaders read the 研判 list in
    legend: str


STATUS_TABLE = (
    Status(DONE, "已完成", "#63BE7B", 5, "已完成：达到计划目标"),
    Status(ON_TRACK, "正常推进", "#C6EFCE", 4, "正常推进：未完成，但完成率不低于时间进度，或一次性任务、完成与否类任务尚未到期"),
    Status(BEHIND, "进度滞后", "#FFEB84", 3, "进度滞后：完成率低于时间进度（时间过半、任务未过半）"),
    Status(OVERDUE, "逾期未完成", "#F8696B", 0, "逾期未完成：已过完成时限仍未完成"),
    Status(MISSING, "未报送", "#BFBFBF", 2, "未报送：本单位未报送，或该项未填写（空白不当作 0）"),
    Status(INVALID, "数据有误", "#F4B183", 1, "数据有误：填报数据无法采用，见“数据问题”表"),
)
STATUS = {s.code: s for s in STATUS_TABLE}
STATUSES = tuple(s.code for s in STATUS_TABLE)  # best to worst as a leader reads the legend
STATUS_LABELS = {s.code: s.label for s in STATUS_TABLE}
STATUS_FILLS = {s.code: s.fill for s in STATUS_TABLE}
SEVERITY_RANK = {s.code: s.rank for s in STATUS_TABLE}
NOT_JUDGED_LABEL = "不单独评判"  # a unit's row of a target the plan does not split by unit


def label(status: str | None) -> str:
    """The Chinese label of a status; a row that is not judged on its own has none."""
    return STATUS_LABELS[status] if status else NOT_JUDGED_LABEL
