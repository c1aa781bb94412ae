"""Rebuild samples/2020-08: a realistic month of returns for the default plan.

Deterministic content (the same figures every run). Needs LibreOffice for the county
that re-saves its workbook as .xls. Run from the repository root:

    python scripts/make_samples.py
"""
from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from lo import SOFFICE, convert  # noqa: E402

from huyu_xlsx import layout  # noqa: E402
from huyu_xlsx.generate import generate_month  # noqa: E402
from huyu_xlsx.plan import load_plan  # noqa: E402
from huyu_xlsx.samples import SAMPLE_PERIOD, make_sample_month  # noqa: E402


def main() -> None:
    plan = load_plan()
    out = ROOT / "samples" / SAMPLE_PERIOD
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        generate_month(plan, SAMPLE_PERIOD, tmp / "templates")
        templates = {u: tmp / "templates" / layout.file_name(u, SAMPLE_PERIOD) for u in plan.unit_names}
        to_xls = (lambda p: convert(p, "xls", tmp / "xls")) if SOFFICE else None
        written = make_sample_month(plan, templates, tmp / "returns", SAMPLE_PERIOD, to_xls=to_xls)
        if out.exists():
            shutil.rmtree(out)
        out.mkdir(parents=True)
        for path in written:
            shutil.copy2(path, out / path.name)
    for path in sorted(out.iterdir()):
        print(path.relative_to(ROOT))


if __name__ == "__main__":
    main()
