"""The value types of layouts: lengths with units, pairs and boxes of them, colours."""

from __future__ import annotations

import json
import re
from typing import Annotated

from pydantic import AfterValidator, BeforeValidator

from printgen.colors import parse_cmyk
from printgen.units import A0, SHEETS, format_length, larger_than_a0, non_negative_length, parse_length

Length = Annotated[float, BeforeValidator(parse_length)]
Size = Annotated[float, BeforeValidator(non_negative_length)]      # a margin, a gap, a size: 0 or more
_COLOR = re.compile(r"^#[0-9A-Fa-f]{6}$")


def _color(value):
    if isinstance(value, str) and parse_cmyk(value) is not None:
        return value.strip().lower().replace(" ", "")
    if not isinstance(value, str) or not _COLOR.fullmatch(value):
        shown = json.dumps(value, ensure_ascii=False) if isinstance(value, str) else f'"{value}"'
        raise ValueError(f"found {shown}; expected a colour written #RRGGBB, e.g. #1a1a1a, or inks in percent "
                         "written cmyk(C, M, Y, K), e.g. cmyk(100, 60, 0, 40)")
    return value.lower()


Color = Annotated[str, BeforeValidator(_color)]


def _pair(value):
    if not isinstance(value, list) or len(value) != 2:
        raise ValueError("expected two lengths [width, height], e.g. [3.5in, 2in]")
    return value


def _box(value):
    if not isinstance(value, list) or len(value) != 4:
        raise ValueError("expected four lengths [left, top, width, height], measured from the item's top-left "
                         "corner, e.g. [0.125in, 0.2in, 3.25in, 0.5in]")
    return value


Pair = Annotated[tuple[Length, Length], BeforeValidator(_pair)]
SizePair = Annotated[tuple[Size, Size], BeforeValidator(_pair)]


def _within_a0(pair: tuple[float, float]) -> tuple[float, float]:
    if larger_than_a0(*pair):
        raise ValueError(f"{format_length(pair[0])} x {format_length(pair[1])} is larger than A0 "
                         f"({format_length(A0[0])} x {format_length(A0[1])}), the largest sheet printgen makes")
    return pair


PaperSize = Annotated[SizePair, AfterValidator(_within_a0)]


def sheet_size(value):
    """A named sheet, or [width, height] of 0 or more and at most A0."""
    if isinstance(value, str):
        if value not in SHEETS:
            raise ValueError(f'found "{value}"; expected one of "letter", "legal", "tabloid", "a5", "a4" or "a3"')
        return value
    w, h = (non_negative_length(v) for v in _pair(value))
    return _within_a0((w, h))


Box = Annotated[tuple[Length, Length, Length, Length], BeforeValidator(_box)]
