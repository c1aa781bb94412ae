"""Where a writer puts its file: the right suffix, or a clear refusal in Chinese."""
from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
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


@contextmanager
def written_whole(path: Path, locked: type[Exception] | None = None) -> Iterator[Path]:
    """A temporary file beside `path` to write into, moved over `path` in one step once written.

    A run killed half-way leaves the old file (or none), never half a file. The temporary is
    named .~<name>-<pid>-… so a later run can tell a dead run's leftover from a live one's.
    Where the target is open in Excel or Word (Windows refuses the replace), `locked(path)` is
    raised if given. The new file gets the mode a normally created file would have.
    """
    fd, name = tempfile.mkstemp(prefix=f".~{path.stem}-{os.getpid()}-", suffix=path.suffix, dir=path.parent)
    os.close(fd)
    tmp = Path(name)
    try:
        yield tmp
        os.chmod(tmp, normal_mode(path))
        try:
            os.replace(tmp, path)
        except PermissionError as exc:
            if locked is None:
                raise
            raise locked(path) from exc
    finally:
        if tmp.exists():
            tmp.unlink()


def normal_mode(path: Path) -> int:
    """The mode a normally created file would get (mkstemp makes it owner-only); an existing
    file keeps its own."""
    if path.exists():
        return path.stat().st_mode & 0o777
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask
