"""Reading output back: `check` fails tampered PDFs with the right message and passes every
shipped layout; `proof` and `preview`."""

from __future__ import annotations

import functools
import io
import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import CATALOGUE, LAYOUTS, rendered

from printgen.catalogue.load import load_catalogue
from printgen.check.read import check_pdf
from printgen.cli import cli
from printgen.layout.load import list_layouts, load_layout
from printgen.check.numbers import known, scan
from printgen.render import Options, render

# A one-sided card with the national hotline's code; {extra} adds elements after the code.
CARD = """\
description: A test card with one code
item: {{size: [3.5in, 2in], bleed: 0in, safe: 0.125in}}
styles:
  caption: {{font: bold, size: 9pt, min: 6.5pt}}
faces:
  front:
    - {{type: qr, box: {box}, select: {{tags: [hotline], max: 1}}, ec: M, min_size: {min_size},
       caption_style: caption}}
{extra}"""


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args])


@functools.lru_cache(maxsize=None)
def catalogue():
    return load_catalogue(CATALOGUE)


def catalogue_copy(tmp_path: Path, old: str, new: str) -> Path:
    text = CATALOGUE.read_text()
    assert old in text
    path = tmp_path / "tampered.yaml"
    path.write_text(text.replace(old, new))
    return path


def render_pdf(layout: str, catalogue_path: Path = CATALOGUE, layouts: Path = LAYOUTS) -> bytes:
    return render(load_catalogue(catalogue_path), load_layout(layout, layouts), Options("en")).pdf


def card(tmp_path: Path, box="[2.2in, 0.125in, 1.175in, 1.32in]", min_size="2cm", extra="") -> bytes:
    folder = tmp_path / "layouts"
    folder.mkdir(exist_ok=True)
    (folder / "card.yaml").write_text(CARD.format(box=box, min_size=min_size, extra=extra))
    return render_pdf("card", layouts=folder)


def problems(report) -> list[str]:
    return [f.message for _, f in report.problems()]


def written(tmp_path: Path, pdf: bytes, name: str = "cards.pdf") -> Path:
    path = tmp_path / name
    path.write_bytes(pdf)
    return path


# -- every shipped layout passes -----------------------------------------------------------------

@pytest.mark.parametrize("name", [layout.name for layout in list_layouts(LAYOUTS)])
def test_every_shipped_layout_passes_check(name):
    """Each layout with Portland's catalogue; a posting-law preset with the posting-laws
    catalogue in its state (Portland's cannot meet another state's law)."""
    from shipped import PRESETS, catalogue_for, pdf_of

    which = "posting-laws" if name in PRESETS else "portland"
    report = check_pdf(pdf_of(name, which), catalogue_for(name, which), name)
    assert report.ok, problems(report)
    assert any(f.kind == "number" for p in report.pages for f in p.findings), "numbers are read from the text"


def test_wallet_card_reads_every_code_and_number():
    report = check_pdf(rendered("wallet-card"), catalogue(), "wallet-card")
    front, back = report.pages
    found = {(f.kind, f.value): f.count for f in back.findings}
    assert found[("code", "tel:+18883737888")] == 10
    for number in ("503-255-0118", "503-731-3100", "1-800-509-5439", "1-800-843-5678", "1-888-428-7581"):
        assert found[("number", number)] == 10
    assert {(f.kind, f.value) for f in front.findings if f.kind == "number"} == {("number", "911"),
                                                                                ("number", "1-888-373-7888")}
    for page in report.pages:
        assert [f.message for f in page.findings if f.kind == "font"] == [
            "fonts embedded: NotoSans-Bold, NotoSans-Regular"]


