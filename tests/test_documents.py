"""The month's Word documents: 通报/报告 (GB/T 9704), 督办单, 催报通知.

Made through the CLI on the bundled sample month: `huyu collect --out` and `huyu report`
(from the ledger alone) must give the same files; the figures in them must be those of
`huyu collect --json`; the fonts and page set-up are read back with python-docx.
"""
from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner
from docx.oxml.ns import qn

from huyu_xlsx import samples
from huyu_xlsx.checks.judge import STATUS_LABELS
from huyu_xlsx.cli import cli
from huyu_xlsx.documents import gongwen
from huyu_xlsx.plan import fmt_number

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples" / "2020-08"
DAY = "2020-08-25"
OPTIONS = ["--date", DAY, "--number", "15", "--contact", "李文，0878-3121234"]


def run(*args):
    res = CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)
    assert res.exit_code == 0, res.output
    return res


@pytest.fixture(scope="module")
def month(tmp_path_factory):
    """collect --out, report from the ledger (通报 and 报告), and the JSON of the month."""
    tmp = tmp_path_factory.mktemp("documents")
    db = tmp / "huyu.db"
    run("collect", SAMPLES, "--period", "2020-08", "--out", tmp / "collect", "--ledger", db, *OPTIONS)
    run("report", "--period", "2020-08", "--out", tmp / "report", "--ledger", db, *OPTIONS)
    run("report", "--period", "2020-08", "--out", tmp / "upward", "--ledger", db, "--no-workbook",
        "--kind", "报告", "--signer", "张明", *OPTIONS)
    data = json.loads(run("collect", SAMPLES, "--period", "2020-08", "--json", "--no-ledger").output)
    return tmp, data


def texts(path: Path) -> list[str]:
    d = docx.Document(str(path))
    return [p.text for p in d.paragraphs]


def tables(path: Path) -> list[list[list[str]]]:
    d = docx.Document(str(path))
    return [[[c.text for c in row.cells] for row in t.rows] for t in d.tables]


def orders_of(folder: Path) -> dict[str, Path]:
    return {p.stem.split("_")[-1]: p for p in sorted((folder / "督办单").glob("*.docx"))}


def test_collect_and_report_from_the_ledger_write_the_same_files(month):
    tmp, _ = month
    a, b = tmp / "collect", tmp / "report"
    assert (a / "通报_2020-08.docx").read_bytes() == (b / "通报_2020-08.docx").read_bytes()
    assert orders_of(a).keys() == orders_of(b).keys() and orders_of(a)
    for unit, path in orders_of(a).items():
        assert path.read_bytes() == orders_of(b)[unit].read_bytes(), unit
    assert (a / "通报_2020-08.txt").read_text("utf-8-sig") == (b / "通报_2020-08.txt").read_text("utf-8-sig")


def test_bulletin_is_a_gongwen(month):
    tmp, _ = month
    path = tmp / "report" / "通报_2020-08.docx"
    d = docx.Document(str(path))
    sec = d.sections[0]
    assert abs(sec.page_width.mm - 210) < 0.1 and abs(sec.page_height.mm - 297) < 0.1  # twips round
    assert abs(sec.top_margin.mm - 37) < 0.1 and abs(sec.left_margin.mm - 28) < 0.1
    assert abs(sec.right_margin.mm - 26) < 0.1 and abs(sec.bottom_margin.mm - 35) < 0.1
    assert d.settings.odd_and_even_pages_header_footer
    odd, even = sec.footer.paragraphs[0], sec.even_page_footer.paragraphs[0]
    assert odd.alignment == docx.enum.text.WD_ALIGN_PARAGRAPH.RIGHT
    assert even.alignment == docx.enum.text.WD_ALIGN_PARAGRAPH.LEFT
    for p in (odd, even):
        assert "PAGE" in p._p.xml and p.text.startswith("— ") and p.text.endswith(" —")
    lines = texts(path)
    assert "楚雄州沪滇扶贫协作领导小组办公室" in lines
    assert "楚沪滇办〔2020〕15号" in lines
    assert "各县沪滇扶贫协作领导小组，州沪滇扶贫协作领导小组各成员单位：" in lines
    body = "\n".join(lines)
    assert "现将2020年8月全州沪滇扶贫协作挂牌督战工作推进情况通报如下：" in body and "特此通报。" in body
    assert "2020年8月25日" in lines  # 成文日期
    for heading in ("一、总体情况", "二、主要指标完成情况"):
        assert heading in lines
    # The red 发文机关标志 and the red line under the number.
    name = next(p for p in d.paragraphs if p.text == "楚雄州沪滇扶贫协作领导小组办公室")
    assert str(name.runs[0].font.color.rgb) == "FF0000"
    number = next(p for p in d.paragraphs if p.text == "楚沪滇办〔2020〕15号")
    assert 'w:color="FF0000"' in number._p.xml and "w:bottom" in number._p.xml
    # 版记
    cells = [c for t in tables(path) for row in t for c in row]
    assert any(c.startswith("抄送：") for c in cells)
    assert any(c.endswith("2020年8月25日印发") for c in cells)


