"""The value types of layouts: lengths with units, pairs and boxes of them, colours."""

from __future__ import annotations

import re
from typing import Annotated

from pydantic import BeforeValidator

from printgen.colors import parse_cmyk
from printgen.units import parse_length

Length = Annotated[float, BeforeValidator(parse_length)]
_COLOR = re.compile(r"^#[0-9A-Fa-f]{6}$")


def _color(value):
    if isinstance(value, str) and parse_cmyk(value) is not None:
        return value.strip().lower().replace(" ", "")
    if not isinstance(value, str) or not _COLOR.match(value):
        raise ValueError(f'found "{value}"; expected a colour written #RRGGBB, e.g. #1a1a1a, or inks in percent '
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
Box = Annotated[tuple[Length, Length, Length, Length], BeforeValidator(_box)]