def test_wallet_card_in_every_catalogue_language_prints_the_same_numbers_and_code():
    cat, cache, first = catalogue(), {}, None
    for lang in cat.catalogue.languages:
        result = render(cat, load_layout("wallet-card", LAYOUTS), Options(lang))
        report = check_pdf(result.pdf, cat, lang, cache=cache)
        assert report.ok, (lang, problems(report))
        found = {(f.kind, f.value) for p in report.pages for f in p.findings if f.kind in ("number", "code")}
        # a line of a longer language may be left out for room (the back's 25 mm code leaves the
        # list less width): then the render says so, naming its number
        room = " ".join(w for w in result.warnings if "left out for room" in w)
        said = {("number", number) for kind, number in (first or found) - found if number in room}
        assert found | said == (first or found), f"{lang} reads {found ^ first}"
        first = first or found


def test_numbers_read_from_pdfium_are_those_pypdf_reads():
    from readback import page_texts

    report = check_pdf(rendered("wallet-card"), catalogue(), "wallet-card")
    for page, text in zip(report.pages, page_texts(rendered("wallet-card"))):
        assert {f.value for f in page.findings if f.kind == "number"} == set(re.findall(r"\b\d[\d-]+\d\b", text))


# -- tampered PDFs -------------------------------------------------------------------------------

def test_a_wrong_digit_in_the_text_fails(tmp_path):
    pdf = render_pdf("wallet-card", catalogue_copy(tmp_path, "503.255.0118", "503.255.0119"))
    report = check_pdf(pdf, catalogue(), "cards.pdf")
    assert problems(report) == ['"503-255-0119" is not a number in the catalogue; did you mean 503-255-0118 '
                                "(ppb-trafficking-tip-line)?",
                                "a link leads to tel:+15032550119, which is not in the catalogue"]
    assert [p.page for p in report.pages if not p.ok] == [2]
    result = run("check", written(tmp_path, pdf), "--catalogue", CATALOGUE)
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        f'check failed: {tmp_path}/cards.pdf page 2: "503-255-0119" is not a number in the catalogue; '
        "did you mean 503-255-0118 (ppb-trafficking-tip-line)? (and 1 more problem)")      # its link
    assert f'{tmp_path}/cards.pdf page 2: problem: "503-255-0119" is not a number' in result.stdout


def test_a_code_pointing_elsewhere_fails(tmp_path):
    pdf = render_pdf("wallet-card", catalogue_copy(tmp_path, "1 (888) 3737-888", "1 (888) 3737-889"))
    report = check_pdf(pdf, catalogue(), "cards.pdf")
    back = report.pages[1]
    assert [f.message for f in back.findings if f.kind == "code"] == [
        "a QR code leads to tel:+18883737889, which is not in the catalogue"]
    assert [f.count for f in back.findings if f.kind == "code"] == [10]
    result = run("check", written(tmp_path, pdf), "--catalogue", CATALOGUE)
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        f'check failed: {tmp_path}/cards.pdf page 1: "1-888-373-7889" is not a number in the catalogue; '
        "did you mean 1-888-373-7888 (nhtrc)? (and 4 more problems)")      # the code, and the links


def test_a_code_too_small_fails(tmp_path):
    pdf = card(tmp_path, box="[2.2in, 0.125in, 0.8in, 0.95in]", min_size="1cm")
    (message,) = problems(check_pdf(pdf, catalogue(), "card.pdf"))
    assert re.fullmatch(r"the QR code for tel:\+18883737888 prints 1[45]\.\d mm wide; it must be at least 20\.0 mm",
                        message), message
    path = written(tmp_path, pdf)
    result = run("check", path, "--min-qr", "2cm", "--catalogue", CATALOGUE)
    assert result.exit_code == 1
    assert result.stderr.startswith(f"check failed: {path} page 1: the QR code for tel:+18883737888 prints 1")
    assert run("check", path, "--min-qr", "1.2cm", "--catalogue", CATALOGUE).exit_code == 0


