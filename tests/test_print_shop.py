"""The print-shop profile (--print-shop), read back with pikepdf and pdfplumber: CMYK only
(black in black ink alone), no transparency, bleed and crop marks outside it, TrimBox and
BleedBox, the output intent, PDF 1.6 with XMP naming PDF/X-4, Trapped, the job sheet; and
`check --print-shop`, which fails on an RGB file and on a file without an output intent.

The CMYK profile comes from Debian's libgs-common (Ghostscript), installed by .ci/run; it is
not shipped with printgen."""

from __future__ import annotations

import io
import os
from pathlib import Path

import pikepdf
import pytest
from click.testing import CliRunner
from conftest import CATALOGUE, LAYOUTS, ROOT, rendered
from readback import decode_codes, fonts, page_boxes, page_texts

from printgen.catalogue.load import load_catalogue
from printgen.cli import cli
from printgen.layout.load import load_layout
from printgen.render import Options, render, render_to

ICC = Path("/usr/share/color/icc/ghostscript/default_cmyk.icc")
CONDITION = "FOGRA39"
LAYOUTS_TO_CHECK = ["wallet-card", "wallet-card-a4", "wallet-card-bleed", "poster-letter", "poster-tearoff",
                    "sticker-stall", "handout-letter", "brochure-trifold"]
US, METRIC = 9.0, 3 * 72 / 25.4
BLEED = {"wallet-card-a4": METRIC}


@pytest.fixture(scope="module")
def shop():
    if not ICC.is_file():
        if os.environ.get("CI") == "true":
            pytest.fail(f"{ICC} is missing: .ci/run installs libgs-common")
        pytest.skip(f"{ICC} is missing (apt-get install libgs-common)")
    from printgen.printshop import load_print_shop

    return load_print_shop(ICC, CONDITION, 500, None)


_MADE: dict = {}


def made(name: str, shop, lang: str = "en") -> bytes:
    if (name, lang) not in _MADE:
        _MADE[name, lang] = render(load_catalogue(CATALOGUE), load_layout(name, LAYOUTS),
                                   Options(lang, print_shop=shop)).pdf
    return _MADE[name, lang]


def streams(pdf: pikepdf.Pdf):
    """(content stream holder, resources) of every page and every form it draws, once each."""
    seen, out = set(), []

    def visit(holder, resources):
        out.append((holder, resources))
        for xobject in (resources.get("/XObject") or {}).values():
            if xobject.objgen not in seen and xobject.get("/Subtype") == pikepdf.Name.Form:
                seen.add(xobject.objgen)
                visit(xobject, xobject.get("/Resources", pikepdf.Dictionary()))

    for page in pdf.pages:
        visit(page.obj, page.obj.get("/Resources", pikepdf.Dictionary()))
    return out


def colour_operators(pdf: pikepdf.Pdf):
    """Every colour-setting operator with its operands, and the fill colour each text is shown in."""
    ops, text_fills = [], []
    for holder, _ in streams(pdf):
        fill = None
        for operands, op in pikepdf.parse_content_stream(holder):
            op = str(op)
            if op in ("rg", "RG", "k", "K", "g", "G", "sc", "SC", "scn", "SCN", "cs", "CS"):
                ops.append((op, tuple(float(o) if not isinstance(o, pikepdf.Name) else str(o) for o in operands)))
            if op == "k":
                fill = tuple(round(float(o), 3) for o in operands)
            if op in ("Tj", "TJ", "'", '"'):
                text_fills.append(fill)
    return ops, text_fills


@pytest.mark.parametrize("name", LAYOUTS_TO_CHECK)
def test_cmyk_only_black_in_black_ink_no_transparency(shop, name):
    pdf = pikepdf.open(io.BytesIO(made(name, shop)))
    ops, text_fills = colour_operators(pdf)
    assert ops and {op for op, _ in ops} <= {"k", "K"}, {op for op, _ in ops}
    for obj in pdf.objects:
        if isinstance(obj, (pikepdf.Dictionary, pikepdf.Stream)):
            d = obj if isinstance(obj, pikepdf.Dictionary) else obj.stream_dict
            assert d.get("/ColorSpace") != pikepdf.Name.DeviceRGB
            assert "/SMask" not in d and d.get("/S") != pikepdf.Name.Transparency
            assert float(d.get("/CA", 1)) == 1 and float(d.get("/ca", 1)) == 1
    raw = b"".join(h.read_bytes() if isinstance(h, pikepdf.Stream) else b"".join(
        c.read_bytes() for c in (h.Contents if isinstance(h.Contents, pikepdf.Array) else [h.Contents]))
        for h, _ in streams(pdf))
    assert b" rg" not in raw and b" RG" not in raw and b"/DeviceRGB" not in raw
    # black text is 0 0 0 1 k, greys are black ink alone, never four-colour black
    assert (0.0, 0.0, 0.0, 1.0) in text_fills
    for c, m, y, k in (f for f in text_fills if f):
        assert not (c > 0 and m > 0 and y > 0 and k > 0.5), (c, m, y, k)
    strokes = {operands for op, operands in ops if op == "K"}
    assert (0.0, 0.0, 0.0, 1.0) in strokes          # crop marks and rules in black ink alone
    assert not any(page.obj.get("/Annots") for page in pdf.pages)


