"""The posters as a venue posts them and a person in a hurry reads them, measured from the PDFs
(issue 16): the hero number's digit height, headlines without a one-word last line, codes
sized for a metre with an action caption and modules of 1 mm or more, text inside the safe
area; for the Portland catalogue and two others."""

from __future__ import annotations

import io

import pdfplumber
import pytest
from conftest import CATALOGUE, LAYOUTS

from printgen.catalogue.load import load_catalogue
from printgen.layout.load import load_layout
from printgen.qr import encode
from printgen.render import Options, render
from printgen.text.fit import fit, one_word_last_line
from readback import decode_codes

MM = 72 / 25.4
CAP_HEIGHT = 0.714          # Noto Sans Bold's cap (and digit) height, in em
CATALOGUES = {"portland": CATALOGUE, "toronto": CATALOGUE.parent.parent / "tests/data/catalogues/ca-toronto.yaml",
              "seattle": CATALOGUE.parent.parent / "tests/data/catalogues/us-seattle.yaml"}
# poster: (smallest hero digit height in mm, smallest code in mm)
POSTERS = {"poster-letter": (10, 80), "poster-a4": (10, 80), "poster-tabloid": (15, 100), "poster-a3": (15, 100)}
HEADLINE = "Help is available. You are not alone."


@pytest.fixture(scope="module", params=list(CATALOGUES))
def catalogue(request):
    return load_catalogue(CATALOGUES[request.param])


def _render(catalogue, name: str) -> bytes:
    return render(catalogue, load_layout(name, LAYOUTS), Options("en")).pdf


def _lines(pdf: bytes):
    """The text lines of page 1 as (text, size, x0, x1, top, bottom), from the text layer."""
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        page = doc.pages[0]
        words = page.extract_words(extra_attrs=["size"], keep_blank_chars=False, use_text_flow=False)
        size = (page.width, page.height)
    rows: dict[tuple[float, float], list] = {}
    for w in words:
        rows.setdefault((round(w["bottom"]), round(w["size"], 1)), []).append(w)
    out = []
    for (_, s), ws in sorted(rows.items()):
        ws.sort(key=lambda w: w["x0"])
        out.append((" ".join(w["text"] for w in ws), s, ws[0]["x0"], ws[-1]["x1"],
                    min(w["top"] for w in ws), max(w["bottom"] for w in ws)))
    return out, size


@pytest.mark.parametrize("name", POSTERS)
def test_hero_number_digits_are_tall_enough(catalogue, name):
    digits, _ = POSTERS[name]
    lines, _ = _lines(_render(catalogue, name))
    numbers = [line for line in lines if any(ch.isdigit() for ch in line[0]) and "verified" not in line[0]]
    hero = max(numbers, key=lambda line: line[1])
    assert hero[1] * CAP_HEIGHT / MM >= digits, f"{name}: the hero {hero[0]} prints {hero[1]:g} pt"


EVERY_CATALOGUE = [CATALOGUE, *sorted((CATALOGUE.parent.parent / "tests/data/catalogues").glob("*.yaml"))]


@pytest.mark.parametrize("path", EVERY_CATALOGUE, ids=lambda p: p.stem)
def test_bilingual_posters_hero_digits_are_tall_enough_for_every_catalogue(path):
    """The bilingual Letter poster, in the languages it picks for each catalogue: hero digits of
    10 mm or more, even where the hotline has a line to text and an address (the posting-laws
    catalogue); a line to text labelled only "Text" under its verb ("Text  Envíe") is not labelled again."""
    catalogue = load_catalogue(path)
    layout = load_layout("poster-letter-bilingual", LAYOUTS)
    pdf = render(catalogue, layout, Options(layout.default_lang(catalogue.catalogue))).pdf
    lines, _ = _lines(pdf)
    numbers = [line for line in lines if sum(ch.isdigit() for ch in line[0]) >= 3 and "2026" not in line[0]]
    hero = max(numbers, key=lambda line: line[1])
    assert hero[1] * CAP_HEIGHT / MM >= 10, f"{path.stem}: the hero {hero[0]} prints {hero[1]:g} pt"
    if path.stem == "us-posting-laws":
        text = "\n".join(line[0] for line in lines)
        assert "Envíe" in text and "233733" in text and "Mensaje de texto" not in text, text


