"""The brochure and the handouts as a reader and a print shop meet them, measured from the written
PDFs (issue 16): a readable measure, no blank brochure panel and balanced inside panels, colour
that touches the trim running into the bleed, captioned coarse codes with text wrapping beside
the flowed one, no officials-only items in the public editions, headlines without a one-word
last line; for the Portland catalogue and two others."""

from __future__ import annotations

import io
import re

import pdfplumber
import pytest
from conftest import CATALOGUE, LAYOUTS

from printgen.catalogue.load import load_catalogue
from printgen.layout.load import load_layout
from printgen.qr import encode
from printgen.render import Options, render
from printgen.text.fit import one_word_last_line
from readback import decode_codes
from test_print_shop import shop  # noqa: F401  (the print-shop settings, a fixture)

MM = 72 / 25.4
DATA = CATALOGUE.parent.parent / "tests/data/catalogues"
CATALOGUES = {"portland": CATALOGUE, "gb-uk": DATA / "gb-uk.yaml", "toronto": DATA / "ca-toronto.yaml"}
HANDOUTS = ["handout-letter", "handout-a4", "handout-large"]


@pytest.fixture(scope="module", params=list(CATALOGUES))
def catalogue(request):
    return load_catalogue(CATALOGUES[request.param])


_PDFS: dict = {}


def _pdf(catalogue, name: str, **options) -> bytes:
    key = (catalogue.catalogue.id, name, tuple(sorted(options)))
    if key not in _PDFS:
        _PDFS[key] = render(catalogue, load_layout(name, LAYOUTS), Options("en", **options)).pdf
    return _PDFS[key]


def _lines(pdf: bytes):
    """Every text line of every page: (page, text, size, x0, x1, top, bottom), top-down."""
    out = []
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        for page in doc.pages:
            rows: dict = {}
            for w in page.extract_words(extra_attrs=["size"]):
                rows.setdefault((round(w["bottom"]), round(w["size"], 1)), []).append(w)
            for (_, size), ws in sorted(rows.items()):
                ws.sort(key=lambda w: w["x0"])
                parts = [[ws[0]]]
                for w in ws[1:]:            # words far apart on one baseline: two panels or columns
                    if w["x0"] - parts[-1][-1]["x1"] > 2 * size:
                        parts.append([])
                    parts[-1].append(w)
                for part in parts:
                    out.append((page.page_number, " ".join(w["text"] for w in part), size, part[0]["x0"],
                                part[-1]["x1"], min(w["top"] for w in part), max(w["bottom"] for w in part)))
    return out


@pytest.mark.parametrize("name", ["handout-letter", "handout-a4"])
def test_handout_body_lines_run_60_to_80_characters(catalogue, name):
    """Every line of body text but a paragraph's last holds 60 to 80 characters."""
    layout = load_layout(name, LAYOUTS)
    body = layout.styles[layout.flow.body_style]
    lines = [ln for ln in _lines(_pdf(catalogue, name)) if ln[0] > 1 and abs(ln[2] - body.size) < 0.05]
    full = [a for a, b in zip(lines, lines[1:])
            if a[0] == b[0] and abs(a[3] - b[3]) < 1 and 0 < b[6] - a[6] < body.size * body.leading + 1]
    if catalogue.catalogue.id == "portland-or":
        assert len(full) >= 20
    for line in full:
        assert 60 <= len(line[1]) <= 80, (name, len(line[1]), line[1])


def _panels(layout, page: int) -> list[tuple[float, float]]:
    widths = list(layout.flow.panels)
    if page == 1:
        widths = widths[::-1]              # the outside: flap, back, cover
    edges, x = [], 0.0
    for w in widths:
        edges.append((x, x + w))
        x += w
    return edges


