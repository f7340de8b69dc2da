"""The tear-off's cut and tear lines and its instruction, the bilingual poster's languages each in
a block and a style of its own, face-level languages, and the men's restroom sticker (issue 16),
measured from the written PDFs for the Portland catalogue and others."""

from __future__ import annotations

import io
from pathlib import Path

import pdfplumber
import pytest
from conftest import CATALOGUE, LAYOUTS
from readback import decode_codes, page_texts

from printgen.catalogue.load import load_catalogue
from printgen.check.read import check_pdf
from printgen.layout.load import load_layout
from printgen.qr import encode
from printgen.render import Options, lay_out, render

MM = 72 / 25.4
CATALOGUES = {"portland": CATALOGUE, "seattle": CATALOGUE.parent.parent / "tests/data/catalogues/us-seattle.yaml",
              "toronto": CATALOGUE.parent.parent / "tests/data/catalogues/ca-toronto.yaml"}
EVERY_CATALOGUE = sorted((CATALOGUE.parent.parent / "tests/data/catalogues").glob("*.yaml")) + [CATALOGUE]
INSTRUCTION = "Cut along the dashed lines, up to the dotted line. Take a tab."


@pytest.fixture(scope="module", params=list(CATALOGUES))
def catalogue(request):
    return load_catalogue(CATALOGUES[request.param])


def _pdf(catalogue, name: str, lang: str | None = None) -> bytes:
    layout = load_layout(name, LAYOUTS)
    return render(catalogue, layout, Options(lang or layout.default_lang(catalogue.catalogue))).pdf


def _words(pdf: bytes, page: int = 0):
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        p = doc.pages[page]
        return p.extract_words(extra_attrs=["size", "fontname", "non_stroking_color"]), (p.width, p.height), \
            list(p.lines), list(p.curves)


def _line_of(words, first: str):
    """The words on the line that starts with the word ``first`` (same baseline)."""
    start = next(w for w in words if w["text"] == first)
    return [w for w in words if abs(w["bottom"] - start["bottom"]) < 1.0 and w["size"] == start["size"]]


def test_tearoff_instruction_is_printed_inside_the_safe_area(catalogue):
    layout = load_layout("poster-tearoff", LAYOUTS)
    words, (width, height), lines, _ = _words(_pdf(catalogue, "poster-tearoff"))
    line = _line_of(words, "Cut")
    assert " ".join(w["text"] for w in line) == INSTRUCTION
    safe = layout.item.safe
    assert all(w["x0"] >= safe - 0.5 and w["x1"] <= width - safe + 0.5 and w["top"] >= safe - 0.5
               and w["bottom"] <= height - safe + 0.5 for w in line)
    tear = min((ln for ln in lines if ln["height"] == 0 and ln["width"] > width / 2), key=lambda ln: ln["top"])
    assert max(w["bottom"] for w in line) < tear["top"] < max(w["bottom"] for w in line) + 0.5 * 72   # just above


def test_tearoff_cut_lines_are_drawn_unlike_the_line_the_tabs_tear_along(catalogue):
    pdf = _pdf(catalogue, "poster-tearoff")
    _, (width, height), lines, curves = _words(pdf)
    across = [ln for ln in lines if ln["height"] == 0 and ln["width"] > width / 2]
    cuts = [ln for ln in lines if ln["width"] == 0 and ln["height"] > 72]
    assert len(across) == 1 and len(cuts) == 7          # 8 tabs: 7 cuts between them
    tear = across[0]
    for cut in cuts:
        assert cut["dash"][0] != tear["dash"][0]                        # dashed, not dotted
        assert min(cut["dash"][0]) >= 3 * max(tear["dash"][0][:1])     # dashes several times a dot's length
        assert cut["stroking_color"] != tear["stroking_color"]
        assert abs(cut["top"] - tear["top"]) < 1 and cut["bottom"] >= height - 0.5   # from the tear line to the edge
        rings = [c for c in curves if abs((c["x0"] + c["x1"]) / 2 - cut["x0"]) < 6 and c["top"] > cut["top"]]
        assert len(rings) >= 2, "a scissors mark (two finger rings) on each cut line"
    # the check still reads the tabs' numbers, turned along the tabs: every number found is the catalogue's
    report = check_pdf(pdf, catalogue, "poster-tearoff")
    assert report.ok
    turned = "".join(ch["text"] for ch in pdfplumber.open(io.BytesIO(pdf)).pages[0].chars if not ch["upright"])
    numbers = [f for page in report.pages for f in page.findings if f.kind == "number"]
    tabs = [f for f in numbers if f.value.replace("-", "") in turned.replace("-", "")]
    assert tabs and max(f.count for f in tabs) >= 8      # all 8 turned numbers read, and each is the catalogue's


