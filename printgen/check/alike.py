"""Separate files of one design, checked as one: what they share judged once, each file for its lines.

A batch's separate files (``printgen.pdf_write``) are one design with the venue's lines in it:
reading each file's codes, numbers and how they are seen again would find the same things
1,000 times. So, within one process (the ``cache`` the batch passes), a file checked whole is
kept as a design (``printgen.check.design``: its objects' bytes, its forms' content), and a
later file is judged against it when its bytes say it is the same design but for lines of text:

- every object but the forms' content the same bytes, the forms' dictionaries the same, and
  every operator in the forms but those that set and show text the same, in the same order
  (``design``: read from the file's bytes, through its cross-reference table);
- pdfium's objects of each page (forms included) those of the design's page without its own
  lines (its skeleton, judged once: codes, how its numbers are seen, safe area, links, fonts,
  boxes), each the same kind, box, fill colour, font and marks, with text objects added: the
  file's lines. Each added text object must be plain (no marked content, a text mode that does
  not clip), in an embedded font, and keep clear of the skeleton's codes (their quiet zone and
  margin) and numbers (their ring of pixels); its safe area is checked.

The file's text is then read as any file's (its numbers, across line breaks too) and each
number not one of the skeleton's, at its place, is looked at in the file's own pixels. A file
that does not hold to all of this is checked whole, as any file is; what is judged is what the
file's bytes draw, never what the render meant to draw.
"""

from __future__ import annotations

import ctypes
from collections import OrderedDict
from dataclasses import dataclass
from difflib import SequenceMatcher

from printgen.check.design import Content, Parts, text_only, trimmed
from printgen.check.findings import Finding
from printgen.check.pagetext import page_text
from printgen.check.placed import clear_of, near_of
from printgen.check.regions import PageObjects, _matrix, _multiply
from printgen.check.safe import IDENTITY, _mark_area, own_findings
from printgen.check.seen import link_findings, span_box, where_seen

DESIGNS = 8                 # designs kept per reading and process
PAGES = 4                   # files of more pages are not kept as designs (a combined file has its own way)
TRIES = 3                   # files a design's skeleton is sought with before it is let be
CLIPPING = 4                # text render modes from this one add the glyphs to the clipping path


@dataclass
class Reader:
    """What ``printgen.check.read`` lends: ``page_parts``, ``numbers``, ``page_bitmap``,
    ``boxes``, the characters that could draw a code, the finding for a page without text;
    ``across``, the numbers only two lines together make."""

    page_parts: object
    numbers: object
    page_bitmap: object
    boxes: object
    blocks: object
    no_text: Finding
    across: object


@dataclass
class Skeleton:
    """A design's page without its own lines, judged."""

    codes: tuple
    seen: tuple
    links: tuple
    fonts: frozenset                 # (base name, embedded): a handle is only good while its file is open
    boxes: Finding
    spans: frozenset
    near: tuple
    areas: tuple
    signatures: list
    matcher: SequenceMatcher


class Design:
    def __init__(self, pdf: bytes, taken: Parts):
        self.pdf = pdf
        self.parts = taken
        self.contents = {n: Content(c) for n, c in taken.forms.items()}
        self.pages: list[Skeleton] | None = None
        self.tries = 0              # files its skeleton was sought with (one that differs too much says nothing)
        self.frame = None           # its own lines, for printgen.check.swapped (proven against its skeleton)
        self.frame_tries = 0


def remember(pdf: bytes, taken: Parts | None, reading, cache: dict) -> None:
    """Keep a file just checked whole as a design the next files may be judged against."""
    if taken is None:
        return
    designs = cache.setdefault(("designs", reading), OrderedDict())
    if taken.key not in designs:
        designs[taken.key] = Design(pdf, taken)
        if len(designs) > DESIGNS:
            designs.popitem(last=False)


def used(cache: dict, reading, taken: Parts | None) -> Design | None:
    """The design of ``taken``'s key, if one is kept; kept longest the designs used last."""
    designs = cache.get(("designs", reading))
    if taken is None or not designs or taken.key not in designs:
        return None
    designs.move_to_end(taken.key)
    return designs[taken.key]


