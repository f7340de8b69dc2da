"""Checking a print-shop file against the PDF/X-4 rules printgen builds to (read with pikepdf).

Built to PDF/X-4 rules; not certified by a preflight tool. What is checked:

- colour: no DeviceRGB and no RGB colour space (ICC-based with three components, CalRGB, or an
  indexed, separation or DeviceN space based on one) in any content stream, form, image,
  shading or inline image; the operators ``rg``/``RG`` nowhere;
- an output intent (``/GTS_PDFX``) whose profile is a CMYK output profile (ICC class ``prtr``);
- boxes: a TrimBox on every page, inside its BleedBox, inside the MediaBox;
- fonts: every font a page or form uses is embedded (Type 3 fonts are drawings);
- no transparency: no soft mask, no constant alpha below 1, no blend mode but Normal, no
  transparency group; no annotation on the page but printer's marks;
- identification: PDF 1.6 or later, XMP naming PDF/X-4, ``Trapped`` True or False, a title.
"""

from __future__ import annotations

import io

from printgen.check.findings import Finding
from printgen.errors import InputError

NOTICE = "built to PDF/X-4 rules; not certified by a preflight tool"
RGB_NAMES = {"/DeviceRGB", "/CalRGB", "/RGB"}
KIND = "print-shop"


def print_shop_findings(pdf: bytes, name: str) -> dict[int, list[Finding]]:
    """Findings by page number (1-based); the file's own (output intent, identification) on page 1."""
    import pikepdf

    try:
        doc = pikepdf.open(io.BytesIO(pdf))
    except pikepdf.PdfError as exc:
        raise InputError(f"{name}: not a readable PDF ({str(exc).splitlines()[0]})") from None
    with doc:
        out = {n: _page(page) for n, page in enumerate(doc.pages, 1)}
        out.setdefault(1, [])
        out[1] = _document(doc) + out[1]
    return out


def _bad(message: str) -> Finding:
    return Finding(False, KIND, message)


def _good(message: str) -> Finding:
    return Finding(True, KIND, message)


def _document(doc) -> list[Finding]:
    import pikepdf

    found = []
    intents = [i for i in doc.Root.get("/OutputIntents", []) if i.get("/S") == pikepdf.Name.GTS_PDFX]
    if not intents:
        found.append(_bad("no PDF/X output intent: the shop cannot tell which press the colours are for "
                          "(render with --print-shop --output-intent FILE --condition NAME)"))
    else:
        profile = intents[0].get("/DestOutputProfile")
        data = profile.read_bytes() if profile is not None else b""
        header = (data[12:16], data[16:20]) if len(data) >= 128 and data[36:40] == b"acsp" else None
        condition = str(intents[0].get("/OutputConditionIdentifier", ""))
        if header != (b"prtr", b"CMYK"):
            found.append(_bad("the output intent's profile is not a CMYK output profile"
                              + (f" ({header[1].decode('latin-1').strip()}, class {header[0].decode('latin-1')})"
                                 if header else " (missing or not an ICC profile)")))
        else:
            found.append(_good(f"output intent {condition}: a CMYK output profile"))
    version = tuple(int(v) for v in doc.pdf_version.split("."))
    if version < (1, 6):
        found.append(_bad(f"PDF {doc.pdf_version}; PDF/X-4 is PDF 1.6 or later"))
    try:
        with doc.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False) as meta:
            pdfx = meta.get("pdfxid:GTS_PDFXVersion")
    except Exception:           # a damaged XMP packet reads as none
        pdfx = None
    if pdfx != "PDF/X-4":
        found.append(_bad("the XMP metadata does not say PDF/X-4 (pdfxid:GTS_PDFXVersion)"))
    trapped = doc.docinfo.get("/Trapped") if doc.trailer.get("/Info") is not None else None
    if trapped not in (pikepdf.Name("/True"), pikepdf.Name("/False")):
        found.append(_bad("Trapped is not set to True or False in the document information"))
    if doc.trailer.get("/Info") is None or not str(doc.docinfo.get("/Title", "")).strip():
        found.append(_bad("the document has no title"))
    if all(f.ok for f in found):
        found.append(_good(f"identified as PDF/X-4, PDF {doc.pdf_version}, Trapped {trapped}: {NOTICE}"))
    return found


def _page(page) -> list[Finding]:
    import pikepdf

    found = []
    obj = page.obj
    media = [float(v) for v in obj.MediaBox]
    trim = obj.get("/TrimBox")
    bleed = obj.get("/BleedBox")
    if trim is None:
        found.append(_bad("the page has no TrimBox: the shop cannot tell where to cut"))
    else:
        trim = [float(v) for v in trim]
        outer = [float(v) for v in bleed] if bleed is not None else media
        if not (_inside(trim, outer) and _inside(outer, media)):
            found.append(_bad("the TrimBox is not inside the BleedBox, or the BleedBox not inside the MediaBox"))
        else:
            found.append(_good("TrimBox inside BleedBox inside MediaBox"))
    group = obj.get("/Group")
    if group is not None and group.get("/S") == pikepdf.Name.Transparency:
        found.append(_bad("the page is a transparency group"))
    annots = sorted(str(a.get("/Subtype", "")).lstrip("/") for a in obj.get("/Annots", [])
                    if a.get("/Subtype") not in (pikepdf.Name.PrinterMark, pikepdf.Name.TrapNet))
    if annots:
        found.append(_bad(f"{len(annots)} annotations ({', '.join(sorted(set(annots)))}) lie on the page; "
                          "a print file carries none"))
    walker = _Walker()
    walker.content(obj, obj.get("/Resources", pikepdf.Dictionary()))
    found += [_bad(m) for m in sorted(walker.problems)]
    if not walker.problems:
        found.append(_good("CMYK only (no RGB), fonts embedded, no transparency"))
    return found


