"""The `huyu` command: a thin layer over the library."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from . import cli_text
from .plan import load_plan

cli_text.install()  # before any click.Path is made: Click's own messages in Chinese


def plan_option(f):
    return click.option(
        "--plan", "plan_path", type=click.Path(dir_okay=False), default=None,
        help="计划文件（YAML 或 huyu plan export 导出的工作簿）；默认为内置的 chuxiong-2020。",
    )(f)


def period_option(required=True):
    def deco(f):
        return click.option("--period", required=required, type=cli_text.Period(),
                            help="报告期（年月），如 2020-08，也可写 2020-8、202008、2020年8月。")(f)
    return deco


def ledger_option(f):
    return click.option(
        "--ledger", "ledger_path", type=click.Path(dir_okay=False), default="huyu.db", show_default=True,
        help="台账文件（SQLite）。",
    )(f)


def wide_option(f):
    return click.option(
        "--wide", is_flag=True,
        help="显示表格的全部列，每行不折行（默认按窗口宽度折行，窗口窄时省去次要的列）。",
    )(f)


def screen_width(wide: bool) -> int | None:
    """The width terminal tables fit in; None with --wide (every column, one line per row)."""
    from .textwidth import terminal_width

    return None if wide else terminal_width()


def layout_period_cn(period: str) -> str:
    from .layout import period_cn

    return period_cn(period)


def open_ledger(path, create=True):
    from .ledger import open_ledger as open_it

    return open_it(path, create=create)


def backups_option(f):
    return click.option(
        "--keep-backups", type=click.IntRange(min=0), default=12, show_default=True,
        help="每次写入台账前，在台账旁自动备份一份（huyu.备份-日期-时间.db），保留最近的这么多份；0 为不备份。",
    )(f)


def force_option(f):
    return click.option("--force", is_flag=True,
                        help="跳过安全检查（报告期不在计划内、文件夹为空或全是其他月份的表）继续执行。")(f)


def open_plan(plan_path):
    return load_plan(plan_path)


def document_options(f):
    """Options of the month's Word documents (通报/报告, 督办单), shared by collect and report."""
    options = [
        click.option("--kind", type=click.Choice(["通报", "报告"]), default="通报", show_default=True,
                     help="通报：发各县和州级部门；报告：报州委、州政府（上行文措辞）。"),
        click.option("--number", default=None,
                     help="发文字号，如 楚沪滇办〔2020〕15号，或只写序号 15；不写则留空待登记。"),
        click.option("--date", "doc_date", type=cli_text.Day(),
                     help="成文日期（也是印发日期、督办日期），如 2020-08-25，默认为今天。"),
        click.option("--reply-by", type=cli_text.Day(),
                     help="督办单的办结（反馈、重新报送）时限，如 2020-08-30，默认为成文日期后 5 天。"),
        click.option("--contact", default="", help="督办单上的联系人及电话，如 “李文，0878-3121234”。"),
        click.option("--signer", default="", help="报告的签发人。"),
    ]
    for option in reversed(options):
        f = option(f)
    return f


def _doc_options(doc_opts: dict) -> dict:
    """documents.DocOptions' fields, built into DocOptions only when documents are written
    (python-docx is not imported otherwise)."""
    return dict(kind=doc_opts.get("kind") or "通报", number=doc_opts.get("number"), day=doc_opts.get("doc_date"),
                reply_by=doc_opts.get("reply_by"), contact=doc_opts.get("contact") or "",
                signer=doc_opts.get("signer") or "")


def _echo_documents(written) -> None:
    kind = written.official.stem.split("_")[0]
    click.echo(f"{kind}（Word）：{written.official}")
    if written.orders:
        click.echo(f"督办单：{len(written.orders)} 份，在 {written.orders[0].parent}")
    else:
        click.echo("督办单：本月没有需要督办的单位。")



