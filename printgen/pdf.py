"""Writing pages to PDF with ReportLab: reproducible, fonts embedded, each face drawn once.

Each distinct face is a form XObject placed as often as the sheet needs it; links are page
annotations over the placed numbers and codes. Each placed face, and each page's own content,
is a marked-content span (``/PrintgenSafeArea``) saying its safe area in page points, so that
the check of a file on disk knows where its text must stay. Invariant mode and fixed metadata make the
same inputs give the same bytes; nothing names the user, the host or the time.
"""

from __future__ import annotations

import functools
import io

from printgen.colors import to_cmyk, to_rgb_hex
from printgen.errors import InputError
from printgen.pages import Face, Page, Picture, QRMark, Rect, Rule, TextRun, content_margin, links_of
from printgen.text.fonts import register
from printgen.text.rl_internals import (
    begin_actual_text,
    begin_safe_area,
    end_marked,
    remember_names,
    set_metadata,
)
from printgen.text.shaping import segments as runs_of
from printgen.xmp import packet

SYNTHETIC_BOLD = 0.025       # outline stroke, in font sizes, that makes a regular face bold


def pdf_bytes(pages: list[Page], faces: dict[str, Face], title: str, subject: str, lang: str = "en",
              cmyk: bool = False) -> bytes:
    """The PDF of ``pages``. ``cmyk``: every colour in CMYK inks (``printgen.colors``), no links
    (a print shop's file is printed, and preflight refuses annotations on the page)."""
    return written(pages, faces, title, subject, lang, cmyk)[1]


def written(pages: list[Page], faces: dict[str, Face], title: str, subject: str, lang: str = "en",
            cmyk: bool = False, draw=None, before_save=None) -> tuple[object, bytes]:
    """(the saved canvas, the PDF bytes); ``draw(c, shapes, paint)`` draws a face's shapes and
    a page's own (``draw_shapes``, unless told otherwise: printgen.pdf_write marks where venue text goes),
    and ``before_save(c)`` sees the canvas once every page is drawn."""
    from reportlab import rl_config
    from reportlab.pdfgen import canvas

    rl_config.useA85 = 0          # binary streams: ASCII85 only makes files a quarter larger
    draw = draw or draw_shapes
    remember_names()
    register("regular")
    register("bold")
    buffer = io.BytesIO()
    first = pages[0]
    c = canvas.Canvas(buffer, pagesize=(first.width, first.height), invariant=1, pageCompression=1,
                      initialFontName=register("regular"), initialFontSize=10, lang=lang)
    describe(c, title, subject, lang)
    paint = _cmyk if cmyk else color
    drawn: set[str] = set()
    linked: set[str] = set()
    marks_forms: dict[tuple, str] = {}
    outlined = 0
    safe = content_margin(faces)
    for page in pages:
        # links go on the first page that shows a face; copies of a sheet carry none (they are
        # printed, not read on screen, and 10 annotations a card would multiply the file's size)
        link_here = not cmyk and not any(p.face in linked for p in page.placements)
        c.setPageSize((page.width, page.height))
        if page.trim:
            c.setTrimBox(page.trim)
            c.setBleedBox(page.bleed)
        for placement in page.placements:
            face = faces[placement.face]
            name = f"face_{placement.face}"
            if name not in drawn:
                c.beginForm(name, lowerx=-face.bleed, lowery=-face.bleed,
                            upperx=face.width + face.bleed, uppery=face.height + face.bleed)
                draw(c, face.shapes, paint)
                c.endForm()
                drawn.add(name)
            begin_safe_area(c, face.safe_area(placement.x, placement.y))
            c.saveState()
            c.translate(placement.x, placement.y)
            c.doForm(name)
            c.restoreState()
            end_marked(c)
            if link_here:
                for url, (x, y, w, h) in face.links():
                    c.linkURL(url, (placement.x + x, placement.y + y, placement.x + x + w, placement.y + y + h),
                              relative=0, thickness=0)
        linked.update(p.face for p in page.placements)
        if page.marks:
            # sheet marks repeat page after page: drawn once as a form, like the faces
            name = marks_forms.setdefault(page.marks, f"marks_{len(marks_forms)}")
            if name not in drawn:
                c.beginForm(name, lowerx=0, lowery=0, upperx=page.width, uppery=page.height)
                draw_shapes(c, page.marks, paint)
                c.endForm()
                drawn.add(name)
            c.doForm(name)
        if page.content:
            if safe is not None:            # the page is the item (a handout's page): its own safe area
                begin_safe_area(c, page.content_area(safe))
            draw(c, page.content, paint)
            if safe is not None:
                end_marked(c)
            for url, (x, y, w, h) in (() if cmyk else links_of(page.content)):
                c.linkURL(url, (x, y, x + w, y + h), relative=0, thickness=0)
        for title, level, y in page.outline:
            key = f"outline_{outlined}"
            outlined += 1
            c.bookmarkPage(key, fit="XYZ", left=0, top=y)
            c.addOutlineEntry(title, key, level=level)
        c.showPage()
    if before_save is not None:
        before_save(c)
    c.save()
    return c, buffer.getvalue()


