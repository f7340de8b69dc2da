"""Every use of ReportLab's internals, in one module (ReportLab is pinned below its next major
version in pyproject.toml; ``tests/test_embedding.py`` compares the bytes with ReportLab's own).

- **Font programs cut once**, each compressed program kept and reused, the objects built as
  ReportLab builds them (``TTFontFace.addSubsetObjects``): the same bytes as without the reuse.
- **Shaped glyphs that read back as their text**: a glyph no character maps to (beh's initial
  form, lam-alef) gets a private code that draws it, and the ToUnicode map says which letters it
  stands for; private codes never reach the file (ReportLab writes per-subset codes).
- **Pillow and uharfbuzz deferred** (``printgen.deferred``); **font files parsed once**
  (``load_font``: the face kept in printgen's cache while the file's bytes are the same);
  **names escaped once** (``remember_names``); the font tables printgen reads (which characters
  have outlines, each glyph's outline box, units per em, advances, a shaped run's glyph places).
- **A written document taken apart, and text encoded where it left off** (for ``pdf_write`` and
  ``pdf_combined``): each object's bytes by number, the fonts' subsets as they stood before the
  fonts were written; a ``Continuation`` draws more text as if in that document, and
  ``subset_objects_bytes`` writes a subset's four objects as ReportLab would.
"""

from __future__ import annotations

import functools
import io
import struct
import zlib
from collections import OrderedDict

from printgen.deferred import defer

defer()     # before ReportLab's first import: Pillow and uharfbuzz load when first used (printgen.deferred)

from reportlab.pdfbase.ttfonts import SUBSETN, TTEncoding, TTFont, TTFontFace  # noqa: E402

MAX_PROGRAMS = 64           # distinct subsets kept per font (a program is 10-40 KB compressed)

Programs = OrderedDict  # (subset, compressed) -> (length of the program, the program as written)


def reuse_programs(font):
    """Make ``font`` (a ReportLab TTFont) embed its subsets through a cache of its own (a font
    that maps private code points to glyphs, for shaping, keeps its own meaning of them)."""
    face, programs = font.face, Programs()

    def add_subset_objects(doc, fontname, subset):
        return subset_objects(face, doc, fontname, subset, programs)

    face.addSubsetObjects = add_subset_objects
    font.programs = programs
    return font


def program(face, subset, compressed: bool, programs: Programs) -> tuple[int, bytes]:
    """(length of the subset's font program, the program as it goes in the file)."""
    key = (tuple(subset), compressed)
    found = programs.get(key)
    if found is None:
        data = face.makeSubset(subset)
        found = programs[key] = (len(data), zlib.compress(data) if compressed else data)
        if len(programs) > MAX_PROGRAMS:
            programs.popitem(last=False)
    else:
        programs.move_to_end(key)
    return found


def subset_objects(face, doc, fontname, subset, programs: Programs):
    """ReportLab's TTFontFace.addSubsetObjects, the program taken from ``programs``."""
    from reportlab.pdfbase import pdfdoc
    from reportlab.pdfbase.ttfonts import FF_NONSYMBOLIC, FF_SYMBOLIC

    length, data = program(face, subset, bool(doc.compression), programs)
    font_file = pdfdoc.PDFStream()
    font_file.content = data
    font_file.dictionary["Length1"] = length
    if doc.compression:             # already compressed: the Filter entry tells ReportLab so
        font_file.dictionary["Filter"] = pdfdoc.PDFArray([pdfdoc.PDFName(pdfdoc.PDFZCompress.pdfname)])
    font_file_ref = doc.Reference(font_file, f"fontFile:{face.filename}({fontname})")
    flags = (face.flags & ~FF_NONSYMBOLIC) | FF_SYMBOLIC
    descriptor = pdfdoc.PDFDictionary({
        "Type": "/FontDescriptor",
        "Ascent": face.ascent,
        "CapHeight": face.capHeight,
        "Descent": face.descent,
        "Flags": flags,
        "FontBBox": pdfdoc.PDFArray(face.bbox),
        "FontName": pdfdoc.PDFName(fontname),
        "ItalicAngle": face.italicAngle,
        "StemV": face.stemV,
        "FontFile2": font_file_ref,
        "MissingWidth": face.defaultWidth,
    })
    return doc.Reference(descriptor, "fontDescriptor:" + fontname)


