"""Venue data (a venue's name, city...): it personalises the text and may never add a number
or hide characters. The same rule for ``--venue``, a manifest's venues and its CSV."""

from __future__ import annotations

import re

from printgen.errors import InputError
from printgen.source.schema import invisible

MAX_VENUE_TEXT = 200


def check_venue(venue: dict[str, str], where: str = "--venue") -> None:
    for key, value in venue.items():
        if len(value) > MAX_VENUE_TEXT:
            raise InputError(f"{where}: {key} is {len(value)} characters long; at most {MAX_VENUE_TEXT} are printed")
        bad = invisible(value)
        if bad is not None:
            raise InputError(f'{where}: {key} holds the invisible or control character U+{ord(bad):04X}; remove it')
        if re.search(r"\d[\d\s().\-]{3,}\d", value):
            raise InputError(f'{where}: {key} "{value}" holds a number; numbers printed must come from the '
                             "catalogue, so venue data may not add one")
