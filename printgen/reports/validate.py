"""What `printgen validate` says about a catalogue: counts, coverage, incomplete entries, warnings."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from printgen.catalogue.load import texts
from printgen.catalogue.model import Catalogue
from printgen.catalogue.review import stale_entries
from printgen.language import strings


@dataclass(frozen=True)
class Report:
    lines: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


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
    all_texts = [(name, text) for _, name, text in texts(catalogue)]
    for lang in header.languages:
        missing = [name for name, text in all_texts if lang not in text]
        out.append(f"language {lang}: {len(all_texts) - len(missing)} of {len(all_texts)} texts")
        if missing and lang != header.language:
            warnings.append(f"language {lang}: {len(missing)} texts fall back to {header.language}: "
                            + ", ".join(missing[:5]) + (" ..." if len(missing) > 5 else ""))
    strings_lines, strings_warnings = strings_report(header.languages)
    out += strings_lines
    warnings += strings_warnings
    out.append(f"incomplete: {len(incomplete)}")
    for r in incomplete:
        out.append(f"  {r.id}: {r.note[header.language] if header.language in r.note else next(iter(r.note.values()))}")
    for s in stale_entries(catalogue, today):
        warnings.append(f"{s.resource_id}: verified {s.verified}, review was due {s.due}; check it and update verified")
    return Report(out, warnings)


def strings_report(languages: list[str]) -> tuple[list[str], list[str]]:
    """printgen's own words (data/strings) for each language: how many, how many unreviewed."""

    lines, warnings = [], []
    for lang in languages:
        found = strings.for_language(lang)
        if found is None:
            missing = strings.shown(strings.path_of(lang))
            warnings.append(f"strings {lang}: no {missing}; printgen's own words fall back to {strings.REFERENCE}")
            continue
        drafts = found.unreviewed()
        lines.append(f"strings {lang}: {found.count} words and texts in {found.file}"
                     + (f", {len(drafts)} unreviewed" if drafts else ""))
        if drafts:
            warnings.append(f"strings {lang}: {len(drafts)} of {found.count} translations in {found.file} are "
                            "unreviewed drafts; have a native speaker check them and mark them reviewed: true")
    return lines, warnings
