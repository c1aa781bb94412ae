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


# How a wrapped cell is laid out, measured and kept on the safe side of Excel, WPS and
# LibreOffice (their fonts and widths differ a little; text cut in print is worse than a
# line of white space):
# - a column of width w (Excel units) is about 7·w + 5 pixels at 96 dpi, less ~8 px padding;
# - a CJK character is 1 em wide (font size × 4/3 px), a narrow one half of that;
# - a line takes 1.45 × the font size in LibreOffice with Noto CJK (宋体 in Excel: 1.3).
CELL_PADDING_PX = 8
LINE_SPACING = 1.45
ROW_PADDING = 4  # points above and below the text
_NO_LINE_START = set("，。、；：？！）」』”’》〉】,.;:?!)%")


@lru_cache(maxsize=16384)
def wrapped_lines(text: str, column_width: float, font_size: float = 11) -> int:
    """Lines a wrapped cell needs in a column of `column_width` Excel units.

    Excel and LibreOffice never grow a row for wrapped text a program wrote, so the writers
    set row heights from this. Lines are filled character by character the way the office
    programs break them: CJK anywhere, but not before closing punctuation; a run of Latin
    letters or digits moves whole to the next line when it fits there.
    """
    per_line = (column_width * 7 + 5 - CELL_PADDING_PX) / (font_size * 2 / 3)  # in narrow units
    per_line = max(per_line, 2)
    lines = 0
    for paragraph in str(text).split("\n"):
        lines += _paragraph_lines(paragraph, per_line)
    return max(lines, 1)


def _paragraph_lines(text: str, per_line: float) -> int:
    lines, used = 1, 0
    tokens = _tokens(text)
    for i, token in enumerate(tokens):
        w = display_width(token)
        nxt = tokens[i + 1] if i + 1 < len(tokens) else ""
        # A character followed by closing punctuation travels with it to the next line.
        keep = display_width(nxt) if nxt and nxt[0] in _NO_LINE_START else 0
        if used + w + keep > per_line and used > 0:
            lines, used = lines + 1, 0
        while w > per_line:  # a word longer than a line is broken
            lines, w = lines + 1, w - int(per_line)
        used += w
    return lines


def _tokens(text: str) -> list[str]:
    out, word = [], ""
    for ch in text:
        if ch.isascii() and ch.isalnum() or (word and ch in "-_./%"):
            word += ch
            continue
        if word:
            out.append(word)
            word = ""
        out.append(ch)
    if word:
        out.append(word)
    return out


def lines_height(lines: int, font_size: float = 11) -> float:
    """Points a row needs for `lines` lines of text at `font_size`."""
    return round(lines * font_size * LINE_SPACING + ROW_PADDING, 1)


def text_height(text: str, column_width: float, font_size: float = 11) -> float:
    """Points a row needs to show `text` wrapped in a column of `column_width` units."""
    return lines_height(wrapped_lines(text, column_width, font_size), font_size)
