"""Posting-law presets: the rendered output measured against a law's published figures.

A layout may declare ``requires:`` (the smallest sheet, the smallest text, the languages, the
lines that must be printed). Rendering measures what it composed (the same shapes the PDF
is drawn from) and refuses with every violation listed. This checks published figures; it
is not legal advice.
"""

from __future__ import annotations

from printgen.catalogue.model import Catalogue
from printgen.catalogue.phones import parse_number
from printgen.errors import InputError
from printgen.layout.law import Requires
from printgen.layout.model import Layout
from printgen.pages import TextRun
from printgen.units import format_length


def violations(layout: Layout, catalogue: Catalogue, shapes: list, page_size: tuple[float, float],
               languages: list[str], fell_back: list[str], venue: dict[str, str] | None = None) -> list[str]:
    """Every way the composed ``shapes`` miss what the layout's ``requires:`` prescribes."""
    req = layout.requires
    if req is None:
        return []
    runs = [s for s in shapes if isinstance(s, TextRun)]
    printed = " ".join(r.text for r in runs)
    found = _size(req, runs, page_size) + _languages(req, languages, fell_back, venue or {})
    found += _numbers(req, catalogue, runs, printed)
    found += _wording(req, runs, printed, languages)
    found += _notes(req, catalogue, printed, languages)
    found += _roles(req, catalogue, printed)
    return found


def _size(req: Requires, runs: list[TextRun], page_size: tuple[float, float]) -> list[str]:
    """The sheet and the smallest text, or any alternative size the law allows with its own font."""
    smallest = min(runs, key=lambda r: r.size) if runs else None

    def misses(sheet, font) -> list[str]:
        out = []
        if sheet is not None:
            need, have = sorted(sheet), sorted(page_size)
            if have[0] < need[0] - 0.5 or have[1] < need[1] - 0.5:
                out.append(f"the sheet is {format_length(page_size[0])} x {format_length(page_size[1])}; "
                           f"at least {format_length(sheet[0])} x {format_length(sheet[1])} is required")
        if font is not None and smallest is not None and smallest.size < font - 0.01:
            out.append(f'text is printed at {smallest.size:g}pt ("{smallest.text[:40]}"); every text must be '
                       f"at least {font:g}pt")
        return out

    first = misses(req.sheet, req.font)
    if first and any(not misses(a.sheet, a.font if a.font is not None else req.font) for a in req.alternatives):
        first = []
    elif first and req.alternatives:
        first[-1] += " (or " + ", or ".join(f"{format_length(a.sheet[0])} x {format_length(a.sheet[1])}"
                                            + (f" at {a.font:g}pt" if a.font else "") for a in req.alternatives) + ")"
    if req.orientation == "landscape" and page_size[0] < page_size[1]:
        first.append("the sheet is upright; the law asks for it wider than high (landscape)")
    return first


def _languages(req: Requires, languages: list[str], fell_back: list[str], venue: dict[str, str]) -> list[str]:
    found = []
    if req.languages:
        if req.one_language_per_sheet:
            if len(languages) != 1 or not set(languages) & set(req.languages):
                found.append(f"this sheet is in {'+'.join(languages)}; each sheet must be in one of "
                             f"{', '.join(req.languages)} (print one sheet per language)")
            if fell_back:
                found.append(f"{len(fell_back)} texts are not translated into {'+'.join(languages)} "
                             f"(e.g. {fell_back[0]}); the notice must be wholly in its language")
        else:
            missing = [lang for lang in req.languages if lang not in languages]
            if missing:
                found.append(f"the notice must be in {', '.join(req.languages)}; this render lacks "
                             f"{', '.join(missing)} (render with --lang {'+'.join(req.languages)})")
    county = venue.get("language")
    for lang in [lang for lang in req.languages + ([county] if county else []) if lang in languages]:
        untranslated = [name for name in fell_back if name.endswith(f" ({lang})")]
        if untranslated and not req.one_language_per_sheet:
            found.append(f"{len(untranslated)} texts are not translated into {lang} (e.g. {untranslated[0]}); "
                         f"the notice must be in {lang}: add the translations to the catalogue or the strings")
    if req.county_language and county and county not in languages:
        found.append(f"the venue's county language ({county}) must be on the notice too "
                     f"(render with --lang {'+'.join(req.languages + [county])})")
    return found


