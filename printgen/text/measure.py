"""Measuring a line of text: its printed width and the font's ascent and descent.

The width is measured on the runs that will be drawn (``printgen.text.shaping``), so what is
measured is what is printed.
"""

from __future__ import annotations

import functools

from printgen.text.fonts import register
from printgen.text.shaping import segments


def _plain_ascii(text: str) -> bool:
    return text.isascii() and text.isprintable()


@functools.lru_cache(maxsize=8192)     # a poster's fitting measures a few hundred lines; a batch's memory stays flat
def text_width(text: str, style: str, size: float) -> float:
    """The printed width of one line, measured on the runs that will be drawn. Each width is
    measured once a process: fitting a text tries the same lines at the same size many times
    (a balanced break is a search over widths), and a batch sets the same texts for every venue."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    if _plain_ascii(text):          # Noto Sans has every printable ASCII character
        return stringWidth(text, register(style), size)
    return sum(s.width for s in segments(text, style)) * size / 1000


def ascent_descent(style: str, size: float) -> tuple[float, float]:
    from reportlab.pdfbase.pdfmetrics import getAscentDescent

    return getAscentDescent(register(style), size)
