"""A separate file that is a judged design with its own lines swapped in: read from its bytes,
and its own lines alone.

``printgen.check.alike`` judges a batch's file against a design by loading its whole page in
pdfium (every object, the whole text, each number's box), which reads again most of what the
design showed. This module reads less, and only when the file's bytes prove the rest:

- every object the design's bytes, and every form's content too but for one run of lines in
  one form (the design's own lines, found once against the first file judged with it);
- those lines, in the file and in the design, only set and show text (whole text objects,
  each operator with the operands it takes, and fill colours: ``printgen.check.lines``), and
  leave the same text state and fill colour set for what follows them: so everything else on
  the page draws as the design's does.

The lines are then read in pdfium from the file itself, with its forms' content cut down (an
update appended to its bytes: its objects and page as they are, its font programs given decoded,
the same programs since its bytes are the design's) to the drawing state the lines are drawn in,
the text object on either side of them and the lines. The page's text is the design's with those
lines swapped in, and must read so: between the same neighbours, on lines of their own, as many
text objects as the design's lines, at heights no other text object takes (so pdfium neither
joins them to another nor takes one for a repeat). It is read as any file's (numbers, across line
breaks too); the lines must keep clear of the design's codes and numbers and inside their safe
area, as in ``alike``. A number in the lines (to be seen in the file's own pixels), or anything
here not as required, and the file is judged by ``alike`` as before, or read whole. The frame
(what is read around the lines) is kept with its design and let go with it.
"""

from __future__ import annotations

from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass

from printgen.check.alike import Reader, Skeleton, _rounded, _walk, lines_clear
from printgen.check.design import Parts, decoded_fonts, trimmed, updated
from printgen.check.lines import cut, left_set
from printgen.check.pagetext import page_text
from printgen.check.regions import _matrix
from printgen.check.safe import _mark_area, own_findings
from printgen.check.seen import span_box

BREAK = "\r\n"              # how pdfium's text ends a line
TRIES = 3                   # files a design's frame is sought with before it is let be


@dataclass(frozen=True)
class Frame:
    """A design's own lines and what is read around them."""

    form: int                 # the form object that draws them
    start: int                # its content's lines [start, end) are the design's own lines
    end: int
    before: bytes             # the cut content before the lines: the state they are drawn in, the text before
    after: bytes              # and after them: the state between, the text after
    left: tuple               # what the design's lines leave set
    head: str                 # the cut page's text before the lines' text, and after it
    tail: str
    first: int                # the cut page's text objects before the lines, and after them
    last: int
    lines: tuple              # the design's form content, line by line
    before_lines: tuple       # the numbers of the page's text before its lines, and after them
    after_lines: tuple
    line_before: str          # the line before the lines, and after them (None: none)
    line_after: str | None
    fonts: dict               # the design's font programs, decoded (the file's are the same bytes)
    bands: tuple              # the heights (bottom, top) the page's other text objects take
    count: int                # the text objects of the design's lines


def findings(pdf: bytes, taken: Parts | None, design, index, cache: dict, reader: Reader) -> list | None:
    """The page's (findings, fonts, boxes) of a file alike ``design`` but for its own lines, read
    as this module says; None when it must be judged otherwise."""
    import pypdfium2 as pdfium

    if taken is None or design is None or design.pages is None or len(design.pages) != 1:
        return None
    frame = _frame_of(design, taken, index, cache, reader)
    if frame is None:
        return None
    region = _region(frame, taken, design)
    if region is None:
        return None
    content = frame.before + b"\n" + region + b"\n" + frame.after
    try:
        with _first_page(updated(pdf, taken, {frame.form: content}, frame.fonts)) as page:
            return _read(page, frame, design.pages[0], index, cache, reader)
    except pdfium.PdfiumError:
        return None


@contextmanager
def _first_page(pdf: bytes):
    """pdfium's first page of ``pdf``, closed (and its document) after use."""
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(pdf)
    try:
        page = doc[0]
        try:
            yield page
        finally:
            page.close()
    finally:
        doc.close()


