"""`huyu generate`: the command writes what the library writes, and says so in Chinese."""
from __future__ import annotations

from pathlib import Path

import openpyxl
from click.testing import CliRunner

from huyu_xlsx import layout
from huyu_xlsx.cli import cli


def test_generate_writes_every_unit(plan, tmp_path):
    result = CliRunner().invoke(cli, ["generate", "--period", "2020-08", "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    for unit in plan.unit_names:
        path = tmp_path / layout.file_name(unit, "2020-08")
        assert f"已生成：{path}" in result.output
        ident = openpyxl.load_workbook(path)[layout.IDENTITY_TITLE]
        assert {r[0]: r[2] for r in ident.iter_rows(values_only=True)}["unit"] == unit
    assert "共 12 份填报表" in result.output


def test_default_out_folder(plan, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # (CliRunner.isolated_filesystem is deprecated in newer Click)
    result = CliRunner().invoke(cli, ["generate", "--period", "2020-09"])
    assert result.exit_code == 0, result.output
    assert len(list(Path(tmp_path, "填报表", "2020-09").glob("*.xlsx"))) == len(plan.unit_names)


def test_period_outside_the_plan_is_refused_unless_forced(tmp_path):
    result = CliRunner().invoke(cli, ["generate", "--period", "2019-01", "--out", str(tmp_path / "a")])
    assert result.exit_code == 1
    assert "2020-07 至 2020-12 之间" in result.output and "--force" in result.output
    assert not (tmp_path / "a").exists()
    result = CliRunner().invoke(cli, ["generate", "--period", "2021-03", "--out", str(tmp_path / "b"), "--force"])
    assert result.exit_code == 0
    assert "2020-07 至 2020-12 之间" in result.output and len(list((tmp_path / "b").glob("*.xlsx"))) == 12


def test_bad_plan_and_bad_period_are_refused(tmp_path):
    bad = tmp_path / "plan.yaml"
    bad.write_text("id: x\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["generate", "--period", "2020-08", "--plan", str(bad), "--out", str(tmp_path)])
    assert result.exit_code == 1 and "缺少" in result.output
    result = CliRunner().invoke(cli, ["generate", "--period", "2020-13"])
    assert result.exit_code == 2 and "2020-08" in result.output
    assert not list(tmp_path.glob("*.xlsx"))


def test_unwritable_file_is_a_clean_error(plan, tmp_path):
    (tmp_path / layout.file_name("双柏县", "2020-08")).mkdir()  # a folder where the file should go
    result = CliRunner().invoke(cli, ["generate", "--period", "2020-08", "--out", str(tmp_path)])
    assert result.exit_code == 1
    assert "无法写入" in result.output and "Traceback" not in result.output