def test_a_code_without_its_quiet_zone_fails(tmp_path):
    # a black bar over the code's left quiet zone, stopping just short of the code itself
    pdf = card(tmp_path, extra='    - {type: box, box: [2.2in, 0.4in, 0.13in, 0.5in], fill: "#000000"}\n')
    (message,) = problems(check_pdf(pdf, catalogue(), "card.pdf"))
    assert re.fullmatch(r"the QR code for tel:\+18883737888 has no quiet zone on its left: dark marks 0\.\d mm "
                        r"from the code \(it needs 4 modules, 3\.5 mm, of white\)", message), message


def test_a_code_with_something_drawn_over_it_fails(tmp_path):
    # a small square over the middle of the code: it still scans, thanks to error correction
    pdf = card(tmp_path, extra='    - {type: box, box: [2.72in, 0.63in, 0.14in, 0.14in], fill: "#000000"}\n')
    (message,) = problems(check_pdf(pdf, catalogue(), "card.pdf"))
    assert re.fullmatch(r"the QR code for tel:\+18883737888 has \d+ of 625 modules drawn wrong \(something covers "
                        r"it\); it scans only thanks to error correction", message), message


def test_a_bar_outside_the_quiet_zone_passes(tmp_path):
    pdf = card(tmp_path, extra='    - {type: box, box: [0.125in, 0.4in, 1.9in, 0.5in], fill: "#000000"}\n')
    assert check_pdf(pdf, catalogue(), "card.pdf").ok


def test_a_code_whose_quiet_zone_runs_off_the_page_fails():
    from reportlab.pdfgen import canvas

    from printgen.text.fonts import register
    from printgen.pages import QRMark
    from printgen.pdf import draw_shapes
    from printgen.qr import encode

    matrix = encode("tel:+18883737888")
    module = 2.5
    buffer = io.BytesIO()
    c = canvas.Canvas(buffer, pagesize=(200, 200), initialFontName=register("regular"))
    draw_shapes(c, [QRMark(-3 * module, 50, (matrix.modules + 8) * module, matrix)])   # 1 module on the left
    c.showPage()
    c.save()
    (message,) = problems(check_pdf(buffer.getvalue(), catalogue(), "edge.pdf"))
    assert re.fullmatch(r"the QR code for tel:\+18883737888 has no quiet zone on its left: the page ends 0\.\d mm "
                        r"from the code \(it needs 4 modules, 3\.5 mm, of white\)", message), message


def helvetica_pdf() -> bytes:
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    c = canvas.Canvas(buffer, pagesize=(300, 200))
    c.setFont("Helvetica", 12)
    c.drawString(20, 100, "Emergency: call 911")
    c.showPage()
    c.save()
    return buffer.getvalue()


def test_an_unembedded_font_fails(tmp_path):
    report = check_pdf(helvetica_pdf(), catalogue(), "plain.pdf")
    assert problems(report) == ["the font Helvetica is not embedded; a printer would substitute another"]
    assert [f.value for f in report.pages[0].findings if f.ok and f.kind == "number"] == ["911"]
    path = written(tmp_path, helvetica_pdf(), "plain.pdf")
    result = run("check", path, "--catalogue", CATALOGUE)
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (f"check failed: {path} page 1: the font Helvetica is not embedded; "
                                             "a printer would substitute another")


def test_a_trim_box_outside_the_bleed_box_fails():
    from reportlab.pdfgen import canvas

    from printgen.text.fonts import register

    buffer = io.BytesIO()
    c = canvas.Canvas(buffer, pagesize=(270, 162), initialFontName=register("regular"))
    c.setBleedBox((0, 0, 270, 162))
    c.setTrimBox((9, 9, 280, 153))
    c.showPage()
    c.save()
    assert problems(check_pdf(buffer.getvalue(), catalogue(), "boxes.pdf")) == [   # an empty page is no pass
        "no text can be read on this page (a picture of text, or an empty page): nothing on it was checked",
        "the TrimBox [9 9 280 153] is not inside the BleedBox [0 0 270 162]"]


# -- reading numbers from text ---------------------------------------------------------------------