def _read(page, frame: Frame, skeleton: Skeleton, index, cache: dict, reader: Reader) -> list | None:
    import pypdfium2.raw as pdfium_c

    placed = _placed(pdfium_c, page)
    if placed is None or len(placed[2]) < frame.first + frame.last:
        return None
    area, matrix, drawn = placed
    objects = drawn[frame.first:len(drawn) - frame.last]
    clear = lines_clear(pdfium_c, [(pdfium_c.FPDFPageObj_GetType(obj), pdfium_c.FPDFTextObj_GetTextRenderMode(obj),
                                    pdfium_c.FPDFPageObj_CountMarks(obj), obj, matrix, area) for obj in objects],
                        skeleton.near)
    if clear is None or len(objects) != frame.count or not _apart(clear[0], frame.bands):
        return None                              # judged otherwise: pdfium could join or drop text beside them
    boxes, mine = clear
    textpage = page.get_textpage()
    try:
        cut = page_text(textpage)
        if not (cut.startswith(frame.head) and cut.endswith(frame.tail)) or len(cut) < len(frame.head + frame.tail):
            return None
        own = cut[len(frame.head):len(cut) - len(frame.tail)]
        if reader.blocks.search(own):
            return None
        numbers = _numbers(frame, own, index, cache, reader)
        if numbers is None:
            return None                          # a number of its own: to be seen in the file's pixels
        seen = [f for f in skeleton.seen if f.kind not in ("text", "safe")]
        seen += own_findings(skeleton.seen, boxes, skeleton.areas, textpage)
    finally:
        textpage.close()
    found = list(skeleton.codes) + numbers + seen + list(skeleton.links)
    return [(found, skeleton.fonts | set(mine.fonts.values()), skeleton.boxes)]


def _apart(boxes, bands) -> bool:
    """Whether each of the lines' boxes takes heights no other text object of the page takes: then
    pdfium reads them on lines of their own, and neither joins them to another text object nor
    takes one for a repeat of another (it does so with boxes that meet)."""
    return all(box[3] <= bottom or box[1] >= top for _, box, _ in boxes for bottom, top in bands)


def _bands(pdfium_c, walked, own) -> tuple[tuple, list]:
    """(the heights the page's text objects but the lines take, the lines' boxes), on the page."""
    need, bands, lines_at = Counter(own), set(), []
    for signature, _, _, matrix, _ in walked:
        if signature[1] != pdfium_c.FPDF_PAGEOBJ_TEXT or signature[2] is None:
            continue
        box = _on_page(signature[2], matrix)
        if need[signature] > 0:
            need[signature] -= 1
            lines_at.append(box)
        else:
            bands.add((box[1], box[3]))
    return tuple(sorted(bands)), lines_at


def _on_page(box, matrix):
    a, b, c, d, e, f = matrix
    corners = [(x, y) for x in (box[0], box[2]) for y in (box[1], box[3])]
    xs, ys = [a * x + c * y + e for x, y in corners], [b * x + d * y + f for x, y in corners]
    return min(xs), min(ys), max(xs), max(ys)


def _placed(pdfium_c, page):
    """(the safe area it is drawn in, its matrix, its objects) of the one form the cut page
    draws; None when the page draws text of its own, or that form more than once."""
    raw = page.raw
    forms = []
    for i in range(pdfium_c.FPDFPage_CountObjects(raw)):
        obj = pdfium_c.FPDFPage_GetObject(raw, i)
        kind = pdfium_c.FPDFPageObj_GetType(obj)
        if kind == pdfium_c.FPDF_PAGEOBJ_TEXT:
            return None
        if kind == pdfium_c.FPDF_PAGEOBJ_FORM and pdfium_c.FPDFFormObj_CountObjects(obj) > 0:
            forms.append(obj)
    if len(forms) != 1:
        return None
    (form,) = forms
    inner = [pdfium_c.FPDFFormObj_GetObject(form, j) for j in range(pdfium_c.FPDFFormObj_CountObjects(form))]
    area = _mark_area(pdfium_c, form) if pdfium_c.FPDFPageObj_CountMarks(form) else None
    return area, _matrix(pdfium_c, form), inner


def _numbers(frame: Frame, own: str, index, cache: dict, reader: Reader) -> list | None:
    """The numbers of the page's text (the design's with ``own`` for its lines), as
    ``read._numbers`` finds them, the design's lines before and after read once; None when
    ``own`` holds a number or an address (or breaks a line in a way not read here)."""
    lines = [line.rstrip("\r\n") for line in own.splitlines(keepends=True)]
    if (own + BREAK).splitlines() != own.splitlines():
        return None
    found, spans = reader.numbers(own, index, cache)
    if spans:
        return None
    out = list(frame.before_lines) + reader.across(frame.line_before, lines[0], index, cache) + found
    if frame.line_after is not None:
        out += reader.across(lines[-1], frame.line_after, index, cache)
    return out + list(frame.after_lines)


def _region(frame: Frame, taken: Parts, design) -> bytes | None:
    """The file's own lines, when it is the design but for them and they leave what the
    design's leave set; else None."""
    if taken.forms.keys() != design.parts.forms.keys() or frame.form not in taken.heads:
        return None
    if any(content != design.parts.forms[n] for n, content in taken.forms.items() if n != frame.form):
        return None
    lines = taken.forms[frame.form].split(b"\n")
    change = [op for op in trimmed(lines, list(frame.lines)) if op[0] != "equal"]
    if change and (change[0][3] < frame.start or change[0][4] > frame.end):
        return None
    end = frame.end + len(lines) - len(frame.lines)
    if end < frame.start:
        return None
    region = b"\n".join(lines[frame.start:end])
    return region if left_set(region) == frame.left else None


