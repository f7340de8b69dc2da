"""Checking a written PDF against its catalogue, as a phone and a person would read it.

Each page is rasterised (pypdfium2, greyscale) and every QR code decoded from the pixels
(zxing-cpp); the text layer is read (pdfium's text page) and every phone number, URL and email
address in it found. The rules:

- every code leads to a catalogue contact's payload, prints at least ``min_qr`` wide, and has
  its quiet zone: 4 modules of white on every side, measured in the pixels around the code;
- every number and address in the text is a catalogue line, printed as the catalogue derives
  it (``printgen.printed``);
- every font is embedded; TrimBox lies inside BleedBox, and both inside MediaBox.

Identical pages (the same content, fonts and boxes, as repeated sheets are) are checked once:
the ``cache`` a caller passes keeps each distinct page's findings across files.
"""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass

from printgen.catalogue import Catalogue
from printgen.errors import InputError
from printgen.printed import Known, known, scan
from printgen.qr import QUIET_ZONE, encode
from printgen.units import POINTS, parse_length

MIN_QR = parse_length("2cm")
DARK = 128                     # a pixel below this grey level reads as dark to a scanner
_SKIP = {"/Parent", "/StructParents", "/Metadata", "/Thumb", "/PieceInfo", "/LastModified", "/Trans"}


@dataclass(frozen=True)
class Finding:
    ok: bool
    kind: str           # "code", "number", "address", "font", "boxes"
    message: str
    value: str = ""     # the payload, number or address the finding is about
    count: int = 1      # how many times the page shows it

    def plain(self) -> dict:
        return {"ok": self.ok, "kind": self.kind, "message": self.message, "value": self.value,
                "count": self.count}


@dataclass(frozen=True)
class PageReport:
    page: int                       # 1-based
    findings: tuple[Finding, ...]

    @property
    def ok(self) -> bool:
        return all(f.ok for f in self.findings)


@dataclass(frozen=True)
class PageReports:
    name: str
    document: tuple[Finding, ...]   # what holds for the whole file: its fonts
    pages: tuple[PageReport, ...]

    @property
    def ok(self) -> bool:
        return all(f.ok for f in self.document) and all(p.ok for p in self.pages)

    def problems(self) -> list[tuple[int | None, Finding]]:
        out = [(None, f) for f in self.document if not f.ok]
        return out + [(p.page, f) for p in self.pages for f in p.findings if not f.ok]

    def plain(self) -> dict:
        return {"file": self.name, "ok": self.ok, "findings": [f.plain() for f in self.document],
                "pages": [{"page": p.page, "ok": p.ok, "findings": [f.plain() for f in p.findings]}
                          for p in self.pages]}


def check_pdf(pdf: bytes, catalogue: Catalogue, name: str, dpi: int = 150, cache: dict | None = None,
              min_qr: float = MIN_QR) -> PageReports:
    """Read ``pdf`` back and check it against ``catalogue``; ``name`` is how messages call it.

    Raises InputError when ``pdf`` is not a readable PDF. ``cache`` (a dict, shared across
    calls) keeps the findings of each distinct page, so repeated pages are checked once.
    """
    import pypdfium2 as pdfium
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    from printgen.verify import fonts

    cache = {} if cache is None else cache
    index = _index(catalogue, cache)
    try:
        doc = pdfium.PdfDocument(pdf)
    except pdfium.PdfiumError as exc:
        raise InputError(f"{name}: not a readable PDF ({_reason(exc)})") from None
    try:
        try:
            reader = PdfReader(io.BytesIO(pdf))
            document = _fonts(fonts(pdf))
            pages = reader.pages
            count = len(pages)
        except (PyPdfError, ValueError, KeyError, TypeError, AttributeError) as exc:
            raise InputError(f"{name}: not a readable PDF ({_reason(exc)})") from None
        if count != len(doc):
            raise InputError(f"{name}: not a readable PDF (its page tree is damaged)")
        token = hashlib.sha256(pdf).hexdigest()[:16]
        reports = []
        for number in range(count):
            key = ("page", token, _page_key(pages[number]), dpi, round(min_qr, 3), index.signature)
            if key not in cache:
                page = doc[number]
                try:
                    cache[key] = _check_page(page, index, dpi, min_qr, cache)
                finally:
                    page.close()
            reports.append(PageReport(number + 1, cache[key]))
    finally:
        doc.close()
    return PageReports(name, document, tuple(reports))


def _index(catalogue: Catalogue, cache: dict) -> Known:
    held = cache.get(("catalogue", id(catalogue)))
    if held is None or held[0] is not catalogue:
        held = cache[("catalogue", id(catalogue))] = (catalogue, known(catalogue))
    return held[1]


def _reason(exc: Exception) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return text.removeprefix("Failed to load document ").strip("()") or type(exc).__name__


