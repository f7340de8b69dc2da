"""Imposition: where each item goes on each page. Pure geometry, in points.

N-up sheets place the grid's cells left to right, top to bottom. For duplex printing the back
of a sheet mirrors the front (columns for long-edge flipping, rows for short-edge), so each
back lands behind its front. Printer drift is corrected by shifting fronts and backs
separately. Crop marks stand outside the items, in the sheet's margins.
"""

from __future__ import annotations

from printgen.layout.model import Layout
from printgen.pages import Line, Page, Placement

MARK_GAP = 3.0        # between an item's edge and its crop mark
MARK_LENGTH = 14.0
MARK_WIDTH = 0.25


def cells(layout: Layout) -> list[tuple[float, float]]:
    """Bottom-left corners of the grid's cells (front side), in reading order."""
    sw, sh = layout.page_size
    w, h = layout.item.size
    g = layout.grid
    if g is None:
        if layout.sheet is None:
            return [(layout.item.bleed, layout.item.bleed)]
        return [((sw - w) / 2, (sh - h) / 2)]
    out = []
    for r in range(g.rows):
        for c in range(g.columns):
            x = g.left + c * (w + g.gap[0])
            top = g.top + r * (h + g.gap[1])
            out.append((x, sh - top - h))
    return out


def mirror(layout: Layout, x: float, y: float) -> tuple[float, float]:
    """Where the back of the item at (x, y) goes so that it prints behind its front."""
    sw, sh = layout.page_size
    w, h = layout.item.size
    if layout.duplex == "long-edge":
        return sw - x - w, y
    if layout.duplex == "short-edge":
        return x, sh - y - h
    return x, y


def impose(layout: Layout, sheets: int = 1, offset=(0.0, 0.0), back_offset=(0.0, 0.0),
           faces_per_sheet: list[list[str]] | None = None) -> list[Page]:
    """Pages for ``sheets`` sheets: front page, then back page when the layout has backs.

    ``faces_per_sheet`` names the face drawn in each cell (for sheets of different items);
    by default every cell holds "front" (and "back" on the back page).
    """
    spots = cells(layout)
    back_spots = [mirror(layout, *xy) for xy in spots]
    front_marks = _marks(layout, spots, offset)
    back_marks = _marks(layout, back_spots, back_offset)
    pages = []
    for s in range(sheets):
        fronts = faces_per_sheet[s] if faces_per_sheet else ["front"] * len(spots)
        pages.append(_page(layout, fronts, spots, offset, front_marks, f"sheet {s + 1} front"))
        if layout.faces.back:
            backs = [f.replace("front", "back") for f in fronts]
            pages.append(_page(layout, backs, back_spots, back_offset, back_marks, f"sheet {s + 1} back"))
    return pages


def _marks(layout: Layout, spots, offset) -> tuple[Line, ...]:
    return tuple(_shift(m, *offset) for m in crop_marks(layout, spots))


def _page(layout: Layout, faces, spots, offset, marks, label: str) -> Page:
    sw, sh = layout.page_size
    dx, dy = offset
    placements = tuple(Placement(face, x + dx, y + dy) for face, (x, y) in zip(faces, spots))
    trim = bleed = None
    if layout.grid is None and layout.sheet is None:
        b, (w, h) = layout.item.bleed, layout.item.size
        trim, bleed = (b, b, b + w, b + h), (0.0, 0.0, sw, sh)
    return Page(sw, sh, placements, marks, trim, bleed, label)


def _shift(line: Line, dx: float, dy: float) -> Line:
    return Line(line.x1 + dx, line.y1 + dy, line.x2 + dx, line.y2 + dy, line.width, line.color)


def crop_marks(layout: Layout, spots: list[tuple[float, float]]) -> list[Line]:
    """Short lines in the margins, in line with every cut, never over an item."""
    if layout.grid is None or not layout.grid.crop_marks or not spots:
        return []
    w, h = layout.item.size
    sw, sh = layout.page_size
    xs = sorted({round(v, 3) for x, _ in spots for v in (x, x + w)})
    ys = sorted({round(v, 3) for _, y in spots for v in (y, y + h)})
    left, right = min(x for x, _ in spots), max(x for x, _ in spots) + w
    bottom, top = min(y for _, y in spots), max(y for _, y in spots) + h
    marks = []
    for x in xs:            # vertical marks above and below the grid, in line with each cut
        for a, b in _mark_spans(top, sh - top, bottom):
            marks.append(Line(x, a, x, b, MARK_WIDTH))
    for y in ys:            # horizontal marks left and right of the grid
        for a, b in _mark_spans(right, sw - right, left):
            marks.append(Line(a, y, b, y, MARK_WIDTH))
    return marks


def _mark_spans(high: float, room_high: float, low: float) -> list[tuple[float, float]]:
    """Where marks go beyond the grid's high edge (room above it) and low edge (room below)."""
    spans = []
    for edge, direction, room in ((high, 1, room_high), (low, -1, low)):
        length = min(MARK_LENGTH, room - MARK_GAP - 2)
        if length > 2:
            spans.append((edge + direction * MARK_GAP, edge + direction * (MARK_GAP + length)))
    return spans
