"""Write the generated pages of docs/: the finding codes and the command reference.

    python scripts/make_docs.py           # rewrite docs/findings.md and docs/cli.md
    python scripts/make_docs.py --check   # exit 1 and name the pages that differ (tests/test_docs.py)

Both pages come from the code, so they cannot drift from it: the finding codes from the one
catalogue (huyu_xlsx/findings.py CATALOGUE), the reference from every command's --help.
The output holds no paths, dates or machine details, and --help is rendered at a fixed width, so the same code gives the same bytes on any machine.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
WIDTH = 78  # Click wraps --help at min(window, 80) - 2 columns: what any window of 80 or more shows
GENERATED = "<!-- 本页由 scripts/make_docs.py 生成，请勿手改：改动 {source} 后运行 python scripts/make_docs.py -->"


def findings_page() -> str:
    from huyu_xlsx.findings import CATALOGUE, SEVERITY_LABELS

    counts = {label: 0 for label in SEVERITY_LABELS.values()}
    rows = []
    for code, spec in CATALOGUE.items():
        label = SEVERITY_LABELS[spec.severity]
        counts[label] += 1
        action = spec.action.format(unit="该单位")
        rows.append(f"| `{code}` | {label} | {_cell(spec.title)} | {_cell(action)} |")
    tally = "、".join(f"{label} {n} 种" for label, n in counts.items())
    return "\n".join([
        GENERATED.format(source="huyu_xlsx/findings.py 的 CATALOGUE"),
        "# 问题代码一览",
        "",
        "`huyu collect` 发现的每一条问题都有：级别（错误/警告/提示）、代码、单位、文件、工作表、单元格、说明和处理办法。",
        "代码是稳定的英文短语，终端、汇总表“数据问题”、`--json`（`findings[].code`）和台账中都一样；",
        "说明按当时的内容写成（如填写的原文、所在单元格），下表是每种问题的名称和处理办法。",
        "",
        "- **错误**：该数或该文件不能采用，按“数据有误”或“未报送”处理（目标任务被改动的，按方案目标评判）；",
        "  加 `--strict` 时有错误则退出码为 1；",
        "- **警告**：需要核实、补充或说明；",
        "- **提示**：读取时做了改动（如全角数字、去掉单位），列出原文，请核对。",
        "",
        f"共 {len(rows)} 种：{tally}。",
        "",
        "| 代码 | 级别 | 问题 | 处理办法 |",
        "|---|---|---|---|",
        *rows,
        "",
    ])


def cli_page() -> str:
    from huyu_xlsx.cli import cli

    sections = []
    for path in _command_paths(cli):
        title = " ".join(["huyu", *path])
        sections += [f"## {title}", "", "```text", _help(cli, path).rstrip(), "```", ""]
    index = [f"- [{' '.join(['huyu', *p])}](#{_anchor(' '.join(['huyu', *p]))})" for p in _command_paths(cli)]
    return "\n".join([
        GENERATED.format(source="命令或其说明"),
        "# 命令参考",
        "",
        "每个命令的 `--help`（`huyu 命令 --help` 在终端中显示的就是这些）。用法和例子见[月度工作指南](guide.md)。",
        "",
        *index,
        "",
        *sections,
    ])


def _help(cli, path: tuple[str, ...]) -> str:
    """What `huyu <path> --help` prints in a window at least 80 columns wide."""
    import click

    ctx = click.Context(cli, info_name="huyu", terminal_width=WIDTH, **cli.context_settings)
    for name in path:
        cmd = ctx.command.get_command(ctx, name)
        ctx = click.Context(cmd, info_name=name, parent=ctx, **cmd.context_settings)
    return ctx.get_help()


def _command_paths(group, prefix=()) -> list[tuple[str, ...]]:
    """Every command below `group`, depth first, groups before their subcommands."""
    import click

    paths = [prefix]
    ctx = click.Context(group, info_name="huyu")
    for name in group.list_commands(ctx):
        cmd = group.get_command(ctx, name)
        if isinstance(cmd, click.Group):
            paths += _command_paths(cmd, (*prefix, name))
        else:
            paths.append((*prefix, name))
    return paths


def _anchor(title: str) -> str:
    return title.lower().replace(" ", "-")


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


PAGES = {"findings.md": findings_page, "cli.md": cli_page}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only compare; exit 1 if a page differs")
    args = parser.parse_args(argv)
    stale = []
    for name, make in PAGES.items():
        path = DOCS / name
        text = make()
        if args.check:
            if not path.exists() or path.read_text("utf-8") != text:
                stale.append(name)
        else:
            path.write_text(text, "utf-8", newline="\n")
            print(f"wrote docs/{name}")
    if stale:
        print(f"out of date: {', '.join('docs/' + s for s in stale)}; run: python scripts/make_docs.py",
              file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    sys.exit(main())
