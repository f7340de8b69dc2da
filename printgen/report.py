"""What `printgen validate` says about a catalogue: counts, coverage, incomplete entries, warnings."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from printgen.catalogue import Catalogue, stale_entries


@dataclass(frozen=True)
class Report:
    lines: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def texts_of(catalogue: Catalogue):
    """Every translatable text of the catalogue, with a readable place name."""
    header = catalogue.catalogue
    yield "catalogue.title", header.title
    yield "catalogue.region", header.region
    for section in catalogue.sections:
        yield f"{section.id}.title", section.title
        if section.intro:
            yield f"{section.id}.intro", section.intro
        for res in section.resources:
            yield f"{res.id}.name", res.name
            if res.description:
                yield f"{res.id}.description", res.description
            for i, contact in enumerate(res.contacts):
                if contact.label:
                    yield f"{res.id}.contacts.{i}.label", contact.label
        for note in section.notes:
            yield f"{note.id}.title", note.title
            yield f"{note.id}.body", note.body


def validate_report(catalogue: Catalogue, today: dt.date) -> Report:
    header = catalogue.catalogue
    resources = [r for _, r in catalogue.resources()]
    incomplete = [r for r in resources if not r.complete]
    lines = catalogue.lines()
    notes = sum(len(s.notes) for s in catalogue.sections)
    out = [
        f"{catalogue.file}: catalogue {header.id} ({header.region[header.language]}, {header.country})",
        f"sections: {len(catalogue.sections)}; resources: {len(resources)} "
        f"({len(resources) - len(incomplete)} complete, {len(incomplete)} incomplete); notes: {notes}",
        f"lines: {len(lines)} distinct numbers and addresses",
    ]
    warnings: list[str] = []
    for places in lines.values():
        written = sorted({c.number.written if c.number else c.display for _, c in places})
        if len(places) > 1:
            out.append(f"  {places[0][1].display}: one line, in {', '.join(r.id for r, _ in places)}"
                       + (f" (written {' and '.join(repr(w) for w in written)})" if len(written) > 1 else ""))
    texts = list(texts_of(catalogue))
    for lang in header.languages:
        missing = [name for name, text in texts if lang not in text]
        out.append(f"language {lang}: {len(texts) - len(missing)} of {len(texts)} texts")
        if missing and lang != header.language:
            warnings.append(f"language {lang}: {len(missing)} texts fall back to {header.language}: "
                            + ", ".join(missing[:5]) + (" ..." if len(missing) > 5 else ""))
    out.append(f"incomplete: {len(incomplete)}")
    for r in incomplete:
        out.append(f"  {r.id}: {r.note[header.language] if header.language in r.note else next(iter(r.note.values()))}")
    for s in stale_entries(catalogue, today):
        warnings.append(f"{s.resource_id}: verified {s.verified}, review was due {s.due}; check it and update verified")
    return Report(out, warnings)
