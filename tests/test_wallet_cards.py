"""Wallet cards read back from the written PDF: sizes, codes from pixels, text, fonts, boxes."""

from __future__ import annotations

import io
import re

import pdfplumber
import pytest
from conftest import CATALOGUE, LAYOUTS, decoded, rendered

from printgen.catalogue.load import load_catalogue
from readback import fonts, links, page_boxes, page_texts

CARD_LAYOUTS = ["wallet-card", "wallet-card-a4", "wallet-card-bleed"]
PT_PER_CM = 72 / 2.54


def catalogue_payloads() -> set[str]:
    catalogue = load_catalogue(CATALOGUE)
    return {c.payload for _, r in catalogue.resources() for c in r.contacts}


@pytest.mark.parametrize("name, size, pages", [
    ("wallet-card", (612, 792), 2),
    ("wallet-card-a4", (595.28, 841.89), 2),
    ("wallet-card-bleed", (270, 162), 2),   # 3.5 x 2 in + 0.125 in bleed on every edge
])
def test_page_sizes_in_points(name, size, pages):
    boxes = page_boxes(rendered(name))
    assert len(boxes) == pages
    for box in boxes:
        assert box["media"][2:] == pytest.approx(size, abs=0.01)


@pytest.mark.parametrize("name, codes", [("wallet-card", 10), ("wallet-card-a4", 10), ("wallet-card-bleed", 1)])
def test_every_card_back_has_a_readable_national_hotline_code(name, codes):
    found = decoded(name)
    assert len(found) == codes
    assert {c.payload for c in found} == {"tel:+18883737888"}
    assert {c.payload for c in found} <= catalogue_payloads()
    for code in found:
        assert code.page == 1, "codes belong on the backs"
        assert min(code.w, code.h) >= 2 * PT_PER_CM - 1, "a wallet-card code is at least 2 cm"


@pytest.mark.parametrize("name", CARD_LAYOUTS)
def test_numbers_printed_in_the_text_layer(name):
    front, back = page_texts(rendered(name))
    for number in ("911", "1-888-373-7888"):
        assert number in front
    for number in ("503-255-0118", "503-731-3100", "1-800-509-5439", "1-800-843-5678", "1-888-428-7581"):
        assert number in back
    printed = set(re.findall(r"\d[\d-]{6,}\d", front + back))
    displays = {c.display for _, r in load_catalogue(CATALOGUE).resources() for c in r.contacts}
    assert printed <= displays, f"printed numbers not in the catalogue: {printed - displays}"


@pytest.mark.parametrize("name", CARD_LAYOUTS)
def test_fonts_embedded_and_no_standard_14_font(name):
    pdf = rendered(name)
    used = fonts(pdf)
    assert used and all(embedded for _, embedded in used)
    assert all("NotoSans" in font for font, _ in used)
    for standard in (b"Helvetica", b"Times-Roman", b"Courier", b"ZapfDingbats", b"/Symbol"):
        assert standard not in pdf


@pytest.mark.parametrize("name", CARD_LAYOUTS)
def test_text_sizes_and_every_character_inside_a_card(name):
    from printgen.layout.load import load_layout
    from printgen.impose import cells, mirror

    layout = load_layout(name, LAYOUTS)
    w, h = layout.item.size
    with pdfplumber.open(io.BytesIO(rendered(name))) as pdf:
        for index, page in enumerate(pdf.pages):
            spots = cells(layout) if index == 0 else [mirror(layout, x, y) for x, y in cells(layout)]
            for char in page.chars:
                if not char["text"].strip():
                    continue
                assert char["size"] >= 6.5 - 0.01, f"{char['text']!r} at {char['size']}pt"
                x0, x1 = char["x0"], char["x1"]
                y0, y1 = page.height - char["bottom"], page.height - char["top"]
                assert any(sx + 0.0 <= x0 and x1 <= sx + w + 0.01 and sy - 0.01 <= y0 and y1 <= sy + h + 0.01
                           for sx, sy in spots), f"{char['text']!r} at ({x0:.1f}, {y0:.1f}) is outside every card"
            numbers = [w for w in page.extract_words(extra_attrs=["size"]) if re.fullmatch(r"\d[\d-]+\d", w["text"])]
            assert numbers, "each side prints numbers"
            small = [(w["text"], w["size"]) for w in numbers if w["size"] < 9 - 0.01]
            assert not small, f"phone numbers are at least 9 pt: {small}"


