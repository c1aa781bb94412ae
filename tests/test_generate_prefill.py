"""Prefilled workbooks show the right rates before anyone recalculates them."""
from __future__ import annotations

import pytest
from lo import convert, needs_soffice
from python_calamine import CalamineWorkbook

from huyu_xlsx import layout
from huyu_xlsx.generate import write_unit_workbook
from huyu_xlsx.intake.read import locate
from huyu_xlsx.samples import plausible_entries

UNIT, PERIOD = "南华县", "2020-09"


def formula_values(path, sheet):
    """Values of the formula columns as a client shows them (cached or recalculated)."""
    rows = CalamineWorkbook.from_path(str(path)).get_sheet_by_name(sheet.title).to_python(skip_empty_area=False)
    _, cols, row_of = locate(rows, sheet)
    keys = [c.key for c in sheet.columns if c.kind == layout.FORMULA] + (["actual"] if sheet is layout.PROGRESS else [])
    return {(k, c): rows[r][cols[c]] for k, r in row_of.items() for c in keys}


@pytest.fixture(scope="module")
def prefilled(plan, tmp_path_factory):
    path = tmp_path_factory.mktemp("prefill") / layout.file_name(UNIT, PERIOD)
    entries = plausible_entries(plan, UNIT, "2020-08")
    entries[("rectification", "2", "status")] = "整改中"
    return write_unit_workbook(plan, UNIT, PERIOD, path, prefill=entries), entries


def test_cached_rates_match_the_prefilled_figures(plan, prefilled):
    path, entries = prefilled
    got = formula_values(path, layout.PROGRESS)
    target = plan.indicator("labour-local").target_for(UNIT)
    assert got[("labour-local", "rate")] == pytest.approx(entries[("progress", "labour-local", "actual")] / target)
    assert got[("rectification-open", "actual")] == 1 and got[("rectification-open", "rate")] == 0
    done = sum(1 for k, v in entries.items() if k[0] == "projects" and k[2] == "completed" and v == "是")
    assert got[("assist-projects", "actual")] == done
    kp = layout.key_project_ids(plan, UNIT)[0]
    rates = formula_values(path, layout.KEY_PROJECTS)
    assert rates[(kp, "disbursement_rate")] == pytest.approx(
        entries[("key_projects", kp, "disbursed")] / entries[("key_projects", kp, "allocated")])


@pytest.mark.lo
@needs_soffice
def test_cached_results_equal_what_an_office_suite_computes(prefilled, tmp_path):
    from openpyxl import load_workbook

    path, _ = prefilled
    # openpyxl keeps the formulas but drops their cached results, so LibreOffice must
    # compute every one of them itself when it loads the copy.
    bare = tmp_path / "bare.xlsx"
    load_workbook(path).save(bare)
    recalculated = convert(bare, "ods", tmp_path)
    for sheet in (layout.PROGRESS, layout.KEY_PROJECTS):
        ours, theirs = formula_values(path, sheet), formula_values(recalculated, sheet)
        for key, value in ours.items():
            other = theirs[key]
            if isinstance(value, float) or isinstance(other, float):
                assert float(value or 0) == pytest.approx(float(other or 0), abs=1e-9), key
            else:
                assert value == other, key
