"""templates/ holds what `huyu generate` makes for the default plan's first period.

Compared through openpyxl (values, formulas, validations, protection, sheet names), not bytes.
When this fails after an intended change, run `bash templates/regenerate.sh` and commit.
"""
from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from huyu_xlsx import layout
from huyu_xlsx.generate import generate_month

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"


def snapshot(path: Path) -> dict:
    """What matters in a workbook, as plain data."""
    wb = openpyxl.load_workbook(path)
    out = {"sheets": wb.sheetnames,
           "names": sorted((n, d.attr_text) for n, d in wb.defined_names.items())}
    for ws in wb.worksheets:
        p = ws.protection
        out[ws.title] = {
            "state": ws.sheet_state,
            "protection": (p.sheet, p.password, p.insertRows, p.deleteRows, p.formatColumns, p.formatRows),
            "cells": sorted(
                (c.coordinate, repr(c.value), c.data_type, c.protection.locked, c.number_format)
                for row in ws.iter_rows() for c in row
                if c.value is not None or c.protection.locked is False
            ),
            "validations": sorted(
                (str(dv.sqref), dv.type, dv.operator, dv.formula1, dv.formula2, dv.prompt, dv.error)
                for dv in ws.data_validations.dataValidation
            ),
            "merged": sorted(str(m) for m in ws.merged_cells.ranges),
            "print": (ws.print_title_rows, ws.page_setup.orientation, ws.page_setup.paperSize),
        }
    return out


@pytest.fixture(scope="module")
def fresh(plan, tmp_path_factory):
    out = tmp_path_factory.mktemp("templates-now")
    return generate_month(plan, plan.first_period, out)


def test_templates_folder_has_exactly_the_generated_files(plan, fresh):
    assert sorted(p.name for p in TEMPLATES.glob("*.xlsx")) == sorted(p.name for p in fresh)
    assert sorted(p.name for p in fresh) == sorted(layout.file_name(u, plan.first_period) for u in plan.unit_names)


def test_templates_match_what_generate_writes_now(fresh):
    stale = []
    for path in fresh:
        committed = TEMPLATES / path.name
        if not committed.exists() or snapshot(committed) != snapshot(path):
            stale.append(path.name)
    assert not stale, f"templates/ is stale, run `bash templates/regenerate.sh`: {stale}"
