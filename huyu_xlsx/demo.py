"""The whole month on the bundled default plan and sample returns (`huyu demo`)."""
from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

from . import layout
from .collect import CollectResult, collect_returns
from .generate import generate_month
from .plan import Plan
from .samples import SAMPLE_PERIOD, make_sample_month

# samples/ sits beside the package in a source checkout (and an editable install).
BUNDLED_SAMPLES = Path(__file__).resolve().parent.parent / "samples"


@dataclass
class DemoRun:
    templates: list[Path]
    inbox: Path
    result: CollectResult
    summary: Path | None
    ledger: Path | None


def sample_returns(period: str = SAMPLE_PERIOD) -> Path | None:
    folder = BUNDLED_SAMPLES / period
    return folder if folder.is_dir() and any(folder.iterdir()) else None


def run_demo(plan: Plan, out_dir: Path, period: str = SAMPLE_PERIOD, write_summary=None,
             record=None) -> DemoRun:
    """Generate the month's workbooks, take the sample returns, collect, summarise, record."""
    out_dir = Path(out_dir)
    templates = generate_month(plan, period, out_dir / "填报表" / period)
    inbox = out_dir / "回收" / period
    if inbox.exists():
        shutil.rmtree(inbox)
    bundled = sample_returns(period)
    if bundled is not None:
        shutil.copytree(bundled, inbox)
    else:
        # Installed without the source tree: fill the generated workbooks the same way.
        by_unit = {unit: out_dir / "填报表" / period / layout.file_name(unit, period) for unit in plan.unit_names}
        make_sample_month(plan, by_unit, inbox, period)
    previous = record.previous_actuals(period) if record is not None else None
    result = collect_returns(inbox, plan, period, previous=previous)
    prev_result = record.previous_result(period) if record is not None else None
    summary = write_summary(result, plan, out_dir / "汇总" / f"汇总通报_{period}.xlsx", prev_result) \
        if write_summary else None
    ledger = record.save(result, plan) if record is not None else None
    return DemoRun(templates, inbox, result, summary, ledger)
