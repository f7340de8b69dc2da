"""What `printgen validate` says about a catalogue: counts, coverage, incomplete entries, warnings."""

from __future__ import annotations

import datetime as dt
import unicodedata
from dataclasses import dataclass, field

from printgen.catalogue.load import texts
from printgen.catalogue.model import Catalogue
from printgen.catalogue.review import stale_entries
from printgen.language import strings
from printgen.text.fonts import family_for


@dataclass(frozen=True)
class Report:
    lines: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def validate_report(catalogue: Catalogue, today: dt.date, library: strings.Library = strings.SHIPPED) -> Report:
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
    strings_lines, strings_warnings = strings_report(header.languages, library)
    glyph_lines, glyph_warnings = glyph_report(catalogue, all_texts, library)
    strings_lines += glyph_lines
    strings_warnings += glyph_warnings
    out += strings_lines
    warnings += strings_warnings
    out.append(f"incomplete: {len(incomplete)}")
    for r in incomplete:
        out.append(f"  {r.id}: {r.note[header.language] if header.language in r.note else next(iter(r.note.values()))}")
    for s in stale_entries(catalogue, today):
        warnings.append(f"{s.resource_id}: verified {s.verified}, review was due {s.due}; check it and update verified")
    return Report(out, warnings)


def strings_report(languages: list[str], library: strings.Library = strings.SHIPPED) -> tuple[list[str], list[str]]:
    """printgen's own words for each language (the user's strings folder first, then the shipped
    ones): how many, in which files, and which are unreviewed drafts."""
    lines, warnings = [], []
    for lang in languages:
        files = library.files(lang)
        if not files:
            missing = strings.shown(strings.path_of(lang))
            warnings.append(f"strings {lang}: no {missing}; printgen's own words fall back to {strings.REFERENCE}")
            continue
        for found in files:
            drafts = found.unreviewed()
            lines.append(f"strings {lang}: {found.count} words and texts in {found.file}"
                         + (f", {len(drafts)} unreviewed" if drafts else ""))
            if drafts:
                warnings.append(f"strings {lang}: {len(drafts)} of {found.count} translations in {found.file} are "
                                "unreviewed drafts; have a native speaker check them and mark them reviewed: true")
    return lines, warnings


def glyph_report(catalogue: Catalogue, all_texts, library: strings.Library) -> tuple[list[str], list[str]]:
    """Per catalogue language: does every character of its texts (the catalogue's and printgen's
    own words) have a glyph in a shipped font? Said before a campaign is planned, not at print."""
    lines, warnings = [], []
    for lang in catalogue.catalogue.languages:
        pieces = [(name, text[lang]) for name, text in all_texts if lang in text]
        for found in library.files(lang):
            pieces += [(f"{found.file} {key}", value) for key, (value, _) in
                       list(found.words.items()) + list(found.texts.items())]
        missing: dict[str, str] = {}
        for name, value in pieces:
            for ch in unicodedata.normalize("NFC", value):
                if ch not in missing and not ch.isspace() and unicodedata.category(ch) != "Cf" \
                        and (family_for(ch, "regular") is None or family_for(ch, "bold") is None):
                    missing[ch] = name
        if missing:
            shown = ", ".join(f"U+{ord(ch):04X} {unicodedata.name(ch, '?')} ({where})"
                              for ch, where in list(missing.items())[:5])
            warnings.append(f"fonts {lang}: {len(missing)} characters have no glyph in any shipped font: {shown}; "
                            "a text holding them cannot be printed")
        else:
            lines.append(f"fonts {lang}: every character of its {len(pieces)} texts prints")
    return lines, warnings
