"""Where a writer puts its file: the right suffix, or a clear refusal in Chinese."""
from __future__ import annotations

from pathlib import Path

from .errors import HuyuError


class WrongSuffix(HuyuError, ValueError):
    """A path whose suffix is not the one the file will have (an .xlsx called .xls or .csv)."""


def output_path(path: str | Path, suffix: str, what: str, name_in_folder: str) -> Path:
    """The file a writer of `what` (e.g. "汇总表") should write for `path`.

    A path with the right suffix is the file. An existing folder gets `name_in_folder` inside
    it; a name without a suffix gets `suffix` (".xlsx", ".txt"); any other suffix is refused
    with WrongSuffix, since Excel would not open an .xlsx called .xls and Notepad is not the
    program for an .xlsx.
    """
    path = Path(path)
    if path.suffix.lower() == suffix:
        return path  # even if a folder has that name: writing it then fails, and says so
    if path.is_dir():
        return path / name_in_folder
    if path.suffix == "":
        return path.with_name(path.name + suffix)
    raise WrongSuffix(f"{what}只能保存为 {suffix} 文件，“{path.name}”的扩展名是 {path.suffix}。"
                      f"请把文件名改为以 {suffix} 结尾，或不写扩展名。")
