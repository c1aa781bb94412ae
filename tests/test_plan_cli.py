"""`huyu plan show`: the public JSON format and the aligned text table."""
import json

import pytest
import yaml
from click.testing import CliRunner

from huyu_xlsx.cli import cli
from huyu_xlsx.plan.load import default_plan_text
from huyu_xlsx.textwidth import display_width


def _run(*args, width=None):
    result = CliRunner().invoke(cli, list(args), env={"COLUMNS": str(width)} if width else None)
    assert result.exit_code == 0, result.output
    return result.output


@pytest.fixture(scope="module")
def shown():
    return json.loads(_run("plan", "show", "--json"))


def test_json_top_level(shown):
    assert {"counties", "report_day", "indicators", "key_projects", "supervision"} <= set(shown)
    assert shown["counties"] == ["双柏县", "牟定县", "南华县", "姚安县", "大姚县", "永仁县", "武定县"]
    assert shown["report_day"] == 20
    assert shown["issued"] == "2020-07-06"
    assert shown["departments"][0] == {"name": "州沪滇办", "full_name": "州沪滇扶贫协作领导小组办公室"}


def test_json_indicators(shown):
    by_id = {i["id"]: i for i in shown["indicators"]}
    assert len(by_id) == len(shown["indicators"]) == 60
    for ind in shown["indicators"]:
        assert {"id", "text", "unit", "target", "targets", "deadline", "responsible"} <= set(ind)
        assert isinstance(ind["responsible"], list)
        assert isinstance(ind["targets"], dict)
    projects = by_id["assist-projects"]
    assert projects["target"] == 74
    assert projects["targets"] == {"双柏县": 11, "牟定县": 13, "南华县": 12, "姚安县": 8, "大姚县": 9,
                                   "永仁县": 11, "武定县": 10}
    assert projects["deadline"] == "2020-08-30"
    assert projects["unit"] == "个"
    assert projects["responsible"] == ["7个县党委和政府"]
    assert by_id["pairing-funds"]["targets"] == dict.fromkeys(shown["counties"])  # 未分县: null quotas
    assert by_id["performers"]["target_max"] == 20
    assert by_id["professionals-health"]["parent"] == "professionals"


def test_json_key_projects_and_supervision(shown):
    kp = shown["key_projects"]
    assert kp["total"] == 16 and kp["deadline"] == "2020-08-30"
    assert kp["counties"]["南华县"] == 3
    assert kp["prefecture"] == {"count": 4, "reporter": "州沪滇办", "deadline": "2020-10-30",
                                "note": kp["prefecture"]["note"]}
    assert len(shown["supervision"]) == 7
    assert shown["supervision"][0] == {
        "county": "武定县", "leaders": ["杨斌", "迟中华"], "lead_unit": "州扶贫办",
        "responsible_persons": ["罗文慧", "赵良"], "squad_leader": "林昆",
    }


def test_json_deadline_null_when_the_plan_gives_none(tmp_path):
    data = yaml.safe_load(default_plan_text())
    del data["indicators"][0]["deadline"]
    path = tmp_path / "plan.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")
    shown = json.loads(_run("plan", "show", "--json", "--plan", str(path)))
    assert shown["indicators"][0]["deadline"] is None
    assert shown["indicators"][1]["deadline"] == "2020-08-30"


def test_bad_plan_is_a_click_error(tmp_path):
    path = tmp_path / "plan.yaml"
    path.write_text("id: x\n", "utf-8")
    result = CliRunner().invoke(cli, ["plan", "show", "--plan", str(path)])
    assert result.exit_code == 1
    assert result.output.startswith("错误：") and "缺少" in result.output


def _starts(line):
    """Display column -> character starting there, for one line of terminal text."""
    out, col = {}, 0
    for ch in line:
        out[col] = ch
        col += display_width(ch)
    return out


def _cell_starts(line):
    """Display columns where a cell begins: a non-space after two spaces, or at the line start."""
    chars = _starts(line)
    return [p for p, ch in chars.items()
            if ch != " " and (p == 0 or (chars.get(p - 1) == " " and chars.get(p - 2) == " "))]


def _check_table(lines):
    """Every line of a `textwidth.table` starts each column at the header's display column
    (a wrapped header or row takes several lines; each of them is checked)."""
    at = next(i for i, line in enumerate(lines) if line and set(line) <= {"-", " "})
    header, rule, rows = lines[0], lines[at], lines[:at] + lines[at + 1:]
    assert set(rule) <= {"-", " "}
    starts = _cell_starts(rule)
    assert len(starts) >= 5
    assert _cell_starts(header) == starts
    for line in rows:
        chars, width = _starts(line), display_width(line)
        for p in starts[1:]:
            if p >= width:  # trailing empty cells are stripped
                continue
            assert p in chars, (p, line)  # no wide character straddles a column start
            assert chars.get(p - 1) == " " and chars.get(p - 2) == " ", (p, line)


def test_show_aligns_columns():
    out = _run("plan", "show", "--wide").splitlines()
    head = out.index(next(line for line in out if line.startswith("编号")))
    table = out[head: head + 2 + 60]
    assert table[0].split()[:3] == ["编号", "来源", "任务"]
    assert table[2].startswith("visit-to-chuxiong ") and table[-1].startswith("highlight-cases ")
    _check_table(table)

    sup = out.index(next(line for line in out if line.startswith("督战县")))
    _check_table(out[sup: sup + 2 + 7])
    assert "州委组织部长" in out[sup + 2 + 4]


def test_show_in_a_narrow_window_wraps_and_aligns():
    out = _run("plan", "show", width=80).splitlines()
    head = out.index(next(line for line in out if line.startswith("来源")))
    end = out.index(next(line for line in out[head:] if line.startswith("（窗口较窄")))
    assert "“编号”" in out[end] and "--wide" in out[end]
    table = out[head:end]
    assert len(table) > 2 + 60  # long tasks wrap onto a second line
    _check_table(table)


def test_help_has_examples():
    assert "huyu plan export" in _run("plan", "export", "--help")
    assert "--json" in _run("plan", "show", "--help")