@pytest.mark.parametrize("text, printed, problem", [
    ("Call 911 24/7", ["911"], None),
    ("Emergency: 9-1-1.", ["9-1-1"], None),
    ("Tip line 503-255-0118 · 24/7", ["503-255-0118"], None),
    ("as written 503.255.0118, or 1 (800) THE LOST", ["503.255.0118", "1 (800) THE LOST"], None),
    ("1-800-THE-LOST", ["1-800-THE-LOST"], None),
    ("(1-888-373-7888)", ["1-888-373-7888"], None),
    ("call (503) 255-0118", ["(503) 255-0118"],
     '"(503) 255-0118" is 503-255-0118 (ppb-trafficking-tip-line) printed another way; print 503-255-0118'),
    ("call 1-800-843-5679", ["1-800-843-5679"],
     '"1-800-843-5679" is not a number in the catalogue; did you mean 1-800-843-5678 (ncmec-online-hotline, ncmec)?'),
    ("call 503-255-011", ["503-255-011"], '"503-255-011" looks like a phone number but is not a valid number in US'),
    ("or call 988", ["988"], '"988" is not a number in the catalogue'),
    ("+44 20 7946 0958", ["+44 20 7946 0958"], '"+44 20 7946 0958" is not a number in the catalogue'),
    ("see https://example.org/help.", ["https://example.org/help"],
     '"https://example.org/help" is not an address in the catalogue'),
    ("verified 2026-11-28, Act of 2000, under 18, within 24 hours, Portland OR 97204, 2019-2024, page 1 of 2",
     [], None),
])
def test_numbers_and_addresses_found_in_text(text, printed, problem):
    found = scan(text, known(catalogue()))
    assert [p.text for p in found] == printed
    assert [p.problem for p in found if p.problem] == ([problem] if problem else [])


# -- the command ---------------------------------------------------------------------------------

def test_check_passes_a_good_file_and_reports_each_page(tmp_path):
    path = written(tmp_path, rendered("wallet-card"))
    result = run("check", path, "--catalogue", CATALOGUE)
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert (f"{path} page 2: ok: QR code tel:+18883737888 (nhtrc), at least 20.0 mm wide, quiet zone clear "
            "(x10)") in lines
    assert f"{path} page 1: ok: 911 (emergency) (x10)" in lines
    assert lines[-1] == f"{path}: 2 pages, every check holds"


def test_check_json(tmp_path):
    good = written(tmp_path, rendered("wallet-card-bleed"), "good.pdf")
    bad = written(tmp_path, helvetica_pdf(), "bad.pdf")
    result = run("check", good, bad, "--json", "--catalogue", CATALOGUE)
    assert result.exit_code == 1
    reports = json.loads(result.stdout)
    assert [(r["file"], r["ok"]) for r in reports] == [(str(good), True), (str(bad), False)]
    assert [p["page"] for p in reports[0]["pages"]] == [1, 2]
    assert {"ok": True, "kind": "code", "value": "tel:+18883737888", "count": 1}.items() <= \
        next(f for f in reports[0]["pages"][1]["findings"] if f["kind"] == "code").items()


def test_missing_and_corrupt_files_are_input_errors(tmp_path):
    result = run("check", tmp_path / "nope.pdf", "--catalogue", CATALOGUE)
    assert result.exit_code == 2
    assert result.stderr == f"error: {tmp_path}/nope.pdf: not found\n"
    corrupt = written(tmp_path, rendered("wallet-card")[:2000], "cut.pdf")
    result = run("check", corrupt, "--catalogue", CATALOGUE)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"error: {corrupt}: not a readable PDF (")
    assert len(result.stderr.splitlines()) == 1
    result = run("check", written(tmp_path, b"hello", "text.pdf"), "--min-qr", "2", "--catalogue", CATALOGUE)
    assert result.exit_code == 2 and "a length needs a unit" in result.stderr


