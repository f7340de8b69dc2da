"""The catalogue's schema: what pydantic checks when a catalogue file is read (its records, what
commands use, are ``printgen.catalogue.model``'s).

The shape is the contract in the README ("The catalogue"). Every number is parsed with
libphonenumber (``printgen.catalogue.phones``) as it validates; the parsed number is kept with
its contact, and display, dial and QR forms are derived from it in ``printgen.catalogue.model``.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Literal
from urllib.parse import urlsplit

from pydantic import (
    AfterValidator,
    Field,
    PrivateAttr,
    ValidationInfo,
    field_validator,
    model_validator,
)

from printgen.catalogue import model as runtime
from printgen.catalogue.model import KINDS, today
from printgen.catalogue.phones import Number, parse_number
from printgen.source.checks import invisible
from printgen.source.schema import (
    Date,
    Identifier,
    LanguageTag,
    Model,
    PlainText,
    Text,
)

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[A-Za-z]{2,}$")
_URL = re.compile(r"^(https?)://[^\s/$.?#][^\s]*$", re.IGNORECASE)
EARLIEST = dt.date(2000, 1, 1)
MAX_URL = 1273          # bytes a QR code holds at every error correction level (version 40, H)
MAX_EMAIL = 254         # RFC 5321
MAX_KEYWORD = 160       # one SMS


def _checked_on(value: dt.date | None) -> dt.date | None:
    """A date an editor checked entries on: not in the future (a day's grace for time zones)
    and not before 2000; a typo such as 2062 for 2026 would switch the review refusal off."""
    if value is None:
        return value
    now = today()
    if value > now + dt.timedelta(days=1):
        raise ValueError(f"{value} is in the future (today is {now}); write the day the entries were checked")
    if value < EARLIEST:
        raise ValueError(f"{value} is before {EARLIEST}; write the day the entries were checked")
    return value


CheckedOn = Annotated[Date, AfterValidator(_checked_on)]


def _one_sms(value: str) -> str:
    if len(value) > MAX_KEYWORD:
        raise ValueError(f"is {len(value)} characters long; a keyword to text fits one SMS ({MAX_KEYWORD})")
    return value


class Contact(Model):
    """One way to reach a resource: exactly one of phone, sms, url or email."""

    __runtime__ = runtime.Contact

    phone: str | None = None
    sms: str | None = None
    keyword: Annotated[PlainText, AfterValidator(_one_sms)] | None = None
    url: str | None = None
    email: str | None = None
    label: Text | None = None
    hours: PlainText | None = None
    languages: list[LanguageTag] = Field(default_factory=list)
    anonymous: bool = False

    _number: Number | None = PrivateAttr(default=None)

    @model_validator(mode="before")
    @classmethod
    def _one_kind(cls, data):
        if isinstance(data, dict):
            if set(data) - set(cls.model_fields):
                return data          # an unknown key (a typo such as phnoe) is reported as such first
            present = [k for k in KINDS if data.get(k) is not None]
            if len(present) != 1:
                found = " and ".join(present) if present else "none of them"
                raise ValueError(f"a contact needs exactly one of phone, sms, url, email; found {found}")
            if "keyword" in data and present != ["sms"]:
                raise ValueError("keyword goes only with sms; remove it or make the contact an sms")
        return data

    @field_validator("phone", "sms")
    @classmethod
    def _number_valid(cls, value: str | None, info: ValidationInfo):
        if value is not None:      # a short code (for texting) is accepted only for sms
            parse_number(value, _country(info), allow_short_codes=info.field_name == "sms")
        return value

    @field_validator("url")
    @classmethod
    def _url(cls, value: str | None):
        if value is None:
            return value
        bad = invisible(value) or next((ch for ch in value if ch.isspace()), None)
        if bad is not None:
            what = "a space" if bad == " " else f"the invisible character U+{ord(bad):04X}"
            raise ValueError(f'"{value.strip()}" holds {what}; an address is written without it')
        if len(value.encode("utf-8")) > MAX_URL:
            raise ValueError(f"is {len(value.encode('utf-8'))} bytes long; a QR code holds at most {MAX_URL}: "
                             "use a shorter address")
        if not _URL.fullmatch(value):
            scheme = value.split(":", 1)[0] if ":" in value else ""
            what = f'the scheme "{scheme}:"' if scheme and ":" in value else f'"{value}"'
            raise ValueError(f"{what} is not accepted; expected an https:// (or http://) address")
        from printgen.catalogue.addresses import address_problem     # validating only: not for a cached file

        problem = address_problem(urlsplit(value).hostname or "")
        if problem:
            raise ValueError(problem)
        return value

    @field_validator("email")
    @classmethod
    def _email(cls, value: str | None):
        if value is None:
            return value
        if len(value) > MAX_EMAIL:
            raise ValueError(f"is {len(value)} characters long; an email address has at most {MAX_EMAIL}")
        if invisible(value) or not _EMAIL.fullmatch(value):
            raise ValueError(f'"{value}" is not an email address; expected name@example.org')
        from printgen.catalogue.addresses import address_problem

        local, domain = value.rsplit("@", 1)
        problem = address_problem(domain, "email domain") or address_problem(local, "email name")
        if problem:
            raise ValueError(problem)
        return value

    @model_validator(mode="after")
    def _derive(self, info: ValidationInfo):
        if self.phone is not None:
            self._number = parse_number(self.phone, _country(info))
        elif self.sms is not None:
            self._number = parse_number(self.sms, _country(info), allow_short_codes=True)
        return self


def _country(info: ValidationInfo) -> str:
    return (info.context or {}).get("country", "US")


def _noted(item):
    """A resource or note marked incomplete says what is missing."""
    if item.status == "incomplete" and item.note is None:
        raise ValueError("status: incomplete needs a note saying what is missing")
    return item


class Resource(Model):
    __runtime__ = runtime.Resource

    id: Identifier
    name: Text
    description: Text | None = None
    contacts: list[Contact] = Field(default_factory=list)
    tags: list[Identifier] = Field(default_factory=list)
    priority: int = 0
    verified: CheckedOn | None = None
    status: Literal["incomplete"] | None = None
    note: Text | None = None

    @model_validator(mode="after")
    def _complete_or_noted(self):
        _noted(self)
        if self.status is None and not self.contacts:
            raise ValueError("has no contacts; add one, or mark it status: incomplete with a note")
        return self


class Note(Model):
    __runtime__ = runtime.Note

    id: Identifier
    title: Text
    body: Text
    tags: list[Identifier] = Field(default_factory=list)   # posting-law presets ask for notes by tag (indicators)
    status: Literal["incomplete"] | None = None
    note: Text | None = None

    @model_validator(mode="after")
    def _noted(self):
        return _noted(self)


class Section(Model):
    __runtime__ = runtime.Section

    id: Identifier
    title: Text
    intro: Text | None = None
    resources: list[Resource] = Field(default_factory=list)
    notes: list[Note] = Field(default_factory=list)


class Header(Model):
    __runtime__ = runtime.Header

    id: Identifier
    title: Text
    region: Text
    country: str
    subdivision: str | None = None      # ISO 3166-2, e.g. US-OR: which state's posting laws apply
    language: LanguageTag
    languages: list[LanguageTag] = Field(min_length=1)
    verified: CheckedOn
    review_every_days: int = Field(gt=0, le=3650)
    source: PlainText | None = None

    @field_validator("languages")
    @classmethod
    def _once_each(cls, value: list[str]) -> list[str]:
        twice = sorted({lang for lang in value if value.count(lang) > 1})
        if twice:
            raise ValueError(f"lists {', '.join(twice)} more than once; list each language once")
        return value

    @model_validator(mode="after")
    def _subdivision_in_country(self):
        sub = self.subdivision
        if sub is not None and not re.fullmatch(rf"{self.country}-[A-Z0-9]{{1,3}}", sub):
            raise ValueError(f'subdivision "{sub}" is not an ISO 3166-2 code of {self.country}; '
                             f"expected e.g. {self.country}-XX")
        return self

    @field_validator("country")
    @classmethod
    def _country(cls, value: str) -> str:
        import phonenumbers

        if value not in phonenumbers.SUPPORTED_REGIONS:
            raise ValueError(f'found "{value}"; expected an ISO 3166-1 alpha-2 country code such as US, CA, GB')
        return value


class Catalogue(Model):
    __runtime__ = runtime.Catalogue

    catalogue: Header
    sections: list[Section] = Field(min_length=1)
