"""Writing a sheet of the summary: typed cells, CJK-aware column widths, print setup, legend.

Every value goes through `Grid.put`, which writes strings as strings and numbers as numbers
(xlsxwriter's write_string/write_number), so nothing a unit typed can become a formula or a
link in the summary.
"""
from __future__ import annotations

from ..layout import period_cn
from .. import printing
from ..textwidth import display_width, lines_height, wrapped_lines
from .palette import LEGEND_ORDER, LEGEND_TEXT, STATUS_LABELS
from .styles import FONT_SIZE, Styles

MIN_WIDTH, MAX_WIDTH = 4, 48
SUBTITLE_MIN_WIDTH = 90


class Grid:
    """One worksheet: remembers the widest text of each column to size it at the end."""

    def __init__(self, workbook, styles: Styles, title: str, period: str):
        self.ws = workbook.add_worksheet(title)
        self.period_cn = period_cn(period)
        self.styles = styles
        self.widths: dict[int, int] = {}
        self.fixed: dict[int, float] = {}
        self._measured: dict[str, int] = {}  # text -> display width; units and labels repeat a lot
        self.lines: dict[int, int] = {}  # row -> lines its wrapped text needs

    def put(self, row: int, col: int, value, fmt=None, measure: bool = True) -> None:
        """Write a value as text, number or blank (never a formula), and note its width.

        Called for every cell of the summary (hundreds of thousands at a province's size),
        so the common types are told apart by type() first.
        """
        kind = type(value)
        if kind is float or kind is int:
            self.ws.write_number(row, col, value, fmt)
            if measure and col not in self.fixed:
                self._note(col, len(f"{value:,.0f}") + 1 if kind is int or value.is_integer() else 10)
            return
        if kind is not str:
            if value is None:
                self.ws.write_blank(row, col, None, fmt)
                return
            if kind is bool:
                value = "是" if value else "否"
            elif isinstance(value, (int, float)):  # another numeric type (a subclass, numpy)
                self.put(row, col, float(value), fmt, measure)
                return
            else:
                value = str(value)
        if not value:
            self.ws.write_blank(row, col, None, fmt)
            return
        self.ws.write_string(row, col, value, fmt)
        fixed = self.fixed.get(col)
        if fixed is not None:
            if fmt is not None and fmt.text_wrap:
                # Neither Excel nor LibreOffice grows a row for wrapped text xlsxwriter wrote.
                # Set while the row is being written: a streamed summary has no going back.
                self.need_lines(row, wrapped_lines(value, fixed, FONT_SIZE))
        elif measure:
            width = self._measured.get(value)
            if width is None:
                width = self._measured[value] = display_width(value)
            self._note(col, width)

    def need_lines(self, row: int, lines: int) -> None:
        """Make the row tall enough for `lines` lines of text (never lower it)."""
        if lines > self.lines.get(row, 1):
            self.lines[row] = lines
            self.ws.set_row(row, lines_height(lines, FONT_SIZE))

    def row(self, row: int, col: int, values, fmt=None) -> None:
        for i, value in enumerate(values):
            self.put(row, col + i, value, fmt)

    def _note(self, col: int, width: int) -> None:
        if width > self.widths.get(col, 0):
            self.widths[col] = width

    def header(self, row: int, headers, widths=None) -> None:
        """A header row; `widths` fixes a column's width instead of measuring its content."""
        for col, text in enumerate(headers):
            self.ws.write_string(row, col, text, self.styles.header)
            if widths and widths[col]:
                self.fixed[col] = widths[col]
                self.need_lines(row, wrapped_lines(text, widths[col], FONT_SIZE))
            else:
                self._note(col, display_width(text))  # a measured column is as wide as its header

    def title(self, text: str, subtitle: str, last_col: int) -> None:
        """Rows 0–1: a printed title across the table and a subtitle line."""
        self.ws.merge_range(0, 0, 0, max(last_col, 1), text, self.styles.title)
        self.ws.set_row(0, 26)
        self.ws.merge_range(1, 0, 1, max(last_col, 1), subtitle, self.styles.subtitle)
        # The columns may not be sized yet (a streamed sheet cannot come back to this row):
        # reckon with a narrow table, so a long subtitle gets room rather than being cut.
        self.need_lines(1, wrapped_lines(subtitle, max(sum(self.fixed.values()), SUBTITLE_MIN_WIDTH), FONT_SIZE))

    def finish(self, header_rows: tuple[int, int] | None, freeze: tuple[int, int] | None,
               repeat: int = 0, breaks_at: list[int] | None = None) -> None:
        """Column widths, frozen headers and print setup (printing.plan_pages: one A4 or A3
        page wide if the text stays readable, else split across pages at `breaks_at` with the
        first `repeat` columns on every page; header rows repeated)."""
        ws = self.ws
        widths = {}
        for col in sorted(set(self.widths) | set(self.fixed)):
            widths[col] = self.fixed.get(col) or min(MAX_WIDTH, max(MIN_WIDTH, self.widths[col] + 2))
            ws.set_column(col, col, widths[col])
        if freeze:
            ws.freeze_panes(*freeze)
        last = max(widths, default=0)
        pages = printing.plan_pages([widths.get(c, 8.43) for c in range(last + 1)], FONT_SIZE,
                                    repeat=repeat, breaks_at=breaks_at)
        printing.apply(ws, pages, repeat)
        ws.center_horizontally()
        ws.set_margins(left=0.4, right=0.4, top=0.7, bottom=0.7)
        ws.set_header(f"&L楚雄州沪滇扶贫协作挂牌督战汇总通报&R报告期：{self.period_cn}", {"margin": 0.3})
        ws.set_footer("&C第 &P 页 共 &N 页", {"margin": 0.3})
        if header_rows:
            ws.repeat_rows(*header_rows)

    def legend(self, row: int, col: int = 0, statuses=LEGEND_ORDER) -> int:
        """The colour legend, one status per row; returns the next free row."""
        self.ws.write_string(row, col, "图例", self.styles.heading)
        for i, status in enumerate(statuses, start=1):
            self.ws.write_string(row + i, col, STATUS_LABELS[status], self.styles.cell("center", status))
            self.ws.write_string(row + i, col + 1, LEGEND_TEXT[status], self.styles.get(valign="vcenter"))
        return row + len(statuses) + 1