def east_asian(style) -> str | None:
    fonts = style.element.rPr.find(qn("w:rFonts"))
    return fonts.get(qn("w:eastAsia"))


def test_fonts_are_declared_in_the_east_asian_slot(month):
    tmp, _ = month
    d = docx.Document(str(tmp / "report" / "通报_2020-08.docx"))
    expect = {gongwen.STYLE_BODY: "仿宋_GB2312", gongwen.STYLE_TITLE: "方正小标宋简体", gongwen.STYLE_H1: "黑体",
              gongwen.STYLE_H2: "楷体_GB2312", gongwen.STYLE_H3: "仿宋_GB2312", gongwen.STYLE_PAGE_NUMBER: "宋体",
              gongwen.STYLE_NOTE: "仿宋_GB2312", "Normal": "仿宋_GB2312"}
    for name, font in expect.items():
        st = d.styles[name]
        assert east_asian(st) == font, name
    body = d.styles[gongwen.STYLE_BODY]
    assert body.font.size.pt == 16 and body.paragraph_format.line_spacing.pt == pytest.approx(28.95, abs=0.05)
    assert d.styles[gongwen.STYLE_TITLE].font.size.pt == 22
    used = {p.style.name for p in d.paragraphs}
    assert {gongwen.STYLE_BODY, gongwen.STYLE_TITLE, gongwen.STYLE_H1} <= used
    # 签发人 and a （一） heading sentence are set in 楷体 by their runs (the 报告 has both); a （一）
    # item that is a sentence of figures stays 仿宋.
    up = docx.Document(str(tmp / "upward" / "报告_2020-08.docx"))
    def font(run):
        rpr = run._element.rPr
        return None if rpr is None or rpr.rFonts is None else rpr.rFonts.get(qn("w:eastAsia"))

    kai = [r for p in up.paragraphs for r in p.runs if font(r) == "楷体_GB2312"]
    assert [r.text for r in kai] == ["张明", "（一）督促加快推进滞后任务。", "（二）督促及时准确报送数据。", "（三）加强督战调度。"]
    figures = [p for p in d.paragraphs if p.text.startswith("（一）上海市")]
    assert figures and all(font(r) is None for r in figures[0].runs)
    # The office name is red 小标宋 in the East Asian slot too.
    name = next(p for p in d.paragraphs if p.text == "楚雄州沪滇扶贫协作领导小组办公室")
    assert east_asian(name.style) == "方正小标宋简体"


def test_attachment_figures_are_those_of_the_json(month, plan):
    tmp, data = month
    ts = tables(tmp / "report" / "通报_2020-08.docx")
    headline, ranking, issues, submissions = ts[0], ts[1], ts[2], ts[3]
    whole = {r["indicator"]: r for r in data["results"] if r["unit"] == "全州"}
    from huyu_xlsx.report.facts import HEADLINES

    labels = dict(HEADLINES)
    rows = {row[1].rsplit("（", 1)[0]: row for row in headline[1:]}
    checked = 0
    for iid, label in labels.items():
        if label not in rows:
            continue
        r = whole[iid]
        assert rows[label][1] == f"{label}（{plan.indicator(iid).unit}）"
        assert rows[label][3] == fmt_number(r["actual"]), label
        assert rows[label][6] == STATUS_LABELS[r["status"]], label
        if r["rate"] is not None:
            assert rows[label][4] == f"{r['rate']:.1%}", label
        checked += 1
    assert checked >= 8
    # 附件3: every overdue or lagging indicator of the JSON, with its figure, and nothing else.
    by_key = {(r["unit"], plan.indicator(r["indicator"]).text): r for r in data["results"] if r["unit"] != "全州"}
    listed = [row for row in issues[1:] if not row[2].startswith("重点项目")]
    want = {k for k, r in by_key.items() if r["status"] in ("overdue", "behind")}
    assert {(row[1], row[2]) for row in listed} == want
    for row in listed:
        r = by_key[(row[1], row[2])]
        assert row[4] == (fmt_number(r["actual"]) if not isinstance(r["actual"], bool) else ("是" if r["actual"] else "否"))
        assert row[6] == {"overdue": "逾期", "behind": "滞后"}[r["status"]]
    projects = [row for row in issues[1:] if row[2].startswith("重点项目")]
    assert len(projects) == sum(1 for p in data["projects"] if p["status"] in ("overdue", "behind"))
    # 附件4: one row per submission, statuses as in the JSON.
    assert len(submissions) - 1 == len(data["submissions"])
    missing = [row for row in submissions[1:] if row[2] == "未报送"]
    assert [row[1] for row in missing] == [s["unit"] for s in data["submissions"] if s["status"] == "missing"]
    # 各县排名: counts add up to each county's results.
    counts = {}
    for r in data["results"]:
        if r["unit"] != "全州" and r["status"]:  # a unit's row of a target judged only for 全州 is null
            counts.setdefault(r["unit"], []).append(r["status"])
    for row in ranking[1:]:
        unit = row[1]
        assert int(row[2]) == len(counts[unit])
        assert int(row[3]) == counts[unit].count("done") and int(row[5]) == counts[unit].count("behind")