PRIVATE = 0xF0000      # supplementary private use area: never in printgen's (checked) text
BLOCK = 100            # entries per bfchar block (the CMap limit)


def load_font(name: str, path: str, shaping: bool = False):
    """ReportLab's TTFont ``name`` of the file ``path`` (a ``ShapingFont`` when ``shaping``), as
    ``TTFont(name, path)`` makes it; its face (the tables read from the file) comes from
    printgen's cache while the file's bytes are the same."""
    from fnmatch import fnmatch
    from weakref import WeakKeyDictionary

    from reportlab import rl_config

    from printgen.source.cache import cached, note_file

    def parse() -> dict:
        note_file(path)
        return {k: v for k, v in vars(TTFontFace(path)).items() if k != "_pdfScale"}   # made below

    face = TTFontFace.__new__(TTFontFace)
    face.__dict__.update(cached("font-face", (path,), parse))
    per_em = face.unitsPerEm
    face._pdfScale = (lambda x: x) if per_em == 1000 else (lambda x, m=1000 / per_em: x * m)
    kind = ShapingFont if shaping else TTFont
    font = kind.__new__(kind)
    # TTFont.__init__, but for the face
    font.fontName, font.face, font.encoding, font.state = name, face, TTEncoding(), WeakKeyDictionary()
    font._asciiReadable = rl_config.ttfAsciiReadable
    font.shapable = not any(fnmatch(name, glob) for glob in (rl_config.unShapedFontGlob or ()))
    if shaping:
        font.start_shaping()
    return font


class ShapingFont(TTFont):
    """A TrueType font whose shaped glyphs carry the text they stand for (made by ``load_font``)."""

    def start_shaping(self) -> None:
        self.actual: dict[int, str] = {}                 # private code -> the text of its glyph
        self._codes: dict[tuple[int, str, float], int] = {}
        self._next = PRIVATE

    def code_for(self, glyph: int, text: str) -> int:
        """A code that draws ``glyph`` and reads back as ``text``."""
        face = self.face
        if len(text) == 1 and face.charToGlyph.get(ord(text)) == glyph:
            return ord(text)
        return self._private(glyph, text, self.pdfScale(face.hmetrics[glyph][0]))

    def carrier(self, text: str) -> int:
        """A code that draws nothing, advances nothing and reads back as ``text``: a right-to-left
        ligature's second letter (lam-alef), so each code stands for one letter, in order."""
        return self._private(self.face.charToGlyph[ord(" ")], text, 0)

    def _private(self, glyph: int, text: str, width: float) -> int:
        face = self.face
        key = (glyph, text, width)
        code = self._codes.get(key)
        if code is None:
            code = self._codes[key] = self._next
            self._next += 1
            face.charToGlyph[code] = glyph
            face.charWidths[code] = width
            self.actual[code] = text
        return code

    def addObjects(self, doc) -> None:
        state = self.state.get(doc)
        subsets = [list(s) for s in state.subsets] if state is not None else []
        super().addObjects(doc)
        for n, subset in enumerate(subsets):
            if any(code in self.actual for code in subset):
                base = b"".join((SUBSETN(n), b"+", self.face.name, self.face.subfontNameX)).decode("pdfdoc")
                doc.idToObject["toUnicodeCMap:" + base].content = to_unicode_cmap(base, subset, self.actual)


def _hex(text: str) -> str:
    return text.encode("utf-16-be").hex().upper()


