"""Checking a combined file: each distinct form judged once, each page's own text read on its
own, and nothing missed (a page's text over a number of the form, a wrong number in a venue's
line, a page placing a tampered form)."""

from __future__ import annotations

from dataclasses import replace
from types import SimpleNamespace

import pytest
from conftest import CATALOGUE, LAYOUTS

from printgen.catalogue.load import load_catalogue
from printgen.check import read
from printgen.check.read import check_pdf
from printgen.layout.load import load_layout
from printgen.pages import QRMark, TextRun
from printgen.qr import encode
from printgen.render import write_pdf

VENUES = ["Rose City Motel", "Lakeview Bus Terminal #933", "Harbor Inn", "Motel 6", "Venue E"]
HERO = "1-888-373-7888"


@pytest.fixture(scope="module")
def catalogue():
    return load_catalogue(CATALOGUE)


@pytest.fixture(scope="module")
def laid(catalogue):
    """The combined poster of VENUES, as printgen.batch.combined lays it out."""
    from printgen.batch.combined import combined_pdf

    manifest = SimpleNamespace(sheets=1, offset=(0.0, 0.0), back_offset=(0.0, 0.0), allow_stale=False, strings=None,
                               strict=False, allow_fallback=False, print_shop=None)
    data, pages, _, laid_out = combined_pdf(catalogue, load_layout("poster-letter", LAYOUTS), manifest, "en",
                                            [{"name": v} for v in VENUES])
    assert pages == len(VENUES)
    return data, laid_out


def written(laid_out, pages=None, faces=None) -> bytes:
    return write_pdf(list(pages or laid_out.pages), faces or laid_out.faces, laid_out.title, "test", "en")


def problems(report) -> dict[int, list[str]]:
    return {p.page: [f.message for f in p.findings if not f.ok] for p in report.pages}


def face_run(laid_out, text: str) -> TextRun:
    face = next(iter(laid_out.faces.values()))
    return next(s for s in face.shapes if isinstance(s, TextRun) and text in s.text)


def test_a_combined_file_judges_its_form_once_and_each_page_reads_its_own_text(laid, catalogue, monkeypatch):
    data, laid_out = laid
    assert len(laid_out.faces) == 1
    whole, judged = [], []
    parts = read.page_parts

    def counted(page, *args, boxes=False, given=None, **kwargs):
        (judged if boxes else whole if given is None else []).append(page)
        return parts(page, *args, boxes=boxes, given=given, **kwargs)

    monkeypatch.setattr(read, "page_parts", counted)
    report = check_pdf(data, catalogue, "all.pdf")
    assert report.ok, problems(report)
    assert len(judged) == 1 and not whole, "the form judged once, no page read whole"
    first = {f.message for f in report.pages[0].findings}
    assert any(HERO in m for m in first) and any("tel:+18883737888" in m for m in first)
    for page in report.pages[1:]:   # every page reports the form's code and numbers as the first does
        assert {f.message for f in page.findings if f.kind in ("code", "number", "font")} == \
            {f.message for f in report.pages[0].findings if f.kind in ("code", "number", "font")}


def test_judging_forms_once_finds_what_reading_each_page_whole_finds(laid, catalogue, monkeypatch):
    data, _ = laid
    fast = check_pdf(data, catalogue, "all.pdf")
    monkeypatch.setattr(read, "placed_parts", lambda doc, number, page, *args: (None, page))
    slow = check_pdf(data, catalogue, "all.pdf")
    assert [(p.page, p.findings) for p in fast.pages] == [(p.page, p.findings) for p in slow.pages]


def test_a_wrong_number_in_a_venues_line_fails_that_page(laid, catalogue):
    _, laid_out = laid
    pages = list(laid_out.pages)
    venue = pages[2].content[-1]
    assert venue.text == VENUES[2]
    pages[2] = replace(pages[2], content=pages[2].content[:-1] + (replace(venue, text="Harbor Inn 503-255-0119"),))
    report = check_pdf(written(laid_out, pages), catalogue, "all.pdf")
    found = problems(report)
    assert [n for n, p in found.items() if p] == [3], found
    assert any("503-255-0119" in m and "did you mean" in m for m in found[3])


def test_a_pages_own_text_over_a_number_of_the_form_fails_that_page(laid, catalogue):
    _, laid_out = laid
    hero = face_run(laid_out, HERO)
    pages = list(laid_out.pages)
    # dashes in the colour of its band, a point apart, over the hero number: it no longer shows
    cover = tuple(TextRun(hero.x - 4, hero.y + dy, "\u2014" * 11, "bold", 40, "#ffd23f", hero.width + 8)
                  for dy in range(-24, int(hero.size)))
    pages[1] = replace(pages[1], content=pages[1].content + cover)
    report = check_pdf(written(laid_out, pages), catalogue, "all.pdf")
    found = problems(report)
    assert [n for n, p in found.items() if p] == [2], found
    assert any(HERO in m and "does not show" in m for m in found[2]), found[2]


def test_a_page_placing_a_tampered_form_fails_that_page(laid, catalogue):
    _, laid_out = laid
    (key, face), = laid_out.faces.items()
    evil = tuple(replace(s, matrix=encode("https://example.org/elsewhere", s.matrix.ec))
                 if isinstance(s, QRMark) else s for s in face.shapes)
    assert evil != face.shapes
    faces = {key: face, "evil": replace(face, shapes=evil)}
    pages = list(laid_out.pages)
    pages[3] = replace(pages[3], placements=tuple(replace(p, face="evil") for p in pages[3].placements))
    report = check_pdf(written(laid_out, pages, faces), catalogue, "all.pdf")
    found = problems(report)
    assert [n for n, p in found.items() if p] == [4], found
    assert any("example.org/elsewhere" in m for m in found[4]), found[4]
