"""Checking a written PDF against its catalogue, as a phone and a person would read it.

The parts of each page where a code could be (``printgen.check.regions``; the whole page when
it could draw one some other way) are rasterised (pypdfium2, greyscale) and every QR code
decoded from the pixels (zxing-cpp); the text layer is read (pdfium's text page) and every
phone number, URL and email address in it found. The rules:

- every code leads to a catalogue contact's payload, prints at least ``min_qr`` wide, has its
  quiet zone (4 modules of white on every side, measured in the pixels around the code), and
  nothing drawn over it (its modules, sampled from the pixels, are the payload's encoding: a
  covered code may still scan thanks to error correction, until the card is worn); see
  ``printgen.check.codes``;
- every number and address in the text is a catalogue line, printed as the catalogue derives
  it (``printgen.check.numbers``);
- no text lies outside its item's safe area, as the file records it (``printgen.check.safe``);
- every font the text is drawn in is embedded (read with pdfium, per page: a walk of pypdf's
  font dictionaries cost a third of the check); TrimBox lies inside BleedBox, and both inside
  MediaBox.

Identical files, and identical pages of a file (repeated sheets), are checked once; alike
pixels of a code region are judged once, and each distinct line of text is read once; a
``cache`` dict passed to several calls keeps them across files.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from printgen.catalogue.model import Catalogue
from printgen.check.alike import PAGES, Reader, alike_findings, remember, used
from printgen.check.codes import code_findings
from printgen.check.design import parts as taken_apart
from printgen.check.findings import Finding, PageReport, PageReports
from printgen.check.numbers import Known, find, ids, known, may_run_on
from printgen.check.pagekeys import page_keys
from printgen.check.pagetext import page_text
from printgen.check.placed import placed_parts
from printgen.check.seen import link_findings, span_box, where_seen
from printgen.check.raster import area_bitmap
from printgen.check.regions import PageObjects, page_objects, regions
from printgen.check.safe import own_findings, safe_findings
from printgen.check.swapped import findings as swapped_findings
from printgen.errors import InputError
from printgen.qr import MIN_CODE_SIZE

__all__ = ["Finding", "PageReport", "PageReports", "check_pdf"]


FAST_DPI, SURE_DPI = 100, 200


@dataclass(frozen=True)
class Reading:
    """How a file is read: at ``dpi``, every code held to ``min_code`` points wide, against the
    catalogue whose index has ``signature`` (a key of the cache, too)."""

    dpi: int
    min_code: float
    signature: str


def check_pdf(pdf: bytes, catalogue: Catalogue, name: str, dpi: int | None = None, cache: dict | None = None,
              min_qr: float = MIN_CODE_SIZE) -> PageReports:
    """Read ``pdf`` back and check it against ``catalogue``; ``name`` is how messages call it.

    By default pages are read at 100 dpi (a 2 cm code has 3 pixels or more a module), and a
    file that seems wrong is read again at 200 dpi before it is called wrong: fast when all
    is well, sure when it is not. Raises InputError when ``pdf`` is not a readable PDF.
    ``cache`` (a dict, shared across calls) keeps what was found in each distinct file, page
    and line of text.
    """
    if dpi is None:
        report = check_pdf(pdf, catalogue, name, FAST_DPI, cache, min_qr)
        return report if report.ok else check_pdf(pdf, catalogue, name, SURE_DPI, cache, min_qr)
    cache = {} if cache is None else cache
    index = _index(catalogue, cache)
    reading = Reading(dpi, round(min_qr, 3), index.signature)
    token = hashlib.sha256(pdf).hexdigest()
    key = ("file", token, reading)
    if key not in cache:
        cache[key] = _check_file(pdf, name, token, index, reading, cache)
    return PageReports(name, tuple(PageReport(n + 1, found) for n, found in enumerate(cache[key])))


def _check_file(pdf: bytes, name: str, token: str, index: Known, reading: Reading, cache: dict) -> tuple:
    import pypdfium2 as pdfium

    # a file alike one checked whole before (a batch's separate files): its own lines only,
    # read alone when its bytes show the rest is the design's
    designs = cache.get(("designs", reading))
    taken = taken_apart(pdf) if designs else None
    if taken is not None:
        swapped = swapped_findings(pdf, taken, used(cache, reading, taken), index, cache, _READER)
        if swapped is not None:
            return _judged(swapped)
    try:
        doc = pdfium.PdfDocument(pdf)
    except pdfium.PdfiumError as exc:
        raise InputError(f"{name}: not a readable PDF ({_reason(exc)})") from None
    try:
        if len(doc) == 0:
            raise InputError(f"{name}: the PDF has no pages")
        if len(doc) > PAGES:
            taken = None
        elif not designs:
            taken = taken_apart(pdf)
        alike = alike_findings(doc, taken, index, reading, cache, _READER)
        if alike is not None:
            return _judged(alike)
        # a file of one sheet cannot repeat a sheet: only longer ones are worth telling pages apart
        keys = page_keys(pdf, name, len(doc)) if len(doc) > 2 else [(None, None)] * len(doc)
        out = []
        for number, (key, form) in enumerate(keys):
            key = key and ("page", token, key, reading)
            found = cache.get(key) if key else None
            if found is None:
                try:
                    page = doc[number]
                except pdfium.PdfiumError as exc:
                    raise InputError(f"{name}: page {number + 1} cannot be read ({_reason(exc)})") from None
                try:
                    if form is not None:         # a shared form under the page's own text: judged once
                        parts, page = placed_parts(doc, number, page, form, index, reading, cache, token, page_parts)
                        if parts is not None:
                            codes, numbers, seen, fonts = parts
                            found = _tally(codes + numbers + seen + link_findings(page, page.pdf, index)
                                           + _fonts(fonts) + [_boxes(page)])
                    if found is None:
                        found = _check_page(page, index, reading.dpi, reading.min_code, cache)
                finally:
                    page.close()
                if key:
                    cache[key] = found
            out.append(found)
        remember(pdf, taken, reading, cache)
        return tuple(out)
    finally:
        doc.close()


def _judged(pages) -> tuple:
    """Each page's findings of a file judged against a design: ((findings, fonts, boxes), ...)."""
    return tuple(_tally(found + _fonts(fonts) + [boxes]) for found, fonts, boxes in pages)


