"""The fonts printgen ships, their registration with ReportLab, and what each one covers.

Every font is a TrueType (glyf) file inside the package, embedded (subset) in every PDF: no
standard-14 font is ever used, not even for the canvas's initial state. Noto Sans covers
Latin (with every diacritic Vietnamese and Somali need), Greek and Cyrillic and is tried
first; the others are tried in order for what it lacks (see ``FAMILIES``). A character is
printed only by a font that maps it to a glyph with an outline; one that no shipped font can
print is an error naming the text, the character and the language, never a box or a blank.
Licences: ``printgen/fonts/FONTS.txt``.
"""

from __future__ import annotations

import functools
import struct
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from printgen.errors import InputError
from printgen.text.rl_internals import glyph_table, load_font, reuse_programs

FONT_DIR = Path(__file__).resolve().parent.parent / "fonts"


@dataclass(frozen=True, eq=False)
class Family:
    key: str
    names: dict[str, str]           # style -> ReportLab name
    files: dict[str, str]           # style -> file in FONT_DIR
    shaped: bool = False            # laid out with HarfBuzz (joining, marks, reordering), not glyph by glyph
    synthetic_bold: bool = False    # no bold file: bold is drawn with a thin outline stroke
    claims: tuple[tuple[int, int], ...] = ()    # code point ranges this family prints before any other


def _family(key: str, stem: str, shaped: bool = False, bold: bool = True) -> Family:
    names = {"regular": stem, "bold": f"{stem}-Bold" if bold else stem}
    files = {"regular": f"{stem}-Regular.ttf", "bold": f"{stem}-Bold.ttf" if bold else f"{stem}-Regular.ttf"}
    return Family(key, names, files, shaped, not bold)


HANGUL = ((0x1100, 0x11FF), (0x3130, 0x318F), (0xA960, 0xA97F), (0xAC00, 0xD7AF), (0xD7B0, 0xD7FF))

# Tried in this order for each character; the first that has a glyph with an outline prints it
# (a family that claims a range is asked first for the characters in it: Korean is printed in
# one font, not partly in the Chinese one, which has some Hangul).
FAMILIES = (
    _family("latin", "NotoSans"),                               # Latin, Vietnamese, Greek, Cyrillic
    _family("arabic", "NotoSansArabic", shaped=True),           # Arabic, Persian, Urdu, Pashto
    _family("hebrew", "NotoSansHebrew", shaped=True),
    _family("devanagari", "NotoSansDevanagari", shaped=True),   # Hindi, Nepali, Marathi
    _family("bengali", "NotoSansBengali", shaped=True),         # Bengali, Assamese
    _family("gurmukhi", "NotoSansGurmukhi", shaped=True),       # Punjabi
    _family("tamil", "NotoSansTamil", shaped=True),
    _family("thai", "NotoSansThai", shaped=True),
    _family("lao", "NotoSansLao", shaped=True),
    _family("khmer", "NotoSansKhmer", shaped=True),
    _family("myanmar", "NotoSansMyanmar", shaped=True),         # Burmese
    _family("ethiopic", "NotoSansEthiopic"),                    # Amharic, Tigrinya
    Family("cjk", {"regular": "DroidSansFallback", "bold": "DroidSansFallback"},
           {"regular": "DroidSansFallbackFull.ttf", "bold": "DroidSansFallbackFull.ttf"},
           synthetic_bold=True),                                # Chinese (Simplified, Traditional), kana
    Family("hangul", {"regular": "NanumGothic", "bold": "NanumGothic"},
           {"regular": "NanumGothic.ttf", "bold": "NanumGothic.ttf"}, synthetic_bold=True, claims=HANGUL),
)
PRIMARY = FAMILIES[0]
# Characters that need a glyph but no outline: spaces; joiners are consumed by shaping.
BLANK = {"Zs", "Cf"}


class MissingGlyph(InputError):
    """A character that no shipped font can print (exit status 2)."""

    def __init__(self, text: str, char: str, language: str | None = None):
        self.text, self.char, self.language = text, char, language
        name = unicodedata.name(char, "unnamed")
        short = text if len(text) <= 60 else text[:57] + "..."
        lang = f" in language {language}" if language else ""
        super().__init__(f'"{short}"{lang}: the character U+{ord(char):04X} ({name}) has no glyph in any '
                         "shipped font, so it would print as a box or a blank; remove or replace it "
                         "(fonts: printgen/fonts/FONTS.txt)")

    def in_language(self, language: str) -> "MissingGlyph":
        return self if self.language else MissingGlyph(self.text, self.char, language)


@functools.lru_cache(maxsize=None)
def _load(family: Family, style: str):
    """The family's font for ``style``, loaded and registered with ReportLab once."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFError

    name, path = family.names[style], FONT_DIR / family.files[style]
    try:
        font = load_font(name, str(path), shaping=family.shaped)
        pdfmetrics.registerFont(reuse_programs(font))
    except (OSError, TTFError, struct.error, ValueError, IndexError, KeyError) as exc:
        raise InputError(f"{path}: the font file is missing or damaged ({exc}); reinstall printgen") from None
    return font


def font(family: Family, style: str):
    """The family's ReportLab font for ``style`` (a family without a bold face uses its regular)."""
    return _load(family, "bold" if style == "bold" and not family.synthetic_bold else "regular")


def register(style: str = "regular") -> str:
    """Register Noto Sans for ``style`` with ReportLab once; return its ReportLab name."""
    return font(PRIMARY, style).fontName


@functools.lru_cache(maxsize=None)
def _outlines(family: Family, style: str) -> tuple[dict[int, int], list[int]]:

    return glyph_table(font(family, style))


def covers(family: Family, style: str, char: str) -> bool:
    """True when the family's font maps ``char`` to a glyph that prints (has an outline)."""
    cmap, positions = _outlines(family, style)
    gid = cmap.get(ord(char))
    if not gid:
        return False
    if unicodedata.category(char) in BLANK:
        return True
    return positions[gid + 1] > positions[gid]


@functools.lru_cache(maxsize=65536)
def family_for(char: str, style: str) -> Family | None:
    """The first family that prints ``char``, or None."""
    point = ord(char)
    for family in FAMILIES:
        if any(low <= point <= high for low, high in family.claims) and covers(family, style, char):
            return family
    for family in FAMILIES:
        if covers(family, style, char):
            return family
    return None
