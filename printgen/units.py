"""Lengths with units (``85mm``, ``3.5in``, ``12pt``, ``2cm``) as PDF points."""

from __future__ import annotations

import math
import re

POINTS = {"pt": 1.0, "in": 72.0, "mm": 72.0 / 25.4, "cm": 72.0 / 2.54, "m": 7200.0 / 2.54}
_LENGTH = re.compile(r"^\s*(-?\d+(?:\.\d+)?)\s*(pt|in|mm|cm|m)\s*$")
_PERCENT = re.compile(r"^\s*(-?\d+(?:\.\d+)?)\s*%\s*$")


def resolve_percent(value, whole: float):
    """``"25%"`` of ``whole`` points as a length string; anything else unchanged."""
    if isinstance(value, str):
        m = _PERCENT.match(value)
        if m:
            return f"{float(m.group(1)) * whole / 100:.4f}pt"
    return value
SHEETS = {
    "letter": (612.0, 792.0),
    "legal": (612.0, 1008.0),
    "tabloid": (792.0, 1224.0),
    "a5": (419.53, 595.28),
    "a4": (595.28, 841.89),
    "a3": (841.89, 1190.55),
}


MAX_LENGTH = 10 * POINTS["m"]           # nothing printgen measures is longer (a reading distance of 10 m)
MAX_OFFSET = 10 * POINTS["mm"]          # printer drift is 1-4 mm; a centimetre is a wrong setting
SAFE_TOLERANCE = 0.5                    # points a glyph may pass its safe area (2 pixels at 300 dpi; rounding)
A0 = (841 * POINTS["mm"], 1189 * POINTS["mm"])


def parse_length(value) -> float:
    """``"3.5in"`` -> 252.0. A bare number is refused, except 0; so is a length beyond 10 m."""
    points = _parse_length(value)
    if not math.isfinite(points) or abs(points) > MAX_LENGTH:
        raise ValueError(f"found {_shown(value)}; a length is at most 10m")
    return points


def non_negative_length(value) -> float:
    """A length of 0 or more (a margin, a gap, a size)."""
    points = parse_length(value)
    if points < 0:
        raise ValueError(f"found {_shown(value)}; expected a length of 0 or more")
    return points


def offset_length(value) -> float:
    """One coordinate of a printer offset: at most 10 mm either way (printers drift by 1-4 mm)."""
    points = parse_length(value)
    if abs(points) > MAX_OFFSET + 1e-9:
        raise ValueError(f"found {_shown(value)}; an offset is at most 10mm either way (printers drift by 1-4 mm: "
                         "measure it with printgen calibrate)")
    return points


def _shown(value) -> str:
    text = str(value).strip()
    return f'"{text[:20]}..."' if len(text) > 24 else f'"{text}"'


def larger_than_a0(w: float, h: float) -> bool:
    return max(w, h) > A0[1] + 0.5 or min(w, h) > A0[0] + 0.5


def _parse_length(value) -> float:
    if isinstance(value, (int, float)) and not isinstance(value, bool) and value == 0:
        return 0.0
    if isinstance(value, str):
        if value.strip() == "0":
            return 0.0
        m = _LENGTH.match(value)
        if m:
            return float(m.group(1)) * POINTS[m.group(2)]
        if re.match(r"^\s*-?\d+(\.\d+)?\s*$", value):
            raise ValueError(f'found "{value}"; a length needs a unit, e.g. {value.strip()}mm, {value.strip()}in '
                             "or {value.strip()}pt".replace("{value.strip()}", value.strip()))
    shown = f'"{value}"' if isinstance(value, str) else ("a list" if isinstance(value, list) else repr(value))
    raise ValueError(f"found {shown}; expected a length such as 3.5in, 85mm, 2cm or 12pt")


def format_length(points: float) -> str:
    """Points as the unit a person would use: inches with 3 decimals, and mm."""
    return f"{points / 72:.3g}in ({points / POINTS['mm']:.1f}mm)"
