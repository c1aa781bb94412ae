"""A Word document laid out as a 公文 (GB/T 9704-2012), written with python-docx.

The measures of the standard, in one place:
- A4; 天头 (top margin) 37 mm, 订口 (left) 28 mm, text area 156 × 225 mm, so right 26 mm and
  bottom 35 mm;
- body in 3号仿宋 (16 pt, 仿宋_GB2312), 22 lines a page and 28 characters a line: exact line
  spacing of 225 mm / 22 and characters condensed by 0.25 pt (28 × 15.75 pt fits 156 mm, 29 do not);
- headings: 一、 in 黑体, （一） in 楷体_GB2312, 1. and （1） in 仿宋;
- title in 2号 (22 pt) 小标宋, 发文机关标志 in red 小标宋, a red separator line as wide as
  the text area;
- page numbers in 4号半角宋体 as "— 1 —", 7 mm below the text area, right on odd pages and
  left on even pages, one character in from the edge;
- 版记 (抄送, 印发) in 4号仿宋 between lines, at the foot of the last page.

Every font is declared in the East Asian slot as well (w:eastAsia): Word and WPS take Chinese
glyphs from there, not from the Latin names python-docx sets.
"""
from __future__ import annotations

import io
import math
import re
import zipfile
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT, WD_CELL_VERTICAL_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph
from docx.shared import Emu, Mm, Pt, RGBColor

from ..errors import HuyuError
from ..outpath import written_whole

# Fonts the standard names (as installed on office PCs with the usual 公文 fonts).
XIAOBIAOSONG = "方正小标宋简体"
FANGSONG = "仿宋_GB2312"
HEITI = "黑体"
KAITI = "楷体_GB2312"
SONGTI = "宋体"

# Chinese type sizes (号) in points.
SIZE_2 = Pt(22)
SIZE_3 = Pt(16)
SIZE_4 = Pt(14)
SIZE_XIAO4 = Pt(12)
SIZE_5 = Pt(10.5)

RED = RGBColor(0xFF, 0x00, 0x00)

PAGE_WIDTH, PAGE_HEIGHT = Mm(210), Mm(297)
TOP, LEFT, RIGHT, BOTTOM = Mm(37), Mm(28), Mm(26), Mm(35)
TEXT_WIDTH, TEXT_HEIGHT = Mm(156), Mm(225)
LINES_PER_PAGE, CHARS_PER_LINE = 22, 28
# 225 mm / 22 = 28.97 pt; in twentieths of a point, rounded down so 22 lines always fit.
LINE_TWIPS = int(TEXT_HEIGHT.pt * 20 / LINES_PER_PAGE)
LINE = Pt(LINE_TWIPS / 20)
CHAR_SPACING_TWIPS = -5  # −0.25 pt: a 16 pt character takes 15.75 pt, 28 of them 441 pt ≤ 442.2 pt
CHAR = Pt(16 + CHAR_SPACING_TWIPS / 20)  # one character of body text, for indents
# 页码: its top 7 mm below the text area; the footer is one 4号 line of 18 pt.
FOOTER_LINE = Pt(18)
FOOTER_DISTANCE = Emu(Mm(35 - 7) - FOOTER_LINE)

TABLE_LINE = Pt(13.5)  # 五号 table text on exact lines
FORM_LINE = Pt(22)  # 4号 text of a form (督办单)
IMPRINT_ROW_TWIPS = 560  # 28 pt: one 4号 line of 版记 with room for its rules

STYLE_BODY = "公文正文"
STYLE_TITLE = "公文标题"
STYLE_H1 = "公文一级标题"
STYLE_H2 = "公文二级标题"
STYLE_H3 = "公文三级标题"
STYLE_TABLE = "公文表格"
STYLE_TABLE_HEAD = "公文表头"
STYLE_PAGE_NUMBER = "公文页码"
STYLE_NOTE = "公文版记"
STYLE_FORM = "公文表单正文"
STYLE_FORM_HEADING = "公文表单标题"

# A paragraph that opens with a lower heading sentence (（一）加快推进滞后任务。…): the heading in 楷体.
# A （一） item that is a whole sentence of figures stays 仿宋.
LEVEL2 = re.compile(r"^（[一二三四五六七八九十]+）[^。：；，、\d（]{1,20}。(?=.)")


