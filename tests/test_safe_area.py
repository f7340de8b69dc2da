"""Text outside its safe area (issue 16): the file records each item's safe area, and `check`
reports any text whose glyphs pass it, naming the page, the text and how far out it is."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import CATALOGUE, LAYOUTS, rendered
from shipped import CATALOGUES, NAMES, PRESETS, catalogue_for, pdf_of

from printgen.catalogue.load import load_catalogue
from printgen.check.read import check_pdf
from printgen.check.safe import TOLERANCE
from printgen.cli import cli
from printgen.layout.load import load_layout
from printgen.pages import Face, Page, Placement, TextRun
from printgen.pdf import pdf_bytes

MM = 72 / 25.4
INCH = 72.0


def recorded_areas(pdf: bytes) -> list[list[tuple[float, ...]]]:
    """The safe areas each page's content stream records (``/PrintgenSafeArea`` spans), read with
    pypdf's content parser: not with printgen's own reader."""
    from pypdf import PdfReader
    from pypdf.generic import ContentStream

    out = []
    reader = PdfReader(io.BytesIO(pdf))
    for page in reader.pages:
        areas = []
        for operands, op in ContentStream(page.get_contents(), reader).operations:
            if op == b"BDC" and operands[0] == "/PrintgenSafeArea":
                props = operands[1]
                areas.append(tuple(round(float(props[k]), 2) for k in ("/X0", "/Y0", "/X1", "/Y1")))
        out.append(areas)
    return out


def safe_findings(report) -> list:
    return [(p.page, f) for p in report.pages for f in p.findings if f.kind == "safe"]


CASES = [(name, which) for name in NAMES if name not in PRESETS for which in CATALOGUES] + [
    (name, "posting-laws") for name in PRESETS]


@pytest.mark.parametrize("name, which", CASES)
def test_shipped_layouts_keep_their_text_inside_the_safe_area(name, which):
    """Every shipped layout with Portland's catalogue and two others (a posting-law preset with
    the posting-laws catalogue in its state): no text outside the safe area, and the check looked."""
    pdf = pdf_of(name, which)
    report = check_pdf(pdf, catalogue_for(name, which), name)
    found = safe_findings(report)
    assert [f.message for _, f in found if not f.ok] == []
    # the check did look: every page records its safe area and says its text is inside it
    assert all(recorded_areas(pdf)), "a page without its safe area"
    assert {p for p, f in found if f.ok} == {p.page for p in report.pages}


def test_the_file_records_each_items_safe_area():
    poster = recorded_areas(rendered("poster-letter"))
    assert poster == [[(28.8, 28.8, 583.2, 763.2)]]            # 0.4 in inside the Letter sheet
    cards = recorded_areas(rendered("wallet-card"))
    layout = load_layout("wallet-card", LAYOUTS)
    left, top, safe = layout.grid.left, layout.grid.top, layout.item.safe
    w, h = layout.item.size
    expected = {(round(left + c * w + safe, 2), round(792 - top - (r + 1) * h + safe, 2),
                 round(left + (c + 1) * w - safe, 2), round(792 - top - r * h - safe, 2))
                for c in range(2) for r in range(5)}
    assert set(cards[0]) == expected and set(cards[1]) == expected      # backs mirrored onto the same cells
    handout = recorded_areas(rendered("handout-letter"))
    assert len(handout) >= 2 and all(handout)


def _hand_made(dx: float = 0.0, dy: float = 0.0, two: bool = False) -> bytes:
    """A 3 x 2 in card with a 9 pt safe margin; its one line moved ``dx``, ``dy`` points past the
    safe area's left or bottom edge (placed twice on a sheet with ``two``)."""
    safe, size = 9.0, 10.0
    line = TextRun(safe - dx, safe + 20 - dy, "Call 911", "bold", size, "#000000", 40.0)
    face = Face("front", 3 * INCH, 2 * INCH, 0.0, (line,), (), safe)
    placements = (Placement("front", 0.0, 0.0),) + ((Placement("front", 3 * INCH, 0.0),) if two else ())
    return pdf_bytes([Page((6 if two else 3) * INCH, 2 * INCH, placements)], {"front": face}, "t", "s")


def test_text_pushed_past_the_safe_area_fails_with_how_far_out():
    catalogue = load_catalogue(CATALOGUE)
    assert check_pdf(_hand_made(), catalogue, "good").ok
    report = check_pdf(_hand_made(dx=2 * MM), catalogue, "pushed")
    assert not report.ok
    ((page, finding),) = [(p, f) for p, f in report.problems()]
    assert page == 1 and finding.kind == "safe" and finding.value == "Call 911"
    # the glyph box of the "C" starts a little right of the line's origin: 1.8 to 2.0 mm out
    out = float(re.search(r"lies ([\d.]+) mm outside the safe area", finding.message).group(1))
    assert 1.7 <= out <= 2.0, finding.message


def test_the_tolerance_is_half_a_point():
    catalogue = load_catalogue(CATALOGUE)
    assert TOLERANCE == 0.5
    # the line's lowest glyph box (the descender-free "Call 911") sits on its baseline: moved down
    # past the bottom edge by its baseline's distance, less and more than the tolerance
    assert check_pdf(_hand_made(dy=20 + 0.3), catalogue, "within").ok
    late = check_pdf(_hand_made(dy=20 + 1.0), catalogue, "past")
    assert [f.kind for _, f in late.problems()] == ["safe"]


def test_each_item_on_a_sheet_is_held_to_its_own_safe_area():
    catalogue = load_catalogue(CATALOGUE)
    report = check_pdf(_hand_made(dx=3 * MM, two=True), catalogue, "sheet")
    # the second card's line lies inside the first card's cell, yet outside its own safe area
    assert [f.kind for _, f in report.problems()] == ["safe"]
    assert report.problems()[0][1].count == 2


def test_check_command_reports_it_and_exits_1(tmp_path: Path):
    path = tmp_path / "pushed.pdf"
    path.write_bytes(_hand_made(dx=2 * MM))
    result = CliRunner().invoke(cli, ["check", str(path), "--catalogue", str(CATALOGUE)])
    assert result.exit_code == 1
    assert re.search(r'page 1: .*"Call 911" lies 1\.\d mm outside the safe area', result.output), result.output


def test_a_file_that_records_no_safe_area_is_not_held_to_one():
    from test_check import helvetica_pdf      # a file printgen did not write: its text 20 pt from the edge

    report = check_pdf(helvetica_pdf(), load_catalogue(CATALOGUE), "plain")
    assert safe_findings(report) == []
