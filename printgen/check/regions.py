"""What a page draws, read from pdfium's object tree (forms included): the fonts of its text,
and the regions where its graphics could hold a QR code.

The check rasterises those regions only, not the whole page: reading a page's text glyphs
into pixels was most of the check's cost, and a code is made of paths or images, never of
the text around it. A region is the bounds of a graphic with room for a quiet zone around
it; overlapping regions are merged, so a code made of several objects is read whole.

Images and paths of many segments count one by one. Simple pieces (a path of a few segments,
such as a box or a band, its rounded corners a curve each; or anything under 3 mm across one way, such as a rule, a crop mark
or a dash) cannot draw a code alone, but 20 of them touching one another could, module by
module: such a cluster counts as one graphic. A page that could draw a code some other way
(text in a Type 3 font, whose glyphs are drawings; a shading) is read whole.
"""

from __future__ import annotations

import ctypes
from dataclasses import dataclass, field

from printgen.units import POINTS

SMALL = 3 * POINTS["mm"]        # a graphic narrower than this one way cannot be a code alone
SIMPLE = 12                     # ... nor a path of this many segments or fewer
MANY = 20                       # ... but this many such pieces, touching, might draw one together
MAX_PIECES = 5000               # more pieces than this: read the page whole
MARGIN = 0.25                   # room around a graphic for its quiet zone (a code inside it is no
MARGIN_MIN = 6.0                # wider than its shorter side): a share of that side, and at least this
WHOLE_PAGE = 0.6                # regions covering this share of the page: read the page whole

Box = tuple[float, float, float, float]        # left, bottom, right, top in points


@dataclass
class PageObjects:
    fonts: dict[int, tuple[str, bool]] = field(default_factory=dict)   # handle -> (base name, embedded)
    graphics: list[Box] = field(default_factory=list)
    pieces: list[Box] = field(default_factory=list)
    whole: bool = False           # something could draw a code that the regions would miss


def page_objects(page) -> PageObjects:
    import pypdfium2.raw as pdfium_c

    found = PageObjects()

    def walk(count, get, matrix):
        for i in range(count):
            obj = get(i)
            kind = pdfium_c.FPDFPageObj_GetType(obj)
            if kind == pdfium_c.FPDF_PAGEOBJ_TEXT:
                _font(pdfium_c, obj, found)
            elif kind == pdfium_c.FPDF_PAGEOBJ_FORM:
                inner = _multiply(_matrix(pdfium_c, obj), matrix)
                walk(pdfium_c.FPDFFormObj_CountObjects(obj),
                     lambda j, form=obj: pdfium_c.FPDFFormObj_GetObject(form, j), inner)
            elif kind in (pdfium_c.FPDF_PAGEOBJ_PATH, pdfium_c.FPDF_PAGEOBJ_IMAGE):
                box = _bounds(pdfium_c, obj, matrix)
                if box is not None:
                    simple = kind == pdfium_c.FPDF_PAGEOBJ_PATH and _segments(pdfium_c, obj) <= SIMPLE
                    narrow = min(box[2] - box[0], box[3] - box[1]) < SMALL
                    (found.pieces if simple or narrow else found.graphics).append(box)
            else:                                   # a shading, or an object pdfium does not know
                found.whole = True

    raw = page.raw
    walk(pdfium_c.FPDFPage_CountObjects(raw), lambda i: pdfium_c.FPDFPage_GetObject(raw, i), (1, 0, 0, 1, 0, 0))
    return found


def regions(found: PageObjects, page_box: Box) -> list[Box] | None:
    """The boxes to rasterise, clipped to ``page_box``; None: read the page whole."""
    boxes = candidates(found, page_box)
    if boxes is None:
        return None
    merged = _merge(boxes)
    page_area = _area(page_box)
    if page_area and sum(_area(b) for b in merged) >= WHOLE_PAGE * page_area:
        return None
    return merged


def candidates(found: PageObjects, page_box: Box) -> list[Box] | None:
    """Each graphic that could be a code, with room for its quiet zone, clipped to ``page_box``
    (before they are merged, or the page read whole for their share of it); None when something
    could draw a code that no graphic shows."""
    if found.whole or len(found.pieces) > MAX_PIECES:
        return None
    boxes = found.graphics + [box for box, count in _clusters(found.pieces) if count >= MANY]
    grown = [grow(box) for box in boxes]
    return [c for c in (_clip(b, page_box) for b in grown) if c is not None]