# -- one page ---------------------------------------------------------------------------------

def _check_page(page, index: Known, dpi: int, min_qr: float, cache: dict) -> tuple[Finding, ...]:
    scale = dpi / 72
    bitmap = page.render(scale=scale, grayscale=True)
    left, bottom, right, top = page.get_cropbox()
    limit, where = (0, 0, bitmap.width, bitmap.height), "page"
    trim = page.get_trimbox(fallback_ok=False)
    if trim is not None and page.get_rotation() == 0:
        limit = ((trim[0] - left) * scale, (top - trim[3]) * scale, (trim[2] - left) * scale,
                 (top - trim[1]) * scale)
        where = "trim"
    findings = _codes(bitmap, scale, index, min_qr, limit, where)
    textpage = page.get_textpage()
    try:
        text = textpage.get_text_bounded()
    finally:
        textpage.close()
    for line in text.splitlines():      # each distinct line read once, across pages and files
        key = ("line", index.signature, line)
        if key not in cache:
            cache[key] = [Finding(p.problem is None, p.kind, p.problem or f"{p.text} ({_ids(p.lines)})", p.text)
                          for p in scan(line, index)]
        findings += cache[key]
    findings.append(_boxes(page))
    return _tally(findings)


def _tally(findings: list[Finding]) -> tuple[Finding, ...]:
    """One finding per distinct message, counted; problems first."""
    counts: dict[Finding, int] = {}
    for f in findings:
        counts[f] = counts.get(f, 0) + f.count
    merged = [Finding(f.ok, f.kind, f.message, f.value, n) for f, n in counts.items()]
    return tuple(sorted(merged, key=lambda f: f.ok))


def _ids(lines) -> str:
    return ", ".join(dict.fromkeys(line.resource.id for line in lines))


def _mm(points: float) -> str:
    return f"{points / POINTS['mm']:.1f} mm"


def _codes(bitmap, scale: float, index: Known, min_qr: float, limit, where: str) -> list[Finding]:
    """Every code on the page, judged; codes alike (same payload, same fault) in one finding.

    Light-on-dark (inverted) and skewed codes are not looked for: printgen draws neither.
    """
    import zxingcpp

    image = bitmap.to_pil()                        # shares the bitmap's memory
    pixels = zxingcpp.ImageView(memoryview(bitmap.buffer).cast("B"), bitmap.width, bitmap.height,
                                zxingcpp.ImageFormat.Lum, bitmap.stride, 1)
    findings = []
    small: dict[str, list[float]] = {}              # payload -> printed sizes below the minimum
    crowded: dict[tuple, list[tuple]] = {}          # (payload, side, dark marks?) -> (gap, zone needed)
    good: dict[str, int] = {}
    for result in zxingcpp.read_barcodes(pixels, formats=zxingcpp.BarcodeFormat.QRCode, try_rotate=False,
                                         try_downscale=False, try_invert=False,
                                         text_mode=zxingcpp.TextMode.Plain, return_errors=True):
        p = result.position
        corners = (p.top_left, p.top_right, p.bottom_right, p.bottom_left)
        box = (min(c.x for c in corners), min(c.y for c in corners),
               max(c.x for c in corners), max(c.y for c in corners))
        payload = result.text
        if not result.valid:
            findings.append(Finding(False, "code", f"a QR code {_mm(box[0] / scale)} from the left and "
                                                   f"{_mm(box[1] / scale)} from the top cannot be read "
                                                   f"({result.error})"))
        elif payload not in index.payloads:
            findings.append(Finding(False, "code", f"a QR code leads to {payload}, which is not in the catalogue",
                                    payload))
        else:
            width = min(_distance(p.top_left, p.top_right), _distance(p.top_left, p.bottom_left))
            modules = _modules(result, payload)
            blocked = _quiet_zone(image, box, width / modules, limit)
            if width / scale < min_qr - 1 / scale:          # measured to within a pixel
                small.setdefault(payload, []).append(width / scale)
            if blocked:
                side, dark, gap = blocked
                crowded.setdefault((payload, side, dark), []).append((gap / scale, QUIET_ZONE * width / modules / scale))
            if not blocked and width / scale >= min_qr - 1 / scale:
                good[payload] = good.get(payload, 0) + 1
    for payload, sizes in small.items():
        findings.append(Finding(False, "code", f"the QR code for {payload} prints {_mm(min(sizes))} wide; it must "
                                               f"be at least {_mm(min_qr)}", payload, len(sizes)))
    for (payload, side, dark), gaps in crowded.items():
        what = "dark marks" if dark else f"the {where} ends"
        findings.append(Finding(False, "code", f"the QR code for {payload} has no quiet zone on its {side}: "
                                               f"{what} {_mm(max(0.0, min(g for g, _ in gaps)))} from the code "
                                               f"(it needs {QUIET_ZONE} modules, {_mm(gaps[0][1])}, of white)",
                                payload, len(gaps)))
    for payload, count in good.items():
        findings.append(Finding(True, "code", f"QR code {payload} ({_ids(index.payloads[payload])}), at least "
                                              f"{_mm(min_qr)} wide, quiet zone clear", payload, count))
    return findings


