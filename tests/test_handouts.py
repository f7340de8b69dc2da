"""Handouts and the tri-fold brochure, read back from the written PDFs and their page objects."""

from __future__ import annotations

import io
import re

import pdfplumber
import pytest
from conftest import CATALOGUE, LAYOUTS, rendered
from pypdf import PdfReader

from printgen.catalogue.load import load_catalogue
from printgen.compose.face import Context
from printgen.compose.document import compose_document
from printgen.errors import InputError
from printgen.layout.load import load_layout
from printgen.pages import TextRun
from printgen.render import Options, render
from printgen.language.pick import Language
from readback import links, page_boxes, page_texts
from shipped import CATALOGUES, NAMES, catalogue_for, laid_out, pdf_of

HANDOUTS = {"handout-letter": (612, 792), "handout-a4": (595.28, 841.89), "handout-large": (612, 792)}
SEED_PARAGRAPHS = [
    "Under the Trafficking Victims Protection Act of 2000, victims of human trafficking in the U.S. who are "
    "non-citizens may be eligible for a special visa and comprehensive benefits and services.",
    "They may be eligible for the T-Visa, which allows victims of trafficking to remain in the U.S. and become "
    "eligible for work authorization.",
    "The Unaccompanied Refugee Minors program also assists in family reunification and repatriation services, "
    "when appropriate for the victim.",
]
# officials-only (tagged `officials` in the catalogue): left out of the public handouts
OFFICIALS_PARAGRAPH = ("Federal, state, and local officials must notify DHHS within 24 hours of discovering a child "
                       "who might be a foreign victim of trafficking")


def flat(text: str) -> str:
    return " ".join(text.split())


def pages_of(name: str):
    catalogue = load_catalogue(CATALOGUE)
    return compose_document(Context(catalogue, load_layout(name, LAYOUTS), Language("en", "en")))[0]


@pytest.mark.parametrize("name", HANDOUTS)
def test_pages_sizes_footers_and_paragraphs(name):
    pdf = rendered(name)
    boxes = page_boxes(pdf)
    assert all(b["media"][2:] == pytest.approx(HANDOUTS[name], abs=0.01) for b in boxes)
    texts = page_texts(pdf)
    total = len(texts)
    for number, text in enumerate(texts, 1):
        assert f"Page {number} of {total}" in text
        assert "Information verified on 2026-11-28" in text and "Human trafficking resources" in text
    bodies = [t.replace(f"Page {n} of {total}", "").replace("Information verified on 2026-11-28", "")
              for n, t in enumerate(texts, 1)]
    bodies = [b.rsplit("Human trafficking resources", 1)[0] for b in bodies]     # the footer's title line
    everything = flat(" ".join(bodies))
    for paragraph in SEED_PARAGRAPHS:
        assert paragraph in everything
    assert OFFICIALS_PARAGRAPH not in everything


def test_outline_has_an_entry_per_section_and_note():
    reader = PdfReader(io.BytesIO(rendered("handout-letter")))

    def titles(items):
        for item in items:
            if isinstance(item, list):
                yield from titles(item)
            else:
                yield item.title

    found = set(titles(reader.outline))
    catalogue = load_catalogue(CATALOGUE)
    for section in catalogue.sections:
        assert section.title["en"] in found
        for note in section.notes:
            assert (note.title["en"] in found) == ("officials" not in note.tags)


def test_links_are_the_catalogue_payloads():
    catalogue = load_catalogue(CATALOGUE)
    payloads = {c.payload for _, r in catalogue.resources() for c in r.contacts}
    found = {url for _, url in links(rendered("handout-letter"))}
    assert found <= payloads
    assert {"tel:911", "tel:+18883737888", "tel:+15032550118"} <= found
    assert "tel:+12022054582" not in found          # the officials' DHHS line: not in the public edition
    assert all(re.match(r"^(tel|https?|mailto|SMSTO):", url) for url in found)


@pytest.mark.parametrize("name", HANDOUTS)
def test_no_page_ends_with_a_heading_and_blocks_stay_whole(name):
    catalogue = load_catalogue(CATALOGUE)
    layout = load_layout(name, LAYOUTS)
    heading_sizes = {layout.styles[layout.flow.heading_style].size, layout.styles[layout.flow.note_title_style].size}
    for page in pages_of(name)[1:]:
        body = [s for s in page.content if isinstance(s, TextRun) and s.y > layout.item.safe + 30]
        if not body:
            continue
        lowest = min(body, key=lambda r: r.y)
        assert lowest.size not in heading_sizes or lowest.font != "bold", f"page ends with {lowest.text!r}"
    texts = page_texts(rendered(name))
    for _, res in catalogue.resources():
        if res.complete:
            name_ = res.name["en"]
            pages_with_name = [i for i, t in enumerate(texts) if flat(name_) in flat(t)]
            for i in pages_with_name:
                assert res.contacts[0].display in texts[i], f"{name_} is split from its number"


