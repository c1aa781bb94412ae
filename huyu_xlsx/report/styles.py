"""Cell formats of the summary: one xlsxwriter Format per distinct style, handed out by name."""
from __future__ import annotations

from ..generate.styles import Styles as BaseStyles
from .palette import BORDER_COLOR, ERROR_TINT, HEADER_FILL, SECTION_FILL, STATUS_FILLS

# The font (宋体, GB2312 charset) and the format cache come from the fill-in workbook's styles;
# the summary is denser, so one point smaller.
FONT_SIZE = 10
PERCENT = "0.0%"
NUMBER = "General"  # "#,##0.##" would show "59." for whole numbers in Excel


class Styles(BaseStyles):
    """The fill-in workbook's format cache (one Format per distinct style), at the summary's size."""

    def __init__(self, workbook):
        super().__init__(workbook)
        self._cells: dict[tuple, object] = {}  # asked for every cell of a province's summary

    def get(self, **props):
        return super().get(**{"font_size": FONT_SIZE, **props})

    def cell(self, kind: str = "text", status: str | None = None, fill: str | None = None, **props):
        """A bordered table cell: kind text|wrap|number|percent|center, optionally filled."""
        key = (kind, status, fill, *sorted(props.items()))
        fmt = self._cells.get(key)
        if fmt is None:
            fmt = self._cells[key] = self._cell(kind, status, fill, **props)
        return fmt

    def _cell(self, kind: str, status: str | None, fill: str | None, **props):
        fill = STATUS_FILLS[status] if status else fill
        base = {"border": 1, "border_color": BORDER_COLOR, "valign": "vcenter"}
        if kind == "wrap":
            base["text_wrap"] = True
        elif kind == "number":
            base["num_format"] = NUMBER
        elif kind == "percent":
            base["num_format"] = PERCENT
        elif kind == "center":
            base["align"] = "center"
        if fill:
            base.update(pattern=1, bg_color=fill)
        return self.get(**base, **props)

    @property
    def border_only(self):
        """The table border alone, for a conditional format (Excel takes no font or size there)."""
        fmt = self._cells.get("border_only")
        if fmt is None:
            fmt = self._cells["border_only"] = self._workbook.add_format(
                {"border": 1, "border_color": BORDER_COLOR})
        return fmt

    @property
    def title(self):
        return self.get(bold=True, font_size=16, align="center", valign="vcenter")

    @property
    def subtitle(self):
        return self.get(valign="vcenter", font_color="#404040", text_wrap=True)

    @property
    def heading(self):
        return self.get(bold=True, font_size=12, valign="vcenter")

    @property
    def header(self):
        return self.cell("wrap", fill=HEADER_FILL, bold=True, align="center")

    def header_part(self, top: bool):
        """Half of a header two rows tall, drawn as one cell without merging: a streamed
        summary (workbook.py) cannot merge down into a row it has not reached yet."""
        return self.cell("wrap", fill=HEADER_FILL, bold=True, align="center", **({"bottom": 0} if top else {"top": 0}))

    @property
    def section(self):
        return self.cell("text", fill=SECTION_FILL, bold=True)

    @property
    def paragraph(self):
        return self.get(text_wrap=True, valign="top", font_size=11)

    @property
    def note(self):
        return self.get(text_wrap=True, valign="top", font_color="#595959")

    @property
    def error_row(self):
        return self.cell("wrap", fill=ERROR_TINT)
