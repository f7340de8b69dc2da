"""Empty elements give their room back (issue 16, `give_to`): with a catalogue (or a venue)
lacking what an element shows, its neighbour's box grows, measured from the written PDF."""

from __future__ import annotations

import io
from pathlib import Path

import pdfplumber
import pytest
from conftest import CATALOGUE, LAYOUTS, ROOT
from shipped import pdf_of

from printgen.catalogue.load import load_catalogue
from printgen.layout.load import load_layout
from printgen.render import Options, render
from readback import decode_codes, page_texts

INCH = 72.0
MINIMAL = ROOT / "tests/data/catalogues/minimal.yaml"

CARD = """description: A card whose list may give its room
sheet: {{size: letter}}
item: {{size: [3.5in, 2in], safe: 0.125in}}
grid: {{columns: 2, rows: 5, left: 0.75in, top: 0.5in}}
styles:
  name: {{font: bold, size: 8pt, min: 6.5pt}}
  number: {{font: bold, size: 12pt, min: 9pt}}
faces:
  front:
{elements}"""
LINES = """    - type: resources
      name: lines
      box: [0.125in, 0.125in, 3.25in, 0.7in]
      select: {ids: [emergency]}
      fit: fill
      name_style: name
      number_style: number
"""
EMPTY = """    - type: resources
      box: [0.125in, 0.9in, 3.25in, 0.975in]
      select: {tags: [no-resource-has-this]}
      optional: true
      name_style: name
      number_style: number
"""


def _number_size(pdf: bytes, digits: str = "911") -> float:
    """The size of the largest run of ``digits`` on page 1, from pdfplumber's characters."""
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        words = doc.pages[0].extract_words(extra_attrs=["size"])
    return max(w["size"] for w in words if w["text"] == digits)


def _card(tmp_path: Path, elements: str) -> tuple[bytes, list[str]]:
    folder = tmp_path / "layouts"
    folder.mkdir(exist_ok=True)
    (folder / "card.yaml").write_text(CARD.format(elements=elements))
    result = render(load_catalogue(CATALOGUE), load_layout("card", folder), Options("en"))
    return result.pdf, result.warnings


@pytest.mark.parametrize("order", ["receiver first", "giver first"])
def test_an_empty_list_gives_its_box_to_its_neighbour(tmp_path, order):
    kept, _ = _card(tmp_path, LINES + EMPTY)
    giving = EMPTY + "      give_to: [lines]\n"
    pdf, warnings = _card(tmp_path, LINES + giving if order == "receiver first" else giving + LINES)
    # the list, grown to fill a box more than twice as tall, prints its number larger
    assert _number_size(pdf) > 1.5 * _number_size(kept)
    assert any("its room goes to faces.front." in w for w in warnings), warnings
    assert not any("its box stays empty" in w for w in warnings)


