"""What a page prints, read from its text layer: phone numbers and addresses, each matched
against the catalogue.

Numbers are found three ways, so that a wrong digit cannot hide: libphonenumber's matcher in
the catalogue's country (full numbers in any format), a pattern for vanity numbers
(``1-800-THE-LOST``), and a pattern for phone-like runs of digits (``503-255-011``) that are
not valid numbers at all. Short numbers (``911``, ``988``) are the emergency and three-digit
service numbers of the country, and the catalogue's own short numbers. A number passes when it
is printed exactly as the catalogue derives it: its display form (``503-255-0118``), or as
the editor wrote it (``503.255.0118``, ``1 (800) THE LOST``, ``1-800-THE-LOST``).
"""

from __future__ import annotations

import functools
import hashlib
import re
import unicodedata
from dataclasses import dataclass, field

import phonenumbers
from phonenumbers import (
    Leniency,
    PhoneNumberFormat,
    PhoneNumberMatcher,
    shortnumberinfo,
)

from printgen.catalogue.model import Catalogue, Contact, Resource

# digits in groups joined by - or .: three groups or more, or two after a + or an (area code)
_RUN = re.compile(r"(?<![\w.+/-])(?:\+\d{1,3}[ .-]?(?:\(\d{1,4}\)[ .-]?)?\d{1,5}(?:[.-]\d{1,5})*"
                  r"|\(\d{1,4}\)[ .-]?\d{1,5}(?:[.-]\d{1,5})+|\d{1,5}(?:[.-]\d{1,5}){2,})(?![\w/-]|[.]\d)")
_DATE = re.compile(r"^(?:\d{4}[-./]\d{1,2}[-./]\d{1,2}|\d{1,2}[-./]\d{1,2}[-./]\d{2,4})$")
# a North American vanity number: letters (upper case) where digits would be
_VANITY = re.compile(r"(?<![\w-])(?:\+?1[ .-]?)?\(?\d{3}\)?[ .-]?[0-9A-Z]{3}[ .-]?[0-9A-Z]{4}(?![\w-])"
                     r"|(?<![\w-])(?:\+?1[.-])?\d{3}[.-][0-9A-Za-z]{3}[.-][0-9A-Za-z]{4}(?![\w-])")   # 1-800-the-loss
# a short number standing alone: 911, 9-1-1, 988, a 5-6 digit text short code
_SHORT = re.compile(r"(?<![\w./+-])\d(?:-?\d){2,5}(?![\w/-]|[.,]\d|\s?%)")     # 100% is no number
# digits in groups of spaces, as a number is often written: 0 800 509 5439
_SPACED = re.compile(r"(?<![\w.+/-])\+?\d{1,4}(?: \d{2,5}){2,4}(?![\w/-]|[.]\d)")
_SPELLED = re.compile(r"^\d(?:-\d){2,5}$")      # 9-1-1: a short number spelled out to dial
# "Text HELP to 233733": the number to text, whatever it is
_TEXT_TO = re.compile(r"(?i)\b(?:text|txt|sms)\b[^\n]{0,40}?\bto\s+(\d{3,8})(?![\w-])")
_URL = re.compile(r"(?:https?://|www\.)[^\s<>\"]+", re.IGNORECASE)
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,}")
_TRAILING = ".,;:!?)]}'\""
_ADDRESS = re.compile(r"https?://|www\.|@", re.IGNORECASE)      # what _URL and _EMAIL need
# what a match of ``find`` may start with but a digit: a plus or an opening bracket (any width)
_LEADS = "+\uff0b(\uff08[\uff3b"


@dataclass(frozen=True)
class Line:
    """One place a catalogue line appears: the resource and its contact."""

    resource: Resource
    contact: Contact


