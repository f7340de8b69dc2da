"""Languages: every catalogue language printed right, read back from the written PDFs.

Latin with diacritics, Cyrillic, Chinese (Simplified and Traditional) and Arabic (right to
left, joined, numbers left to right inside it): the text layer holds the translated words,
the codes are the same in every language, a character no shipped font prints is an error,
bilingual renders print both languages, and the fixed words come from printgen/data/strings.
"""

from __future__ import annotations

import io
import re
import unicodedata

import pdfplumber
import pytest
from click.testing import CliRunner
from conftest import CATALOGUE, LAYOUTS, rendered

from printgen.language import strings
from printgen.catalogue.load import load_catalogue
from printgen.cli import cli
from printgen.errors import InputError
from printgen.text.fonts import MissingGlyph
from printgen.text.measure import text_width
from printgen.layout.load import load_layout
from printgen.render import Options, render
from printgen.language.pick import Language
from readback import decode_codes, fonts, page_texts

LANGS = ["en", "es", "vi", "zh-Hans", "zh-Hant", "ru", "uk", "so", "ar"]
LAYOUTS_CHECKED = ["wallet-card", "poster-letter"]
# (page, resource ids whose names are printed there, layout texts printed there)
PRINTED = {
    "wallet-card": [(0, ["emergency", "nhtrc"], ["Need help? Call any time, day or night."]),
                    # the back's 25 mm code leaves the list less room: the task force is left out
                    # for room in the longer languages (and said)
                    (1, ["ppb-trafficking-tip-line", "dhs-child-abuse-hotline", "ncmec-online-hotline"],
                     ["Scan to call this number"])],
    # the hero and the list (lines of lower priority are left out for room before sizes shrink)
    "poster-letter": [(0, ["emergency", "nhtrc", "ppb-trafficking-tip-line", "dhs-child-abuse-hotline"],
                       ["Help is available. You are not alone.", "Scan to call this number"])],
}
ARABIC_LETTER = re.compile(r"[\u0600-\u06FF]")
# private use areas and Arabic presentation forms: never what extracting the text should give
NOT_TEXT = re.compile(r"[\uE000-\uF8FF\uFB50-\uFDFF\uFE70-\uFEFF\U000F0000-\U0010FFFF]")


def run(*args):
    return CliRunner().invoke(cli, list(args))


def expected_words(layout: str, page: int, lang: str) -> list[str]:
    catalogue = load_catalogue(CATALOGUE)
    language = Language(lang, "en")
    _, ids, texts = next(p for p in PRINTED[layout] if p[0] == page)
    names = [language.pick(catalogue.resource(rid).name, rid) for rid in ids]
    return names + [strings.translate(lang, text) for text in texts]


def visual_lines(pdf: bytes, page: int) -> list[str]:
    """Each printed line's characters from left to right (as the eye meets them)."""
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        rows: dict[float, list] = {}
        for ch in doc.pages[page].chars:
            if ch["upright"]:
                rows.setdefault(round(ch["matrix"][5], 1), []).append(ch)
    return ["".join(c["text"] for c in sorted(row, key=lambda c: c["x0"])) for _, row in sorted(rows.items())]


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.mark.parametrize("layout", LAYOUTS_CHECKED)
@pytest.mark.parametrize("lang", [lang for lang in LANGS if lang != "ar"])
def test_text_layer_holds_the_translated_words(layout, lang):
    pdf = rendered(layout, lang)
    for page, _, _ in PRINTED[layout]:
        printed = page_texts(pdf)[page]
        for words in expected_words(layout, page, lang):
            assert squeeze(words) in squeeze(printed), f"{lang}: {words!r} not in the text layer"
        assert not NOT_TEXT.search(printed)


