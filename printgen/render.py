"""Rendering one layout: catalogue -> faces -> pages -> PDF bytes -> file."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from printgen.catalogue.model import Catalogue, stale_entries, today
from printgen.compose.face import Context, compose
from printgen.compose.document import compose_document
from printgen.errors import InputError
from printgen.text.fonts import naming_the_language
from printgen.impose import impose
from printgen.layout.model import Layout, QRElement
from printgen.output import write_atomic
from printgen.pdf import pdf_bytes
from printgen.layout.requires import enforce, violations
from printgen.source.schema import invisible
from printgen.compose.select import Language


@dataclass
class Options:
    lang: str | None = None
    sheets: int = 1
    offset: tuple[float, float] = (0.0, 0.0)
    back_offset: tuple[float, float] = (0.0, 0.0)
    allow_stale: bool = False
    venue: dict[str, str] = field(default_factory=dict)
    pdf: bool = True            # False: compose and check only; the caller draws (printgen batch's combined files)


@dataclass
class Result:
    pdf: bytes
    pages: int
    warnings: list[str]
    faces: dict = field(default_factory=dict)       # what was drawn, for a caller that combines renders
    page_list: list = field(default_factory=list)
    title: str = ""
    picks: list = field(default_factory=list)        # (face, index, type, ids shown, fell back, left out for room)


MAX_VENUE_TEXT = 200
LEFT_OUT = "left out (incomplete): "


def check_venue(venue: dict[str, str], where: str = "--venue") -> None:
    """Venue data personalises the text; it may never add a number or hide characters."""
    for key, value in venue.items():
        if len(value) > MAX_VENUE_TEXT:
            raise InputError(f"{where}: {key} is {len(value)} characters long; at most {MAX_VENUE_TEXT} are printed")
        bad = invisible(value)
        if bad is not None:
            raise InputError(f'{where}: {key} holds the invisible or control character U+{ord(bad):04X}; remove it')
        if re.search(r"\d[\d\s().\-]{3,}\d", value):
            raise InputError(f'{where}: {key} "{value}" holds a number; numbers printed must come from the '
                             "catalogue, so venue data may not add one")


@naming_the_language          # a character no font prints: the error says in which language
def render(catalogue: Catalogue, layout: Layout, options: Options) -> Result:
    check_venue(options.venue)
    header = catalogue.catalogue
    lang = options.lang or header.language
    language = Language(lang, header.language)
    ctx = Context(catalogue, layout, language, dict(options.venue))
    if layout.flow is not None:
        pages, faces = compose_document(ctx)
    else:
        faces = {face.key: face for face in compose(ctx)}
        pages = impose(layout, options.sheets, options.offset, options.back_offset)
    stale = stale_entries(catalogue, today(), list({r.id: r for r in ctx.used}.values()))
    if stale and not options.allow_stale:
        first = stale[0]
        raise InputError(f"{catalogue.file}: {len(stale)} printed entries are past their review date "
                         f"(e.g. {first.resource_id}: verified {first.verified}, due {first.due}); check them "
                         "and update verified, or pass --allow-stale")
    shapes = [s for f in faces.values() for s in f.shapes] + [s for p in pages for s in p.content]
    enforce(layout, violations(layout, catalogue, shapes, layout.page_size, language.tags, language.fallbacks))
    title = f"{language.pick(header.title, 'catalogue.title')}: {language.pick(header.region, 'catalogue.region')}"
    data = pdf_bytes(pages, faces, title, layout.description, language.tags[0]) if options.pdf else b""
    order = {r.id: i for i, (_, r) in enumerate(catalogue.resources())}
    warnings = [f"{LEFT_OUT}{', '.join(sorted(ctx.left_out, key=order.get))}"] if ctx.left_out else []
    warnings += ctx.warnings
    if language.fallbacks:
        warnings.append(f"fell back to {header.language} for {len(language.fallbacks)} texts: "
                        + ", ".join(language.fallbacks))
    warnings += [f"{s.resource_id}: past its review date {s.due} (--allow-stale)" for s in stale]
    return Result(data, len(pages), warnings, faces, pages, title, list(ctx.picks))


def default_output(catalogue: Catalogue, layout: Layout, lang: str) -> Path:
    return Path("output") / f"{catalogue.catalogue.id}-{layout.name}-{lang}.pdf"


def render_to(catalogue: Catalogue, layout: Layout, options: Options, path: Path, verify: bool = True,
              cache: dict | None = None) -> Result:
    """Render, read the PDF back and prove it right (unless ``verify`` is off), then write it.

    A file that fails its check is not written: CheckFailed (exit status 1) lists why.
    """
    result = render(catalogue, layout, options)
    if verify:
        check_output(result.pdf, catalogue, layout, str(path), cache)
    write_atomic(path, result.pdf)
    return result


def check_output(pdf: bytes, catalogue: Catalogue, layout: Layout, name: str, cache: dict | None = None) -> None:
    from printgen.check.read import check_pdf
    from printgen.errors import CheckFailed

    sizes = [layout.qr_min(e) for face in layout.face_names() for e in layout.elements(face)
             if isinstance(e, QRElement)]
    if layout.flow is not None and layout.flow.qr is not None:
        sizes.append(layout.flow.qr_size)
    report = check_pdf(pdf, catalogue, name, cache=cache, min_qr=min(sizes, default=0.0))
    if not report.ok:
        problems = [f"page {page.page}: {f.message}" for page in report.pages for f in page.findings if not f.ok]
        raise CheckFailed(f"{name}: the check found {len(problems)} problems, so nothing was written: "
                          + "; ".join(problems[:5]) + (" ..." if len(problems) > 5 else ""))
