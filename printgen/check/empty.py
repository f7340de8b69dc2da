"""The largest empty area of each item of a written PDF, as a share of its safe area.

A simple measure of a design's holes: the largest axis-aligned rectangle inside an item's safe
area (as the file records it: ``printgen.check.safe``) that no drawn box touches. The drawn
boxes are read from pdfium's page objects, forms included: each text object's glyph box,
each image, each filled path (a band, a box, a code), and the edges of a stroked one (a rule,
a frame). A fill that covers nearly the whole safe area is the item's background, not
content, and is not counted. Found by compressing the boxes' edges into a grid and taking the
largest rectangle of free cells (the histogram method, cells weighted by their size): exact
for the boxes, in time that grows with the square of their number (a handout page of 150
lines is read in a few milliseconds).
"""

from __future__ import annotations

import ctypes
from dataclasses import dataclass

from printgen.check.regions import _bounds, _matrix, _multiply
from printgen.check.safe import IDENTITY, _mark_area

Box = tuple[float, float, float, float]      # left, bottom, right, top in points
BACKGROUND = 0.9        # a fill covering this share of the safe area is the item's background
EDGE = 0.5              # the width given to each edge of a stroked path


@dataclass(frozen=True)
class Empty:
    """The largest empty rectangle of one item's safe area."""

    area: Box           # the safe area
    box: Box            # the empty rectangle, inside it

    @property
    def share(self) -> float:
        return _size(self.box) / _size(self.area) if _size(self.area) else 0.0


def empty_areas(pdf: bytes) -> list[list[Empty]]:
    """For each page, the largest empty rectangle of each safe area it records (none: [])."""
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(pdf)
    try:
        out = []
        for number in range(len(doc)):
            page = doc[number]
            try:
                boxes = drawn_boxes(page)
            finally:
                page.close()
            out.append([Empty(area, largest_empty(area, own)) for area, own in boxes.items()])
        return out
    finally:
        doc.close()


def drawn_boxes(page) -> dict[Box, list[Box]]:
    """Each recorded safe area of the page, with the boxes drawn under its span."""
    import pypdfium2.raw as pdfium_c

    found: dict[Box, list[Box]] = {}

    def walk(count, get, matrix, area):
        for i in range(count):
            obj = get(i)
            own = _mark_area(pdfium_c, obj) or area
            if own is not None:
                found.setdefault(own, [])
            kind = pdfium_c.FPDFPageObj_GetType(obj)
            if kind == pdfium_c.FPDF_PAGEOBJ_FORM:
                walk(pdfium_c.FPDFFormObj_CountObjects(obj),
                     lambda j, form=obj: pdfium_c.FPDFFormObj_GetObject(form, j),
                     _multiply(_matrix(pdfium_c, obj), matrix), own)
                continue
            if own is None:
                continue
            box = _bounds(pdfium_c, obj, matrix)
            if box is None:
                continue
            if kind == pdfium_c.FPDF_PAGEOBJ_PATH:
                fill, stroke = ctypes.c_int(), ctypes.c_int()
                pdfium_c.FPDFPath_GetDrawMode(obj, ctypes.byref(fill), ctypes.byref(stroke))
                if fill.value:
                    if _size(_clip(box, own) or (0, 0, 0, 0)) < BACKGROUND * _size(own):
                        found[own].append(box)
                elif stroke.value:
                    found[own] += _edges(box)
            else:                                   # text, images
                found[own].append(box)

    raw = page.raw
    walk(pdfium_c.FPDFPage_CountObjects(raw), lambda i: pdfium_c.FPDFPage_GetObject(raw, i), IDENTITY, None)
    return found


def largest_empty(area: Box, boxes: list[Box]) -> Box:
    """The largest rectangle inside ``area`` that none of ``boxes`` overlaps."""
    clipped = [c for c in (_clip(b, area) for b in boxes) if c is not None]
    xs = sorted({area[0], area[2], *(v for b in clipped for v in (b[0], b[2]))})
    ys = sorted({area[1], area[3], *(v for b in clipped for v in (b[1], b[3]))})
    col = {x: i for i, x in enumerate(xs)}
    row = {y: j for j, y in enumerate(ys)}
    nx, ny = len(xs) - 1, len(ys) - 1
    full = [bytearray(nx) for _ in range(ny)]          # full[j][i]: cell (xs[i]..xs[i+1], ys[j]..ys[j+1])
    for b in clipped:
        i0, i1 = col[b[0]], col[b[2]]
        for j in range(row[b[1]], row[b[3]]):
            line = full[j]
            line[i0:i1] = b"\x01" * (i1 - i0)
    widths = [xs[i + 1] - xs[i] for i in range(nx)]
    prefix = [0.0]
    for w in widths:
        prefix.append(prefix[-1] + w)
    heights = [0.0] * nx                                 # free height above each column, down to row j
    best, best_box = 0.0, (area[0], area[1], area[0], area[1])
    for j in range(ny - 1, -1, -1):                      # from the top row down
        step = ys[j + 1] - ys[j]
        line = full[j]
        for i in range(nx):
            heights[i] = 0.0 if line[i] else heights[i] + step
        stack: list[int] = []                            # columns of rising heights
        for i in range(nx + 1):
            h = heights[i] if i < nx else -1.0
            while stack and heights[stack[-1]] >= h:
                top = stack.pop()
                left = stack[-1] + 1 if stack else 0
                size = heights[top] * (prefix[i] - prefix[left])
                if size > best:
                    best = size
                    best_box = (xs[left], ys[j], xs[i], ys[j] + heights[top])
            stack.append(i)
    return best_box


def _edges(box: Box) -> list[Box]:
    x0, y0, x1, y1 = box
    if x1 - x0 <= 2 * EDGE or y1 - y0 <= 2 * EDGE:
        return [box]
    return [(x0, y0, x1, y0 + EDGE), (x0, y1 - EDGE, x1, y1), (x0, y0, x0 + EDGE, y1), (x1 - EDGE, y0, x1, y1)]


def _clip(box: Box, area: Box) -> Box | None:
    c = (max(box[0], area[0]), max(box[1], area[1]), min(box[2], area[2]), min(box[3], area[3]))
    return c if c[2] > c[0] and c[3] > c[1] else None


def _size(box: Box) -> float:
    return max(0.0, box[2] - box[0]) * max(0.0, box[3] - box[1])
