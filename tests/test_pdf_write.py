"""A venue's own file from reusable bytes (printgen/pdf_write.py) against the file ReportLab
draws whole (printgen/pdf.py): the same pixels, text, links, boxes and fonts, a strict reader's
approval, printgen check's, and the same bytes in any process."""

from __future__ import annotations

import io
import subprocess
import sys

import pytest
from click.testing import CliRunner
from conftest import CATALOGUE, LAYOUTS, ROOT
from readback import decode_codes, fonts, links, page_boxes, page_texts

from printgen.catalogue.load import load_catalogue
from printgen.cli import cli
from printgen.layout.load import load_layout
from printgen.pdf_write import venue_pdf
from printgen.render import Options, lay_out, write_pdf

CATALOGUES = ROOT / "tests" / "data" / "catalogues"
GB, TORONTO, GB_AR = CATALOGUES / "gb-uk.yaml", CATALOGUES / "ca-toronto.yaml", CATALOGUES / "gb-ar.yaml"

# a wallet card sheet whose front names the venue: one face, with venue text, placed ten times
CARD = (LAYOUTS / "wallet-card.yaml").read_text(encoding="utf-8").replace(
    "      box: [0.125in, 0.64in, 3.25in, 1.235in]",
    "      box: [0.125in, 0.64in, 3.25in, 1.0in]", 1).replace(
    "  back:\n", "    - type: text\n      box: [0.125in, 1.66in, 3.25in, 0.2in]\n      style: small\n"
                 "      text: \"{venue.name}\"\n  back:\n", 1)

CASES = [
    ("poster-letter", CATALOGUE, "en", "Rose City Motel"),
    ("poster-letter", CATALOGUE, "es", "Café Ñandú"),
    ("poster-a4", GB, "en", "The Crown & Anchor"),
    ("poster-a4", TORONTO, "en", "Hôtel Château Frontenac Ŵ"),
    ("poster-tearoff", CATALOGUE, "en", "Harbor Inn, North"),
    ("poster-letter-bilingual", CATALOGUE, "en+es", "Motel Ölçü Ñ"),
    ("card-venue", CATALOGUE, "en", "Zoë’s Diner"),
    ("poster-a4", GB_AR, "ar", "مقهى النخيل"),
    ("poster-letter", CATALOGUE, "en", "東京 Hotel 名字"),       # a font the design does not use
]


def _layout(name, tmp_path_factory):
    if name != "card-venue":
        return load_layout(name, LAYOUTS)
    folder = tmp_path_factory.mktemp("layouts")
    (folder / "card-venue.yaml").write_text(CARD, encoding="utf-8")
    return load_layout("card-venue", folder)


def _both(layout, catalogue, lang, venue):
    laid_out = lay_out(load_catalogue(catalogue), layout, Options(lang, venue={"name": venue}))
    fast = venue_pdf(list(laid_out.pages), dict(laid_out.faces), laid_out.title, laid_out.layout.description,
                     laid_out.lang)
    whole = write_pdf(list(laid_out.pages), dict(laid_out.faces), laid_out.title, laid_out.layout.description,
                      laid_out.lang)
    return laid_out, fast, whole


def _pixels(pdf: bytes) -> list[bytes]:
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(pdf)
    try:
        return [doc[i].render(scale=1).to_pil().convert("RGB").tobytes() for i in range(len(doc))]
    finally:
        doc.close()


