"""The print-shop profile: files a print shop's preflight accepts, built to PDF/X-4 rules.

- **One item per page, with bleed and marks.** A layout's items (a card, a poster, a handout's
  pages) each get a page of their own: the trim, a bleed on every edge (0.125 in, or 3 mm for
  metric sheets; a layout's own larger bleed is kept) into which colour that touches the trim
  runs on, and crop marks (and a brochure's fold marks) outside the bleed. TrimBox and
  BleedBox are set on every page. Office-printer options (sheets, offsets) do not apply.
- **CMYK only.** Colours are written as inks (``printgen.colors``: black and greys in black
  ink alone), no links or other annotations, no transparency, no images (a layout's picture
  would need a colour conversion printgen does not make: refused with a message).
- **PDF/X-4 identification** (pikepdf): an output intent carrying the ICC profile the user
  gives (``--output-intent FILE --condition NAME``), PDF 1.6, XMP with
  ``pdfxid:GTS_PDFXVersion`` PDF/X-4, ``Trapped`` False, document and version ids derived
  from the file's content, and the catalogue's verified date as the creation date (no clock:
  the same inputs give the same bytes).
- **A job sheet** beside the PDF (``FILE.job.txt``, written by ``printgen.jobsheet``): what it
  is, sizes, bleed, paper, quantity, duplex, colours, the verified date.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import io
import uuid
from dataclasses import dataclass, replace
from pathlib import Path

from printgen.errors import InputError
from printgen.layout.model import ImageElement, Layout
from printgen.marks import trim_marks
from printgen.pages import Page, Placement, Rule, TextRun
from printgen.units import parse_length
from printgen.xmp import packet

US_BLEED = parse_length("0.125in")
METRIC_BLEED = parse_length("3mm")
MARK_GAP = 3.0              # between the bleed's edge and a crop mark
MARK_LENGTH = 18.0
MARK_ROOM = 6.0             # white beyond the marks
NOTICE = "built to PDF/X-4 rules; not certified by a preflight tool"


@dataclass(frozen=True)
class PrintShop:
    """What the user gives for print-shop files: the output intent's ICC profile and
    condition, and for the job sheet the quantity and paper (optional)."""

    profile_name: str
    profile: bytes
    condition: str
    quantity: int | None = None
    paper: str | None = None

    def key(self) -> list:
        """What a batch's digest holds of it."""
        return [hashlib.sha256(self.profile).hexdigest(), self.condition, self.quantity, self.paper]


def icc_header(data: bytes) -> tuple[str, str] | None:
    """(device class, colour space) of an ICC profile, e.g. ("prtr", "CMYK"); None if not a profile."""
    if len(data) < 128 or data[36:40] != b"acsp":
        return None
    return data[12:16].decode("latin-1").strip(), data[16:20].decode("latin-1").strip()


def load_print_shop(profile: str | Path, condition: str | None, quantity: int | None = None,
                    paper: str | None = None, where: str = "--output-intent") -> PrintShop:
    """Read and check the output intent's profile: a CMYK output (printer) profile."""
    path = Path(profile)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputError(f"{where} {path}: file not found; give the print shop's CMYK ICC profile") from None
    except OSError as exc:
        raise InputError(f"{where} {path}: cannot be read ({exc.strerror})") from None
    header = icc_header(data)
    if header is None:
        raise InputError(f"{where} {path}: not an ICC profile; give the print shop's CMYK output profile (.icc)")
    if header != ("prtr", "CMYK"):
        raise InputError(f"{where} {path}: the profile is for {header[1]} (class {header[0]}); an output intent is "
                         "a CMYK output (printer) profile, class prtr: ask the shop for theirs")
    if not condition or not condition.strip():
        raise InputError(f"{where}: give the printing condition with --condition NAME (e.g. FOGRA39, "
                         "CGATS TR 006 for GRACoL): the name the shop's profile is registered under")
    return PrintShop(path.name, data, condition.strip(), quantity, paper)


def bleed_of(layout: Layout) -> float:
    """0.125 in, or 3 mm for metric sheets (A sizes; without a named sheet, an item measured in
    whole millimetres, not in eighths of an inch); a larger bleed of the layout's own is kept."""
    if layout.sheet is not None and isinstance(layout.sheet.size, str):
        metric = layout.sheet.size.startswith("a")
    else:
        metric = all(_whole(v, parse_length("1mm")) and not _whole(v, 9.0) for v in layout.item.size)
    return max(layout.item.bleed, METRIC_BLEED if metric else US_BLEED)


def _whole(value: float, unit: float) -> bool:
    return abs(value / unit - round(value / unit)) < 0.01


_LAYOUTS: dict[int, tuple[Layout, Layout]] = {}