def set_fonts(rpr_owner, name: str, *, ascii_name: str | None = None) -> None:
    """Declare `name` in every slot of a run's or style's rPr, the East Asian one included."""
    rpr = rpr_owner.get_or_add_rPr()
    fonts = rpr.get_or_add_rFonts()
    latin = ascii_name or name
    fonts.set(qn("w:ascii"), latin)
    fonts.set(qn("w:hAnsi"), latin)
    fonts.set(qn("w:cs"), latin)
    fonts.set(qn("w:eastAsia"), name)


def _set(parent, tag: str, **attrs):
    """Get or add child `tag` of `parent` and set its w: attributes."""
    el = parent.find(qn(tag))
    if el is None:
        el = OxmlElement(tag)
        parent.append(el)
    for key, value in attrs.items():
        el.set(qn(f"w:{key}"), str(value))
    return el


def _style(doc, name: str, *, font: str, size, bold=False, color=None, align=None, exact=True,
           first_line_chars: int | None = None, spacing: int | None = CHAR_SPACING_TWIPS,
           ascii_font: str | None = None, line=None, keep_next=False):
    styles = doc.styles
    try:
        st = styles[name]
    except KeyError:
        st = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    st.base_style = None
    st.quick_style = True
    f = st.font
    f.name = ascii_font or font
    f.size = size
    f.bold = bold
    if color is not None:
        f.color.rgb = color
    set_fonts(st.element, font, ascii_name=ascii_font)
    if spacing:
        _set(st.element.get_or_add_rPr(), "w:spacing", val=spacing)
    pf = st.paragraph_format
    pf.space_before = Pt(0)
    pf.space_after = Pt(0)
    pf.widow_control = False
    pf.keep_with_next = keep_next
    if exact:
        pf.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        pf.line_spacing = line or LINE
    else:
        pf.line_spacing = 1.0
    if align is not None:
        pf.alignment = align
    if first_line_chars:
        pf.first_line_indent = Pt(CHAR.pt * first_line_chars)
        ind = _set(st.element.get_or_add_pPr(), "w:ind")
        ind.set(qn("w:firstLineChars"), str(first_line_chars * 100))
    # No snapping to a document grid (the exact line spacing is the grid), no extra space
    # between Chinese and Latin letters or digits, so 28 characters make a line.
    ppr = st.element.get_or_add_pPr()
    # No punctuation hanging past the right margin either: the text area is the text area.
    for tag in ("w:overflowPunct", "w:autoSpaceDE", "w:autoSpaceDN", "w:snapToGrid"):
        if ppr.find(qn(tag)) is None:
            el = OxmlElement(tag)
            el.set(qn("w:val"), "0")
            _insert_ppr(ppr, el)
    return st


@dataclass(frozen=True)
class Header:
    """版头: 发文机关标志 (in red), 发文字号, and for 上行文 the 签发人 beside it."""

    office: str
    number: str
    upward: bool = False
    signer: str = ""


@dataclass(frozen=True)
class Imprint:
    """版记: 抄送 and the 印发 line (印发机关, 印发日期)."""

    cc: str
    printer: str
    printed: date


