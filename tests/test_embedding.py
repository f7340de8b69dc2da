"""Font programs are cut and compressed once per process and reused: the file's bytes are what
ReportLab writes on its own, and the cache stays bounded."""

from __future__ import annotations

import io

from conftest import CATALOGUE, LAYOUTS

import printgen.embedding as embedding
from printgen.catalogue import load_catalogue
from printgen.layout import load_layout
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


def test_reused_programs_give_the_bytes_reportlab_writes(monkeypatch):
    embedding._PROGRAMS.clear()
    first = poster("Venue ABC")
    assert embedding._PROGRAMS, "the subsets were cut through the cache"
    again = poster("Venue XYZ")               # ASCII names: the same subsets, from the cache
    assert font_programs(first) == font_programs(again)
    # without the cache: ReportLab's own addSubsetObjects, on fresh fonts
    import printgen.fonts as fonts
    from reportlab.pdfbase import pdfmetrics

    monkeypatch.setattr(embedding, "reuse_programs", lambda font: font)
    saved = dict(pdfmetrics._fonts)
    fonts._load.cache_clear()
    try:
        plain = poster("Venue XYZ")
    finally:
        fonts._load.cache_clear()
        pdfmetrics._fonts.clear()
        pdfmetrics._fonts.update(saved)
    assert plain == again


def test_the_cache_is_bounded():
    embedding._PROGRAMS.clear()
    face = load_font_face()
    for n in range(embedding.MAX_PROGRAMS + 10):
        embedding.program(face, list(range(32, 40)) + [65 + n % 26, 97 + n // 26], True)
    assert len(embedding._PROGRAMS) <= embedding.MAX_PROGRAMS


def load_font_face():
    from printgen.fonts import PRIMARY, font

    return font(PRIMARY, "regular").face
