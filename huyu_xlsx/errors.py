"""What a failure of the file system means to the office, in Chinese.

The operating system's own words ("[Errno 13] Permission denied") are English and say
nothing about what to do; every command turns them into one of these sentences.
"""
from __future__ import annotations

import errno

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