def test_repeated_sheets_are_checked_once(monkeypatch):
    import printgen.check.read as check

    calls = []
    real = check._check_page
    monkeypatch.setattr(check, "_check_page", lambda page, *a: calls.append(1) or real(page, *a))
    pdf = render(catalogue(), load_layout("wallet-card", LAYOUTS), Options("en", sheets=4)).pdf
    cache: dict = {}
    report = check_pdf(pdf, catalogue(), "cards.pdf", cache=cache)
    assert len(report.pages) == 8 and report.ok
    assert len(calls) == 4          # sheet 1 (with its links) and sheet 2, front and back; sheets 3-4 repeat 2
    again = check_pdf(pdf, catalogue(), "cards.pdf", cache=cache)
    assert len(calls) == 4 and again == report


def test_a_repeated_sheet_changed_in_one_copy_is_checked_on_its_own():
    from pypdf import PdfReader, PdfWriter

    pdf = render(catalogue(), load_layout("wallet-card", LAYOUTS), Options("en", sheets=4)).pdf
    overlay = PdfReader(io.BytesIO(one_page(lambda c: c.drawString(40, 40, "Call 503-255-0119"),
                                            size=(612, 792)))).pages[0]
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    writer.pages[6].merge_page(overlay)             # sheet 4's front, twin of sheets 2 and 3
    buffer = io.BytesIO()
    writer.write(buffer)
    report = check_pdf(buffer.getvalue(), catalogue(), "cards.pdf")
    assert [p.page for p in report.pages if not p.ok] == [7]
    assert problems(report) == ['"503-255-0119" is not a number in the catalogue; did you mean 503-255-0118 '
                                "(ppb-trafficking-tip-line)?",
                                # drawn in the sheet's margin, outside every card's safe area
                                '"Call 503-255-0119" lies 7.9 mm outside the safe area: a cutter\'s drift or a '
                                "printer's margin may take it"]


# -- codes drawn other ways: as an image, module by module, in a Type 3 font's glyphs ------------------
# The check rasterises only the regions where graphics could hold a code (printgen.check.regions);
# a code that printgen would never draw must still be read.

ELSEWHERE = "tel:+15035550100"          # not in the catalogue; 555-01xx numbers are reserved for fiction


def one_page(draw, size=(300, 300)) -> bytes:
    from reportlab.pdfgen import canvas

    from printgen.text.fonts import register

    buffer = io.BytesIO()
    c = canvas.Canvas(buffer, pagesize=size, initialFontName=register("regular"))
    draw(c)
    c.showPage()
    c.save()
    return buffer.getvalue()


def code_messages(pdf: bytes) -> list[str]:
    return [f.message for _, f in check_pdf(pdf, catalogue(), "other.pdf").problems() if f.kind == "code"]


def test_a_code_drawn_as_an_image_is_read():
    import qrcode
    from reportlab.lib.utils import ImageReader

    image = qrcode.make(ELSEWHERE, box_size=4, border=4).get_image().convert("L")
    pdf = one_page(lambda c: c.drawImage(ImageReader(image), 60, 60, 180, 180))
    assert code_messages(pdf) == [f"a QR code leads to {ELSEWHERE}, which is not in the catalogue"]


def test_a_code_drawn_module_by_module_is_read():
    from printgen.qr import encode

    def draw(c):
        for r, row in enumerate(encode(ELSEWHERE).rows):
            for col, dark in enumerate(row):
                if dark:
                    c.rect(80 + col * 5, 220 - r * 5, 5, 5, stroke=0, fill=1)

    assert code_messages(one_page(draw)) == [f"a QR code leads to {ELSEWHERE}, which is not in the catalogue"]


