"""Display width of Chinese text, for terminal tables and Excel column widths."""
from __future__ import annotations

import unicodedata
from functools import lru_cache


def display_width(text: str) -> int:
    """Columns the text takes on screen: wide (CJK, full-width) characters count 2."""
    return _width(str(text))


@lru_cache(maxsize=16384)  # unit names, labels and plan texts repeat on every row
def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else (0 if unicodedata.combining(ch) else 1)
               for ch in text)


def pad(text: str, width: int) -> str:
    """Left-align text to a display width (str.ljust counts characters, not columns)."""
    text = str(text)
    return text + " " * max(0, width - display_width(text))


def clip(text: str, width: int) -> str:
    """Cut text to at most `width` display columns, marking the cut with '…'."""
    text = str(text)
    if display_width(text) <= width:
        return text
    out, used = [], 0
    for ch in text:
        w = display_width(ch)
        if used + w > width - 1:
            break
        out.append(ch)
        used += w
    return "".join(out) + "…"


def table(rows: list[list], headers: list[str], max_width: int = 40) -> str:
    """A plain aligned text table, CJK-aware."""
    cells = [[clip(str(c), max_width) for c in row] for row in [headers, *rows]]
    widths = [max(display_width(r[i]) for r in cells) for i in range(len(headers))]
    lines = ["  ".join(pad(c, w) for c, w in zip(r, widths)).rstrip() for r in cells]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


@lru_cache(maxsize=16384)
def wrapped_lines(text: str, column_width: float) -> int:
    """Lines a wrapped cell needs in a column of `column_width` Excel units.

    Excel and LibreOffice never grow a row for wrapped text that xlsxwriter wrote, so the
    writers set row heights from this. One Excel unit holds about one narrow character at
    the default size; a little slack keeps near-fits on one line.
    """
    per_line = max(column_width * 1.1 - 1, 1)
    return max(1, -(-display_width(text) // int(per_line)))
