"""Checking a batch's separate files: a file alike one checked whole (the same objects, the same
drawing but for lines of text) is judged for its own lines only, and nothing is missed: a digit
of a shared number changed, a byte of a shared stream changed, a venue line over a shared number,
a wrong number in a venue line each still fail, as reading the file whole finds.

A file whose bytes are the design's but for its venue's lines is read from those lines alone
(``printgen.check.swapped``): it finds what reading the file whole finds, and a file that differs
in anything else, or whose lines leave another state set, come near a code or a number, run into
another line or hold a number, is judged the slower ways."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest
from conftest import CATALOGUE, LAYOUTS
from hypothesis import given, settings
from hypothesis import strategies as st
from pdfedit import check, problems, shared, venue_line, with_form, with_venue_lines

from printgen.catalogue.load import load_catalogue
from printgen.check import read
from printgen.check.lines import cut, left_set
from printgen.check.numbers import find, known, may_run_on
from printgen.layout.load import load_layout
from printgen.pages import TextRun
from printgen.render import Options, render

VENUES = ["Venue AAAA", "Venue AAAB", "Venue QXZB", "Rose City Motel", "Harbor Inn", "Lakeview Bus Terminal #933",
          "Venue AAAC", "Venue CCCC"]
HERO = "1-888-373-7888"


@pytest.fixture(scope="module")
def catalogue():
    return load_catalogue(CATALOGUE)


@pytest.fixture(scope="module")
def layout():
    return load_layout("poster-letter", LAYOUTS)


@pytest.fixture(scope="module")
def laid(catalogue, layout):
    return [render(catalogue, layout, Options("en", venue={"name": v})).laid_out for v in VENUES]


def counted(monkeypatch, name: str, kept=lambda found: True) -> list:
    """The first arguments ``read.<name>`` is called with (those whose result is ``kept``)."""
    seen = []
    inner = getattr(read, name)

    def counting(first, *args):
        found = inner(first, *args)
        if kept(found):
            seen.append(first)
        return found

    monkeypatch.setattr(read, name, counting)
    return seen


@pytest.fixture
def whole(monkeypatch):
    """The pages read whole (not judged against a design), counted."""
    return counted(monkeypatch, "_check_page")


def warm(laid, catalogue, layout) -> dict:
    """A cache that has checked the first venue's file whole and judged the second against it."""
    cache = {}
    for laid_out in laid[:2]:
        assert check(laid_out.pdf(), catalogue, layout, cache, dpi=read.FAST_DPI).ok
    return cache


def test_separate_files_of_one_design_are_judged_for_their_own_lines(laid, catalogue, layout, whole):
    files = [laid_out.pdf() for laid_out in laid]
    keys = [shared(data) for data in files]
    alike = [n for n, key in enumerate(keys) if key == keys[0]]
    assert len(alike) >= 3, "most venues' files share every object but their lines"
    cache = {}
    reports = [check(data, catalogue, layout, cache) for data in files]
    assert all(r.ok for r in reports), [problems(r) for r in reports]
    assert len(whole) == len(set(keys)), "one file of each design read whole; the others judged for their lines"
    for data, report in zip(files, reports):     # what reading each file whole finds
        alone = check(data, catalogue, layout, {})
        assert report.pages == alone.pages
    first = {f.message for f in reports[alike[-1]].pages[0].findings}
    assert any(HERO in m for m in first) and any("tel:+18883737888" in m for m in first)
    assert "all text lies inside the safe area" in first


def test_a_digit_changed_in_a_shared_number_fails_the_file(laid, catalogue, layout, whole):
    cache = warm(laid, catalogue, layout)
    read_whole = len(whole)
    edited = with_form(laid[2].pdf(), lambda c: c.replace(b"(1-888-373-7888)", b"(1-888-373-7889)", 1))
    report = check(edited, catalogue, layout, cache, dpi=read.FAST_DPI)
    assert len(whole) == read_whole, "judged against the design: only text changed"
    assert any("1-888-373-7889" in m for m in problems(report)), problems(report)
    assert check(edited, catalogue, layout, {}).pages == check(edited, catalogue, layout, cache).pages
    # the same file second, when the design's page without its lines is sought with it: still
    # wrong, and the venues after it still right
    cache = {}
    assert check(laid[0].pdf(), catalogue, layout, cache).ok
    assert any("1-888-373-7889" in m for m in problems(check(edited, catalogue, layout, cache)))
    assert all(check(laid_out.pdf(), catalogue, layout, cache).ok for laid_out in laid[1:3])


