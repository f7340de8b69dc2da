"""Phone numbers: parsed and checked with libphonenumber, formatted one way everywhere.

The editor writes a number as it should be seen (``503.255.0118``, ``1 (800) THE LOST``,
``9-1-1``); everything printgen prints or encodes is derived from that one writing:
the display form (one house format per country), the dial form (E.164, or a short number
as written: ``911`` never becomes ``+1911``) and the QR/``tel:`` payload.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

_ALLOWED = re.compile(r"^\+?[0-9A-Za-z ()./\-]+$")
_NANP = 1


@dataclass(frozen=True)
class Number:
    written: str
    display: str     # digits in the catalogue's house format, e.g. 1-800-843-5678, 503-255-0118, 911
    dial: str        # E.164 (+18008435678) or a short number as written (911)
    short: bool
    vanity: str | None = None   # 1-800-THE-LOST, when the editor wrote letters
    emergency: bool = False     # an emergency number of the country (911, 999, 112, 000)

    @property
    def tel(self) -> str:
        return f"tel:{self.dial}"


@functools.lru_cache(maxsize=4096)
def parse_number(written: str, country: str, allow_short_codes: bool = False) -> Number:
    """Parse ``written`` in ``country``; raise ValueError with what is wrong and what would be right."""
    import phonenumbers     # here, not above: a catalogue from printgen's cache needs no parsing
    from phonenumbers import PhoneNumberFormat, shortnumberinfo

    text = written.strip()
    if not text:
        raise ValueError("is empty; write the number as it should be printed, e.g. 503.255.0118")
    if "+" in text[1:]:
        raise ValueError(f'"{written}" holds "+" after its start; + goes only first, before the country code')
    if not _ALLOWED.match(text):
        bad = next(ch for ch in text if not re.match(r"[0-9A-Za-z ()./\-+]", ch))
        raise ValueError(f'"{written}" holds "{bad}"; a number may hold digits, letters, spaces and ( ) . - +')
    text, confirmed = _confirming(written, text)
    has_letters = any(ch.isalpha() for ch in text)
    if has_letters:
        _check_letters(written, text)
    digits_text = phonenumbers.convert_alpha_characters_in_number(text)
    if confirmed is not None and re.sub(r"\D", "", digits_text)[-len(confirmed):] != confirmed:
        raise ValueError(f'"{written}": the letters dial {_grouped(digits_text)}, not the digits written beside '
                         f"them ({confirmed}); correct the letters or the digits")
    try:
        parsed = phonenumbers.parse(digits_text, country)
    except phonenumbers.NumberParseException as exc:
        raise ValueError(f'"{written}" is not a phone number ({_reason(exc)})') from None
    national = phonenumbers.national_significant_number(parsed)     # keeps the zeros of 000
    plain = re.sub(r"\D", "", digits_text)
    # a number of up to 6 digits written without a trunk prefix is a short number, unless it is a
    # full national number of the country (Australia's 13 12 37)
    if not text.startswith("+") and plain == national and len(national) <= 6 \
            and not phonenumbers.is_valid_number(parsed):
        ok = phonenumbers.is_valid_short_number_for_region(parsed, country)
        if not ok and allow_short_codes and 5 <= len(national) <= 6:
            ok = True
        if ok:
            emergency = shortnumberinfo.is_emergency_number(national, country)
            return Number(written, national, national, True, _vanity(text) if has_letters else None, emergency)
        raise ValueError(f'"{written}" is not a valid short or emergency number in {country}; '
                         f"check the digits, or write the full number with its area code")
    if not phonenumbers.is_valid_number(parsed):
        region = phonenumbers.region_code_for_number(parsed) or country
        raise ValueError(f'"{written}" is not a valid phone number in {region}; check the digits '
                         f"(a number outside {country} is written with + and its country code)")
    e164 = phonenumbers.format_number(parsed, PhoneNumberFormat.E164)
    vanity = _vanity(text) if has_letters else None
    return Number(written, _display(parsed, country), e164, False, vanity)


_GROUPS = re.compile(r"[\s().\-/]+")
_CONFIRMED = re.compile(r"^(?P<vanity>.*[A-Za-z].*?)\s*\((?P<digits>\+?[\d\s.\-]+)\)\s*$")
LOOK_LIKE_DIGITS = set("OoIl")      # letters an eye (or a keyboard) takes for 0 and 1


def _confirming(written: str, text: str) -> tuple[str, str | None]:
    """``1-800-THE-LOST (1-800-843-5678)``: the vanity writing and the digits that confirm it."""
    match = _CONFIRMED.match(text)
    if not match:
        return text, None
    digits = re.sub(r"\D", "", match.group("digits"))
    if len(digits) < 7:
        raise ValueError(f'"{written}": the digits in brackets ({match.group("digits")}) are too few to confirm '
                         "the letters; write the whole number, e.g. 1-800-THE-LOST (1-800-843-5678)")
    return match.group("vanity").strip(), digits


def _check_letters(written: str, text: str) -> None:
    """Letters only as a vanity number has them: whole words after the digits that start it.

    A letter inside a group of digits (``88O``, ``5O3``, ``8oo``) is a typo for a digit that
    libphonenumber would dial as a key's letter (O is 6): refused, as is a number that starts
    with letters or a "word" of letters that look like digits (``O``, ``l``, ``I``).
    """
    groups = [g for g in _GROUPS.split(text.lstrip("+")) if g]
    for group in groups:
        if any(ch.isalpha() for ch in group) and any(ch.isdigit() for ch in group):
            odd = next(ch for ch in group if ch.isalpha())
            hint = " (a letter O is not the digit 0, nor l or I the digit 1)" if odd in LOOK_LIKE_DIGITS else ""
            raise ValueError(f'"{written}" mixes letters and digits in "{group}"{hint}; write digits only, or a '
                             "vanity word on its own (1-800-THE-LOST)")
        if group.isalpha() and set(group) <= LOOK_LIKE_DIGITS and len(group) <= 3:
            raise ValueError(f'"{written}" holds "{group}" among digits; it reads as digits but dials as letters: '
                             "write the digits")
    lead = "".join(next((g for g in groups if g), ""))
    if not lead.isdigit() or sum(len(g) for g in groups[:_first_word(groups)]) < 3:
        raise ValueError(f'"{written}": a vanity word comes after the digits that start the number '
                         "(1-800-THE-LOST); write those digits first")


def _first_word(groups: list[str]) -> int:
    return next(i for i, g in enumerate(groups) if g.isalpha())


def _grouped(digits_text: str) -> str:
    return re.sub(r"\D", "", digits_text)


def _display(parsed, country: str) -> str:
    import phonenumbers
    from phonenumbers import PhoneNumberFormat, PhoneNumberType

    own = phonenumbers.region_code_for_number(parsed) == country or (
        parsed.country_code == _NANP and phonenumbers.country_code_for_region(country) == _NANP)
    if not own:
        return phonenumbers.format_number(parsed, PhoneNumberFormat.INTERNATIONAL)
    if parsed.country_code == _NANP:
        d = str(parsed.national_number)
        local = f"{d[:3]}-{d[3:6]}-{d[6:]}"
        toll_free = phonenumbers.number_type(parsed) == PhoneNumberType.TOLL_FREE
        return f"1-{local}" if toll_free else local
    return phonenumbers.format_number(parsed, PhoneNumberFormat.NATIONAL)


def _vanity(text: str) -> str:
    """1 (800) THE LOST -> 1-800-THE-LOST: the editor's letters in one separator style."""
    parts = [p for p in re.split(r"[\s().\-]+", text.upper()) if p]
    return "-".join(parts)


def _reason(exc) -> str:
    import phonenumbers

    return {
        phonenumbers.NumberParseException.INVALID_COUNTRY_CODE: "unknown country code",
        phonenumbers.NumberParseException.NOT_A_NUMBER: "not a number",
        phonenumbers.NumberParseException.TOO_SHORT_AFTER_IDD: "too short",
        phonenumbers.NumberParseException.TOO_SHORT_NSN: "too short",
        phonenumbers.NumberParseException.TOO_LONG: "too long",
    }.get(exc.error_type, "not a number")