@dataclass
class Known:
    """The catalogue's lines, by the ways they may be printed and encoded."""

    country: str
    forms: dict[str, list[Line]] = field(default_factory=dict)      # display, written, vanity, address
    numbers: dict[str, list[Line]] = field(default_factory=dict)    # dial form (E.164 or short)
    payloads: dict[str, list[Line]] = field(default_factory=dict)   # what a code or link carries
    signature: str = ""          # tells two catalogues' indexes apart, for caches
    leads: frozenset = frozenset(_LEADS)    # what a number may start with but a digit (may_run_on)


def known(catalogue: Catalogue) -> Known:
    index = Known(catalogue.catalogue.country)
    for _, resource in catalogue.resources():
        for contact in resource.contacts:
            line = Line(resource, contact)
            index.payloads.setdefault(contact.payload, []).append(line)
            forms = {contact.display}
            if contact.url is not None:         # an address may be printed without its scheme
                forms.add(contact.url.split("://", 1)[1])
            if contact.number is not None:
                index.numbers.setdefault(contact.number.dial, []).append(line)
                forms |= {_spaces(contact.number.written)} | ({contact.number.vanity} - {None})
            for form in forms:
                index.forms.setdefault(form, []).append(line)
    index.leads = frozenset(_LEADS) | {form[0] for form, lines in index.forms.items()
                                       if lines[0].contact.number is not None and not form[0].isdigit()}
    tables = [sorted((k, ids(v)) for k, v in table.items()) for table in (index.forms, index.numbers, index.payloads)]
    digest = hashlib.sha256(repr([index.country] + tables).encode())
    index.signature = digest.hexdigest()[:16]
    return index


@dataclass(frozen=True)
class Printed:
    """A number or address found in the text: what the catalogue says of it."""

    text: str                    # as printed
    kind: str                    # "number" or "address"
    lines: tuple[Line, ...]      # the catalogue lines it is (empty: none)
    problem: str | None = None   # None when it is printed as the catalogue has it


def scan(text: str, index: Known) -> list[Printed]:
    """Every number and address in ``text``, in reading order, each judged against ``index``."""
    return [printed for _, _, printed in find(text, index)]


def find(text: str, index: Known) -> list[tuple[int, int, Printed]]:
    """Every number and address in ``text`` with where it stands (start, end), in reading order.

    The text is read as a person would read it: digits of any script and width as digits,
    dots, underscores and dashes between digits as separators; a number written with letters
    that look like digits (``5O3``, ``8oo``), and a number in a text's page footer or after
    ``#`` (a unit, a store) are told apart (see ``_looks``, ``_masked``).
    """
    plain = _as_read(text)
    letters = _letters_as_digits(plain)
    if not _ADDRESS.search(plain) and not any(ch.isdigit() for ch in letters):
        return []       # every number has digits (or letters read as digits), every address its mark
    found = _find(plain, index)
    masked = _masked(plain)
    found = [(a, b, p) for a, b, p in found if not any(a < y and b > x for x, y in masked)]
    if letters != plain:
        seen = [(a, b) for a, b, _ in found]
        for a, b, p in _find(letters, index):
            changed = any(letters[i] != plain[i] for i in range(a, b))
            if changed and not any(a < y and b > x for x, y in seen):
                found.append((a, b, Printed(text[a:b], "number", (), f'"{text[a:b]}" writes letters where digits '
                                            f"belong ({_which(text[a:b])}); a reader dials {p.text}")))
    return sorted((_as_printed(text, plain, a, b, p) for a, b, p in found), key=lambda t: t[0])


def may_run_on(line: str, following: str, index: Known) -> bool:
    """Whether a number or an address could begin on ``line`` and run on into ``following`` (the
    next line, joined to it with or without a space); False only when none can.

    Every match ``find`` makes begins with a digit, a plus or an opening bracket (libphonenumber's
    candidates, the patterns here), the first character of a catalogue form, or lies in an
    address, which needs its mark (``https://``, ``www.``, ``@``) and holds no space. So nothing
    runs on from a line without a digit as ``find`` reads (``O``, ``o``, ``I``, ``l`` next to one;
    the last next to ``following``'s first), a lead, or an address mark in the two lines joined.
    """
    plain, after = _as_read(line), _as_read(following)
    if _ADDRESS.search(plain + after):
        return True
    # the line's last character is read as a digit next to the next line's first, joined without a space
    if plain[-1:] in _DIGIT_LIKE and after and (after[0].isdigit() or plain[-2:-1] in ("-", ".") and after[0] in "-."):
        return True
    return any(ch.isdigit() or ch in index.leads for ch in _letters_as_digits(plain))


