"""Checking a batch's separate files: a file alike one checked whole (the same objects, the same
drawing but for lines of text) is judged for its own lines only, and nothing is missed: a digit
of a shared number changed, a byte of a shared stream changed, a venue line over a shared number,
a wrong number in a venue line each still fail, as reading the file whole finds."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest
from conftest import CATALOGUE, LAYOUTS
from pdfedit import shared, venue_line, with_form, with_venue_lines

from printgen.catalogue.load import load_catalogue
from printgen.check import read
from printgen.check.read import check_pdf
from printgen.layout.load import load_layout
from printgen.pages import TextRun
from printgen.render import Options, render

VENUES = ["Venue AAAA", "Venue AAAB", "Venue QXZB", "Rose City Motel", "Harbor Inn", "Lakeview Bus Terminal #933"]
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


def check(data: bytes, catalogue, layout, cache: dict, dpi: int | None = None):
    return check_pdf(data, catalogue, "poster.pdf", dpi=dpi, cache=cache, min_qr=layout.smallest_code())


def problems(report) -> list[str]:
    return [f.message for p in report.pages for f in p.findings if not f.ok]


@pytest.fixture
def whole(monkeypatch):
    """The pages read whole (not judged against a design), counted."""
    pages = []
    inner = read._check_page

    def counted(page, *args):
        pages.append(page)
        return inner(page, *args)

    monkeypatch.setattr(read, "_check_page", counted)
    return pages


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
