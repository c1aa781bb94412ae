"""Cell formats of the fill-in workbook: one xlsxwriter Format per distinct style."""
from __future__ import annotations

# 宋体 is on every Chinese Windows (Excel, WPS); LibreOffice on Linux substitutes a CJK font
# such as Noto Serif CJK through fontconfig. Charset 134 (GB2312) tells Excel it is a CJK font.
FONT = "宋体"
FONT_SIZE = 11
BASE_FORMAT = {"font_name": FONT, "font_size": FONT_SIZE}

# What each fill means is explained on 填报说明 (LEGEND below), so keep the two together.
INPUT_FILL = "#FFF2CC"    # light yellow: the unit types here
PREFILL_FILL = "#F8CBAD"  # light orange: an input holding last period's figure, to be checked
FORMULA_FILL = "#EDEDED"  # light grey: computed, locked
NA_FILL = "#BFBFBF"       # darker grey: not asked on this row, locked
HEADER_FILL = "#DDEBF7"   # light blue header row
BORDER_COLOR = "#808080"

LEGEND = (
    (INPUT_FILL, "浅黄色单元格：由填报单位填写。只有这些单元格可以输入，其余单元格已锁定。"),
    (None, "白色带框单元格：计划下达的任务、目标和完成时限，已锁定，请勿改动。"),
    (FORMULA_FILL, "浅灰色单元格：自动计算（完成率、资金拨付率、按明细表自动统计的完成数），无需填写。"),
    (NA_FILL, "深灰色单元格：本行不需要填写该项。"),
)
# Only in a prefilled workbook, after the input fill's line; {month} is the period the figures are from.
PREFILL_LEGEND = (PREFILL_FILL, "浅橙色单元格：已预填本单位{month}报送的数，可以修改。这是{month}的数，"
                                "请逐项核实，更新为本月的累计数。")

DATE_FORMAT = "yyyy-mm-dd"
PERCENT_FORMAT = "0.0%"


class Styles:
    """Hands out formats, creating each distinct one once (a Format per cell is ~3× slower)."""

    def __init__(self, workbook):
        self._workbook = workbook
        self._cache: dict[tuple, object] = {}

    def get(self, **props):
        key = tuple(sorted(props.items()))
        fmt = self._cache.get(key)
        if fmt is None:
            fmt = self._workbook.add_format({**BASE_FORMAT, "font_charset": 134, **props})
            self._cache[key] = fmt
        return fmt

    def boxed(self, **props):
        """A bordered table cell, vertically centred."""
        return self.get(border=1, border_color=BORDER_COLOR, valign="vcenter", **props)

    @property
    def title(self):
        return self.get(bold=True, font_size=16, align="center", valign="vcenter")

    @property
    def subtitle(self):
        return self.get(align="left", valign="vcenter")

    @property
    def header(self):
        return self.boxed(bold=True, align="center", text_wrap=True, fg_color=HEADER_FILL)

    @property
    def label(self):
        return self.get(bold=True, align="right", valign="vcenter")

    @property
    def text(self):
        return self.get(text_wrap=True, valign="top")
