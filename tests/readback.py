"""Reading a written PDF back, as a phone and a person would: pixels, codes, text, fonts, boxes.

The tests' own reader, independent of printgen.check.read (which the product uses), so that the
tests do not prove printgen right with printgen's own code.
"""

from __future__ import annotations

import io
from dataclasses import dataclass


@dataclass(frozen=True)
class Code:
    page: int
    payload: str
    x: float        # bounding box in points, from the page's bottom-left
    y: float
    w: float
    h: float
    version: int = 0    # the QR version read from the pixels (modules a side: 17 + 4 x version)

    @property
    def module_mm(self) -> float:
        """The side of one module in mm, from the measured size and the version read."""
        return min(self.w, self.h) / (17 + 4 * self.version) * 25.4 / 72


def decode_codes(pdf: bytes, dpi: int = 200) -> list[Code]:
    """Every QR code found in the rasterised pages (pypdfium2 + zxing-cpp)."""
    import pypdfium2 as pdfium
    import zxingcpp

    found = []
    doc = pdfium.PdfDocument(pdf)
    try:
        for index in range(len(doc)):
            page = doc[index]
            height_pt = page.get_height()
            image = page.render(scale=dpi / 72).to_pil().convert("L")
            scale = 72 / dpi
            for result in zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode):
                pts = [result.position.top_left, result.position.top_right,
                       result.position.bottom_left, result.position.bottom_right]
                xs = [p.x * scale for p in pts]
                ys = [height_pt - p.y * scale for p in pts]
                version = int((result.extra or {}).get("Version") or 0)
                found.append(Code(index, result.text, min(xs), min(ys), max(xs) - min(xs), max(ys) - min(ys),
                                  version))
    finally:
        doc.close()
    return found


def page_texts(pdf: bytes) -> list[str]:
    from pypdf import PdfReader

    return [page.extract_text() or "" for page in PdfReader(io.BytesIO(pdf)).pages]


def fonts(pdf: bytes) -> list[tuple[str, bool]]:
    """(font name, embedded) for every font used on any page or in any form."""
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(pdf))
    out: dict[str, bool] = {}
    seen: set[int] = set()

    def walk(resources):
        if resources is None:
            return
        resources = resources.get_object()
        for font in (resources.get("/Font") or {}).values():
            font = font.get_object()
            descriptors = [font.get("/FontDescriptor")]
            for descendant in font.get("/DescendantFonts") or []:
                descriptors.append(descendant.get_object().get("/FontDescriptor"))
            embedded = any(d is not None and any(k in d.get_object() for k in ("/FontFile", "/FontFile2", "/FontFile3"))
                           for d in descriptors)
            out[str(font.get("/BaseFont"))] = embedded
        for xobject in (resources.get("/XObject") or {}).values():
            ref = getattr(xobject, "idnum", None)
            if ref in seen:
                continue
            seen.add(ref)
            walk(xobject.get_object().get("/Resources"))

    for page in reader.pages:
        walk(page.get("/Resources"))
    return sorted(out.items())


def page_boxes(pdf: bytes) -> list[dict[str, tuple[float, ...]]]:
    from pypdf import PdfReader

    out = []
    for page in PdfReader(io.BytesIO(pdf)).pages:
        boxes = {"media": tuple(float(v) for v in page.mediabox)}
        for key, name in (("/TrimBox", "trim"), ("/BleedBox", "bleed")):
            if key in page:
                boxes[name] = tuple(float(v) for v in page[key])
        out.append(boxes)
    return out


def links(pdf: bytes) -> list[tuple[int, str]]:
    from pypdf import PdfReader

    out = []
    for index, page in enumerate(PdfReader(io.BytesIO(pdf)).pages):
        for annot in page.get("/Annots") or []:
            annot = annot.get_object()
            action = annot.get("/A")
            if action is not None and "/URI" in action.get_object():
                out.append((index, str(action.get_object()["/URI"])))
    return out