def to_unicode_cmap(name: str, subset: list[int], actual: dict[int, str]) -> str:
    """ReportLab's ToUnicode CMap for one subset, with each private code mapped to its text."""
    entries = [f"<{i:02X}> <{_hex(actual[code] if code in actual else chr(code))}>" for i, code in enumerate(subset)]
    blocks = []
    for start in range(0, len(entries), BLOCK):
        chunk = entries[start:start + BLOCK]
        blocks += [f"{len(chunk)} beginbfchar", *chunk, "endbfchar"]
    return "\n".join([
        "/CIDInit /ProcSet findresource begin", "12 dict begin", "begincmap", "/CIDSystemInfo",
        f"<< /Registry ({name})", f"/Ordering ({name})", "/Supplement 0", ">> def", f"/CMapName /{name} def",
        "/CMapType 2 def", "1 begincodespacerange", f"<00> <{len(subset) - 1:02X}>", "endcodespacerange",
        *blocks, "endcmap", "CMapName currentdict /CMap defineresource pop", "end", "end"])


@functools.cache
def remember_names() -> None:
    """ReportLab escapes every name of every dictionary it writes, character by character (an
    eighth of the time to write 100 sheets of cards): a pure function, each name escaped once."""
    from reportlab.pdfbase import pdfdoc

    pdfdoc.PDFName = functools.lru_cache(maxsize=4096)(pdfdoc.PDFName)
    # a dictionary's words go through a codec found by name: short texts once (streams pass too)
    plain, short = pdfdoc.pdfdocEnc, functools.lru_cache(maxsize=4096)(pdfdoc.pdfdocEnc)
    pdfdoc.pdfdocEnc = lambda x: short(x) if type(x) is str and len(x) <= 64 else plain(x)


def glyph_table(font) -> tuple[dict[int, int], list[int]]:
    """(character -> glyph, glyph -> its outline's offset: one when below the next's) of a TTFont."""
    return font.face.charToGlyph, font.face.glyphPos


def units_per_em(font) -> int:
    return font.face.unitsPerEm


def advance(font, code: int) -> float:
    """The advance of a character code, in thousandths of the font size."""
    return font.face.charWidths[code]


def harfbuzz_face(font):
    """The HarfBuzz face ReportLab keeps for a TrueType font."""
    return font.hbFace


def shaped_string(codes: str, data: list):
    """ReportLab's string of shaped glyphs: ``data`` gives each glyph's cluster and position."""
    from reportlab.pdfbase.ttfonts import ShapedStr

    return ShapedStr(codes, shapeData=data)


def shape_data(cluster: int, x_advance: float, y_advance: float, x_offset: float, y_offset: float, width: float):
    from reportlab.pdfbase.ttfonts import ShapeData

    return ShapeData(cluster, x_advance, y_advance, x_offset, y_offset, width)


def glyph_positions(font, drawn: str) -> list[tuple[int | None, float, float, float]]:
    """(glyph, advance, x offset, y offset) of each code of a drawn run, in thousandths of its size."""
    glyphs, widths, data = font.face.charToGlyph, font.face.charWidths, getattr(drawn, "__shapeData__", None)
    if data is not None:
        return [(glyphs.get(ord(ch)), d.x_advance, d.x_offset, d.y_offset) for ch, d in zip(drawn, data)]
    return [(glyphs.get(ord(ch)), widths.get(ord(ch), 0.0), 0.0, 0.0) for ch in drawn]


def glyph_box(font, glyph: int) -> tuple[int, int, int, int] | None:
    """A glyph's outline box (x min, y min, x max, y max) in font units (glyf); None: no outline."""
    face = font.face
    start, end = face.glyphPos[glyph], face.glyphPos[glyph + 1]
    at = face.table["glyf"]["offset"] + start + 2
    return struct.unpack(">4h", face._ttf_data[at:at + 8]) if end > start else None


def shaped_advances(shaped) -> float:
    """The total advance of a shaped string, in thousandths of the font size."""
    return sum(d.x_advance for d in shaped.__shapeData__)


