"""collect_month, the month behind one call; read-only stages; the one findings catalogue."""
from __future__ import annotations

import ast
import copy
import dataclasses
import json
import pickle
import re
from datetime import date
from pathlib import Path

import docx
import openpyxl
import pytest
from click.testing import CliRunner

from huyu_xlsx import HuyuError, Month, Refusal, collect_month, report_month
from huyu_xlsx.checks.figures import check_figures, figures_of, invalid_ids
from huyu_xlsx.cli import cli
from huyu_xlsx.collect import ACCEPTED, NOT_RECEIVED, check_file, collect_returns
from huyu_xlsx.demo import BUNDLED_SAMPLES
from huyu_xlsx.documents import DocOptions
from huyu_xlsx.findings import CATALOGUE, UnknownCode, make_finding
from huyu_xlsx.intake.read import read_return
from huyu_xlsx.ledger import LedgerError, open_ledger
from huyu_xlsx.month import BACKUP, FORCED, REPLACES
from huyu_xlsx.plan import PlanError, load_plan
from huyu_xlsx.report.workbook import SHEETS

PERIOD = "2020-08"
SAMPLES = BUNDLED_SAMPLES / PERIOD
DATA = Path(__file__).parent / "data"
PACKAGE = Path(__file__).resolve().parent.parent / "huyu_xlsx"


@pytest.fixture(scope="module")
def plan():
    return load_plan(None)


def test_collect_month_on_the_samples_gives_the_month_and_writes_its_files(tmp_path, plan):
    notices = []
    month = collect_month(SAMPLES, PERIOD, plan=plan, ledger=tmp_path / "huyu.db", out=tmp_path / "汇总",
                          documents=DocOptions(day=date(2020, 8, 25)), notify=notices.append)
    assert isinstance(month, Month) and month.period == PERIOD and month.files == 11
    status = {s.unit: s.status for s in month.submissions}
    assert status["永仁县"] == NOT_RECEIVED and sum(v == ACCEPTED for v in status.values()) == 11
    assert {("target-tampered", "大姚县"), ("submission-missing", "永仁县")} <= {(f.code, f.unit) for f in month.findings}
    assert len(month.results) == len(collect_returns(SAMPLES, plan, PERIOD).results) and month.projects
    assert month.previous is None and month.previous_period is None  # the ledger was empty
    assert notices == month.notices == []  # nothing replaced, nothing backed up
    w = month.written
    assert w.summary == tmp_path / "汇总" / "汇总通报_2020-08.xlsx"
    assert openpyxl.load_workbook(w.summary, read_only=True).sheetnames == [s for s in SHEETS if s != "环比"]
    assert w.bulletin.name == "通报_2020-08.txt" and "2020年8月" in w.bulletin.read_text("utf-8")
    assert "2020年8月25日" in "\n".join(p.text for p in docx.Document(w.official).paragraphs)
    assert w.orders and all(p.parent.name == "督办单" and docx.Document(p).paragraphs for p in w.orders)
    assert w.ledger == tmp_path / "huyu.db" and w.backup is None
    with open_ledger(w.ledger, create=False) as lg:
        assert lg.load_results(PERIOD).findings == month.findings


def test_collect_month_again_and_a_month_later_say_so_and_compare(tmp_path, plan):
    ledger, out = tmp_path / "huyu.db", tmp_path / "out"
    collect_month(SAMPLES, PERIOD, plan=plan, ledger=ledger, documents=False)
    again = collect_month(SAMPLES, PERIOD, plan=plan, ledger=ledger, out=out, documents=False)
    assert [n.kind for n in again.notices] == [REPLACES, BACKUP]
    assert again.written.backup.exists() and str(again.written.backup) in again.notices[-1].text
    assert again.written.official is None and not list(out.rglob("*.docx"))
    # September from August's files: refused, unless forced; then compared with August
    with pytest.raises(Refusal):
        collect_month(SAMPLES, "2020-09", plan=plan, ledger=ledger)
    later = collect_month(SAMPLES, "2020-09", plan=plan, ledger=ledger, force=True, out=out, documents=False)
    assert later.previous_period == PERIOD and [n.kind for n in later.notices][0] == FORCED
    assert "环比" in openpyxl.load_workbook(later.written.summary, read_only=True).sheetnames
    assert all(s.status != ACCEPTED for s in later.submissions)


def test_refusals_and_errors_are_huyu_errors_and_write_nothing(tmp_path, plan):
    (tmp_path / "空").mkdir()
    with pytest.raises(Refusal) as caught:
        collect_month(tmp_path / "空", PERIOD, plan=plan, ledger=tmp_path / "huyu.db")
    assert isinstance(caught.value, HuyuError) and caught.value.exit_code == 1 and "--force" in str(caught.value)
    assert not (tmp_path / "huyu.db").exists()
    with pytest.raises(PlanError):
        collect_month(SAMPLES, PERIOD, plan=tmp_path / "无此计划.yaml")
    (tmp_path / "坏.db").write_text("不是台账")
    with pytest.raises(LedgerError):
        collect_month(SAMPLES, PERIOD, plan=plan, ledger=tmp_path / "坏.db")
    for cls in (PlanError, LedgerError):
        assert issubclass(cls, HuyuError)
    assert issubclass(PlanError, ValueError)  # its old users catch it so