def _code_centres(pdf: bytes, page: int, layout) -> list[float]:
    """Each decoded code's centre, across its card (0 = the card's left edge, 1 = its right)."""
    w, left, gap = layout.item.size[0], layout.grid.left, layout.grid.gap[0]
    sheet = layout.sheet.points[0]
    out = []
    for code in decode_codes(pdf):
        if code.page == page:
            x = sheet - (code.x + code.w / 2)       # backs are mirrored: cells counted from the right
            column = int((x - left) // (w + gap))
            out.append(1 - (x - left - column * (w + gap)) / w)
    return out


@pytest.mark.parametrize("name", ["wallet-card", "wallet-card-a4"])
def test_a_card_back_with_no_other_line_gives_the_code_the_whole_back(name):
    layout = load_layout(name, LAYOUTS)
    portland = _code_centres(pdf_of(name), 1, layout)
    assert len(portland) == 10 and all(c > 0.65 for c in portland), portland      # beside the list
    minimal = render(load_catalogue(MINIMAL), layout, Options("en"))
    assert any("its room goes to faces.back.1" in w for w in minimal.warnings), minimal.warnings
    centred = _code_centres(minimal.pdf, 1, layout)
    assert len(centred) == 10 and all(abs(c - 0.5) < 0.03 for c in centred), centred


def test_a_poster_without_a_venue_gives_the_venue_line_to_the_list():
    catalogue = load_catalogue(CATALOGUE)
    layout = load_layout("poster-letter", LAYOUTS)
    without = render(catalogue, layout, Options("en"))
    with_venue = render(catalogue, layout, Options("en", venue={"name": "Rose City Motel"}))
    text_without, text_with = page_texts(without.pdf)[0], page_texts(with_venue.pdf)[0]
    assert "Rose City Motel" in text_with
    # the list grows into the venue line's room: the fifth line fits without a venue
    assert "1-888-428-7581" in text_without
    assert "1-888-428-7581" not in text_with
    assert any("left out for room" in w for w in with_venue.warnings)


def _word_bottom(pdf: bytes, text: str) -> float:
    """How far down page 1 (a share of its height) the word ``text`` first ends, from pdfplumber."""
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        page = doc.pages[0]
        return min(w["bottom"] for w in page.extract_words() if w["text"] == text) / page.height


def _code_top(pdf: bytes) -> float:
    """How far down the page (a share of its height) the first code's top edge lies, from its pixels."""
    code = decode_codes(pdf)[0]
    return 1 - (code.y + code.h) / (11 * INCH)


def test_a_posting_law_poster_without_the_laws_words_gives_their_room_to_the_lines_and_the_code():
    # Georgia's wording is set by its bureau and not in the sources: the code moves up under the headline
    assert load_layout("poster-ga-16-5-47", LAYOUTS).requires.wording is None
    georgia = _code_top(pdf_of("poster-ga-16-5-47", "posting-laws"))
    assert georgia < 0.35                                   # (the code in the middle of what it is given)
    # California's preset prints its law's words there: the code stays below them
    assert load_layout("poster-ca-52-6", LAYOUTS).requires.wording
    pdf = pdf_of("poster-ca-52-6", "posting-laws")
    assert _code_top(pdf) > _word_bottom(pdf, "law.") > 0.25      # under the law's last line
    assert _code_top(pdf) > georgia + 0.05


TEXT = """    - type: text
      box: [0.125in, 0.125in, 3.25in, 1in]
      style: name
      text: Need help? Call any time.
"""
TEXT_WORDS = {"Need", "help?", "Call", "any", "time."}
BELOW = LINES.replace("box: [0.125in, 0.125in,", "box: [0.125in, 1.15in,")     # the list, under the text


def _list_top(pdf: bytes) -> float:
    """Inches from the sheet's top to the highest word that is not the text's."""
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        return min(w["top"] for w in doc.pages[0].extract_words() if w["text"] not in TEXT_WORDS) / INCH   # card 1


def test_a_short_text_gives_the_room_under_it_to_the_elements_below(tmp_path):
    """``rest_to``: the list under a one-line text in a tall box grows up to a gap under the
    text (not into it), and fills its grown box with larger type."""
    kept, _ = _card(tmp_path, TEXT + BELOW)
    pdf, _ = _card(tmp_path, TEXT + "      rest_to: [lines]\n" + BELOW)
    text_bottom = _word_bottom(pdf, "time.") * 11                         # inches from the sheet's top
    assert _word_bottom(kept, "time.") * 11 == pytest.approx(text_bottom)  # the text stays where it is
    assert _list_top(pdf) < _list_top(kept) - 0.5                         # the list moved up...
    assert text_bottom + 8 / INCH - 0.01 < _list_top(pdf) < text_bottom + 0.4   # ...to a gap under the text
    assert _number_size(pdf) > 1.5 * _number_size(kept)                   # and fills its taller box


CODE = """    - type: qr
      box: [0.125in, 0.125in, 0.9in, 1.75in]
      select: {{ids: [emergency]}}
      min_size: 0.5in
      caption_style: name
      valign: {valign}
"""


@pytest.mark.parametrize("valign", ["top", "middle", "bottom"])
def test_a_code_sits_where_valign_puts_it_in_a_taller_box(tmp_path, valign):
    """The code and its caption keep together; the box's slack goes below them (top), around
    them (middle) or above them (bottom). Measured from the code's pixels on the first card."""
    pdf, _ = _card(tmp_path, CODE.format(valign=valign))
    code = max(decode_codes(pdf), key=lambda c: c.y)          # the first card: the highest on the sheet
    sheet_top = 11 * INCH
    top = sheet_top - (code.y + code.h)                       # points from the sheet's top to the code's
    card_top, box_top, box_h = 0.5 * INCH, 0.125 * INCH, 1.75 * INCH
    offset = (top - card_top - box_top) / box_h                # where in its box the code's top stands
    assert {"top": offset < 0.12, "middle": 0.15 < offset < 0.32, "bottom": offset > 0.35}[valign], offset


def test_an_element_growing_under_a_text_never_grows_sideways(tmp_path):
    """A receiver that starts higher than the room under the text gets nothing from it: it is
    not widened across the text (the general ``grown`` would have taken it left, over the text)."""
    text = TEXT.replace("box: [0.125in, 0.125in, 3.25in, 1in]", "box: [0.125in, 0.125in, 2in, 1in]")
    code = CODE.format(valign="top").replace("box: [0.125in, 0.125in, 0.9in, 1.75in]",
                                             "box: [1.9in, 0.2in, 1.4in, 1.6in]").replace("0.5in", "0.6in")
    pdf, _ = _card(tmp_path, text + "      rest_to: [code]\n      name: words\n" + code + "      name: code\n")
    codes = decode_codes(pdf)
    first = min((c for c in codes if c.y > max(c.y for c in codes) - 20), key=lambda c: c.x)   # the top left card's
    left = 0.75 * INCH                                       # that card's left edge on the sheet
    assert 1.9 * INCH - 1 <= first.x - left and first.x + first.w - left <= 3.3 * INCH + 1, first
