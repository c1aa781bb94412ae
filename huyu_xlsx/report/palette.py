"""The one status palette of the summary: the same colour means the same thing on every sheet.

Solid cell fills, not conditional formatting, so Excel, WPS and LibreOffice show the same
colours and a printout keeps them.
"""
from __future__ import annotations

from ..checks.judge import BEHIND, DONE, INVALID, MISSING, ON_TRACK, OVERDUE, STATUS_LABELS

STATUS_FILLS = {
    DONE: "#63BE7B",      # green
    ON_TRACK: "#C6EFCE",  # light green
    BEHIND: "#FFEB84",    # yellow
    OVERDUE: "#F8696B",   # red
    MISSING: "#BFBFBF",   # grey
    INVALID: "#F4B183",   # orange
}

# Legend order: best to worst as a leader reads it.
LEGEND_ORDER = (DONE, ON_TRACK, BEHIND, OVERDUE, MISSING, INVALID)
LEGEND_TEXT = {
    DONE: "已完成：达到计划目标",
    ON_TRACK: "正常推进：未完成，但完成率不低于时间进度",
    BEHIND: "进度滞后：完成率低于时间进度（时间过半、任务未过半）",
    OVERDUE: "逾期未完成：已过完成时限仍未完成",
    MISSING: "未报送：本单位未报送，或该项未填写",
    INVALID: "数据有误：填报数据无法采用，见“数据问题”表",
}

HEADER_FILL = "#DDEBF7"    # light blue header rows, as on the fill-in workbooks
SECTION_FILL = "#F2F2F2"   # section rows in the 分析 matrix
ERROR_TINT = "#FCE4D6"     # 数据问题: rows with an error
IMPROVED_FILL = STATUS_FILLS[ON_TRACK]
WORSENED_FILL = "#FFC7CE"
BORDER_COLOR = "#808080"

__all__ = ["STATUS_FILLS", "STATUS_LABELS", "LEGEND_ORDER", "LEGEND_TEXT"]