def _index(catalogue: Catalogue, cache: dict) -> Known:
    held = cache.get(("catalogue", id(catalogue)))
    if held is None or held[0] is not catalogue:
        held = cache[("catalogue", id(catalogue))] = (catalogue, known(catalogue))
    return held[1]


def _reason(exc: Exception) -> str:
    """pdfium's "Failed to load document (PDFium: Data format error)." -> "PDFium: Data format error"."""
    text = (str(exc).strip().splitlines() or [""])[0]
    inner = re.search(r"\(([^()]+)\)", text)
    return (inner.group(1) if inner else text.rstrip(".")) or type(exc).__name__


# -- one page ---------------------------------------------------------------------------------

def _check_page(page, index: Known, dpi: int, min_qr: float, cache: dict) -> tuple[Finding, ...]:
    parts = page_parts(page, index, dpi, min_qr, cache)
    return _tally(parts.codes + parts.numbers + parts.seen + link_findings(page, page.pdf, index)
                  + _fonts(parts.objects.fonts.values()) + [_boxes(page)])


@dataclass
class Parts:
    """What a page's check finds but its links, fonts and boxes: its codes (read in ``areas``;
    None: the page whole), the numbers of its ``text`` (and where they stand, ``spans``), how
    they are seen; with ``boxes``, each span's box on the page."""

    codes: list[Finding]
    numbers: list[Finding]
    seen: list[Finding]
    text: str
    spans: list[tuple[int, int, str]]
    areas: list | None
    objects: PageObjects
    boxes: list | None = None


def page_parts(page, index: Known, dpi: int, min_qr: float, cache: dict, boxes: bool = False,
               given=None, own=()) -> Parts | None:
    """``given``: what the form the page places was found to hold (``printgen.check.placed``):
    then only what the page adds (its text objects ``own``: object, box, safe area) is read, and
    None returned when the page must be read whole."""
    scale = dpi / 72
    page_box = page.get_cropbox()
    objects = page_objects(page) if given is None else PageObjects()
    textpage = page.get_textpage()
    try:
        text = page_text(textpage)
        if given is not None:
            return _added(page, textpage, text, given, own, index, scale, cache)
        if _BLOCKS.search(text):                 # characters that could draw a code: read the page whole
            objects.whole = True
        trim = page.get_trimbox(fallback_ok=False)
        rotated = page.get_rotation() != 0
        limit, where = (page_box, "page") if trim is None or rotated else (trim, "trim")
        areas = None if rotated else regions(objects, page_box)
        codes: list[Finding] = []
        for area in areas if areas is not None else [page_box]:
            codes += _codes_in(page, area, page_box, scale, limit, where, index, min_qr, cache)
        numbers, spans = _numbers(text, index, cache)
        seen: list[Finding] = []
        if not text.strip() and not any(f.kind == "code" for f in codes):
            seen.append(_NO_TEXT)
        elif not rotated and len(text) == textpage.count_chars():
            seen += where_seen(page, textpage, spans, index, scale, _page_bitmap(page, scale))
        seen += safe_findings(page, textpage)          # text outside its item's safe area
        found = [span_box(textpage, *span) for span in spans] if boxes else None
    finally:
        textpage.close()
    return Parts(codes, numbers, seen, text, spans, areas, objects, found)


