"""Room left unused (issue 16): the largest empty rectangle of each item's safe area, measured
from the written PDF, and no shipped layout leaving more than 20 % of its safe area empty on a
page that left lines out for room or had more to show there."""

from __future__ import annotations

import io

import pytest
from conftest import CATALOGUE, LAYOUTS, ROOT, rendered
from shipped import CATALOGUES, NAMES, PRESETS, catalogue_for, laid_out, pdf_of

from printgen.catalogue.load import load_catalogue
from printgen.check.empty import empty_areas, largest_empty
from printgen.layout.load import load_layout
from printgen.pages import Face, Page, Placement, Rect, TextRun
from printgen.pdf import pdf_bytes
from printgen.render import Options, lay_out
from printgen.reports.room import WANTING, rooms

CASES = [(name, which) for name in NAMES if name not in PRESETS for which in CATALOGUES] + [
    (name, "posting-laws") for name in PRESETS]


@pytest.mark.parametrize("name, which", [pytest.param(n, w, id=f"{n}-{w}") for n, w in CASES])
def test_no_layout_leaves_room_unused_while_it_has_more_to_show(name, which):
    """Issue 16: no page leaves an empty area larger than 20 % of its safe area when it left
    content out for room or when content remains to show (Portland's catalogue and two others;
    each posting-law preset with the posting-laws catalogue in its state)."""
    found = rooms(laid_out(name, which), pdf_of(name, which), catalogue_for(name, which))
    assert found and all(r.empty is not None for r in found), "every page records its safe area"
    assert WANTING == 0.20
    faults = [r.describe() for r in found if r.fault]
    assert faults == []


def test_the_largest_empty_rectangle_of_known_boxes():
    area = (0.0, 0.0, 100.0, 100.0)
    assert largest_empty(area, []) == area
    # a bar across the middle: the larger half is free
    assert largest_empty(area, [(0, 40, 100, 50)]) == (0, 50, 100, 100)
    # boxes at two corners: the free L's largest rectangle is 100 x 70 (below the top-left box)
    assert largest_empty(area, [(0, 70, 30, 100), (70, 0, 100, 20)]) in {(0, 20, 100, 70), (30, 20, 100, 100)}
    # a box outside the area is ignored; one over its edge is clipped
    assert largest_empty(area, [(200, 200, 300, 300), (-10, -10, 10, 110)]) == (10, 0, 100, 100)


def _card(shapes, safe=9.0) -> bytes:
    face = Face("front", 216.0, 144.0, 0.0, tuple(shapes), (), safe)
    return pdf_bytes([Page(216.0, 144.0, (Placement("front", 0.0, 0.0),))], {"front": face}, "t", "s")


def test_measured_from_the_pdf():
    # a band over the top half of the safe area (9..207 x 9..135): the bottom half is empty
    pdf = _card([Rect(9, 72, 198, 63, "#1f3a5f", None)])
    ((only,),) = empty_areas(pdf)
    assert only.area == pytest.approx((9, 9, 207, 135))
    assert only.box == pytest.approx((9, 9, 207, 72), abs=0.01)
    assert only.share == pytest.approx(63 / 126, abs=0.001)
    # a line of text: its glyph box is what is drawn (not its font's full height)
    pdf = _card([TextRun(20, 60, "Call 911", "bold", 20, "#000000", 80)])
    ((only,),) = empty_areas(pdf)
    assert 0.5 < only.share < 0.75
    # a background filling the safe area is not content: the item is empty
    ((only,),) = empty_areas(_card([Rect(0, 0, 216, 144, "#ffd23f", None)]))
    assert only.share == pytest.approx(1.0)


