"""Collecting a month: read every returned file, check it, judge every indicator.

One bad file never stops the batch: whatever goes wrong with a file becomes a finding.
Returned files are only ever opened for reading.
"""
from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from pathlib import Path

from . import layout
from .checks.figures import Figure, check_figures, figures_of, invalid_ids
from .checks.judge import DONE, INVALID, MISSING, days_left, judge
from .findings import Finding, make_finding, sort_findings
from .intake.files import Refused, list_returns
from .intake.read import ReturnFile, read_return, unreadable
from .intake.spill import Spill
from .plan import Plan
from .plan.rules import RULE_KINDS
from .pool import default_workers

PREFECTURE = "全州"

# Submission statuses
ACCEPTED, DUPLICATE, REJECTED, NOT_RECEIVED = "accepted", "duplicate", "rejected", "missing"
SUBMISSION_LABELS = {ACCEPTED: "已采用", DUPLICATE: "重复未采用", REJECTED: "无法采用", NOT_RECEIVED: "未报送"}


@dataclass
class Submission:
    unit: str | None
    file: str
    status: str
    sha256: str = ""
    received: str | None = None  # file time, ISO
    report_date: str | None = None  # 填报日期, ISO
    on_time: bool | None = None
    findings: int = 0


@dataclass(frozen=True)
class Coverage:
    """Which reporting units a 全州 figure is built from, and which it lacks."""

    counted: int
    expected: int
    missing: tuple[str, ...] = ()  # not reported (no return, or the figure left blank)
    invalid: tuple[str, ...] = ()  # reported, but the figure could not be used

    @property
    def complete(self) -> bool:
        return self.counted == self.expected

    @property
    def left_out(self) -> tuple[str, ...]:
        return self.missing + self.invalid

    def note(self, few: int = 5) -> str:
        """'永仁县未报送，南华县数据有误，未计入' (empty when every unit is counted)."""
        parts = []
        for units, what in ((self.missing, "未报送"), (self.invalid, "数据有误")):
            if units:
                names = "、".join(units[:few]) + (f"等{len(units)}个单位" if len(units) > few else "")
                parts.append(f"{names}{what}")
        return "，".join(parts) + "，未计入" if parts else ""

    def to_dict(self) -> dict:
        return {"counted": self.counted, "expected": self.expected, "missing": list(self.missing),
                "invalid": list(self.invalid)}


def coverage_of(rows) -> Coverage:
    """The coverage of a 全州 figure from its units' results (one per reporting unit)."""
    missing = tuple(r.unit for r in rows if r.actual is None and r.status != INVALID)
    invalid = tuple(r.unit for r in rows if r.status == INVALID)
    return Coverage(len(rows) - len(missing) - len(invalid), len(rows), missing, invalid)


@dataclass(frozen=True)
class Result:
    indicator: str
    unit: str
    target: float | None
    actual: float | bool | None
    rate: float | None
    status: str | None  # None: a unit's row of a target judged only for the prefecture
    deadline: str | None
    baseline: float | None = None
    file: str = ""
    sheet: str = ""
    cell: str = ""


@dataclass(frozen=True)
class ProjectResult:
    project: str
    unit: str
    name: str
    investment: float | None
    allocated: float | None
    disbursed: float | None
    disbursement_rate: float | None
    works_progress: float | None
    status: str
    deadline: str
    file: str = ""


