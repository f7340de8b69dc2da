"""Font programs are cut and compressed once per process and reused: the file's bytes are what
ReportLab writes on its own, and the cache stays bounded."""

from __future__ import annotations

import io

from conftest import CATALOGUE, LAYOUTS

import printgen.text.rl_internals as embedding
from printgen.catalogue.load import load_catalogue
from printgen.layout.load import load_layout
from printgen.render import Options, render


def poster(venue: str) -> bytes:
    return render(load_catalogue(CATALOGUE), load_layout("poster-letter", LAYOUTS),
                  Options("en", venue={"name": venue})).pdf


def font_programs(pdf: bytes) -> list[bytes]:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(pdf))
    fonts = reader.pages[0]["/Resources"]["/XObject"]
    out = []
    for xobject in fonts.values():
        for font in xobject.get_object()["/Resources"]["/Font"].values():
            descriptor = font.get_object()["/FontDescriptor"].get_object()
            out.append(descriptor["/FontFile2"].get_object().get_data())
    return sorted(out)


def test_reused_programs_give_the_bytes_reportlab_writes():
    from reportlab.pdfbase import pdfdoc
    from reportlab.pdfbase.ttfonts import TTFontFace

    from printgen.text.fonts import FONT_DIR

    first = poster("Venue ABC")
    assert "addSubsetObjects" in vars(load_font_face()), "printgen's fonts embed through the cache"
    again = poster("Venue XYZ")               # ASCII names: the same subsets, from the cache
    assert font_programs(first) == font_programs(again)

    # the objects made through the cache, formatted, are ReportLab's own to the byte
    face = TTFontFace(str(FONT_DIR / "NotoSans-Regular.ttf"))
    subset = [ord(c) for c in "Call 911 or text HELP to 233733"]

    def formatted(make) -> bytes:
        doc = pdfdoc.PDFDocument(invariant=1, compression=1)
        before = set(doc.idToObject)
        make(face, doc, "AAAAAA+NotoSans-Regular", subset)
        made = [doc.idToObject[name] for name in sorted(set(doc.idToObject) - before)]
        assert len(made) == 2                   # the font program and its descriptor
        return b"".join(pdfdoc.format(obj, doc, toplevel=1) for obj in made)

    programs = embedding.Programs()
    ours = formatted(lambda *a: embedding.subset_objects(*a, programs))
    assert len(programs) == 1
    assert ours == formatted(lambda f, *a: TTFontFace.addSubsetObjects(f, *a))
    assert formatted(lambda *a: embedding.subset_objects(*a, programs)) == ours      # again, from the cache


def test_the_cache_is_bounded():
    face, programs = load_font_face(), embedding.Programs()
    for n in range(embedding.MAX_PROGRAMS + 10):
        embedding.program(face, list(range(32, 40)) + [65 + n % 26, 97 + n // 26], True, programs)
    assert len(programs) == embedding.MAX_PROGRAMS


def load_font_face():
    from printgen.text.fonts import PRIMARY, font

    return font(PRIMARY, "regular").face