@pytest.mark.parametrize("layout", LAYOUTS_CHECKED)
def test_arabic_text_layer_holds_real_letters_in_visual_order(layout):
    """Arabic glyphs read back as the letters they print (never presentation forms or private
    codes), in visual order: each word appears reversed, as it is seen from left to right."""
    pdf = rendered(layout, "ar")
    for page, _, _ in PRINTED[layout]:
        seen = " ".join(visual_lines(pdf, page))
        assert ARABIC_LETTER.search(seen)
        assert not NOT_TEXT.search(seen), "glyphs must map to Unicode letters"
        for words in expected_words(layout, page, "ar"):
            for word in words.split():
                if ARABIC_LETTER.search(word):
                    assert word[::-1] in seen, f"{word!r} is not printed (joined, right to left)"


def test_translated_renders_fall_back_nowhere():
    catalogue = load_catalogue(CATALOGUE)
    for layout in LAYOUTS_CHECKED:
        for lang in LANGS:
            result = render(catalogue, load_layout(layout, LAYOUTS), Options(lang))
            assert not [w for w in result.warnings if w.startswith("fell back")], (layout, lang, result.warnings)


def test_chinese_scripts_are_kept_apart():
    simplified = page_texts(rendered("poster-letter", "zh-Hans"))[0]
    traditional = page_texts(rendered("poster-letter", "zh-Hant"))[0]
    assert "全国人口贩运资源中心" in simplified and "全國人口販運資源中心" not in simplified
    assert "全國人口販運資源中心" in traditional and "全国人口贩运资源中心" not in traditional


@pytest.mark.parametrize("layout", LAYOUTS_CHECKED)
def test_codes_are_identical_in_every_language(layout):
    def codes(lang):
        found = decode_codes(rendered(layout, lang), dpi=120)
        return sorted((c.page, c.payload, round(c.x), round(c.y)) for c in found)

    english = codes("en")
    assert english and {c[1] for c in english} <= {"tel:+18883737888", "tel:+15032550118"}
    for lang in LANGS[1:]:
        assert codes(lang) == english, lang


@pytest.mark.parametrize("lang", ["zh-Hans", "ar", "ru"])
def test_every_font_is_embedded_and_none_is_standard(lang):
    pdf = rendered("wallet-card", lang)
    used = fonts(pdf)
    assert used and all(embedded for _, embedded in used)
    for standard in (b"Helvetica", b"Times-Roman", b"Courier", b"ZapfDingbats", b"/Symbol"):
        assert standard not in pdf
    names = " ".join(name for name, _ in used)
    assert {"zh-Hans": "DroidSansFallback", "ar": "NotoSansArabic", "ru": "NotoSans"}[lang] in names


# -- right to left -------------------------------------------------------------------------------

def _chars_of_line(line: str):
    from printgen.pages import Face, Page, Placement, TextRun
    from printgen.pdf import pdf_bytes

    run_ = TextRun(20, 100, line, "regular", 14, "#000000", text_width(line, "regular", 14))
    pdf = pdf_bytes([Page(500, 200, (Placement("f", 0, 0),))], {"f": Face("f", 500, 200, 0, (run_,))}, "t", "t")
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        chars = sorted(doc.pages[0].chars, key=lambda c: c["x0"])
    return run_, chars


def test_arabic_line_with_a_phone_number_reads_right_to_left_with_the_digits_in_order():
    line = "اتصل على 503-255-0118 الآن"
    run_, chars = _chars_of_line(line)
    digits = [c for c in chars if c["text"] in "0123456789-"]
    assert "".join(c["text"] for c in digits) == "503-255-0118", "the number keeps its digits and groups in order"
    assert all(a["x0"] < b["x0"] for a, b in zip(digits, digits[1:]))
    arabic = [c for c in chars if ARABIC_LETTER.search(c["text"])]
    right = [c for c in arabic if c["x0"] > digits[-1]["x1"]]
    left = [c for c in arabic if c["x1"] < digits[0]["x0"]]
    assert len(right) + len(left) == len(arabic)
    # read right to left: "اتصل على" comes first (right of the number), "الآن" last (left of it)
    assert "".join(c["text"] for c in right)[::-1].replace(" ", "") == "اتصلعلى"
    assert "".join(c["text"] for c in left)[::-1].replace(" ", "") == "الآن"
    assert chars[-1]["x1"] == pytest.approx(run_.x + run_.width, abs=0.5), "the measured width is the drawn width"