def type3_pdf(rows) -> bytes:
    """A page whose code is text: each dark module the glyph "a" of a Type 3 font, a filled square."""
    scale = 5
    lines = [f"BT /Q 1 Tf {scale} 0 0 {scale} 60 {240 - r * scale} Tm "
             + "".join(f"({'a' if dark else 'b'}) Tj " for dark in row) + "ET" for r, row in enumerate(rows)]
    content = "\n".join(lines).encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 300 300] /Contents 4 0 R "
        b"/Resources << /Font << /Q 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        b"<< /Type /Font /Subtype /Type3 /FontBBox [0 0 1 1] /FontMatrix [1 0 0 1 0 0] "
        b"/CharProcs << /a 6 0 R /b 7 0 R >> /Encoding << /Type /Encoding /Differences [97 /a /b] >> "
        b"/FirstChar 97 /LastChar 98 /Widths [1 1] >>",
        b"<< /Length 25 >>\nstream\n1 0 0 0 1 1 d1 0 0 1 1 re f\nendstream",
        b"<< /Length 20 >>\nstream\n1 0 0 0 1 1 d1 0 0 m\nendstream",
    ]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def test_a_code_in_a_scaled_form_is_read_where_it_prints():
    # a form XObject with a /Matrix of its own: the code prints twice the size it is drawn, elsewhere
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import ArrayObject, FloatObject, NameObject

    from printgen.pages import QRMark
    from printgen.pdf import draw_shapes
    from printgen.qr import encode

    def draw(c):
        c.beginForm("code", lowerx=0, lowery=0, upperx=120, uppery=120)
        draw_shapes(c, [QRMark(10, 10, 100, encode(ELSEWHERE))])
        c.endForm()
        c.translate(150, 150)
        c.doForm("code")

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(one_page(draw, size=(400, 400)))))
    for form in writer.pages[0]["/Resources"]["/XObject"].values():
        form.get_object()[NameObject("/Matrix")] = ArrayObject(FloatObject(v) for v in (2, 0, 0, 2, -140, -140))
    buffer = io.BytesIO()
    writer.write(buffer)
    assert code_messages(buffer.getvalue()) == [f"a QR code leads to {ELSEWHERE}, which is not in the catalogue"]


def test_a_code_drawn_in_a_type3_fonts_glyphs_is_read():
    import pypdfium2 as pdfium

    from printgen.check.regions import page_objects
    from printgen.qr import encode

    pdf = type3_pdf(encode(ELSEWHERE).rows)
    page = pdfium.PdfDocument(pdf)[0]
    assert page_objects(page).whole, "a Type 3 font's glyphs are drawings: the page is read whole"
    assert f"a QR code leads to {ELSEWHERE}, which is not in the catalogue" in code_messages(pdf)


def test_reading_regions_finds_what_reading_the_whole_page_finds(monkeypatch):
    import printgen.check.read as check

    names = ["wallet-card", "poster-letter", "poster-tearoff", "handout-letter", "brochure-trifold"]
    by_regions = [check_pdf(rendered(n), catalogue(), n) for n in names]
    monkeypatch.setattr(check, "regions", lambda *a: None)
    whole = [check_pdf(rendered(n), catalogue(), n) for n in names]
    for name, a, b in zip(names, by_regions, whole):
        codes = [sorted((f.message, f.count) for f in p.findings if f.kind == "code") for p in a.pages]
        assert codes == [sorted((f.message, f.count) for f in p.findings if f.kind == "code") for p in b.pages]
        assert any(codes), name


def test_a_page_whose_boxes_do_not_start_at_zero_is_read_where_it_prints():
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import RectangleObject

    from printgen.pages import QRMark
    from printgen.pdf import draw_shapes
    from printgen.qr import encode

    # the code's quiet zone spans 300-500 on both axes; the page is moved, then cut into the zone
    pdf = one_page(lambda c: draw_shapes(c, [QRMark(300, 300, 200, encode("tel:+18883737888"))]), size=(600, 600))
    found = []
    for box in ([200, 200, 600, 600], [310, 200, 600, 600]):
        writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
        writer.pages[0].mediabox = writer.pages[0].cropbox = RectangleObject(box)
        buffer = io.BytesIO()
        writer.write(buffer)
        found.append(check_pdf(buffer.getvalue(), catalogue(), "moved.pdf"))
    assert found[0].ok and any(f.kind == "code" and f.ok for p in found[0].pages for f in p.findings)
    (message,) = problems(found[1])
    assert re.fullmatch(r"the QR code for tel:\+18883737888 has no quiet zone on its left: the page ends "
                        r"\d\.\d mm from the code \(it needs 4 modules, \d+\.\d mm, of white\)", message), message


