"""What a person sees of the numbers a page's text layer holds, and where its links lead.

The text layer keeps text that cannot be seen: covered by a box or by later drawing, printed
in the colour behind it, or off the sheet. Each number and address found in the text is
looked for where its characters stand: inside the page (and the trim, when the page has
one), and in the page's pixels, where its colour must stand out from what is around it and
its glyphs must show. Link annotations are read too: each must lead to a line of the
catalogue, as a code must. What this cannot see: a number covered by other text in its own
colour, and a picture of a number (an image holds no text to check; it is listed as a
finding when a page has no text at all).
"""

from __future__ import annotations

import ctypes

from printgen.check.findings import Finding
from printgen.check.numbers import Known, ids

CONTRAST = 60          # grey levels (of 255) between a text's colour and what is around it
INK = 0.03             # the share of a number's box its glyphs must darken (or lighten)
TOLERANCE = 0.5        # points a character's box may pass the page's or trim's edge


def where_seen(page, textpage, spans, index: Known, scale: float, bitmap) -> list[Finding]:
    """Problems with how the numbers at ``spans`` (start, end, raw text: positions in the
    page's text) are seen. ``bitmap()`` gives the page in grey, at ``scale`` pixels a point."""
    import pypdfium2.raw as pdfium_c

    findings = []
    crop = page.get_cropbox()
    trim = page.get_trimbox(fallback_ok=False)
    for start, end, raw in spans:
        box = span_box(textpage, start, end, raw)
        if box is None:
            continue
        if not _inside(box, crop):
            findings.append(Finding(False, "number", f'"{raw}" is printed off the page: it cannot be seen', raw))
            continue
        if trim is not None and not _inside(box, trim):
            findings.append(Finding(False, "number", f'"{raw}" runs past the trim: it is cut off', raw))
            continue
        r, g, b, a = (ctypes.c_uint() for _ in range(4))
        first = next(i for i in range(start, end) if not raw[i - start].isspace())
        if not pdfium_c.FPDFText_GetFillColor(textpage.raw, first, *(ctypes.byref(v) for v in (r, g, b, a))):
            continue
        text_grey = 0.299 * r.value + 0.587 * g.value + 0.114 * b.value
        seen = _seen(bitmap(), box, crop, scale, text_grey)
        if seen == "faint":
            findings.append(Finding(False, "number", f'"{raw}" is printed in nearly the colour behind it: it '
                                                     "cannot be read", raw))
        elif seen == "covered":
            findings.append(Finding(False, "number", f'"{raw}" does not show: something is drawn over it', raw))
    return findings


def span_box(textpage, start: int, end: int, raw: str):
    """The box (left, bottom, right, top, points) of the characters ``start:end`` of the page's
    text but spaces; None when all are spaces."""
    boxes = [textpage.get_charbox(i) for i in range(start, end) if not raw[i - start].isspace()]
    if not boxes:
        return None
    return (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes))


def _inside(box, outer) -> bool:
    return (box[0] >= outer[0] - TOLERANCE and box[1] >= outer[1] - TOLERANCE
            and box[2] <= outer[2] + TOLERANCE and box[3] <= outer[3] + TOLERANCE)


def _seen(image, box, crop, scale: float, text_grey: float) -> str | None:
    """"faint", "covered", or None when the glyphs show against what is around them."""
    width, height = image.size
    x0 = int((box[0] - crop[0]) * scale)
    x1 = int((box[2] - crop[0]) * scale) + 1
    y0 = int((crop[3] - box[3]) * scale)
    y1 = int((crop[3] - box[1]) * scale) + 1
    x0, y0, x1, y1 = max(x0, 0), max(y0, 0), min(x1, width), min(y1, height)
    if x1 - x0 < 2 or y1 - y0 < 2:
        return None
    # counted from histograms of the ring's four strips and of the box (greyscale: 256 levels), as
    # the pixels one by one would be, at a fraction of the cost
    xa, xb = max(x0 - 2, 0), min(x1 + 2, width)             # the ring: two rows and two columns
    above, below, left, right = max(y0 - 2, 0), min(y1 + 1, height - 1), max(x0 - 2, 0), min(x1 + 1, width - 1)
    ring = [0] * 256
    for strip in ((xa, above, xb, above + 1), (xa, below, xb, below + 1), (left, y0, left + 1, y1),
                  (right, y0, right + 1, y1)):
        ring = [a + b for a, b in zip(ring, _histogram(image, strip))]
    behind = _median(ring)
    if abs(text_grey - behind) < CONTRAST:
        return "faint"
    inside = _histogram(image, (x0, y0, x1, y1))
    ink = sum(n for p, n in enumerate(inside) if abs(p - text_grey) < abs(p - behind))
    return "covered" if ink < INK * sum(inside) else None


def _histogram(image, box) -> list[int]:
    """How many pixels of ``box`` (left, top, right, bottom; right and bottom excluded) have each grey level."""
    if box[2] <= box[0] or box[3] <= box[1]:
        return [0] * 256
    return image.crop(box).histogram()[:256]


def _median(histogram: list[int]) -> int:
    """The grey level at the middle of the sorted pixels (the upper one of two)."""
    middle, seen = sum(histogram) // 2, 0
    for level, n in enumerate(histogram):
        seen += n
        if seen > middle:
            return level
    return 0


def link_findings(page, doc, index: Known) -> list[Finding]:
    """Every link annotation's target, judged like a code's: it must lead to a catalogue line."""
    import pypdfium2.raw as pdfium_c

    findings = []
    start, link = ctypes.c_int(0), pdfium_c.FPDF_LINK()
    while pdfium_c.FPDFLink_Enumerate(page.raw, ctypes.byref(start), ctypes.byref(link)):
        action = pdfium_c.FPDFLink_GetAction(link)
        if not action or pdfium_c.FPDFAction_GetType(action) != pdfium_c.PDFACTION_URI:
            continue
        size = pdfium_c.FPDFAction_GetURIPath(doc.raw, action, None, 0)
        buffer = ctypes.create_string_buffer(size)
        pdfium_c.FPDFAction_GetURIPath(doc.raw, action, buffer, size)
        target = buffer.value.decode("utf-8", "replace")
        lines = index.payloads.get(target)
        if lines:
            findings.append(Finding(True, "link", f"link {target} ({ids(lines)})", target))
        else:
            findings.append(Finding(False, "link", f"a link leads to {target}, which is not in the catalogue",
                                    target))
    return findings
