"""The resource catalogue: its schema, loading, and the checks that span the whole file.

The shape is the contract in the README ("The catalogue"). Every number is parsed with
libphonenumber in ``catalogue.country``; display, dial and QR forms are derived here and
nowhere else.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Annotated, Literal
from urllib.parse import urlsplit, urlunsplit

from pydantic import (
    AfterValidator,
    Field,
    PrivateAttr,
    ValidationInfo,
    field_validator,
    model_validator,
)

from printgen.catalogue.phones import Number, parse_number
from printgen.source.schema import (
    Date,
    Identifier,
    LanguageTag,
    Model,
    PlainText,
    Text,
    invisible,
)

DEFAULT_PATH = Path("data/catalogue.yaml")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[A-Za-z]{2,}$")
_URL = re.compile(r"^(https?)://[^\s/$.?#][^\s]*$", re.IGNORECASE)
KINDS = ("phone", "sms", "url", "email")
EARLIEST = dt.date(2000, 1, 1)
MAX_URL = 1273          # bytes a QR code holds at every error correction level (version 40, H)
MAX_EMAIL = 254         # RFC 5321
MAX_KEYWORD = 160       # one SMS


def today() -> dt.date:
    """Today, or PRINTGEN_TODAY (YYYY-MM-DD) for reproducible runs and tests."""
    import os

    from printgen.errors import InputError

    fixed = os.environ.get("PRINTGEN_TODAY")
    if fixed:
        try:
            return dt.date.fromisoformat(fixed)
        except ValueError:
            raise InputError(f'PRINTGEN_TODAY: found "{fixed}"; expected a date written YYYY-MM-DD') from None
    return dt.date.today()


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

    @property
    def kind(self) -> str:
        return next(k for k in KINDS if getattr(self, k) is not None)

    @property
    def number(self) -> Number | None:
        return self._number

    @property
    def display(self) -> str:
        """What is printed: the number in house format, or the address (a website without its
        ``https://``, a leading ``www.`` or a lone trailing ``/``; its code and link keep the URL)."""
        if self._number is not None:
            return self._number.display
        if self.url is not None:
            return display_url(self.url)
        return self.email or ""

    @property
    def dial(self) -> str | None:
        return self._number.dial if self._number else None

    @property
    def payload(self) -> str:
        """What a QR code or a link carries."""
        if self.phone is not None:
            return self._number.tel
        if self.sms is not None:
            return f"SMSTO:{self._number.dial}:{self.keyword or ''}"
        if self.url is not None:
            return self.url
        return f"mailto:{self.email}"

    @property
    def identity(self) -> str:
        """Two contacts with the same identity are the same line, however written."""
        if self._number is not None:
            return f"{self.kind}:{self._number.dial}:{self.keyword or ''}"
        if self.email is not None:
            return f"email:{self.email.lower()}"
        parts = urlsplit(self.url)
        return f"url:{urlunsplit((parts.scheme.lower(), parts.netloc.lower(), parts.path or '/', parts.query, ''))}"


def display_url(url: str) -> str:
    """https://www.example.org/ -> example.org; https://example.org/help -> example.org/help."""
    rest = url.split("://", 1)[1]
    if rest.lower().startswith("www."):
        rest = rest[4:]
    if rest.endswith("/") and rest.count("/") == 1:
        rest = rest[:-1]
    return rest


def _country(info: ValidationInfo) -> str:
    return (info.context or {}).get("country", "US")


class Resource(Model):
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
        if self.status == "incomplete" and self.note is None:
            raise ValueError('status: incomplete needs a note saying what is missing')
        if self.status is None and not self.contacts:
            raise ValueError("has no contacts; add one, or mark it status: incomplete with a note")
        return self

    @property
    def complete(self) -> bool:
        return self.status is None


class Note(Model):
    id: Identifier
    title: Text
    body: Text
    tags: list[Identifier] = Field(default_factory=list)   # posting-law presets ask for notes by tag (indicators)
    status: Literal["incomplete"] | None = None
    note: Text | None = None

    @model_validator(mode="after")
    def _noted(self):
        if self.status == "incomplete" and self.note is None:
            raise ValueError("status: incomplete needs a note saying what is missing")
        return self


class Section(Model):
    id: Identifier
    title: Text
    intro: Text | None = None
    resources: list[Resource] = Field(default_factory=list)
    notes: list[Note] = Field(default_factory=list)


class Header(Model):
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
    catalogue: Header
    sections: list[Section] = Field(min_length=1)

    _file: str = PrivateAttr(default="")
    _roles: dict | None = PrivateAttr(default=None)
    _pairs: list | None = PrivateAttr(default=None)

    @property
    def header(self) -> Header:
        return self.catalogue

    @property
    def file(self) -> str:
        return self._file

    def resources(self) -> list[tuple[Section, Resource]]:
        """Every (section, resource) in catalogue order (built once: a loaded catalogue is not changed)."""
        if self._pairs is None:
            self._pairs = [(s, r) for s in self.sections for r in s.resources]
        return list(self._pairs)

    def resource(self, resource_id: str) -> Resource:
        for _, r in self.resources():
            if r.id == resource_id:
                return r
        raise KeyError(resource_id)

    def roles(self, resource: Resource) -> frozenset[str]:
        """The tags a layout selects on: the resource's own, and the roles it stands in for."""
        return self.role_map()[resource.id]

    def role_map(self) -> dict[str, frozenset[str]]:
        """resource id -> its roles (see ``roles``), for callers that look up many."""
        return self._role_table()[0]

    def stand_ins(self) -> dict[str, tuple[str, str]]:
        """Roles no resource is tagged with, and who stands in: role -> (resource id, why)."""
        return self._role_table()[1]

    def _role_table(self):
        """A catalogue that tags nothing still has an emergency line and a hotline.

        ``emergency``: any resource whose phone line libphonenumber knows as the country's
        emergency number. ``hotline``, when no resource carries it: the highest-priority complete
        phone line that is not an emergency line nor for officials (the first in the catalogue
        among equals). What stands in is recorded, so renders and validate can say so.
        """
        if self._roles is not None:
            return self._roles
        roles = {r.id: set(r.tags) for _, r in self.resources()}
        stand_ins: dict[str, tuple[str, str]] = {}
        tagged = {t for _, r in self.resources() for t in r.tags}
        for _, r in self.resources():
            if "emergency" not in roles[r.id] and any(c.number is not None and c.number.emergency
                                                      and c.kind == "phone" for c in r.contacts):
                roles[r.id].add("emergency")
                if "emergency" not in tagged:
                    stand_ins.setdefault("emergency", (r.id, "its number is the emergency number of "
                                                            f"{self.catalogue.country}"))
        if "hotline" not in tagged:
            pool = [(-r.priority, i, r) for i, (_, r) in enumerate(self.resources())
                    if r.complete and not roles[r.id] & {"emergency", "officials"}
                    and any(c.kind == "phone" for c in r.contacts)]
            if pool:
                best = min(pool, key=lambda t: t[:2])[2]
                roles[best.id].add("hotline")
                stand_ins["hotline"] = (best.id, "no resource is tagged hotline; it is the highest-priority "
                                                 "phone line that is not for emergencies or officials")
        self._roles = ({k: frozenset(v) for k, v in roles.items()}, stand_ins)
        return self._roles

    def verified_on(self, resource: Resource) -> dt.date:
        return resource.verified or self.catalogue.verified

    def review_due(self, resource: Resource) -> dt.date:
        return self.verified_on(resource) + dt.timedelta(days=self.catalogue.review_every_days)

    def lines(self) -> dict[str, list[tuple[Resource, Contact]]]:
        """Every distinct line (number or address) and the places it appears."""
        found: dict[str, list[tuple[Resource, Contact]]] = {}
        for _, r in self.resources():
            for c in r.contacts:
                found.setdefault(c.identity, []).append((r, c))
        return found