def test_large_codes_are_read_at_both_resolutions():
    # a file that seems wrong is read again at 200 dpi: a poster's large code must not vanish there
    from printgen.check.read import FAST_DPI, SURE_DPI

    for name in ("poster-a3", "poster-tabloid"):
        found = [sorted((f.message, f.count) for p in check_pdf(rendered(name), catalogue(), name, dpi).pages
                        for f in p.findings if f.kind == "code") for dpi in (FAST_DPI, SURE_DPI)]
        assert found[0] == found[1] and len(found[0]) >= 1, (name, found)     # one code since issue 16


# -- proof and preview ------------------------------------------------------------------------------

def test_proof_lists_what_is_printed_with_its_source(tmp_path):
    from readback import fonts, page_texts

    target = tmp_path / "proof.pdf"
    result = run("proof", "wallet-card", "wallet-card-bleed", "--catalogue", CATALOGUE, "--layouts", LAYOUTS,
                 "-o", target)
    assert result.exit_code == 0, result.stderr
    assert result.stdout == f"wrote {target} (2 layouts)\n"
    pdf = target.read_bytes()
    text = " ".join(" ".join(page_texts(pdf)).split())     # lines wrap where the catalogue's path ends
    for expected in ("wallet-card: passed (2 pages, 0 problems)", "tel:+18883737888", "QR code", "nhtrc",
                     "503-255-0118", "ppb-trafficking-tip-line", "Portland Police Sex Trafficking Unit",
                     "2026-11-28", "Portland Police Bureau, human trafficking resources page", "Checked against"):
        assert expected in text, expected
    assert all(embedded and "NotoSans" in name for name, embedded in fonts(pdf))
    assert b"Helvetica" not in pdf
    assert pdf.count(b"/Subtype /Image") >= 4, "a thumbnail of each page"


def test_proof_shows_failed_checks_and_exits_1(tmp_path):
    card(tmp_path, extra='    - {type: box, box: [2.2in, 0.4in, 0.13in, 0.5in], fill: "#000000"}\n')
    target = tmp_path / "proof.pdf"
    result = run("proof", "card", "--catalogue", CATALOGUE, "--layouts", tmp_path / "layouts", "-o", target)
    assert result.exit_code == 1
    assert result.stderr == f"check failed: card: the checks found problems; {target} lists them\n"
    from readback import page_texts
    text = " ".join(page_texts(target.read_bytes()))
    assert "card: FAILED (1 page, 1 problem)" in text and "has no quiet zone on its left" in text


def test_preview_writes_a_png_per_page(tmp_path):
    from PIL import Image

    result = run("preview", "wallet-card", "--catalogue", CATALOGUE, "--layouts", LAYOUTS, "-o", tmp_path,
                 "--dpi", "50")
    assert result.exit_code == 0, result.stderr
    pngs = sorted(tmp_path.glob("*.png"))
    assert [p.name for p in pngs] == ["portland-or-wallet-card-en-1.png", "portland-or-wallet-card-en-2.png"]
    for png in pngs:
        with Image.open(png) as image:
            assert image.size == (425, 550)          # 8.5 x 11 in at 50 dpi
    assert list(tmp_path.glob(".*part")) == []


def test_preview_of_an_unknown_layout_is_an_input_error(tmp_path):
    result = run("preview", "no-such-layout", "--catalogue", CATALOGUE, "--layouts", LAYOUTS, "-o", tmp_path)
    assert result.exit_code == 2
    assert result.stderr.startswith('error: layout "no-such-layout" not found in')