def test_report_month_writes_the_month_again_from_the_ledger(tmp_path, plan):
    collect_month(SAMPLES, PERIOD, plan=plan, ledger=tmp_path / "huyu.db", documents=False)
    month = report_month(PERIOD, out=tmp_path / "out", plan=plan, ledger=tmp_path / "huyu.db")
    assert month.written.summary.exists() and month.written.official.exists()
    with pytest.raises(HuyuError, match="没有 2020-09 的记录"):
        report_month("2020-09", out=tmp_path / "out", plan=plan, ledger=tmp_path / "huyu.db")


def _json_of(output: str) -> dict:
    data = json.loads(output)
    for s in data["submissions"]:
        s["received"] = None  # the files' times depend on the checkout
    return data


def test_cli_collect_says_what_it_said_before_collect_month():
    """tests/data holds `huyu collect` on the samples as written before collect_month existed."""
    runner = CliRunner()
    res = runner.invoke(cli, ["collect", str(SAMPLES), "--period", PERIOD, "--json", "--no-ledger"])
    assert res.exit_code == 0
    assert _json_of(res.output) == json.loads((DATA / "collect-2020-08.json").read_text("utf-8"))
    res = runner.invoke(cli, ["collect", str(SAMPLES), "--period", PERIOD, "--no-ledger", "--wide"])
    assert res.exit_code == 0 and res.output == (DATA / "collect-2020-08.txt").read_text("utf-8")


def test_cli_collect_renders_the_notices(tmp_path):
    args = ["collect", str(SAMPLES), "--period", PERIOD, "--ledger", str(tmp_path / "huyu.db")]
    CliRunner().invoke(cli, args, catch_exceptions=False)
    res = CliRunner().invoke(cli, args + ["--json"], catch_exceptions=False)
    assert "将被本次结果替换。替换前的台账会自动备份。" in res.stderr and "写入前的台账已备份到：" in res.stderr
    json.loads(res.stdout)  # stdout is the JSON alone
    res = CliRunner().invoke(cli, ["collect", str(SAMPLES), "--period", "2020-09", "--no-ledger"])
    assert res.exit_code == 1 and "错误" in res.stderr and "--force" in res.stderr and "Traceback" not in res.stderr


# --- read-only stages ---

def test_checks_and_judging_leave_the_return_as_read(plan):
    path = SAMPLES / "2020-08_南华县_沪滇协作督战填报表.xlsx"
    ret = read_return(path, plan, PERIOD)
    before = copy.deepcopy(ret)
    figures = figures_of(ret, plan)
    found = list(check_figures(ret, plan, date(2020, 8, 20), {("南华县", "labour-local"): 1e9}, figures))
    assert "value-decreased" in {f.code for f in found}  # the checks did find something
    invalid_ids(ret, found)
    assert ret == before and ret.findings == before.findings and ret.values == before.values
    with pytest.raises(dataclasses.FrozenInstanceError):
        ret.unit = "双柏县"
    assert isinstance(ret.findings, tuple)


def test_a_checked_file_keeps_its_stages_apart_and_crosses_processes(plan):
    path = SAMPLES / "2020-08_南华县_沪滇协作督战填报表.xlsx"
    item = check_file(path, plan, PERIOD, date(2020, 8, 20), {("南华县", "labour-local"): 1e9})
    read = read_return(path, plan, PERIOD)
    assert item.ret.findings == read.findings  # reading's findings only: checks are apart
    assert "value-decreased" in {f.code for f in item.checks} and item.results
    back = pickle.loads(pickle.dumps(item))
    assert back == item


# --- one catalogue ---

FINDING_CALLS = {"make_finding": 0, "add": 0, "finding": 0, "Refused": 0, "Note": 0, "_error": 1,
                 "_guarded": 2, "unreadable": 2, "_at": 1}
CODE = re.compile(r"^[a-z]+(-[a-z0-9]+)+$")


def codes_in_source(source: str) -> set[str]:
    """Every code literal passed to a finding's constructor (or its wrappers) or compared with a
    finding's `.code`."""
    found = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call):
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            at = FINDING_CALLS.get(name)
            if at is not None and len(node.args) > at and isinstance(node.args[at], ast.Constant):
                value = node.args[at].value
                if isinstance(value, str) and CODE.match(value):
                    found.add(value)
        elif isinstance(node, ast.Compare) and isinstance(node.left, ast.Attribute) and node.left.attr == "code":
            for side in node.comparators:
                for const in ast.walk(side):
                    if isinstance(const, ast.Constant) and isinstance(const.value, str) and CODE.match(const.value):
                        found.add(const.value)
    return found


def test_every_code_the_source_emits_is_in_the_catalogue():
    used: dict[str, str] = {}
    for path in PACKAGE.rglob("*.py"):
        for code in codes_in_source(path.read_text("utf-8")):
            used.setdefault(code, str(path.relative_to(PACKAGE)))
    unknown = {code: where for code, where in used.items() if code not in CATALOGUE}
    assert unknown == {}
    # the scan sees every kind of call (it is not vacuous)
    assert {"subitems-mismatch", "value-not-number", "file-too-large", "submission-duplicate",
            "report-date-missing", "number-fullwidth", "period-mismatch"} <= set(used)


def test_the_scan_catches_a_typo_and_make_finding_refuses_it():
    assert codes_in_source('ret.add("value-negtive", sheet=s)\nif f.code == "plan-mismach": pass') == {
        "value-negtive", "plan-mismach"}
    with pytest.raises(UnknownCode, match="value-negtive"):
        make_finding("value-negtive")
    assert make_finding("value-negative", original="-3").message == "填写了负数 -3。"