def alike_findings(doc, taken: Parts | None, index, reading, cache: dict, reader: Reader) -> list | None:
    """Each page's (findings, fonts, boxes) of the file ``doc`` (pdfium's, of the bytes ``taken`` was
    read from), judged against a design it is alike; None when it must be checked whole."""
    import pypdfium2 as pdfium

    design = used(cache, reading, taken)
    if design is None or (design.pages is None and design.tries >= TRIES) or not text_only(design.contents, taken):
        return None
    if design.pages is None:        # the design's page without the lines this file does not share
        design.tries += 1
        design.pages = _skeletons(design, doc, pdfium.PdfDocument, index, reading, cache, reader)
        if design.pages is None:
            return None
    if len(doc) != len(design.pages):
        return None
    out = []
    for number, skeleton in enumerate(design.pages):
        page = doc[number]
        try:
            found = _page(page, skeleton, index, reading, cache, reader)
        finally:
            page.close()
        if found is None:
            return None
        out.append(found)
    return out


def _skeletons(design: Design, doc, doc_of, index, reading, cache, reader) -> list[Skeleton] | None:
    """Each page of the design without the objects this file (``doc``) does not share with it."""
    import pypdfium2.raw as pdfium_c

    judged = doc_of(design.pdf)
    try:
        if len(judged) != len(doc):
            return None
        out = []
        for number in range(len(doc)):
            page, other = judged[number], doc[number]
            try:
                mine, theirs = _walk(pdfium_c, page), _walk(pdfium_c, other)
                own = []
                for tag, i1, i2, j1, j2 in SequenceMatcher(None, [e[0] for e in mine], [e[0] for e in theirs],
                                                           autojunk=False).get_opcodes():
                    if tag == "equal":
                        continue
                    if any(e[0][1] != pdfium_c.FPDF_PAGEOBJ_TEXT for e in mine[i1:i2] + theirs[j1:j2]):
                        return None
                    own += mine[i1:i2]
                skeleton = _judge(pdfium_c, page, judged, own, [e for e in mine if e not in own], index, reading,
                                  cache, reader)
            finally:
                other.close()
                page.close()
            if skeleton is None:
                return None
            out.append(skeleton)
        return out
    finally:
        judged.close()


def _judge(pdfium_c, page, doc, own, rest, index, reading, cache, reader) -> Skeleton | None:
    """The page as it shows without ``own`` (taken away from this loaded copy only)."""
    for _, obj, parent, _, _ in own:
        if parent is None:
            pdfium_c.FPDFPage_RemoveObject(page.raw, obj)
        else:
            pdfium_c.FPDFFormObj_RemoveObject(parent, obj)
    try:
        parts_ = reader.page_parts(page, index, reading.dpi, reading.min_code, cache, boxes=True)
        near = near_of(parts_, page)
        if near is None:
            return None
        spans = frozenset((raw, _rounded(box)) for (_, _, raw), box in zip(parts_.spans, parts_.boxes)
                          if box is not None)
        signatures = [e[0] for e in rest]
        matcher = SequenceMatcher(None, autojunk=False)
        matcher.set_seq2(signatures)
        areas = tuple(dict.fromkeys(e[4] for e in rest if e[4] is not None))
        return Skeleton(tuple(parts_.codes), tuple(parts_.seen), tuple(link_findings(page, doc, index)),
                        frozenset(parts_.objects.fonts.values()), reader.boxes(page), spans, near, areas,
                        signatures, matcher)
    finally:
        for _, obj, _, _, _ in own:
            pdfium_c.FPDFPageObj_Destroy(obj)


def _page(page, skeleton: Skeleton, index, reading, cache, reader: Reader) -> tuple[list[Finding], dict, Finding] | None:
    """The findings of a page alike the skeleton but for text objects of its own."""
    import pypdfium2.raw as pdfium_c

    if page.get_rotation() != 0:
        return None
    walked = _walk(pdfium_c, page)
    signatures = [e[0] for e in walked]
    opcodes = trimmed(signatures, skeleton.signatures)
    if any(tag not in ("equal", "delete") for tag, *_ in opcodes):
        skeleton.matcher.set_seq1(signatures)
        opcodes = skeleton.matcher.get_opcodes()
    added = []
    for tag, i1, i2, _, _ in opcodes:
        if tag == "equal":
            continue
        if tag != "delete":
            return None
        added += walked[i1:i2]
    clear = lines_clear(pdfium_c, [(kind, mode, marks, obj, matrix, area)
                                    for (_, kind, _, _, _, mode, marks), obj, _, matrix, area in added], skeleton.near)
    if clear is None:
        return None
    boxes, mine = clear
    textpage = page.get_textpage()
    try:
        text = page_text(textpage)
        if reader.blocks.search(text):
            return None
        numbers, spans = reader.numbers(text, index, cache)
        seen = [f for f in skeleton.seen if f.kind not in ("text", "safe")]
        if not text.strip() and not any(f.kind == "code" for f in skeleton.codes):
            seen.append(reader.no_text)
        own = [span for span in spans if (span[2], _rounded(span_box(textpage, *span))) not in skeleton.spans]
        if own and len(text) == textpage.count_chars():
            seen += where_seen(page, textpage, own, index, reading.dpi / 72, reader.page_bitmap(page, reading.dpi / 72))
        seen += own_findings(skeleton.seen, boxes, skeleton.areas, textpage)
    finally:
        textpage.close()
    found = list(skeleton.codes) + numbers + seen + list(skeleton.links)
    return found, skeleton.fonts | set(mine.fonts.values()), skeleton.boxes