def test_a_byte_changed_in_a_shared_stream_is_read_whole_and_fails(laid, catalogue, layout, whole):
    cache = warm(laid, catalogue, layout)
    read_whole = len(whole)
    module = re.compile(rb"(\d+\.\d+ \d+\.\d+ )9(\.218303 9\.218303 re)")
    edited = with_form(laid[2].pdf(), lambda c: module.sub(rb"\g<1>0\g<2>", c, count=1))
    report = check(edited, catalogue, layout, cache, dpi=read.FAST_DPI)
    assert len(whole) == read_whole + 1, "a code's drawing changed: the file is read whole"
    assert not report.ok and any("QR" in m or "code" in m for m in problems(report)), problems(report)
    # a byte of a font program: no longer the design's objects, so read whole too
    data = bytearray(laid[2].pdf())
    program = data.index(b"/Length1")
    data[data.index(b"stream\n", program) + 200] ^= 0x01
    check(bytes(data), catalogue, layout, cache, dpi=read.FAST_DPI)
    assert len(whole) == read_whole + 2


def test_a_venue_line_over_a_shared_number_fails_the_file(laid, catalogue, layout, whole):
    cache = warm(laid, catalogue, layout)
    read_whole = len(whole)
    (face,) = laid[2].faces.values()
    hero = next(s for s in face.shapes if isinstance(s, TextRun) and s.text == HERO)
    # hyphens (a glyph the design has) in the colour of its band, a point apart and overlapping,
    # over the hero number: it no longer shows
    cover = [TextRun(hero.x - 4 + dx, hero.y + dy, "-" * 32, "bold", 40, "#ffd23f", hero.width)
             for dy in range(-24, int(hero.size)) for dx in (0, 3, 6, 9)]
    edited = with_venue_lines(laid[2], cover)
    assert shared(edited) == shared(laid[0].pdf()), "the same design's objects, other lines"
    report = check(edited, catalogue, layout, cache, dpi=read.FAST_DPI)
    assert len(whole) == read_whole + 1, "its lines come near a shared number: the file is read whole"
    assert any(HERO in m and "does not show" in m for m in problems(report)), problems(report)


def test_a_wrong_number_in_a_venue_line_fails_the_file(laid, catalogue, layout, whole):
    cache = warm(laid, catalogue, layout)
    read_whole = len(whole)
    line = venue_line(laid[2])
    edited = with_venue_lines(laid[2], [replace(line, text="Harbor Inn 503-255-0119")])
    report = check(edited, catalogue, layout, cache, dpi=read.FAST_DPI)
    assert len(whole) == read_whole, "judged against the design: its own line read"
    assert any("503-255-0119" in m and "did you mean" in m for m in problems(report)), problems(report)
    assert check(edited, catalogue, layout, {}).pages == check(edited, catalogue, layout, cache).pages


def test_a_venue_line_with_a_catalogue_number_is_seen_in_its_own_pixels(laid, catalogue, layout, whole):
    cache = warm(laid, catalogue, layout)
    line = venue_line(laid[2])
    # the number in the colour of the paper behind it: in the text layer, but nobody sees it
    edited = with_venue_lines(laid[2], [replace(line, text="Front desk 503-255-0118", color="#ffffff")])
    report = check(edited, catalogue, layout, cache, dpi=read.FAST_DPI)
    assert any("503-255-0118" in m and "colour behind it" in m for m in problems(report)), problems(report)
    shown = with_venue_lines(laid[2], [replace(line, text="Front desk 503-255-0118")])
    assert check(shown, catalogue, layout, cache, dpi=read.FAST_DPI).ok


