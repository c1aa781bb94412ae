"""The whole month on the bundled default plan and sample returns (`huyu demo`)."""
from __future__ import annotations

import shutil
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from . import layout
from .generate import generate_month
from .month import Month, collect_month
from .plan import Plan
from .samples import SAMPLE_PERIOD, make_sample_month

# samples/ sits beside the package in a source checkout (and an editable install).
BUNDLED_SAMPLES = Path(__file__).resolve().parent.parent / "samples"
DOCUMENT_DAYS_AFTER_DUE = 5  # the demo's 通报 is dated 2020-08-25, as the office would date August's


@dataclass
class DemoRun:
    templates: list[Path]
    inbox: Path
    result: Month
    summary: Path
    bulletin: Path
    ledger: Path


def sample_returns(period: str = SAMPLE_PERIOD) -> Path | None:
    folder = BUNDLED_SAMPLES / period
    return folder if folder.is_dir() and any(folder.iterdir()) else None


def run_demo(plan: Plan, out_dir: Path, period: str = SAMPLE_PERIOD) -> DemoRun:
    """Generate the month's workbooks, take the sample returns, and collect the month (collect_month):
    summary, bulletin, the Word documents (通报, 督办单) and ledger in out_dir."""
    out_dir = Path(out_dir)
    template_dir = out_dir / "填报表" / period
    templates = generate_month(plan, period, template_dir)
    inbox = out_dir / "回收" / period
    if inbox.exists():
        shutil.rmtree(inbox)
    bundled = sample_returns(period)
    if bundled is not None:
        shutil.copytree(bundled, inbox)
    else:
        # Installed without the source tree: fill the generated workbooks the same way.
        by_unit = {unit: template_dir / layout.file_name(unit, period) for unit in plan.unit_names}
        make_sample_month(plan, by_unit, inbox, period)
    documents = {"day": plan.due_date(period) + timedelta(days=DOCUMENT_DAYS_AFTER_DUE)}
    month = collect_month(inbox, period, plan=plan, ledger=out_dir / "huyu.db", out=out_dir / "汇总",
                          documents=documents)
    return DemoRun(templates, inbox, month, month.written.summary, month.written.bulletin, month.written.ledger)