def test_brochure_uses_all_six_panels_and_balances_the_inside(catalogue):
    layout = load_layout("brochure-trifold", LAYOUTS)
    lines = _lines(_pdf(catalogue, "brochure-trifold"))
    depths = []
    for page in (1, 2):
        for left, right in _panels(layout, page):
            inside = [ln for ln in lines if ln[0] == page and left <= ln[3] and ln[4] <= right]
            words = sum(len(ln[1].split()) for ln in inside)
            assert words >= 8, (catalogue.catalogue.id, page, left / 72, [ln[1] for ln in inside])
            if page == 2:
                depths.append(max(ln[6] for ln in inside) - min(ln[5] for ln in inside))
    # balanced: no inside panel holds less than half the depth of the fullest
    assert min(depths) >= 0.5 * max(depths), depths


def _inside_numbers(pdf: bytes, layout) -> list:
    """The inside page's lines in the flow's number style (bold digits), at any size."""
    return [ln for ln in _lines(pdf) if ln[0] == 2 and re.fullmatch(r"[\d\s()+-]{3,}", ln[1].split("  ")[0])]


def test_a_short_catalogue_grows_the_brochure_inside_to_fill_its_panels(catalogue):
    """flow.grow: the inside's flowed text grows (at most the layout's factor) while it fits, so
    a short catalogue fills its panels rather than leaving their lower half empty: either the
    text reached the factor, or the fullest panel runs to within 15 % of its foot. An address
    that fits a panel on one line stays on one line."""
    layout = load_layout("brochure-trifold", LAYOUTS)
    pdf = _pdf(catalogue, "brochure-trifold")
    number = layout.styles[layout.flow.number_style].size
    sizes = {round(ln[2], 2) for ln in _inside_numbers(pdf, layout) if ln[2] >= number - 0.01}
    assert sizes, "the inside has numbers in the flow's number style"
    factor = max(sizes) / number
    assert 1.0 <= factor <= layout.flow.grow + 1e-6
    height = layout.item.size[1] - 2 * layout.item.safe
    inside = [ln for ln in _lines(pdf) if ln[0] == 2]
    reach = (max(ln[6] for ln in inside) - layout.item.safe) / height
    assert factor >= layout.flow.grow - 0.02 or reach >= 0.85, (catalogue.catalogue.id, factor, reach)
    checked = catalogue.catalogue.id != "ca-toronto"     # Toronto's hotline has a long website
    for contact in (c for _, r in catalogue.resources() for c in r.contacts if c.kind == "url"):
        if any(contact.display[:12] in ln[1] for ln in inside):
            assert any(contact.display in ln[1] for ln in inside), (contact.display, "broken over lines")
            checked = True
    assert checked


def test_without_grow_the_brochure_inside_keeps_its_styles_sizes(catalogue):
    layout = load_layout("brochure-trifold", LAYOUTS)
    plain = layout.model_copy(update={"flow": layout.flow.model_copy(update={"grow": 1.0})})
    pdf = render(catalogue, plain, Options("en")).pdf
    number = layout.styles[layout.flow.number_style].size
    sizes = {round(ln[2], 2) for ln in _inside_numbers(pdf, plain) if ln[2] >= number - 0.01}
    assert sizes == {number}
    if catalogue.catalogue.id != "portland-or":         # short catalogues: the grown one is larger
        grown = _inside_numbers(_pdf(catalogue, "brochure-trifold"), layout)
        assert max(ln[2] for ln in grown) > number * 1.2


def test_brochure_numbers_on_cover_and_flap_are_large(catalogue):
    """The hotline (the cover's hero) and 911 (the flap's first line) print at 18 pt or more."""
    layout = load_layout("brochure-trifold", LAYOUTS)
    lines = [ln for ln in _lines(_pdf(catalogue, "brochure-trifold")) if ln[0] == 1]
    flap, _, (cover, _) = _panels(layout, 1)
    numbers = sorted((ln for ln in lines if re.match(r"\+?\d[\d \-]{1,}\d", ln[1])), key=lambda ln: ln[5])
    cover_numbers = [ln for ln in numbers if ln[3] >= cover]
    flap_numbers = [ln for ln in numbers if ln[4] <= flap[1]]
    assert max(ln[2] for ln in cover_numbers) >= 18, cover_numbers
    assert flap_numbers and flap_numbers[0][2] >= 18, flap_numbers
    emergency = {"portland-or": "911", "gb-uk": "999", "ca-toronto": "911"}[catalogue.catalogue.id]
    assert any(ln[1].startswith(emergency) for ln in flap_numbers)


