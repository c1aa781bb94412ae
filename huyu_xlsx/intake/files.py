"""Finding the returned files in an inbox and refusing the ones not safe to open."""
from __future__ import annotations

import hashlib
import io
import zipfile
from pathlib import Path
from typing import NamedTuple

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


def sha256_of(path: Path, data: bytes | None = None) -> str:
    if data is not None:
        return hashlib.sha256(data).hexdigest()
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


XLSX, ODS, XLS = "xlsx", "ods", "xls"  # what a file is, by its content (never by its name)


class Screened(NamedTuple):
    """A file that looks like a workbook safe to open: its format, and a look at its sheets."""

    kind: str
    sheets: object  # sheetxml.XlsxSheets / OdsSheets / XlsSheets


def screen_file(path: Path, data: bytes | None = None) -> Screened:
    """What the file is, by its content; Refused unless it is a workbook that is safe to open.

    A zip holding a workbook is .xlsx/.xlsm, a zip holding an OpenDocument spreadsheet is
    .ods, an OLE compound file is .xls (or an encrypted workbook, or a Word document);
    everything else is not a spreadsheet, whatever its name says.
    """
    size = path.stat().st_size if data is None else len(data)
    if size == 0:
        raise Refused("file-not-spreadsheet", "文件为空")
    if size > MAX_FILE_BYTES:
        raise Refused("file-too-large", f"{size / 1048576:.1f} MB")
    if data is None:
        data = path.read_bytes()
    head = data[:8]
    if head.startswith(ZIP_MAGIC):
        return _screen_zip(data, size)
    if head == OLE_MAGIC:
        return _screen_ole(data)
    raise Refused("file-not-spreadsheet", _not_spreadsheet(path, head))


def _not_spreadsheet(path: Path, head: bytes) -> str:
    what = next((name for magic, name in FILE_SIGNATURES if head.startswith(magic)), None)
    if what:
        return f"内容是{what}"
    suffix = path.suffix.lower()
    return f"扩展名为 {suffix}，但内容不是表格文件" if suffix else "无扩展名，内容不是表格文件"


FILE_SIGNATURES = (
    (b"\xff\xd8\xff", "图片（JPEG）"), (b"\x89PNG", "图片（PNG）"), (b"GIF8", "图片（GIF）"),
    (b"BM", "图片（BMP）"), (b"%PDF", "PDF 文件"), (b"Rar!", "RAR 压缩包"), (b"7z\xbc\xaf", "7z 压缩包"),
    (b"{\\rtf", "RTF 文档"), (b"<html", "网页"), (b"<!DOCTYPE", "网页"), (b"<?xml", "XML 文本"),
)


def screen_sheet(title: str, height: int, width: int) -> None:
    """Raise Refused when a sheet's used area is far beyond any fill-in sheet's."""
    if height * width > MAX_SHEET_CELLS:
        raise Refused("file-too-large", f"工作表“{title}”的数据区域有 {height} 行 × {width} 列，"
                                        "可能在表格下方或右侧远处误填了内容")


def _screen_zip(data: bytes, size: int) -> Screened:
    from .sheetxml import OdsSheets, XlsxSheets

    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        infos = zf.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise Refused("file-unreadable", f"压缩结构损坏：{exc}") from None
    names = {i.filename for i in infos}
    unzipped = sum(i.file_size for i in infos)
    if unzipped > MAX_UNZIPPED_BYTES or unzipped > MAX_ZIP_RATIO * max(size, 1) + 10 * 1048576:
        raise Refused("file-too-large", f"解压后 {unzipped / 1048576:.0f} MB")
    if "xl/workbook.xml" in names:
        return Screened(XLSX, XlsxSheets(zf, data))
    if "content.xml" in names and _odf_mimetype(zf, names) == "application/vnd.oasis.opendocument.spreadsheet":
        return Screened(ODS, OdsSheets(zf))
    if "word/document.xml" in names:
        raise Refused("file-not-spreadsheet", "内容是 Word 文档")
    if "ppt/presentation.xml" in names:
        raise Refused("file-not-spreadsheet", "内容是 PowerPoint 演示文稿")
    if "content.xml" in names:
        raise Refused("file-not-spreadsheet", "内容是 OpenDocument 文档，不是表格")
    raise Refused("file-not-spreadsheet", "是压缩包，不是 Excel/WPS 表格")


def _odf_mimetype(zf: zipfile.ZipFile, names: set) -> str:
    if "mimetype" not in names:
        return "application/vnd.oasis.opendocument.spreadsheet"  # content.xml decides then
    return zf.read("mimetype")[:100].decode("ascii", "replace").strip()


def _screen_ole(data: bytes) -> Screened:
    """An OLE compound file: .xls, an encrypted workbook, or a Word/PowerPoint document."""
    from .sheetxml import XlsSheets

    streams = _ole_streams(data)
    if "EncryptedPackage" in streams:
        raise Refused("file-encrypted")
    if streams & {"Workbook", "Book"}:
        return Screened(XLS, XlsSheets(data))
    if "WordDocument" in streams:
        raise Refused("file-not-spreadsheet", "内容是 Word 文档")
    if "PowerPoint Document" in streams:
        raise Refused("file-not-spreadsheet", "内容是 PowerPoint 演示文稿")
    if streams:
        raise Refused("file-not-spreadsheet", "是 Office 复合文档，但其中没有工作簿")
    raise Refused("file-unreadable", "Office 复合文档结构损坏")


def _ole_streams(data: bytes) -> set[str]:
    """The names in an OLE compound file's directory; when the directory cannot be walked,
    only the encryption marker is looked for (the file is unreadable either way)."""
    from xlrd.compdoc import CompDoc

    try:
        return {entry.name for entry in CompDoc(data, logfile=io.StringIO()).dirlist if entry.name}
    except Exception:  # noqa: BLE001 - any damage: the file is unreadable
        return {"EncryptedPackage"} if "EncryptedPackage".encode("utf-16-le") in data[: 4 * 1048576] else set()
