"""Benchmark: huyu generate and huyu collect against what a user would otherwise run.

For each N it builds the default plan's indicators over N made-up counties (plus the plan's
5 departments), generates their workbooks, fills every one with varied figures as a unit
would (openpyxl, untimed), then times on the same files, each in a fresh process:

  generate   `huyu generate` for all units of the month
  collect    `huyu collect --out --ledger`: read, parse, check, judge, summary, ledger
  collect, next month   the same for the month after, against a ledger holding this month
             (what every month but the first is: previous figures, 环比)
  collect/1  the same with --workers 1 (one reading process), to show what the pool gives
  naive      pandas.read_excel(path, sheet_name=None), default engine, reading only
             (needs pandas: pip install -e ".[analysis]"; --skip-naive leaves it out)
  floor      python-calamine reading every sheet's values, nothing else (one process)

Each figure is the wall time of the whole process, start-up included, as a user waits for
it: the fastest of --repeat runs; peak memory is the process's maximum RSS over the runs.
collect, collect/1, floor and naive run in rounds, one of each per round, and the ratios
collect ÷ floor and naive ÷ collect are taken within each round and the median round is
reported: a shared machine's speed drifts by a third over minutes, and comparing a fast
minute of one command with a slow minute of another would say more about the machine.
Also timed: the bundled 7-county sample month end to end (with the Word documents `huyu
collect --out` writes, and without them) and `huyu --help`. The targets (TARGETS) are
printed last, each with the figure measured and whether it is met.

    python bench/run.py                      # N = 7, 130, 1000
    python bench/run.py --units 7 130 --repeat 3
    python bench/run.py --units 5000 --skip-naive
    python bench/run.py --units 1000 --phases   # also: where collect's time goes, step by step

Filled returns are kept under --dir and reused by later runs (same N, same files).
"""
from __future__ import annotations

import argparse
import importlib.util
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from statistics import median
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

PERIOD = "2020-08"
NEXT = "2020-09"  # the month after: collected against a ledger that holds PERIOD (环比 and all)

NAIVE = """
import sys, warnings, pandas as pd
warnings.simplefilter("ignore")
for path in sys.argv[1:]:
    pd.read_excel(path, sheet_name=None)
"""

FLOOR = """
import sys
from python_calamine import CalamineWorkbook
for path in sys.argv[1:]:
    wb = CalamineWorkbook.from_path(path)
    for name in wb.sheet_names:
        wb.get_sheet_by_name(name).to_python()
"""

# Where collect's time goes: collect_month (what `huyu collect` runs), its reading (with the
# process pool, checks and judging) timed apart from the rest (summary beside the ledger, documents).
PHASES = """
import json, sys, tempfile, time
from pathlib import Path
start = time.perf_counter()
from huyu_xlsx import collect_month
from huyu_xlsx.plan import load_plan
out, mark = {}, [time.perf_counter()]
def lap(name):
    now = time.perf_counter()
    out[name] = now - mark[0]
    mark[0] = now
out["imports"] = mark[0] - start
plan = load_plan(sys.argv[1]); lap("plan")
def progress(done, total):
    if done == total:
        lap("read_check_judge")
with tempfile.TemporaryDirectory() as tmp:
    collect_month(Path(sys.argv[2]), sys.argv[3], plan=plan, ledger=Path(tmp) / "huyu.db", out=Path(tmp),
                  progress=progress)
    lap("summary_ledger_documents")
print(json.dumps(out))
"""


# The CLI, minus the month's Word documents: the bundled month as it was timed before
# `huyu collect --out` wrote them (wherever the limit lives, it is set to no units).
NO_DOCUMENTS = """
import importlib, sys
for name in ("huyu_xlsx.cli", "huyu_xlsx.month"):
    try:
        module = importlib.import_module(name)
    except ImportError:
        continue
    if hasattr(module, "DOCUMENTS_MAX_UNITS"):
        module.DOCUMENTS_MAX_UNITS = 0
from huyu_xlsx.cli import main
sys.argv = ["huyu", *sys.argv[1:]]
main()
"""

