"""Venue data (a venue's name, city...): it personalises the text and may never add a number,
an address or hide characters. The same rule for ``--venue``, a manifest's venues and its CSV."""

from __future__ import annotations

import re

from printgen.errors import InputError
from printgen.source.checks import invisible

MAX_VENUE_TEXT = 200
FIELD_NAME = re.compile(r"^[a-z_]+$")        # a venue field a layout can print: {venue.FIELD}
_LONG_NUMBER = re.compile(r"\d[\d\s().\-]{3,}\d")
_SHORT = re.compile(r"(?<![\d#])\d{2,6}(?!\d)")        # "Store #933" is a store's number, not a line
_ADDRESS = re.compile(r"://|\bwww\.|\S@\S|\b[a-z0-9][a-z0-9-]*\.[a-z]{2,24}\b")


def check_venue(venue: dict[str, str], where: str = "--venue", region: str | None = None) -> None:
    """Refuse a venue text that is too long, hides characters, or holds what a reader would dial
    or visit: a long number, a web or email address, and (given the catalogue's ``region``) a
    short number that dials there (988, 112, 911)."""
    for key, value in venue.items():
        if len(value) > MAX_VENUE_TEXT:
            raise InputError(f"{where}: {key} is {len(value)} characters long; at most {MAX_VENUE_TEXT} are printed")
        bad = invisible(value)
        if bad is not None:
            raise InputError(f'{where}: {key} holds the invisible or control character U+{ord(bad):04X}; remove it')
        if _LONG_NUMBER.search(value):
            raise InputError(f'{where}: {key} "{value}" holds a number; numbers printed must come from the '
                             "catalogue, so venue data may not add one")
        if _ADDRESS.search(value):
            raise InputError(f'{where}: {key} "{value}" holds a web or email address; addresses printed must come '
                             "from the catalogue, so venue data may not add one")
        short = _short_number(value, region) if region else None
        if short:
            raise InputError(f'{where}: {key} "{value}" holds {short}, which dials a short number in {region}; '
                             "numbers printed must come from the catalogue, so venue data may not add one")


def _short_number(text: str, region: str) -> str | None:
    for match in _SHORT.finditer(text):
        import phonenumbers         # only for a text with digits
        from phonenumbers import shortnumberinfo

        digits = match.group()
        try:
            number = phonenumbers.parse(digits, region)
        except phonenumbers.NumberParseException:
            continue
        if shortnumberinfo.is_valid_short_number_for_region(number, region) \
                or shortnumberinfo.is_emergency_number(digits, region):
            return digits
    return None