def lines_clear(pdfium_c, added, near) -> tuple[list, PageObjects] | None:
    """(each object's (object, glyph box, safe area), their fonts) when every object ``added``
    ((kind, text mode, marks, object, matrix to the page, safe area)) is plain text (no marked
    content, a text mode that does not clip) keeping clear of ``near`` (``placed.clear_of``), in
    no Type 3 font (its glyphs could draw a code); else None."""
    mine, boxes = PageObjects(), []
    for kind, mode, marks, obj, matrix, area in added:
        if kind != pdfium_c.FPDF_PAGEOBJ_TEXT or marks or mode >= CLIPPING:
            return None
        box = clear_of(pdfium_c, obj, matrix, near, mine)
        if box is None:
            return None
        boxes.append((obj, box, area))
    return None if mine.whole else (boxes, mine)


def _walk(pdfium_c, page) -> list[tuple]:
    """Every object of the page, forms' objects too, in drawing order: (its signature: depth,
    kind, box in its form, fill colour, font, text mode, marks; the object; the form holding it;
    the matrix to the page; the safe area it lies in). pdfium computes the same box for the same
    drawing, so boxes are compared as they are, not rounded."""
    out = []
    fonts: dict[int, str] = {}
    left, bottom, right, top = (ctypes.c_float() for _ in range(4))
    r, g, b, a = (ctypes.c_uint() for _ in range(4))
    text, form = pdfium_c.FPDF_PAGEOBJ_TEXT, pdfium_c.FPDF_PAGEOBJ_FORM
    kind_of, marks_of, bounds_of = pdfium_c.FPDFPageObj_GetType, pdfium_c.FPDFPageObj_CountMarks, \
        pdfium_c.FPDFPageObj_GetBounds
    fill_of, mode_of = pdfium_c.FPDFPageObj_GetFillColor, pdfium_c.FPDFTextObj_GetTextRenderMode

    def walk(objects, parent, matrix, depth, inherited):
        for obj in objects:
            kind = kind_of(obj)
            marks = marks_of(obj)
            area = (_mark_area(pdfium_c, obj) if marks else None) or inherited
            box = (left.value, bottom.value, right.value, top.value) if bounds_of(obj, left, bottom, right, top) \
                else None
            fill = (r.value, g.value, b.value, a.value) if kind != form and fill_of(obj, r, g, b, a) else None
            if kind == text:
                signature = (depth, kind, box, fill, _font_name(pdfium_c, obj, fonts), mode_of(obj), marks)
            else:
                signature = (depth, kind, box, fill, None, None, marks)
            out.append((signature, obj, parent, matrix, area))
            if kind == form:
                inner = _multiply(_matrix(pdfium_c, obj), matrix)
                walk([pdfium_c.FPDFFormObj_GetObject(obj, j) for j in range(pdfium_c.FPDFFormObj_CountObjects(obj))],
                     obj, inner, depth + 1, area)

    raw = page.raw
    walk([pdfium_c.FPDFPage_GetObject(raw, i) for i in range(pdfium_c.FPDFPage_CountObjects(raw))], None, IDENTITY,
         0, None)
    return out


def _font_name(pdfium_c, obj, fonts: dict) -> str:
    """The font's name as the file gives it (its subset tag too), each font read once a page."""
    font = pdfium_c.FPDFTextObj_GetFont(obj)
    handle = ctypes.c_void_p.from_buffer(font).value
    name = fonts.get(handle)
    if name is None:
        size = pdfium_c.FPDFFont_GetBaseFontName(font, None, 0)
        buffer = ctypes.create_string_buffer(max(size, 1))
        pdfium_c.FPDFFont_GetBaseFontName(font, buffer, size)
        name = fonts[handle] = buffer.value.decode("utf-8", "replace")
    return name


def _rounded(box):
    return None if box is None else tuple(round(v, 2) for v in box)
