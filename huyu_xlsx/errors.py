"""What a failure of the file system means to the office, in Chinese.

The operating system's own words ("[Errno 13] Permission denied") are English and say
nothing about what to do; every command turns them into one of these sentences.
"""
from __future__ import annotations

import errno
from contextlib import contextmanager

_LOCKED = {errno.EACCES, errno.EPERM, errno.EBUSY, getattr(errno, "ETXTBSY", -1)}
_FULL = {errno.ENOSPC, getattr(errno, "EDQUOT", -1), errno.EFBIG}


def describe_os_error(exc: OSError, path=None) -> str:
    """One Chinese sentence: what went wrong with which file, and what to do."""
    if exc.errno is None and len(exc.args) == 1 and isinstance(exc.args[0], str):
        return exc.args[0].rstrip("。")  # raised by us, already in Chinese
    name = path or exc.filename or ""
    where = f"“{name}”" if name else "文件"
    code = exc.errno
    if isinstance(exc, FileNotFoundError) or code == errno.ENOENT:
        return f"找不到{where}或它所在的文件夹，请检查路径是否正确、文件夹是否存在"
    if code in _FULL:
        return f"磁盘空间不足，无法写入{where}，请清理磁盘空间后重新运行"
    if code == errno.EROFS:
        return f"{where}所在的磁盘是只读的，请换一个可写的文件夹"
    if isinstance(exc, IsADirectoryError) or code == errno.EISDIR:
        return f"{where}是一个文件夹，请给出文件名"
    if isinstance(exc, PermissionError) or code in _LOCKED:
        return (f"无法写入{where}：文件可能正在 Excel 或 WPS 中打开，或文件夹是只读的、没有写入权限。"
                "请关闭该文件，或换一个可写的文件夹后重新运行")
    return f"读写{where}失败（系统错误号 {code}），请检查磁盘和文件夹后重新运行"


class HuyuError(Exception):
    """A failure the office can act on: the message is Chinese and says what to do.

    Every error the library raises on purpose is one of these (or a subclass a caller can
    tell apart: PlanError, LedgerError, WrongSuffix, SummaryLocked, Refusal, WriteFailed …);
    the command line turns it into its message and `exit_code`, in one place (cli.Commands).
    """

    exit_code = 1

    @property
    def message(self) -> str:
        return str(self)


class Refusal(HuyuError):
    """A safety check refused to go on (wrong folder, wrong month, period outside the plan);
    force=True (--force) goes on anyway. Nothing has been written."""


class WriteFailed(HuyuError):
    """Writing an output file failed (the summary, the bulletin, a Word document)."""


def as_os_error(exc: BaseException) -> OSError | None:
    """The file system's error behind exc (xlsxwriter wraps it in FileCreateError), if any."""
    if isinstance(exc, OSError):
        return exc
    inner = exc.args[0] if exc.args else None
    if type(exc).__name__ == "FileCreateError" and isinstance(inner, OSError):
        return inner
    return None


@contextmanager
def failing_as(what: str, path=None):
    """Failures inside are said as what failed ("生成失败：…", a HuyuError): the library's own
    and the file system's; anything else (a bug) passes unchanged, to surface as one."""
    try:
        yield
    except Exception as exc:  # noqa: BLE001 - only ours and the file system's are reworded
        if isinstance(exc, HuyuError):
            raise HuyuError(f"{what}{exc}") from exc
        os_error = as_os_error(exc)
        if os_error is None:
            raise
        raise HuyuError(f"{what}{describe_os_error(os_error, path)}。") from exc