def test_the_conversion_formula():
    from printgen.colors import to_cmyk, to_rgb_hex

    assert to_cmyk("#000000") == (0.0, 0.0, 0.0, 1.0)
    assert to_cmyk("#333333") == (0.0, 0.0, 0.0, 0.8)
    assert to_cmyk("#ffffff") == (0.0, 0.0, 0.0, 0.0)
    assert to_cmyk("#1f3a5f") == (0.674, 0.389, 0.0, 0.627)       # the card's navy, worked by hand
    assert to_cmyk("cmyk(100,60,0,40)") == (1.0, 0.6, 0.0, 0.4)
    assert to_rgb_hex("cmyk(100,60,0,40)") == "#003d99"


@pytest.mark.parametrize("name", LAYOUTS_TO_CHECK)
def test_boxes_bleed_and_crop_marks_outside_the_bleed(shop, name):
    import pdfplumber

    data = made(name, shop)
    bleed = BLEED.get(name, US)
    boxes = page_boxes(data)
    assert boxes
    for page in boxes:
        trim, bleedbox, media = page["trim"], page["bleed"], page["media"]
        for i in (0, 1):
            assert trim[i] - bleedbox[i] == pytest.approx(bleed, abs=0.01)
            assert bleedbox[i + 2] - trim[i + 2] == pytest.approx(bleed, abs=0.01)
            assert bleedbox[i] - media[i] >= 20 and media[i + 2] - bleedbox[i + 2] >= 20   # room for the marks
    with pdfplumber.open(io.BytesIO(data)) as doc:
        for page, box in zip(doc.pages, boxes):
            h = float(page.height)
            x0, y0, x1, y1 = box["bleed"]
            t0, u0, t1, u1 = box["trim"]
            segments = [(ln["x0"], h - ln["bottom"], ln["x1"], h - ln["top"]) for ln in page.lines]
            outside = [(a, b, c, d) for a, b, c, d in segments
                       if c <= x0 - 3 or a >= x1 + 3 or d <= y0 - 3 or b >= y1 + 3]
            vertical = {round(a, 2) for a, b, c, d in outside if a == c}
            horizontal = {round(b, 2) for a, b, c, d in outside if b == d}
            # crop marks in line with every trim edge, at least 3 pt beyond the bleed, none inside it
            assert {round(t0, 2), round(t1, 2)} <= vertical and {round(u0, 2), round(u1, 2)} <= horizontal
            assert len([s for s in outside if s[0] == s[2] and round(s[0], 2) in (round(t0, 2), round(t1, 2))]) >= 4
            marks = [s for s in segments if s not in outside and (s[0] < x0 or s[2] > x1 or s[1] < y0 or s[3] > y1)]
            assert marks == []                           # nothing drawn across the bleed's edge


def test_colour_touching_the_trim_runs_into_the_bleed(shop):
    import pdfplumber

    data = made("wallet-card-bleed", shop)     # the office card keeps its band inside the card
    box = page_boxes(data)[0]
    with pdfplumber.open(io.BytesIO(data)) as doc:
        page = doc.pages[0]
        h = float(page.height)
        band = [r for r in page.rects if r["non_stroking_color"] not in ((0, 0, 0, 0), [0, 0, 0, 0])
                and r["fill"]]
        assert band
        r = band[0]
        bx0, by0, bx1, by1 = box["bleed"]
        assert (r["x0"], r["x1"], h - r["top"]) == (pytest.approx(bx0), pytest.approx(bx1), pytest.approx(by1))