@pytest.mark.parametrize("line, family", [
    ("Đường dây nóng quốc gia", "NotoSans"), ("Гаряча лінія: 24/7", "NotoSans"),
    ("የእርዳታ መስመር", "NotoSansEthiopic"), ("全國熱線（24 小時）", "DroidSansFallback"),
])
def test_each_script_prints_in_its_font_and_reads_back(line, family):
    _, chars = _chars_of_line(line)
    assert "".join(c["text"] for c in chars) == line
    assert any(family == c["fontname"].split("+")[-1].split("-")[0] for c in chars if not c["text"].isascii())


def test_arabic_letters_are_joined_not_isolated():
    from printgen.text.shaping import segments

    (segment,) = segments("الساخن", "regular")
    isolated = sum(text_width(ch, "regular", 1000) for ch in "الساخن")
    assert segment.font == "NotoSansArabic"
    assert len(segment.text) == len("الساخن")
    assert [ord(ch) for ch in segment.text] != [ord(ch) for ch in reversed("الساخن")], "joined forms, not the letters"
    assert segment.width < isolated, "joined letters are narrower than isolated ones"


def test_a_date_inside_an_arabic_footer_stays_in_order():
    lines = visual_lines(rendered("poster-letter", "ar"), 0)
    (footer,) = [line for line in lines if "2026-11-28" in line]
    date_at = footer.index("2026-11-28")
    assert "يف تامولعملا نم ققحتلا مت" in footer[date_at:], "the sentence starts right of the date"
    assert ":ردصملا" in footer[:date_at], "and goes on left of it"


def test_arabic_items_are_mirrored_to_the_right():
    lines = visual_lines(rendered("wallet-card-bleed", "ar"), 1)      # one card a page
    (tip,) = [line for line in lines if "503-255-0118" in line]
    assert tip.index("503-255-0118") < tip.index("تاغالبلا"), "the label reads first, at the right of the number"


# -- what cannot be printed --------------------------------------------------------------------------

def test_a_character_no_font_prints_is_an_error_naming_text_character_and_language(in_project, tmp_path):
    text = CATALOGUE.read_text().replace("es: Emergencia,", "es: Emergencia Ꭰ,", 1)
    catalogue = tmp_path / "cherokee.yaml"
    catalogue.write_text(text)
    target = tmp_path / "cards.pdf"
    result = run("render", "wallet-card", "--catalogue", str(catalogue), "--lang", "es", "-o", str(target))
    assert result.exit_code == 2
    assert len(result.stderr.splitlines()) == 1 and "Traceback" not in result.output
    assert result.stderr.startswith('error: "Emergencia Ꭰ" in language es: the character U+13A0 (CHEROKEE LETTER A) '
                                    "has no glyph in any shipped font")
    assert not target.exists()
    assert run("render", "wallet-card", "--catalogue", str(catalogue), "--lang", "en",
               "-o", str(target)).exit_code == 0, "English does not print the Spanish name"


def test_missing_glyph_is_refused_before_drawing():
    from printgen.text.shaping import segments

    with pytest.raises(MissingGlyph) as info:
        segments("Linear B \U00010000", "bold")
    assert "U+10000 (LINEAR B SYLLABLE B008 A)" in str(info.value.message)


# -- languages asked for ------------------------------------------------------------------------------

@pytest.mark.parametrize("tag, shown", [("zh", "全国人口贩运资源中心"), ("ZH-hant", "全國人口販運資源中心"),
                                        ("zh-TW", "全國人口販運資源中心"), ("zh-CN", "全国人口贩运资源中心")])
def test_chinese_tags(tag, shown):
    result = render(load_catalogue(CATALOGUE), load_layout("poster-letter", LAYOUTS), Options(tag))
    assert shown in page_texts(result.pdf)[0]
    assert not [w for w in result.warnings if w.startswith("fell back")]


