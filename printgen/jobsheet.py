"""The job sheet: a small text file beside a PDF (``cards.pdf`` -> ``cards.job.txt``) for the
people who handle the paper, one sheet with a section for each:

- **Printing** (a print-shop file, ``--print-shop``): what to make: sizes, bleed, paper,
  quantity, duplex, colours and inks, the output intent, the verified date, whether the file was
  read back and checked.
- **Posting** (a posting-law preset): what the notice is, the law and where its text was read,
  who must post it, where, in which languages, what printgen did not check, and that this is not
  legal advice. Who must post and where go on the job sheet, never on the notice.

A PDF that is neither has no job sheet.
"""

from __future__ import annotations

from pathlib import Path

from printgen.colors import to_cmyk
from printgen.layout.model import Layout
from printgen.output import write_atomic
from printgen.pages import QRMark, Rect, Rule, TextRun
from printgen.printshop import NOTICE, PrintShop
from printgen.units import format_length, parse_length

NOT_LEGAL_ADVICE = ("Not legal advice. printgen checks the figures and wording of the law's text as it was read on "
                    "the date above; laws change. Confirm against the current statute, or ask the agency that "
                    "enforces it, before relying on this notice.")


def job_sheet_path(pdf) -> Path:
    """cards.pdf -> cards.job.txt, beside it."""
    pdf = Path(pdf)
    return pdf.with_name(pdf.stem + ".job.txt")


def job_sheet(laid_out, catalogue, file_name: str, lang: str, venue: dict[str, str], checked: bool = True,
              posting: bool = True) -> str | None:
    """The job sheet's text for ``laid_out`` written as ``file_name`` in ``lang`` (``en+es``), or
    None when nobody needs one. ``posting``: include a preset's posting section (not for a
    combined file of many venues)."""
    sections = []
    if laid_out.print_shop is not None:
        sections.append(_printing(laid_out, laid_out.print_shop, catalogue, checked))
    if posting and laid_out.layout.requires is not None:
        sections.append(_posting(laid_out.layout, catalogue, lang, venue))
    if not sections:
        return None
    head = [f"Job sheet for {file_name}", "", f"What it is: {laid_out.layout.description} ({laid_out.layout.name}); "
            f"{laid_out.title}", f"Printed in: {lang}", ""]
    return "\n".join(head + [line for section in sections for line in section + [""]]).rstrip("\n") + "\n"


def write_job_sheet(laid_out, catalogue, pdf: Path, lang: str, venue: dict[str, str], checked: bool = True,
                    posting: bool = True, durable: bool = True, keep: bool = False) -> Path | None:
    """Write the job sheet beside ``pdf`` (None, and nothing written, when it needs none; ``keep``:
    as ``printgen.output.write_atomic``)."""
    text = job_sheet(laid_out, catalogue, Path(pdf).name, lang, venue, checked, posting)
    if text is None:
        return None
    path = job_sheet_path(pdf)
    write_atomic(path, text.encode("utf-8"), durable, keep=keep)
    return path


# -- printing: for the print shop -----------------------------------------------------------------

def _printing(laid_out, shop: PrintShop, catalogue, checked: bool) -> list[str]:
    layout = laid_out.layout
    pages = laid_out.pages
    page = pages[0]
    w, h = (page.trim[2] - page.trim[0], page.trim[3] - page.trim[1])
    bleed = page.trim[0] - page.bleed[0]
    if layout.flow is None and layout.faces.back:
        duplex = (f"two-sided: page 2 is the back of page 1, printed head to head (flip on the "
                  f"{'short' if layout.duplex == 'short-edge' else 'long'} edge)")
    elif layout.flow is not None and layout.flow.panels:
        duplex = "two-sided: page 1 outside, page 2 inside, flip on the short edge; then letter-fold on the marks"
    elif layout.flow is not None:
        duplex = f"{len(pages)} pages in order; two-sided or one-sided as ordered; stapled or loose"
    else:
        duplex = "one-sided"
    inks = "; ".join(f"{c} = C{v[0] * 100:g} M{v[1] * 100:g} Y{v[2] * 100:g} K{v[3] * 100:g}"
                     for c, v in ((c, to_cmyk(c)) for c in sorted(set(_colours(laid_out)))))
    header = catalogue.catalogue
    return [
        "Printing:",
        f"  Pages: {len(pages)}",
        f"  Trim size: {format_length(w)} x {format_length(h)}",
        f"  Bleed: {format_length(bleed)} on every edge; crop marks outside the bleed",
        f"  Page size with bleed and marks: {format_length(page.width)} x {format_length(page.height)}",
        f"  Paper: {shop.paper or _paper(layout)}",
        f"  Quantity: {shop.quantity if shop.quantity else '(fill in: how many copies)'}",
        f"  Duplex: {duplex}",
        "  Colours: CMYK process; text and rules in 100% black (K only); no spot colours, no transparency; "
        f"inks: {inks}",
        f"  Output intent: {shop.condition} (profile {shop.profile_name})",
        f"  Standard: {NOTICE}; please preflight and send a proof before printing",
        f"  Information verified on {header.verified.isoformat()}" + (f"; source: {header.source}"
                                                                      if header.source else ""),
        "  " + ("Every number and QR code was read back and checked against the catalogue before this file was "
                "written." if checked else
                "This file was NOT read back and checked (--no-verify): run printgen check on it first."),
        "  Print at 100%, do not scale, and do not re-typeset any text.",
    ]


def _paper(layout: Layout) -> str:
    w, h = layout.item.size
    if max(w, h) <= parse_length("6.5in"):
        return "(agree with the shop) a card stock that takes a pen, e.g. 14 pt / 350 gsm matte"
    return "(agree with the shop) a matte text or cover stock, e.g. 100 lb text / 150 gsm"


def _colours(laid_out):
    shapes = [s for f in laid_out.faces.values() for s in f.shapes] + [s for p in laid_out.pages for s in p.content]
    shapes += [s for p in laid_out.pages for s in p.marks]
    for s in shapes:
        if isinstance(s, (TextRun, Rule)):
            yield s.color
        elif isinstance(s, Rect):
            yield from (c for c in (s.fill, s.stroke) if c)
        elif isinstance(s, QRMark):
            yield from ("#000000", "#ffffff")


# -- posting: for whoever posts a posting-law notice ----------------------------------------------

def _posting(layout: Layout, catalogue, lang: str, venue: dict[str, str]) -> list[str]:
    req = layout.requires
    where = req.jurisdiction + (f", {req.city}" if req.city else "")
    lines = ["Posting:",
             f"  Law: {req.law}" + (f" ({req.citation})" if req.citation else "") + f"; where it holds: {where}",
             f"  Text read at: {req.source or 'no source recorded'}"
             + (f", checked on {req.checked.isoformat()}" if req.checked else ""),
             f"  Catalogue: {catalogue.catalogue.id}, verified {catalogue.catalogue.verified.isoformat()}"]
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
    return lines + ["  " + NOT_LEGAL_ADVICE]


def _list(title: str, items: list[str]) -> list[str]:
    if not items:
        return []
    return [f"  {title}:"] + [f"    - {item}" for item in items]