def _segments(pdfium_c, obj) -> int:
    """How many lines and curves a path draws: pdfium counts a curve's three points as three
    segments, so a band with rounded corners would seem a drawing of 17."""
    count = pdfium_c.FPDFPath_CountSegments(obj)
    if count <= SIMPLE or count > 3 * SIMPLE + 3:       # plainly simple, or plainly not
        return count
    curves = sum(1 for i in range(count) if pdfium_c.FPDFPathSegment_GetType(
        pdfium_c.FPDFPath_GetPathSegment(obj, i)) == pdfium_c.FPDF_SEGMENT_BEZIERTO)
    return count - curves + curves // 3


def _font(pdfium_c, obj, found: PageObjects) -> None:
    font = pdfium_c.FPDFTextObj_GetFont(obj)
    handle = ctypes.c_void_p.from_buffer(font).value      # the font, not the wrapper
    if handle in found.fonts:
        return
    size = pdfium_c.FPDFFont_GetBaseFontName(font, None, 0)
    buffer = ctypes.create_string_buffer(max(size, 1))
    pdfium_c.FPDFFont_GetBaseFontName(font, buffer, size)
    base = buffer.value.decode("utf-8", "replace").split("+", 1)[-1] or "unnamed"
    embedded = pdfium_c.FPDFFont_GetIsEmbedded(font) == 1
    found.fonts[handle] = (base, embedded)
    if embedded and _no_program(pdfium_c, font):    # a Type 3 font: glyphs that are drawings could draw a code
        found.whole = True


def _no_program(pdfium_c, font) -> bool:
    """pdfium calls a Type 3 font embedded, yet it has no font program."""
    length = ctypes.c_size_t(0)
    pdfium_c.FPDFFont_GetFontData(font, None, 0, ctypes.byref(length))
    return length.value == 0


def _matrix(pdfium_c, obj) -> tuple:
    m = pdfium_c.FS_MATRIX()
    if not pdfium_c.FPDFPageObj_GetMatrix(obj, m):
        return (1, 0, 0, 1, 0, 0)
    return (m.a, m.b, m.c, m.d, m.e, m.f)


def _multiply(m, n) -> tuple:
    """The matrix that applies ``m`` and then ``n``."""
    a, b, c, d, e, f = m
    p, q, r, s, t, u = n
    return (a * p + b * r, a * q + b * s, c * p + d * r, c * q + d * s, e * p + f * r + t, e * q + f * s + u)


def _bounds(pdfium_c, obj, matrix) -> Box | None:
    left, bottom, right, top = (ctypes.c_float() for _ in range(4))
    if not pdfium_c.FPDFPageObj_GetBounds(obj, left, bottom, right, top):
        return None
    a, b, c, d, e, f = matrix
    xs, ys = [], []
    for x in (left.value, right.value):
        for y in (bottom.value, top.value):
            xs.append(a * x + c * y + e)
            ys.append(b * x + d * y + f)
    return (min(xs), min(ys), max(xs), max(ys))


def grow(box: Box, pad: float | None = None) -> Box:
    """The box grown by ``pad`` points on every side (default: its margin, a share of its size)."""
    if pad is None:
        pad = max(MARGIN * min(box[2] - box[0], box[3] - box[1]), MARGIN_MIN)
    return (box[0] - pad, box[1] - pad, box[2] + pad, box[3] + pad)


def _clip(box: Box, page: Box) -> Box | None:
    clipped = (max(box[0], page[0]), max(box[1], page[1]), min(box[2], page[2]), min(box[3], page[3]))
    return clipped if clipped[2] > clipped[0] and clipped[3] > clipped[1] else None


def _union(boxes: list[Box]) -> Box:
    return (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes))


def _overlap(a: Box, b: Box) -> bool:
    return a[0] <= b[2] and b[0] <= a[2] and a[1] <= b[3] and b[1] <= a[3]


def _merge(boxes: list[Box]) -> list[Box]:
    """Overlapping boxes joined into their union, until none overlap."""
    return sorted(box for box, _ in _clusters(boxes, 0.0))


def _clusters(boxes: list[Box], reach: float = 1.0) -> list[tuple[Box, int]]:
    """Boxes within ``reach`` points of one another joined: (their union, how many)."""
    merged: list[tuple[Box, int]] = []
    for box in boxes:
        count, near = 1, grow(box, reach)
        while True:
            hit = next((m for m in merged if _overlap(m[0], near)), None)
            if hit is None:
                break
            merged.remove(hit)
            box, count = _union([hit[0], box]), count + hit[1]
            near = grow(box, reach)
        merged.append((box, count))
    return merged


def _area(box: Box) -> float:
    return max(0.0, box[2] - box[0]) * max(0.0, box[3] - box[1])
