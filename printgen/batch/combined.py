"""A combined file: every venue's pages in one PDF, what repeats written once.

A venue's poster differs from the next only in its venue text. Each face is split into what
does not print venue data (drawn once, as one form XObject, for every venue whose face has the
same shapes) and the venue's own lines, drawn on the page over the placed form. A face is split
only when no shape drawn after a venue line could paint over it (the page would look
otherwise); such a face, and one whose venue shapes are not text, is drawn whole per venue, as
before. The file is for printing: as copies of a sheet do (printgen.pdf), a shared face's links
(the numbers and codes as annotations) are on the first page that shows it only; each venue's
own file keeps its links. When every venue's pages are the first venue's with its own lines over
them, ReportLab draws the first venue's pages only and the rest are written as bytes
(``printgen.pdf_combined``: a 1,000-poster file's writing took 0.29-0.50 s, now 0.13-0.18 s);
else ReportLab draws the file whole. The same inputs give the same bytes, whatever --jobs.
"""

from __future__ import annotations

from dataclasses import replace

from printgen.pages import Face, TextRun, bounds
from printgen.pdf_combined import combined_bytes
from printgen.render import Options, lay_out, write_pdf


def combined_pdf(catalogue, layout, manifest, lang: str, venues) -> tuple[bytes, int, list[str], object]:
    """(PDF bytes, pages, warnings, the LaidOut of all venues) of one layout and language."""
    faces, warnings, shared, lined = {}, [], {}, []
    laid_out = None
    for i, venue in enumerate(venues):
        options = Options(lang, manifest.sheets, manifest.offset, manifest.back_offset, manifest.allow_stale,
                          dict(venue), strings=manifest.strings, strict=manifest.strict,
                          allow_fallback=manifest.allow_fallback, print_shop=manifest.print_shop)
        laid_out = lay_out(catalogue, layout, options)
        keys, over = {}, {}
        for key, face in laid_out.faces.items():
            parts = split(face)
            if parts is None:
                keys[key] = f"{key}-{i}"
                faces[keys[key]] = face
                continue
            static, own = parts
            keys[key] = shared.setdefault((key, static.shapes), f"{key}-{len(shared)}")
            faces.setdefault(keys[key], static)
            over[key] = own
        lined.append([])
        for page in laid_out.pages:
            content = tuple(moved(s, p.x, p.y) for p in page.placements for s in over.get(p.face, ()))
            lined[-1].append((replace(page, placements=tuple(replace(p, face=keys[p.face]) for p in page.placements)),
                              content))
        warnings += [w for w in laid_out.warnings if w not in warnings]
    pages = [replace(page, content=page.content + content) for each in lined for page, content in each]
    title, lang = laid_out.title, lang.split("+")[0]
    data = combined_bytes(lined, faces, title, layout.description, lang) if manifest.print_shop is None else None
    if data is None:
        data = write_pdf(pages, faces, title, layout.description, lang, manifest.print_shop,
                         catalogue.catalogue.verified)
    return data, len(pages), warnings, replace(laid_out, pages=tuple(pages), faces=faces)


def split(face: Face) -> tuple[Face, tuple] | None:
    """(the face without its venue shapes, those shapes), or None when they cannot be drawn
    apart from it without changing the page."""
    if not face.venue:
        return face, ()
    venue = set(face.venue)
    own = tuple(face.shapes[i] for i in face.venue)
    if not all(isinstance(s, TextRun) and not s.link for s in own):
        return None
    areas = [bounds(s) for s in own]
    later = (s for i, s in enumerate(face.shapes) if i > min(venue) and i not in venue)
    if any(_meet(bounds(s), area) for s in later for area in areas):
        return None
    static = tuple(s for i, s in enumerate(face.shapes) if i not in venue)
    return replace(face, shapes=static, venue=()), own


def _meet(a, b) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def moved(run: TextRun, dx: float, dy: float) -> TextRun:
    """A face's line at its place on the page."""
    box = run.box and (run.box[0] + dx, run.box[1] + dy, run.box[2], run.box[3])
    return replace(run, x=run.x + dx, y=run.y + dy, box=box)
