"""Inspectable page objects: what will be drawn, where, in points. No PDF involved.

Coordinates are PDF points with the origin at the bottom-left corner of an item's trim box
(for faces) or of the page (for pages); y grows upwards.
"""

from __future__ import annotations

from dataclasses import dataclass

from printgen.qr import Matrix


@dataclass(frozen=True)
class TextRun:
    x: float            # left end of the line
    y: float            # baseline
    text: str
    font: str           # "regular" or "bold"
    size: float
    color: str
    width: float
    link: str | None = None
    box: tuple[float, float, float, float] | None = None   # the element's box (x, y, w, h) it must stay in
    angle: int = 0      # 90: reads upwards, turned about (x, y)

    def extent(self, ascent: float, descent: float) -> tuple[float, float, float, float]:
        """(x0, y0, x1, y1) of the glyph boxes, given the font's ascent and (positive) descent."""
        if self.angle == 90:
            return self.x - ascent, self.y, self.x + descent, self.y + self.width
        return self.x, self.y - descent, self.x + self.width, self.y + ascent


@dataclass(frozen=True)
class QRMark:
    x: float            # bottom-left of the quiet zone
    y: float
    size: float         # side, quiet zone included
    matrix: Matrix

    @property
    def module(self) -> float:
        return self.size / (self.matrix.modules + 8)

    @property
    def symbol_size(self) -> float:
        return self.module * self.matrix.modules


@dataclass(frozen=True)
class Rule:
    """A straight rule (a layout's `rule`, a crop or fold mark, a tab's cut line)."""

    x1: float
    y1: float
    x2: float
    y2: float
    width: float
    color: str = "#000000"
    dash: tuple[float, ...] = ()


@dataclass(frozen=True)
class Rect:
    x: float
    y: float
    w: float
    h: float
    fill: str | None
    stroke: str | None
    width: float = 0.5
    radius: float = 0.0


@dataclass(frozen=True)
class Picture:
    x: float
    y: float
    w: float
    h: float
    path: str


@dataclass(frozen=True)
class Face:
    """One side of one item, drawn once and placed as often as needed."""

    key: str
    width: float
    height: float
    bleed: float
    shapes: tuple
    venue: tuple[int, ...] = ()     # the indices of the shapes that print venue data ({venue.*})
    safe: float = 0.0               # the safe margin inside the trim: text and codes stay inside it

    def safe_area(self, x: float = 0.0, y: float = 0.0) -> tuple[float, float, float, float]:
        """(x0, y0, x1, y1) of the safe area, the face placed with its trim origin at (x, y)."""
        return x + self.safe, y + self.safe, x + self.width - self.safe, y + self.height - self.safe

    def links(self) -> list[tuple[str, tuple[float, float, float, float]]]:
        return links_of(self.shapes)


def links_of(shapes) -> list[tuple[str, tuple[float, float, float, float]]]:
    """(target, (x, y, w, h)) of every linked number, address and code among ``shapes``."""
    out = []
    for s in shapes:
        if isinstance(s, TextRun) and s.link:
            x0, y0, x1, y1 = s.extent(s.size * 0.85, s.size * 0.25)
            out.append((s.link, (x0, y0, x1 - x0, y1 - y0)))
        elif isinstance(s, QRMark):
            out.append((s.matrix.payload, (s.x, s.y, s.size, s.size)))
    return out


@dataclass(frozen=True)
class Placement:
    face: str
    x: float            # page position of the face's trim origin
    y: float


@dataclass(frozen=True)
class Page:
    width: float
    height: float
    placements: tuple[Placement, ...]
    marks: tuple = ()                       # crop marks and other sheet-level shapes
    trim: tuple[float, float, float, float] | None = None    # x0, y0, x1, y1 when one item fills the page
    bleed: tuple[float, float, float, float] | None = None
    label: str = ""
    content: tuple = ()                     # shapes of this page alone (a handout's text), drawn directly
    outline: tuple[tuple[str, int, float], ...] = ()   # (title, level, y) bookmarks on this page

    def content_area(self, safe: float) -> tuple[float, float, float, float]:
        """(x0, y0, x1, y1) where the page's own content (a handout's page) keeps its text: the
        trim, or the whole page, inset by ``safe``."""
        x0, y0, x1, y1 = self.trim or (0.0, 0.0, self.width, self.height)
        return x0 + safe, y0 + safe, x1 - safe, y1 - safe


def content_margin(faces) -> float | None:
    """The safe margin of the pages' own content: a document's pages share their cover's."""
    return next((f.safe for f in faces.values()), None)


def bounds(shape) -> tuple[float, float, float, float]:
    """(x0, y0, x1, y1) that ``shape`` may paint, generously (text: a full size above the
    baseline and a third below)."""
    if isinstance(shape, TextRun):
        return shape.extent(shape.size, shape.size / 3)
    if isinstance(shape, Rule):
        pad = shape.width / 2
        return (min(shape.x1, shape.x2) - pad, min(shape.y1, shape.y2) - pad,
                max(shape.x1, shape.x2) + pad, max(shape.y1, shape.y2) + pad)
    if isinstance(shape, QRMark):
        return shape.x, shape.y, shape.x + shape.size, shape.y + shape.size
    if isinstance(shape, Rect):
        pad = shape.width / 2 if shape.stroke else 0.0
        return shape.x - pad, shape.y - pad, shape.x + shape.w + pad, shape.y + shape.h + pad
    return shape.x, shape.y, shape.x + shape.w, shape.y + shape.h
