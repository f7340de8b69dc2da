"""Colours: a layout's "#rrggbb" (or "cmyk(c, m, y, k)" in percent) for screen and office
printers (RGB) and for print shops (CMYK).

RGB to CMYK is the plain under-colour formula (the README's "Print shops" gives it): with R,
G, B from 0 to 1,

    K = 1 - max(R, G, B);  C = (1 - R - K) / (1 - K),  M = (1 - G - K) / (1 - K),  Y = (1 - B - K) / (1 - K)

(C = M = Y = 0 when K = 1), each rounded to a tenth of a percent. Every grey, black
included, becomes black ink alone (#000000 is 0/0/0/100, #333333 is 0/0/0/80): text and rules
in black print in one ink, never as four-colour black. A layout that needs exact inks gives
them as cmyk(...), which the print-shop profile uses as written and office files convert
back with R = (1 - C)(1 - K), and so on.
"""

from __future__ import annotations

import functools
import re

CMYK_TEXT = re.compile(r"^cmyk\(\s*(\d+(?:\.\d+)?)\s*,\s*(\d+(?:\.\d+)?)\s*,\s*(\d+(?:\.\d+)?)\s*,"
                       r"\s*(\d+(?:\.\d+)?)\s*\)$")
HEX = re.compile(r"^#[0-9a-f]{6}$")


def parse_cmyk(text: str) -> tuple[float, float, float, float] | None:
    """cmyk(0, 80, 100, 0) -> (0.0, 0.8, 1.0, 0.0); None when ``text`` is not written so."""
    m = CMYK_TEXT.match(text.strip().lower())
    if not m:
        return None
    values = tuple(float(v) / 100 for v in m.groups())
    if any(v > 1 for v in values):
        raise ValueError(f'found "{text}"; each ink of cmyk(c, m, y, k) is a percentage from 0 to 100')
    return values


@functools.lru_cache(maxsize=1024)
def to_cmyk(color: str) -> tuple[float, float, float, float]:
    """The inks of a layout colour, as fractions."""
    given = parse_cmyk(color)
    if given is not None:
        return given
    r, g, b = (int(color[i:i + 2], 16) / 255 for i in (1, 3, 5))
    k = 1 - max(r, g, b)
    if k >= 1:
        return (0.0, 0.0, 0.0, 1.0)
    c, m, y = ((1 - v - k) / (1 - k) for v in (r, g, b))
    return tuple(round(v, 3) for v in (c, m, y, k))


@functools.lru_cache(maxsize=1024)
def to_rgb_hex(color: str) -> str:
    """A layout colour as #rrggbb (a cmyk(...) colour converted back)."""
    given = parse_cmyk(color)
    if given is None:
        return color
    c, m, y, k = given
    return "#" + "".join(f"{round(255 * (1 - v) * (1 - k)):02x}" for v in (c, m, y))