@pytest.mark.parametrize("name", POSTERS)
def test_headline_has_no_one_word_last_line(catalogue, name):
    lines, _ = _lines(_render(catalogue, name))
    size = max(line[1] for line in lines if line[0][:1].isalpha() and not any(c.isdigit() for c in line[0]))
    headline = [line[0] for line in lines if line[1] == size]
    assert " ".join(headline) == HEADLINE
    assert len(headline) >= 2 and not one_word_last_line(headline), headline


@pytest.mark.parametrize("name", POSTERS)
def test_codes_are_sized_for_a_metre_captioned_and_coarse(catalogue, name):
    _, smallest = POSTERS[name]
    pdf = _render(catalogue, name)
    codes = decode_codes(pdf)
    assert codes
    lines, _ = _lines(pdf)
    text = "\n".join(line[0] for line in lines)
    for code in codes:
        modules = max(encode(code.payload, ec).modules for ec in ("M", "Q"))
        assert min(code.w, code.h) / MM >= smallest - 1, f"{name}: code {code.w / MM:.1f} mm"
        assert min(code.w, code.h) / modules / MM >= 1.0
        below = [line[0] for line in lines if line[4] > 792 * 0 and "Scan to call" in line[0]]
        assert below, f"{name}: no caption says what scanning does\n{text}"


ONE_A_PAGE = [*POSTERS, "poster-letter-bilingual", "poster-tearoff", "sticker-stall", "sticker-stall-men", "handout-letter", "handout-a4",
              "handout-large", "brochure-trifold"]


@pytest.mark.parametrize("name", ONE_A_PAGE)
def test_no_text_outside_the_safe_area(catalogue, name):
    """Every word of every page inside the trim less the safe margin (the flowed codes' captions too)."""
    layout = load_layout(name, LAYOUTS)
    safe, bleed = layout.item.safe, layout.item.bleed
    with pdfplumber.open(io.BytesIO(_render(catalogue, name))) as doc:
        for page in doc.pages:
            left, top, right, bottom = bleed + safe, bleed + safe, page.width - bleed - safe, page.height - bleed - safe
            for w in page.extract_words():
                assert (w["x0"] >= left - 0.5 and w["x1"] <= right + 0.5 and w["top"] >= top - 0.5
                        and w["bottom"] <= bottom + 0.5), (name, page.page_number, w["text"], w["x0"], w["x1"])


def test_colour_stays_a_quarter_inch_from_the_paper_edge():
    from printgen.compose.face import Context, compose
    from printgen.language.pick import Language
    from printgen.pages import Rect

    for name in POSTERS:
        layout = load_layout(name, LAYOUTS)
        w, h = layout.item.size
        faces = compose(Context(load_catalogue(CATALOGUE), layout, Language("en", "en")))
        for r in (s for s in faces[0].shapes if isinstance(s, Rect) and s.fill):
            assert r.x >= 18 - 0.01 and r.y >= 18 - 0.01 and r.x + r.w <= w - 18 + 0.01 and r.y + r.h <= h - 18 + 0.01


@pytest.mark.parametrize("text", [HEADLINE, "Call for help, or to report what you have seen.",
                                  "If you or someone you know needs help, call any time of day."])
@pytest.mark.parametrize("width", [200, 260, 330, 420])
def test_balanced_breaks_leave_no_one_word_last_line(text, width):
    fitted = fit(text, "bold", 30, 30, 1.1, width, 1000)
    assert fitted is not None
    assert not one_word_last_line(fitted.lines), fitted.lines


DISCREET = ["wallet-card-discreet", "sticker-stall", "sticker-stall-men"]


