"""Everything people read prints whole: a county's form, typed into through LibreOffice
with long answers, and the month's summary, printed to PDF and read back.

Typing goes through LibreOffice itself (tests/lo_type.py, python3-uno): text filled in with
openpyxl never grows a row in any program, so it would prove nothing about what an office
sees. The PDF's text must hold every text cell of every printed sheet whole.
"""
from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

from unicodedata import east_asian_width

import pytest
from lo import SOFFICE, convert
from printcheck import PDFTOTEXT, cut_texts, pdf_text, squeeze
from returns import PERIOD, make_return
from test_collect import templates  # noqa: F401 - the session fixture

from huyu_xlsx import layout
from huyu_xlsx.collect import collect_returns
from huyu_xlsx.intake.read import cell_name
from huyu_xlsx.report import write_summary

UNO_PYTHON = "/usr/bin/python3"


def _has_uno() -> bool:
    if SOFFICE is None or PDFTOTEXT is None or not Path(UNO_PYTHON).exists():
        return False
    return subprocess.run([UNO_PYTHON, "-c", "import uno"], capture_output=True).returncode == 0


pytestmark = [pytest.mark.lo,
              pytest.mark.skipif(not _has_uno(), reason="需要 LibreOffice、python3-uno 和 poppler-utils")]

TYPED_UNITS = ("南华县", "州沪滇办")  # a county with every sheet; the office with 州级 projects
SENTENCES = (
    "组织农村贫困劳动力赴上海市嘉定区务工，第二批正在报名，预计九月上旬集中出发，县人社局全程跟踪服务。",
    "已完成岗前技能培训和健康体检，落实交通补贴和一次性求职创业补贴，务工人员稳定就业率保持在百分之九十以上。",
    "受新冠肺炎疫情影响，部分项目开工推迟，资金拨付进度慢于时间进度，乡镇配套资金尚未全部到位。",
    "下一步将倒排工期、挂图作战，每周调度一次项目进展，确保九月底前全部完工并组织验收和审计。",
    "对照巡视反馈问题清单逐条制定整改措施，明确责任领导、责任单位和完成时限，实行销号管理。",
    "结合产业扶贫和消费扶贫，探索“企业+合作社+贫困户”利益联结机制，带动建档立卡贫困户户均增收两千元。",
)


def long_text(n: int) -> str:
    """A different, realistic answer for every cell: two or three sentences."""
    parts = [SENTENCES[(n + k) % len(SENTENCES)] for k in range(2 + n % 2)]
    return f"（{n}）" + "".join(parts)


def typed_cells(plan, unit: str) -> list[list[str]]:
    """[sheet title, cell, text] for every text input of the unit's form, and the sign-off."""
    cells, n = [], 0
    for sheet in layout.sheets_for(plan, unit):
        keys = layout.row_keys(plan, unit, sheet)
        for i, key in enumerate(keys):
            for j, col in enumerate(sheet.columns):
                kind = layout.progress_cell_kind(plan.indicator(key), col) if sheet is layout.PROGRESS else col.kind
                if kind == layout.TEXT:
                    n += 1
                    cells.append([sheet.title, cell_name(layout.FIRST_DATA_ROW + i, j), long_text(n)])
        if sheet is layout.PROGRESS:
            first = layout.FIRST_DATA_ROW + len(keys) + 1
            col = layout.PROGRESS.index("section") + 1
            for k, text in enumerate(("李明华", "0878-3123456 / 13908781234", "张建国")):
                cells.append([sheet.title, cell_name(first + k, col), text])
    return cells


def type_into(jobs: list[dict], tmp: Path) -> None:
    spec = tmp / "jobs.json"
    spec.write_text(json.dumps(jobs, ensure_ascii=False), encoding="utf-8")
    script = Path(__file__).with_name("lo_type.py")
    env_soffice = {"SOFFICE": SOFFICE}
    subprocess.run([UNO_PYTHON, str(script), str(spec)], check=True, timeout=600,
                   env={**__import__("os").environ, **env_soffice})


@pytest.fixture(scope="module")
def printed(plan, templates, tmp_path_factory):  # noqa: F811
    tmp = tmp_path_factory.mktemp("print")
    inbox = tmp / "inbox"
    inbox.mkdir()
    for unit in plan.unit_names:
        if unit not in TYPED_UNITS:
            make_return(plan, templates, unit, inbox)
    jobs, typed = [], {}
    for unit in TYPED_UNITS:
        typed[unit] = typed_cells(plan, unit)
        jobs.append({"src": str(templates[unit]), "cells": typed[unit],
                     "xlsx": str(inbox / layout.file_name(unit, PERIOD)), "pdf": str(tmp / f"{unit}.pdf")})
    type_into(jobs, tmp)
    result = collect_returns(inbox, plan, PERIOD)
    summary = write_summary(result, plan, tmp / "汇总.xlsx", previous=result)  # 环比 too
    summary_pdf = convert(summary, "pdf", tmp / "pdf")
    return {"tmp": tmp, "inbox": inbox, "typed": typed, "summary": summary, "summary_pdf": summary_pdf}


@pytest.mark.parametrize("unit", TYPED_UNITS)
def test_typed_answers_print_whole(printed, unit):
    pdf = printed["tmp"] / f"{unit}.pdf"
    text = pdf_text(pdf)
    typed = printed["typed"][unit]
    assert len(typed) > (150 if unit == "南华县" else 60)
    cut = [(s, ref, t[:20]) for s, ref, t in typed if squeeze(t) not in text]
    assert cut == []


@pytest.mark.parametrize("unit", TYPED_UNITS)
def test_every_text_of_the_form_prints_whole(printed, unit):
    """填报说明, headers, task texts, notes and what was typed: nothing cut on any page."""
    form = printed["inbox"] / layout.file_name(unit, PERIOD)
    assert cut_texts(form, printed["tmp"] / f"{unit}.pdf") == []


def test_every_text_of_the_summary_prints_whole(printed):
    assert cut_texts(printed["summary"], printed["summary_pdf"]) == []


def test_no_indicator_id_is_printed(printed, plan):
    text = pdf_text(printed["tmp"] / "南华县.pdf")
    assert "指标编号" not in text
    assert not [ind.id for ind in plan.indicators_for("南华县") if ind.id in text]


def text_sizes(pdf: Path) -> list[tuple[int, float, str]]:
    """(page, font size in points, word) of every all-CJK word of the PDF (pdftotext -bbox).

    A CJK character is exactly one em wide, so a word of n of them is n × its size wide.
    Words set vertically (a chart's axis title) are left out.
    """
    out = subprocess.run([PDFTOTEXT, "-bbox", str(pdf), "-"], capture_output=True, text=True,
                         check=True).stdout
    words, page = [], 0
    for line in out.splitlines():
        if "<page " in line:
            page += 1
        m = re.search(r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*)</word>', line)
        if not m or not all(east_asian_width(ch) == "W" and ch.isalpha() for ch in m[5]):
            continue
        width, height = float(m[3]) - float(m[1]), float(m[4]) - float(m[2])
        if len(m[5]) == 1 or width > height:
            words.append((page, width / len(m[5]), m[5]))
    return words


def test_no_printed_text_under_7_points(printed):
    """分析 and every other sheet of the summary are readable on paper."""
    sizes = text_sizes(printed["summary_pdf"])
    assert len(sizes) > 100
    small = [w for w in sizes if w[1] < 7]
    assert small == []


def test_form_text_is_readable(printed):
    sizes = text_sizes(printed["tmp"] / "南华县.pdf")
    assert min(size for _, size, _ in sizes) >= 7