def test_contents_list_from_four_pages():
    large, letter = page_texts(rendered("handout-large")), page_texts(rendered("handout-letter"))
    assert len(large) >= 4 and "Contents" in large[1]
    assert re.search(r"Report urgent or local trafficking\s+\d", large[1])
    assert len(letter) < 4 and not any("Contents" in t for t in letter)


def test_large_print_is_18pt_and_more():
    with pdfplumber.open(io.BytesIO(rendered("handout-large"))) as pdf:
        sizes = [c["size"] for p in pdf.pages for c in p.chars if c["text"].strip()]
    assert min(sizes) >= 18 - 0.01
    layout = load_layout("handout-large", LAYOUTS)
    assert layout.styles["heading"].font == "bold" and layout.styles["body"].leading >= 1.5


def test_brochure_panels_and_folds():
    pdf = rendered("brochure-trifold")
    assert [b["media"][2:] for b in page_boxes(pdf)] == [(792, 612), (792, 612)]
    inside = [3.6875 * 72, 7.375 * 72]
    outside = [792 - x for x in reversed(inside)]
    assert outside == pytest.approx([3.625 * 72, 7.3125 * 72])
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        for page, folds in zip(doc.pages, (outside, inside)):
            chars = [c for c in page.chars if c["text"].strip()]
            assert chars
            for c in chars:
                for fold in folds:
                    assert not (c["x0"] < fold < c["x1"]), f"{c['text']!r} crosses the fold at {fold}"
            marks = {round(line["x0"], 2) for line in page.lines if abs(line["x0"] - line["x1"]) < 0.01}
            assert {round(f, 2) for f in folds} <= marks


def test_brochure_inside_holds_the_sections_and_notes():
    text = flat(page_texts(rendered("brochure-trifold"))[1])
    assert "Report urgent or local trafficking" in text and "The T-Visa" in text
    assert "503-255-0118" in text and "1-888-428-7581" in text


def test_brochure_that_does_not_fit_is_an_error(tmp_path):
    extra = "\n".join(f"      - id: extra-{i}\n        title: Extra {i}\n        body: " + "Words to read. " * 80
                      for i in range(6))
    text = CATALOGUE.read_text().replace("    notes:\n      - id: tvpa-benefits", f"    notes:\n{extra}\n      - id: tvpa-benefits")
    path = tmp_path / "long.yaml"
    path.write_text(text)
    with pytest.raises(InputError) as info:
        render(load_catalogue(path), load_layout("brochure-trifold", LAYOUTS), Options("en"))
    assert "the content does not fit in the layout's panels" in str(info.value)


def test_cover_elements_must_clear_the_footer(tmp_path):
    text = (LAYOUTS / "handout-letter.yaml").read_text().replace("box: [5.25in, 6.25in, 2.5in, 2.9in]",
                                                                 "box: [5.25in, 7.5in, 2.5in, 2.9in]")
    (tmp_path / "handout-letter.yaml").write_text(text)
    with pytest.raises(InputError) as info:
        load_layout("handout-letter", tmp_path)
    assert "faces.front.6.box: the box reaches" in str(info.value) and "the footer starts at" in str(info.value)


def test_a_right_to_left_handout_reads_from_the_right():
    from printgen.pages import QRMark
    from printgen.text.shaping import has_rtl

    layout = load_layout("handout-letter", LAYOUTS)
    result = render(load_catalogue(CATALOGUE), layout, Options("ar"))
    width = layout.item.size[0]
    arabic = english = codes = 0
    for page in result.page_list[1:]:                       # the pages after the cover
        body = [s for s in page.content if isinstance(s, TextRun) and s.box is not None]
        for run in body:
            left, right = run.box[0], run.box[0] + run.box[2]
            line = [r for r in body if r.y == run.y and r.box == run.box]
            if has_rtl("".join(r.text for r in line)):      # Arabic (with its numbers): ends at the right
                assert abs(max(r.x + r.width for r in line) - right) < 0.01, run.text
                arabic += 1
            elif re.match(r"[A-Za-z]", run.text):           # an English note: starts at the left
                assert abs(min(r.x for r in line) - left) < 0.01, run.text
                english += 1
        for mark in (s for s in page.content if isinstance(s, QRMark)):
            assert mark.x + mark.size < width / 2, "codes go to the left in a right-to-left handout"
            codes += 1
        footer = [s for s in page.content if isinstance(s, TextRun) and s.box is None]
        number = next(r for r in footer if re.search(r"\d+\D+\d+", r.text) and "2026" not in r.text)
        assert number.x < width / 2, "the page number is on the left"
    assert arabic > 20 and english > 5 and codes >= 1
    english_pages = render(load_catalogue(CATALOGUE), layout, Options("en")).page_list
    assert all(m.x > width / 2 for p in english_pages for m in p.content if isinstance(m, QRMark))


