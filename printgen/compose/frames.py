"""The frames a flowing document fills: a handout's columns page after page, a brochure's panels.

A handout page after the cover holds ``flow.columns`` columns of equal width, ``flow.column_gap``
apart (each at most ``flow.measure`` wide, the set centred), between the safe margins and
above the footer; the content fills the first column top
to bottom, then the next, then the next page. A brochure's inside page holds its panels, each
inset from its folds by ``flow.gutter``. With ``flow.balance`` the panels are filled to the
same depth (the smallest that still takes all the content), so no panel stands full beside an
empty one.
"""

from __future__ import annotations

from dataclasses import dataclass

from printgen.compose.context import Context
from printgen.errors import InputError
from printgen.layout.model import footer_height

BALANCE_STEP = 2.0          # points: how finely the balanced depth is searched


@dataclass(frozen=True)
class Frame:
    page: int
    x: float
    top: float
    width: float
    bottom: float


def column_frames(ctx: Context, x: float, width: float, page: int, top: float, bottom: float) -> list[Frame]:
    """``flow.columns`` frames of equal width across ``width`` from ``x``, each at most
    ``flow.measure`` wide (the set then centred)."""
    flow = ctx.layout.flow
    n, gap = flow.columns, flow.column_gap
    column = (width - (n - 1) * gap) / n
    if flow.measure is not None and column > flow.measure:
        x += (column - flow.measure) * n / 2          # narrower columns, centred between the margins
        column = flow.measure
    return [Frame(page, x + i * (column + gap), top, column, bottom) for i in range(n)]


def page_frames(ctx: Context, first_page: int):
    """Endless frames: the columns of each page's content area from ``first_page`` on."""
    w, h = ctx.layout.item.size
    safe = ctx.layout.item.safe
    footer = footer_height(ctx.layout)
    page = first_page
    while True:
        yield from column_frames(ctx, safe, w - 2 * safe, page, h - safe, safe + footer)
        page += 1


def panel_frames(ctx: Context, depth: float | None = None):
    """The panels of a brochure's inside page (page 1), each inset from its folds; ``depth``:
    filled only this far down from the top of the safe area."""
    flow = ctx.layout.flow
    w, h = ctx.layout.item.size
    safe = ctx.layout.item.safe
    bottom = safe if depth is None else max(safe, h - safe - depth)
    x = 0.0
    for index, width in enumerate(flow.panels):
        left = x + (safe if index == 0 else flow.gutter)
        right = x + width - (safe if index == len(flow.panels) - 1 else flow.gutter)
        yield Frame(1, left, h - safe, right - left, bottom)
        x += width


def pour_panels(ctx: Context, blocks, pour):
    """The blocks poured into the brochure's panels; with ``flow.balance``, to the smallest
    common depth that takes them all (the content then ends at about the same height in every
    panel). Content that does not fit the full panels is the full pour's error. The depth is
    searched with headings at their set spacing (a chain set closer to fit is for a page's end,
    not a way to make panels shallower)."""
    if not ctx.layout.flow.balance:
        return pour(ctx, blocks, panel_frames(ctx))
    full = ctx.layout.item.size[1] - 2 * ctx.layout.item.safe
    best = pour(ctx, blocks, panel_frames(ctx))           # raises when it cannot fit at all
    low, high = 0.0, full
    while high - low > BALANCE_STEP:
        middle = (low + high) / 2
        try:
            placed = pour(ctx, blocks, panel_frames(ctx, middle), tighten=False)
        except InputError:
            low = middle
            continue
        best, high = placed, middle
    return best


def folds(ctx: Context) -> tuple[list[float], list[float]]:
    """x of the folds on the inside page, and on the outside page (mirrored)."""
    w = ctx.layout.item.size[0]
    inside, x = [], 0.0
    for width in ctx.layout.flow.panels[:-1]:
        x += width
        inside.append(x)
    return inside, sorted(w - f for f in inside)