@pytest.mark.parametrize("name", ["wallet-card", "handout-letter"])
def test_output_intent_pdfx_identification_and_reproducible(shop, name):
    data = made(name, shop)
    pdf = pikepdf.open(io.BytesIO(data))
    assert pdf.pdf_version == "1.6" and data.startswith(b"%PDF-1.6")
    (intent,) = list(pdf.Root.OutputIntents)
    assert intent.S == pikepdf.Name.GTS_PDFX and str(intent.OutputConditionIdentifier) == CONDITION
    profile = intent.DestOutputProfile.read_bytes()
    assert profile == ICC.read_bytes() and profile[16:20] == b"CMYK" and int(intent.DestOutputProfile.N) == 4
    with pdf.open_metadata() as meta:
        assert meta["pdfxid:GTS_PDFXVersion"] == "PDF/X-4"
        assert meta["dc:title"] == str(pdf.docinfo.Title) == "Human trafficking resources: Portland, Oregon"
        assert meta["xmp:CreateDate"].startswith("2026-11-28")         # the catalogue's verified date, no clock
    assert pdf.docinfo.Trapped == pikepdf.Name("/False")
    assert all(embedded for _, embedded in fonts(data))
    again = render(load_catalogue(CATALOGUE), load_layout(name, LAYOUTS), Options("en", print_shop=shop)).pdf
    assert again == data


@pytest.mark.parametrize("name", ["wallet-card", "poster-letter", "brochure-trifold"])
def test_codes_and_numbers_still_read_right(shop, name):
    data = made(name, shop)
    assert {c.payload for c in decode_codes(data)} == {c.payload for c in decode_codes(rendered(name))}
    assert "1-888-373-7888" in "".join(page_texts(data))


def test_render_writes_the_job_sheet_and_check_print_shop_holds(shop, tmp_path):
    runner = CliRunner()
    out = tmp_path / "cards.pdf"
    result = runner.invoke(cli, ["render", "wallet-card", "--catalogue", str(CATALOGUE), "--layouts", str(LAYOUTS),
                                 "--print-shop", "--output-intent", str(ICC), "--condition", CONDITION,
                                 "--quantity", "500", "--paper", "14 pt matte card", "-o", str(out)])
    assert result.exit_code == 0, result.output
    sheet = (tmp_path / "cards.job.txt").read_text("utf-8")
    for line in ("Trim size: 3.5in (88.9mm) x 2in (50.8mm)", "Bleed: 0.125in (3.2mm) on every edge",
                 "Quantity: 500", "Paper: 14 pt matte card", "Duplex: two-sided: page 2 is the back of page 1",
                 "Information verified on 2026-11-28", "Output intent: FOGRA39",
                 "#000000 = C0 M0 Y0 K100", "not certified by a preflight tool"):
        assert line in sheet, line
    checked = runner.invoke(cli, ["check", "--print-shop", "--catalogue", str(CATALOGUE), str(out)])
    assert checked.exit_code == 0, checked.output
    assert "print-shop rules: built to PDF/X-4 rules; not certified by a preflight tool" in checked.output
    assert "every check holds" in checked.output


def test_check_print_shop_fails_on_rgb_and_without_output_intent(shop, tmp_path):
    runner = CliRunner()
    rgb = tmp_path / "rgb.pdf"
    rgb.write_bytes(rendered("wallet-card-bleed"))
    result = runner.invoke(cli, ["check", "--print-shop", "--catalogue", str(CATALOGUE), str(rgb)])
    assert result.exit_code == 1
    assert "problem: DeviceRGB colour" in result.output
    assert "problem: no PDF/X output intent" in result.output
    assert runner.invoke(cli, ["check", "--catalogue", str(CATALOGUE), str(rgb)]).exit_code == 0   # fine for an office
    pdf = pikepdf.open(io.BytesIO(made("wallet-card", shop)))
    del pdf.Root["/OutputIntents"]
    bare = tmp_path / "bare.pdf"
    pdf.save(bare)
    result = runner.invoke(cli, ["check", "--print-shop", "--catalogue", str(CATALOGUE), str(bare)])
    assert result.exit_code == 1
    problems = [ln for ln in result.output.splitlines() if ": problem: " in ln]
    assert problems == [f"{bare} page 1: problem: no PDF/X output intent: the shop cannot tell which press the "
                        "colours are for (render with --print-shop --output-intent FILE --condition NAME)"]