def test_bulletin_numbers_are_those_of_the_json(month):
    tmp, data = month
    body = "".join(texts(tmp / "report" / "通报_2020-08.docx"))
    accepted_units = {s["unit"] for s in data["submissions"] if s["status"] == "accepted"}
    accepted = len(accepted_units)
    judged = [r for r in data["results"] if r["unit"] != "全州" and r["status"]]
    statuses = [r["status"] for r in judged if r["unit"] in accepted_units]
    assert f"各单位承担任务共{len(judged)}项" in body and f"已报送单位的{len(statuses)}项" in body
    assert f"已完成{statuses.count('done')}项" in body and f"进度滞后{statuses.count('behind')}项" in body
    assert f"已报送{accepted}个" in body
    whole = {r["indicator"]: r for r in data["results"] if r["unit"] == "全州"}
    r = whole["assist-projects"]
    assert f"完成{fmt_number(r['actual'])}个，为目标{fmt_number(r['target'])}个的{r['rate']:.1%}" in body


def test_orders_list_each_item_and_problem(month, plan):
    tmp, data = month
    orders = orders_of(tmp / "report")
    # The unit that did not report gets one telling it to; the unit with typos gets its problems.
    assert samples.SAMPLE_MISSING in orders
    missing_text = "".join(texts(orders[samples.SAMPLE_MISSING]))
    assert "你单位未报送2020年8月填报表" in missing_text
    typo = orders[samples.SAMPLE_TYPOS]
    problems = [t for t in tables(typo) if t[0][:3] == ["序号", "工作表", "单元格"]]
    findings = [f for f in data["findings"] if f["unit"] == samples.SAMPLE_TYPOS and f["severity"] in ("error", "warning")]
    assert problems and len(problems[0]) - 1 == len(findings)
    for row, f in zip(problems[0][1:], findings):
        assert (row[1], row[2], row[3]) == (f["sheet"], f["cell"], f["original"])
    # Every listed item's figures are the JSON's.
    for unit, path in orders.items():
        text = "".join(texts(path))
        assert "南华县沪滇扶贫协作领导小组" in "".join(c for t in tables(orders["南华县"]) for row in t for c in row)
        assert "2020年8月30日前" in "".join(c for t in tables(path) for row in t for c in row), unit
        assert "李文，0878-3121234" in text
        by_text = {plan.indicator(r["indicator"]).text: r for r in data["results"] if r["unit"] == unit}
        for t in tables(path):
            if t[0][:2] != ["序号", "任务"]:
                continue
            for row in t[1:]:
                r = by_text.get(row[1])
                if r is None:
                    assert row[1].startswith("重点项目"), row
                    continue
                assert r["status"] in ("overdue", "behind", "invalid", "missing", "on_track"), row
                if r["actual"] is not None and not isinstance(r["actual"], bool):
                    assert row[3] == fmt_number(r["actual"]), row


def test_report_to_the_leaders_is_worded_upward(month):
    tmp, _ = month
    path = tmp / "upward" / "报告_2020-08.docx"
    lines = texts(path)
    body = "\n".join(lines)
    assert "州委、州政府：" in lines
    assert "报告如下" in body and "特此报告。" in body
    assert "通报如下" not in body and "特此通报" not in body and "下步工作打算" in body
    assert any(line.startswith("楚沪滇办〔2020〕15号") and "签发人：张明" in line for line in lines)
    assert not (tmp / "upward" / "汇总通报_2020-08.xlsx").exists()


