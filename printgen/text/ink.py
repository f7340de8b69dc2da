"""Where a line's ink lies: the box of its glyphs' outlines, as a PDF reader measures it.

The composer sets lines by their advances and the style font's ascent and descent; a glyph's
outline may reach past both: a J's hook left of its advance, an Arabic letter's dots below the
Latin descent. ``ink`` gives the outlines' box for a line, so that what is set near an edge can
be kept inside it (``printgen.compose.margins``).
"""

from __future__ import annotations

import functools

from printgen.text.rl_internals import glyph_box, glyph_positions, units_per_em
from printgen.text.shaping import segments


@functools.lru_cache(maxsize=8192)
def ink(text: str, style: str, size: float) -> tuple[float, float, float, float] | None:
    """(x0, y0, x1, y1) of the outlines of ``text`` set in ``style`` at ``size``, in points from
    the start of its baseline; None when nothing of it has an outline (spaces)."""
    from reportlab.pdfbase.pdfmetrics import getFont

    pen, box = 0.0, None
    for segment in segments(text, style):
        font = getFont(segment.font)
        scale = 1000 / units_per_em(font)
        for glyph, advance, dx, dy in glyph_positions(font, segment.text):
            outline = glyph_box(font, glyph) if glyph is not None else None
            if outline is not None:
                x0, y0, x1, y1 = (v * scale for v in outline)
                glyph_ink = (pen + dx + x0, dy + y0, pen + dx + x1, dy + y1)
                box = glyph_ink if box is None else (min(box[0], glyph_ink[0]), min(box[1], glyph_ink[1]),
                                                     max(box[2], glyph_ink[2]), max(box[3], glyph_ink[3]))
            pen += advance
    if box is None:
        return None
    return tuple(v * size / 1000 for v in box)
