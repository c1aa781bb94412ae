"""`huyu demo`: the README's first command, on the bundled plan and samples."""
from __future__ import annotations

from click.testing import CliRunner
from openpyxl import load_workbook

from huyu_xlsx.cli import cli
from huyu_xlsx.ledger import open_ledger
from huyu_xlsx.report import SHEETS


def test_demo_runs_the_whole_month(tmp_path):
    out = tmp_path / "demo"
    res = CliRunner().invoke(cli, ["demo", str(out)], catch_exceptions=False)
    assert res.exit_code == 0, res.output
    assert len(list((out / "填报表" / "2020-08").glob("*.xlsx"))) == 12
    summary = out / "汇总" / "汇总通报_2020-08.xlsx"
    assert str(summary) in res.output
    bulletin = (out / "汇总" / "通报_2020-08.txt").read_text("utf-8-sig")
    assert "永仁县未报送" in bulletin and "2020年8月" in bulletin
    wb = load_workbook(summary, read_only=True)
    assert [s for s in SHEETS if s != "环比"] == [s for s in wb.sheetnames if s in SHEETS]
    with open_ledger(out / "huyu.db", create=False) as lg:
        assert [p.period for p in lg.periods()] == ["2020-08"]
    # The Word documents of the month, dated as August's would be.
    import docx

    official = docx.Document(str(out / "汇总" / "通报_2020-08.docx"))
    assert "2020年8月25日" in "\n".join(p.text for p in official.paragraphs)
    orders = sorted((out / "汇总" / "督办单").glob("督办单_2020-08_*.docx"))
    assert orders and str(orders[0].parent) in res.output
    # Running it again replaces the month; nothing piles up.
    again = CliRunner().invoke(cli, ["demo", str(out)], catch_exceptions=False)
    assert again.exit_code == 0
    with open_ledger(out / "huyu.db", create=False) as lg:
        assert [p.period for p in lg.periods()] == ["2020-08"]
