"""Lengths with units (``85mm``, ``3.5in``, ``12pt``, ``2cm``) as PDF points."""

from __future__ import annotations

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


def parse_length(value) -> float:
    """``"3.5in"`` -> 252.0. A bare number is refused, except 0."""
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