def begin_actual_text(text_object, text: str) -> None:
    """Open a marked-content span whose ActualText is ``text`` inside a ReportLab text object: a
    reader takes the span's text from it, in reading order, whatever order its glyphs are in."""
    text_object._code.append(f"/Span <</ActualText <FEFF{text.encode('utf-16-be').hex().upper()}>>> BDC")


def end_marked(text_object) -> None:
    """Close a marked-content span (in a text object, or on a canvas)."""
    text_object._code.append("EMC")


def begin_safe_area(canvas, area: tuple[float, float, float, float]) -> None:
    """Open a marked-content span on the page whose properties are the safe area (page points)
    of what it draws: ``/PrintgenSafeArea <</X0 .. /Y0 .. /X1 .. /Y1 ..>> BDC``, read back by
    ``printgen.check.safe``. ReportLab has no call for marked content on a canvas."""
    x0, y0, x1, y1 = (f"{round(v, 3):g}" for v in area)
    canvas._code.append(f"/PrintgenSafeArea <</X0 {x0} /Y0 {y0} /X1 {x1} /Y1 {y1}>> BDC")


def set_metadata(canvas, xmp: bytes) -> None:
    """The document's XMP packet as the catalog's /Metadata stream, uncompressed (as PDF/A and
    PDF/X readers expect it): ReportLab has no call for it."""
    from reportlab.pdfbase.pdfdoc import PDFDictionary, PDFName, PDFStream

    stream = PDFStream(PDFDictionary({"Type": PDFName("Metadata"), "Subtype": PDFName("XML")}), xmp, filters=[])
    canvas._doc.Catalog.Metadata = stream


# -- a written document taken apart, and continued (printgen/pdf_write.py) ---------------------

def raw_code(c, code: str) -> None:
    """``code`` as a line of the canvas's current content stream."""
    c._code.append(code)


def taken_code(c) -> str:
    """What the canvas drew since the last call, as content-stream text; the canvas forgets it."""
    code = "\n".join(c._code)
    del c._code[:]
    return code


def content_bytes(code: str) -> bytes:
    from reportlab.pdfbase.pdfdoc import pdfdocEnc

    return pdfdocEnc(code)


def form_name(name: str) -> str:
    from reportlab.pdfbase.pdfdoc import xObjectName

    return xObjectName(name)


def _copy_state(state):
    copy = TTFont.State.__new__(TTFont.State)
    copy.__dict__.update(state.__dict__, assignments=dict(state.assignments),
                         subsets=[list(s) for s in state.subsets], frozen=0)
    return copy


def font_states(c) -> dict:
    """font name -> (the font, its state in the canvas's document): taken before ``save``."""
    doc = c._doc
    return {f.fontName: (f, _copy_state(f.state[doc])) for f in doc.delayedFonts if doc in f.state}


def written_objects(c, data: bytes) -> tuple[dict[str, int], list[bytes]]:
    """(ReportLab's name of each object -> its number, each object's bytes in number order) of
    the canvas's saved document, ``data``."""
    doc = c._doc
    numbers = {name: n for name, (n, _) in doc.idToObjectNumberAndVersion.items()}
    offsets = sorted((doc.idToOffset[name], numbers[name]) for name in doc.idToOffset)
    ends = [o for o, _ in offsets[1:]] + [data.rindex(b"\nxref\n") + 1]
    objects = [b""] * len(offsets)
    for (start, n), end in zip(offsets, ends):
        objects[n - 1] = data[start:end]
    return numbers, objects


def font_mapping(c) -> dict[str, str]:
    return dict(c._doc.fontMapping)