# name: (what, limit, higher is better)
TARGETS = {
    "naive_over_collect": ("1,000 returns: collect faster than the naive pandas.read_excel loop", 10.0, True),
    "collect_over_floor": ("1,000 returns: collect ÷ the calamine floor", 3.0, False),
    "bundled_month": ("bundled month end to end, with Word documents (s)", 0.5, False),
    "bundled_month_no_docs": ("bundled month end to end, without Word documents (s)", 0.5, False),
    "help": ("huyu --help (s)", 0.3, False),
    "rss_growth": ("memory flat in N: collect peak RSS growth per 1,000 more units (MiB)", 30.0, False),
}


def huyu_command() -> list[str]:
    """The installed console script itself (not a shell shim), else python -m huyu_xlsx."""
    script = Path(sys.executable).parent / "huyu"
    return [str(script)] if script.exists() else [sys.executable, "-m", "huyu_xlsx"]


def timed(argv: list[str], cwd: Path | None = None) -> tuple[float, float]:
    """Run a process to the end; its wall seconds and peak RSS in MiB. Fails loudly."""
    start = time.perf_counter()
    proc = subprocess.Popen(argv, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    err = proc.stderr.read().decode("utf-8", "replace")
    proc.stderr.close()
    if proc.returncode != 0:
        raise SystemExit(f"failed ({proc.returncode}): {' '.join(argv[:4])} …\n{err[-2000:]}")
    return wall, usage.ru_maxrss / 1024  # Linux reports KiB


def best(argv: list[str], repeat: int, cwd: Path | None = None, before=None) -> tuple[float, float]:
    """The fastest of `repeat` runs (the least disturbed by the machine), and its peak RSS."""
    runs = []
    for _ in range(repeat):
        if before:
            before()
        runs.append(timed(argv, cwd))
    return min(runs)


def prepare(n: int, root: Path, fresh: bool) -> tuple[Path, list[Path], Path]:
    """Plan file, generated templates and filled returns of PERIOD and NEXT for N counties
    (reused if present)."""
    import yaml

    from huyu_xlsx.generate import generate_month
    from huyu_xlsx.synthetic import fill_month, synthetic_plan, synthetic_plan_data

    base = root / f"n{n}"
    plan_file = base / "plan.yaml"
    plan = synthetic_plan(n)
    if fresh or not plan_file.exists():
        shutil.rmtree(base, ignore_errors=True)
        base.mkdir(parents=True)
        plan_file.write_text(yaml.safe_dump(synthetic_plan_data(n), allow_unicode=True, sort_keys=False),
                             "utf-8")
    for period, inbox in ((PERIOD, base / "returns"), (NEXT, base / f"returns-{NEXT}")):
        if len(list(inbox.glob("*.xlsx"))) != len(plan.unit_names):
            shutil.rmtree(inbox, ignore_errors=True)
            print(f"  N={n}: generating and filling {len(plan.unit_names)} workbooks for {period} (untimed) …",
                  flush=True)
            templates = generate_month(plan, period, base / f"templates-{period}")
            fill_month(plan, templates, inbox, period, workers=os.cpu_count() or 1)
    return plan_file, sorted((base / "returns").glob("*.xlsx")), base


def bench_n(n: int, root: Path, args) -> dict:
    plan_file, files, base = prepare(n, root, args.fresh)
    huyu = huyu_command()
    out = base / "out"

    def clean(folder: Path = out) -> None:
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)

    row = {"N": n, "units": len(files)}
    row["generate"], row["generate_rss"] = best(
        huyu + ["generate", "--plan", str(plan_file), "--period", PERIOD, "--out", str(out / "t")],
        args.repeat, before=clean)
    this, after = out / PERIOD, out / NEXT  # each timed collect writes into its own folder
    collect = huyu + ["collect", str(base / "returns"), "--period", PERIOD, "--plan", str(plan_file),
                      "--out", str(this / "summary"), "--ledger", str(this / "huyu.db")]
    paths = [str(p) for p in files]
    # The month after, against a ledger holding this month (prepared once, untimed).
    ledger = base / f"ledger-{PERIOD}.db"
    ledger.unlink(missing_ok=True)
    clean(this)
    timed(collect[:-1] + [str(ledger)])

    def next_month():
        clean(after)
        shutil.copy(ledger, after / "huyu.db")

    collect_next = huyu + ["collect", str(base / f"returns-{NEXT}"), "--period", NEXT, "--plan", str(plan_file),
                           "--out", str(after / "summary"), "--ledger", str(after / "huyu.db")]
    reads = {"collect": (collect, lambda: clean(this)), "collect_next": (collect_next, next_month),
             "collect_serial": (collect + ["--workers", "1"], lambda: clean(this)),
             "floor": ([sys.executable, "-c", FLOOR, *paths], None)}
    if not args.skip_naive:
        reads["naive"] = ([sys.executable, "-c", NAIVE, *paths], None)
    # Round after round, each command once per round: this machine's speed drifts over minutes,
    # so a ratio is taken within a round (same conditions) and the median round is reported.
    runs: dict[str, list[tuple[float, float]]] = {name: [] for name in reads}
    for _ in range(args.repeat):
        for name, (argv, before) in reads.items():
            if before:
                before()
            runs[name].append(timed(argv))
    for name in ("collect", "collect_next", "collect_serial", "floor", "naive"):
        walls = [wall for wall, _ in runs.get(name, [])]
        row[name] = min(walls) if walls else None
        row[f"{name}_rss"] = max(rss for _, rss in runs[name]) if walls else None
    if args.phases:
        proc = subprocess.run([sys.executable, "-c", PHASES, str(plan_file), str(base / "returns"), PERIOD],
                              capture_output=True, text=True, check=True)
        row["phases"] = json.loads(proc.stdout.strip().splitlines()[-1])
    row["returns_per_s"] = n_per_s(len(files), row["collect"])
    collect_walls = [wall for wall, _ in runs["collect"]]
    row["collect_over_floor"] = median(c / f for c, (f, _) in zip(collect_walls, runs["floor"]))
    row["naive_over_collect"] = (median(nv / c for (nv, _), c in zip(runs["naive"], collect_walls))
                                 if "naive" in runs else None)
    return row


