"""The month's Word documents printed by LibreOffice (as a stand-in for Word and WPS).

All documents are converted in one soffice run. Checked on the PDF: A4, nothing outside the
text area (37/28/26/35 mm margins), the page numbers at the outer edge, sane page counts
(通报 body 2–6 pages, a 督办单 one page, even an overfull one), nothing cut (every character
of the .docx is printed), and the body grid of 22 lines × 28 characters.
"""
from __future__ import annotations

import re
import subprocess
from collections import Counter
from dataclasses import replace
from datetime import date
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner
from lo import convert_many, needs_soffice

from huyu_xlsx.checks.findings import make_finding
from huyu_xlsx.cli import cli
from huyu_xlsx.documents import DocOptions, gongwen
from huyu_xlsx.documents.supervise import orders, write_order

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples" / "2020-08"
PT_PER_MM = 72 / 25.4
A4 = (210 * PT_PER_MM, 297 * PT_PER_MM)
LEFT, RIGHT = 28 * PT_PER_MM, (210 - 26) * PT_PER_MM
TOP, BOTTOM = 37 * PT_PER_MM, (297 - 35) * PT_PER_MM
SLACK = 2.0  # points
HANGING = "，。、；：”）"


def words(pdf: Path) -> list[list[tuple[float, float, float, float, str]]]:
    """Per page, every word with its box (pdftotext -bbox)."""
    out = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    pages = []
    for page in out.split("<page ")[1:]:
        pages.append([(float(a), float(b), float(c), float(d), w) for a, b, c, d, w in re.findall(
            r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>', page)])
    return pages


def page_size(pdf: Path) -> tuple[float, float]:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    w, h = re.search(r"Page size:\s+([\d.]+) x ([\d.]+)", info).groups()
    return float(w), float(h)


def docx_chars(path: Path) -> Counter:
    d = docx.Document(str(path))
    parts = [p.text for p in d.paragraphs]
    seen = set()  # a merged cell is listed once per grid column it spans
    for t in d.tables:
        for row in t.rows:
            for c in row.cells:
                if id(c._tc) not in seen:
                    seen.add(id(c._tc))
                    parts.append(c.text)
    text = "".join(parts)
    return Counter(ch for ch in text if not ch.isspace())


def pdf_chars(pdf: Path) -> Counter:
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return Counter(ch for ch in text if not ch.isspace())


@pytest.fixture(scope="module")
def printed(tmp_path_factory, plan):
    tmp = tmp_path_factory.mktemp("documents-lo")
    db = tmp / "huyu.db"
    opts = ["--date", "2020-08-25", "--number", "15", "--contact", "李文，0878-3121234"]
    for args in (["collect", SAMPLES, "--period", "2020-08", "--out", tmp / "tb", "--ledger", db, *opts],
                 ["report", "--period", "2020-08", "--out", tmp / "bg", "--ledger", db, "--no-workbook",
                  "--kind", "报告", *opts],
                 ["remind", SAMPLES, "--period", "2020-08", "--ledger", db, "--out", tmp / "cb",
                  "--date", "2020-08-15"]):
        res = CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)
        assert res.exit_code == 0, res.output
    files = [tmp / "tb" / "通报_2020-08.docx", tmp / "bg" / "报告_2020-08.docx", tmp / "cb" / "催报通知_2020-08.docx"]
    files += sorted((tmp / "tb" / "督办单").glob("*.docx"))
    files += [overfull_order(plan, db, tmp / "overfull"), grid_document(tmp / "grid")]
    pdfs = convert_many(files, "pdf", tmp / "pdf")
    return dict(zip([f.name for f in files], zip(files, pdfs)))


def overfull_order(plan, db, folder: Path) -> Path:
    """A unit with every item lagging and a dozen data problems: its 督办单 still takes one page."""
    from huyu_xlsx.ledger import open_ledger

    with open_ledger(db, create=False) as lg:
        result = lg.load_results("2020-08")
    unit = "武定县"
    result.results = [replace(r, status="behind") if r.unit == unit else r for r in result.results]
    result.findings += [make_finding("value-not-number", unit=unit, file="武定县8月报表(1).xlsx", sheet="任务进度",
                                     cell=f"I{9 + i}", original="见附件说明材料" * 2) for i in range(12)]
    order = next(o for o in orders(result, plan) if o.unit == unit)
    assert len(order.items) > 15 and len(order.problems) >= 12
    return write_order(result, plan, order, 1, folder / "督办单_overfull.docx",
                       DocOptions(day=date(2020, 8, 25)).resolved())


GRID_CHARS = "督战扶贫协作挂牌办公室领导小组"


def grid_document(folder: Path) -> Path:
    """Body text of plain characters, no indent: it must print 28 to a line, 22 lines to a page."""
    g = gongwen.Gongwen()
    text = (GRID_CHARS * 200)[: 28 * 30]
    p = g.paragraph(text, gongwen.STYLE_BODY)
    p.paragraph_format.first_line_indent = 0
    return g.save(folder / "grid.docx", title="grid", author="test", day=date(2020, 8, 25))


def lines_of(page) -> list[list]:
    rows: dict[float, list] = {}
    for w in page:
        rows.setdefault(round(w[1]), []).append(w)
    return [sorted(rows[y]) for y in sorted(rows)]


@pytest.mark.lo
@needs_soffice
def test_every_document_is_a4_and_keeps_to_the_text_area(printed):
    for name, (_, pdf) in printed.items():
        assert page_size(pdf) == pytest.approx(A4, abs=1), name
        for n, page in enumerate(words(pdf), start=1):
            for x0, y0, x1, y1, w in page:
                footer = re.fullmatch(r"[—\d]+", w) and y0 > BOTTOM
                # LibreOffice 7.4 lets one closing punctuation mark hang past the right margin
                # whatever w:overflowPunct says (Word and WPS follow it); nothing else may.
                hangs = w[-1] in HANGING and x1 - (x1 - x0) / max(1, len(w)) <= RIGHT + SLACK
                assert x0 >= LEFT - SLACK and (x1 <= RIGHT + SLACK or hangs), (name, n, w, x0, x1)
                assert y0 >= TOP - SLACK, (name, n, w, y0)
                assert y1 <= BOTTOM + SLACK or footer, (name, n, w, y1)


@pytest.mark.lo
@needs_soffice
def test_nothing_is_cut(printed):
    for name, (path, pdf) in printed.items():
        lost = docx_chars(path) - pdf_chars(pdf)
        # At most a hanging line-end punctuation mark or two (see above) may go unprinted.
        assert set(lost) <= set(HANGING) and sum(lost.values()) <= 2, (name, lost)


@pytest.mark.lo
@needs_soffice
def test_page_counts(printed):
    tb = words(printed["通报_2020-08.docx"][1])
    first_attachment = next(i for i, page in enumerate(tb) if page and page[0][4].startswith("附件")
                            and re.fullmatch(r"附件\d?", "".join(w[4] for w in lines_of(page)[0])))
    assert 2 <= first_attachment <= 6, first_attachment  # body (with 落款) before 附件1
    assert len(tb) <= 20
    for name, (_, pdf) in printed.items():
        if name.startswith("督办单"):
            assert len(words(pdf)) == 1, name


@pytest.mark.lo
@needs_soffice
def test_page_numbers_at_the_outer_edge(printed):
    pages = words(printed["通报_2020-08.docx"][1])
    for n, page in enumerate(pages, start=1):
        number = [w for w in page if w[4] == str(n) and w[1] > BOTTOM]
        assert number, n
        x = number[0][0]
        assert (x > A4[0] / 2) if n % 2 else (x < A4[0] / 2), (n, x)
        dashes = [w for w in page if w[4] == "—" and w[1] > BOTTOM]
        assert len(dashes) == 2, n


@pytest.mark.lo
@needs_soffice
def test_body_grid_is_22_lines_of_28_characters(printed):
    page = words(printed["grid.docx"][1])[0]
    rows = [r for r in lines_of(page) if r[0][1] < BOTTOM]
    assert len(rows) == 22
    assert all(len("".join(w[4] for w in r)) == 28 for r in rows)