def _independent_share(pdf: bytes) -> float:
    """The largest empty share of page 1's single safe area, measured another way: pdfplumber's
    characters, rectangles and curves, on a 1-point grid, with a brute-force maximal rectangle."""
    import pdfplumber

    from test_safe_area import recorded_areas

    ((x0, y0, x1, y1),) = recorded_areas(pdf)[0]
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        page = doc.pages[0]
        h = float(page.height)
        boxes = [(c["x0"], h - c["bottom"], c["x1"], h - c["top"]) for c in page.chars]
        boxes += [(r["x0"], h - r["bottom"], r["x1"], h - r["top"]) for r in page.rects + page.curves
                  if (r["x1"] - r["x0"]) * (r["bottom"] - r["top"]) < 0.9 * (x1 - x0) * (y1 - y0)]
    nx, ny = int(x1 - x0), int(y1 - y0)
    free = [[True] * nx for _ in range(ny)]
    for bx0, by0, bx1, by1 in boxes:
        for j in range(max(0, int(by0 - y0)), min(ny, int(by1 - y0) + 1)):
            for i in range(max(0, int(bx0 - x0)), min(nx, int(bx1 - x0) + 1)):
                free[j][i] = False
    best, heights = 0, [0] * nx
    for j in range(ny):
        heights = [heights[i] + 1 if free[j][i] else 0 for i in range(nx)]
        for i in range(nx):
            low = heights[i]
            for k in range(i, nx):
                low = min(low, heights[k])
                if low == 0:
                    break
                best = max(best, low * (k - i + 1))
    return best / (nx * ny)


@pytest.mark.parametrize("name", ["poster-letter", "sticker-stall"])
def test_the_measure_agrees_with_an_independent_one(name):
    """pdfplumber's character boxes run the font's full height, not the glyph's: the
    independent measure finds a little less room, never more."""
    pdf = rendered(name)
    ((mine,),) = empty_areas(pdf)[:1]
    other = _independent_share(pdf)
    assert other - 0.01 <= mine.share <= other + 0.06, (mine.share, other)


def test_a_page_that_left_lines_out_or_has_more_to_show_says_so():
    found = rooms(laid_out("poster-letter", "gb-uk"), pdf_of("poster-letter", "gb-uk"),
                  catalogue_for("poster-letter", "gb-uk"))
    assert "more to show" in found[0].wanting and found[0].share < WANTING
    cover = rooms(laid_out("handout-letter"), pdf_of("handout-letter"), catalogue_for("handout-letter", "portland"))
    assert "the text goes on over the page" in cover[0].wanting and not cover[-1].wanting


def test_the_proof_lists_each_pages_empty_area(tmp_path):
    from click.testing import CliRunner

    from printgen.cli import cli
    from readback import page_texts

    out = tmp_path / "proof.pdf"
    result = CliRunner().invoke(cli, ["proof", "wallet-card", "poster-letter", "-o", str(out),
                                      "--catalogue", str(CATALOGUE)])
    assert result.exit_code == 0, result.output
    text = " ".join(" ".join(page_texts(out.read_bytes())).split())
    assert "room: page 1: largest empty area" in text and "room: page 2: largest empty area" in text
    assert "% of the safe area" in text


WALLET_CARDS = [n for n in NAMES if n.startswith("wallet-card")]
ALL_TEST_CATALOGUES = [CATALOGUE, *sorted((ROOT / "tests/data/catalogues").glob("*.yaml"))]


@pytest.mark.parametrize("name", WALLET_CARDS)
def test_a_wallet_cards_front_reads_as_complete(name):
    """Issue 16: a card's front is not a third empty beside a short "911": the emergency line and
    the hotline stand side by side, each grown to fill its half, so no front (Portland's and every
    test catalogue's) leaves more than 20 % of its safe area empty, whether or not it had more to show."""
    layout = load_layout(name, LAYOUTS)
    shares = {}
    for path in ALL_TEST_CATALOGUES:
        pdf = lay_out(load_catalogue(path), layout, Options(None)).pdf()
        shares[path.stem] = max(e.share for e in empty_areas(pdf)[0])
    assert len(shares) >= 9
    assert {k: v for k, v in shares.items() if v > WANTING} == {}


POSTERS = [name for name in PRESETS if name.startswith("poster-")]


@pytest.mark.parametrize("name", POSTERS)
def test_a_posting_law_poster_leaves_no_fifth_of_its_sheet_empty(name):
    """A posting-law poster shows everything it selects, so the rule above does not hold it; but
    a box sized for a long law text, or lines grown into a preset's missing text, must not leave
    a band of white: the room under a short text goes to the lines and the code (``rest_to``),
    which sit in the middle of what they are given (``valign: middle``). Stickers are not held."""
    shares = [e.share for page in empty_areas(pdf_of(name, "posting-laws")) for e in page]
    assert shares and max(shares) <= 0.20, f"{max(shares):.0%} of the safe area empty"
