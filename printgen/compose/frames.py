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
from printgen.compose.rows import ADDRESS_PARTS
from printgen.errors import InputError
from printgen.layout.model import footer_height
from printgen.text.measure import text_width

BALANCE_STEP = 2.0          # points: how finely the balanced depth is searched
ADDRESS = "address (grown to fit)"   # the style of addresses in a grown brochure
GROW_STEP = 0.02            # how finely a brochure's growth is searched (2 % of the size)


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


def pour_panels(ctx: Context, blocks_for, pour):
    """The catalogue's blocks poured into the brochure's panels. With ``flow.grow`` above 1, the
    flowed styles and gaps first grow (up to that factor) while everything still fits the full
    panels, so a short catalogue fills them rather than leaving their lower half empty. With
    ``flow.balance``, then poured to the smallest common depth that takes them all (the content
    ends at about the same height in every panel). Content that does not fit the full panels
    is the full pour's error. Growth and depth are searched with headings at their set spacing
    (a chain set closer to fit is for a page's end, not a way to fit more into the panels)."""
    blocks = blocks_for(ctx)
    best = pour(ctx, blocks, panel_frames(ctx))      # raises when it cannot fit at all
    grown, more = _grown(ctx, blocks, blocks_for, pour)
    if more is not None:
        ctx, blocks = grown, more
        best = pour(ctx, blocks, panel_frames(ctx))
    if not ctx.layout.flow.balance:
        return best
    full = ctx.layout.item.size[1] - 2 * ctx.layout.item.safe
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


def _grown(ctx: Context, plain, blocks_for, pour):
    """(the context with the largest growth of the flowed styles, at most ``flow.grow``, at
    which the blocks still fit the full panels, and those blocks); (ctx, None) at no growth.
    ``plain``: the blocks at the styles' own sizes."""
    if ctx.layout.flow.grow <= 1.0:
        return ctx, None

    def fits(factor: float):
        grown = grow(ctx, factor, plain)
        blocks = blocks_for(grown)
        try:
            pour(grown, blocks, panel_frames(grown), tighten=False)
        except InputError:
            return None
        return grown, blocks

    found = fits(ctx.layout.flow.grow)
    if found:
        return found
    low, high, found = 1.0, ctx.layout.flow.grow, (ctx, None)
    while high - low > GROW_STEP:
        middle = (low + high) / 2
        here = fits(middle)
        if here:
            low, found = middle, here
        else:
            high = middle
    return found


def grow(ctx: Context, factor: float, blocks=()) -> Context:
    """The context with the flow's own styles (headings, names, numbers, labels, body, note
    titles) and its gap ``factor`` times their size; codes keep theirs. Addresses (websites,
    emails among ``blocks``) grow only as far as their longest unbreakable part still fits the
    narrowest panel."""
    flow = ctx.layout.flow
    names = {flow.heading_style, flow.name_style, flow.number_style, flow.label_style,
             flow.body_style, flow.note_title_style}
    styles = dict(ctx.layout.styles)
    address = styles[flow.address_style or flow.number_style]
    for name in names:
        styles[name] = _scaled(styles[name], factor)
    styles[ADDRESS] = _scaled(address, min(factor, _address_room(ctx, blocks)))
    flow = flow.model_copy(update={"gap": flow.gap * factor, "address_style": ADDRESS})
    layout = ctx.layout.model_copy(update={"styles": styles, "flow": flow})
    return Context(ctx.catalogue, layout, ctx.language, ctx.venue, ctx.record)


def _scaled(style, factor: float):
    return style.model_copy(update={"size": style.size * factor,
                                    "min": None if style.min is None else style.min * factor})


def _address_room(ctx: Context, blocks) -> float:
    """How far the flowed addresses may grow: an address on one line stays on one line; a longer
    one grows while its longest unbreakable part fits the narrowest panel."""
    narrowest = min(f.width for f in panel_frames(ctx))
    room = float("inf")
    for piece in (p for b in blocks for row in b.rows for p in row
                  if p.link and p.link.startswith(("http:", "https:", "mailto:"))):
        st = ctx.layout.styles[piece.style]
        whole = text_width(piece.text.strip(), st.font, st.size)
        widest = whole if whole <= narrowest else max(
            text_width(part, st.font, st.size) for part in ADDRESS_PARTS.findall(piece.text.strip()))
        room = min(room, narrowest / widest)
    return room


def folds(ctx: Context) -> tuple[list[float], list[float]]:
    """x of the folds on the inside page, and on the outside page (mirrored)."""
    w = ctx.layout.item.size[0]
    inside, x = [], 0.0
    for width in ctx.layout.flow.panels[:-1]:
        x += width
        inside.append(x)
    return inside, sorted(w - f for f in inside)