class Commands(click.Group):
    """Every failure of every command is a Chinese message and an exit code, never a traceback:
    the one place the library's errors (errors.HuyuError) and the rest become output."""

    def invoke(self, ctx):
        from .errors import HuyuError

        try:
            return super().invoke(ctx)
        except (click.exceptions.Exit, click.exceptions.Abort, click.ClickException, SystemExit,
                KeyboardInterrupt):
            raise
        except HuyuError as exc:
            failure = click.ClickException(str(exc))
            failure.exit_code = exc.exit_code
            raise failure from exc
        except BaseException as exc:  # noqa: BLE001 - what is left is said in Chinese
            raise click.ClickException(failure_message(exc)) from exc


def failure_message(exc: BaseException) -> str:
    """A failure that is not a HuyuError, in Chinese; an unforeseen error is saved for the maintainers."""
    import sqlite3

    from .errors import describe_os_error

    if isinstance(exc, OSError):
        return describe_os_error(exc) + "。"
    if isinstance(exc, sqlite3.Error):
        from .ledger.schema import describe_sqlite_error

        return f"台账读写失败：{describe_sqlite_error(exc)}。台账保持写入前的状态。"
    if isinstance(exc, MemoryError):
        return "内存不足，请关闭其他程序后重新运行。"
    return f"程序出错，未能完成。{_save_traceback(exc)}"


def _save_traceback(exc: BaseException) -> str:
    import tempfile
    import traceback

    try:
        fd, name = tempfile.mkstemp(prefix="huyu-错误-", suffix=".txt")
        with open(fd, "w", encoding="utf-8") as fh:
            fh.write("".join(traceback.format_exception(exc)))
        return f"详细信息已保存到“{name}”，请把该文件发给维护人员。"
    except OSError:
        return "请把所运行的命令和文件发给维护人员。"


@click.group(cls=Commands, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="huyu_xlsx")
def cli():
    """沪滇扶贫协作挂牌督战：每月填报表生成、回收汇总与台账。"""


@cli.group()
def plan():
    """查看、导出工作方案（计划）。"""


@plan.command("show")
@plan_option
@click.option("--json", "as_json", is_flag=True, help="以 JSON 输出（公开格式，见 docs/json.md）。")
@wide_option
def plan_show(plan_path, as_json, wide):
    """显示计划的全部指标、分县目标、重点项目和督战表。

    例：huyu plan show --json > plan.json
    """
    p = open_plan(plan_path)
    if as_json:
        click.echo(json.dumps(p.to_dict(), ensure_ascii=False, indent=2))
    else:
        from .plan.show import render_plan

        click.echo(render_plan(p, screen_width(wide)))


@plan.command("export")
@plan_option
@click.argument("path", type=click.Path(dir_okay=False))
def plan_export(plan_path, path):
    """把计划导出为可在 Excel 中查看、修改的工作簿（.xlsx）。

    修改后可用 --plan 该文件 代替 YAML 使用。

    例：huyu plan export 计划.xlsx
    """
    from .plan.workbook import write_plan_workbook

    p = open_plan(plan_path)
    written = write_plan_workbook(p, path)
    click.echo(f"已将计划 {p.id}（{len(p.indicators)} 项指标）导出到 {written}")


@cli.command()
@plan_option
@period_option()
@click.option("--out", "out_dir", type=click.Path(file_okay=False), default=None,
              help="输出文件夹；默认为 填报表/<报告期>。")
