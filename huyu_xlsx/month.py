"""The month in one call: collect_month reads, checks and judges the returns of a period,
writes the summary, the bulletin and the Word documents, and records the ledger.

    month = collect_month("回收/2020-08", "2020-08", ledger="huyu.db", out="汇总")
    month.results, month.findings, month.written.summary, month.previous_period

`huyu collect`, `huyu demo` and `huyu report` (report_month) only parse their options, call
this and render what it returns. What a command says along the way (a replaced month, a
backup, a safety check passed over with force) is data: Notice, on the month and, as it
happens, to `notify`. Failures are HuyuError (errors.py).
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, fields
from datetime import date
from pathlib import Path

from .collect import CollectResult, collect_returns
from .errors import HuyuError, Refusal, WriteFailed, as_os_error, describe_os_error
from .guards import empty_inbox, other_period, period_outside_plan, refuse_unless, replacement_notice
from .intake.files import list_returns
from .ledger import KEEP_BACKUPS, open_ledger
from .plan import Plan, load_plan
from .pool import default_workers

# Word documents (通报, one 督办单 per unit) are written with the month up to this many units;
# at a province's size (about 0.1 s a document) report_month (`huyu report`) writes them when wanted.
DOCUMENTS_MAX_UNITS = 100
# From this many files on, reading takes long enough to show progress and say what comes next.
MANY_FILES = 20

# Notice kinds
FORCED, REPLACES, WRITING, BACKUP, DOCUMENTS_SKIPPED = "forced", "replaces", "writing", "backup", "documents-skipped"


@dataclass(frozen=True)
class Notice:
    """Something worth telling the person running the month, said as it happens."""

    kind: str  # FORCED, REPLACES, WRITING, BACKUP or DOCUMENTS_SKIPPED
    text: str  # Chinese, as shown


@dataclass
class Written:
    """The files the month wrote (None or empty: not written)."""

    summary: Path | None = None  # 汇总通报_<period>.xlsx
    bulletin: Path | None = None  # 通报_<period>.txt
    official: Path | None = None  # 通报_<period>.docx (or 报告_…)
    orders: list[Path] = field(default_factory=list)  # one 督办单 per unit supervised
    ledger: Path | None = None  # the ledger the month was recorded in
    backup: Path | None = None  # the ledger as it was before, copied beside it


@dataclass
class Month(CollectResult):
    """One collected month: the CollectResult (submissions, results, projects, findings; the
    same JSON), with the previous month it was compared with, what it wrote and said."""

    previous: CollectResult | None = field(default=None, repr=False)  # from the ledger, for 环比
    written: Written = field(default_factory=Written)
    notices: list[Notice] = field(default_factory=list)
    files: int = 0  # files found in the inbox

    @property
    def previous_period(self) -> str | None:
        return self.previous.period if self.previous is not None else None

    @classmethod
    def of(cls, result: CollectResult, **extra) -> "Month":
        return cls(**{f.name: getattr(result, f.name) for f in fields(CollectResult)}, **extra)


class _Notices(list):
    def __init__(self, notify: Callable[[Notice], None] | None):
        super().__init__()
        self._notify = notify

    def say(self, kind: str, text: str) -> None:
        notice = Notice(kind, text)
        self.append(notice)
        if self._notify is not None:
            self._notify(notice)

    def forced(self, text: str) -> None:
        self.say(FORCED, text)


def collect_month(inbox, period: str, *, plan: Plan | str | Path | None = None, ledger: str | Path | None = None,
                  out: str | Path | None = None, as_of: date | None = None, workers: int | None = None,
                  progress: Callable[[int, int], None] | None = None,
                  notify: Callable[[Notice], None] | None = None, force: bool = False,
                  keep_backups: int = KEEP_BACKUPS, documents=True) -> Month:
    """Collect the returns in `inbox` for `period` (e.g. "2020-08") and write the month.

    plan: a Plan, a plan file, or None for the bundled default. ledger: the ledger file to
    compare with (previous figures, 环比) and record in, created if absent; None: no ledger.
    out: folder for 汇总通报_<period>.xlsx, 通报_<period>.txt and the Word documents; None:
    nothing written there. documents: True, False (no Word documents), a documents.DocOptions or
    a dict of its fields (python-docx is then imported only if documents are written).
    progress(done, total) is called after each file read; notify(notice) with each Notice.

    Refuses (Refusal, nothing written) a period outside the plan, an empty inbox, or an inbox
    holding only another month's returns, unless force. Other failures: PlanError,
    LedgerError, SummaryLocked, WriteFailed … (all HuyuError).
    """
    plan = plan if isinstance(plan, Plan) else load_plan(plan)
    notices = _Notices(notify)
    inbox = Path(inbox)
    refuse_unless(force, period_outside_plan(plan, period), notices.forced)
    files = list_returns(inbox)
    refuse_unless(force, empty_inbox(inbox, files), notices.forced)
    created = ledger is not None and not Path(ledger).exists()
    lg = open_ledger(ledger, keep_backups=keep_backups) if ledger is not None else None
    try:
        previous = lg.previous_actuals(period) if lg else None
        result = collect_returns(inbox, plan, period, as_of, previous, workers=workers,
                                 on_file=_on_file(len(files), progress, out is not None and len(files) > MANY_FILES))
        _guard_result(result, lg, Path(ledger) if created else None, force, notices)
        month = Month.of(result, notices=notices, files=len(files))
        _write_and_record(month, plan, out, lg, notices)
    finally:
        if lg:
            lg.close()
    if out is not None and documents is not False:
        if len(plan.unit_names) <= DOCUMENTS_MAX_UNITS:
            _write_documents(month, plan, out, None if documents is True else documents)
        else:
            notices.say(DOCUMENTS_SKIPPED, f"单位较多（{len(plan.unit_names)} 个），本次未写 Word 文件（通报、督办单）；"
                                           f"需要时运行 huyu report --period {period} --out {out}。")
    return month


def _on_file(total: int, progress, summary_wanted: bool):
    done = 0

    def on_file(_path) -> None:
        nonlocal done
        done += 1
        if progress is not None:
            progress(done, total)
        if summary_wanted:
            _load_summary_writer()

    return on_file


def _load_summary_writer() -> None:
    """Import the summary writer while the pool reads (this process waits then), rather than
    in the summary's own process afterwards, when every moment counts. Cheap once loaded."""
    from . import report  # noqa: F401