@dataclass
class CollectResult:
    plan_id: str
    period: str
    as_of: date
    due: date
    submissions: list[Submission] = field(default_factory=list)
    results: list[Result] = field(default_factory=list)
    projects: list[ProjectResult] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    returns: dict = field(default_factory=dict, repr=False)  # unit -> ReturnFile (accepted)

    def result(self, indicator: str, unit: str) -> Result | None:
        return next((r for r in self.results if r.indicator == indicator and r.unit == unit), None)

    def coverage(self, indicator: str) -> Coverage:
        """Which units the indicator's 全州 figure counts (worked out from the unit rows)."""
        cache = self.__dict__.setdefault("_coverage", {})
        if not cache:
            by_ind: dict[str, list[Result]] = {}
            for r in self.results:
                if r.unit != PREFECTURE:
                    by_ind.setdefault(r.indicator, []).append(r)
            cache.update({iid: coverage_of(rows) for iid, rows in by_ind.items()})
        return cache.get(indicator) or Coverage(0, 0)

    def result_dict(self, r: Result) -> dict:
        out = asdict(r)
        out["days_left"] = days_left(r.deadline, self.as_of)
        if r.unit == PREFECTURE:
            out["coverage"] = self.coverage(r.indicator).to_dict()
        return out

    @property
    def error_count(self) -> int:
        return sum(1 for f in self.findings if f.severity == "error")

    def frames(self):
        """pandas DataFrames of this month: submissions, results, projects, findings (frames.py;
        needs the `analysis` extra)."""
        from .frames import month_frames

        return month_frames(self)

    def to_dict(self) -> dict:
        """The documented JSON form (docs/json.md, `huyu collect --json`)."""
        return {
            "plan": self.plan_id,
            "period": self.period,
            "as_of": self.as_of.isoformat(),
            "due": self.due.isoformat(),
            "submissions": [asdict(s) for s in self.submissions],
            "results": [self.result_dict(r) for r in self.results],
            "projects": [asdict(p) for p in self.projects],
            "findings": [f.to_dict() for f in self.findings],
        }


def collect_returns(
    inbox: Path,
    plan: Plan,
    period: str,
    as_of: date | None = None,
    previous: dict | None = None,
    on_file: Callable[[Path], None] | None = None,
    workers: int | None = None,
) -> CollectResult:
    """Read, check and judge every returned file under `inbox` for one period.

    `previous` maps (unit, indicator id) to last period's actual, for the fallen-figure check.
    `workers` processes read the files (default: every core once there are POOL_MIN_FILES
    files or more, see pool.py; 1 reads in this process). The result is the same either way.
    The cells of the returns wait on disk for the ledger (intake/spill.py), so memory does
    not grow with the batch; `result.returns[unit].values` reads them back.
    """
    return _collect(Path(inbox), plan, period, as_of, previous, on_file, workers)


@dataclass(frozen=True)
class Checked:
    """One file read, checked and judged on its own (in a worker when there is a pool): the
    stages' values side by side, none changed by a later one."""

    ret: ReturnFile  # as read, with reading's findings
    checks: tuple[Finding, ...] = ()  # what the checks found in it
    results: tuple[Result, ...] = ()
    projects: tuple[ProjectResult, ...] = ()


def check_file(path: Path, plan: Plan, period: str, as_of: date, previous: dict | None,
               spill: Spill | None = None, name: str | None = None) -> Checked:
    """Read one file; if it is a usable return, check its figures and judge it as well.

    Whether it is kept is decided later, with the batch (duplicates): a return that is not
    kept reports its reading's findings, not its checks'. Judged returns keep only what was
    typed, parked in `spill` when one is given.
    """
    ret = _read_guarded(path, plan, period, name)
    if ret.unit is None or not ret.readable:
        return Checked(ret)
    figures = figures_of(ret, plan)
    checks = tuple(check_figures(ret, plan, as_of, previous, figures))
    results = _judge_unit(ret, plan, as_of, figures, invalid_ids(ret, checks))
    projects = _judge_projects(ret, plan, as_of)
    ret = ret.compacted()
    if spill is not None:
        try:
            ret = ret.with_values(spill.put(ret.values))
        except OSError:  # no room for scratch files: the cells stay in memory, nothing is lost
            pass
    return Checked(ret, checks, tuple(results), tuple(projects))