_NO_TEXT = Finding(False, "text", "no text can be read on this page (a picture of text, or an empty page): "
                                 "nothing on it was checked")


def _added(page, textpage, text: str, given, own_texts, index: Known, scale: float, cache: dict) -> Parts | None:
    """A page over a judged form: the numbers of its text, and how those it adds are seen."""
    if _BLOCKS.search(text) or not text.startswith(given.text):
        return None
    numbers, spans = _numbers(text, index, cache)
    own = [span for span in spans if span not in given.spans]
    # whether the page holds text, and where it lies: judged on the page's own text too
    seen = [f for f in given.seen if f.kind not in ("text", "safe")]
    if not text.strip() and not any(f.kind == "code" for f in given.codes):
        seen.append(_NO_TEXT)
    if own and len(text) == textpage.count_chars():
        seen += where_seen(page, textpage, own, index, scale, _page_bitmap(page, scale))
    # the form's text judged in its safe area with the form, the page's own text read now
    seen += own_findings(given.seen, own_texts, given.areas + tuple(a for _, _, a in own_texts if a), textpage)
    return Parts(list(given.codes), numbers, seen, text, spans, None, PageObjects())


def _page_bitmap(page, scale: float):
    """The whole page in grey (PIL), drawn when first asked for."""
    image = []

    def bitmap():
        if not image:
            image.append(area_bitmap(page, scale, (0, 0, 0, 0)).to_pil())
        return image[0]

    return bitmap


def _numbers(text: str, index: Known, cache: dict) -> tuple[list[Finding], list[tuple[int, int, str]]]:
    """The numbers and addresses of the page's text, line by line (each distinct line read once,
    across pages and files), and across each line break: a number broken over two lines is
    read whole. Also where each stands in the text, to see it on the page."""
    findings: list[Finding] = []
    spans: list[tuple[int, int, str]] = []
    lines = text.splitlines(keepends=True)
    offset = 0
    for n, line in enumerate(lines):
        bare = line.rstrip("\r\n")
        key = ("line", index.signature, bare)
        if key not in cache:
            cache[key] = [(a, b, p, Finding(p.problem is None, p.kind, p.problem or f"{p.text} ({ids(p.lines)})",
                                            p.text)) for a, b, p in find(bare, index)]
        for a, b, p, finding in cache[key]:
            findings.append(finding)
            spans.append((offset + a, offset + b, line[a:b]))
        if n + 1 < len(lines):
            findings += _across(bare, lines[n + 1].rstrip("\r\n"), index, cache)
        offset += len(line)
    return findings, spans


def _across(line: str, following: str, index: Known, cache: dict) -> list[Finding]:
    """A number or address that only the two lines together make: printed broken over the line break."""
    key = ("across", index.signature, line, following)
    if key not in cache:
        head, tail = line[-40:], following[:40]
        if not may_run_on(head, tail, index):
            cache[key] = []
            return cache[key]
        out, said = [], set()
        # the break fell inside a number when a separator stands at it ("1-888-373-" / "7888")
        inside = head.endswith(("-", ".")) or tail.startswith(("-", "."))
        # joined as a reader would: where the break fell between words, and where it fell inside one
        for joiner in ("",) if inside else ("", " "):
            joined = head + joiner + tail
            own = [(a, b) for a, b, _ in _found(head, index, cache)]
            own += [(a + len(joined) - len(tail), b + len(joined) - len(tail)) for a, b, _ in _found(tail, index, cache)]
            for a, b, p in _found(joined, index, cache):
                if a < len(head) < b and p.text not in said and not _read_again(joined, a, b, own, head, inside):
                    said.add(p.text)
                    what = p.problem or f'"{p.text}" is {p.lines[0].contact.display} ({ids(p.lines)})'
                    out.append(Finding(False, p.kind, f"{what}, broken over a line break: a number must stand on "
                                                      "one line", p.text))
        cache[key] = out
    return cache[key]


def _read_again(joined: str, a: int, b: int, own: list, head: str, inside: bool) -> bool:
    """Whether ``joined[a:b]`` is only a line's own number (at ``own``) read again: not broken,
    unless a separator at the break joins it to a digit of the other line ("0" / ".800.509.5439":
    the number read whole is another). A full stop after the first line's own number ends its
    sentence ("503.255.0118." / "24 hours")."""
    mixed = [(x, y) for x, y in own if a < y and b > x]
    if not mixed:
        return False
    if head.endswith(".") and all(y == len(head) - 1 for _, y in mixed):
        return True
    added = any(ch.isdigit() and not any(x <= i < y for x, y in mixed) for i, ch in enumerate(joined[a:b], a))
    return not (inside and added)


