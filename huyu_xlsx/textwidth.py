"""Display width of Chinese text, for terminal tables and Excel column widths."""
from __future__ import annotations

import re
import shutil
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


def terminal_width() -> int:
    """Columns a printed line may take: the window's width (COLUMNS when set; 80 when the
    output is not a window), less one, since a line that fills the window exactly leaves an
    empty line after it in the Windows console."""
    return max(shutil.get_terminal_size((80, 24)).columns - 1, 20)


def wrap(text: str, width: int) -> list[str]:
    """Break one line of text into lines of at most `width` display columns.

    CJK text breaks between any two characters (never before closing punctuation or '/'); a run of
    Latin letters and digits moves whole to the next line, breaking after '-', '_', '/' or
    '.', and only a run longer than a line is cut.
    """
    width = max(width, 2)
    lines, line, used = [], "", 0
    for token in _wrap_tokens(str(text)):
        w = display_width(token)
        if used + w > width:
            if line.strip():
                lines.append(line.rstrip())
                token = token.lstrip()
            line, used = "", 0  # (a line of nothing but spaces is dropped)
            w = display_width(token)
        while w > width:  # longer than a whole line: cut it
            head, rest = _cut(token, width - used)
            lines.append((line + head).rstrip())
            line, used, token = "", 0, rest
            w = display_width(token)
        line += token
        used += w
    if line.strip() or not lines:
        lines.append(line.rstrip())
    return lines


def _wrap_tokens(text: str) -> list[str]:
    out: list[str] = []
    for token in _tokens(text):
        if out and (token[0] in _NO_LINE_START or token == "/"):
            out[-1] += token  # a closing mark stays with what it closes
        elif len(token) > 1:  # a Latin run: break opportunities after - _ / .
            out += [t for t in _BREAK_AFTER.split(token) if t]
        else:
            out.append(token)
    return out


def _cut(text: str, width: int) -> tuple[str, str]:
    """The longest head of `text` within `width` columns (at least one character), and the rest."""
    used = 0
    for i, ch in enumerate(text):
        used += display_width(ch)
        if used > width:
            return text[:max(i, 1)], text[max(i, 1):]
    return text, ""


def wrap_lines(text: str, width: int | None, indent: str = "") -> str:
    """Every line of `text` wrapped to `width` columns (None: left as it is); continuation
    lines start with `indent`."""
    if width is None:
        return text
    out = []
    for line in text.split("\n"):
        if display_width(line) <= width:
            out.append(line)
            continue
        lead = line[:len(line) - len(line.lstrip(" \u3000"))]
        first, *rest = wrap(line[len(lead):], width - display_width(lead))
        out.append(lead + first)
        pad_ = lead + indent
        if rest:
            out += [pad_ + part for part in wrap("".join(rest), width - display_width(pad_))]
    return "\n".join(out)


def wrap_items(lead: str, items: list[str], width: int | None, sep: str = "　") -> str:
    """`lead` and the items joined by `sep`, breaking lines only between items where an item
    fits ('数据有误 0' never leaves its 0 on the next line)."""
    if width is None:
        return lead + sep.join(items)
    lines, line = [], lead
    for item in items:
        if line in ("", lead) or display_width(line + sep + item) <= width:
            line = line + (sep if line not in ("", lead) else "") + item
        else:
            lines.append(line)
            line = item
    lines.append(line)
    return wrap_lines("\n".join(lines), width)


def table(rows: list[list], headers: list[str], width: int | None = None, *,
          drop: tuple[str, ...] = (), max_width: int | None = None) -> str:
    """A plain aligned text table, CJK-aware, that fits in `width` display columns.

    `width` None: every column, each row on one line, nothing cut (for --wide, files, grep).
    Otherwise columns named in `drop` are left out, in that order, while the table cannot
    fit with its long cells wrapped to a readable width; then the widest columns are
    narrowed until it fits, and their cells (headers too) wrap onto more lines. Nothing is
    ever cut: a dropped column is named in a note under the table, which points to --wide.
    `max_width` wraps cells longer than that even when there is room.
    """
    texts = [[_cell_text(c) for c in row] for row in rows]
    headers = [str(h) for h in headers]
    keep = list(range(len(headers)))
    if width is None:
        return _render(headers, texts, keep, [_natural(headers, texts, j) for j in keep], one_line=True)
    dropped: list[str] = []
    for name in (None, *drop):
        if name is not None:
            if name not in headers or headers.index(name) not in keep:
                continue
            keep.remove(headers.index(name))
            dropped.append(name)
        if _fits(_comfortable(headers, texts, keep, max_width), width):
            break
    widths = _narrow(headers, texts, keep, width, max_width)
    out = _render(headers, texts, keep, widths)
    if dropped:
        names = "".join(f"“{n}”" for n in dropped)
        out += "\n" + wrap_lines(f"（窗口较窄，未显示{names}列；加 --wide 显示全部列。）", width)
    return out


