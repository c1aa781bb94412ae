"""LibreOffice headless as a stand-in for the offices' Excel/WPS: convert and recalculate files.

Independent of huyu_xlsx so any test can re-save a file as xlsx, xls, ods or pdf:

    from lo import convert, needs_soffice
    pdf = convert(path, "pdf", tmp_path)
"""
from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
TIMEOUT = 120

# CI installs LibreOffice, so there these tests always run; elsewhere they skip cleanly.
# A test that uses LibreOffice also carries the `lo` marker (the fast loop, -m "not lo", leaves it out);
# conftest.py sets ALLOWED for each test, so convert() in a test without the marker fails and says so.
needs_soffice = pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) 未安装")
ALLOWED = True


def _soffice() -> str:
    if SOFFICE is None:
        raise RuntimeError("LibreOffice (soffice) is not installed")
    if not ALLOWED:
        raise RuntimeError("this test starts LibreOffice: mark it @pytest.mark.lo so the fast loop leaves it out")
    return SOFFICE


def convert(path: str | Path, fmt: str, outdir: str | Path, timeout: int = TIMEOUT) -> Path:
    """Convert one file with `soffice --headless --convert-to fmt`; returns the new file.

    Each call uses its own throwaway user profile: two soffice processes sharing a profile
    wait on its lock, and a crashed one leaves the lock behind. Loading recalculates formulas
    that have no cached result (as in files saved by openpyxl).
    """
    soffice = _soffice()
    path, outdir = Path(path), Path(outdir)
    outdir.mkdir(parents=True, exist_ok=True)
    if (outdir / f"{path.stem}.{fmt.split(':')[0]}").resolve() == path.resolve():
        raise ValueError("convert would overwrite its input: use another outdir")
    profile = Path(tempfile.mkdtemp(prefix="lo-profile-"))
    try:
        proc = subprocess.run(
            [soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
             "--convert-to", fmt, "--outdir", str(outdir), str(path)],
            capture_output=True, text=True, timeout=timeout,
        )
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    out = outdir / f"{path.stem}.{fmt.split(':')[0]}"
    if proc.returncode != 0 or not out.exists():
        raise RuntimeError(f"soffice failed to convert {path.name} to {fmt}: {proc.stdout}{proc.stderr}")
    return out


def convert_many(paths, fmt: str, outdir: str | Path, timeout: int = 600) -> list[Path]:
    """Convert several files in one soffice run (one start-up instead of one per file)."""
    soffice = _soffice()
    paths, outdir = [Path(p) for p in paths], Path(outdir)
    outdir.mkdir(parents=True, exist_ok=True)
    profile = Path(tempfile.mkdtemp(prefix="lo-profile-"))
    try:
        proc = subprocess.run(
            [soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
             "--convert-to", fmt, "--outdir", str(outdir), *map(str, paths)],
            capture_output=True, text=True, timeout=timeout,
        )
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    outs = [outdir / f"{p.stem}.{fmt.split(':')[0]}" for p in paths]
    missing = [o.name for o in outs if not o.exists()]
    if proc.returncode != 0 or missing:
        raise RuntimeError(f"soffice failed to convert {missing}: {proc.stdout}{proc.stderr}")
    return outs
