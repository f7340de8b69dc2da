"""Text outside its safe area, read from a written PDF.

printgen writes each placed face, and each page's own content (a handout's page), inside a
marked-content span ``/PrintgenSafeArea <</X0 /Y0 /X1 /Y1>>`` holding that item's safe area
in page points (``printgen.pdf``): the trim inset by the layout's ``item.safe``. So the check
of a file on disk knows, item by item, where text must stay, without the layout. pdfium gives
every text object with the marks it is drawn under (a face's text inherits the span around
the form that draws it) and its glyph box; a glyph box that passes its item's safe area by
more than ``TOLERANCE`` is a finding naming the text and how far out it is in mm. Text drawn
under no span, on a page that has spans, must lie inside one of the page's safe areas. A page
with no span at all (a file printgen did not write, a calibration sheet) is not checked.
"""

from __future__ import annotations

import ctypes

from printgen.check.findings import Finding
from printgen.check.regions import _bounds, _matrix, _multiply
from printgen.units import POINTS, SAFE_TOLERANCE

TAG = "PrintgenSafeArea"
TOLERANCE = SAFE_TOLERANCE   # what printgen.compose.margins keeps its text within, too
IDENTITY = (1, 0, 0, 1, 0, 0)

Box = tuple[float, float, float, float]


def safe_findings(page, textpage) -> list[Finding]:
    """One finding per text object whose glyphs pass the safe area of its item; none when the
    page records no safe area; else one finding that all text is inside."""
    texts, areas = page_texts(page)
    if not areas:
        return []
    out = [f for f in (outside_finding(obj, box, area, areas, textpage) for obj, box, area in texts) if f is not None]
    if not out and texts:
        out.append(inside_finding())
    return out


def outside_finding(obj, box: Box, area: Box | None, areas, textpage) -> Finding | None:
    """The finding for a text object (its glyph ``box``) that passes the safe ``area`` it is drawn
    in (None: any of the page's ``areas``); None when it is inside, or the page has none."""
    own = [area] if area is not None else list(areas)
    if not own:
        return None
    distance = min(_outside(box, a) for a in own)
    if distance <= TOLERANCE:
        return None
    shown = " ".join(_text_of(obj, textpage).split()) or "(a glyph)"
    return Finding(False, "safe", f'"{_short(shown)}" lies {distance / POINTS["mm"]:.1f} mm outside the '
                                  "safe area: a cutter's drift or a printer's margin may take it", shown)


def inside_finding() -> Finding:
    return Finding(True, "safe", "all text lies inside the safe area")


def own_findings(judged, texts, areas, textpage) -> list[Finding]:
    """What ``safe_findings`` finds on a page whose shared text was judged before (``judged``:
    those findings, others among them) and whose own text objects ``texts`` ((object, glyph box,
    safe area or None)) are read now; ``areas``: every safe area of the page."""
    judged = [f for f in judged if f.kind == "safe"]
    if not areas:
        return judged
    out = [f for f in judged if not f.ok]
    out += [f for f in (outside_finding(obj, box, area, areas, textpage) for obj, box, area in texts if _drawn(box))
            if f is not None]
    if not out and (judged or any(_drawn(box) for _, box, _ in texts)):
        out.append(inside_finding())
    return out


def _drawn(box) -> bool:
    return box is not None and box[2] > box[0] and box[3] > box[1]


def page_texts(page) -> tuple[list[tuple[object, Box, Box | None]], list[Box]]:
    """(text object, glyph box, safe area or None) of every text object of the page, forms
    included, and the page's safe areas (page points: left, bottom, right, top)."""
    import pypdfium2.raw as pdfium_c

    texts: list[tuple[object, Box, Box | None]] = []
    areas: list[Box] = []

    def walk(count, get, matrix, inherited):
        for i in range(count):
            obj = get(i)
            area = _mark_area(pdfium_c, obj) or inherited
            if area is not None and area is not inherited and area not in areas:
                areas.append(area)
            kind = pdfium_c.FPDFPageObj_GetType(obj)
            if kind == pdfium_c.FPDF_PAGEOBJ_TEXT:
                box = _bounds(pdfium_c, obj, matrix)
                if _drawn(box):
                    texts.append((obj, box, area))
            elif kind == pdfium_c.FPDF_PAGEOBJ_FORM:
                inner = _multiply(_matrix(pdfium_c, obj), matrix)
                walk(pdfium_c.FPDFFormObj_CountObjects(obj),
                     lambda j, form=obj: pdfium_c.FPDFFormObj_GetObject(form, j), inner, area)

    raw = page.raw
    walk(pdfium_c.FPDFPage_CountObjects(raw), lambda i: pdfium_c.FPDFPage_GetObject(raw, i), IDENTITY, None)
    return texts, areas


def _mark_area(pdfium_c, obj) -> Box | None:
    for m in range(pdfium_c.FPDFPageObj_CountMarks(obj)):
        mark = pdfium_c.FPDFPageObj_GetMark(obj, m)
        if _mark_name(pdfium_c, mark) != TAG:
            continue
        values = []
        for key in (b"X0", b"Y0", b"X1", b"Y1"):
            value = ctypes.c_float()
            if not pdfium_c.FPDFPageObjMark_GetParamFloatValue(mark, key, ctypes.byref(value)):
                got = ctypes.c_int()
                if not pdfium_c.FPDFPageObjMark_GetParamIntValue(mark, key, ctypes.byref(got)):
                    break
                value = got
            values.append(float(value.value))
        if len(values) == 4 and values[2] > values[0] and values[3] > values[1]:
            return tuple(values)
    return None


def _mark_name(pdfium_c, mark) -> str:
    length = ctypes.c_ulong(0)
    if not pdfium_c.FPDFPageObjMark_GetName(mark, None, 0, ctypes.byref(length)) or length.value <= 2:
        return ""
    buffer = ctypes.create_string_buffer(length.value)
    pdfium_c.FPDFPageObjMark_GetName(mark, ctypes.cast(buffer, ctypes.POINTER(ctypes.c_ushort)), length.value,
                                     ctypes.byref(length))
    return buffer.raw[:length.value].decode("utf-16-le", "replace").rstrip("\x00")


def _text_of(obj, textpage) -> str:
    import pypdfium2.raw as pdfium_c

    size = pdfium_c.FPDFTextObj_GetText(obj, textpage.raw, None, 0)
    if size <= 2:
        return ""
    buffer = ctypes.create_string_buffer(size)
    pdfium_c.FPDFTextObj_GetText(obj, textpage.raw, ctypes.cast(buffer, ctypes.POINTER(ctypes.c_ushort)), size)
    return buffer.raw[:size].decode("utf-16-le", "replace").rstrip("\x00")


def _outside(box: Box, area: Box) -> float:
    """How far (points) ``box`` passes ``area`` at its worst edge; 0 when inside."""
    return max(0.0, area[0] - box[0], area[1] - box[1], box[2] - area[2], box[3] - area[3])


def _short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[:limit - 3] + "..."
