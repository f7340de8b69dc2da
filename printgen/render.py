"""Rendering one layout, in two phases: laying out (catalogue -> faces -> pages, inspectable,
no PDF involved), then writing (pages -> PDF bytes -> file, read back first).

``lay_out`` returns a frozen ``LaidOut``: the pages and faces to draw, the title, the language
and what to say about them. ``render`` writes its PDF bytes; ``render_to`` reads them back and
writes the file. A caller that needs only pages (a batch's combined file, validate's table)
calls ``lay_out``.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path
from types import MappingProxyType

from printgen.catalogue.model import Catalogue
from printgen.catalogue.review import stale_entries, today
from printgen.compose.context import Context
from printgen.compose.face import compose
from printgen.compose.margins import kept_inside
from printgen.errors import CheckFailed, InputError
from printgen.impose import impose
from printgen.language import strings
from printgen.language.pick import Language, refuse_unoffered
from printgen.layout.model import Layout
from printgen.layout.requires import enforce, outside, violations
from printgen.output import refuse_inputs, write_atomic
from printgen.pages import Face, Page, content_margin
from printgen.pdf import pdf_bytes
from printgen.jobsheet import write_job_sheet
from printgen.pdf_write import venue_pdf
from printgen.printshop import PrintShop, shop_layout, shop_pages, to_pdfx
from printgen.text.fonts import MissingGlyph
from printgen.venue import check_venue

LEFT_OUT = "left out (incomplete): "


@dataclass
class Options:
    lang: str | None = None
    sheets: int = 1
    offset: tuple[float, float] = (0.0, 0.0)
    back_offset: tuple[float, float] = (0.0, 0.0)
    allow_stale: bool = False
    venue: dict[str, str] = field(default_factory=dict)
    strings: str | Path | None = None   # a user's strings folder (else strings/ beside the catalogue)
    strict: bool = False                # refuse to print any text in another language than asked
    allow_fallback: bool = False        # print a language the catalogue does not offer
    print_shop: PrintShop | None = None      # CMYK, bleed and marks, PDF/X-4 rules (printgen.printshop)


@dataclass(frozen=True)
class LaidOut:
    """A layout laid out for one language (and venue): what the PDF will draw, and what to say."""

    layout: Layout
    pages: tuple[Page, ...]
    faces: MappingProxyType        # face key -> Face
    title: str
    lang: str                      # the document's language (the first of a bilingual item's)
    warnings: tuple[str, ...]
    picks: tuple = ()              # (face, index, type, ids shown, fell back, left out for room)
    print_shop: PrintShop | None = None
    verified: object = None        # the catalogue's verified date (a print-shop file's creation date)
    source: str | None = None

    def pdf(self) -> bytes:
        """A venue's file from the bytes its design shares with every venue's (printgen.pdf_write),
        else (a file with no venue text, a print shop's) drawn whole by printgen.pdf."""
        if self.print_shop is None:
            data = venue_pdf(list(self.pages), dict(self.faces), self.title, self.layout.description, self.lang)
            if data is not None:
                return data
        return write_pdf(list(self.pages), dict(self.faces), self.title, self.layout.description, self.lang,
                         self.print_shop, self.verified)


def write_pdf(pages, faces, title: str, subject: str, lang: str, print_shop: PrintShop | None = None,
              verified=None) -> bytes:
    """The PDF bytes; for a print shop in CMYK with its output intent and PDF/X-4 identification."""
    data = pdf_bytes(pages, faces, title, subject, lang, cmyk=print_shop is not None)
    return data if print_shop is None else to_pdfx(data, print_shop, title, subject, lang, verified)


@dataclass(frozen=True)
class Result:
    """A render: the laid-out pages and their PDF."""

    laid_out: LaidOut
    pdf: bytes
    job_sheet: Path | None = None      # written beside the PDF by render_to (printgen.jobsheet)

    @property
    def pages(self) -> int:
        return len(self.laid_out.pages)

    @property
    def warnings(self) -> list[str]:
        return list(self.laid_out.warnings)

    @property
    def faces(self) -> dict[str, Face]:
        return dict(self.laid_out.faces)

    @property
    def page_list(self) -> list[Page]:
        return list(self.laid_out.pages)

    @property
    def title(self) -> str:
        return self.laid_out.title

    @property
    def picks(self) -> list:
        return list(self.laid_out.picks)


def lay_out(catalogue: Catalogue, layout: Layout, options: Options) -> LaidOut:
    """Faces composed and placed on pages; a character no font prints names the language."""
    try:
        return _lay_out(catalogue, layout, options)
    except MissingGlyph as exc:
        raise exc.in_language(options.lang or catalogue.catalogue.language) from None


def _lay_out(catalogue: Catalogue, layout: Layout, options: Options) -> LaidOut:
    if options.print_shop is not None:
        if options.sheets != 1 or options.offset != (0.0, 0.0) or options.back_offset != (0.0, 0.0):
            raise InputError("--print-shop: sheets and offsets are for office printers; a print-shop file has "
                             "one item per page (say the quantity with --quantity)")
        layout = shop_layout(layout)
    header = catalogue.catalogue
    check_venue(options.venue, region=header.country)
    lang = options.lang or header.language
    language = Language(lang, header.language, library=strings.library(options.strings, catalogue.file))
    if not options.allow_fallback:
        refuse_unoffered(language.tags, header.languages, f"--lang {lang}")
    ctx = Context(catalogue, layout, language, dict(options.venue))
    elsewhere = outside(layout, catalogue)
    if elsewhere:       # asked for by name: made, but not as the sign of the catalogue's place
        ctx.note(f"{layout.name} is {elsewhere}; made as asked: check that the venue is in "
                 f"{layout.requires.jurisdiction} and that the catalogue's lines serve it")
    if layout.flow is not None:
        from printgen.compose.document import compose_document     # handouts and brochures only

        pages, faces = compose_document(ctx)
    else:
        faces = {face.key: face for face in compose(ctx)}
        pages = impose(layout, options.sheets, options.offset, options.back_offset)
    faces, pages = _inked(faces, pages)
    if options.print_shop is not None:
        pages = shop_pages(pages, layout.item.bleed)
    record = ctx.record
    stale = stale_entries(catalogue, today(), list({r.id: r for r in record.used}.values()))
    if stale and not options.allow_stale:
        first = stale[0]
        raise InputError(f"{catalogue.file}: {len(stale)} printed entries are past their review date "
                         f"(e.g. {first.resource_id}: verified {first.verified}, due {first.due}); check them "
                         "and update verified, or pass --allow-stale")
    shapes = [s for f in faces.values() for s in f.shapes] + [s for p in pages for s in p.content]
    enforce(layout, violations(layout, catalogue, shapes, layout.page_size, language.tags, record.fallbacks,
                               ctx.venue))
    title = f"{language.pick(header.title, 'catalogue.title')}: {language.pick(header.region, 'catalogue.region')}"
    order = {r.id: i for i, (_, r) in enumerate(catalogue.resources())}
    warnings = [f"{LEFT_OUT}{', '.join(sorted(record.left_out, key=order.get))}"] if record.left_out else []
    warnings += record.warnings
    if record.fallbacks and options.strict:
        raise InputError(f"--strict: {len(record.fallbacks)} texts would print in {header.language}, not in "
                         f"{lang}: {', '.join(record.fallbacks[:5])}{' ...' if len(record.fallbacks) > 5 else ''}; "
                         "translate them (the catalogue, a strings folder) or leave out --strict")
    if record.fallbacks:
        warnings.append(f"fell back to {header.language} for {len(record.fallbacks)} texts: "
                        + ", ".join(record.fallbacks) + f" (not in {lang}; --strict refuses this)")
    warnings += [f"{s.resource_id}: past its review date {s.due} (--allow-stale)" for s in stale]
    return LaidOut(layout, tuple(pages), MappingProxyType(faces), title, language.tags[0], tuple(warnings),
                   tuple(record.picks), options.print_shop, header.verified, header.source)


def _inked(faces: dict[str, Face], pages: list[Page]) -> tuple[dict[str, Face], list[Page]]:
    """Each face's and each page's own lines kept inside the safe area by their ink, as the check
    reads them (``printgen.compose.margins``); a page's own lines have its cover's margin."""
    faces = {key: replace(face, shapes=kept_inside(face.shapes, face.safe_area())) for key, face in faces.items()}
    safe = content_margin(faces)
    if safe is not None:
        pages = [replace(page, content=kept_inside(page.content, page.content_area(safe))) if page.content else page
                 for page in pages]
    return faces, pages


def render(catalogue: Catalogue, layout: Layout, options: Options) -> Result:
    laid_out = lay_out(catalogue, layout, options)
    try:
        return Result(laid_out, laid_out.pdf())
    except MissingGlyph as exc:
        raise exc.in_language(options.lang or catalogue.catalogue.language) from None


def render_to(catalogue: Catalogue, layout: Layout, options: Options, path: Path, verify: bool = True,
              cache: dict | None = None) -> Result:
    """Render, read the PDF back and prove it right (unless ``verify`` is off), then write it.

    A file that fails its check is not written: CheckFailed (exit status 1) lists why. ``path``
    is never one of the inputs (the catalogue, the layout and what it extends, its images).
    """
    refuse_inputs(path, inputs_of(catalogue, layout))
    result = render(catalogue, layout, options)
    if verify:
        check_output(result.pdf, catalogue, layout, str(path), cache)
    write_atomic(path, result.pdf)
    sheet = write_job_sheet(result.laid_out, catalogue, path, options.lang or catalogue.catalogue.language,
                            options.venue, verify)
    return replace(result, job_sheet=sheet)


def inputs_of(catalogue: Catalogue, layout: Layout | None = None) -> list[tuple[str, Path]]:
    """The files a render reads, named for messages: what an output may never replace."""
    files = [("the catalogue", Path(catalogue.file))]
    if layout is not None:
        files += [("a layout file" if p.suffix == ".yaml" else "an image", p) for p in layout.sources()]
    return files


def check_output(pdf: bytes, catalogue: Catalogue, layout: Layout, name: str, cache: dict | None = None) -> None:
    """Read ``pdf`` back against the catalogue, codes held to the smallest size the layout allows."""
    from printgen.check.read import check_pdf      # pdfium, zxing-cpp and PIL: only when checking

    report = check_pdf(pdf, catalogue, name, cache=cache, min_qr=layout.smallest_code())
    if not report.ok:
        problems = [f"page {page.page}: {f.message}" for page in report.pages for f in page.findings if not f.ok]
        raise CheckFailed(f"{name}: the check found {len(problems)} problems, so nothing was written: "
                          + "; ".join(problems[:5]) + (" ..." if len(problems) > 5 else ""))