def test_brochure_colour_touching_the_trim_runs_into_the_bleed(catalogue, shop):
    """In the print-shop file every filled box that reaches a trim edge goes on to the BleedBox."""
    pdf = render(catalogue, load_layout("brochure-trifold", LAYOUTS), Options("en", print_shop=shop)).pdf
    touching = 0
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        for page in doc.pages:
            h = float(page.height)
            tx0, ty0, tx1, ty1 = (float(v) for v in page.page_obj.attrs["TrimBox"])
            bx0, by0, bx1, by1 = (float(v) for v in page.page_obj.attrs["BleedBox"])
            assert bx0 < tx0 - 8 and bx1 > tx1 + 8          # 0.125 in of bleed
            for r in page.rects:
                if not r["fill"] or r["non_stroking_color"] in ((0, 0, 0, 0), (0.0, 0.0, 0.0, 0.0)):
                    continue
                x0, x1, y0, y1 = r["x0"], r["x1"], h - r["bottom"], h - r["top"]
                for edge, reaches, bleed_ok in ((x0 <= tx0 + 0.5, True, x0 <= bx0 + 0.5),
                                                (x1 >= tx1 - 0.5, True, x1 >= bx1 - 0.5),
                                                (y0 <= ty0 + 0.5, True, y0 <= by0 + 0.5),
                                                (y1 >= ty1 - 0.5, True, y1 >= by1 - 0.5)):
                    if edge and reaches:
                        touching += 1
                        assert bleed_ok, (page.page_number, [round(v, 1) for v in (x0, y0, x1, y1)])
    # the office layout keeps its colour 0.25 in inside the paper (tests/test_design_edges.py), so
    # nothing of the shipped brochure touches the trim; a box that did would have to bleed
    assert touching == 0


@pytest.mark.parametrize("name", ["brochure-trifold", *HANDOUTS])
def test_codes_are_captioned_coarse_and_inside_the_safe_area(catalogue, name):
    layout = load_layout(name, LAYOUTS)
    pdf = _pdf(catalogue, name)
    codes = decode_codes(pdf)
    assert codes
    lines = _lines(pdf)
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        sizes = [(p.width, p.height) for p in doc.pages]
    safe = layout.item.safe
    for code in codes:
        modules = max(encode(code.payload, ec).modules for ec in ("M", "Q"))
        assert min(code.w, code.h) / modules / MM >= 1.0, (name, code)
        w, h = sizes[code.page]
        top, bottom = h - code.y - code.h, h - code.y
        assert code.x >= safe - 1 and code.x + code.w <= w - safe + 1 and top >= safe - 1 and bottom <= h - safe + 1
        # the action caption: under the code (within 1.5 in), across it
        caption = [ln for ln in lines if ln[0] == code.page + 1 and ln[1].startswith("Scan to call")
                   and bottom < ln[5] < bottom + 108 and ln[3] < code.x + code.w and ln[4] > code.x]
        assert caption, (name, code.payload, [ln[1] for ln in lines if ln[0] == code.page + 1][-12:])


