"""QR codes read back from a page's pixels (zxing-cpp), and judged: where they lead, their
printed size, their quiet zone, and whether anything is drawn over them.

Sizes and distances are measured in pixels, to within one pixel. Light-on-dark (inverted)
codes are not looked for (printgen draws none); a skewed code's quiet zone is checked around
its upright bounding box, and its modules are not compared.
"""

from __future__ import annotations

import functools

from printgen.check.findings import Finding
from printgen.check.numbers import Known, ids
from printgen.qr import QUIET_ZONE, encode
from printgen.units import POINTS

DARK = 128                     # a pixel below this grey level reads as dark to a scanner


def mm(points: float) -> str:
    return f"{points / POINTS['mm']:.1f} mm"


def code_findings(bitmap, scale: float, index: Known, min_qr: float, limit, where: str,
                  origin: tuple[float, float] = (0.0, 0.0)) -> list[Finding]:
    """Every code on the greyscale ``bitmap`` of a page or a part of it, judged; codes alike (same
    payload, same fault) in one finding. ``limit`` is the box (in the bitmap's pixels) the quiet
    zones must stay inside, ``where`` its name ("page" or "trim"); ``origin`` is where the
    bitmap's top left corner lies on the page, in pixels."""
    import zxingcpp

    image = bitmap.to_pil()                        # shares the bitmap's memory
    pixels = zxingcpp.ImageView(memoryview(bitmap.buffer).cast("B"), bitmap.width, bitmap.height,
                                zxingcpp.ImageFormat.Lum, bitmap.stride, 1)
    findings = []
    small: dict[str, list[float]] = {}              # payload -> printed sizes below the minimum
    covered: dict[str, list[tuple[int, int]]] = {}  # payload -> (modules read wrong, modules)
    crowded: dict[tuple, list[tuple]] = {}          # (payload, side, dark marks?) -> (gap, zone needed)
    good: dict[str, int] = {}
    for result in zxingcpp.read_barcodes(pixels, formats=zxingcpp.BarcodeFormat.QRCode, try_rotate=False,
                                         try_downscale=True, try_invert=False,
                                         text_mode=zxingcpp.TextMode.Plain, return_errors=True):
        p = result.position
        corners = (p.top_left, p.top_right, p.bottom_right, p.bottom_left)
        box = (min(c.x for c in corners), min(c.y for c in corners),
               max(c.x for c in corners), max(c.y for c in corners))
        payload = result.text
        if not result.valid:
            findings.append(Finding(False, "code", f"a QR code {mm((box[0] + origin[0]) / scale)} from the left "
                                                   f"and {mm((box[1] + origin[1]) / scale)} from the top cannot be read "
                                                   f"({result.error})"))
        elif payload not in index.payloads:
            findings.append(Finding(False, "code", f"a QR code leads to {payload}, which is not in the "
                                                   "catalogue", payload))
        else:
            width = min(_distance(p.top_left, p.top_right), _distance(p.top_left, p.bottom_left))
            modules = _modules(result, payload)
            size, module = width / scale, width / modules
            too_small = size < min_qr - 2 / scale          # corners found to within a pixel each
            blocked = _quiet_zone(image, box, module, limit)
            wrong = _modules_wrong(image, box, payload, result.ec_level, modules, result.orientation)
            if too_small:
                small.setdefault(payload, []).append(size)
            if blocked:
                side, dark, gap = blocked
                crowded.setdefault((payload, side, dark), []).append((gap / scale, QUIET_ZONE * module / scale))
            if wrong:
                covered.setdefault(payload, []).append((wrong, modules * modules))
            if not (too_small or blocked or wrong):
                good[payload] = good.get(payload, 0) + 1
    for payload, sizes in small.items():
        findings.append(Finding(False, "code", f"the QR code for {payload} prints {mm(min(sizes))} wide; "
                                               f"it must be at least {mm(min_qr)}", payload, len(sizes)))
    for payload, counts in covered.items():
        findings.append(Finding(False, "code", f"the QR code for {payload} has {max(counts)[0]} of "
                                               f"{counts[0][1]} modules drawn wrong (something covers it); it "
                                               "scans only thanks to error correction", payload, len(counts)))
    for (payload, side, dark), gaps in crowded.items():
        what = "dark marks" if dark else f"the {where} ends"
        findings.append(Finding(False, "code", f"the QR code for {payload} has no quiet zone on its {side}: "
                                               f"{what} {mm(max(0.0, min(g for g, _ in gaps)))} from the code "
                                               f"(it needs {QUIET_ZONE} modules, {mm(gaps[0][1])}, of white)",
                                payload, len(gaps)))
    for payload, count in good.items():
        findings.append(Finding(True, "code", f"QR code {payload} ({ids(index.payloads[payload])}), at least "
                                              f"{mm(min_qr)} wide, quiet zone clear", payload, count))
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


def _modules_wrong(image, box, payload: str, ec: str, modules: int, orientation: int) -> int:
    """How many modules read clearly opposite to the payload's encoding (0 when the symbol is
    not printgen's encoding of it: another size, or another encoder's mask; or is skewed)."""
    from PIL import Image

    dark, light = _expected(payload, ec if ec in ("L", "M", "Q", "H") else "M", modules)
    if dark is None or orientation % 90:
        return 0
    symbol = image.crop(tuple(round(v) for v in box))
    if orientation % 360:
        symbol = symbol.rotate(orientation, expand=True)
    cells = symbol.resize((modules, modules), Image.BOX).tobytes()
    # one byte a module, 1 where it reads clearly light (or dark): mid-greys are edges, not faults
    reads_light, reads_dark = (int.from_bytes(cells.translate(t), "big") for t in (_READS_LIGHT, _READS_DARK))
    wrong = (reads_light & dark).bit_count() + (reads_dark & light).bit_count()
    return 0 if wrong > modules * modules // 4 else wrong


_READS_LIGHT = bytes(1 if v > 160 else 0 for v in range(256))
_READS_DARK = bytes(1 if v < 96 else 0 for v in range(256))


@functools.lru_cache(maxsize=1024)
def _expected(payload: str, ec: str, modules: int) -> tuple[int | None, int | None]:
    """The payload's modules as printgen encodes them, a byte each: (1 where dark, 1 where light);
    (None, None) when that encoding has another number of modules."""
    rows = encode(payload, ec).rows
    if len(rows) != modules and modules > len(rows) and (modules - 17) % 4 == 0:
        rows = encode(payload, ec, (modules - 17) // 4).rows     # printed at a larger version (compose._qr)
    if len(rows) != modules:
        return None, None
    cells = [dark for row in rows for dark in row]
    return int.from_bytes(bytes(cells), "big"), int.from_bytes(bytes(not dark for dark in cells), "big")


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
    sides = (("left", (ox0, iy0, ix0, iy1), ox0 < lx0, x0 - lx0),
             ("right", (ix1, iy0, ox1, iy1), ox1 > lx1, lx1 - x1),
             ("top", (ox0, oy0, ox1, iy0), oy0 < ly0, y0 - ly0),
             ("bottom", (ox0, iy1, ox1, oy1), oy1 > ly1, ly1 - y1))
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