def test_a_bad_language_tag_is_a_one_line_error(in_project, tmp_path):
    result = run("render", "wallet-card", "--lang", "e_s", "-o", str(tmp_path / "x.pdf"))
    assert result.exit_code == 2
    assert result.stderr.startswith('error: --lang: found "e_s"; expected a BCP 47 language tag')
    assert len(result.stderr.splitlines()) == 1


def test_bilingual_render_prints_both_languages(in_project, tmp_path):
    target = tmp_path / "poster.pdf"
    result = run("render", "poster-tabloid", "--lang", "en+es", "-o", str(target))
    assert result.exit_code == 0, result.stderr
    lines = [" ".join(line.split()) for line in page_texts(target.read_bytes())[0].splitlines()]
    printed = " ".join(lines)
    for both in ("Help is available. You are not alone.", "Hay ayuda disponible. No está solo.",
                 "Information verified on 2026-11-28", "Información verificada el 2026-11-28"):
        assert both in printed
    for one, other in (("Emergency", "Emergencia"), ("National hotline", "Línea nacional")):   # a line each
        assert one in printed and other in printed and not any(one in ln and other in ln for ln in lines)
    assert " / " not in printed                 # the languages are never joined with a slash
    assert "fell back" not in result.stderr


def test_posting_law_presets_see_both_languages(in_project, tmp_path):
    result = run("render", "poster-ca-52-6", "--lang", "en+es", "-o", str(tmp_path / "ca.pdf"))
    assert result.exit_code == 2 and "this render lacks" not in result.stderr
    result = run("render", "poster-tx-lodging", "--lang", "en+es", "-o", str(tmp_path / "tx.pdf"))
    assert result.exit_code == 2
    assert "this sheet is in en+es; each sheet must be in one of en, es" in result.stderr


def test_a_missing_translation_falls_back_and_is_listed(in_project, tmp_path):
    text = CATALOGUE.read_text()
    gone = re.search(r"\n\s*vi: Trung tâm Tài nguyên Quốc gia về Chống buôn bán người,", text).group(0)
    (tmp_path / "c.yaml").write_text(text.replace(gone, ""))
    result = run("render", "wallet-card", "--catalogue", str(tmp_path / "c.yaml"), "--lang", "vi",
                 "-o", str(tmp_path / "vi.pdf"))
    assert result.exit_code == 0
    assert "warning: fell back to en for 1 texts: nhtrc.name" in result.stderr
    front = " ".join(page_texts((tmp_path / "vi.pdf").read_bytes())[0].split())     # the name may wrap
    assert "National Human Trafficking Resource Center" in front


# -- strings files ------------------------------------------------------------------------------------

def test_every_strings_file_loads_and_translates_every_word():
    reference = strings.load("en")
    assert set(strings.available()) >= set(LANGS)
    for tag in strings.available():
        found = strings.load(tag)
        assert set(found.words) == set(reference.words), tag
        assert not found.unreviewed() if tag == "en" else len(found.unreviewed()) == found.count


def test_validate_warns_about_unreviewed_translations(in_project):
    result = run("validate")
    assert result.exit_code == 0
    for lang in LANGS[1:]:
        assert re.search(rf"^warning: strings {lang}: \d+ of \d+ translations in printgen/data/strings/{lang}.yaml are "
                         "unreviewed drafts", result.stderr, re.M), lang
    assert "warning: strings en:" not in result.stderr


def test_a_bilingual_word_prints_both():
    from printgen.language.words import word

    language = Language("en+es", "en")
    assert word(language, "helpline") == "Helpline / Línea de ayuda"
    assert word(language, "page").format(page=1, pages=2) == "Page 1 of 2 / Página 1 de 2"