def test_backs_mirror_the_fronts_for_long_edge_duplex():
    from printgen.impose import impose
    from printgen.layout.load import load_layout

    layout = load_layout("wallet-card", LAYOUTS)
    front, back = impose(layout)
    assert [p.face for p in front.placements] == ["front"] * 10
    assert [p.face for p in back.placements] == ["back"] * 10
    for f, b in zip(front.placements, back.placements):
        assert b.x == pytest.approx(612 - f.x - 252)
        assert b.y == pytest.approx(f.y)
    # row 1: front left column at 0.75in, its back lands in the right column
    assert front.placements[0].x == pytest.approx(54) and back.placements[0].x == pytest.approx(306)


def test_backs_mirror_codes_in_pixels():
    # each back has its code on the card's right: mirrored columns put codes at the same inner offset
    codes = sorted(decoded("wallet-card"), key=lambda c: (-c.y, c.x))
    lefts = sorted({round(c.x) for c in codes})
    assert len(lefts) == 2 and lefts[1] - lefts[0] == pytest.approx(252, abs=2)


def test_bleed_layout_sets_trim_and_bleed_boxes():
    for box in page_boxes(rendered("wallet-card-bleed")):
        assert box["trim"] == pytest.approx((9, 9, 261, 153))
        assert box["bleed"] == pytest.approx((0, 0, 270, 162))


def test_band_runs_into_the_bleed():
    import pypdfium2 as pdfium

    page = pdfium.PdfDocument(rendered("wallet-card-bleed"))[0]
    image = page.render(scale=2).to_pil().convert("RGB")
    assert image.getpixel((2, 2)) == image.getpixel((40, 30)) != (255, 255, 255)


def test_links_over_numbers_and_codes():
    found = links(rendered("wallet-card"))
    assert (0, "tel:911") in found and (1, "tel:+18883737888") in found
    assert {url for _, url in found} <= catalogue_payloads()


def test_same_inputs_give_identical_bytes_without_personal_metadata():
    from printgen.catalogue.load import load_catalogue
    from printgen.layout.load import load_layout
    from printgen.render import Options, render

    first = render(load_catalogue(CATALOGUE), load_layout("wallet-card", LAYOUTS), Options("en")).pdf
    second = render(load_catalogue(CATALOGUE), load_layout("wallet-card", LAYOUTS), Options("en")).pdf
    assert first == second
    import getpass
    import socket
    for private in {getpass.getuser(), socket.gethostname()}:
        if len(private) >= 4:          # shorter names turn up by chance in compressed bytes
            assert private.encode() not in first
    from pypdf import PdfReader
    meta = PdfReader(io.BytesIO(first)).metadata
    assert meta.title == "Human trafficking resources: Portland, Oregon"
    assert "Wallet cards" in meta.subject
    assert not meta.author
    assert "2000" in str(meta.get("/CreationDate")), "invariant mode: no real time in the file"


def test_card_face_is_drawn_once_and_placed_ten_times():
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(rendered("wallet-card")))
    for side, page in zip(("front", "back"), reader.pages):
        forms = [name for name in page["/Resources"]["/XObject"] if "face_" in name]
        assert forms == [f"/FormXob.face_{side}"]
        content = page.get_contents().get_data()
        assert content.count(f"/FormXob.face_{side} Do".encode()) == 10


def test_sheets_option_repeats_the_sheet():
    from printgen.catalogue.load import load_catalogue
    from printgen.layout.load import load_layout
    from printgen.render import Options, render

    result = render(load_catalogue(CATALOGUE), load_layout("wallet-card", LAYOUTS), Options("en", sheets=3))
    assert result.pages == 6


def test_bilingual_card_prints_both_languages_by_default(in_project, tmp_path):
    from click.testing import CliRunner

    from printgen.cli import cli
    from readback import decode_codes

    target = tmp_path / "cards.pdf"
    result = CliRunner().invoke(cli, ["render", "wallet-card-bilingual", "-o", str(target)])
    assert result.exit_code == 0, result.stderr
    front, back = page_texts(target.read_bytes())
    # one language a face (issue 16): English on the front, Spanish on the back, each complete
    assert "Emergency" in front and "Need help?" in front and "Emergencia" not in front
    assert "Emergencia" in back and "¿Necesita ayuda?" in back and "Línea nacional" in back
    assert " / " not in front + back
    for side in (front, back):
        assert "911" in side and "1-888-373-7888" in side
    assert {c.payload for c in decode_codes(target.read_bytes())} == {"tel:+18883737888"}