def _distance(a, b) -> float:
    return ((a.x - b.x) ** 2 + (a.y - b.y) ** 2) ** 0.5


def _modules(result, payload: str) -> int:
    """Modules across the symbol: from its version, or by encoding the payload again."""
    version = (getattr(result, "extra", None) or {}).get("Version")
    if version and str(version).isdigit():
        return 17 + 4 * int(version)
    ec = result.ec_level if result.ec_level in ("L", "M", "Q", "H") else "M"
    return encode(payload, ec).modules


def _quiet_zone(image, box, module: float, limit) -> tuple[str, bool, float] | None:
    """The first side whose 4-module margin is not white: (side, dark marks (or else the page or
    trim ends), pixels from the code's edge); None when all four are white."""
    x0, y0, x1, y1 = box
    zone = QUIET_ZONE * module
    inner = max(1.5, 0.3 * module)            # the code's own edge pixels, blurred by anti-aliasing
    outer = 1.0                               # the zone's far edge, to within a pixel
    ox0, oy0, ox1, oy1 = x0 - zone + outer, y0 - zone + outer, x1 + zone - outer, y1 + zone - outer
    ix0, iy0, ix1, iy1 = x0 - inner, y0 - inner, x1 + inner, y1 + inner
    lx0, ly0, lx1, ly1 = limit
    sides = (("left", (ox0, iy0, ix0, iy1), ox0 < lx0, x0 - lx0), ("right", (ix1, iy0, ox1, iy1), ox1 > lx1, lx1 - x1),
             ("top", (ox0, oy0, ox1, iy0), oy0 < ly0, y0 - ly0), ("bottom", (ox0, iy1, ox1, oy1), oy1 > ly1, ly1 - y1))
    for side, (a, b, c, d), cut, room in sides:
        if cut:
            return side, False, room
        rect = (round(a), round(b), round(c), round(d))
        if rect[2] > rect[0] and rect[3] > rect[1] and image.crop(rect).getextrema()[0] < DARK:
            return side, True, _first_dark(image, side, rect, box)
    return None


def _first_dark(image, side: str, rect, box) -> float:
    """Pixels from the code's edge to the nearest dark pixel on ``side``."""
    a, b, c, d = rect
    if side in ("left", "right"):
        columns = range(c - 1, a - 1, -1) if side == "left" else range(a, c)
        for x in columns:
            if image.crop((x, b, x + 1, d)).getextrema()[0] < DARK:
                return box[0] - (x + 1) if side == "left" else x - box[2]
    else:
        rows = range(d - 1, b - 1, -1) if side == "top" else range(b, d)
        for y in rows:
            if image.crop((a, y, c, y + 1)).getextrema()[0] < DARK:
                return box[1] - (y + 1) if side == "top" else y - box[3]
    return 0.0


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


def _fonts(used: list[tuple[str, bool]]) -> tuple[Finding, ...]:
    names = [(str(n).lstrip("/").split("+", 1)[-1], embedded) for n, embedded in used]
    problems = [Finding(False, "font", f"the font {n} is not embedded; a printer would substitute another", n)
                for n, embedded in names if not embedded]
    good = [n for n, embedded in names if embedded]
    return tuple(problems) + ((Finding(True, "font", f"fonts embedded: {', '.join(good)}"),) if good else ())


# -- telling identical pages apart ----------------------------------------------------------------

def _page_key(page) -> str:
    """What a page draws, within one file: its content, and its resources and boxes by reference
    (one object of a file is one thing), so that repeated sheets are told alike without
    reading their fonts."""
    h = hashlib.sha256()
    for key in sorted(page):
        if key in _SKIP:
            continue
        if key == "/Contents":
            contents = page.get_contents()
            h.update(hashlib.sha256(contents.get_data() if contents is not None else b"").digest())
        else:
            value = page[key] if key == "/Resources" else page.raw_get(key)
            h.update(f"{key}={_shallow(value)};".encode())
    return h.hexdigest()


def _shallow(obj) -> str:
    from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

    if isinstance(obj, IndirectObject):
        return f"@{obj.idnum}.{obj.generation}"
    if isinstance(obj, DictionaryObject):
        return "{" + ",".join(f"{k}:{_shallow(obj.raw_get(k))}" for k in sorted(obj)) + "}"
    if isinstance(obj, ArrayObject):
        return "[" + ",".join(_shallow(v) for v in obj) + "]"
    return repr(obj)