def _collect(inbox: Path, plan: Plan, period: str, as_of: date | None, previous: dict | None,
             on_file: Callable[[Path], None] | None, workers: int | None) -> CollectResult:
    due = plan.due_date(period)
    as_of = as_of or due
    out = CollectResult(plan_id=plan.id, period=period, as_of=as_of, due=due)
    read: list[Checked] = []
    try:
        spill = Spill()
    except OSError:  # no temporary folder to be had: keep every return's cells in memory
        spill = None
    for item in check_all(list_returns(Path(inbox)), plan, period, as_of, previous, workers, on_file, spill,
                          inbox=Path(inbox)):
        ret = item.ret
        if spill is not None:
            spill.adopt(ret.values)
        if ret.unit is None or not ret.readable:
            out.submissions.append(Submission(ret.unit, ret.file, REJECTED, ret.sha256,
                                              _iso(ret.received), None, None, len(ret.findings)))
            out.findings += ret.findings
            continue
        read.append(item)

    by_unit: dict[str, list[Checked]] = {}
    for item in read:
        by_unit.setdefault(item.ret.unit, []).append(item)
    for unit in plan.unit_names:
        items = by_unit.get(unit, [])
        if not items:
            out.submissions.append(Submission(unit, "", NOT_RECEIVED))
            out.findings.append(make_finding("submission-missing", unit=unit))
            continue
        # Keep the latest by 填报日期, then by file time; the others are reported.
        items.sort(key=lambda i: (i.ret.report_date or date.min, i.ret.received or datetime.min, i.ret.file))
        kept = items[-1]
        for item in items[:-1]:  # a file not kept is not checked either: its reading's findings only
            other = item.ret
            findings = [*other.findings, other.finding("submission-duplicate", detail=kept.ret.file)]
            out.submissions.append(Submission(unit, other.file, DUPLICATE, other.sha256, _iso(other.received),
                                              _iso(other.report_date), None, len(findings)))
            out.findings += findings
        chosen = kept.ret
        on_time, lateness = _judge_lateness(chosen, due)
        findings = [*chosen.findings, *kept.checks, *lateness]
        out.submissions.append(Submission(unit, chosen.file, ACCEPTED, chosen.sha256, _iso(chosen.received),
                                          _iso(chosen.report_date), on_time, len(findings)))
        out.findings += findings
        out.returns[unit] = chosen
        out.results += kept.results
        out.projects += kept.projects

    for unit in plan.unit_names:
        if unit not in out.returns:
            out.results += missing_results(plan, unit)
            out.projects += [
                ProjectResult(key, unit, "", None, None, None, None, None, MISSING,
                              plan.key_projects.deadline_for(unit).isoformat())
                for key in layout.key_project_ids(plan, unit)
            ]
    out.results = _with_prefecture(out.results, plan, as_of)
    order = {u: i for i, u in enumerate(plan.unit_names + (PREFECTURE,))}
    ind_order = {ind.id: i for i, ind in enumerate(plan.indicators)}
    out.results.sort(key=lambda r: (ind_order[r.indicator], order[r.unit]))
    out.projects.sort(key=lambda p: (order[p.unit], p.project))
    out.submissions.sort(key=lambda s: (order.get(s.unit, 99), s.status != ACCEPTED, s.file))
    out.findings = sort_findings(out.findings)
    return out


def _iso(value) -> str | None:
    return value.isoformat() if value is not None else None


def check_all(paths: list[Path], plan: Plan, period: str, as_of: date, previous: dict | None = None,
              workers: int | None = None, on_file: Callable[[Path], None] | None = None,
              spill: Spill | None = None, inbox: Path | None = None) -> Iterator[Checked]:
    """check_file for every path, in order, in `workers` processes; a file's failure is its finding.

    Every file is read in a worker process under a memory and a time limit (isolate.py), on
    every batch: a file that crashes the reader outright, exhausts the memory or never
    finishes becomes that file's `file-unreadable`, and the rest still count. Files are
    named by their path below `inbox`.
    """
    from .isolate import isolated_map

    workers = default_workers(len(paths)) if workers is None else max(1, workers)
    job = (plan, period, as_of, previous, spill)
    named = [(path, relative_name(path, inbox)) for path in paths]
    for (path, name), outcome in isolated_map(_check_named, named, *job, workers=workers):
        if on_file:
            on_file(path)
        yield outcome.result if outcome.failure is None else _failed(path, name, outcome.failure)