def test_bad_print_shop_input_is_one_line(shop, tmp_path):
    runner = CliRunner()
    base = ["render", "wallet-card", "--catalogue", str(CATALOGUE), "--layouts", str(LAYOUTS), "-o",
            str(tmp_path / "x.pdf")]
    cases = [
        (["--print-shop"], "error: --print-shop needs --output-intent FILE (the shop's CMYK ICC profile) and "
                           "--condition NAME; printgen ships no press profile: ask the shop for theirs"),
        (["--print-shop", "--output-intent", str(ICC.with_name("srgb.icc")), "--condition", "X"],
         f"error: --output-intent {ICC.with_name('srgb.icc')}: the profile is for RGB (class mntr); an output intent "
         "is a CMYK output (printer) profile, class prtr: ask the shop for theirs"),
        (["--print-shop", "--output-intent", str(ICC)], "error: --output-intent: give the printing condition with "
         "--condition NAME (e.g. FOGRA39, CGATS TR 006 for GRACoL): the name the shop's profile is registered under"),
        (["--print-shop", "--output-intent", str(ICC), "--condition", "F", "--sheets", "2"],
         "error: --print-shop: sheets and offsets are for office printers; a print-shop file has one item per page "
         "(say the quantity with --quantity)"),
        (["--quantity", "3"], "error: --output-intent, --condition, --quantity and --paper go with --print-shop"),
    ]
    for extra, message in cases:
        result = runner.invoke(cli, base + extra)
        assert result.exit_code == 2, result.output
        assert result.stderr.splitlines()[0] == message
        assert "Traceback" not in result.output
    assert not (tmp_path / "x.pdf").exists()


def test_batch_print_shop_from_the_manifest_and_its_digest(shop, tmp_path):
    from printgen.batch.manifest import load_manifest
    from printgen.batch.plan import plan_batch

    manifest = tmp_path / "m.yaml"
    text = (f"catalogue: {CATALOGUE}\nlayouts_folder: {LAYOUTS}\nlayouts: [wallet-card]\n"
            "output: {folder: out}\n")
    manifest.write_text(text, "utf-8")
    office = plan_batch(load_manifest(manifest)).jobs[0].inputs
    manifest.write_text(text + f"print_shop: {{output_intent: {ICC}, condition: {CONDITION}, quantity: 200}}\n", "utf-8")
    shop_job = plan_batch(load_manifest(manifest)).jobs[0].inputs
    assert shop_job != office                       # a file made for the office is made again for the shop
    result = CliRunner().invoke(cli, ["batch", str(manifest), "--jobs", "1"])
    assert result.exit_code == 0, result.output
    data = (tmp_path / "out" / "wallet-card-en.pdf").read_bytes()
    assert data == made("wallet-card", shop)         # the same bytes as render --print-shop
    sheet = tmp_path / "out" / "wallet-card-en.job.txt"
    assert "Quantity: 200" in sheet.read_text("utf-8")
    sheet.unlink()                                  # a lost job sheet is made again, with its file
    again = CliRunner().invoke(cli, ["batch", str(manifest), "--jobs", "1"])
    assert again.exit_code == 0 and "1 files written" in again.output and sheet.is_file()
    assert "0 files written" in CliRunner().invoke(cli, ["batch", str(manifest), "--jobs", "1"]).output
    manifest.write_text(text + "sheets: 2\n" + f"print_shop: {{output_intent: {ICC}, condition: F}}\n", "utf-8")
    bad = CliRunner().invoke(cli, ["batch", str(manifest)])
    assert bad.exit_code == 2
    assert bad.stderr.splitlines()[0] == (f"error: {manifest}:6:13: print_shop: goes without sheets, offset and "
                                          "back_offset (they are for office printers; a print-shop file has one "
                                          "item per page)")


def test_a_layout_colour_in_cmyk_prints_as_written(shop, tmp_path):
    folder = tmp_path / "layouts"
    folder.mkdir()
    (folder / "band.yaml").write_text(
        "description: A card with a band in given inks\nitem: {size: [3.5in, 2in]}\nduplex: none\n"
        "styles: {t: {size: 10pt, color: \"cmyk(0, 0, 0, 100)\"}}\n"
        "faces:\n  front:\n    - {type: box, box: [0in, 0in, 3.5in, 0.5in], fill: \"cmyk(100, 60, 0, 40)\"}\n"
        "    - {type: text, box: [0.2in, 0.7in, 3in, 0.5in], style: t, text: Help is available.}\n", "utf-8")
    layout = load_layout("band", folder)
    pdf = pikepdf.open(io.BytesIO(render(load_catalogue(CATALOGUE), layout, Options("en", print_shop=shop)).pdf))
    ops, _ = colour_operators(pdf)
    assert ("k", (1.0, 0.6, 0.0, 0.4)) in ops
    office = pikepdf.open(io.BytesIO(render(load_catalogue(CATALOGUE), layout, Options("en")).pdf))
    ops, _ = colour_operators(office)
    assert ("rg", (0.0, pytest.approx(0.239216, abs=1e-4), pytest.approx(0.6, abs=1e-4))) in ops


