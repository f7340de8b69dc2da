"""A page that places a shared form and adds its own text over it: the form judged once.

A batch's combined file draws each distinct face once, as a form XObject, and each page places
it and adds its venue's lines (``printgen.batch.combined``). Reading a form's codes, numbers and
how they are seen again on each of 1,000 pages would find the same things 1,000 times, so a
form is judged once per file, for where it is placed and the page's boxes (the first page that
places it, with the page's own objects taken away), and each page then reads only what it adds:

- the numbers of its whole text (the form's lines and its own, and across each line break),
  as any page's;
- how its own numbers are seen (inside the page and the trim, in a colour that stands out, not
  covered), from its pixels;
- its fonts, links and boxes.

Nothing is missed: a page whose own objects are not text alone (a path, an image, another form),
whose text could draw a code (block characters, a Type 3 font), whose text layer does not begin
with the form's, or whose own text comes near a code of the form (within its quiet zone and
margin) or a number of it (within its ring of pixels), is read whole, as any page is; and a page
placing another form (a tampered copy is another object) has it judged on its own.
"""

from __future__ import annotations

from dataclasses import dataclass

from printgen.check.findings import Finding
from printgen.check.regions import PageObjects, _bounds, _font, _matrix, candidates, grow
from printgen.check.safe import _mark_area, page_texts

NEAR = 4.0           # points between a page's own text and a form's number or code region: more is apart


@dataclass(frozen=True)
class Judged:
    """What a placed form was found to hold: findings of its codes and how its numbers are seen,
    its fonts, its text (what a page's text layer begins with), its spans, and where a page's own
    text must not come (None: the form is read whole on every page)."""

    codes: tuple[Finding, ...]
    seen: tuple[Finding, ...]
    fonts: frozenset                 # (base name, embedded): a handle is only good while its file is open
    text: str
    spans: frozenset
    near: tuple | None
    areas: tuple = ()           # the safe areas the page records (its own text's may add some)


def placed_parts(doc, number: int, page, ref, index, reading, cache: dict, token: str, parts_of):
    """(codes, numbers, seen, fonts) of page ``number`` of ``doc`` (``page``, loaded) when it
    places the form ``ref`` (the object it is, in its file) under text of its own; None when the
    page must be read whole. ``parts_of`` is ``read.page_parts``; ``page`` may be reloaded, and the
    page it returns is the one to close."""
    import pypdfium2.raw as pdfium_c

    own = _own_objects(pdfium_c, page)
    if own is None or page.get_rotation() != 0:
        return None, page
    form, texts = own
    boxes = tuple(tuple(round(v, 2) for v in b) if b is not None else None for b in (
        page.get_mediabox(), page.get_cropbox(), page.get_bleedbox(fallback_ok=False),
        page.get_trimbox(fallback_ok=False)))
    # where it is placed, in which safe area, in which page boxes: each placement judged as it is
    key = ("form", token, ref, tuple(round(v, 4) for v in _matrix(pdfium_c, form)), _mark_area(pdfium_c, form),
           boxes, reading)
    judged = cache.get(key)
    if judged is None:
        judged = cache[key] = _judge(pdfium_c, page, texts, index, reading, cache, parts_of)
        page.close()
        page = doc[number]
        own = _own_objects(pdfium_c, page)
        if own is None:
            return None, page
        form, texts = own
    if judged.near is None:
        return None, page
    mine, own = PageObjects(), []
    for obj in texts:
        box = clear_of(pdfium_c, obj, (1, 0, 0, 1, 0, 0), judged.near, mine)
        if box is None:
            return None, page
        own.append((obj, box, _mark_area(pdfium_c, obj)))
    if mine.whole:                                 # a Type 3 font: its glyphs could draw a code
        return None, page
    parts = parts_of(page, index, reading.dpi, reading.min_code, cache, given=judged, own=own)
    if parts is None:
        return None, page
    return (parts.codes, parts.numbers, parts.seen, judged.fonts | set(mine.fonts.values())), page


def _judge(pdfium_c, page, texts, index, reading, cache, parts_of) -> Judged:
    """The form as the page shows it without its own objects (taken away from this loaded copy
    of the page only; the file is not changed)."""
    for obj in texts:
        pdfium_c.FPDFPage_RemoveObject(page.raw, obj)
    try:
        parts = parts_of(page, index, reading.dpi, reading.min_code, cache, boxes=True)
    finally:
        for obj in texts:
            pdfium_c.FPDFPageObj_Destroy(obj)
    near = near_of(parts, page)
    return Judged(tuple(parts.codes), tuple(parts.seen), frozenset(parts.objects.fonts.values()), parts.text,
                  frozenset(parts.spans), near, tuple(page_texts(page)[1]))


def near_of(parts, page):
    """Where a page's own text may not go over what it is placed on (``parts``, read with
    boxes): the regions of its codes and the rings around its numbers; None on a turned page."""
    if page.get_rotation() != 0:
        return None
    near = candidates(parts.objects, page.get_cropbox())
    if near is None:
        return None
    return tuple(near) + tuple(grow(b, NEAR) for b in parts.boxes if b is not None)


def clear_of(pdfium_c, obj, matrix, near, fonts: PageObjects):
    """A text object's box when it keeps clear of ``near`` (its font noted in ``fonts``); else None."""
    box = _bounds(pdfium_c, obj, matrix)
    if box is None or any(_meet(box, area) for area in near):
        return None
    _font(pdfium_c, obj, fonts)
    return box


def _own_objects(pdfium_c, page):
    """(the form placed first, the text objects after it) when that is all the page draws; else None."""
    raw = page.raw
    count = pdfium_c.FPDFPage_CountObjects(raw)
    objects = [pdfium_c.FPDFPage_GetObject(raw, i) for i in range(count)]
    if not objects or pdfium_c.FPDFPageObj_GetType(objects[0]) != pdfium_c.FPDF_PAGEOBJ_FORM:
        return None
    if any(pdfium_c.FPDFPageObj_GetType(obj) != pdfium_c.FPDF_PAGEOBJ_TEXT for obj in objects[1:]):
        return None
    return objects[0], objects[1:]


def _meet(a, b) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]