def _guard_result(result: CollectResult, lg, created_ledger: Path | None, force: bool, notices: _Notices) -> None:
    """Refuse a batch that holds only another month's returns (nothing written yet); say
    what recording this month replaces in the ledger."""
    reason = other_period(result)
    if reason is not None and not force:
        if lg is not None:
            lg.close()
            if created_ledger is not None:  # made empty by this run: leave no trace
                created_ledger.unlink(missing_ok=True)
        raise Refusal(reason)
    refuse_unless(force, reason, notices.forced)
    notice = replacement_notice(lg, result.period) if lg is not None else None
    if notice:
        notices.say(REPLACES, f"注意：{notice}替换前的台账会自动备份。")


def _write_and_record(month: Month, plan: Plan, out, lg, notices: _Notices) -> None:
    """The summary and bulletin (if `out`) and the ledger (if `lg`), side by side when there are many."""
    if (out is not None or lg) and month.files > MANY_FILES:
        notices.say(WRITING, "正在写出汇总表、记入台账……")  # a few seconds at a province's size
    if lg and (prev_period := lg.previous_period(month.period)):
        month.previous = lg.load_results(prev_period, values=False)
    if out is not None and lg and default_workers(month.files) > 1:
        # Many units: write the summary in a second process while the ledger is recorded.
        paths = _summary_beside_ledger(month, plan, out, lg)
    else:
        paths = write_summary_files(month, plan, out, month.previous) if out is not None else (None, None)
        if lg:
            lg.record(month, plan)
    month.written.summary, month.written.bulletin = paths
    if lg:
        month.written.ledger = lg.path
        month.written.backup = lg.last_backup
        if lg.last_backup:
            notices.say(BACKUP, f"写入前的台账已备份到：{lg.last_backup}")