@pytest.mark.parametrize("name", ["wallet-card", "poster-letter", "handout-letter", "brochure-trifold"])
def test_every_pdf_shows_its_title_and_carries_xmp_with_title_and_language(name):
    for lang in ("en", "ar"):
        data = rendered(name, lang)
        pdf = pikepdf.open(io.BytesIO(data))
        assert pdf.Root.ViewerPreferences.DisplayDocTitle is True
        assert str(pdf.Root.Lang) == lang
        with pdf.open_metadata() as meta:
            assert meta["dc:title"] == str(pdf.docinfo.Title)
            assert meta["dc:language"] == {lang}
        assert "/Filter" not in pdf.Root.Metadata.stream_dict          # readable as written
    assert rendered("wallet-card") == render(load_catalogue(CATALOGUE), load_layout("wallet-card", LAYOUTS),
                                             Options("en")).pdf


def test_the_calibration_sheet_and_the_proof_carry_them_too(tmp_path, in_project):
    runner = CliRunner()
    assert runner.invoke(cli, ["calibrate", "-o", str(tmp_path / "cal.pdf")]).exit_code == 0
    assert runner.invoke(cli, ["proof", "wallet-card", "-o", str(tmp_path / "proof.pdf")]).exit_code == 0
    for file in ("cal.pdf", "proof.pdf"):
        pdf = pikepdf.open(tmp_path / file)
        assert pdf.Root.ViewerPreferences.DisplayDocTitle is True
        with pdf.open_metadata() as meta:
            assert meta["dc:title"] == str(pdf.docinfo.Title) and meta["dc:language"]


def test_a_brochure_keeps_its_fold_marks_outside_the_bleed(shop):
    import pdfplumber

    data = made("brochure-trifold", shop)
    box = page_boxes(data)[1]                       # the inside page: folds after 3.6875 and 7.375 in
    t0 = box["trim"][0]
    with pdfplumber.open(io.BytesIO(data)) as doc:
        page = doc.pages[1]
        h = float(page.height)
        y0, y1 = box["bleed"][1], box["bleed"][3]
        dashed = {round(ln["x0"] - t0, 2) for ln in page.lines if ln["x0"] == ln["x1"]
                  and (h - ln["top"] <= y0 - 3 or h - ln["bottom"] >= y1 + 3) and ln.get("dash")}
    assert {round(3.6875 * 72, 2), round(7.375 * 72, 2)} <= dashed


def test_a_posting_law_preset_for_the_print_shop_has_one_job_sheet_for_the_shop_and_the_venue(shop, tmp_path):
    import yaml

    data = yaml.safe_load((ROOT / "tests" / "data" / "catalogues" / "us-posting-laws.yaml").read_text("utf-8"))
    data["catalogue"]["subdivision"] = "US-TX"
    catalogue = tmp_path / "tx.yaml"
    catalogue.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    out = tmp_path / "lodging.pdf"
    result = CliRunner().invoke(cli, ["render", "poster-tx-lodging", "--catalogue", str(catalogue), "--layouts",
                                      str(LAYOUTS), "--print-shop", "--output-intent", str(ICC), "--condition",
                                      CONDITION, "--quantity", "40", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["lodging.job.txt", "lodging.pdf", "tx.yaml"]
    sheet = (tmp_path / "lodging.job.txt").read_text("utf-8")
    assert sheet.startswith("Job sheet for lodging.pdf\n") and sheet.count("Job sheet for") == 1
    printing, posting = sheet.index("\nPrinting:\n"), sheet.index("\nPosting:\n")
    assert printing < sheet.index("Quantity: 40") < posting < sheet.index("Not legal advice.")
    assert "Who must post it:" in sheet[posting:] and "Trim size:" in sheet[printing:posting]
    assert "(for the print shop and who posts it (not legal advice))" in result.output