class Gongwen:
    """A 公文 built top to bottom: header, title, 主送, body, 附件说明, 落款, 附件, 版记."""

    def __init__(self, *, page_numbers: bool = True):
        self.doc = Document()
        self._setup_styles()
        self._setup_page(page_numbers)
        # python-docx starts with one empty paragraph in some templates: none in the default,
        # but be safe.
        body = self.doc.element.body
        for p in list(body.iterchildren(qn("w:p"))):
            body.remove(p)

    # --- page, styles, footers ---

    def _setup_page(self, page_numbers: bool) -> None:
        sec = self.doc.sections[0]
        sec.page_width, sec.page_height = PAGE_WIDTH, PAGE_HEIGHT
        sec.top_margin, sec.bottom_margin = TOP, BOTTOM
        sec.left_margin, sec.right_margin = LEFT, RIGHT
        sec.header_distance = Mm(15)
        sec.footer_distance = FOOTER_DISTANCE
        sec.gutter = Mm(0)
        if page_numbers:
            self.doc.settings.odd_and_even_pages_header_footer = True
            self._page_number(sec.footer, WD_ALIGN_PARAGRAPH.RIGHT)
            self._page_number(sec.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT)

    def _setup_styles(self) -> None:
        doc = self.doc
        # Normal and the document defaults: 仿宋 3号, so anything unstyled is still right.
        normal = doc.styles["Normal"]
        normal.font.name = FANGSONG
        normal.font.size = SIZE_3
        set_fonts(normal.element, FANGSONG)
        defaults = doc.styles.element.find(qn("w:docDefaults"))
        if defaults is not None:
            rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
            fonts = _set(rpr, "w:rFonts")
            for slot in ("ascii", "hAnsi", "cs", "eastAsia"):
                fonts.set(qn(f"w:{slot}"), FANGSONG)
            for attr in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme"):
                fonts.attrib.pop(qn(f"w:{attr}"), None)
            _set(rpr, "w:lang", val="en-US", eastAsia="zh-CN")
        _style(doc, STYLE_BODY, font=FANGSONG, size=SIZE_3, align=WD_ALIGN_PARAGRAPH.JUSTIFY,
               first_line_chars=2)
        _style(doc, STYLE_TITLE, font=XIAOBIAOSONG, size=SIZE_2, align=WD_ALIGN_PARAGRAPH.CENTER,
               spacing=None, line=Pt(LINE.pt * 1.2))
        _style(doc, STYLE_H1, font=HEITI, size=SIZE_3, align=WD_ALIGN_PARAGRAPH.JUSTIFY, first_line_chars=2,
               keep_next=True)
        _style(doc, STYLE_H2, font=KAITI, size=SIZE_3, align=WD_ALIGN_PARAGRAPH.JUSTIFY, first_line_chars=2,
               keep_next=True)
        _style(doc, STYLE_H3, font=FANGSONG, size=SIZE_3, align=WD_ALIGN_PARAGRAPH.JUSTIFY,
               first_line_chars=2, keep_next=True)
        # Tables on exact lines too, so that their height is the same in Word, WPS and LibreOffice
        # (and can be reckoned beforehand: a 督办单 must fit one page).
        _style(doc, STYLE_TABLE, font=FANGSONG, size=SIZE_5, align=WD_ALIGN_PARAGRAPH.CENTER,
               spacing=None, line=TABLE_LINE)
        _style(doc, STYLE_TABLE_HEAD, font=HEITI, size=SIZE_5, align=WD_ALIGN_PARAGRAPH.CENTER,
               spacing=None, keep_next=True, line=TABLE_LINE)
        _style(doc, STYLE_PAGE_NUMBER, font=SONGTI, size=SIZE_4, spacing=None, line=FOOTER_LINE)
        _style(doc, STYLE_NOTE, font=FANGSONG, size=SIZE_4, spacing=None, line=Pt(LINE.pt))
        # Forms (督办单): 4号 text on 24 pt lines, so a page holds a form and its tables.
        _style(doc, STYLE_FORM, font=FANGSONG, size=SIZE_4, align=WD_ALIGN_PARAGRAPH.JUSTIFY, spacing=None,
               line=FORM_LINE)
        ind = _set(doc.styles[STYLE_FORM].element.get_or_add_pPr(), "w:ind")
        ind.set(qn("w:firstLine"), str(int(SIZE_4.twips * 2)))
        ind.set(qn("w:firstLineChars"), "200")
        _style(doc, STYLE_FORM_HEADING, font=HEITI, size=SIZE_4, align=WD_ALIGN_PARAGRAPH.LEFT, spacing=None,
               line=FORM_LINE, keep_next=True)

    def _page_number(self, footer, align) -> None:
        footer.is_linked_to_previous = False
        p = footer.paragraphs[0] if footer.paragraphs else footer.add_paragraph()
        self._style_of(p, STYLE_PAGE_NUMBER)
        p.alignment = align
        # One 4号 character in from the outer edge (单页码居右空一字，双页码居左空一字).
        if align == WD_ALIGN_PARAGRAPH.RIGHT:
            p.paragraph_format.right_indent = SIZE_4
        else:
            p.paragraph_format.left_indent = SIZE_4
        p.add_run("— ")
        _field(p, "PAGE", "1")
        p.add_run(" —")

    # --- building blocks ---

    def _style_of(self, p, name: str) -> None:
        """Give paragraph `p` the style `name` by its id, directly: python-docx's `p.style = …`
        searches every style for the default one each time (it was half the writing time)."""
        ids = self.__dict__.setdefault("_style_ids", {})
        if name not in ids:
            ids[name] = self.doc.styles[name].style_id
        p._p.get_or_add_pPr().get_or_add_pStyle().val = ids[name]

    def paragraph(self, text: str = "", style: str = STYLE_BODY, *, align=None, font: str | None = None,
                  size=None, color=None, bold=None, keep_next: bool | None = None):
        p = self.doc.add_paragraph()
        self._style_of(p, style)
        if align is not None:
            p.alignment = align
        if keep_next is not None:
            p.paragraph_format.keep_with_next = keep_next
        if text:
            self.run(p, text, font=font, size=size, color=color, bold=bold)
        return p

    @staticmethod
    def run(p, text: str, *, font: str | None = None, size=None, color=None, bold=None):
        parts = text.split("\n")
        r = None
        for i, part in enumerate(parts):
            r = p.add_run(part)
            if i < len(parts) - 1:
                r.add_break(WD_BREAK.LINE)
            if font:
                r.font.name = font
                set_fonts(r._element, font)
            if size is not None:
                r.font.size = size
            if color is not None:
                r.font.color.rgb = color
            if bold is not None:
                r.font.bold = bold
        return r

    def blank(self, lines: int = 1, style: str = STYLE_BODY) -> None:
        for _ in range(lines):
            p = self.paragraph("", style)
            p.paragraph_format.first_line_indent = Pt(0)

    def header(self, h: Header) -> None:
        """版头: 35 mm blank above the office's name in red 小标宋, the number, the red line."""
        gap = self.paragraph("", STYLE_BODY)
        gap.paragraph_format.first_line_indent = Pt(0)
        gap.paragraph_format.line_spacing = Emu(Mm(35) - Pt(4))
        size = Pt(min(36.0, (TEXT_WIDTH.pt - 2) / max(1, _width(h.office))))
        p = self.paragraph(h.office, STYLE_TITLE, color=RED, size=size)
        p.paragraph_format.line_spacing = Pt(size.pt * 1.3)
        p.paragraph_format.first_line_indent = Pt(0)
        self.blank(1)
        # 发文字号: centred under the name (上行文: left, one character in, 签发人 on the right).
        num = self.paragraph("", STYLE_BODY)
        num.paragraph_format.first_line_indent = Pt(0)
        if h.upward:
            num.alignment = WD_ALIGN_PARAGRAPH.LEFT
            num.paragraph_format.left_indent = CHAR
            num.paragraph_format.right_indent = CHAR
            _right_tab(num, TEXT_WIDTH - CHAR * 2)
            self.run(num, h.number + "\t")
            self.run(num, "签发人：")
            self.run(num, h.signer or "　　　", font=KAITI)
        else:
            num.alignment = WD_ALIGN_PARAGRAPH.CENTER
            self.run(num, h.number)
        # The red line 4 mm under the number, as wide as the text area.
        _border(num, "bottom", sz=12, color="FF0000", space=11)

    def title(self, text: str) -> None:
        self.blank(2)
        self.paragraph("\n".join(title_lines(text)), STYLE_TITLE)
        self.blank(1)

    def addressee(self, text: str) -> None:
        p = self.paragraph(text, STYLE_BODY)
        p.paragraph_format.first_line_indent = Pt(0)
        p.alignment = WD_ALIGN_PARAGRAPH.LEFT

    def heading(self, text: str) -> None:
        self.paragraph(text, STYLE_H1)

    def body(self, text: str) -> None:
        """A body paragraph; an opening （一）…。 is set in 楷体, 1.…。 stays 仿宋."""
        m = LEVEL2.match(text)
        if m:
            p = self.paragraph("", STYLE_BODY)
            self.run(p, m.group(0), font=KAITI)
            if text[m.end():]:
                self.run(p, text[m.end():])
            return p
        return self.paragraph(text, STYLE_BODY)

    def attachments_note(self, names: list[str]) -> None:
        """附件说明: 正文下空一行，左空二字“附件：”，多个附件用阿拉伯数字标序号，回行与名称首字对齐."""
        if not names:
            return
        self.blank(1)
        for i, name in enumerate(names):
            label = ("附件：" if i == 0 else "") + (f"{i + 1}.{name}" if len(names) > 1 else name)
            p = self.paragraph(label, STYLE_BODY)
            hang = 3 + (1 if len(names) > 1 else 0)
            p.paragraph_format.left_indent = CHAR * (2 + hang)
            p.paragraph_format.first_line_indent = -CHAR * (hang if i == 0 else hang - 3)
            _chars_indent(p, left=(2 + hang) * 100, first=-(hang if i == 0 else hang - 3) * 100)

    def keep_together(self, first) -> None:
        """Keep `first` and every paragraph after it but the last so far with the next: the
        last lines of the body stay on the page of the 落款 (no page holding only a signature)."""
        paragraphs = list(self.doc.element.body.iterchildren(qn("w:p")))
        started = False
        for el in paragraphs[:-1]:
            started = started or el is first._p
            if started:
                Paragraph(el, self.doc._body).paragraph_format.keep_with_next = True

    def signature(self, office: str, day: date, blank_lines: int = 1) -> None:
        """落款 without a seal: name right, two characters in; the date one line below,
        starting two characters to the right of the name's first character."""
        self.blank(blank_lines)
        name_w = _width(office)
        date_text = date_cn(day)
        start = CHARS_PER_LINE - 2 - name_w
        p = self.paragraph(office, STYLE_BODY, keep_next=True)
        p.paragraph_format.first_line_indent = Pt(0)
        p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        p.paragraph_format.right_indent = CHAR * 2
        d = self.paragraph(date_text, STYLE_BODY)
        d.paragraph_format.first_line_indent = Pt(0)
        d.alignment = WD_ALIGN_PARAGRAPH.LEFT
        d.paragraph_format.left_indent = Pt(CHAR.pt * max(0.0, start + 2))

    def page_break(self) -> None:
        p = self.paragraph("", STYLE_BODY)
        p.paragraph_format.first_line_indent = Pt(0)
        p.add_run().add_break(WD_BREAK.PAGE)

    def attachment(self, index: int | None, title: str) -> None:
        """A new page: “附件1” in 黑体 at the top left, the title centred in 小标宋."""
        p = self.paragraph(f"附件{index}" if index else "附件", STYLE_H1)
        p.paragraph_format.first_line_indent = Pt(0)
        p.paragraph_format.page_break_before = True
        self.blank(1)
        t = self.paragraph(title, STYLE_TITLE)
        t.paragraph_format.keep_with_next = True
        self.blank(1)

    def table(self, headers: list[str], rows: list[list[str]], *, left_cols: tuple[int, ...] = (),
              size=SIZE_5, repeat_header=True, width=TEXT_WIDTH, header_style=True, merge_last=False):
        """A bordered table as wide as the text area, columns fitted to their contents
        (see fit_widths; the left-aligned text columns share what is left); the header row
        repeats on every page and no row is split across pages."""
        widths = fit_widths(headers, rows, left_cols, size.pt, width.mm)
        t = self.doc.add_table(rows=1, cols=len(headers))
        t.style = self.doc.styles["Table Grid"]
        t.alignment = WD_TABLE_ALIGNMENT.CENTER
        t.autofit = False
        tblpr = t._tbl.tblPr
        _set(tblpr, "w:tblW", w=int(width.twips), type="dxa")
        _set(tblpr, "w:tblLayout", type="fixed")
        margins = OxmlElement("w:tblCellMar")
        for side, w in (("top", 0), ("left", CELL_PAD_TWIPS), ("bottom", 0), ("right", CELL_PAD_TWIPS)):
            _set(margins, f"w:{side}", w=w, type="dxa")
        _insert_tblpr(tblpr, margins)
        grid = t._tbl.tblGrid
        for col, w in zip(grid.iterchildren(qn("w:gridCol")), widths):
            col.set(qn("w:w"), str(int(w.twips)))
        head = t.rows[0]
        if repeat_header and header_style:
            _set(head._tr.get_or_add_trPr(), "w:tblHeader", val=1)
        _set(head._tr.get_or_add_trPr(), "w:cantSplit", val=1)
        for i, (cell, text, w) in enumerate(zip(head.cells, headers, widths)):
            if header_style:
                self._cell(cell, text, STYLE_TABLE_HEAD, w, size=size)
            else:
                self._cell(cell, text, STYLE_TABLE, w, size=size,
                           align=WD_ALIGN_PARAGRAPH.LEFT if i in left_cols else None)
        for row in rows:
            r = t.add_row()
            _set(r._tr.get_or_add_trPr(), "w:cantSplit", val=1)
            for i, (cell, text, w) in enumerate(zip(r.cells, row, widths)):
                self._cell(cell, text, STYLE_TABLE, w, align=WD_ALIGN_PARAGRAPH.LEFT if i in left_cols else None,
                           size=size)
        if merge_last and len(headers) > 2:
            # The last row's second cell spans to the end (a long value such as a file name).
            last = t.rows[-1].cells
            merged = last[1].merge(last[-1])
            for extra in merged.paragraphs[1:]:
                if not extra.text:
                    extra._p.getparent().remove(extra._p)
        return t

    def _cell(self, cell, text, style, width, *, align=None, size=None):
        cell.width = width
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
        p = cell.paragraphs[0]
        self._style_of(p, style)
        if align is not None:
            p.alignment = align
        self.run(p, str(text), size=size)

    def note(self, text: str, *, size=None) -> None:
        """A small unindented note under a table (e.g. the ranking rule)."""
        p = self.paragraph(text, STYLE_TABLE, align=WD_ALIGN_PARAGRAPH.LEFT, size=size)
        p.paragraph_format.space_before = Pt(6)

    def imprint(self, imp: Imprint) -> None:
        """版记 at the foot of the last page: a one-column table floating at the bottom of the
        text area, 抄送 and the 印发 line between a thick first, a thin middle and a thick last line
        (0.35 mm and 0.25 mm as the standard recommends)."""
        lines = []
        if imp.cc:
            lines.append(("抄送：" + imp.cc, None))
        lines.append((imp.printer, f"{date_cn(imp.printed)}印发"))
        t = self.doc.add_table(rows=len(lines), cols=1)
        tbl = t._tbl
        tblpr = tbl.tblPr
        _set(tblpr, "w:tblW", w=int(TEXT_WIDTH.twips), type="dxa")
        _set(tblpr, "w:tblLayout", type="fixed")
        pos = OxmlElement("w:tblpPr")
        # Its rows are exactly one 版记 line each, so its top is known: the table ends at
        # the foot of the text area (an absolute position, which every word processor honours).
        top = int(TEXT_HEIGHT.twips) - len(lines) * IMPRINT_ROW_TWIPS - 40
        for key, value in (("leftFromText", 0), ("rightFromText", 0), ("topFromText", 0), ("bottomFromText", 0),
                           ("vertAnchor", "margin"), ("horzAnchor", "margin"), ("tblpXSpec", "center"),
                           ("tblpY", top)):
            pos.set(qn(f"w:{key}"), str(value))
        tblpr.insert(1 if tblpr.find(qn("w:tblStyle")) is not None else 0, pos)
        borders = OxmlElement("w:tblBorders")
        for side, sz in (("top", 8), ("left", 0), ("bottom", 8), ("right", 0), ("insideH", 6), ("insideV", 0)):
            el = OxmlElement(f"w:{side}")
            el.set(qn("w:val"), "single" if sz else "nil")
            if sz:
                el.set(qn("w:sz"), str(sz))
                el.set(qn("w:space"), "0")
                el.set(qn("w:color"), "000000")
            borders.append(el)
        _insert_tblpr(tblpr, borders)
        for col in tbl.tblGrid.iterchildren(qn("w:gridCol")):
            col.set(qn("w:w"), str(int(TEXT_WIDTH.twips)))
        for row, (left, right) in zip(t.rows, lines):
            tr_pr = row._tr.get_or_add_trPr()
            _set(tr_pr, "w:trHeight", val=IMPRINT_ROW_TWIPS, hRule="exact")
            cell = row.cells[0]
            cell.width = TEXT_WIDTH
            p = cell.paragraphs[0]
            self._style_of(p, STYLE_NOTE)
            pf = p.paragraph_format
            pf.left_indent = SIZE_4
            pf.right_indent = SIZE_4
            if right is None:
                # 抄送 lines wrap under the first character after “抄送：”.
                pf.left_indent = SIZE_4 * 4
                pf.first_line_indent = -SIZE_4 * 3
                self.run(p, left)
            else:
                _right_tab(p, TEXT_WIDTH - SIZE_4 * 2)
                self.run(p, left + "\t" + right)
        # A floating table is anchored to the paragraph after it (and a body ends with one).
        end = self.paragraph("", STYLE_NOTE)
        end.paragraph_format.line_spacing = Pt(1)

    # --- output ---

    def save(self, path: Path, *, title: str, author: str, day: date) -> Path:
        """Write atomically, byte for byte the same for the same content (fixed dates in the
        package and the zip), so that a re-run gives the same file."""
        cp = self.doc.core_properties
        when = datetime(day.year, day.month, day.day)
        cp.title = title
        cp.author = author
        cp.last_modified_by = author
        cp.comments = "由 huyu_xlsx 生成"
        cp.created = when
        cp.modified = when
        cp.last_printed = when
        cp.revision = 1
        buf = io.BytesIO()
        self.doc.save(buf)
        return write_stable_zip(buf.getvalue(), Path(path))


