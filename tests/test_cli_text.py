"""The command line speaks Chinese, and takes a month or a date however an office writes it."""
from __future__ import annotations

import re

import pytest
from click.testing import CliRunner

from huyu_xlsx.cli import cli

ENGLISH = re.compile(r"Usage|Missing|Error|does not|Invalid|Try |Options|Show this|match the format")


def run(*args):
    return CliRunner().invoke(cli, list(args))


@pytest.mark.parametrize("args", [
    ["collect"],                                                 # missing argument
    ["collect", "no-such-folder", "--period", "2020-08"],        # bad path
    ["generate"],                                                # missing option
    ["collect", ".", "--period", "2020-08", "--as-of", "31.8.2020x"],  # bad date
    ["generate", "--period", "2020-13"],                         # bad month
    ["generate", "--no-such-option"],
    ["--help"],
    ["collect", "--help"],
])
def test_click_messages_are_chinese(args):
    result = run(*args)
    assert not ENGLISH.search(result.output), result.output
    if args[-1] != "--help":
        assert result.exit_code == 2 and "错误：" in result.output
    else:
        assert "用法：" in result.output and "选项" in result.output


def test_messages_name_the_problem():
    assert "缺少选项" in run("generate").output and "--period" in run("generate").output
    assert "文件夹“no-such-folder”不存在" in run("collect", "no-such-folder", "--period", "2020-08").output
    assert "“2020-13”不是年月" in run("generate", "--period", "2020-13").output


@pytest.mark.parametrize("text", ["2020-08", "2020-8", "202008", "2020年8月", "2020.8", "2020/08", " 2020年08月 "])
def test_period_written_any_clear_way(text):
    from huyu_xlsx.cli_text import Period

    assert Period().convert(text, None, None) == "2020-08"


def test_generate_says_which_month_it_took(tmp_path):
    result = run("generate", "--period", "2020年8月", "--out", str(tmp_path))
    assert result.exit_code == 0, result.output
    assert "报告期按 2020年8月（2020-08）处理" in result.output
    assert len(list(tmp_path.glob("2020-08_*.xlsx"))) == 12


@pytest.mark.parametrize("text", ["2020-08-31", "2020.8.31", "2020/8/31", "2020年8月31日", "20200831"])
def test_as_of_written_any_clear_way(text):
    from datetime import date

    from huyu_xlsx.cli_text import Day

    assert Day().convert(text, None, None) == date(2020, 8, 31)