@pytest.mark.parametrize("content, message", [
    ("language: xx\nwords:\n  cal: Llamar\n", 'xx.yaml:3:3: words.cal: unknown word "cal"; did you mean "call"?'),
    ("language: xx\nwords:\n  page: Pagina {pagina}\n", "words.page: holds the fields {pagina}; the English holds "
                                                          "{page}, {pages}"),
    ("language: yy\n", 'xx.yaml:1:11: language: is "yy" but the file is xx.yaml'),
    ("language: xx\nreviewd: true\n", 'unknown key "reviewd"; did you mean "reviewed"?'),
])
def test_strings_files_are_checked(tmp_path, content, message):
    (tmp_path / "en.yaml").write_text((strings.STRINGS_DIR / "en.yaml").read_text())
    (tmp_path / "xx.yaml").write_text(content)
    with pytest.raises(InputError) as info:
        strings.load("xx", tmp_path)
    assert message in str(info.value.message)


# -- measuring and wrapping ----------------------------------------------------------------------------

def test_text_width_measures_the_runs_that_are_drawn():
    from reportlab.pdfbase.pdfmetrics import stringWidth

    from printgen.text.fonts import register

    assert text_width("Call 911", "bold", 10) == stringWidth("Call 911", register("bold"), 10)
    mixed = "热线 24/7"
    assert text_width(mixed, "regular", 10) == pytest.approx(
        stringWidth("热线 ", "DroidSansFallback", 10) + stringWidth("24/7", "NotoSans", 10))


def test_chinese_wraps_between_characters_never_before_closing_punctuation():
    from printgen.text.fit import wrap

    text = "需要帮助吗？日夜随时都可以打电话。请致电求助，或举报你所看到的情况。"
    lines = wrap(text, "regular", 10, 60)
    assert lines and len(lines) > 2 and "".join(lines) == text
    assert all(text_width(line, "regular", 10) <= 60 for line in lines)
    assert not any(line[0] in "，。？" for line in lines)


@pytest.mark.parametrize("text", ["Traite des êtres humains : où trouver de l'aide",
                                  "Pour un enfant en danger ou en risque de l'être ; les appels des mineurs sont "
                                  "traités en priorité.", "Appelez le « 119 Allô Enfance en danger » : c'est gratuit !"])
def test_french_never_starts_a_line_with_a_spaced_mark_nor_ends_one_with_an_opening_guillemet(text):
    from printgen.text.fit import wrap

    for width in range(40, 400, 7):
        lines = wrap(text, "bold", 14, width)
        if lines is None:
            continue
        assert " ".join(lines) == text
        assert all(text_width(line, "bold", 14) <= width for line in lines)
        assert not any(line[0] in ":;!?»" for line in lines), (width, lines)
        assert not any(line.endswith("«") for line in lines), (width, lines)


def test_a_spaced_mark_in_chinese_never_starts_a_line_either():
    from printgen.text.fit import wrap

    for width in range(20, 90, 4):
        lines = wrap("人口贩卖热线 : 110 报警", "regular", 10, width)
        assert lines and not any(line[:1] in (" ", ":") for line in lines), (width, lines)


def test_text_is_printed_in_nfc():
    from printgen.text.shaping import segments

    decomposed = unicodedata.normalize("NFD", "Tiếng Việt")
    assert "".join(s.text for s in segments(decomposed, "regular")) == "Tiếng Việt"


@pytest.mark.parametrize("lang", LANGS)
def test_discreet_sticker_gives_nothing_away_in_any_language(lang):
    from printgen.language.words import revealing

    pdf = render(load_catalogue(CATALOGUE), load_layout("sticker-stall", LAYOUTS), Options(lang)).pdf
    seen = " ".join(visual_lines(pdf, 0))
    assert revealing(seen[::-1] if lang == "ar" else seen) is None, seen
    assert "1-888-373-7888" in seen


def test_right_to_left_output_is_reproducible():
    first = rendered("wallet-card", "ar")
    render(load_catalogue(CATALOGUE), load_layout("poster-letter", LAYOUTS), Options("ar"))   # more shaped glyphs
    again = render(load_catalogue(CATALOGUE), load_layout("wallet-card", LAYOUTS), Options("ar")).pdf
    assert again == first
