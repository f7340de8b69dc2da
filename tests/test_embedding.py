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


def _state(font) -> dict:
    """A TTFont's attributes and its face's, but those made afresh for each font (per-document
    state, encoding object) and the face's scaling function (compared by its values)."""
    face = {k: v for k, v in vars(font.face).items() if k not in ("_pdfScale", "addSubsetObjects")}
    own = {k: v for k, v in vars(font).items() if k not in ("face", "state", "encoding", "programs")}
    return {"font": own, "face": face, "scale": [font.face._pdfScale(v) for v in (0, 1, 512, 2048)],
            "encoding": vars(font.encoding)}


def test_a_font_from_the_cache_is_the_font_reportlab_loads(tmp_path, monkeypatch):
    from reportlab.pdfbase.ttfonts import TTFont

    from printgen.text.fonts import FONT_DIR

    monkeypatch.setenv("PRINTGEN_CACHE", str(tmp_path / "cache"))
    for file in ("NotoSans-Regular.ttf", "NotoSansArabic-Bold.ttf", "DroidSansFallbackFull.ttf"):   # 256 units per em
        path = str(FONT_DIR / file)
        reportlab = TTFont("F", path)
        parsed = embedding.load_font("F", path)                 # parsed, and kept
        kept = embedding.load_font("F", path)                   # from the cache
        assert list(tmp_path.glob("cache/font-face-*.pickle"))
        assert _state(parsed) == _state(reportlab) == _state(kept), file
        assert kept.face is not parsed.face and kept.face.charToGlyph is not parsed.face.charToGlyph
    shaping = embedding.load_font("S", str(FONT_DIR / "NotoSansArabic-Regular.ttf"), shaping=True)
    assert isinstance(shaping, embedding.ShapingFont) and shaping.actual == {} and shaping._next == embedding.PRIVATE


def test_a_changed_font_file_is_read_again(tmp_path, monkeypatch):
    import shutil

    from printgen.text.fonts import FONT_DIR

    monkeypatch.setenv("PRINTGEN_CACHE", str(tmp_path / "cache"))
    path = tmp_path / "font.ttf"
    shutil.copy(FONT_DIR / "NotoSans-Regular.ttf", path)
    assert embedding.load_font("F", str(path)).face.familyName == b"Noto Sans"
    shutil.copy(FONT_DIR / "NotoSansHebrew-Regular.ttf", path)
    assert embedding.load_font("F", str(path)).face.familyName == b"Noto Sans Hebrew"
