"""The ledger over real files: generate → fill → collect → record, then next month prefilled."""
from __future__ import annotations

from datetime import date

from returns import make_month

from huyu_xlsx import layout
from huyu_xlsx.collect import collect_returns
from huyu_xlsx.generate import generate_month
from huyu_xlsx.ledger import open_ledger
from huyu_xlsx.samples import fill_return, signoff_for

AUGUST, SEPTEMBER = "2020-08", "2020-09"
SILENT = "永仁县"  # sends nothing in August
COUNTY = "双柏县"
FELL = ("progress", "labour-local", "actual")


def test_two_months_through_the_ledger(plan, tmp_path):
    db = tmp_path / "huyu.db"
    templates = tmp_path / "templates-08"
    generate_month(plan, AUGUST, templates)
    inbox = tmp_path / "inbox-08"
    inbox.mkdir()
    make_month(plan, {u: templates / layout.file_name(u, AUGUST) for u in plan.unit_names}, inbox,
               skip=(SILENT,))

    with open_ledger(db) as ledger:
        august = collect_returns(inbox, plan, AUGUST, previous=ledger.previous_actuals(AUGUST))
        ledger.record(august, plan)
        loaded = ledger.load_results(AUGUST)
        assert loaded.results == august.results
        assert loaded.submissions == august.submissions
        assert loaded.findings == august.findings
        stored = ledger.conn.execute("SELECT COUNT(*) FROM cell_values").fetchone()[0]
        # Every value read is kept; blank cells (not reported) are neither kept nor stored.
        assert all(not v.blank for r in august.returns.values() for v in r.values.values())
        assert stored == sum(len(r.values) + sum(not v.blank for v in r.signoff.values())
                             for r in august.returns.values())
        for unit, ret in august.returns.items():
            back = loaded.returns[unit].values
            assert back.keys() == ret.values.keys()
            assert all((back[k].value, back[k].cell, back[k].sheet) == (v.value, v.cell, v.sheet)
                       for k, v in ret.values.items())
        prefill = ledger.prefill(SEPTEMBER, plan)
    assert SILENT not in prefill and COUNTY in prefill

    # September's workbooks carry August's answers; 双柏县 lowers one cumulative figure.
    out = tmp_path / "templates-09"
    generate_month(plan, SEPTEMBER, out, prefill=prefill)
    inbox = tmp_path / "inbox-09"
    before = prefill[COUNTY][FELL]
    for unit in plan.unit_names:
        entries = {FELL: before - 5} if unit == COUNTY else {}
        fill_return(out / layout.file_name(unit, SEPTEMBER), inbox / layout.file_name(unit, SEPTEMBER),
                    entries, signoff_for(unit, date(2020, 9, 18)))

    with open_ledger(db) as ledger:
        september = collect_returns(inbox, plan, SEPTEMBER, previous=ledger.previous_actuals(SEPTEMBER))
        ledger.record(september, plan)
        assert [p.period for p in ledger.periods()] == [AUGUST, SEPTEMBER]
        assert ledger.load_results(AUGUST).results == august.results  # untouched by September

    fell = [(f.unit, f.subject, f.sheet) for f in september.findings if f.code == "value-decreased"]
    assert fell == [(COUNTY, "labour-local", layout.PROGRESS.title)]
    # What August said comes back from September's files, cell for cell.
    for unit, cells in prefill.items():
        got = september.returns[unit].values
        for key, value in cells.items():
            if key == FELL and unit == COUNTY:
                continue
            expected = august.returns[unit].values[key].value
            assert got[key].value == expected, (unit, key, value)