def _as_printed(text: str, plain: str, a: int, b: int, printed: Printed) -> tuple[int, int, Printed]:
    """A finding named by the characters printed; read through look-alikes, it is printed another way."""
    raw = text[a:b]
    if raw == plain[a:b]:
        return a, b, printed
    if printed.problem is None:
        display = printed.lines[0].contact.display
        return a, b, Printed(raw, printed.kind, printed.lines, f'"{raw}" is {display} ({ids(printed.lines)}) printed '
                                                             f"with characters that only look like its digits or "
                                                             f"dashes; print {display}")
    return a, b, Printed(raw, printed.kind, printed.lines, printed.problem.replace(f'"{printed.text}"', f'"{raw}"', 1))


_DIGIT_LIKE = {"O": "0", "o": "0", "I": "1", "l": "1"}
_SEPARATORS = dict.fromkeys(map(ord, "\u00b7\u2027\u2219\u2022_\u2013\u2014\u2012\u2015\u2010\u2011\u2043\u2212"), "-")
_SPACES = dict.fromkeys(map(ord, "\u00a0\u2007\u2009\u202f\u2002\u2003\u3000"), " ")


def _as_read(text: str) -> str:
    """The text with every digit as an ASCII digit (fullwidth, Arabic-Indic ...) and look-alike
    separators and spaces as ``-`` and `` ``: one character for one, so positions hold."""
    out = []
    for ch in text.translate(_SEPARATORS).translate(_SPACES):
        digit = unicodedata.digit(ch, None) if not ch.isascii() else None
        out.append(str(digit) if digit is not None and unicodedata.category(ch) == "Nd" else ch)
    return "".join(out)


def _letters_as_digits(text: str) -> str:
    """O, o, I and l standing in a group of digits read as the digits they look like."""
    chars = list(text)
    for i, ch in enumerate(chars):
        if ch in _DIGIT_LIKE:
            before = text[i - 1] if i else ""
            after = text[i + 1] if i + 1 < len(text) else ""
            if before.isdigit() or after.isdigit() or (before != "" and after != "" and before in "-." and after in "-."):
                chars[i] = _DIGIT_LIKE[ch]
    return "".join(chars)


def _which(raw: str) -> str:
    letters = sorted({ch for ch in raw if ch in _DIGIT_LIKE})
    return ", ".join(f"{ch} for {_DIGIT_LIKE[ch]}" for ch in letters)


def _masked(text: str) -> list[tuple[int, int]]:
    """Where digits are not phone numbers: page footers ("Page 112 of 189", in any shipped
    language) and numbers after # or No. (a unit, a store: "Bus Terminal #933")."""
    spans = [m.span() for pattern in _footers() for m in pattern.finditer(text)]
    spans += [m.span(1) for m in _UNIT.finditer(text)]
    return spans


_UNIT = re.compile(r"(?:#|\bNo\.\s?|\bN[º°]\s?|\u2116\s?)(\d[\d-]*)")


@functools.cache
def _footers() -> tuple[re.Pattern, ...]:
    from printgen.language import strings

    out = []
    for tag in strings.available():
        found = strings.load(tag)
        template = found.words.get("page", ("", False))[0] if found else ""
        if "{page}" in template and "{pages}" in template:
            pattern = re.escape(template).replace(r"\{page\}", r"\d+").replace(r"\{pages\}", r"\d+")
            out.append(re.compile(pattern))
    return tuple(out)