def write_stable_zip(data: bytes, path: Path) -> Path:
    """Re-pack a zip with fixed entry times and write it over `path` in one step."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with written_whole(path, DocumentLocked) as tmp:
        with zipfile.ZipFile(io.BytesIO(data)) as zin, zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as zout:
            for info in zin.infolist():
                entry = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
                entry.compress_type = zipfile.ZIP_DEFLATED
                entry.external_attr = 0o644 << 16
                zout.writestr(entry, zin.read(info.filename))
    return path


class DocumentLocked(HuyuError, OSError):
    """The document exists and cannot be replaced, usually because Word or WPS has it open."""

    def __init__(self, path: Path):
        self.path = Path(path)
        super().__init__(f"无法写入“{self.path}”：该文件可能正在 Word 或 WPS 中打开。请先关闭该文件，再重新运行。")


# --- helpers ---

def date_cn(day: date) -> str:
    """成文日期 with Arabic numerals: 2020年8月25日."""
    return f"{day.year}年{day.month}月{day.day}日"


def _width(text: str, latin: float = 0.5) -> float:
    """Width in characters: Chinese and full-width 1, ASCII letters and digits `latin`
    (½ in 仿宋; tables allow more, for fonts whose digits are wider)."""
    return sum(latin if ord(c) < 0x2E80 and c not in "—“”‘’" else 1.0 for c in text)


CELL_PAD_TWIPS = 57  # 1 mm each side of a table cell's text


def fit_widths(headers: list[str], rows: list[list[str]], flexible: tuple[int, ...], size_pt: float,
               total_mm: float) -> list:
    """Column widths: each fixed column as wide as its longest cell (a header of four or more
    characters may take two lines); each flexible (long text) column at least wide enough for
    its longest number or four characters, and what is left shared among them by how much
    more they hold. If even that does not fit, the fixed columns shrink alike and wrap."""
    char_mm = size_pt * 25.4 / 72
    pad_mm = 2 * CELL_PAD_TWIPS / 1440 * 25.4 + 3.0  # + what LibreOffice adds (it keeps Table Grid's margins)

    def mm(chars: float) -> float:
        return chars * char_mm + pad_mm

    natural, least = [], []
    for i, head in enumerate(headers):
        texts = [str(r[i]) for r in rows]
        cells = [_width(t, latin=0.62) for t in texts] or [0]
        head_chars = _width(head) if _width(head) <= 3 else math.ceil(_width(head) / 2)
        natural.append(mm(max(max(cells), head_chars, 2)))
        tokens = [_width(tok, latin=0.62) for t in texts for tok in re.findall(r"[0-9A-Za-z.%–\-]+", t)]
        least.append(min(natural[-1], mm(max([4, head_chars, *tokens]))))
    flex = [i for i in flexible if i < len(headers)]
    widths = [natural[i] if i not in flex else least[i] for i in range(len(headers))]
    room = total_mm - sum(widths)
    if room < 0:
        fixed = [i for i in range(len(headers)) if i not in flex]
        over = sum(widths[i] for i in fixed)
        for i in fixed:
            widths[i] *= (over + room) / over
    elif flex:
        want = {i: natural[i] - least[i] for i in flex}
        total_want = sum(want.values())
        for i in flex:
            extra = room * want[i] / total_want if total_want > room else want[i]
            widths[i] += extra
        left = total_mm - sum(widths)
        for i in flex:
            widths[i] += left / len(flex)
    scale = total_mm / sum(widths)
    return [Mm(w * scale) for w in widths]


TITLE_CHARS = int(TEXT_WIDTH.pt // 22)  # 2号 characters a title line holds (20)
TITLE_BREAKS = ("挂牌督战", "协作", "工作", "情况")


def title_lines(title: str) -> list[str]:
    """Break a long title where the words allow, the first line the longer (梯形), never
    inside the words in TITLE_BREAKS; a title with its own line breaks is kept as it is."""
    if "\n" in title or _width(title) <= TITLE_CHARS:
        return title.split("\n")
    best = None
    for word in TITLE_BREAKS:
        start = 0
        while (i := title.find(word, start)) >= 0:
            for cut in (i, i + len(word)):
                first, rest = title[:cut], title[cut:]
                if 0 < cut < len(title) and _width(first) <= TITLE_CHARS and _width(rest) <= TITLE_CHARS:
                    score = (_width(first) < _width(rest), abs(_width(first) - _width(rest)))
                    if best is None or score < best[0]:
                        best = (score, [first, rest])
            start = i + 1
    return best[1] if best else [title]


def _field(p, instr: str, placeholder: str) -> None:
    """A field (PAGE …) as begin/instr/separate/result/end runs, which Word, WPS and LibreOffice update."""
    def fld(kind):
        r = p.add_run()
        el = OxmlElement("w:fldChar")
        el.set(qn("w:fldCharType"), kind)
        r._r.append(el)
        return r

    fld("begin")
    r = p.add_run()
    it = OxmlElement("w:instrText")
    it.set(qn("xml:space"), "preserve")
    it.text = f" {instr} "
    r._r.append(it)
    fld("separate")
    p.add_run(placeholder)
    fld("end")


def _border(p, side: str, *, sz: int, color: str, space: int) -> None:
    ppr = p._p.get_or_add_pPr()
    bdr = ppr.find(qn("w:pBdr"))
    if bdr is None:
        bdr = OxmlElement("w:pBdr")
        # pBdr comes early in pPr: after keepNext … pageBreakBefore, framePr, widowControl, numPr, suppressLineNumbers
        _insert_ppr(ppr, bdr)
    el = OxmlElement(f"w:{side}")
    el.set(qn("w:val"), "single")
    el.set(qn("w:sz"), str(sz))
    el.set(qn("w:space"), str(space))
    el.set(qn("w:color"), color)
    order = ["top", "left", "bottom", "right", "between", "bar"]
    for existing in bdr:
        if order.index(existing.tag.split("}")[1]) > order.index(side):
            existing.addprevious(el)
            break
    else:
        bdr.append(el)


# pPr children in schema order (CT_PPrBase), for inserting elements python-docx has no API for.
_PPR_ORDER = ["pStyle", "keepNext", "keepLines", "pageBreakBefore", "framePr", "widowControl", "numPr",
              "suppressLineNumbers", "pBdr", "shd", "tabs", "suppressAutoHyphens", "kinsoku", "wordWrap",
              "overflowPunct", "topLinePunct", "autoSpaceDE", "autoSpaceDN", "bidi", "adjustRightInd",
              "snapToGrid", "spacing", "ind", "contextualSpacing", "mirrorIndents", "suppressOverlap", "jc",
              "textDirection", "textAlignment", "textboxTightWrap", "outlineLvl", "divId", "cnfStyle", "rPr",
              "sectPr", "pPrChange"]


def _insert_ppr(ppr, el) -> None:
    _insert_in_order(ppr, el, _PPR_ORDER)


_TBLPR_ORDER = ["tblStyle", "tblpPr", "tblOverlap", "bidiVisual", "tblStyleRowBandSize", "tblStyleColBandSize",
                "tblW", "jc", "tblCellSpacing", "tblInd", "tblBorders", "shd", "tblLayout", "tblCellMar", "tblLook"]


def _insert_tblpr(tblpr, el) -> None:
    _insert_in_order(tblpr, el, _TBLPR_ORDER)


def _insert_in_order(parent, el, order: list[str]) -> None:
    """Insert `el` where the schema's element order puts it (Word refuses a file out of order)."""
    rank = order.index(el.tag.split("}")[1])
    for existing in parent:
        tag = existing.tag.split("}")[1]
        if tag in order and order.index(tag) > rank:
            existing.addprevious(el)
            return
    parent.append(el)


def _right_tab(p, pos) -> None:
    p.paragraph_format.tab_stops.add_tab_stop(pos, alignment=2)  # WD_TAB_ALIGNMENT.RIGHT


def _chars_indent(p, *, left: int, first: int) -> None:
    """Indents in hundredths of a character as well, which Word and WPS prefer to absolute ones."""
    ind = p._p.get_or_add_pPr().find(qn("w:ind"))
    if ind is None:
        return
    ind.set(qn("w:leftChars"), str(left))
    if first < 0:
        ind.set(qn("w:hangingChars"), str(-first))
    else:
        ind.set(qn("w:firstLineChars"), str(first))