FLOWED = [n for n in NAMES if load_layout(n, LAYOUTS).flow is not None]


def _label_words(contact, resource_name: str) -> list[str]:
    """What the catalogue says a number's label row prints: its label (unless it is the name
    already printed), its hours, "Anonymous"; "Text" for an sms without a label."""
    label = contact.label.get("en") if contact.label else None
    words = [label] if label and label != resource_name else []
    if contact.kind == "sms" and not label:
        words.append("Text")
    words += [contact.hours] if contact.hours else []
    return words + (["Anonymous"] if contact.anonymous else [])


@pytest.mark.parametrize("which", CATALOGUES)
@pytest.mark.parametrize("name", FLOWED)
def test_every_flowed_number_prints_whole_with_its_label_on_its_page(name, which):
    """Issue 16: a block set closer or carried over never splits a phone number nor leaves a
    number's label on another page: read from the PDF's text, each flowed number's line (or the
    line under it, where the label wraps) holds its label, on the same page (a code's own number
    under it is not a row)."""
    laid, layout = laid_out(name, which), load_layout(name, LAYOUTS)
    texts = page_texts(pdf_of(name, which))
    flow_pages = [i for i, page in enumerate(laid.pages) if page.content]
    lines = [(i, line.strip()) for i in flow_pages for line in texts[i].splitlines()]
    sections = layout.flow.sections or None
    labels: dict[str, list[list[str]]] = {}       # a number listed twice may have two labels
    for section, res in catalogue_for(name, which).resources():
        if not res.complete or set(res.tags) & set(layout.flow.exclude_tags) or (sections and section.id not in sections):
            continue
        for contact in res.contacts:
            if contact.kind in ("phone", "sms"):
                labels.setdefault(contact.display, []).append(_label_words(contact, res.name["en"]))
    checked = 0
    for display, wanted in labels.items():
        at = [k for k, (_, line) in enumerate(lines) if line.startswith(display)]
        assert at, f"{display} is not printed whole at the start of a flowed line"
        for page in {lines[k][0] for k in at}:      # a code's own number under it stands alone
            rows = [flat(lines[k][1] + " " + (lines[k + 1][1] if k + 1 < len(lines) and lines[k + 1][0] == page
                                              else "")) for k in at if lines[k][0] == page]
            assert any(all(w in row for w in words) for row in rows for words in wanted), \
                f"page {page + 1}: {display} is printed without its label {wanted}: {rows}"
            checked += 1
    assert checked


def test_a_heading_a_few_points_short_of_room_is_set_closer_by_half_its_spaces_at_most():
    """Large print, gb-uk: the heading that with its first entry was 13 pt too tall for page 2
    stays there, set closer: the spaces above and under it shrink, by no more than half (read
    from the PDF's text lines, against page 3's heading, set as asked)."""
    which = "gb-uk"
    layout = load_layout("handout-large", LAYOUTS)
    heading = layout.styles[layout.flow.heading_style].size
    gaps = []                       # (page, space above, space under) of each heading not at a page's top
    with pdfplumber.open(io.BytesIO(pdf_of("handout-large", which))) as doc:
        for number, page in enumerate(doc.pages[1:], 2):
            lines = page.extract_text_lines()
            for k in range(1, len(lines) - 1):
                if abs(lines[k]["chars"][0]["size"] - heading) < 0.1:
                    gaps.append((number, lines[k]["top"] - lines[k - 1]["bottom"],
                                 lines[k + 1]["top"] - lines[k]["bottom"]))
    above, under = max(g[1] for g in gaps), max(g[2] for g in gaps)
    closer = [g for g in gaps if g[1] < above - 0.5]
    assert closer, gaps
    gap = layout.flow.gap           # set above a heading: 2 x gap; under it: gap
    assert all(g[1] >= above - gap - 0.5 and g[2] >= under - gap / 2 - 0.5 for g in gaps), gaps