def test_fonts_are_told_apart_by_name_not_by_pdfium_handle(laid, catalogue, layout, monkeypatch):
    """pdfium's font handle is an address: a file opened after the design's was closed may give
    another font the address the design's font had. With handles numbered afresh on every page
    (the worst such reuse), a venue line in either font must still leave both fonts reported."""
    from printgen.check import placed, regions

    inner = regions._font

    def numbered_afresh(pdfium_c, obj, found):
        alone = regions.PageObjects()
        inner(pdfium_c, obj, alone)
        (font,) = alone.fonts.values()
        found.whole = found.whole or alone.whole
        if font not in found.fonts.values():
            found.fonts[len(found.fonts)] = font

    monkeypatch.setattr(regions, "_font", numbered_afresh)
    monkeypatch.setattr(placed, "_font", numbered_afresh)
    line = venue_line(laid[2])
    for font in ("regular", "bold"):
        cache = {}
        assert check(laid[0].pdf(), catalogue, layout, cache).ok
        data = with_venue_lines(laid[2], [replace(line, font=font)])
        judged, alone = check(data, catalogue, layout, cache), check(data, catalogue, layout, {})
        fonts = [f.message for f in alone.pages[0].findings if f.kind == "font"]
        assert fonts == ["fonts embedded: NotoSans-Bold, NotoSans-Regular"]
        assert [f.message for f in judged.pages[0].findings if f.kind == "font"] == fonts, font


def test_a_shared_number_recoloured_to_the_paper_fails_the_file(laid, catalogue, layout):
    """The hero number's fill set to white in the shared form (a colour, not a text, changed):
    the number cannot be seen, and the file fails as read whole."""
    cache = warm(laid, catalogue, layout)

    def white(content: bytes) -> bytes:
        edited = re.sub(rb"[\d. ]+ rg\n(BT [^\n]*\(" + re.escape(HERO.encode()) + rb"\) Tj)", rb"1 1 1 rg\n\1",
                        content, count=1)
        assert edited != content
        return edited

    edited = with_form(laid[2].pdf(), white)
    report = check(edited, catalogue, layout, cache, dpi=read.FAST_DPI)
    assert any(HERO in m for m in problems(report)), problems(report)
    assert report.pages == check(edited, catalogue, layout, {}, dpi=read.FAST_DPI).pages


# -- a file read from its own lines alone (printgen.check.swapped) ------------------------------

@pytest.fixture
def swapped(monkeypatch):
    """The files read from their own lines alone, counted."""
    return counted(monkeypatch, "swapped_findings", lambda found: found is not None)


def warm_frame(laid, catalogue, layout) -> dict:
    """A cache that read the first file whole, judged the second against it, and the third from its lines."""
    cache = {}
    for laid_out in laid[:3]:
        assert check(laid_out.pdf(), catalogue, layout, cache, dpi=read.FAST_DPI).ok
    return cache


def judged_otherwise(data: bytes, catalogue, layout, cache: dict, served: list, original: bytes):
    """The report on ``data`` (``original`` edited) when it is not read from its lines alone: the
    same as reading it whole. ``original`` itself is read from its lines (the edit is what counts)."""
    report = check(data, catalogue, layout, cache, dpi=read.FAST_DPI)
    assert data not in served, "the file is not the design but for its lines: not read from them alone"
    assert report.pages == check(data, catalogue, layout, {}, dpi=read.FAST_DPI).pages
    assert check(original, catalogue, layout, cache, dpi=read.FAST_DPI).ok and original in served
    return report


def venue_block(content: bytes, name: str) -> bytes:
    (line,) = [ln for ln in content.split(b"\n") if b"(" + name.encode() + b")" in ln]
    return line


def test_files_alike_but_for_their_lines_are_read_from_them_and_found_as_read_whole(laid, catalogue, layout,
                                                                                   swapped, monkeypatch):
    files = [laid_out.pdf() for laid_out in laid]
    cache = {}
    reports = [check(data, catalogue, layout, cache) for data in files]
    assert all(r.ok for r in reports), [problems(r) for r in reports]
    alike = [data for data in files if shared(data) == shared(files[0])]
    assert len(alike) >= 5 and len(swapped) >= len(alike) - 2, "after the design and its skeleton, read from its lines"
    for data, report in zip(files, reports):
        assert report.pages == check(data, catalogue, layout, {}).pages, "what reading the file whole finds"
    messages = {f.message for f in reports[-1].pages[0].findings}
    assert any(HERO in m for m in messages) and "all text lies inside the safe area" in messages
    # and what judging each against the design's page without its lines finds (printgen.check.alike)
    monkeypatch.setattr(read, "swapped_findings", lambda *args: None)
    slower = {}
    assert [check(data, catalogue, layout, slower).pages for data in files] == [r.pages for r in reports]