def relative_name(path: Path, inbox: Path | None) -> str:
    """How a returned file is named to the user: its path below the inbox, with '/'."""
    if inbox is not None:
        try:
            return Path(path).relative_to(inbox).as_posix()
        except ValueError:
            pass
    return Path(path).name


def _check_named(item: tuple, *job) -> Checked:
    path, name = item
    return check_file(path, *job, name=name)


FAILURES = {  # isolate.py's failure -> what the file-unreadable finding says
    "crashed": "读取程序在读这个文件时意外退出，文件可能已损坏",
    "out-of-memory": "读这个文件需要的内存超出限制，文件中可能有异常大的区域",
    "timed-out": "读这个文件超过时限仍未完成，文件可能已损坏或异常复杂",
}


def _failed(path: Path, name: str, failure: str) -> Checked:
    try:
        received = datetime.fromtimestamp(path.stat().st_mtime).replace(microsecond=0)
    except OSError:
        received = None
    return Checked(unreadable(path, name, "file-unreadable", FAILURES.get(failure, FAILURES["crashed"]), received))


def _read_guarded(path: Path, plan: Plan, period: str, name: str | None = None) -> ReturnFile:
    """read_return, with every failure of a single file turned into a finding.

    What a reading library says (in English) is not shown: the finding says in Chinese what
    went wrong and what to do.
    """
    try:
        return read_return(path, plan, period, name)
    except Refused as exc:
        return unreadable(path, name or "", exc.code, exc.detail)
    except BaseException as exc:  # calamine's PanicException is a BaseException
        if isinstance(exc, (KeyboardInterrupt, SystemExit, MemoryError)):
            raise
        if "password" in str(exc).lower() or "encrypt" in str(exc).lower():
            return unreadable(path, name or "", "file-encrypted")
        return unreadable(path, name or "", "file-unreadable", "文件内容已损坏或不是规范的表格文件，读取程序无法解析")


def _judge_lateness(ret: ReturnFile, due: date) -> tuple[bool | None, list[Finding]]:
    """On time when 填报日期 is on or before the due date; without it, the file's time decides.
    Also what is worth saying about it (no 填报日期, late)."""
    progress = ret.sheet_titles.get("progress", layout.PROGRESS.title)
    v = ret.signoff.get("report_date")
    found = []
    if ret.report_date is not None:
        when = ret.report_date
    else:
        found.append(ret.finding("report-date-missing", sheet=progress, cell=v.cell if v else ""))
        when = ret.received.date() if ret.received else None
    if when is None:
        return None, found
    if when > due:
        found.append(ret.finding("submission-late", sheet=progress if v else "", cell=v.cell if v else "",
                                 detail=f"{when.isoformat()}（截止 {due.isoformat()}）"))
        return False, found
    return True, found


def _judge_unit(ret: ReturnFile, plan: Plan, as_of: date, figures: dict[str, Figure],
                invalid: set[str]) -> list[Result]:
    out = []
    for ind in plan.indicators_for(ret.unit):
        fig = figures[ind.id]
        bad = fig.invalid or ind.id in invalid
        if not ind.judged_per_unit:
            # Only the prefecture's sum has a target: the unit's row shows its figure, unjudged.
            out.append(Result(ind.id, ret.unit, None, fig.actual, None, INVALID if bad else None,
                              _iso(ind.deadline), fig.baseline, ret.file, fig.sheet, fig.cell))
            continue
        target = ind.target_for(ret.unit)
        j = judge(ind.kind, target, fig.actual, as_of=as_of, start=ind.start or plan.issued,
                  deadline=ind.deadline, baseline=fig.baseline, target_max=ind.target_max, invalid=bad)
        out.append(Result(ind.id, ret.unit, target, fig.actual, j.rate, j.status, _iso(ind.deadline),
                          fig.baseline, ret.file, fig.sheet, fig.cell))
    return out


