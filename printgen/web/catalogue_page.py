"""What the catalogue page shows: the catalogue's sections, resources and numbers as printgen
prints them, when each was verified and is due for review, its incomplete entries, and
validate's warnings."""

from __future__ import annotations

import datetime as dt

from printgen.catalogue.review import today
from printgen.language.pick import Language
from printgen.reports.validate import validate_report
from printgen.web.choices import Site

SOON = 30          # days before a review is due when the page says it is due soon


def catalogue_view(site: Site) -> dict:
    catalogue = site.catalogue
    header = catalogue.catalogue
    language = Language(header.language, header.language)
    pick = lambda text, what="": language.pick(text, what) if text else ""      # noqa: E731
    now = today()
    sections = []
    for section in catalogue.sections:
        resources = []
        for r in section.resources:
            due = catalogue.review_due(r)
            resources.append({
                "id": r.id, "name": pick(r.name), "description": pick(r.description), "complete": r.complete,
                "note": pick(r.note), "tags": sorted(catalogue.roles(r) | set(r.tags)), "priority": r.priority,
                "verified": catalogue.verified_on(r).isoformat(), "due": due.isoformat(), "state": _state(due, now),
                "contacts": [{"kind": c.kind, "display": c.display, "label": pick(c.label), "hours": c.hours or ""}
                             for c in r.contacts]})
        sections.append({"id": section.id, "title": pick(section.title), "intro": pick(section.intro),
                         "resources": resources, "notes": [pick(n.title) for n in section.notes]})
    due = header.verified + dt.timedelta(days=header.review_every_days)
    report = validate_report(catalogue, now)
    return {"header": header, "title": pick(header.title), "region": pick(header.region), "sections": sections,
            "due": due.isoformat(), "due_state": _state(due, now), "today": now.isoformat(),
            "incomplete": [r for s in sections for r in s["resources"] if not r["complete"]],
            "summary": report.lines[1:3], "warnings": report.warnings, "file": catalogue.file}


def _state(due: dt.date, now: dt.date) -> str:
    if due < now:
        return "past its review date"
    if (due - now).days <= SOON:
        return "due for review soon"
    return "current"