def test_a_digit_changed_in_a_shared_number_is_not_read_from_the_lines(laid, catalogue, layout, swapped):
    cache = warm_frame(laid, catalogue, layout)
    edited = with_form(laid[3].pdf(), lambda c: c.replace(b"(1-888-373-7888)", b"(1-888-373-7889)", 1))
    report = judged_otherwise(edited, catalogue, layout, cache, swapped, laid[3].pdf())
    assert any("1-888-373-7889" in m for m in problems(report)), problems(report)


def test_lines_that_leave_another_text_state_set_are_not_read_alone(laid, catalogue, layout, swapped):
    """Character spacing set in the venue's text object stays set for the footer after it."""
    cache = warm_frame(laid, catalogue, layout)

    def spaced(content: bytes) -> bytes:
        line = venue_block(content, VENUES[3])
        return content.replace(line, line.replace(b" Tm ", b" Tm 4 Tc ", 1))

    judged_otherwise(with_form(laid[3].pdf(), spaced), catalogue, layout, cache, swapped, laid[3].pdf())
    assert left_set(b"BT 1 0 0 1 5 5 Tm /F1 9 Tf 4 Tc (a) Tj ET") != left_set(b"BT 1 0 0 1 5 5 Tm /F1 9 Tf (a) Tj ET")


def test_lines_moved_over_the_hero_number_are_not_read_alone(laid, catalogue, layout, swapped):
    cache = warm_frame(laid, catalogue, layout)

    def moved(content: bytes) -> bytes:
        hero = re.search(rb"BT 1 0 0 1 ([\d.]+ [\d.]+) Tm [^\n]*\(" + re.escape(HERO.encode()) + rb"\)", content)
        line = venue_block(content, VENUES[3])
        return content.replace(line, re.sub(rb"1 0 0 1 [\d.]+ [\d.]+ Tm", b"1 0 0 1 " + hero[1] + b" Tm", line))

    judged_otherwise(with_form(laid[3].pdf(), moved), catalogue, layout, cache, swapped, laid[3].pdf())


def test_lines_run_into_their_neighbour_are_not_read_alone(laid, catalogue, layout, swapped):
    """The venue's line on the baseline of the line before it, just after it: read as one line."""
    cache = warm_frame(laid, catalogue, layout)

    def joined(content: bytes) -> bytes:
        before = re.search(rb"BT 1 0 0 1 ([\d.]+) ([\d.]+) Tm [^\n]*\(Scan to call this number\)", content)
        line = venue_block(content, VENUES[3])
        x = float(before[1]) + 175
        return content.replace(line, re.sub(rb"1 0 0 1 [\d.]+ [\d.]+ Tm", b"1 0 0 1 %.2f %s Tm" % (x, before[2]), line))

    judged_otherwise(with_form(laid[3].pdf(), joined), catalogue, layout, cache, swapped, laid[3].pdf())


def test_a_number_in_the_lines_is_seen_in_the_files_own_pixels(laid, catalogue, layout, swapped):
    cache = warm_frame(laid, catalogue, layout)
    line = venue_line(laid[3])
    hidden = with_venue_lines(laid[3], [replace(line, text="Front desk 503-255-0118", color="#ffffff")])
    report = check(hidden, catalogue, layout, cache, dpi=read.FAST_DPI)
    assert hidden not in swapped
    assert any("503-255-0118" in m and "colour behind it" in m for m in problems(report)), problems(report)
    wrong = with_venue_lines(laid[3], [replace(line, text="Harbor Inn 503-255-0119")])
    assert any("did you mean" in m for m in problems(check(wrong, catalogue, layout, cache, dpi=read.FAST_DPI)))
    assert wrong not in swapped


