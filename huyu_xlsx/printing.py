"""Paper and scale for a printed sheet, so that no text prints smaller than MIN_TEXT_POINTS.

"Fit all columns on one page wide" shrinks a wide sheet until it is unreadable (the 44
columns of 分析 came out at 3 pt on A4). Here a sheet fits one A4 page wide only if its text
stays readable at that scale; else one A3 page wide; else it prints on A3 at the smallest
readable scale, its columns split across pages (breaks only where `breaks_at` allows, e.g.
between units) with the first `repeat` columns printed again on every page.

The scale is set as a number rather than "fit to one page wide": LibreOffice, fitting a
sheet whose rows grew as people typed, left its last rows off the printout (measured: the
sign-off block of a form with long answers), and a scale prints the same in every program.

Column widths are converted the way LibreOffice does for these workbooks, the widest of
the three programs (measured: about 9.5 px per width unit with 宋体 11), so Excel and WPS,
whose columns are narrower, print at the same size or larger.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

MIN_TEXT_POINTS = 7.0
PX_PER_UNIT = 9.5
MARGINS_INCH = 0.8  # left + right, as the sheets set them
A4, A3 = 9, 8  # xlsxwriter paper codes
LANDSCAPE_WIDTH_INCH = {A4: 11.69, A3: 16.54}
PORTRAIT_WIDTH_INCH = {A4: 8.27, A3: 11.69}


@dataclass(frozen=True)
class PagePlan:
    paper: int
    fit_width: bool           # one page wide at `scale`; else split at `breaks`
    scale: int = 100
    breaks: tuple[int, ...] = ()


def sheet_points(widths: list[float]) -> float:
    return sum(w * PX_PER_UNIT + 5 for w in widths) * 0.75


def usable_points(paper: int, portrait: bool = False) -> float:
    width = PORTRAIT_WIDTH_INCH[paper] if portrait else LANDSCAPE_WIDTH_INCH[paper]
    return (width - MARGINS_INCH) * 72


def plan_pages(widths: list[float], font_size: float, a3: bool = True, repeat: int = 0,
               breaks_at: list[int] | None = None, portrait: bool = False) -> PagePlan:
    """How to print columns of these widths with text of `font_size` points."""
    need = sheet_points(widths)
    min_scale = MIN_TEXT_POINTS / font_size
    for paper in (A4, A3) if a3 else (A4,):
        fit = usable_points(paper, portrait) / need
        if fit >= min_scale:
            return PagePlan(paper, True, min(100, math.floor(fit * 100)))
    paper = A3 if a3 else A4
    scale = math.ceil(min_scale * 100) + 1  # a point's rounding above the minimum
    room = usable_points(paper, portrait) / (scale / 100)
    lead = sheet_points(widths[:repeat])
    allowed = sorted(set(breaks_at if breaks_at is not None else range(repeat + 1, len(widths))))
    out, start, previous = [], repeat, None
    for col in [c for c in allowed if repeat < c < len(widths)] + [len(widths)]:
        if lead + sheet_points(widths[start:col]) > room and previous is not None:
            out.append(previous)  # the page ends before this column group
            start = previous
        previous = col
    return PagePlan(paper, False, scale, tuple(out))


def apply(ws, plan: PagePlan, repeat: int = 0) -> None:
    """Paper, orientation and scale on an xlsxwriter worksheet."""
    ws.set_paper(plan.paper)
    ws.set_landscape()
    ws.set_print_scale(plan.scale)
    if plan.breaks:
        ws.set_v_pagebreaks(list(plan.breaks))
    if repeat:
        ws.repeat_columns(0, repeat - 1)