@click.option("--prefill", is_flag=True, help="把台账中各单位上月填报的数填入本月表，单位只需更新变化的数。")
@ledger_option
@force_option
def generate(plan_path, period, out_dir, prefill, ledger_path, force):
    """为每个填报单位（各县、州级部门）生成本月填报表。

    例：huyu generate --period 2020-08 --out 填报表/2020-08

    例：huyu generate --period 2020-09 --prefill   （用台账 huyu.db 中 8 月的数预填）
    """
    from .errors import failing_as
    from .generate import generate_month
    from .guards import period_outside_plan, refuse_unless

    p = open_plan(plan_path)
    out = Path(out_dir or Path("填报表") / period)
    refuse_unless(force, period_outside_plan(p, period), echo_err)
    values = None
    if prefill:
        with open_ledger(ledger_path, create=False) as lg:
            values = lg.prefill(period, p)
        if not values:
            click.echo(f"注意：台账 {ledger_path} 中没有 {period} 之前的数据，未预填。", err=True)
    with failing_as("生成失败："):
        paths = generate_month(p, period, out, prefill=values)
    for path in paths:
        click.echo(f"已生成：{path}")
    click.echo(f"共 {len(paths)} 份填报表，报告期 {period}，保存在 {out}。")
    if values:
        months = "、".join(sorted({layout_period_cn(v.period) for v in values.values() if v.period}))
        click.echo(f"已按台账预填 {len(values)} 个单位{months}报送的数（填报表中为浅橙色，请各单位核实更新）。")
        withheld = sum(len(v.withheld) for v in values.values())
        if withheld:
            click.echo(f"上期有误的 {withheld} 个数未预填，已在填报表的单元格批注和“填报说明”中注明，请各单位重新填写。")


def echo_err(text: str) -> None:
    click.echo(text, err=True)


class ReadingBar:
    """The progress of reading, on stderr, once there are enough files to wait for."""

    def __init__(self, shown: bool = True):
        self.shown, self._bar = shown, None

    def update(self, done: int, total: int) -> None:
        from .month import MANY_FILES

        if self._bar is None and self.shown and total > MANY_FILES:
            self._bar = click.progressbar(length=total, label="正在读取", file=sys.stderr)
            self._bar.__enter__()
        if self._bar is not None:
            self._bar.update(1)
            if done == total:
                self.finish()

    def finish(self) -> None:
        if self._bar is not None:
            self._bar.render_finish()
            self._bar, self.shown = None, False


@cli.command()
@click.argument("inbox", type=click.Path(exists=True, file_okay=False))
@period_option()
@click.option("--as-of", type=cli_text.Day(),
              help="统计截止日，如 2020-08-31；默认为本报告期的报送截止日（每月 20 日）。")
@plan_option
@click.option("--out", "out_dir", type=click.Path(file_okay=False), default=None,
              help="输出文件夹；给出时写出汇总表 汇总通报_<报告期>.xlsx、通报文字和 Word 文件（通报或报告、督办单）。")
@ledger_option
@click.option("--no-ledger", is_flag=True, help="不读写台账（只看结果）。")
@click.option("--no-documents", is_flag=True, help="只写汇总表和通报文字，不写 Word 文件（需要时可用 huyu report 补写）。")
@click.option("--json", "as_json", is_flag=True, help="以 JSON 输出全部结果（格式见 docs/json.md）。")
@click.option("--strict", is_flag=True, help="有“错误”级别的数据问题时以退出码 1 结束。")
@click.option("--workers", type=click.IntRange(min=1), default=None,
              help="同时读取文件的进程数；默认文件多时用上全部 CPU 核，1 为逐个读取。")
@document_options
@wide_option
@backups_option
@force_option
def collect(inbox, period, as_of, plan_path, out_dir, ledger_path, no_ledger, no_documents, as_json, strict,
            workers, wide, keep_backups, force, **doc_opts):
    """回收 INBOX 文件夹中各单位交回的填报表：识别、检查、评判，记入台账并写出汇总表。

    交回的文件只读不改。一个文件有问题不会中断整批，问题都记入“数据问题”。
    同一报告期再次回收时，台账中只替换该期，其他各期不动；写入前台账自动备份。
    报告期不在计划内、文件夹为空、或文件全是其他月份的表时拒绝执行（--force 可跳过）。

    例：huyu collect 回收/2020-08 --period 2020-08 --out 汇总
    """
    from .month import DOCUMENTS_SKIPPED, WRITING, collect_month

    p = open_plan(plan_path)
    quiet = {WRITING, DOCUMENTS_SKIPPED} if as_json else set()  # JSON: only what must be said
    bar = ReadingBar(shown=not as_json)

    def notify(notice) -> None:
        bar.finish()
        if notice.kind not in quiet:
            echo_err(notice.text)

    try:
        month = collect_month(inbox, period, plan=p, ledger=None if no_ledger else ledger_path, out=out_dir,
                              as_of=as_of, workers=workers, progress=bar.update, notify=notify, force=force,
                              keep_backups=keep_backups,
                              documents=False if no_documents else _doc_options(doc_opts))
    finally:
        bar.finish()
    if as_json:
        click.echo(json.dumps(month.to_dict(), ensure_ascii=False, indent=2, default=str))
    else:
        from .console import render_collect

        click.echo(render_collect(month, p, screen_width(wide)))
        if month.written.summary:
            click.echo(f"\n汇总表：{month.written.summary}")
            click.echo(f"通报文字：{month.written.bulletin}（可直接复制到通报正文）")
        if month.written.official:
            _echo_documents(month.written)
        if month.written.ledger:
            click.echo(f"已记入台账：{ledger_path}")
    if strict and month.error_count:
        sys.exit(1)