def test_another_line_changed_too_is_not_read_from_the_lines(laid, catalogue, layout, swapped):
    cache = warm_frame(laid, catalogue, layout)
    edited = with_form(laid[3].pdf(), lambda c: c.replace(b"(Help is available.)", b"(Help is near.)", 1))
    judged_otherwise(edited, catalogue, layout, cache, swapped, laid[3].pdf())
    assert check(laid[4].pdf(), catalogue, layout, cache, dpi=read.FAST_DPI).ok
    assert laid[4].pdf() in swapped, "the files after it still read from their lines"


@pytest.mark.parametrize("region", [
    b"q BT 1 0 0 1 5 5 Tm (a) Tj ET Q",          # a saved state
    b"BT 1 0 0 1 5 5 Tm (a) Tj ET 0 0 5 5 re f",  # a path
    b"BT 1 0 0 1 5 5 Tm (a) Tj",                  # a text object left open
    b"(a) Tj",                                    # text shown outside a text object
    b"BT 2 Tr (a) Tj ET",                         # a text mode (clipping, invisible)
    b"BT /P <</MCID 0>> BDC (a) Tj EMC ET",       # marked content
])
def test_lines_are_whole_text_objects_and_fill_colours_only(region):
    assert left_set(region) is None


@pytest.mark.parametrize("before", [
    [b"0 0 10 10 re W n", b"BT 1 0 0 1 5 5 Tm /F1 9 Tf (a) Tj ET"],     # a clipping path
    [b"BI /W 1 /H 1 ID x EI", b"BT 1 0 0 1 5 5 Tm /F1 9 Tf (a) Tj ET"],  # an inline image
    [b"BT /F1 9 Tf 1 2 (a) \" ET", b"BT 1 0 0 1 5 5 Tm (b) Tj ET"],      # spacing set by ", then cut away
    [b"0 0 10 10 re f"],                                                 # no text object before the lines
])
def test_content_not_read_exactly_is_not_cut(before):
    assert cut(before, [b"BT 1 0 0 1 5 9 Tm (c) Tj ET"], b"BT 1 0 0 1 5 7 Tm (b) Tj ET") is None


def test_the_cut_keeps_the_state_and_the_text_beside_the_lines():
    before = [b"1 0 0 1 0 0 cm", b".5 g", b"0 0 10 10 re f", b"BT 1 0 0 1 5 5 Tm /F1 9 Tf (a) Tj ET",
              b"BT 1 0 0 1 5 6 Tm /F2 7 Tf (b) Tj ET"]
    after = [b"1 g", b"0 0 4 4 re f", b"BT 1 0 0 1 5 9 Tm (d) Tj ET", b"BT 1 0 0 1 5 8 Tm (e) Tj ET"]
    kept, quiet, later = cut(before, after, b"BT 1 0 0 1 5 7 Tm /F1 8 Tf (c) Tj ET")
    assert kept.split(b"\n") == [b"1 0 0 1 0 0 cm", b".5 g", b"/F1 9 Tf", b"BT", b"1 0 0 1 5 6 Tm", b"/F2 7 Tf",
                                 b"(b) Tj", b"ET"]
    assert b"(b) Tj" not in quiet and quiet.endswith(b"/F1 8 Tf")
    assert later.split(b"\n") == [b"1 g", b"BT", b"1 0 0 1 5 9 Tm", b"(d) Tj", b"ET"]


_TEXT = st.text(alphabet="0123456789OoIl+()[]-./ x#@wW:htpsABCXYZ ext\uff0b\uff08\u0663", max_size=24)


@settings(max_examples=400, deadline=None)
@given(head=_TEXT, tail=_TEXT, joiner=st.sampled_from(["", " "]))
def test_no_number_runs_on_from_a_line_that_may_not_start_one(catalogue, head, tail, joiner):
    """The shortcut of the read across line breaks (``may_run_on``) is sound: when it says nothing
    can run on from ``head``, nothing ``find`` finds in the two lines joined crosses the break."""
    index = _index(catalogue)
    if may_run_on(head, tail, index):
        return
    joined = head + joiner + tail
    assert not [(a, b) for a, b, _ in find(joined, index) if a < len(head) < b], (head, tail)