def shop_layout(layout: Layout) -> Layout:
    """The layout with one item per page and a print shop's bleed (made once per layout, so
    what renders reuse stays reused)."""
    held = _LAYOUTS.get(id(layout))
    if held is not None and held[0] is layout:
        return held[1]
    images = [i for face in layout.face_names() for i, e in enumerate(layout.elements(face))
              if isinstance(e, ImageElement)]
    if images:
        raise InputError(f"{layout.file}: faces: an image cannot go into a print-shop file (printgen does not "
                         "convert pictures to CMYK); leave --print-shop off, or draw without the image")
    update = {"item": layout.item.model_copy(update={"bleed": bleed_of(layout)})}
    if layout.flow is None:
        update.update(sheet=None, grid=None)
    elif layout.sheet is not None and tuple(round(v, 1) for v in layout.sheet.points) != \
            tuple(round(v, 1) for v in layout.item.size):
        raise InputError(f"{layout.file}: item.size differs from the sheet; a print-shop file needs the "
                         "pages at their trimmed size")
    copy = layout.model_copy(update=update)
    if len(_LAYOUTS) > 64:
        _LAYOUTS.clear()
    _LAYOUTS[id(layout)] = (layout, copy)
    return copy


def shop_pages(pages: list[Page], bleed: float) -> list[Page]:
    """Each page around its trim: room for the bleed and the marks, TrimBox and BleedBox."""
    margin = bleed + MARK_GAP + MARK_LENGTH + MARK_ROOM
    out = []
    for page in pages:
        x0, y0, x1, y1 = page.trim or (0.0, 0.0, page.width, page.height)
        w, h = x1 - x0, y1 - y0
        dx, dy = margin - x0, margin - y0
        folds = tuple(sorted({round(r.x1 - x0, 3) for r in page.marks
                              if isinstance(r, Rule) and r.dash and r.x1 == r.x2}))
        out.append(Page(
            w + 2 * margin, h + 2 * margin,
            tuple(Placement(p.face, p.x + dx, p.y + dy) for p in page.placements),
            trim_marks(margin, margin, w, h, bleed + MARK_GAP, MARK_LENGTH, folds),
            (margin, margin, margin + w, margin + h),
            (margin - bleed, margin - bleed, margin + w + bleed, margin + h + bleed),
            page.label,
            tuple(moved(s, dx, dy) for s in page.content),
            tuple((t, level, y + dy) for t, level, y in page.outline)))
    return out


def moved(shape, dx: float, dy: float):
    if isinstance(shape, Rule):
        return replace(shape, x1=shape.x1 + dx, y1=shape.y1 + dy, x2=shape.x2 + dx, y2=shape.y2 + dy)
    if isinstance(shape, TextRun) and shape.box is not None:
        bx, by, bw, bh = shape.box
        return replace(shape, x=shape.x + dx, y=shape.y + dy, box=(bx + dx, by + dy, bw, bh))
    if dataclasses.is_dataclass(shape) and hasattr(shape, "x"):
        return replace(shape, x=shape.x + dx, y=shape.y + dy)
    return shape


# -- the file's identification (pikepdf) --------------------------------------------------------

def to_pdfx(data: bytes, shop: PrintShop, title: str, subject: str, lang: str, verified: dt.date) -> bytes:
    """ReportLab's bytes with the output intent, PDF/X-4 identification and version 1.6."""
    import pikepdf

    pdf = pikepdf.open(io.BytesIO(data))
    profile = pdf.make_stream(shop.profile)
    profile.N = 4
    profile.Alternate = pikepdf.Name.DeviceCMYK
    intent = pikepdf.Dictionary(Type=pikepdf.Name.OutputIntent, S=pikepdf.Name.GTS_PDFX,
                                OutputConditionIdentifier=shop.condition, OutputCondition=shop.condition,
                                Info=shop.condition, RegistryName="http://www.color.org",
                                DestOutputProfile=profile)
    pdf.Root.OutputIntents = pikepdf.Array([pdf.make_indirect(intent)])
    date = verified.strftime("D:%Y%m%d000000Z")
    iso = f"{verified.isoformat()}T00:00:00Z"
    info = pdf.docinfo
    info.Title = title
    info.GTS_PDFXVersion = "PDF/X-4"
    info.Trapped = pikepdf.Name("/False")          # printgen traps nothing; the shop may
    info.CreationDate = date
    info.ModDate = date
    ids = uuid.UUID(hashlib.sha256(data + shop.profile + shop.condition.encode()).hexdigest()[:32])
    xmp = packet(title, subject, lang, properties={
        "pdfxid:GTS_PDFXVersion": "PDF/X-4", "pdf:Trapped": "False",
        "xmp:CreateDate": iso, "xmp:ModifyDate": iso, "xmp:MetadataDate": iso,
        "xmpMM:DocumentID": f"uuid:{ids}", "xmpMM:InstanceID": f"uuid:{ids}",
        "xmpMM:VersionID": "1", "xmpMM:RenditionClass": "default"})
    pdf.Root.Metadata = pdf.make_stream(xmp, Type=pikepdf.Name.Metadata, Subtype=pikepdf.Name.XML)
    out = io.BytesIO()
    pdf.save(out, min_version="1.6", force_version="1.6", deterministic_id=True)
    return out.getvalue()
