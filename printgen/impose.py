"""Imposition: where each item goes on each page. Pure geometry, in points.

N-up sheets place the grid's cells left to right, top to bottom. For duplex printing the back
of a sheet mirrors the front (columns for long-edge flipping, rows for short-edge), so each
back lands behind its front. Printer drift is corrected by shifting fronts and backs
separately. Crop marks stand outside the items, in the sheet's margins.
"""

from __future__ import annotations

from printgen.errors import InputError
from printgen.layout.model import Layout
from printgen.marks import crop_marks, shifted
from printgen.pages import Page, Placement, Rule
from printgen.units import POINTS

MM = POINTS["mm"]


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


def impose(layout: Layout, sheets: int = 1, offset=(0.0, 0.0), back_offset=(0.0, 0.0)) -> list[Page]:
    """Pages for ``sheets`` sheets: front page, then back page when the layout has backs; every
    cell holds "front" (and "back" on the back page)."""
    spots = cells(layout)
    back_spots = [mirror(layout, *xy) for xy in spots]
    _on_sheet(layout, spots, offset, "--offset")
    if layout.faces.back:
        _on_sheet(layout, back_spots, back_offset, "--back-offset")
    front_marks = _marks(layout, spots, offset)
    back_marks = _marks(layout, back_spots, back_offset)
    pages = []
    for s in range(sheets):
        pages.append(_page(layout, ["front"] * len(spots), spots, offset, front_marks, f"sheet {s + 1} front"))
        if layout.faces.back:
            backs = ["back"] * len(spots)
            pages.append(_page(layout, backs, back_spots, back_offset, back_marks, f"sheet {s + 1} back"))
    return pages


def _on_sheet(layout: Layout, spots, offset, name: str) -> None:
    """An offset corrects drift; it may not move any item's safe area (its text and codes) off the sheet."""
    if offset == (0.0, 0.0):
        return
    sw, sh = layout.page_size
    (w, h), safe, (dx, dy) = layout.item.size, layout.item.safe, offset
    for x, y in spots:
        x0, y0, x1, y1 = x + dx + safe, y + dy + safe, x + dx + w - safe, y + dy + h - safe
        if x0 < -0.01 or y0 < -0.01 or x1 > sw + 0.01 or y1 > sh + 0.01:
            raise InputError(f"{layout.file}: {name} {dx / MM:.3g}mm,{dy / MM:.3g}mm would move an item's "
                             "safe area (its text and codes) off the sheet; print printgen calibrate and measure "
                             "the drift, or leave the offset out")


def _marks(layout: Layout, spots, offset) -> tuple[Rule, ...]:
    """The grid's crop marks (when it asks for them), shifted with the items."""
    if layout.grid is None or not layout.grid.crop_marks:
        return ()
    return tuple(shifted(m, *offset) for m in crop_marks(spots, layout.item.size, layout.page_size))


def _page(layout: Layout, faces, spots, offset, marks, label: str) -> Page:
    sw, sh = layout.page_size
    dx, dy = offset
    placements = tuple(Placement(face, x + dx, y + dy) for face, (x, y) in zip(faces, spots))
    trim = bleed = None
    if layout.grid is None and layout.sheet is None:
        b, (w, h) = layout.item.bleed, layout.item.size
        trim, bleed = (b, b, b + w, b + h), (0.0, 0.0, sw, sh)
    return Page(sw, sh, placements, marks, trim, bleed, label)