def _frame_of(design, taken: Parts, index, cache: dict, reader: Reader) -> Frame | None:
    """The design's frame, kept with the design (and let go with it: a frame holds for the
    skeleton it was proven against only), sought with at most TRIES files."""
    import pypdfium2 as pdfium

    if design.frame is not None or design.frame_tries >= TRIES:
        return design.frame
    design.frame_tries += 1
    try:
        design.frame = _new_frame(design, taken, index, cache, reader)
    except pdfium.PdfiumError:
        design.frame = None
    return design.frame


def _new_frame(design, taken: Parts, index, cache: dict, reader: Reader) -> Frame | None:
    """The design's own lines: where this file's form content differs from it (one run of lines,
    in one form), and how the design's page reads around them."""
    import pypdfium2.raw as pdfium_c

    mine = design.parts
    if taken.forms.keys() != mine.forms.keys():
        return None
    differ = [n for n, content in taken.forms.items() if content != mine.forms[n]]
    if len(differ) != 1:
        return None
    form = differ[0]
    lines = mine.forms[form].split(b"\n")
    change = [op for op in trimmed(taken.forms[form].split(b"\n"), lines) if op[0] != "equal"]
    if len(change) != 1:
        return None
    (_, _, _, start, end), = change
    clean = design.contents[form].clean
    region = b"\n".join(lines[start:end])
    left = left_set(region)
    if clean is None or not (clean[start] and clean[end]) or left is None or start == end:
        return None
    around = cut(lines[:start], lines[end:], region)
    if around is None:
        return None
    before, quiet, after = around
    with _first_page(design.pdf) as page:
        if page.get_rotation() != 0:
            return None
        textpage = page.get_textpage()
        try:
            text = page_text(textpage)
            if reader.blocks.search(text):        # characters that could draw a code: read whole
                return None
            head, first = _read_cut(design.pdf, mine, form, before)
            tail, last = _read_cut(design.pdf, mine, form, quiet + b"\n" + after)
            whole, drawn = _read_cut(design.pdf, mine, form, before + b"\n" + region + b"\n" + after)
            if None in (first, last, drawn) or min(len(first), len(last)) < 1 \
                    or len(drawn) <= len(first) + len(last):
                return None
            first, last, head, tail = len(first), len(last), head + BREAK, BREAK + tail
            if not (whole.startswith(head) and whole.endswith(tail)) or len(whole) <= len(head + tail) \
                    or text.count(whole) != 1:
                return None
            # the skeleton the file is judged with is the design's page without these lines' objects
            walked = _walk(pdfium_c, page)
            own = drawn[first:len(drawn) - last]
            if Counter(e[0] for e in walked) - Counter(design.pages[0].signatures) != Counter(own):
                return None
            bands, lines_at = _bands(pdfium_c, walked, own)
            if not _apart([(None, box, None) for box in lines_at], bands):
                return None
            at, size = text.index(whole) + len(head), len(whole) - len(head + tail)
            if not _spans_judged(text, at, size, textpage, design.pages[0], index, cache, reader):
                return None
        finally:
            textpage.close()
    earlier, later = text[:at], text[at + size + len(BREAK):]
    line_before = earlier.splitlines(keepends=True)[-1].rstrip("\r\n")
    line_after = later.splitlines(keepends=True)[0].rstrip("\r\n") if later else None
    return Frame(form, start, end, before, after, left, head, tail, first, last, tuple(lines),
                 tuple(reader.numbers(earlier, index, cache)[0]), tuple(reader.numbers(later, index, cache)[0]),
                 line_before, line_after, decoded_fonts(design.pdf), bands, len(own))


def _spans_judged(text: str, at: int, size: int, textpage, skeleton: Skeleton, index, cache, reader) -> bool:
    """Whether every number of the design's page but its own lines' is one the skeleton judged
    where it stands (then a file's are too: the same text, at the same place)."""
    _, spans = reader.numbers(text, index, cache)
    return all((raw, _rounded(span_box(textpage, a, b, raw))) in skeleton.spans
               for a, b, raw in spans if b <= at or a >= at + size)


def _read_cut(pdf: bytes, mine: Parts, form: int, content: bytes) -> tuple[str, list | None]:
    """(the text, the signatures of the objects its one form draws; None: not one form) of the
    design with ``form``'s content cut to ``content``."""
    import pypdfium2.raw as pdfium_c

    with _first_page(updated(pdf, mine, {form: content})) as page:
        placed = _placed(pdfium_c, page)
        drawn = [e[0] for e in _walk(pdfium_c, page) if e[0][0] == 1] if placed is not None else None
        textpage = page.get_textpage()
        try:
            return page_text(textpage), drawn
        finally:
            textpage.close()