_INDEXES: dict = {}


def _index(catalogue):
    if "index" not in _INDEXES:
        _INDEXES["index"] = known(catalogue)
    return _INDEXES["index"]


def test_a_line_with_a_digit_a_lead_or_an_address_mark_may_start_one(catalogue):
    index = _index(catalogue)
    assert not may_run_on("Venue AAHR", "Information verified on 2026-11-28", index)
    for head, tail in (("Call 1-888-373-", "7888"), ("Venue (", "503) 255-0118"), ("Venue AAHO", "800 509 5439"),
                       ("Visit www", ".example.org"), ("Write to help", "@example.org"), ("Lobby +", "1 503 255 0118")):
        assert may_run_on(head, tail, index), head


@pytest.mark.parametrize("content", [
    b"BT /F1 9 Tf 40 TL (X) Tj [ T* 21.6 TL ] TJ ET",   # words in an array: a reader skips them
    b"BT /F1 9 Tf 4Tc (X) Tj ET",                        # not a number: a reader takes an unknown operator
    b"BT << /A T* >> BDC ET",                             # a word in a dictionary
    b"BT /F1 9 Tf (X) Tj ET ]",                           # an array closed that was never opened
])
def test_content_a_reader_reads_otherwise_is_not_taken_apart(content):
    from printgen.check.design import operations

    assert operations(content) is None
    assert left_set(content) is None


def test_a_text_objects_move_to_the_next_line_sets_the_leading():
    """``tx ty TD`` sets the leading to -ty, as ``TL`` does: lines that leave another leading set differ."""
    plain = b"BT 1 0 0 1 5 5 Tm /F1 9 Tf (a) Tj ET"
    assert left_set(b"BT 0 -21.6 TD /F1 9 Tf (a) Tj ET") != left_set(plain)
    assert left_set(b"BT 1 0 0 1 5 5 Tm /F1 9 Tf (b) Tj ET") == left_set(plain)


def test_a_design_let_go_takes_its_frame_with_it(laid, catalogue, layout, swapped, monkeypatch):
    """A frame holds for the skeleton it was proven against: a design kept again after it was let
    go is judged afresh, and the designs used last are the ones kept."""
    from printgen.check import alike

    cache = warm_frame(laid, catalogue, layout)
    (designs,) = [v for k, v in cache.items() if k[0] == "designs"]
    (first,) = designs.values()
    assert first.frame is not None
    monkeypatch.setattr(alike, "DESIGNS", 1)
    other = render(catalogue, layout, Options("es", venue={"name": "Venue AAAA"})).laid_out.pdf()
    assert check(other, catalogue, layout, cache, dpi=read.FAST_DPI).ok      # another design: the first let go
    assert first not in designs.values()
    assert check(laid[3].pdf(), catalogue, layout, cache, dpi=read.FAST_DPI).ok
    assert laid[3].pdf() not in swapped, "read whole again: its design is kept anew, with no frame yet"
    (again,) = designs.values()
    assert again is not first and again.frame is None
    for laid_out in laid[4:7]:
        assert check(laid_out.pdf(), catalogue, layout, cache, dpi=read.FAST_DPI).ok
    assert again.frame is not None and again.frame is not first.frame and laid[6].pdf() in swapped
    monkeypatch.setattr(alike, "DESIGNS", 2)
    spanish = render(catalogue, layout, Options("es", venue={"name": "Venue CCCC"})).laid_out.pdf()
    assert check(spanish, catalogue, layout, cache, dpi=read.FAST_DPI).ok      # kept again: two designs
    assert len(designs) == 2
    assert check(laid[7].pdf(), catalogue, layout, cache, dpi=read.FAST_DPI).ok   # used last: kept
    third = render(catalogue, layout, Options("vi", venue={"name": "Venue AAAA"})).laid_out.pdf()
    assert check(third, catalogue, layout, cache, dpi=read.FAST_DPI).ok        # a third design: one let go
    assert again in designs.values() and len(designs) == 2, "the design used last is kept, the one before it let go"
