"""Finding the returned files in an inbox and refusing the ones not safe to open."""
from __future__ import annotations

import hashlib
import zipfile
from pathlib import Path

SPREADSHEET_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods")
MAX_FILE_BYTES = 30 * 1024 * 1024  # a county return is ~30 KB; photos pasted in stay well below
MAX_UNZIPPED_BYTES = 300 * 1024 * 1024  # bounds the memory a zip bomb could claim
MAX_ZIP_RATIO = 200  # our own workbooks compress about 5–10×
# A sheet is read as a full grid: one stray entry at row 1,048,576 or column XFD would make
# that grid billions of cells. Our sheets are ~100 rows × 15 columns.
MAX_SHEET_CELLS = 2_000_000

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .xls, and any password-encrypted .xlsx
ZIP_MAGIC = b"PK\x03\x04"


class Refused(Exception):
    """A file we will not open; code is a findings code, detail a Chinese explanation."""

    def __init__(self, code: str, detail: str = ""):
        super().__init__(detail)
        self.code = code
        self.detail = detail


def list_returns(inbox: Path) -> list[Path]:
    """Every candidate file below the inbox, sorted; Office lock files and hidden files skipped."""
    files = []
    for path in sorted(Path(inbox).rglob("*")):
        if not path.is_file():
            continue
        name = path.name
        if name.startswith(("~$", ".~lock", ".")) or name.lower() in ("thumbs.db", "desktop.ini"):
            continue
        files.append(path)
    return files


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def screen_file(path: Path) -> None:
    """Raise Refused unless the file looks like a workbook that is safe to open."""
    size = path.stat().st_size
    if size == 0:
        raise Refused("file-not-spreadsheet", "文件为空")
    if size > MAX_FILE_BYTES:
        raise Refused("file-too-large", f"{size / 1048576:.1f} MB")
    with open(path, "rb") as fh:
        head = fh.read(8)
    suffix = path.suffix.lower()
    if head.startswith(ZIP_MAGIC):
        _screen_zip(path, size)
        return
    if head == OLE_MAGIC:
        if _is_encrypted_ole(path):
            raise Refused("file-encrypted")
        return  # a real .xls (BIFF) file
    if suffix in SPREADSHEET_SUFFIXES:
        raise Refused("file-unreadable", f"扩展名为 {suffix}，但内容不是表格文件")
    raise Refused("file-not-spreadsheet", f"文件类型 {suffix or '无扩展名'}")


def screen_sheet(title: str, height: int, width: int) -> None:
    """Raise Refused when a sheet's used area is far beyond any fill-in sheet's."""
    if height * width > MAX_SHEET_CELLS:
        raise Refused("file-too-large", f"工作表“{title}”的数据区域有 {height} 行 × {width} 列，"
                                        "可能在表格下方或右侧远处误填了内容")


def _screen_zip(path: Path, size: int) -> None:
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
    except (zipfile.BadZipFile, OSError) as exc:
        raise Refused("file-unreadable", f"压缩结构损坏：{exc}") from None
    names = {i.filename for i in infos}
    if "xl/workbook.xml" not in names and "content.xml" not in names:
        raise Refused("file-not-spreadsheet", "是压缩文件，但不是 Excel/WPS 表格")
    unzipped = sum(i.file_size for i in infos)
    if unzipped > MAX_UNZIPPED_BYTES or unzipped > MAX_ZIP_RATIO * max(size, 1) + 10 * 1048576:
        raise Refused("file-too-large", f"解压后 {unzipped / 1048576:.0f} MB")


def _is_encrypted_ole(path: Path) -> bool:
    # An encrypted OOXML file is an OLE container whose directory names "EncryptedPackage"
    # (UTF-16LE); a real .xls has a "Workbook" stream instead.
    with open(path, "rb") as fh:
        blob = fh.read(min(path.stat().st_size, 4 * 1048576))
    return "EncryptedPackage".encode("utf-16-le") in blob