@cli.command()
@period_option()
@click.option("--out", "out_dir", type=click.Path(file_okay=False), required=True,
              help="输出文件夹：汇总表、通报（或报告）、督办单都写在这里。")
@plan_option
@ledger_option
@click.option("--no-workbook", is_flag=True, help="只写 Word 文件（通报/报告、督办单），不写汇总表。")
@document_options
def report(period, out_dir, plan_path, ledger_path, no_workbook, **doc_opts):
    """不需要交回的文件，直接用台账中某个月的评判结果写出汇总表、通报（或报告）和督办单。

    同一个月、同样的选项，写出的文件完全相同。

    例：huyu report --period 2020-08 --out 汇总 --number 15 --date 2020-08-25

    例：huyu report --period 2020-08 --out 汇总 --kind 报告   （报州委、州政府）
    """
    from .month import report_month

    month = report_month(period, out=out_dir, plan=open_plan(plan_path), ledger=ledger_path,
                         workbook=not no_workbook, documents=_doc_options(doc_opts))
    if month.written.summary:
        click.echo(f"汇总表：{month.written.summary}")
        click.echo(f"通报文字：{month.written.bulletin}")
    _echo_documents(month.written)


@cli.command()
@click.argument("inbox", type=click.Path(exists=True, file_okay=False))
@period_option()
@click.option("--out", "out_dir", type=click.Path(file_okay=False), default=None,
              help="催报通知的输出文件夹；默认为 催报/<报告期>。")
@plan_option
@ledger_option
@click.option("--date", "doc_date", type=cli_text.Day(), help="催报日期，如 2020-08-18，默认为今天。")
@click.option("--contact", default="", help="联系人及电话，写在催报通知中。")
@wide_option
def remind(inbox, period, out_dir, plan_path, ledger_path, doc_date, contact, wide):
    """催报：列出 INBOX 中还没有交回本月填报表的单位，以及他们上月填写的填报人和联系电话，
    并写出催报通知（Word 和可直接发到工作群的文字）。报送截止日前后都可以用。

    例：huyu remind 回收/2020-08 --period 2020-08
    """
    from datetime import date

    from .documents.remind import pending, received_units, write_notice
    from .textwidth import table, wrap_lines

    p = open_plan(plan_path)
    contacts = {}
    if Path(ledger_path).exists():
        with open_ledger(ledger_path, create=False) as lg:
            contacts = lg.contacts(period)
    day = doc_date or date.today()
    units = pending(p, received_units(Path(inbox), p, period), contacts)
    due = p.due_date(period)
    if not units:
        click.echo(f"{period} 的填报表已全部收到（{len(p.unit_names)} 个单位），不需要催报。")
        return
    width = screen_width(wide)
    click.echo(wrap_lines(f"截至 {day.isoformat()}（报送截止 {due.isoformat()}），{len(units)} 个单位尚未报送 "
                          f"{period} 的填报表：\n", width))
    click.echo(table([[u.unit, u.filler or "—", u.phone or "—", u.last_period or "—"] for u in units],
                     ["单位", "上月填报人", "联系电话", "信息来自"], width, drop=("信息来自",)))
    out = Path(out_dir or Path("催报") / period)
    docx, txt = write_notice(p, period, units, day, out, contact)
    click.echo(f"\n催报通知（Word）：{docx}")
    click.echo(f"催报文字（可发到工作群）：{txt}")