@pytest.mark.parametrize("name,catalogue,lang,venue", CASES, ids=[f"{c[0]}-{c[1].stem}-{c[2]}" for c in CASES])
def test_a_venues_file_from_reused_bytes_is_the_file_reportlab_draws(name, catalogue, lang, venue, tmp_path,
                                                                     tmp_path_factory):
    import pikepdf
    from pypdf import PdfReader

    layout = _layout(name, tmp_path_factory)
    laid_out, fast, whole = _both(layout, catalogue, lang, venue)
    assert fast is not None and fast != whole                   # the new writer wrote it
    assert laid_out.pdf() == fast                               # and render, batch and serve use it
    assert _pixels(fast) == _pixels(whole)
    texts = page_texts(fast)
    assert texts == page_texts(whole)
    if lang != "ar":                                            # Arabic reads back in its own order
        assert sum(t.count(venue) for t in texts) >= 1
    assert links(fast) == links(whole) and links(fast)
    assert page_boxes(fast) == page_boxes(whole)
    assert fonts(fast) == fonts(whole) and all(embedded for _, embedded in fonts(fast))
    assert sorted(c.payload for c in decode_codes(fast)) == sorted(c.payload for c in decode_codes(whole))
    assert decode_codes(fast)
    PdfReader(io.BytesIO(fast), strict=True).pages[0].extract_text()
    with pikepdf.open(io.BytesIO(fast)) as pdf:
        assert pdf.check_pdf_syntax() == []
        assert str(pdf.docinfo["/Title"]) == laid_out.title and pdf.Root.Lang == laid_out.lang
        assert laid_out.title in str(pdf.open_metadata())
    path = tmp_path / "venue.pdf"
    path.write_bytes(fast)
    result = CliRunner().invoke(cli, ["check", str(path), "--catalogue", str(catalogue)])
    assert result.exit_code == 0, result.output


def test_a_venue_text_beyond_the_designs_subset_adds_its_glyphs():
    layout = load_layout("poster-letter", LAYOUTS)
    venue = "Ǆǅ Ꞗꞗ Ʃƪ Ɑɑ Ǭǭ"       # letters no text of the poster has: the venue's font gets them
    laid_out, fast, whole = _both(layout, CATALOGUE, "en", venue)
    assert venue in page_texts(fast)[0]
    assert _pixels(fast) == _pixels(whole)
    _, plain, _ = _both(layout, CATALOGUE, "en", "Plain Name")
    assert len(fast) > len(plain) + 500                        # a program with more glyphs


def test_the_same_venue_gives_the_same_bytes_in_any_process_and_after_any_other_venue():
    script = ("import sys; from printgen.catalogue.load import load_catalogue; "
              "from printgen.layout.load import load_layout; from printgen.render import Options, render; "
              f"c = load_catalogue({str(CATALOGUE)!r}); l = load_layout('poster-letter', {str(LAYOUTS)!r}); "
              "names = sys.argv[1:]; data = [render(c, l, Options('en', venue={'name': n})).pdf for n in names]; "
              "import hashlib; print(hashlib.sha256(data[-1]).hexdigest())")
    digests = {subprocess.run([sys.executable, "-c", script, *names], capture_output=True, text=True, check=True,
                              cwd=ROOT).stdout for names in (["Café Ñandú"], ["Ǆǅ Motel", "Rose Inn", "Café Ñandú"])}
    assert len(digests) == 1


def test_what_the_writer_does_not_cover_is_drawn_whole():
    catalogue = load_catalogue(CATALOGUE)
    cards = lay_out(catalogue, load_layout("wallet-card", LAYOUTS), Options("en"))
    assert venue_pdf(list(cards.pages), dict(cards.faces), cards.title, "", "en") is None    # no venue text
    assert cards.pdf() == write_pdf(list(cards.pages), dict(cards.faces), cards.title, cards.layout.description,
                                    cards.lang)


def test_venue_lines_between_static_shapes_keep_their_place_in_the_order():
    from printgen.pages import Face, Page, Placement, Rect, TextRun

    def line(text, y, font="regular"):
        return TextRun(72, y, text, font, 14, "#000000", 200)

    shapes = (line("Static first", 700), line("Rose Inn", 680, "bold"), line("Portland", 660),
              Rect(60, 600, 300, 40, "#1f3a5f", None), line("Ünïcödé Street 5", 610), line("Static last", 500))
    face = Face("front", 612, 792, 0, shapes, venue=(1, 2, 4))
    pages = [Page(612, 792, (Placement("front", 0, 0),))]
    fast = venue_pdf(pages, {"front": face}, "Title", "Subject", "en")
    whole = write_pdf(pages, {"front": face}, "Title", "Subject", "en")
    assert fast is not None and _pixels(fast) == _pixels(whole)
    text = page_texts(fast)[0]
    assert text == page_texts(whole)[0]
    assert [text.index(s) for s in ("Static first", "Rose Inn", "Portland", "Ünïcödé Street 5", "Static last")] \
        == sorted(text.index(s) for s in ("Static first", "Rose Inn", "Portland", "Ünïcödé Street 5", "Static last"))
