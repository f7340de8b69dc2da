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
from printgen.layout.model import Layout
from printgen.pages import TextRun
from printgen.units import format_length


def violations(layout: Layout, catalogue: Catalogue, shapes: list, page_size: tuple[float, float],
               languages: list[str], fell_back: list[str]) -> list[str]:
    """Every way the composed ``shapes`` miss the layout's ``requires:`` figures."""
    req = layout.requires
    if req is None:
        return []
    found: list[str] = []
    runs = [s for s in shapes if isinstance(s, TextRun)]
    if req.sheet is not None:
        need, have = sorted(req.sheet), sorted(page_size)
        if have[0] < need[0] - 0.5 or have[1] < need[1] - 0.5:
            found.append(f"the sheet is {format_length(page_size[0])} x {format_length(page_size[1])}; "
                         f"at least {format_length(req.sheet[0])} x {format_length(req.sheet[1])} is required")
    if req.font is not None and runs:
        smallest = min(runs, key=lambda r: r.size)
        if smallest.size < req.font - 0.01:
            found.append(f'text is printed at {smallest.size:g}pt ("{smallest.text[:40]}"); every text must be '
                         f"at least {req.font:g}pt")
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
    printed = " ".join(r.text for r in runs)
    country = req.jurisdiction[:2]          # the law's own numbers are read where the law holds
    for number in req.numbers:
        wanted = parse_number(number, country)
        if wanted.display not in printed:
            in_catalogue = any(c.dial == wanted.dial for _, r in catalogue.resources() for c in r.contacts)
            why = "" if in_catalogue else " (the catalogue has no such line: add it there)"
            found.append(f"{number} must be printed{why}")
    if req.text_line:
        texted = any(r.link and r.link.startswith("SMSTO:") for r in runs)
        if not texted:
            found.append("a number to text must be printed (the catalogue has no sms line this layout selects)")
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
