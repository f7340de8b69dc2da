"""A combined file written from its first venue's pages (printgen.pdf_combined): every page as
ReportLab's whole file has it (its content stream, text, pixels, links, boxes, fonts), the
first venue's pages alone drawn by ReportLab, and what the writer does not cover written whole."""

from __future__ import annotations

import io
from types import SimpleNamespace

import pytest
import zxingcpp
from conftest import CATALOGUE, LAYOUTS, ROOT
from readback import fonts, links, page_boxes

import printgen.pdf_write
from printgen.batch import combined
from printgen.catalogue.load import load_catalogue
from printgen.layout.load import load_layout
from printgen.pages import Face, Page, Placement, TextRun
from printgen.pdf_combined import combined_bytes

MANIFEST = SimpleNamespace(sheets=1, offset=(0.0, 0.0), back_offset=(0.0, 0.0), allow_stale=False, strings=None,
                           strict=False, allow_fallback=False, print_shop=None)
# Latin, accents (first: its letters take codes before a later page's face takes its own),
# Arabic (shaped), a name on two lines, and CJK names enough to fill a font's first subset (256
# codes) and start more
VENUES = (["Café Olé", "Rose City Motel", "Motel 6", "مطعم الشرق", "Łódź Ōkami Žabka",
           "A venue whose name is long enough to run onto a second line of its box"]
          + ["".join(chr(0x4E00 + 7 * i + k) for k in range(6)) + "店" for i in range(50)])


@pytest.fixture(scope="module")
def catalogue():
    return load_catalogue(CATALOGUE)


def both(catalogue, layout: str, lang: str, venues, monkeypatch):
    """(this writer's file, ReportLab's whole file, how many pages ReportLab drew for this writer's)."""
    drawn = []
    written = printgen.pdf_write.written

    def counted(pages, *args, **kwargs):
        drawn.append(len(pages))
        return written(pages, *args, **kwargs)

    layout = load_layout(layout, ROOT / "tests" / "data" / "layouts" if layout == "venue-cards" else LAYOUTS)
    with monkeypatch.context() as patch:
        patch.setattr(printgen.pdf_write, "written", counted)
        new, pages, _, _ = combined.combined_pdf(catalogue, layout, MANIFEST, lang, [{"name": v} for v in venues])
    with monkeypatch.context() as patch:
        patch.setattr(combined, "combined_bytes", lambda *args: None)
        whole, also, _, _ = combined.combined_pdf(catalogue, layout, MANIFEST, lang, [{"name": v} for v in venues])
    assert pages == also
    return new, whole, drawn


def streams(pdf: bytes) -> list[bytes]:
    from pypdf import PdfReader

    return [page.get_contents().get_data() for page in PdfReader(io.BytesIO(pdf)).pages]


def rendered(pdf: bytes, numbers=None, dpi: int = 40) -> list[tuple[str, object]]:
    """Each page's text as pdfium reads it, and its image (of the pages ``numbers``, else all)."""
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(pdf)
    try:
        out = []
        for i in range(len(doc)) if numbers is None else numbers:
            page = doc[i]
            text = page.get_textpage()
            out.append((text.get_text_range(), page.render(scale=dpi / 72).to_pil().convert("L")))
            text.close()
            page.close()
        return out
    finally:
        doc.close()


def same(a, b) -> bool:
    return [(text, image.tobytes()) for text, image in a] == [(text, image.tobytes()) for text, image in b]


def syntax(pdf: bytes) -> list[str]:
    import pikepdf

    with pikepdf.open(io.BytesIO(pdf)) as doc:
        return doc.check_pdf_syntax()


@pytest.mark.parametrize("layout, lang, per_venue, lined", [
    ("poster-letter", "en", 1, True), ("poster-letter", "ar", 1, True),
    ("venue-cards", "en", 2, True),                 # lines on both pages, over four placed faces each
    ("wallet-card-bilingual", "en+es", 2, False),   # no venue text: every venue's pages the first's
])
def test_every_page_is_the_page_reportlab_writes_the_whole_file_with(catalogue, monkeypatch, layout, lang, per_venue,
                                                                     lined):
    new, whole, drawn = both(catalogue, layout, lang, VENUES, monkeypatch)
    assert drawn == [per_venue], "ReportLab drew the first venue's pages alone"
    assert new != whole
    assert streams(new) == streams(whole), "each page's content stream, operator for operator"
    assert same(rendered(new), rendered(whole)), "each page's text (the fonts' ToUnicode maps) and pixels"
    assert links(new) == links(whole) and links(new) and {page for page, _ in links(new)} <= set(range(per_venue))
    assert page_boxes(new) == page_boxes(whole)
    assert fonts(new) == fonts(whole) and all(embedded for _, embedded in fonts(new))
    cjk = [name for name, _ in fonts(new) if "DroidSansFallback" in name]
    assert len(cjk) >= 2 if lined else cjk == [], "CJK venue names took 2 subsets of the font"
    assert all(venue in " ".join(text.split()) for venue, (text, _) in zip(VENUES, rendered(new)[::per_venue])) == lined
    assert syntax(new) == []
    again, _, _ = both(catalogue, layout, lang, VENUES, monkeypatch)
    assert again == new, "the same inputs give the same bytes"


def test_a_poster_for_a_thousand_venues_is_read_from_its_pixels(catalogue, monkeypatch):
    venues = [f"Venue {i:04d} on Main Street" for i in range(1000)]
    new, whole, drawn = both(catalogue, "poster-letter", "en", venues, monkeypatch)
    assert drawn == [1] and len(streams(new)) == 1000
    assert len(new) <= len(whole)
    sample = (0, 1, 517, 998, 999)
    pages = rendered(new, sample, dpi=100)
    assert same(pages, rendered(whole, sample, dpi=100))
    for number, (text, image) in zip(sample, pages):
        assert venues[number] in " ".join(text.split())
        assert [c.text for c in zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode)] == \
            ["tel:+18883737888"]


def test_pages_of_their_own_are_written_whole_by_reportlab(catalogue, monkeypatch):
    new, whole, drawn = both(catalogue, "handout-letter", "en", VENUES[:3], monkeypatch)
    assert new == whole and drawn == []


def _page(face: str = "front") -> Page:
    return Page(612, 792, (Placement(face, 0, 0),))


LINE = TextRun(30, 60, "Rose City Motel", "bold", 18, "#444444", 150)


@pytest.mark.parametrize("venues", [
    [[(_page(), (LINE,))], [(_page("front-1"), (LINE,))]],                      # a venue's face of its own
    [[(_page(), (LINE,))], [(_page(), ())]],                                     # lines on one venue's page only
    [[(_page(), ())], [(_page(), (LINE,))]],
    [[(_page(), (LINE,))], [(_page(), (LINE,)), (_page(), (LINE,))]],            # more pages
    [[(_page(), (TextRun(30, 60, "503-555-0100", "bold", 18, "#444444", 150, "tel:+15035550100"),))]],  # a link
    [[(Page(612, 792, (Placement("front", 0, 0),), content=(LINE,)), (LINE,))]],   # a page's own content
    [[(Page(612, 792, (Placement("front", 0, 0),), outline=(("Help", 0, 700.0),)), (LINE,))]],  # a bookmark
])
def test_what_the_writer_does_not_cover_is_left_to_reportlab(venues):
    face = Face("front", 612, 792, 0, (), ())
    assert combined_bytes(venues, {"front": face, "front-1": face}, "t", "s", "en") is None
