"""The fonts printgen ships (Noto Sans, SIL Open Font License) and their registration.

Every font is a TrueType file inside the package, embedded (subset) in every PDF: no
standard-14 font is ever used, not even for the canvas's initial state.
"""

from __future__ import annotations

import functools
from pathlib import Path

from printgen.errors import InputError

FONT_DIR = Path(__file__).parent / "fonts"
FACES = {"regular": ("NotoSans", "NotoSans-Regular.ttf"), "bold": ("NotoSans-Bold", "NotoSans-Bold.ttf")}


@functools.lru_cache(maxsize=None)
def register(style: str = "regular") -> str:
    """Register the font for ``style`` with ReportLab once; return its ReportLab name."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFError, TTFont

    name, file = FACES[style]
    path = FONT_DIR / file
    try:
        pdfmetrics.registerFont(TTFont(name, str(path)))
    except (OSError, TTFError) as exc:
        raise InputError(f"{path}: the font file is missing or damaged ({exc}); reinstall printgen") from None
    return name


def font_name(style: str) -> str:
    return register(style)


def text_width(text: str, style: str, size: float) -> float:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    return stringWidth(text, register(style), size)


def ascent_descent(style: str, size: float) -> tuple[float, float]:
    from reportlab.pdfbase.pdfmetrics import getAscentDescent

    return getAscentDescent(register(style), size)
