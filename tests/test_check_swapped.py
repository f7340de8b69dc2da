"""A batch's file whose bytes are a judged design's but for its venue's lines is read from those
lines alone (``printgen.check.swapped``): it finds what reading the file whole finds, and a file
that differs in anything else, or whose lines leave another state set, come near a code or a
number, run into another line or hold a number, is judged the slower ways."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest
from conftest import CATALOGUE, LAYOUTS
from hypothesis import given, settings
from hypothesis import strategies as st
from pdfedit import venue_line, with_form, with_venue_lines

from printgen.catalogue.load import load_catalogue
from printgen.check import read
from printgen.check.lines import cut, left_set
from printgen.check.numbers import find, known, may_run_on
from printgen.check.read import check_pdf
from printgen.layout.load import load_layout
from printgen.render import Options, render

VENUES = ["Venue AAAA", "Venue AAAB", "Venue AAAC", "Venue AABD", "Harbor Inn", "Rose City Motel", "Venue CCCC",
          "Venue DDDD"]
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


@pytest.fixture
def swapped(monkeypatch):
    """The files read from their own lines alone, counted."""
    served = []
    inner = read.swapped_findings

    def counted(pdf, *args):
        found = inner(pdf, *args)
        if found is not None:
            served.append(pdf)
        return found

    monkeypatch.setattr(read, "swapped_findings", counted)
    return served


def check(data: bytes, catalogue, layout, cache: dict, dpi: int | None = None):
    return check_pdf(data, catalogue, "poster.pdf", dpi=dpi, cache=cache, min_qr=layout.smallest_code())


def problems(report) -> list[str]:
    return [f.message for p in report.pages for f in p.findings if not f.ok]


def warm(laid, catalogue, layout) -> dict:
    """A cache that read the first file whole, judged the second against it, and the third from its lines."""
    cache = {}
    for laid_out in laid[:3]:
        assert check(laid_out.pdf(), catalogue, layout, cache, dpi=read.FAST_DPI).ok
    return cache


def judged_otherwise(data: bytes, catalogue, layout, cache: dict, served: list):
    """The report on ``data`` when it is not read from its lines alone: the same as reading it whole."""
    report = check(data, catalogue, layout, cache, dpi=read.FAST_DPI)
    assert data not in served, "the file is not the design but for its lines: not read from them alone"
    assert report.pages == check(data, catalogue, layout, {}, dpi=read.FAST_DPI).pages
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
    assert len(swapped) >= len(files) - 3, "after the design and its skeleton, each file read from its lines"
    for data, report in zip(files, reports):
        assert report.pages == check(data, catalogue, layout, {}).pages, "what reading the file whole finds"
    messages = {f.message for f in reports[-1].pages[0].findings}
    assert any(HERO in m for m in messages) and "all text lies inside the safe area" in messages
    # and what judging each against the design's page without its lines finds (printgen.check.alike)
    monkeypatch.setattr(read, "swapped_findings", lambda *args: None)
    slower = {}
    assert [check(data, catalogue, layout, slower).pages for data in files] == [r.pages for r in reports]


def test_a_digit_changed_in_a_shared_number_is_not_read_from_the_lines(laid, catalogue, layout, swapped):
    cache = warm(laid, catalogue, layout)
    edited = with_form(laid[3].pdf(), lambda c: c.replace(b"(1-888-373-7888)", b"(1-888-373-7889)", 1))
    report = judged_otherwise(edited, catalogue, layout, cache, swapped)
    assert any("1-888-373-7889" in m for m in problems(report)), problems(report)


def test_lines_that_leave_another_text_state_set_are_not_read_alone(laid, catalogue, layout, swapped):
    """Character spacing set in the venue's text object stays set for the footer after it."""
    cache = warm(laid, catalogue, layout)

    def spaced(content: bytes) -> bytes:
        line = venue_block(content, VENUES[3])
        return content.replace(line, line.replace(b" Tm ", b" Tm 4 Tc ", 1))

    judged_otherwise(with_form(laid[3].pdf(), spaced), catalogue, layout, cache, swapped)
    assert left_set(b"BT 1 0 0 1 5 5 Tm /F1 9 Tf 4 Tc (a) Tj ET") != left_set(b"BT 1 0 0 1 5 5 Tm /F1 9 Tf (a) Tj ET")


def test_lines_moved_over_the_hero_number_are_not_read_alone(laid, catalogue, layout, swapped):
    cache = warm(laid, catalogue, layout)

    def moved(content: bytes) -> bytes:
        hero = re.search(rb"BT 1 0 0 1 ([\d.]+ [\d.]+) Tm [^\n]*\(" + re.escape(HERO.encode()) + rb"\)", content)
        line = venue_block(content, VENUES[3])
        return content.replace(line, re.sub(rb"1 0 0 1 [\d.]+ [\d.]+ Tm", b"1 0 0 1 " + hero[1] + b" Tm", line))

    judged_otherwise(with_form(laid[3].pdf(), moved), catalogue, layout, cache, swapped)


def test_lines_run_into_their_neighbour_are_not_read_alone(laid, catalogue, layout, swapped):
    """The venue's line on the baseline of the line before it, just after it: read as one line."""
    cache = warm(laid, catalogue, layout)

    def joined(content: bytes) -> bytes:
        before = re.search(rb"BT 1 0 0 1 ([\d.]+) ([\d.]+) Tm [^\n]*\(Scan to call this number\)", content)
        line = venue_block(content, VENUES[3])
        x = float(before[1]) + 175
        return content.replace(line, re.sub(rb"1 0 0 1 [\d.]+ [\d.]+ Tm", b"1 0 0 1 %.2f %s Tm" % (x, before[2]), line))

    judged_otherwise(with_form(laid[3].pdf(), joined), catalogue, layout, cache, swapped)


def test_a_number_in_the_lines_is_seen_in_the_files_own_pixels(laid, catalogue, layout, swapped):
    cache = warm(laid, catalogue, layout)
    line = venue_line(laid[3])
    hidden = with_venue_lines(laid[3], [replace(line, text="Front desk 503-255-0118", color="#ffffff")])
    report = check(hidden, catalogue, layout, cache, dpi=read.FAST_DPI)
    assert hidden not in swapped
    assert any("503-255-0118" in m and "colour behind it" in m for m in problems(report)), problems(report)
    wrong = with_venue_lines(laid[3], [replace(line, text="Harbor Inn 503-255-0119")])
    assert any("did you mean" in m for m in problems(check(wrong, catalogue, layout, cache, dpi=read.FAST_DPI)))
    assert wrong not in swapped


def test_another_line_changed_too_is_not_read_from_the_lines(laid, catalogue, layout, swapped):
    cache = warm(laid, catalogue, layout)
    edited = with_form(laid[3].pdf(), lambda c: c.replace(b"(Help is available.)", b"(Help is near.)", 1))
    judged_otherwise(edited, catalogue, layout, cache, swapped)
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