def test_every_shipped_language_has_the_instruction():
    from printgen.language import strings

    catalogue = load_catalogue(CATALOGUE)
    layout = load_layout("poster-tearoff", LAYOUTS)
    for lang in strings.available():
        laid = lay_out(catalogue, layout, Options(lang, allow_fallback=True))
        assert not any("Cut along" in f for f in laid.warnings if lang != "en"), lang
        texts = [s.text for face in laid.faces.values() for s in face.shapes if hasattr(s, "text")]
        assert lang == "en" or not any("Cut along" in t for t in texts), (lang, "instruction printed in English")


def test_bilingual_poster_sets_each_language_in_a_block_and_style_of_its_own(catalogue):
    pdf = _pdf(catalogue, "poster-letter-bilingual")
    words, _, _, _ = _words(pdf)
    text = page_texts(pdf)[0]
    assert " / " not in text, text
    from printgen.language import strings

    first = _line_of(words, "Help")
    assert " ".join(w["text"] for w in first) == "Help is available. You are not alone."
    lang2 = load_layout("poster-letter-bilingual", LAYOUTS).default_lang(catalogue.catalogue).split("+")[1]
    translated = strings.SHIPPED.translate(lang2, "Help is available. You are not alone.")
    second = _line_of(words, translated.split()[0])
    assert " ".join(w["text"] for w in second) == translated
    assert second[0]["top"] > first[0]["bottom"]                               # a block of its own, below
    assert (second[0]["size"], second[0]["fontname"], second[0]["non_stroking_color"]) != \
        (first[0]["size"], first[0]["fontname"], first[0]["non_stroking_color"])
    assert second[0]["size"] < first[0]["size"] and "Bold" not in second[0]["fontname"]
    # the hero's verb: "Call" in one style, the second language's on the same row in another
    call = next(w for w in words if w["text"] == "Call")
    row = [w for w in words if abs(w["bottom"] - call["bottom"]) < 2 and w is not call]
    assert row and all((w["fontname"], w["size"]) != (call["fontname"], call["size"]) for w in row)
    assert all(w["non_stroking_color"] == row[0]["non_stroking_color"] for w in row)


@pytest.mark.parametrize("name", ["poster-letter-bilingual", "wallet-card-bilingual"])
def test_no_bilingual_layout_joins_its_languages_with_a_slash(name):
    for path in EVERY_CATALOGUE:
        for page in page_texts(_pdf(load_catalogue(path), name)):
            assert " / " not in page, (name, path.name, page)


def test_a_face_language_is_inherited_by_its_elements(tmp_path):
    """wallet-card-bilingual: faces.front_lang "1" and back_lang "2"; an element's own lang wins."""
    layout = load_layout("wallet-card-bilingual", LAYOUTS)
    assert (layout.faces.front_lang, layout.faces.back_lang) == ("1", "2")
    assert all(getattr(e, "lang", None) is None for f in ("front", "back") for e in layout.elements(f))
    front, back = page_texts(_pdf(load_catalogue(CATALOGUE), "wallet-card-bilingual"))
    assert "Need help?" in front and "Necesita ayuda" not in front
    assert "Necesita ayuda" in back and "Need help?" not in back
    own = (LAYOUTS / "wallet-card-bilingual.yaml").read_text("utf-8").replace(
        "      text: Need help? Call any time, day or night.\n",
        "      text: Need help? Call any time, day or night.\n      lang: \"2\"\n", 1)
    for f in LAYOUTS.glob("wallet-card*.yaml"):
        (tmp_path / f.name).write_text(f.read_text("utf-8"), "utf-8")
    (tmp_path / "wallet-card-bilingual.yaml").write_text(own, "utf-8")
    front, _ = page_texts(render(load_catalogue(CATALOGUE), load_layout("wallet-card-bilingual", tmp_path),
                                 Options("en+es")).pdf)
    assert "Necesita ayuda" in front and "Need help?" not in front