class Continuation:
    """A canvas whose document goes on from another's fonts: ``begin`` before each venue, draw,
    ``taken_code``, then ``subsets`` says what the fonts hold now."""

    def __init__(self, states: dict, mapping: dict[str, str], initial_font: str):
        from reportlab.pdfgen import canvas

        self.states, self.mapping = states, mapping
        self.canvas = canvas.Canvas(io.BytesIO(), invariant=1, pageCompression=1, initialFontName=initial_font,
                                    initialFontSize=10)
        self.canvas._doc.inPage()

    def begin(self):
        doc = self.canvas._doc
        for font in doc.delayedFonts:
            font.state.pop(doc, None)
        for font, state in self.states.values():
            font.state[doc] = _copy_state(state)
        doc.fontMapping = dict(self.mapping)
        doc.delayedFonts = [font for font, _ in self.states.values()]
        del self.canvas._code[:]
        return self.canvas

    def subsets(self) -> dict[str, tuple]:
        """font name -> (the font, its internal name, its subsets) after what was drawn."""
        doc = self.canvas._doc
        return {f.fontName: (f, f.state[doc].internalName, [tuple(s) for s in f.state[doc].subsets])
                for f in doc.delayedFonts if doc in f.state}


def subset_names(font, internal: str, n: int) -> tuple[str, str, str, str]:
    """ReportLab's names of a subset's objects: (font, ToUnicode map, descriptor, program)."""
    base = b"".join((SUBSETN(n), b"+", font.face.name, font.face.subfontNameX)).decode("pdfdoc")
    return f"{internal}+{n}", "toUnicodeCMap:" + base, "fontDescriptor:" + base, f"fontFile:{font.face.filename}({base})"


def subset_objects_bytes(font, internal: str, n: int, subset, numbers: tuple[int, int, int, int]) -> list[bytes]:
    """The four objects of subset ``n`` of ``font`` (numbered ``numbers``), as ReportLab
    writes them: the font with its widths, the ToUnicode map (shaped glyphs read back as their
    text), the descriptor and the compressed program (cut once per process)."""
    from reportlab.lib.rl_accel import fp_str
    from reportlab.pdfbase.ttfonts import FF_NONSYMBOLIC, FF_SYMBOLIC

    face = font.face
    name, _, _, _ = subset_names(font, internal, n)
    base = b"".join((SUBSETN(n), b"+", face.name, face.subfontNameX)).decode("pdfdoc")
    f, t, d, p = numbers
    widths = " ".join(fp_str(face.getCharWidth(code)) for code in subset)
    cmap = zlib.compress(to_unicode_cmap(base, list(subset), getattr(font, "actual", {})).encode("latin-1"))
    length, program_data = program(face, list(subset), True, font.programs)
    flags = (face.flags & ~FF_NONSYMBOLIC) | FF_SYMBOLIC
    bbox = " ".join(fp_str(v) for v in face.bbox)
    return [
        (f"{f} 0 obj\n<<\n/BaseFont /{base} /FirstChar 0 /FontDescriptor {d} 0 R /LastChar {len(subset) - 1} "
         f"/Name /{name} /Subtype /TrueType \n  /ToUnicode {t} 0 R /Type /Font /Widths [ {widths} ]\n>>\nendobj\n"
         ).encode("latin-1"),
        b"%d 0 obj\n<<\n/Filter [ /FlateDecode ] /Length %d\n>>\nstream\n%sendstream\nendobj\n" % (t, len(cmap), cmap),
        (f"{d} 0 obj\n<<\n/Ascent {fp_str(face.ascent)} /CapHeight {fp_str(face.capHeight)} "
         f"/Descent {fp_str(face.descent)} /Flags {flags} /FontBBox [ {bbox} ] /FontFile2 {p} 0 R \n  "
         f"/FontName /{base} /ItalicAngle {fp_str(face.italicAngle)} /MissingWidth {fp_str(face.defaultWidth)} "
         f"/StemV {fp_str(face.stemV)} /Type /FontDescriptor\n>>\nendobj\n").encode("latin-1"),
        b"%d 0 obj\n<<\n/Filter [ /FlateDecode ] /Length %d /Length1 %d\n>>\nstream\n%sendstream\nendobj\n"
        % (p, len(program_data), length, program_data),
    ]
