"""LibreOffice opens the summary and prints it to PDF (as a stand-in for Excel and WPS)."""
from __future__ import annotations

import re

import pytest

from lo import convert, needs_soffice

from huyu_xlsx.collect import collect_returns
from huyu_xlsx.demo import BUNDLED_SAMPLES
from huyu_xlsx.report import SHEETS, write_summary


@pytest.mark.lo
@needs_soffice
def test_summary_converts_to_pdf(plan, tmp_path):
    month = collect_returns(BUNDLED_SAMPLES / "2020-08", plan, "2020-08")
    path = write_summary(month, plan, tmp_path / "in", previous=month)
    pdf = convert(path, "pdf", tmp_path / "out")
    data = pdf.read_bytes()
    pages = len(re.findall(rb"/Type\s*/Page[^s]", data))
    assert data.startswith(b"%PDF") and pages >= len(SHEETS), pages


@pytest.mark.lo
@needs_soffice
def test_a_province_summary_converts_to_pdf(tmp_path, monkeypatch):
    """Beyond 15 units 分析 and 调度 take their one-row-per-unit layouts; LibreOffice still prints
    them, and prints the streamed summary (workbook.STREAM_MIN_UNITS) on as many pages."""
    from huyu_xlsx.report import workbook
    from huyu_xlsx.generate import generate_month
    from huyu_xlsx.synthetic import fill_month, synthetic_plan

    plan = synthetic_plan(16)
    templates = generate_month(plan, "2020-08", tmp_path / "templates")
    inbox = tmp_path / "returns"
    fill_month(plan, templates, inbox, "2020-08", workers=2)
    month = collect_returns(inbox, plan, "2020-08")
    path = write_summary(month, plan, tmp_path / "in")
    pdf = convert(path, "pdf", tmp_path / "out")
    data = pdf.read_bytes()
    pages = len(re.findall(rb"/Type\s*/Page[^s]", data))
    assert data.startswith(b"%PDF") and pages >= len(SHEETS) - 1, pages  # no 环比 without a previous month
    monkeypatch.setattr(workbook, "STREAM_MIN_UNITS", 1)
    streamed = convert(write_summary(month, plan, tmp_path / "streamed"), "pdf", tmp_path / "out2")
    assert len(re.findall(rb"/Type\s*/Page[^s]", streamed.read_bytes())) == pages