def _numbers(req: Requires, catalogue: Catalogue, runs: list[TextRun], printed: str) -> list[str]:
    found = []
    country = req.jurisdiction[:2]          # the law's own numbers are read where the law holds
    for number in req.numbers:
        wanted = parse_number(number, country)
        lines = [r for r in runs if r.link and r.link.endswith(wanted.dial) and wanted.display in r.text]
        if not lines:
            in_catalogue = any(c.dial == wanted.dial for _, r in catalogue.resources() for c in r.contacts)
            why = "" if in_catalogue else " (the catalogue has no such line: add it there)"
            found.append(f"{number} must be printed{why}")
        elif req.bold_numbers and not any(r.font == "bold" for r in lines):
            found.append(f"{number} must be printed in bold type")
    if req.text_line and not any(r.link and r.link.startswith("SMSTO:") for r in runs):
        found.append("a number to text must be printed (the catalogue has no sms line this layout selects)")
    return found


def _flat(text: str) -> str:
    return " ".join(text.split())


def _wording(req: Requires, runs: list[TextRun], printed: str, languages: list[str]) -> list[str]:
    """The statute's own words, verbatim (spacing and line breaks aside), in bold where the law says so."""
    found = []
    flat = _flat(printed)
    for lang in [lang for lang in languages if req.wording and lang in req.wording]:
        words = _flat(req.wording[lang])
        if words not in flat:
            found.append(f'the prescribed wording ({lang}) must be printed verbatim ("{words[:40]}...")')
        elif req.bold_wording:
            light = [r for r in runs if len(r.text.strip()) > 8 and _flat(r.text) in words and r.font != "bold"]
            if light:
                found.append(f'the prescribed wording must be in bold type ("{light[0].text[:40]}" is not)')
    return found


def _notes(req: Requires, catalogue: Catalogue, printed: str, languages: list[str]) -> list[str]:
    found = []
    flat = _flat(printed)
    lang = catalogue.catalogue.language
    for tag in req.notes:
        notes = [n for s in catalogue.sections for n in s.notes if tag in n.tags and n.status is None]
        if not notes:
            found.append(f"a note tagged {tag} must be printed (the catalogue has none: add it there)")
        elif not any(_flat(n.body.get(languages[0]) or n.body[lang]) in flat for n in notes):
            found.append(f"the note {notes[0].id} ({tag}) must be printed")
    return found


def _roles(req: Requires, catalogue: Catalogue, printed: str) -> list[str]:
    found = []
    for tag in req.roles:
        lines = [c.display for _, r in catalogue.resources() if r.complete and tag in catalogue.roles(r)
                 for c in r.contacts]
        if not lines:
            found.append(f"a line tagged {tag} must be printed (the catalogue has none: add it there)")
        elif not any(line in printed for line in lines):
            found.append(f"a line tagged {tag} must be printed ({lines[0]})")
    return found


def outside(layout: Layout, catalogue: Catalogue) -> str | None:
    """Why a posting-law preset does not apply to this catalogue's place (None: it may)."""
    req = layout.requires
    if req is None:
        return None
    header = catalogue.catalogue
    where = header.subdivision or header.country
    if req.jurisdiction[:2] != header.country or (header.subdivision and len(req.jurisdiction) > 2
                                                   and req.jurisdiction != header.subdivision):
        return (f"a posting-law preset for {req.jurisdiction} ({req.law}); the catalogue is for {where}, "
                "so it does not apply")
    if len(req.jurisdiction) > 2 and not header.subdivision:
        return (f"a posting-law preset for {req.jurisdiction} ({req.law}); the catalogue names no state "
                f"(add subdivision: {req.jurisdiction} to its header to build it)")
    return None


class RequirementsNotMet(InputError):
    """The output does not meet its layout's posting-law figures (exit status 2)."""


def enforce(layout: Layout, problems: list[str]) -> None:
    if problems:
        raise RequirementsNotMet(f"{layout.file}: {layout.requires.law}: {len(problems)} requirements not met "
                         "(checks the published figures; not legal advice): " + "; ".join(problems))
