"""Marks for cutting, folding and registering, as rules on a page: one home for each kind.

- Crop marks stand in the sheet's margins, in line with every cut, never over an item.
- Fold marks are short dashed grey rules at the top and bottom edge of each fold.
- A registration cross marks a point (printer calibration).
- Lines a person cuts or folds on an item (a tear-off's tabs, a layout's ``rule`` with
  ``line: cut`` or ``line: fold``) come in two styles told apart at a glance: a cut is a dark
  dashed line with a scissors mark at the end where the cut starts; a fold (or the line a tab
  is torn along) is a grey dotted line.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from printgen.pages import Rect, Rule

CROP_GAP = 3.0        # between an item's edge and its crop mark
CROP_LENGTH = 14.0
CROP_WIDTH = 0.25
FOLD_LENGTH = 12.0


@dataclass(frozen=True)
class LineStyle:
    """How a kind of line is drawn: its width, colour and dash pattern (on, off, ... in points)."""

    width: float
    color: str
    dash: tuple[float, ...] = ()


LINES = {
    "solid": LineStyle(0.5, "#000000"),
    "cut": LineStyle(0.75, "#222222", (6.0, 3.0)),       # dashed, dark: cut here (with scissors)
    "fold": LineStyle(0.9, "#8c8c8c", (0.9, 2.7)),       # dotted, grey: fold or tear here
}
SCISSORS = 15.0     # the scissors mark's length along its line


def line(kind: str, start: tuple[float, float], end: tuple[float, float], width: float | None = None,
         color: str | None = None, scissors: bool = True) -> list:
    """A line of ``kind`` (``solid``, ``cut``, ``fold``) from ``start`` to ``end``; a cut carries a
    scissors mark at ``start``, pointing along the line (where the cut begins)."""
    style = LINES[kind]
    width = style.width if width is None else width
    color = style.color if color is None else color
    shapes: list = [Rule(*start, *end, width, color, style.dash)]
    if kind == "cut" and scissors:
        shapes += scissors_mark(start, end, color)
    return shapes


def scissors_mark(start: tuple[float, float], toward: tuple[float, float], color: str,
                  size: float = SCISSORS) -> list:
    """A scissors drawn as vectors (two finger rings, two crossed blades) at ``start``, its blades
    pointing to ``toward``: the rings sit on the line's start, the blades' tips ``size`` along it."""
    (x, y), (tx, ty) = start, toward
    length = math.hypot(tx - x, ty - y) or 1.0
    dx, dy = (tx - x) / length, (ty - y) / length          # along the line
    nx, ny = -dy, dx                                       # across it
    r = 0.15 * size

    def at(along: float, across: float) -> tuple[float, float]:
        return x + dx * along + nx * across, y + dy * along + ny * across

    shapes: list = []
    for side in (1, -1):
        cx, cy = at(r, side * 1.25 * r)
        shapes.append(Rect(cx - r, cy - r, 2 * r, 2 * r, "#ffffff", color, 0.7, r))
        root, tip = at(1.9 * r, side * 0.75 * r), at(size, -side * 0.28 * r)
        shapes.append(Rule(*root, *tip, 0.9, color))
    return shapes


def crop_marks(spots: list[tuple[float, float]], item: tuple[float, float],
               sheet: tuple[float, float]) -> list[Rule]:
    """Crop marks for items of size ``item`` at ``spots`` (bottom-left corners) on ``sheet``."""
    if not spots:
        return []
    w, h = item
    sw, sh = sheet
    xs = sorted({round(v, 3) for x, _ in spots for v in (x, x + w)})
    ys = sorted({round(v, 3) for _, y in spots for v in (y, y + h)})
    left, right = min(x for x, _ in spots), max(x for x, _ in spots) + w
    bottom, top = min(y for _, y in spots), max(y for _, y in spots) + h
    marks = []
    for x in xs:            # vertical marks above and below the grid, in line with each cut
        for a, b in _spans(top, sh - top, bottom):
            marks.append(Rule(x, a, x, b, CROP_WIDTH))
    for y in ys:            # horizontal marks left and right of the grid
        for a, b in _spans(right, sw - right, left):
            marks.append(Rule(a, y, b, y, CROP_WIDTH))
    return marks


def _spans(high: float, room_high: float, low: float) -> list[tuple[float, float]]:
    """Where marks go beyond the grid's high edge (room above it) and low edge (room below)."""
    spans = []
    for edge, direction, room in ((high, 1, room_high), (low, -1, low)):
        length = min(CROP_LENGTH, room - CROP_GAP - 2)
        if length > 2:
            spans.append((edge + direction * CROP_GAP, edge + direction * (CROP_GAP + length)))
    return spans


def fold_marks(xs: list[float], height: float) -> tuple[Rule, ...]:
    """A dashed mark at the top and the bottom of each vertical fold at ``xs``."""
    marks = []
    for x in xs:
        marks.append(Rule(x, height, x, height - FOLD_LENGTH, 0.3, "#777777", (2.0, 2.0)))
        marks.append(Rule(x, 0, x, FOLD_LENGTH, 0.3, "#777777", (2.0, 2.0)))
    return tuple(marks)


def cross(x: float, y: float, arm: float) -> list[Rule]:
    """A registration cross centred on (x, y)."""
    return [Rule(x - arm, y, x + arm, y, 0.3), Rule(x, y - arm, x, y + arm, 0.3)]


def shifted(rule: Rule, dx: float, dy: float) -> Rule:
    return Rule(rule.x1 + dx, rule.y1 + dy, rule.x2 + dx, rule.y2 + dy, rule.width, rule.color)


def trim_marks(x0: float, y0: float, w: float, h: float, offset: float, length: float,
               folds: tuple[float, ...] = ()) -> tuple[Rule, ...]:
    """A print shop's marks around one trimmed item at (x0, y0): crop marks in line with each
    trim edge, starting ``offset`` outside the trim (beyond the bleed), and a dashed fold mark
    in line with each fold (``folds``: distances from the trim's left edge), above and below."""
    x1, y1 = x0 + w, y0 + h
    marks = []
    for x in (x0, x1):
        marks += [Rule(x, y1 + offset, x, y1 + offset + length, CROP_WIDTH),
                  Rule(x, y0 - offset, x, y0 - offset - length, CROP_WIDTH)]
    for y in (y0, y1):
        marks += [Rule(x0 - offset, y, x0 - offset - length, y, CROP_WIDTH),
                  Rule(x1 + offset, y, x1 + offset + length, y, CROP_WIDTH)]
    for fold in folds:
        x = x0 + fold
        marks += [Rule(x, y1 + offset, x, y1 + offset + length, CROP_WIDTH, dash=(2.0, 2.0)),
                  Rule(x, y0 - offset, x, y0 - offset - length, CROP_WIDTH, dash=(2.0, 2.0))]
    return tuple(marks)