def describe(c, title: str, subject: str, lang: str) -> None:
    """What every printgen PDF says of itself: its title (shown by viewers and screen readers in
    place of the file name), subject and language, in the Info dictionary and as XMP; no
    author, no dates."""
    c.setTitle(title)
    c.setSubject(subject)
    c.setAuthor("")
    c.setCreator("printgen")
    c.setProducer("printgen")
    c.setViewerPreference("DisplayDocTitle", "true")
    set_metadata(c, packet(title, subject, lang))


@functools.lru_cache(maxsize=256)
def color(hex_color: str):
    """A ReportLab colour, made once per layout colour (ReportLab's own parsing is slow)."""
    from reportlab.lib.colors import HexColor

    return HexColor(to_rgb_hex(hex_color))


@functools.lru_cache(maxsize=256)
def _cmyk(layout_color: str):
    """The colour in CMYK inks (printgen.colors: greys and black in black ink alone)."""
    from reportlab.lib.colors import CMYKColor

    return CMYKColor(*to_cmyk(layout_color))


def draw_shapes(c, shapes, paint=color) -> None:
    """``paint``: a layout colour -> a ReportLab colour (RGB, or CMYK for print shops)."""
    for shape in shapes:
        if isinstance(shape, TextRun):
            _text(c, shape, paint)
        elif isinstance(shape, QRMark):
            _qr(c, shape, paint)
        elif isinstance(shape, Rule):
            c.setStrokeColor(paint(shape.color))
            c.setLineWidth(shape.width)
            c.setDash(list(shape.dash) if shape.dash else [])
            c.line(shape.x1, shape.y1, shape.x2, shape.y2)
        elif isinstance(shape, Rect):
            if shape.fill:
                c.setFillColor(paint(shape.fill))
            if shape.stroke:
                c.setStrokeColor(paint(shape.stroke))
                c.setLineWidth(shape.width)
            if shape.radius:
                c.roundRect(shape.x, shape.y, shape.w, shape.h, shape.radius,
                            stroke=int(bool(shape.stroke)), fill=int(bool(shape.fill)))
            else:
                c.rect(shape.x, shape.y, shape.w, shape.h, stroke=int(bool(shape.stroke)), fill=int(bool(shape.fill)))
        elif isinstance(shape, Picture):
            try:
                c.drawImage(shape.path, shape.x, shape.y, shape.w, shape.h, preserveAspectRatio=True, mask="auto")
            except Exception as exc:        # a damaged file behind a good header: PIL's many errors
                if isinstance(exc, InputError):
                    raise
                raise InputError(f"{shape.path}: the image cannot be read ({type(exc).__name__}); save it again "
                                 "as PNG or JPEG") from None


def _text(c, run: TextRun, paint) -> None:
    """One line: its runs (a font each; right-to-left ones shaped, in visual order) side by side,
    in one text object, so that text extraction reads the line as one."""
    segments = runs_of(run.text, run.font)
    c.setFillColor(paint(run.color))
    x = y = 0.0
    if run.angle:
        c.saveState()
        c.translate(run.x, run.y)
        c.rotate(run.angle)
    else:
        x, y = run.x, run.y
    if len(segments) == 1 and not segments[0].synthetic_bold and not segments[0].actual:
        c.setFont(segments[0].font, run.size)
        c.drawString(x, y, segments[0].text)
    elif segments:
        bold = any(s.synthetic_bold for s in segments)
        if bold:                # a font without a bold face: filled and outlined with a thin stroke
            c.saveState()
            c.setStrokeColor(paint(run.color))
            c.setLineWidth(run.size * SYNTHETIC_BOLD)
        text, mode = c.beginText(x, y), 0
        for segment in segments:
            text.setFont(segment.font, run.size)
            text.setTextOrigin(x, y)
            if (2 if segment.synthetic_bold else 0) != mode:
                mode = 2 if segment.synthetic_bold else 0
                text.setTextRenderMode(mode)
            if segment.actual:
                begin_actual_text(text, segment.actual)
            text.textOut(segment.text)
            if segment.actual:
                end_marked(text)
            x += segment.width * run.size / 1000
        c.drawText(text)
        if bold:
            c.restoreState()
    if run.angle:
        c.restoreState()


def _qr(c, mark: QRMark, paint) -> None:
    """White quiet zone, then every dark run as a rectangle of one path, filled once."""
    c.setFillColor(paint("#ffffff"))
    c.rect(mark.x, mark.y, mark.size, mark.size, stroke=0, fill=1)
    c.setFillColor(paint("#000000"))
    c.drawPath(_qr_path(mark), stroke=0, fill=1)


@functools.lru_cache(maxsize=256)
def _qr_path(mark: QRMark):
    """The code's path, built once for every file of a run that prints it at that place."""
    from reportlab.pdfgen.pathobject import PDFPathObject

    m = mark.module
    path = PDFPathObject()
    x0, top = mark.x + 4 * m, mark.y + mark.size - 4 * m
    for r, col, length in mark.matrix.runs():
        path.rect(x0 + col * m, top - (r + 1) * m, length * m, m)
    return path