def test_report_refuses_a_month_not_in_the_ledger(month):
    tmp, _ = month
    res = CliRunner().invoke(cli, ["report", "--period", "2020-09", "--out", str(tmp / "x"),
                                   "--ledger", str(tmp / "huyu.db")])
    assert res.exit_code == 1 and "没有 2020-09 的记录" in res.output


def test_remind_lists_who_has_not_reported_with_last_months_contacts(month, tmp_path):
    tmp, _ = month
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for p in sorted(SAMPLES.iterdir())[:3]:  # three returns of September are in … as August's files
        (inbox / p.name).write_bytes(p.read_bytes())
    res = run("remind", inbox, "--period", "2020-09", "--ledger", tmp / "huyu.db", "--out", tmp_path / "out",
              "--date", "2020-09-15")
    # August's files are not September's returns: every unit is still to report.
    assert "12 个单位尚未报送" in res.output and "0878-3120000" in res.output
    txt = (tmp_path / "out" / "催报通知_2020-09.txt").read_text("utf-8-sig")
    assert txt.startswith("【催报提醒】截至2020年9月15日") and "请于2020年9月20日前报送" in txt
    res = run("remind", SAMPLES, "--period", "2020-08", "--ledger", tmp / "huyu.db", "--out", tmp_path / "aug",
              "--date", "2020-08-15")
    assert "1 个单位尚未报送" in res.output and samples.SAMPLE_MISSING in res.output
    assert [t for t in tables(tmp_path / "aug" / "催报通知_2020-08.docx")][0][1][1] == samples.SAMPLE_MISSING


def test_a_rerun_drops_orders_that_no_longer_apply(month, tmp_path, plan):
    from huyu_xlsx.documents import DocOptions
    from huyu_xlsx.documents.supervise import write_orders
    from huyu_xlsx.ledger import open_ledger

    tmp, _ = month
    with open_ledger(tmp / "huyu.db", create=False) as lg:
        result = lg.load_results("2020-08")
    stale = tmp_path / "督办单_2020-08_某县.docx"
    stale.write_bytes(b"old")
    other = tmp_path / "督办单_2020-07_某县.docx"
    other.write_bytes(b"old")
    write_orders(result, plan, tmp_path, DocOptions(day=date(2020, 8, 25)))
    assert not stale.exists() and other.exists()


def test_number_and_title_helpers(plan):
    from huyu_xlsx.documents.official import document_number, office_name

    assert office_name(plan) == "楚雄州沪滇扶贫协作领导小组办公室"
    assert document_number(plan, "15", 2020) == "楚沪滇办〔2020〕15号"
    assert document_number(plan, "楚沪滇办〔2020〕7号", 2020) == "楚沪滇办〔2020〕7号"
    assert document_number(plan, None, 2020) == "楚沪滇办〔2020〕　　号"
    lines = gongwen.title_lines("关于2020年8月沪滇扶贫协作挂牌督战工作情况的通报")
    assert len(lines) == 2 and all(gongwen._width(x) <= gongwen.TITLE_CHARS for x in lines)
    assert "挂牌督战" in lines[0] or "挂牌督战" in lines[1]


def test_collect_leaves_the_documents_to_report_past_the_unit_limit(tmp_path, monkeypatch):
    from huyu_xlsx import month

    monkeypatch.setattr(month, "DOCUMENTS_MAX_UNITS", 5)
    res = CliRunner().invoke(cli, ["collect", str(SAMPLES), "--period", "2020-08", "--out", str(tmp_path / "out"),
                                   "--no-ledger"], catch_exceptions=False)
    assert res.exit_code == 0
    assert (tmp_path / "out" / "汇总通报_2020-08.xlsx").exists()
    assert not list((tmp_path / "out").rglob("*.docx"))
    assert "huyu report --period 2020-08" in res.output


def test_no_documents_writes_the_workbook_and_text_only(tmp_path):
    out = tmp_path / "out"
    run("collect", SAMPLES, "--period", "2020-08", "--out", out, "--no-ledger", "--no-documents")
    assert sorted(p.name for p in out.iterdir()) == ["汇总通报_2020-08.xlsx", "通报_2020-08.txt"]


def test_document_dates_are_typed_as_people_type_them(tmp_path):
    out = tmp_path / "out"
    run("collect", SAMPLES, "--period", "2020-08", "--out", out, "--no-ledger", "--date", "2020年8月25日",
        "--reply-by", "2020.8.30")
    text = "\n".join(p.text for p in docx.Document(str(out / "通报_2020-08.docx")).paragraphs)
    assert "2020年8月25日" in text
    order = next((out / "督办单").glob("*.docx"))
    body = "\n".join(c.text for t in docx.Document(str(order)).tables for row in t.rows for c in row.cells)
    assert "2020年8月30日" in body