def _found(text: str, index: Known, cache: dict) -> list:
    """``find``, each distinct text once (the end of a page's last line, joined to each venue's)."""
    key = ("find", index.signature, text)
    if key not in cache:
        cache[key] = find(text, index)
    return cache[key]


# block elements and geometric squares: a font's glyphs for them could draw a code
_BLOCKS = re.compile("[\u2580-\u259f\u25a0-\u25a1\u25aa-\u25ab\u2b1b\u2b1c]")


def _codes_in(page, area, page_box, scale: float, limit, where: str, index: Known, min_qr: float,
              cache: dict) -> list[Finding]:
    """The codes in ``area`` (points) of the page, read from its pixels; alike pixels are read once."""
    left, bottom, right, top = page_box
    bitmap = area_bitmap(page, scale, (area[0] - left, area[1] - bottom, right - area[2], top - area[3]))
    origin = ((area[0] - left) * scale, (top - area[3]) * scale)       # the area's corner on the page, pixels
    box = ((limit[0] - area[0]) * scale, (area[3] - limit[3]) * scale,
           (limit[2] - area[0]) * scale, (area[3] - limit[1]) * scale)  # the limit, in the area's pixels
    pixels = hashlib.sha256(memoryview(bitmap.buffer).cast("B")).hexdigest()
    # where the area lies matters only to a code that cannot be read (its message says where) and
    # to quiet zones that may reach the page's or trim's edge (an area inside the limit cannot)
    inside = box[0] <= 0 and box[1] <= 0 and box[2] >= bitmap.width and box[3] >= bitmap.height
    alike = ("pixels", pixels, bitmap.width, bitmap.height, bitmap.stride, scale, min_qr, index.signature,
             None if inside else tuple(round(v, 2) for v in box), where)
    found = cache.get(alike)
    if found is None:
        key = alike + (tuple(round(v, 2) for v in origin),)
        found = cache.get(key)
        if found is None:
            found = code_findings(bitmap, scale, index, min_qr, box, where, origin)
            placed = any(not f.ok and f.value is None for f in found)     # an unreadable code, placed
            cache[key if placed else alike] = found
    return found


def _tally(findings: list[Finding]) -> tuple[Finding, ...]:
    """One finding per distinct message, counted; problems first."""
    counts: dict[Finding, int] = {}
    for f in findings:
        counts[f] = counts.get(f, 0) + f.count
    merged = [Finding(f.ok, f.kind, f.message, f.value, n) for f, n in counts.items()]
    return tuple(sorted(merged, key=lambda f: f.ok))


def _boxes(page) -> Finding:
    media = page.get_mediabox()
    bleed = page.get_bleedbox(fallback_ok=False)
    trim = page.get_trimbox(fallback_ok=False)
    chain = [(n, b) for n, b in (("TrimBox", trim), ("BleedBox", bleed), ("MediaBox", media)) if b is not None]
    for (inner_name, inner), (outer_name, outer) in zip(chain, chain[1:]):
        if not _inside(inner, outer):
            return Finding(False, "boxes", f"the {inner_name} {_box(inner)} is not inside the "
                                           f"{outer_name} {_box(outer)}")
    return Finding(True, "boxes", " inside ".join(f"{n} {_box(b)}" for n, b in chain))


def _inside(inner, outer, tolerance: float = 0.01) -> bool:
    return (inner[0] >= outer[0] - tolerance and inner[1] >= outer[1] - tolerance
            and inner[2] <= outer[2] + tolerance and inner[3] <= outer[3] + tolerance)


def _box(box) -> str:
    return "[" + " ".join(f"{v:g}" for v in (round(v, 2) for v in box)) + "]"


def _fonts(fonts) -> list[Finding]:
    """Every font the page's text is drawn in (forms included), each (base name, embedded), must
    be embedded. Fonts are told apart by name, never by pdfium's handle: a handle read from one
    file may be another font's in the next file opened."""
    names = sorted(set(fonts))
    out = [Finding(False, "font", f"the font {n} is not embedded; a printer would substitute another", n)
           for n, embedded in names if not embedded]
    good = [n for n, embedded in names if embedded]
    return out + ([Finding(True, "font", f"fonts embedded: {', '.join(good)}")] if good else [])


_READER = Reader(page_parts, _numbers, _page_bitmap, _boxes, _BLOCKS, _NO_TEXT, _across)
