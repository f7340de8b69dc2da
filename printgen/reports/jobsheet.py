"""A posting-law preset's job sheet: a small text file beside its PDF, for whoever posts the
notice: what it is, the law and where its text was read, who must post it, where, in which
languages, what printgen did not check, and that this is not legal advice.

Who must post and where go on the job sheet, never on the notice.
"""

from __future__ import annotations

from pathlib import Path

from printgen.catalogue.model import Catalogue
from printgen.layout.model import Layout
from printgen.output import write_atomic

NOT_LEGAL_ADVICE = ("Not legal advice. printgen checks the figures and wording of the law's text as it was read on "
                    "the date above; laws change. Confirm against the current statute, or ask the agency that "
                    "enforces it, before relying on this notice.")


def job_sheet_path(pdf: Path) -> Path:
    return Path(f"{pdf}.txt")


def job_sheet(layout: Layout, catalogue: Catalogue, pdf: Path, lang: str, venue: dict[str, str]) -> str:
    """The job sheet's text for a preset rendered to ``pdf`` in ``lang`` (``en+es``)."""
    req = layout.requires
    where = req.jurisdiction + (f", {req.city}" if req.city else "")
    lines = [f"Job sheet for {pdf.name}", "",
             f"What it is: {layout.description}",
             f"Law: {req.law}" + (f" ({req.citation})" if req.citation else "") + f"; where it holds: {where}",
             f"Text read at: {req.source or 'no source recorded'}"
             + (f", checked on {req.checked.isoformat()}" if req.checked else ""),
             f"Catalogue: {catalogue.catalogue.id}, verified {catalogue.catalogue.verified.isoformat()}",
             f"Printed in: {lang}", ""]
    lines += _list("Who must post it", req.who)
    lines += _list("Where to post it", req.placement)
    languages = []
    if req.languages:
        how = "one sheet per language: print each" if req.one_language_per_sheet else "on the notice"
        languages.append(f"{', '.join(req.languages)} ({how})")
    if req.county_language:
        county = venue.get("language")
        languages.append(f"the county's Voting Rights Act language: {county} (given for this venue)" if county else
                         "the county's Voting Rights Act language, if your county has one: printgen cannot know "
                         "your county; render again with --county-language LANG")
    lines += _list("Languages the law asks for", languages)
    lines += _list("What printgen does not check or print", list(req.unchecked))
    lines += [NOT_LEGAL_ADVICE, ""]
    return "\n".join(lines)


def _list(title: str, items: list[str]) -> list[str]:
    if not items:
        return []
    return [f"{title}:"] + [f"  - {item}" for item in items] + [""]


def write_job_sheet(layout: Layout, catalogue: Catalogue, pdf: Path, lang: str, venue: dict[str, str],
                    durable: bool = True) -> Path | None:
    """Write the job sheet beside ``pdf`` for a posting-law preset (None for any other layout)."""
    if layout.requires is None:
        return None
    path = job_sheet_path(pdf)
    write_atomic(path, job_sheet(layout, catalogue, pdf, lang, venue).encode("utf-8"), durable)
    return path