def _find(text: str, index: Known) -> list[tuple[int, int, Printed]]:
    found: list[tuple[int, int, Printed]] = []
    taken: list[tuple[int, int]] = []

    def free(start: int, end: int) -> bool:
        return all(end <= a or start >= b for a, b in taken)

    def add(start: int, end: int, printed: Printed | None) -> None:
        if printed is not None:
            taken.append((start, end))
            found.append((start, end, printed))

    for match in _URL.finditer(text):
        address = match.group().rstrip(_TRAILING)
        add(match.start(), match.start() + len(address), _address(address, index))
    for match in _EMAIL.finditer(text):
        if free(match.start(), match.end()):
            add(match.start(), match.end(), _address(match.group(), index))
    for start, end, lines in _own_forms(text, index):
        if free(start, end):
            add(start, end, Printed(text[start:end], "number", lines))
    for match in PhoneNumberMatcher(text, index.country, leniency=Leniency.VALID):
        if free(match.start, match.end):
            add(match.start, match.end, _number(_balanced(_spaces(match.raw_string)), _dial(match.number), index))
    for match in _VANITY.finditer(text):
        if free(match.start(), match.end()) and re.search("[A-Za-z]", match.group()):
            add(match.start(), match.end(), _vanity(_spaces(match.group()), index))
    for match in _RUN.finditer(text):
        raw = match.group()
        if free(match.start(), match.end()) and not _DATE.match(raw) and len(re.sub(r"\D", "", raw)) >= 7:
            add(match.start(), match.end(), _run(raw, index))
    for match in _SPACED.finditer(text):
        raw = match.group()
        if free(match.start(), match.end()) and len(re.sub(r"\D", "", raw)) >= 8:
            add(match.start(), match.end(), _run(raw, index))
    for match in _SHORT.finditer(text):
        if free(match.start(), match.end()):
            digits = match.group().replace("-", "")
            if _is_short_number(digits, index):
                add(match.start(), match.end(), _number(match.group(), digits, index))
            elif _SPELLED.match(match.group()):          # 9-1-2: written as a number to dial
                add(match.start(), match.end(), Printed(match.group(), "number", (), f'"{match.group()}" is '
                    f"written as a number to dial but is not one in {index.country}{_nearest_short(digits, index)}"))
    for match in _TEXT_TO.finditer(text):
        if free(match.start(1), match.end(1)):
            add(match.start(1), match.end(1), _number(match.group(1), match.group(1), index))
    return sorted(found, key=lambda t: t[0])


_HOURS_AFTER = re.compile(r"\s+\d{1,2}/\d{1,2}(?!\d)")     # "0800 1111  24/7": the hours, not more digits


def _own_forms(text: str, index: Known):
    """The catalogue's numbers found exactly as it prints them, standing alone: a number the
    matcher would run on into the hours after it ("0800 1111 24/7") is still its own number.
    Digits or separators running on into it (before or after) make it part of something else."""
    found = {}
    for form, lines in index.forms.items():
        if form not in text or lines[0].contact.number is None or not any(ch.isdigit() for ch in form):
            continue
        for match in re.finditer(re.escape(form), text):
            found.setdefault(match.start(), (match.end(), tuple(lines)))
    for start, (end, lines) in sorted(found.items()):
        before, after = text[max(0, start - 1):start], text[end:]
        if before and (before.isalnum() or before in "+-./("):
            continue
        if after[:1].isalnum() or re.match(r"[-.]\d", after):
            continue
        gap = len(after) - len(after.lstrip())
        # more digits after a space: the hours, or another of the catalogue's numbers (pdfium joins
        # the captions of a sheet of cards on one line); anything else may be this number run on
        if re.match(r"\s*[-.]?\s*\d", after) and not _HOURS_AFTER.match(after) and end + gap not in found:
            continue
        yield start, end, lines


def _spaces(text: str) -> str:
    return " ".join(text.split())