def n_per_s(n: int, seconds: float) -> float:
    return n / seconds if seconds else float("inf")


def bench_bundled(repeat: int) -> dict:
    """The bundled 7-county sample month, end to end with the summary (with and without the Word
    documents), and `huyu --help`."""
    huyu = huyu_command()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)

        def clean():
            shutil.rmtree(tmp / "o", ignore_errors=True)
            (tmp / "o.db").unlink(missing_ok=True)

        args = ["collect", str(REPO / "samples" / PERIOD), "--period", PERIOD, "--out", str(tmp / "o"),
                "--ledger", str(tmp / "o.db")]
        runs: dict[str, list[tuple[float, float]]] = {"docs": [], "no_docs": []}
        for _ in range(repeat):  # interleaved, as the N rows are
            clean()
            runs["docs"].append(timed(huyu + args))
            clean()
            runs["no_docs"].append(timed([sys.executable, "-c", NO_DOCUMENTS, *args]))
    helps = best(huyu + ["--help"], max(repeat, 5))[0]
    (month, month_rss), (bare, bare_rss) = min(runs["docs"]), min(runs["no_docs"])
    return {"bundled_month": month, "bundled_month_rss": month_rss, "bundled_month_no_docs": bare,
            "bundled_month_no_docs_rss": bare_rss, "help": helps}


def targets(rows: list[dict], bundled: dict) -> list[str]:
    """Each target with the figure measured and whether it is met (at the largest N ≥ 1,000)."""
    big = [r for r in rows if r["N"] >= 1000]
    figures = dict(bundled)
    if big:
        figures["naive_over_collect"] = big[-1]["naive_over_collect"]
        figures["collect_over_floor"] = big[-1]["collect_over_floor"]
    by_n = sorted(rows, key=lambda r: r["N"])
    if len(by_n) > 1 and by_n[-1]["N"] > by_n[-2]["N"]:  # the two largest: a small month writes Word files
        small, large = by_n[-2], by_n[-1]
        figures["rss_growth"] = (large["collect_rss"] - small["collect_rss"]) / (large["units"] - small["units"]) * 1000
    lines = []
    for name, (what, limit, higher) in TARGETS.items():
        value = figures.get(name)
        if value is None:
            lines.append(f"- {what}: not measured in this run")
            continue
        met = value >= limit if higher else value <= limit
        sign = "≥" if higher else "≤"
        lines.append(f"- {what}: {value:.2f} (target {sign} {limit:g}) — {'met' if met else 'MISSED'}")
    return lines