def _summary_beside_ledger(month: Month, plan: Plan, out, lg) -> tuple[Path, Path]:
    from .aside import Aside, AsideFailed

    aside = Aside(write_summary_files, month, plan, out, month.previous)
    try:
        lg.record(month, plan)
    except BaseException:
        try:
            aside.join()
        except AsideFailed:
            pass  # the ledger's own error is the one to report
        raise
    try:
        return aside.join()
    except AsideFailed as exc:
        raise WriteFailed(f"{exc}\n（本期数据已记入台账；处理后重新运行同一命令即可，台账中的本期会被替换。）") from exc


def write_summary_files(result: CollectResult, plan: Plan, out, previous: CollectResult | None = None
                        ) -> tuple[Path, Path]:
    """汇总通报_<period>.xlsx and 通报_<period>.txt in the folder `out`: their paths.
    SummaryLocked when the summary is open in Excel, WriteFailed for the file system's failures."""
    from .report import facts, summary_name, write_bulletin, write_summary

    try:
        digest = facts.digest(result, plan)
        path = write_summary(result, plan, Path(out) / summary_name(result.period), previous, digest)
        bulletin = _write_atomically(Path(out), lambda folder: write_bulletin(result, plan, folder, digest))
    except Exception as exc:  # noqa: BLE001 - only the file system's failures are reworded
        os_error = as_os_error(exc)
        if os_error is None:
            raise
        raise WriteFailed(f"无法写出汇总表：{describe_os_error(os_error)}。") from exc
    return path, bulletin


def _write_atomically(out_dir: Path, write) -> Path:
    """write(folder) -> file, made in a scratch folder inside out_dir and then moved into it in
    one step: a run killed midway leaves the old file or the new one, never half of one."""
    import os
    import shutil
    import tempfile

    scratch = Path(tempfile.mkdtemp(prefix=f".~huyu-{os.getpid()}-", dir=out_dir))
    try:
        made = Path(write(scratch))
        target = out_dir / made.name
        os.replace(made, target)
        return target
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def _write_documents(month: Month, plan: Plan, out, options) -> None:
    from .documents import DocOptions, write_documents

    if isinstance(options, dict):
        options = DocOptions(**options)
    try:
        docs = write_documents(month, plan, Path(out), options)
    except OSError as exc:
        raise WriteFailed(f"无法写出 Word 文件：{describe_os_error(exc)}。") from exc
    month.written.official, month.written.orders = docs.official, list(docs.orders)


def report_month(period: str, *, out: str | Path, plan: Plan | str | Path | None = None,
                 ledger: str | Path = "huyu.db", workbook: bool = True, documents=True) -> Month:
    """The month's summary, bulletin and Word documents again, from the ledger alone
    (`huyu report`): the same month and options give the same files."""
    plan = plan if isinstance(plan, Plan) else load_plan(plan)
    with open_ledger(ledger, create=False) as lg:
        if not lg.has_period(period):
            raise HuyuError(f"台账 {ledger} 中没有 {period} 的记录，请先用 huyu collect 回收该月。")
        result = lg.load_results(period)
        prev_period = lg.previous_period(period)
        previous = lg.load_results(prev_period, values=False) if prev_period else None
    if result.plan_id != plan.id:
        raise HuyuError(f"台账中 {period} 按计划“{result.plan_id}”评判，与当前计划“{plan.id}”不同；"
                        "请用 --plan 指定该计划。")
    month = Month.of(result, previous=previous)
    if workbook:
        month.written.summary, month.written.bulletin = write_summary_files(month, plan, out, previous)
    if documents is not False:
        _write_documents(month, plan, out, None if documents is True else documents)
    return month
