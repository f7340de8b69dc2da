"""Every script of the languages printgen ships prints: in its own font, with glyphs drawn (read
from pixels, not boxes or blanks), and a text layer that reads back as the words printed (pypdf
and pdfium, the reader of Chrome and of printgen's check)."""

from __future__ import annotations

import io
import re

import pypdfium2 as pdfium
import pytest
from conftest import CATALOGUE, LAYOUTS
from pypdf import PdfReader

from printgen.catalogue.load import load_catalogue
from printgen.language import strings
from printgen.layout.load import load_layout
from printgen.pages import Face, Page, Placement, TextRun
from printgen.pdf import pdf_bytes
from printgen.render import Options, render
from printgen.text.measure import text_width

# a short line in each script, and the font family that must print it
LINES = {
    "pa": ("ਮਦਦ ਲਈ ਕਾਲ ਕਰੋ", "NotoSansGurmukhi"), "hi": ("मदद के लिए कॉल करें", "NotoSansDevanagari"),
    "ne": ("सहयोगका लागि फोन गर्नुहोस्", "NotoSansDevanagari"), "bn": ("সাহায্যের জন্য কল করুন", "NotoSansBengali"),
    "ta": ("உதவிக்கு அழைக்கவும்", "NotoSansTamil"), "th": ("โทรขอความช่วยเหลือ", "NotoSansThai"),
    "km": ("ហៅទូរស័ព្ទសុំជំនួយ", "NotoSansKhmer"), "my": ("အကူအညီအတွက် ဖုန်းခေါ်ပါ", "NotoSansMyanmar"),
    "he": ("התקשרו לעזרה", "NotoSansHebrew"), "ko": ("도움이 필요하면 전화하세요", "NanumGothic"),
    "fa": ("برای کمک تماس بگیرید", "NotoSansArabic"), "ur": ("مدد کے لیے کال کریں", "NotoSansArabic"),
    "ar": ("الخط الساخن لمكافحة الاتجار", "NotoSansArabic"), "am": ("የእርዳታ መስመር", "NotoSansEthiopic"),
    "ja": ("いつでもお電話ください", "DroidSansFallback"), "zh-Hant": ("全國熱線", "DroidSansFallback"),
    "vi": ("Đường dây nóng quốc gia", "NotoSans"), "ru": ("Горячая линия", "NotoSans"),
}


def one_line(line: str) -> bytes:
    run_ = TextRun(20, 100, line, "regular", 16, "#000000", text_width(line, "regular", 16))
    return pdf_bytes([Page(600, 200, (Placement("f", 0, 0),))], {"f": Face("f", 600, 200, 0, (run_,))}, "t", "t")


def pdfium_text(pdf: bytes) -> list[str]:
    doc = pdfium.PdfDocument(pdf)
    try:
        return [doc[i].get_textpage().get_text_range() for i in range(len(doc))]
    finally:
        doc.close()


def pypdf_text(pdf: bytes) -> list[str]:
    return [page.extract_text() or "" for page in PdfReader(io.BytesIO(pdf)).pages]


def ink(pdf: bytes) -> tuple[int, bytes]:
    """(dark pixels, the pixels) of the first page at 100 dpi, greyscale."""
    doc = pdfium.PdfDocument(pdf)
    try:
        image = doc[0].render(scale=100 / 72, grayscale=True).to_pil().convert("L")
    finally:
        doc.close()
    data = image.tobytes()
    return sum(1 for v in data if v < 128), data


def words(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize("lang", sorted(LINES))
def test_each_script_reads_back_as_printed_in_its_own_font(lang):
    line, family = LINES[lang]
    pdf = one_line(line)
    assert pdfium_text(pdf)[0].strip() == line
    assert words(pypdf_text(pdf)[0]) == words(line)
    fonts = PdfReader(io.BytesIO(pdf)).pages[0]["/Resources"]["/XObject"]
    names = {str(f.get_object()["/BaseFont"]).split("+")[-1].split("-")[0]
             for x in fonts.values() for f in x.get_object()["/Resources"]["/Font"].values()}
    assert family in names, names


@pytest.mark.parametrize("lang", sorted(LINES))
def test_each_scripts_glyphs_are_drawn_not_blank_and_not_boxes(lang):
    line, _ = LINES[lang]
    dark, pixels = ink(one_line(line))
    assert dark > 40 * len(line.replace(" ", "")) ** 0.5, "the line prints ink"
    # boxes for missing glyphs look alike whatever the letters: another word of the script differs
    letters = [ch for ch in line if ch.isalpha()]
    other = line.replace(letters[0], letters[-1]) if letters[0] != letters[-1] else line[::-1]
    assert ink(one_line(other))[1] != pixels


def test_the_text_layer_of_arabic_persian_hindi_and_thai_cards_is_the_catalogues_text(tmp_path):
    names = {"fa": "مرکز ملی منابع مبارزه با قاچاق انسان", "hi": "राष्ट्रीय मानव तस्करी संसाधन केंद्र",
             "th": "ศูนย์ข้อมูลแห่งชาติเรื่องการค้ามนุษย์"}
    text = CATALOGUE.read_text("utf-8")
    text = text.replace("ar: المركز الوطني لموارد مكافحة الاتجار بالبشر}",
                        "ar: المركز الوطني لموارد مكافحة الاتجار بالبشر, "
                        + ", ".join(f"{k}: {v}" for k, v in names.items()) + "}", 1)
    text = re.sub(r"(\n  languages: \[)([^\]]*)\]", lambda m: f"{m.group(1)}{m.group(2)}, fa, hi, th]", text, count=1)
    path = tmp_path / "catalogue.yaml"
    path.write_text(text, encoding="utf-8")
    catalogue = load_catalogue(path)
    layout = load_layout("wallet-card", LAYOUTS)
    for lang, name in {**names, "ar": "المركز الوطني لموارد مكافحة الاتجار بالبشر"}.items():
        pdf = render(catalogue, layout, Options(lang, allow_stale=True)).pdf
        headline = strings.load(lang).texts["Need help? Call any time, day or night."][0]
        for reader in (pdfium_text, pypdf_text):
            page = words(reader(pdf)[0])
            if reader is pdfium_text:       # exact words (a space may stand where the font changes: "ไหม ?")
                assert words(name) in page, lang
                assert "".join(headline.split()) in "".join(page.split()), lang
            else:       # pypdf guesses spaces from gaps (Devanagari's marks make some) and sets a
                # right-to-left line's closing full stop at its other end: the letters are checked
                flat = "".join(page.split())
                assert "".join(name.split()) in flat and "".join(headline.rstrip(".").split()) in flat, lang
