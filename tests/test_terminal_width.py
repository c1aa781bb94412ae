"""Terminal tables fit the window (CJK characters take two columns); --wide shows everything."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, strategies as st

from huyu_xlsx.cli import cli
from huyu_xlsx.textwidth import display_width, table, terminal_width, wrap

SAMPLES = Path(__file__).resolve().parent.parent / "samples" / "2020-08"
FILE = "2020-08_双柏县_沪滇协作督战填报表.xlsx"


def run(args, width=None):
    env = {"COLUMNS": str(width)} if width else None
    res = CliRunner().invoke(cli, [str(a) for a in args], env=env, catch_exceptions=False)
    assert res.exit_code == 0, res.output
    return res.output


def widest(text: str) -> int:
    return max(display_width(line) for line in text.splitlines())


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    path = tmp_path_factory.mktemp("width") / "huyu.db"
    run(["collect", SAMPLES, "--period", "2020-08", "--ledger", path])
    return path


def commands(db):
    return {
        "collect": ["collect", SAMPLES, "--period", "2020-08", "--no-ledger"],
        "plan show": ["plan", "show"],
        "ledger show": ["ledger", "show", "--ledger", db],
    }


@pytest.mark.parametrize("width", [80, 200])
@pytest.mark.parametrize("name", ["collect", "plan show", "ledger show"])
def test_no_line_is_wider_than_the_window(db, name, width):
    out = run(commands(db)[name], width)
    assert widest(out) < width  # one column spare: a full line wraps in the Windows console


def test_a_narrow_window_drops_columns_and_says_so(db):
    out = run(commands(db)["collect"], 80)
    assert FILE not in out
    assert "（窗口较窄，未显示“文件”“填报日期”列；加 --wide 显示全部列。）" in out
    assert "（窗口较窄，未显示“文件”列；加 --wide 显示全部列。）" in out  # the findings table
    # What is shown is whole: the longest finding wraps but every character is there.
    message = "目标任务被改为“300”，方案目标为“370”，已按方案目标评判。"
    assert message not in out and message in "".join(line.strip() for line in out.splitlines()).replace(" ", "")


def test_a_wide_window_needs_no_dropping(db):
    for name in ("collect", "plan show"):
        out = run(commands(db)[name], 200)
        assert "窗口较窄" not in out, name
    assert FILE in run(commands(db)["collect"], 200)


@pytest.mark.parametrize("name", ["collect", "plan show", "ledger show"])
def test_wide_shows_every_column_on_one_line(db, name):
    out = run([*commands(db)[name], "--wide"], 60)
    assert "窗口较窄" not in out
    narrow = run(commands(db)[name], 60)
    assert "窗口较窄" in narrow
    headers = {"collect": ["文件", "填报日期", "逾期未完成", "问题数"],
               "plan show": ["编号", "来源", "任务", "规则", "填报", "分解"],
               "ledger show": ["记录时间", "已报送/应报送", "计划"]}[name]
    line = next(line for line in out.splitlines() if line.startswith(headers[0]) or headers[0] in line.split())
    assert all(h in line.split() for h in headers), line
    assert widest(out) > 60
    if name == "collect":
        assert FILE in out
        assert "目标任务被改为“300”，方案目标为“370”，已按方案目标评判。" in out
    if name == "plan show":
        assert re.search(r"^standing-meeting-prefecture +二\(一\)2 +州委常委会议和州政府常务会议专题研究东西部扶贫协作工作 ",
                         out, re.M)


def test_demo_fits_and_takes_wide(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # short relative paths in what it prints
    out = run(["demo", "d"], 80)
    assert widest(out) < 80 and "--wide" in out
    assert FILE in run(["demo", "d", "--wide"], 80)


def test_terminal_width_follows_columns(monkeypatch):
    monkeypatch.setenv("COLUMNS", "100")
    assert terminal_width() == 99
    monkeypatch.setenv("COLUMNS", "5")
    assert terminal_width() == 20  # never so narrow that nothing fits


texts = st.text(st.sampled_from(list("县委常委会议，。“”（）-_/.ab12 　")), max_size=60)


@given(texts, st.integers(min_value=2, max_value=30))
def test_wrap_keeps_every_character_within_the_width(text, width):
    lines = wrap(text, width)
    assert all(display_width(line) <= width for line in lines)
    # Only spaces where a line breaks are left out.
    assert "".join("".join(lines).split()) == "".join(text.split())


@given(st.lists(st.lists(texts, min_size=3, max_size=3), max_size=5), st.integers(min_value=20, max_value=90))
def test_table_fits_whatever_the_cells(rows, width):
    out = table(rows, ["单位", "说明文字", "file"], width, drop=("file",))
    assert widest(out) <= width


@pytest.mark.parametrize("width", [80, 200])
def test_remind_fits_and_takes_wide(db, tmp_path, monkeypatch, width):
    monkeypatch.chdir(tmp_path)  # short relative paths in what it prints
    (tmp_path / "inbox").mkdir()
    args = ["remind", "inbox", "--period", "2020-09", "--ledger", db, "--out", "out", "--date", "2020-09-15"]
    out = run(args, width)
    assert widest(out) < width and "12 个单位尚未报送" in out
    wide = run([*args, "--wide"], 40)
    assert "窗口较窄" not in wide and "信息来自" in wide and "2020-08" in wide
    assert "窗口较窄" in run(args, 40)
