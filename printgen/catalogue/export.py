"""The normalised catalogue as plain data, for `printgen export` and other tools."""

from __future__ import annotations

from printgen.catalogue.model import Catalogue, Contact
from printgen.source.record import plain


def _contact(c: Contact) -> dict:
    out = {"kind": c.kind, "written": c.number.written if c.number else c.display,
           "display": c.display, "payload": c.payload}
    if c.number:
        out["dial"] = c.number.dial
        out["short"] = c.number.short
        if c.number.vanity:
            out["vanity"] = c.number.vanity
    for key in ("keyword", "label", "hours", "anonymous"):
        value = getattr(c, key)
        if value:
            out[key] = value
    if c.languages:
        out["languages"] = list(c.languages)
    return out


def to_plain(catalogue: Catalogue) -> dict:
    header = plain(catalogue.catalogue)            # the header's fields, in the schema's order
    sections = []
    for s in catalogue.sections:
        section = {"id": s.id, "title": s.title, "resources": [], "notes": []}
        if s.intro:
            section["intro"] = s.intro
        for r in s.resources:
            res = {"id": r.id, "name": r.name, "status": "incomplete" if not r.complete else "complete",
                   "tags": list(r.tags), "priority": r.priority,
                   "verified": catalogue.verified_on(r).isoformat(),
                   "contacts": [_contact(c) for c in r.contacts]}
            for key in ("description", "note"):
                if getattr(r, key):
                    res[key] = getattr(r, key)
            section["resources"].append(res)
        for n in s.notes:
            section["notes"].append({"id": n.id, "title": n.title, "body": n.body})
        sections.append(section)
    return {"catalogue": header, "sections": sections}
