"""The whole month on the bundled default plan and sample returns (`huyu demo`)."""
from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

from . import layout
from .collect import CollectResult, collect_returns
from .generate import generate_month
from .ledger import open_ledger
from .plan import Plan
from .samples import SAMPLE_PERIOD, make_sample_month

# samples/ sits beside the package in a source checkout (and an editable install).
BUNDLED_SAMPLES = Path(__file__).resolve().parent.parent / "samples"


@dataclass
class DemoRun:
    templates: list[Path]
    inbox: Path
    result: CollectResult
    summary: Path
    bulletin: Path
    ledger: Path


def sample_returns(period: str = SAMPLE_PERIOD) -> Path | None:
    folder = BUNDLED_SAMPLES / period
    return folder if folder.is_dir() and any(folder.iterdir()) else None


def run_demo(plan: Plan, out_dir: Path, period: str = SAMPLE_PERIOD) -> DemoRun:
    """Generate the month's workbooks, take the sample returns, collect, summarise, record."""
    from .report import facts, write_bulletin, write_summary

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
    ledger_path = out_dir / "huyu.db"
    with open_ledger(ledger_path) as lg:
        result = collect_returns(inbox, plan, period, previous=lg.previous_actuals(period))
        prev = lg.previous_period(period)
        digest = facts.digest(result, plan)
        summary = write_summary(result, plan, out_dir / "汇总" / f"汇总通报_{period}.xlsx",
                                lg.load_results(prev) if prev else None, digest)
        lg.record(result, plan)
    bulletin = write_bulletin(result, plan, summary.parent, digest)
    return DemoRun(templates, inbox, result, summary, bulletin, ledger_path)