@pytest.mark.parametrize("name", ["handout-letter", "handout-a4"])
def test_text_wraps_beside_the_flowed_code(name):
    """No hole beside the flowed code: the lines left of it follow each other closely."""
    catalogue = load_catalogue(CATALOGUE)
    pdf = _pdf(catalogue, name)
    codes = [c for c in decode_codes(pdf) if c.page > 0]
    assert codes
    lines = _lines(pdf)
    for code in codes:
        with pdfplumber.open(io.BytesIO(pdf)) as doc:
            h = doc.pages[code.page].height
        top, bottom = h - code.y - code.h, h - code.y
        beside = sorted((ln for ln in lines if ln[0] == code.page + 1 and ln[4] < code.x
                         and top - 20 < ln[5] < bottom + 72), key=lambda ln: ln[5])
        assert len(beside) >= 4, beside
        gaps = [b[5] - a[6] for a, b in zip(beside, beside[1:])]
        assert max(gaps) < 0.3 * 72, (name, gaps)
        assert any(ln[5] > bottom for ln in beside) or beside[-1][6] > bottom - 36


PUBLIC = ["brochure-trifold", "handout-letter", "handout-a4", "handout-large"]


@pytest.mark.parametrize("name", PUBLIC)
def test_public_editions_leave_officials_items_and_editors_remarks_out(name):
    catalogue = load_catalogue(CATALOGUE)
    text = " ".join(ln[1] for ln in _lines(_pdf(catalogue, name)))
    for absent in ("202-205-4582", "Officials must notify", "DHHS notification", "missing from the source",
                   "for federal, state and local officials"):
        assert absent.lower() not in text.lower(), (name, absent)
    officials = [n for s in catalogue.sections for n in s.notes if "officials" in n.tags]
    assert officials and officials[0].note                  # the editor's remark is kept, unprinted
    for present in ("The T-Visa", "1-888-373-7888", "911"):
        assert present in text, (name, present)


@pytest.mark.parametrize("name", PUBLIC)
def test_headlines_have_no_one_word_last_line(catalogue, name):
    """The title (the largest text of page 1 that is not a number) and the headings inside."""
    lines = _lines(_pdf(catalogue, name))
    words = [ln for ln in lines if not any(c.isdigit() for c in ln[1])]
    for page in sorted({ln[0] for ln in words}):
        on_page = [ln for ln in words if ln[0] == page]
        size = max(ln[2] for ln in on_page)
        runs, run = [], []
        for ln in on_page:
            if ln[2] == size and (not run or 0 < ln[6] - run[-1][6] < size * 1.6):
                run.append(ln)
                continue
            if run:
                runs.append(run)
            run = [ln] if ln[2] == size else []
        runs += [run] if run else []
        for run in runs:
            text = [ln[1] for ln in run]
            if len(" ".join(text).split()) > 3:
                assert not one_word_last_line(text), (name, page, text)


def test_flow_columns_set_a_handout_in_two_columns(tmp_path):
    """flow.columns: 2 (a user's layout): body lines start at two left edges, one per column,
    each no wider than its column."""
    for name in ("handout-letter.yaml",):
        (tmp_path / name).write_text((LAYOUTS / name).read_text())
    (tmp_path / "two-columns.yaml").write_text(
        "extends: handout-letter\ndescription: two columns\n"
        "styles:\n  body: {size: 9pt, min: 9pt}\n"
        "flow:\n  measure: null\n  columns: 2\n  column_gap: 0.3in\n")
    layout = load_layout("two-columns", tmp_path)
    pdf = render(load_catalogue(CATALOGUE), layout, Options("en")).pdf
    body = [ln for ln in _lines(pdf) if ln[0] > 1 and abs(ln[2] - 9) < 0.05]
    column = (8.5 * 72 - 2 * 54 - 0.3 * 72) / 2
    lefts = sorted({round(ln[3]) for ln in body})
    assert lefts[0] >= 54 - 1 and any(abs(x - (54 + column + 0.3 * 72)) < 2 for x in lefts), lefts
    for ln in body:
        start = 54 if ln[3] < 54 + column else 54 + column + 0.3 * 72
        assert ln[4] <= start + column + 1, ln
