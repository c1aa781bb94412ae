"""Type into workbooks through LibreOffice itself, then save them and print them to PDF.

Run with the Python that has LibreOffice's UNO bridge (Debian: python3-uno, /usr/bin/python3),
not the project's virtual environment:

    /usr/bin/python3 tests/lo_type.py jobs.json

jobs.json is a list of {"src": path, "cells": [[sheet, "B7", text], …], "xlsx": path or null,
"pdf": path or null}. Text goes in with XCell.setString, as if typed: LibreOffice then grows
the row if the row's height was not set by hand. Text already in a file never grows a row,
so only typing like this tests what an office sees when its staff fill in a form. One
LibreOffice process serves every job.
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

import uno
from com.sun.star.beans import PropertyValue


def prop(name, value):
    p = PropertyValue()
    p.Name, p.Value = name, value
    return p


def url(path):
    return uno.systemPathToFileUrl(os.path.abspath(path))


def start_office():
    profile = tempfile.mkdtemp(prefix="lo-type-")
    pipe = f"huyu-type-{os.getpid()}"
    proc = subprocess.Popen(
        [os.environ.get("SOFFICE", "soffice"), f"-env:UserInstallation={url(profile)}", "--headless",
         "--norestore", "--nologo", f"--accept=pipe,name={pipe};urp;"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
    deadline = time.time() + 90
    while True:
        try:
            ctx = resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
            break
        except Exception:
            if time.time() > deadline or proc.poll() is not None:
                proc.kill()
                raise RuntimeError("LibreOffice did not start")
            time.sleep(0.3)
    desktop = ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
    return proc, profile, desktop


def run(jobs):
    proc, profile, desktop = start_office()
    try:
        for job in jobs:
            doc = desktop.loadComponentFromURL(url(job["src"]), "_blank", 0, (prop("Hidden", True),))
            try:
                for sheet_name, ref, text in job.get("cells", []):
                    sheet = doc.Sheets.getByName(sheet_name)
                    sheet.getCellRangeByName(ref).setString(text)
                if job.get("xlsx"):
                    doc.storeToURL(url(job["xlsx"]), (prop("FilterName", "Calc Office Open XML"),))
                if job.get("pdf"):
                    doc.storeToURL(url(job["pdf"]), (prop("FilterName", "calc_pdf_Export"),))
            finally:
                doc.close(True)
    finally:
        try:
            desktop.terminate()
        except Exception:
            pass
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
        shutil.rmtree(profile, ignore_errors=True)


if __name__ == "__main__":
    with open(sys.argv[1], encoding="utf-8") as f:
        run(json.load(f))
