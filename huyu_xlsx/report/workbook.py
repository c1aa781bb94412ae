"""write_summary: the month's colored summary workbook, written atomically."""
from __future__ import annotations

import os
from pathlib import Path

import xlsxwriter

from ..collect import CollectResult
from ..errors import HuyuError
from ..outpath import output_path, written_whole
from ..plan import Plan
from . import facts
from .change import write_change
from .issues import write_analysis, write_dispatch
from .matrix import write_matrix
from .overview import write_overview
from .projects import write_projects
from .styles import Styles
from .submissions import write_findings, write_submissions

# Nothing a unit typed may become a formula, a link or a silently converted number.
# in_memory: no temporary XML files; about a third faster for a province-sized summary.
WORKBOOK_OPTIONS = {"strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False,
                    "in_memory": True}
# From this many units on, the summary is streamed: xlsxwriter's constant_memory mode writes
# each row out as soon as the next begins, so memory stays flat however many units there are.
# Measured at 1,000 units (bench/README.md): 20 MiB less at the peak for about 0.2 s more (the
# list sheets are capped, lists.py, so what is streamed is mostly 分析 and 报送情况); below a
# few hundred units the held summary is a few MiB and the quicker mode is kept.
# Every sheet is therefore written strictly row by row, in both modes; tests compare them.
STREAM_MIN_UNITS = 500
SHEETS = ("通报", "分析", "研判", "调度", "重点项目", "报送情况", "数据问题", "环比")


class SummaryLocked(HuyuError):
    """The summary file exists and cannot be replaced, usually because Excel or WPS has it open."""

    def __init__(self, path: Path):
        self.path = Path(path)
        super().__init__(f"无法写入汇总表“{self.path}”：该文件可能正在 Excel 或 WPS 中打开。"
                         "请先关闭该文件，再重新运行。")


def summary_name(period: str) -> str:
    return f"汇总通报_{period}.xlsx"


def write_summary(result: CollectResult, plan: Plan, path: Path, previous: CollectResult | None = None,
                  digest: facts.Digest | None = None) -> Path:
    """Write the summary workbook to `path` (a file, or a folder to put 汇总通报_<period>.xlsx in;
    a name without a suffix gets .xlsx, another suffix is refused: outpath.WrongSuffix).

    Written to a temporary file in the same folder, then moved over the target in one step,
    so a reader never sees half a file; if the target cannot be replaced, SummaryLocked is
    raised and no temporary file is left behind. `digest` is facts.digest(result, plan) when
    the caller already has it (the bulletin text reads the same).
    """
    path = output_path(path, ".xlsx", "汇总表", summary_name(result.period))
    path.parent.mkdir(parents=True, exist_ok=True)
    _remove_stale_temporaries(path)
    with written_whole(path, SummaryLocked) as tmp:
        _write(result, plan, tmp, previous, digest or facts.digest(result, plan))
    return path


def _remove_stale_temporaries(path: Path) -> None:
    """A run killed while writing (power cut, task manager) leaves its temporary file behind;
    the next run removes the ones whose writer is no longer running (the pid is in the name)."""
    for tmp in path.parent.glob(f".~{path.stem}-*.xlsx"):
        pid = tmp.name[len(f".~{path.stem}-"):].split("-")[0]
        if pid.isdigit() and not _running(int(pid)):
            try:
                tmp.unlink()
            except OSError:
                pass


def _running(pid: int) -> bool:
    if os.name == "nt":  # os.kill(pid, 0) would signal the process there: keep the file
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # exists, not ours
        return True
    return True


def _write(result: CollectResult, plan: Plan, path: Path, previous: CollectResult | None,
           digest: facts.Digest) -> None:
    options = WORKBOOK_OPTIONS
    if len(plan.unit_names) >= STREAM_MIN_UNITS:
        options = {**options, "in_memory": False, "constant_memory": True}  # rows go to system temp files
    wb = xlsxwriter.Workbook(str(path), options)
    wb.set_properties({"title": f"{plan.title}汇总通报 {result.period}", "author": plan.office,
                       "company": plan.issuer, "comments": "由 huyu_xlsx 生成"})
    styles = Styles(wb)
    subtitle = (f"统计截止：{result.as_of.isoformat()}　报送截止：{result.due.isoformat()}　"
                f"依据：{plan.document}")
    items = digest.issues
    write_overview(wb, styles, result, plan, subtitle, digest)
    write_matrix(wb, styles, result, plan, subtitle, digest.scores)
    write_analysis(wb, styles, result, plan, subtitle, items)
    write_dispatch(wb, styles, result, plan, subtitle, items)
    write_projects(wb, styles, result, plan, subtitle)
    write_submissions(wb, styles, result, plan, subtitle)
    write_findings(wb, styles, result, plan, subtitle)
    if previous is not None:
        write_change(wb, styles, result, previous, plan, subtitle)
    wb.close()