TABLE_GAP = 2  # spaces between columns
READABLE = 24  # a long cell wrapped narrower than this reads badly: rather drop a column


def _cell_text(value) -> str:
    # One line per cell: a line break inside a cell would break the table's alignment.
    return "" if value is None else " ".join(str(value).split("\n"))


def _natural(headers, texts, j) -> int:
    return max([display_width(headers[j]), *(display_width(r[j]) for r in texts if j < len(r))])


def _least(text: str) -> int:
    """The narrowest a cell may become: its longest unbreakable run (at most 10 columns, so a
    date or a number stays whole and a long file name or id may break), or one CJK character."""
    longest = max((display_width(t) for t in _wrap_tokens(text)), default=0)
    return min(longest, 10)


def _minimum(headers, texts, j) -> int:
    return max([_least(headers[j]), 2, *(_least(r[j]) for r in texts if j < len(r))])


def _comfortable(headers, texts, keep, max_width) -> list[int]:
    """Widths at which every kept column reads well: a header may wrap onto two lines, a short cell (a name, a date) stays whole, a longer one wraps at READABLE."""
    out = []
    for j in keep:
        cells = max([0, *(display_width(r[j]) for r in texts if j < len(r))])
        cap = min(READABLE, max_width or READABLE)
        head = next(w for w in range(2, display_width(headers[j]) + 1) if len(wrap(headers[j], w)) <= 2)
        out.append(max(head, min(cells, cap), min(_minimum(headers, texts, j), cap)))
    return out


def _fits(widths: list[int], width: int) -> bool:
    return sum(widths) + TABLE_GAP * (len(widths) - 1) <= width


def _narrow(headers, texts, keep, width, max_width) -> list[int]:
    """Natural widths (capped at max_width), the widest narrowed until the table fits: first
    down to the comfortable widths, then to each column's minimum, then as far as it takes."""
    widths = [_natural(headers, texts, j) for j in keep]
    if max_width:
        widths = [_used(headers, texts, j, min(w, max(max_width, _minimum(headers, texts, j))))
                  for j, w in zip(keep, widths)]
    floors = (_comfortable(headers, texts, keep, max_width), [_minimum(headers, texts, j) for j in keep],
              [2] * len(keep))
    for floor in floors:
        while not _fits(widths, width):
            movable = [i for i in range(len(widths)) if widths[i] > floor[i]]
            if not movable:
                break
            i = max(movable, key=lambda i: widths[i])
            widths[i] = max(floor[i], _used(headers, texts, keep[i], widths[i] - 1))
        if _fits(widths, width):
            break
    return [_balanced(headers, texts, j, w) for j, w in zip(keep, widths)]


def _balanced(headers, texts, j, width) -> int:
    """The narrowest width at which no cell of the column takes more lines than at `width`:
    '已报送/应报送' wrapped at 9 becomes '已报送/' and '应报送' rather than '已报送/应' and '报送'."""
    cells = [headers[j], *(r[j] for r in texts if j < len(r))]
    lines = [len(wrap(c, width)) for c in cells]
    if max(lines) == 1:
        return width
    for w in range(_minimum(headers, texts, j), width):
        if all(len(wrap(c, w)) <= n for c, n in zip(cells, lines)):
            return w
    return width


def _used(headers, texts, j, width) -> int:
    """The columns a column really takes when its cells wrap at `width` (a column of Chinese
    text wrapped at 5 takes 4)."""
    cells = [headers[j], *(r[j] for r in texts if j < len(r))]
    return max(display_width(line) for c in cells for line in wrap(c, width))


def _render(headers, texts, keep, widths, one_line=False) -> str:
    lines = []
    for row in [headers, *texts]:
        cells = [row[j] if j < len(row) else "" for j in keep]
        parts = [[c] if one_line else wrap(c, w) for c, w in zip(cells, widths)]
        for k in range(max(len(p) for p in parts)):
            lines.append("  ".join(pad(p[k] if k < len(p) else "", w) for p, w in zip(parts, widths)).rstrip())
        if row is headers:
            lines.append("  ".join("-" * w for w in widths))
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
_BREAK_AFTER = re.compile(r"(?<=[-_/.])")


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