def missing_results(plan: Plan, unit: str) -> list[Result]:
    """A unit without a usable return: every indicator it reports is not reported."""
    return [Result(ind.id, unit, ind.target_for(unit) if ind.judged_per_unit else None, None, None,
                   MISSING if ind.judged_per_unit else None, _iso(ind.deadline))
            for ind in plan.indicators_for(unit)]


def _with_prefecture(results: list[Result], plan: Plan, as_of: date) -> list[Result]:
    """Add a 全州 row per indicator, judged on what the units' returns prove (judge_prefecture)."""
    by_ind: dict[str, list[Result]] = {}
    for r in results:
        by_ind.setdefault(r.indicator, []).append(r)
    out = []
    for ind in plan.indicators:
        rows = by_ind.get(ind.id, [])
        out += rows
        out.append(judge_prefecture(ind, rows, plan, as_of))
    return out


def judge_prefecture(ind, rows: list[Result], plan: Plan, as_of: date) -> Result:
    """The 全州 result of one indicator, never claiming more than the reported figures prove.

    Figures of the units counted are added up (a milestone counts the units done). A sum that
    already reaches an at-least target is done whatever the missing units hold; otherwise
    the sum is judged as it stands, and where it would be done but units are missing (清零,
    等于, 区间, 完成与否, growth) the result is 未报送: it cannot be claimed yet.
    """
    cover = coverage_of(rows)
    usable = [r for r in rows if r.actual is not None and r.status != INVALID]
    kind = ind.kind
    baseline = None
    if not usable:
        actual = None
    elif kind.counts_units:
        actual = float(sum(1 for r in usable if kind.is_done(r.actual, r.target)))
    else:
        actual = float(sum(float(r.actual) for r in usable))
        if kind.code == "growth":  # a unit without its 上年数 is invalid, so not in `usable`
            baseline = float(sum(r.baseline for r in usable))
    start = ind.start or plan.issued
    if kind.counts_units:  # units done out of all that report it: unpaced, like an event
        target = float(len(ind.reporters))
        j = judge(RULE_KINDS["event"], target, actual, as_of=as_of, start=start, deadline=ind.deadline)
    else:
        target = ind.target
        j = judge(kind, target, actual, as_of=as_of, start=start, deadline=ind.deadline,
                  baseline=baseline, target_max=ind.target_max)
    status = j.status
    if status == DONE and not cover.complete and not kind.partial_done:
        status = MISSING
    return Result(ind.id, PREFECTURE, target, actual, j.rate, status, _iso(ind.deadline), baseline)


def _judge_projects(ret: ReturnFile, plan: Plan, as_of: date) -> list[ProjectResult]:
    """Key projects: done when works are at 100% and the Shanghai funds are all disbursed."""
    out = []
    deadline = plan.key_projects.deadline_for(ret.unit)
    for key in layout.key_project_ids(plan, ret.unit):
        def val(col):
            v = ret.get("key_projects", key, col)
            return None if v is None or v.error else v.value

        errors = any((v := ret.get("key_projects", key, c.key)) is not None and v.error
                     for c in layout.KEY_PROJECTS.columns)
        alloc, disb, works = val("allocated"), val("disbursed"), val("works_progress")
        rate = disb / alloc if alloc and disb is not None else None
        bad = errors or (alloc is not None and disb is not None and disb > alloc + 1e-6) or \
            (works is not None and not 0 <= works <= 100) or any(
                x is not None and x < 0 for x in (alloc, disb, works))
        if works is None and disb is None and not bad:
            status = MISSING
        else:
            # Pace by the weaker of works progress and disbursement.
            progress = min(works / 100 if works is not None else 0.0, rate if rate is not None else 0.0)
            j = judge("at_least", 1.0, progress, as_of=as_of, start=plan.issued, deadline=deadline,
                      invalid=bad)
            status = j.status
        out.append(ProjectResult(key, ret.unit, val("name") or "", val("investment"), alloc, disb,
                                 rate, works, status, deadline.isoformat(), ret.file))
    return out


__all__ = ["collect_returns", "CollectResult", "Submission", "Result", "ProjectResult", "PREFECTURE", "DONE"]