def _balanced(raw: str) -> str:
    """(1-888-373-7888) is matched with its opening bracket: the bracket is not the number's."""
    if raw.startswith("(") and raw.count("(") > raw.count(")"):
        raw = raw[1:]
    if raw.endswith(")") and raw.count(")") > raw.count("("):
        raw = raw[:-1]
    return raw


def _dial(number: phonenumbers.PhoneNumber) -> str:
    return phonenumbers.format_number(number, PhoneNumberFormat.E164)


def _number(raw: str, dial: str, index: Known) -> Printed:
    exact = index.forms.get(raw)
    if exact:
        return Printed(raw, "number", tuple(exact))
    same = index.numbers.get(dial)
    if same:
        return Printed(raw, "number", tuple(same),
                       f'"{raw}" is {same[0].contact.display} ({ids(same)}) printed another way; '
                       f"print {same[0].contact.display}")
    return Printed(raw, "number", (), f'"{raw}" is not a number in the catalogue{_nearest(dial, index)}')


def _vanity(raw: str, index: Known) -> Printed | None:
    digits = phonenumbers.convert_alpha_characters_in_number(raw)
    try:
        parsed = phonenumbers.parse(digits, index.country)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(parsed):
        return None           # words that happen to follow three digits, not a number
    return _number(raw, _dial(parsed), index)


def _run(raw: str, index: Known) -> Printed:
    try:
        parsed = phonenumbers.parse(raw, index.country)
        if phonenumbers.is_valid_number(parsed):
            return _number(raw, _dial(parsed), index)
    except phonenumbers.NumberParseException:
        pass
    digits = re.sub(r"\D", "", raw)
    return Printed(raw, "number", (), f'"{raw}" looks like a phone number but is not a valid number in '
                                      f"{index.country}{_nearest(digits, index)}")


def _is_short_number(digits: str, index: Known) -> bool:
    if digits in index.numbers:
        return True
    if shortnumberinfo.is_emergency_number(digits, index.country):
        return True
    if len(digits) != 3:
        return False          # 2000 or 97204 are years and postcodes far more often than numbers
    try:
        return shortnumberinfo.is_valid_short_number_for_region(phonenumbers.parse(digits, index.country),
                                                                index.country)
    except phonenumbers.NumberParseException:
        return False


def _nearest_short(digits: str, index: Known) -> str:
    """ (did you mean 911?) for an emergency or catalogue short number one digit away."""
    candidates = [d for d in index.numbers if d.isdigit() and len(d) == len(digits)]
    candidates += [d for d in ("911", "112", "999", "000", "111", "110", "119", "988")
                   if len(d) == len(digits) and shortnumberinfo.is_emergency_number(d, index.country)]
    close = [d for d in dict.fromkeys(candidates) if sum(a != b for a, b in zip(d, digits)) == 1]
    return f"; did you mean {close[0]}?" if close else ""


def _address(address: str, index: Known) -> Printed:
    lines = index.forms.get(address) or index.forms.get(address.rstrip("/"))
    if lines:
        return Printed(address, "address", tuple(lines))
    return Printed(address, "address", (), f'"{address}" is not an address in the catalogue')


def _nearest(digits: str, index: Known) -> str:
    """ (did you mean ...?) for a catalogue number one or two digits away."""
    plain = re.sub(r"\D", "", digits)
    best = None
    for dial, lines in index.numbers.items():
        other = re.sub(r"\D", "", dial)
        for a, b in ((plain, other), (plain[-10:], other[-10:])):
            if len(a) == len(b) and len(a) >= 7:
                distance = sum(x != y for x, y in zip(a, b))
                if 0 < distance <= 2 and (best is None or distance < best[0]):
                    best = (distance, lines)
    if best is None:
        return ""
    return f"; did you mean {best[1][0].contact.display} ({ids(best[1])})?"


def ids(lines) -> str:
    """The resource ids of catalogue lines, each once: "ncmec-online-hotline, ncmec"."""
    return ", ".join(dict.fromkeys(line.resource.id for line in lines))
