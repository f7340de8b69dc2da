"""The resource catalogue as commands read it: records (``printgen.source.record``) made from
what ``printgen.catalogue.schema`` validated, and the lookups that span the whole file.

The shape is the contract in the README ("The catalogue"). Every number was parsed with
libphonenumber when the file was validated; display, dial and QR forms are derived here and
nowhere else.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from printgen.catalogue.phones import Number
from printgen.source.record import Record

DEFAULT_PATH = Path("data/catalogue.yaml")
KINDS = ("phone", "sms", "url", "email")


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


class Contact(Record):
    """One way to reach a resource: exactly one of phone, sms, url or email (and its number,
    parsed when the file was validated)."""

    _number: Number | None = None

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


class Resource(Record):
    """A hotline, a tip line, a service: its name, contacts, tags and review date."""

    @property
    def complete(self) -> bool:
        return self.status is None


class Note(Record):
    """Short information (T-Visa eligibility, signs of trafficking): a title and a body."""


class Section(Record):
    """A titled group of resources and notes."""


class Header(Record):
    """The catalogue's own fields: title, region, country, languages, when it was checked."""


class Catalogue(Record):
    """A whole catalogue (fields: ``catalogue``, the header, and ``sections``)."""

    _file: str = ""
    _roles: tuple | None = None
    _pairs: list | None = None

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