@cli.command()
@click.argument("out_dir", type=click.Path(file_okay=False), default="huyu-demo")
@wide_option
def demo(out_dir, wide):
    """用内置计划和样例跑完整个月：生成填报表、回收样例、检查评判、写出汇总表和通报、督办单（Word）、记入台账。

    例：huyu demo            （结果在 ./huyu-demo 文件夹）
    """
    from .console import render_collect
    from .demo import run_demo

    p = open_plan(None)
    run = run_demo(p, Path(out_dir))

    click.echo(render_collect(run.result, p, screen_width(wide)))
    click.echo("")
    click.echo(f"填报表（{len(run.templates)} 份）：{run.templates[0].parent}")
    click.echo(f"样例回收文件：{run.inbox}")
    click.echo(f"汇总通报：{run.summary}")
    click.echo(f"通报文字：{run.bulletin}")
    _echo_documents(run.result.written)
    click.echo(f"台账：{run.ledger}")


@cli.group()
def ledger():
    """台账：历次回收的数据、来源与状态。"""


@ledger.command("show")
@ledger_option
@click.option("--json", "as_json", is_flag=True, help="以 JSON 输出。")
@wide_option
def ledger_show(ledger_path, as_json, wide):
    """列出台账中已有的报告期及其完整情况。

    例：huyu ledger show --ledger huyu.db
    """
    from .ledger import SUMMARY_HEADERS
    from .textwidth import table

    with open_ledger(ledger_path, create=False) as lg:
        if as_json:
            rows = [dict(r._asdict()) for r in lg.periods()]
            click.echo(json.dumps(rows, ensure_ascii=False, indent=2, default=str))
        elif not lg.periods():
            click.echo(f"台账 {ledger_path} 中还没有任何报告期。")
        else:
            click.echo(table(lg.summary_rows(), SUMMARY_HEADERS, screen_width(wide), drop=("记录时间", "计划")))


@ledger.command("export")
@click.argument("path", type=click.Path(dir_okay=False))
@ledger_option
def ledger_export(path, ledger_path):
    """把台账全部历史导出为工作簿（每期 × 单位 × 指标一行，含来源文件和单元格）。

    例：huyu ledger export 台账.xlsx
    """
    from .errors import failing_as

    with open_ledger(ledger_path, create=False) as lg, failing_as("导出失败：", path):
        written = lg.export(Path(path))
    click.echo(f"已导出台账：{written}")


@ledger.command("restore")
@click.argument("backup", required=False, type=click.Path(dir_okay=False))
@ledger_option
@click.option("--list", "list_only", is_flag=True, help="只列出台账旁的自动备份，不恢复。")
def ledger_restore(backup, ledger_path, list_only):
    """用自动备份恢复台账：不给 BACKUP 时用最新的一份。

    被替换的台账不会删除，而是改名为 huyu.恢复前-日期-时间.db 留在旁边。

    例：huyu ledger restore                       （用最新的自动备份恢复 huyu.db）

    例：huyu ledger restore huyu.备份-20200920-153000.db
    """
    from .ledger import backups, restore_ledger

    if list_only:
        found = backups(ledger_path)
        if not found:
            click.echo(f"台账“{ledger_path}”旁没有自动备份。")
        for p in reversed(found):
            click.echo(str(p))
        return
    used, kept = restore_ledger(ledger_path, backup)
    click.echo(f"已用备份“{used}”恢复台账“{ledger_path}”。")
    if kept:
        click.echo(f"恢复前的台账已改名保存为“{kept}”。")


def main():
    cli(prog_name="huyu")


if __name__ == "__main__":
    sys.exit(main())
