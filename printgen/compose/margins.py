"""Text kept inside its safe area by its ink, not only by its advances.

Lines are set by their advances (``printgen.text.fit``); a glyph's outline may pass them: a J's
hook reaches left of the line's start, an Arabic letter's dots below the Latin descent the
composer allows for. Set against a safe edge, such a line's ink lies a fraction of a millimetre
outside the safe area, where the read-back check (``printgen.check.safe``) finds it. Here each
element whose ink passes the safe area by more than the check allows (``SAFE_TOLERANCE``) has its
lines (the runs that share its box) moved together, by as little as keeps all of their ink
inside, at most ``LIMIT``, and only while every line stays inside the element's own box: a
block that would need more, or would pass the other edge or leave its box, stays where it was
(the check then says where it lies). Text that passed the check before is not moved.
"""

from __future__ import annotations

from dataclasses import replace

from printgen.pages import TextRun
from printgen.text.ink import ink
from printgen.text.measure import ascent_descent
from printgen.units import POINTS, SAFE_TOLERANCE

LIMIT = 1.5 * POINTS["mm"]
EPS = 0.01


def kept_inside(shapes: tuple, area: tuple[float, float, float, float]) -> tuple:
    """``shapes`` with each element's lines moved inside ``area`` (x0, y0, x1, y1) by their ink."""
    elements: dict[object, list[int]] = {}
    for i, shape in enumerate(shapes):
        if isinstance(shape, TextRun) and not shape.angle:
            elements.setdefault(shape.box or i, []).append(i)
    out = None
    for members in elements.values():
        if not any(_near(shapes[i], area) for i in members):
            continue
        shift = _shift([b for b in (_ink_box(shapes[i]) for i in members) if b is not None], area)
        if shift is not None and all(_in_own_box(shapes[i], *shift) for i in members):
            out = out or list(shapes)
            for i in members:
                out[i] = replace(shapes[i], x=shapes[i].x + shift[0], y=shapes[i].y + shift[1])
    return shapes if out is None else tuple(out)


def _near(run: TextRun, area) -> bool:
    """Whether the run's ink could reach past ``area``: within a fifth of its size of an edge
    sideways, or half its size below and 1.2 above."""
    x0, y0, x1, y1 = area
    pad = run.size * 0.2
    return (run.x - pad < x0 or run.x + run.width + pad > x1 or run.y - run.size * 0.5 < y0
            or run.y + run.size * 1.2 > y1)


def _ink_box(run: TextRun):
    box = ink(run.text, run.font, run.size)
    return None if box is None else (run.x + box[0], run.y + box[1], run.x + box[2], run.y + box[3])


def _in_own_box(run: TextRun, dx: float, dy: float) -> bool:
    """Whether the run, moved, still lies in its element's box (by its advance, ascent and descent)."""
    if run.box is None:
        return True
    x, y, w, h = run.box
    ascent, descent = ascent_descent(run.font, run.size)
    return (run.x + dx >= x - EPS and run.x + dx + run.width <= x + w + EPS
            and run.y + dy + descent >= y - EPS and run.y + dy + ascent <= y + h + EPS)


def _shift(boxes, area) -> tuple[float, float] | None:
    """The smallest move that keeps every box inside ``area``; None when none is needed or none
    of at most LIMIT each way does it."""
    if not boxes:
        return None
    x0, y0, x1, y1 = area
    left, bottom = min(b[0] for b in boxes), min(b[1] for b in boxes)
    right, top = max(b[2] for b in boxes), max(b[3] for b in boxes)
    dx = _move(left, right, x0, x1)
    dy = _move(bottom, top, y0, y1)
    if dx is None or dy is None or (dx == 0 and dy == 0):
        return None
    return dx, dy


def _move(low: float, high: float, start: float, end: float) -> float | None:
    """How far [low, high] must move to lie in [start, end]: 0 when it does, None when it cannot
    by LIMIT or less."""
    if low >= start - SAFE_TOLERANCE and high <= end + SAFE_TOLERANCE:
        return 0.0
    if high - low > end - start:
        return None
    move = start - low if low < start else end - high
    return move if abs(move) <= LIMIT else None