def fmt(value, spec: str) -> str:
    return "—" if value is None else format(value, spec)


def report(rows: list[dict], bundled: dict) -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        pandas = version("pandas")
    except PackageNotFoundError:
        pandas = "not installed"
    lines = [
        (f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
         f"pandas {pandas}, openpyxl {version('openpyxl')}, "
         f"python-calamine {version('python-calamine')}, xlsxwriter {version('xlsxwriter')}"),
        "",
        ("| N counties | returns | generate s | collect s | returns/s | collect, next month s | "
         "collect --workers 1 s | naive s | floor s | collect ÷ floor | naive ÷ collect | collect peak RSS MiB | "
         "next month peak RSS MiB |"),
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        lines.append(
            f"| {r['N']} | {r['units']} | {r['generate']:.2f} | {r['collect']:.2f} | "
            f"{r['returns_per_s']:.0f} | {r['collect_next']:.2f} | {r['collect_serial']:.2f} | "
            f"{fmt(r['naive'], '.2f')} | {r['floor']:.2f} | {r['collect_over_floor']:.2f} | "
            f"{fmt(r['naive_over_collect'], '.1f')} | {r['collect_rss']:.0f} | {r['collect_next_rss']:.0f} |")
    lines += [
        "",
        (f"bundled 7-county sample month, end to end with summary and Word documents: "
         f"{bundled['bundled_month']:.2f} s (peak RSS {bundled['bundled_month_rss']:.0f} MiB); "
         f"without the Word documents: {bundled['bundled_month_no_docs']:.2f} s"),
        f"huyu --help: {bundled['help']:.2f} s",
    ]
    phased = [r for r in rows if r.get("phases")]
    if phased:
        names = list(phased[0]["phases"])
        lines += ["", "collect's steps, one after the other (s):", "",
                  "| N counties | " + " | ".join(names) + " |", "|---:|" + "---:|" * len(names)]
        lines += [f"| {r['N']} | " + " | ".join(f"{r['phases'][k]:.2f}" for k in names) + " |" for r in phased]
    lines += ["", "targets:", *targets(rows, bundled)]
    return "\n".join(lines)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--units", type=int, nargs="+", default=[7, 130, 1000], help="N made-up counties")
    ap.add_argument("--repeat", type=int, default=1,
                    help="runs (rounds) per timing; the fastest time and the median round's ratios are kept")
    ap.add_argument("--dir", type=Path, default=Path(tempfile.gettempdir()) / "huyu-bench")
    ap.add_argument("--fresh", action="store_true", help="regenerate and refill the returns")
    ap.add_argument("--skip-naive", action="store_true", help="leave out the (slow) pandas read")
    ap.add_argument("--json", type=Path, help="also write the figures to this JSON file")
    ap.add_argument("--phases", action="store_true",
                    help="also time collect's steps one after the other")
    args = ap.parse_args(argv)
    if not args.skip_naive and importlib.util.find_spec("pandas") is None:
        ap.error('the naive baseline reads with pandas: pip install -e ".[analysis]", or use --skip-naive')
    args.dir.mkdir(parents=True, exist_ok=True)
    rows = []
    for n in args.units:
        rows.append(bench_n(n, args.dir, args))
        print(f"  N={n}: collect {rows[-1]['collect']:.2f} s", flush=True)
    bundled = bench_bundled(max(args.repeat, 3))
    print(report(rows, bundled))
    if args.json:
        args.json.write_text(json.dumps({"rows": rows, **bundled, "cores": os.cpu_count()}, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