def _inside(inner, outer, tolerance: float = 0.01) -> bool:
    return (inner[0] >= outer[0] - tolerance and inner[1] >= outer[1] - tolerance
            and inner[2] <= outer[2] + tolerance and inner[3] <= outer[3] + tolerance)


class _Walker:
    """Every content stream of a page and of the forms it draws, once each."""

    def __init__(self):
        self.problems: set[str] = set()
        self.seen: set = set()
        self.rgb: list[str] = []         # the DeviceRGB operators met (rg, RG), as written

    def content(self, holder, resources) -> None:
        import pikepdf

        for operands, operator in pikepdf.parse_content_stream(holder):
            op = str(operator)
            if op in ("rg", "RG"):
                if not self.rgb:
                    self.problems.add(f"DeviceRGB colour: {' '.join(f'{float(o):g}' for o in operands)} {op} "
                                      "(and every other rg or RG on the page)")
                self.rgb.append(op)
            elif op in ("cs", "CS"):
                self.space(operands[0], resources, "a colour")
            elif op == "gs":
                self.state(resources.get("/ExtGState", {}).get(str(operands[0])))
            elif op == "sh":
                shading = resources.get("/Shading", {}).get(str(operands[0]))
                if shading is not None:
                    self.space(shading.get("/ColorSpace"), resources, "a shading")
            elif op == "Do":
                self.xobject(resources.get("/XObject", {}).get(str(operands[0])))
            elif op == "INLINE IMAGE":
                image = operands[0]
                self.space(image.obj.get("/CS") if hasattr(image, "obj") else None, resources, "an inline image")
            elif op == "Tf":
                self.font(resources.get("/Font", {}).get(str(operands[0])), str(operands[0]))

    def space(self, space, resources, what: str) -> None:
        import pikepdf

        if space is None:
            return
        if isinstance(space, pikepdf.Name) and str(space) not in ("/DeviceRGB", "/DeviceCMYK", "/DeviceGray",
                                                                  "/Pattern"):
            space = resources.get("/ColorSpace", {}).get(str(space), space)
        if _rgb(space):
            self.problems.add(f"{what} in an RGB colour space ({_space_name(space)})")

    def state(self, gs) -> None:
        if gs is None:
            return
        for key in ("/CA", "/ca"):
            if key in gs and float(gs[key]) < 1:
                self.problems.add(f"transparency: constant alpha {key[1:]} {float(gs[key]):g}")
        if "/SMask" in gs and str(gs.SMask) != "/None":
            self.problems.add("transparency: a soft mask")
        if "/BM" in gs and str(gs.BM) not in ("/Normal", "/Compatible"):
            self.problems.add(f"transparency: blend mode {gs.BM}")

    def xobject(self, xobject) -> None:
        import pikepdf

        if xobject is None or xobject.objgen in self.seen:
            return
        self.seen.add(xobject.objgen)
        subtype = xobject.get("/Subtype")
        if subtype == pikepdf.Name.Image:
            if _rgb(xobject.get("/ColorSpace")):
                self.problems.add(f"an image in an RGB colour space ({_space_name(xobject.get('/ColorSpace'))})")
            if "/SMask" in xobject:
                self.problems.add("transparency: an image with a soft mask")
        elif subtype == pikepdf.Name.Form:
            group = xobject.get("/Group")
            if group is not None and group.get("/S") == pikepdf.Name.Transparency:
                self.problems.add("transparency: a form is a transparency group")
            self.content(xobject, xobject.get("/Resources", pikepdf.Dictionary()))

    def font(self, font, name: str) -> None:
        import pikepdf

        if font is None or font.objgen in self.seen and font.objgen != (0, 0):
            return
        self.seen.add(font.objgen)
        if font.get("/Subtype") == pikepdf.Name.Type3:
            return
        target = font.DescendantFonts[0] if font.get("/Subtype") == pikepdf.Name.Type0 else font
        descriptor = target.get("/FontDescriptor")
        if descriptor is None or not any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")):
            self.problems.add(f"the font {font.get('/BaseFont', name)} is not embedded")


def _rgb(space) -> bool:
    import pikepdf

    if space is None:
        return False
    if isinstance(space, pikepdf.Name):
        return str(space) in RGB_NAMES
    if isinstance(space, pikepdf.Array) and len(space):
        family = str(space[0])
        if family == "/ICCBased":
            return int(space[1].get("/N", 0)) == 3
        if family in ("/CalRGB",):
            return True
        if family == "/Indexed":
            return _rgb(space[1])
        if family in ("/Separation", "/DeviceN"):
            return _rgb(space[2])
    return False


def _space_name(space) -> str:
    import pikepdf

    if isinstance(space, pikepdf.Array) and len(space):
        return str(space[0]).lstrip("/") + (" with 3 components" if str(space[0]) == "/ICCBased" else "")
    return str(space).lstrip("/")
