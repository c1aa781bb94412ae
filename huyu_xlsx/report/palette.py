"""The one status palette of the summary: the same colour means the same thing on every sheet.

Solid cell fills, not conditional formatting, so Excel, WPS and LibreOffice show the same
colours and a printout keeps them.
"""
from __future__ import annotations

from ..status import ON_TRACK, STATUS_FILLS, STATUS_LABELS, STATUS_TABLE, STATUSES

# Labels, fills and legend texts live in status.py, one table for every sheet and the text.
LEGEND_ORDER = STATUSES
LEGEND_TEXT = {s.code: s.legend for s in STATUS_TABLE}

HEADER_FILL = "#DDEBF7"    # light blue header rows, as on the fill-in workbooks
SECTION_FILL = "#F2F2F2"   # section rows in the 分析 matrix
ERROR_TINT = "#FCE4D6"     # 数据问题: rows with an error
IMPROVED_FILL = STATUS_FILLS[ON_TRACK]
WORSENED_FILL = "#FFC7CE"
BORDER_COLOR = "#808080"

__all__ = ["STATUS_FILLS", "STATUS_LABELS", "LEGEND_ORDER", "LEGEND_TEXT"]