def test_preview_of_a_bilingual_layout_renders_its_languages(tmp_path):
    from click.testing import CliRunner

    from printgen.cli.main import cli

    result = CliRunner().invoke(cli, ["preview", "poster-letter-bilingual", "--catalogue", str(CATALOGUE),
                                      "--layouts", str(LAYOUTS), "-o", str(tmp_path), "--dpi", "20"])
    assert result.exit_code == 0, result.output
    assert [p.name for p in tmp_path.glob("*.png")] == ["portland-or-poster-letter-bilingual-en+es-1.png"]


@pytest.mark.parametrize("path", EVERY_CATALOGUE, ids=lambda p: p.stem)
def test_the_mens_sticker_codes_read_from_pixels_with_an_action_caption_and_coarse_modules(path):
    catalogue = load_catalogue(path)
    pdf = _pdf(catalogue, "sticker-stall-men", "en")
    codes = decode_codes(pdf)
    assert len(codes) == 1
    code = codes[0]
    assert code.payload.startswith("tel:")
    modules = max(encode(code.payload, ec).modules for ec in ("M", "Q"))
    assert min(code.w, code.h) / modules / MM >= 1.0, f"{code.w / MM:.1f} mm for {modules} modules"
    words, (_, height), _, _ = _words(pdf)
    below = [w for w in words if w["top"] > height - code.y]
    assert "Scan to call this number" in " ".join(w["text"] for w in below)
    assert "Is someone holding your papers or your pay?" in " ".join(page_texts(pdf)[0].split())


def test_the_mens_sticker_selects_by_role_never_by_id():
    assert "ids:" not in (LAYOUTS / "sticker-stall-men.yaml").read_text("utf-8")
    layout = load_layout("sticker-stall-men", LAYOUTS)
    assert layout.discreet
    selects = [e.select for e in layout.elements("front") if getattr(e, "select", None) is not None]
    assert len(selects) == 2 and all(not s.ids and s.tags for s in selects)


def test_a_layouts_rule_may_be_a_cut_line_or_a_fold_line(tmp_path):
    """rule.line: cut (dark, dashed, scissors at `from`) and fold (grey, dotted): told apart in the PDF."""
    (tmp_path / "coupon.yaml").write_text("""\
description: A coupon to cut out
sheet: {size: letter}
item: {size: [8.5in, 11in], safe: 0.5in}
duplex: none
styles:
  body: {font: regular, size: 12pt}
faces:
  front:
    - {type: text, box: [1in, 1in, 6in, 1in], style: body, text: Keep this part.}
    - {type: rule, from: [0.5in, 5in], to: [8in, 5in], line: cut}
    - {type: rule, from: [0.5in, 7in], to: [8in, 7in], line: fold}
    - {type: rule, from: [0.5in, 9in], to: [8in, 9in]}
""", "utf-8")
    pdf = render(load_catalogue(CATALOGUE), load_layout("coupon", tmp_path), Options("en")).pdf
    _, _, lines, curves = _words(pdf)
    long = sorted((ln for ln in lines if ln["width"] > 400), key=lambda ln: ln["top"])
    cut, fold, solid = long
    assert cut["dash"][0] and fold["dash"][0] and not solid["dash"][0]
    assert min(cut["dash"][0]) > max(fold["dash"][0])
    assert cut["stroking_color"] != fold["stroking_color"] and solid["linewidth"] == 0.5
    rings = [c for c in curves if abs(c["top"] - cut["top"]) < 10 and c["x0"] < 0.5 * 72 + 15]
    assert len(rings) == 2                                   # the scissors at the cut's start
    assert not [c for c in curves if abs(c["top"] - fold["top"]) < 10]