@pytest.mark.parametrize("name", DISCREET)
def test_discreet_items_carry_no_revealing_word_in_any_shipped_language(name):
    """Every shipped strings language (those the catalogue lacks with --allow-fallback), every page."""
    from printgen.language import strings
    from printgen.language.words import revealing
    from readback import page_texts

    for path in (CATALOGUE, CATALOGUES["seattle"]):
        catalogue = load_catalogue(path)
        layout = load_layout(name, LAYOUTS)
        for lang in strings.available():
            pdf = render(catalogue, layout, Options(lang, allow_fallback=True)).pdf
            for text in page_texts(pdf):
                # Arabic-script text may come back in visual order: read it both ways
                assert revealing(text) is None and revealing(text[::-1]) is None, (name, lang, text)
                assert "1-888-373-7888" in text or "233733" in text or "911" in text


PLACES = CATALOGUE.parent.parent / "tests/data/catalogues"


@pytest.mark.parametrize("name, gives_away", [
    # names from the test catalogues of other places, as a discreet item must not print them
    ("3919 Violences Femmes Info", True), ("119 Allô Enfance en danger", True),
    ("Comité contre l'esclavage moderne (CCEM)", True), ("Committee against Modern Slavery (CCEM)", True),
    ("Ligne d'urgence canadienne contre la traite des personnes", True),
    ("National Domestic Abuse Helpline (Refuge)", True), ("Washington State Domestic Violence Hotline", True),
    ("DHS Child Abuse Hotline", True), ("Línea directa de DHS contra el abuso infantil", True),
    ("خط المساعدة للعبودية الحديثة والاستغلال", True), ("Menschenhandel melden", True),
    ("Przemoc w rodzinie: telefon zaufania", True), ("人身売買被害者相談", True), ("가정폭력 상담", True),
    # and names that say nothing of what the item is for
    ("Police secours", False), ("Kids Helpline", False), ("Childline", False), ("NSPCC Helpline", False),
    ("Numéro d'urgence européen", False), ("Jeunesse, J'écoute", False), ("Policja (sprawy niepilne)", False),
    ("ایمرجنسی", False), ("Emergency", False),
    # a stem inside an innocent word, or an everyday phrase (found where a word starts only)
    ("Licensed massage therapist", False), ("Grape Street clinic", False), ("Essex Police", False),
    ("Пожертвования на помощь", False), ("Disculpe las molestias", False), ("In sudden danger, call", False),
    ("Le 119 traite vos appels", False), ("全国性的热线", False), ("Wykorzystaj ten numer", False),
])
def test_a_name_that_says_what_a_discreet_item_is_for_is_found_in_many_languages(name, gives_away):
    from printgen.language.words import revealing

    assert (revealing(name) is not None) == gives_away, revealing(name)


@pytest.mark.parametrize("catalogue, langs", [("fr-paris", ["fr", "en"]), ("gb-uk", ["en", "pl", "ro", "fr"]),
                                              ("ca-toronto", ["en", "fr"]), ("us-seattle", ["en", "es"])])
@pytest.mark.parametrize("name", DISCREET)
def test_discreet_items_of_other_places_name_no_violence_abuse_or_slavery_line(name, catalogue, langs):
    """Their catalogues name lines for violence against women, children in danger, slavery and
    abuse: a discreet item prints each as its first line's label or "Helpline", with its number."""
    from printgen.language.words import revealing
    from readback import page_texts

    loaded, layout = load_catalogue(PLACES / f"{catalogue}.yaml"), load_layout(name, LAYOUTS)
    for lang in langs:
        for text in page_texts(render(loaded, layout, Options(lang)).pdf):
            assert revealing(text) is None, (lang, revealing(text), text)
            said = [w for w in ("violen", "abus", "slave", "esclav", "traite", "traffick", "trata", "sex", "danger",
                                "exploit", "victim") if w in text.lower()]
            assert said == [], (lang, said, text)           # the words themselves, whatever the list holds
            assert any(ch.isdigit() for ch in text), (lang, text)


def test_discreet_names_fall_back_to_the_first_lines_label_or_helpline():
    from readback import page_texts

    text = page_texts(render(load_catalogue(CATALOGUES["seattle"]), load_layout("sticker-stall", LAYOUTS),
                             Options("en")).pdf)[0]
    assert "Helpline" in text or "National hotline" in text
    assert text.count("National hotline") <= 1        # a label that stands in for the name is not repeated
